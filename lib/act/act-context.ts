import type { Action, TargetOptions } from '../model/index.js';
import type { PlatformAdapter } from '../platform/platform-adapter.js';
import type { Budget } from '../snapshot/budget.js';
import type { ElementReading } from './element.js';
import type { OfficeHost } from './office-step.js';
import type { Expectation } from './verify.js';

/** How an element looked when a model was shown it: enough to find it again if its ref went stale. */
export interface Fingerprint {
  role: string;
  name: string;
  automationId: string | null;
  /** Ancestor roles from the top down (lib/observe/labels.ts ancestorsFingerprint). */
  ancestors: string;
}

/** A model's `id` turned into a ref: a ref as it is, or a label from an observation. */
export interface ResolvedId {
  ref: string;
  label?: string;
  fingerprint?: Fingerprint;
  /** The subtree the observation covered (its window or root): where to look when re-finding. */
  scopeRef?: string;
  /** The app it belonged to: where to look when the whole scope is gone too (a window rebuilt). */
  appPid?: number;
}

export interface ActOptions {
  /** Check the postcondition after acting (default true). */
  verify: boolean;
  /** How long a postcondition may take to show before the verdict is "unverified" (ms). */
  settleMs: number;
  /** Budget for each action's calls into the app (ms). */
  timeoutMs: number;
  /** The target for actions without an element (coordinates, keys without id). */
  target: TargetOptions;
}

/** What the executor needs from the session it runs in. */
export interface ActEnvironment {
  adapter: PlatformAdapter;
  options: ActOptions;
  resolveId(id: string): Promise<ResolvedId>;
  /** Runs Office actions on the document a window shows (default: lib/act/office-host.ts, attached). */
  office?: OfficeHost;
}

/** What a function did: the path taken, the postcondition to verify, and anything it returns. */
export interface Performed {
  method: string;
  expectation: Expectation;
  result?: unknown;
  warning?: string;
}

export interface FunctionContext<A extends Action = Action> {
  env: ActEnvironment;
  action: A;
  budget: Budget;
  /** The element the action names, read just before acting (undefined for functions without one). */
  element?: ElementReading;
}
