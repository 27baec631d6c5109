import { LambError, type ActionResult, type WindowInfo } from '../model/index.js';
import { Budget } from '../snapshot/budget.js';
import type { ActEnvironment } from './act-context.js';
import { readElement } from './element.js';
import {
  documentTitleOfWindow,
  isOfficeAction,
  officeAppFor,
  officeSpec,
  resolveOfficeAction,
  type ActStep,
  type OfficeAction,
  type OfficeHost,
} from './office-step.js';
import { resolveWindow } from './window-target.js';

/*
 * How the executor runs an Office action of a mixed list (docs/CONTRACT.md "Office functions in an action
 * list"): the document is the one the target window shows (the act target, or the window of the control the
 * action's id names); its app is the action's or the window's (office-step.ts); the host attaches to the suite
 * that shows that window and runs the function, reading its effect back.
 */

/** The top-level window an Office action works in, with its title. */
async function officeWindow(env: ActEnvironment, action: OfficeAction, budget: Budget): Promise<WindowInfo> {
  let ref: string;
  if (action.control) {
    const resolved = await env.resolveId(action.control.id);
    const reading = await readElement(env.adapter, resolved.ref, budget.remainingMs());
    ref = reading.window?.ref ?? reading.node.ref;
  } else {
    ref = (await resolveWindow(env, budget)).ref;
  }
  const window = (await env.adapter.windows(budget.remainingMs())).find((w) => w.ref === ref);
  if (!window) throw new LambError('TARGET_NOT_FOUND', `${action.function} (lam-bridge): the document's window ${ref} is not a top-level window`);
  return window;
}

/**
 * Before a list runs: every Office action whose app only the window can tell is validated against the app the
 * window shows now, so that a bad argument stops the list before its first action (as parse-action does for
 * the rest). Returns the list with those actions' arguments canonicalized; throws INVALID_ARGUMENT (or the
 * window's error) otherwise.
 */
export async function prepareOfficeSteps(env: ActEnvironment, steps: readonly ActStep[]): Promise<ActStep[]> {
  if (!steps.some((s) => isOfficeAction(s) && s.app === null)) return [...steps];
  const budget = new Budget(env.options.timeoutMs);
  const out: ActStep[] = [];
  for (const step of steps) {
    if (!isOfficeAction(step) || step.app !== null) {
      out.push(step);
      continue;
    }
    const window = await officeWindow(env, step, budget);
    out.push(resolveOfficeAction(step, officeAppFor(step, window)));
  }
  return out;
}

/** The host the executor uses when the environment brings none: OfficeSession.attach + the office runner. */
async function defaultHost(): Promise<OfficeHost> {
  const { attachedOfficeHost } = await import('./office-host.js');
  return attachedOfficeHost();
}

/** Runs one Office action on the document its window shows; a failure is a failed result, as for UI actions. */
export async function executeOfficeAction(env: ActEnvironment, action: OfficeAction): Promise<ActionResult> {
  const started = performance.now();
  const budget = new Budget(env.options.timeoutMs);
  try {
    const window = await officeWindow(env, action, budget);
    const app = officeAppFor(action, window);
    const resolved = resolveOfficeAction(action, app);
    const host = env.office ?? (await defaultHost());
    const result = await host.run({
      app,
      spec: officeSpec(resolved),
      args: resolved.args,
      window,
      title: documentTitleOfWindow(window.title),
      timeoutMs: budget.remainingMs(),
    });
    return result;
  } catch (error) {
    const e = error instanceof LambError ? error : new LambError('INTERNAL', String((error as Error)?.message ?? error), { cause: error });
    return {
      ok: false,
      verdict: 'failed',
      function: action.function,
      target: null,
      method: 'none',
      evidence: null,
      durationMs: Math.round((performance.now() - started) * 100) / 100,
      error: e.toJSON(),
    };
  }
}
