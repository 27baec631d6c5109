import {
  LambError,
  type Action,
  type ActionResult,
  type Change,
  type SnapshotData,
  type UINode,
  type WindowInfo,
} from '../model/index.js';
import { Budget } from '../snapshot/budget.js';
import { diffSnapshots } from '../snapshot/diff.js';
import type { ActEnvironment, FunctionContext, Performed, ResolvedId } from './act-context.js';
import { isEnabled, isVisible, readElement, type ElementReading } from './element.js';
import { editRefusal, comboNeedsEntry, takesText } from './editability.js';
import { FUNCTIONS } from './functions/index.js';
import { executeOfficeAction, prepareOfficeSteps } from './office-run.js';
import { isOfficeAction, type ActStep } from './office-step.js';
import { ufoKeyboardInputEvents } from './keys/ufo-escape.js';
import { refind } from './refind.js';
import { pollUntil, sleep } from './settle.js';
import { resolveWindow } from './window-target.js';
import {
  describeExpectation,
  elementState,
  meaningfulChanges,
  meets,
  targetChanges,
  verdictFor,
} from './verify.js';

const normalizeName = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();

/** UFO's id + name double-check: the id wins; a name that does not match it is reported, not obeyed. */
function nameWarning(given: string | undefined, node: UINode, id: string): string | undefined {
  if (given === undefined || given === '' || normalizeName(given) === normalizeName(node.name)) return undefined;
  return `control ${id} is named '${node.name}', not '${given}'; acted on ${id} as given`;
}

/** Reads the element an id names; a stale ref is re-found by fingerprint (or ELEMENT_STALE with candidates). */
async function locate(env: ActEnvironment, id: string, budget: Budget): Promise<{ element: ElementReading; warning?: string }> {
  const resolved: ResolvedId = await env.resolveId(id);
  try {
    // Without ancestors: finding the window costs a round trip per tree level, and most actions need none.
    return { element: await readElement(env.adapter, resolved.ref, budget.remainingMs(), { withWindow: false }) };
  } catch (error) {
    if (!(error instanceof LambError) || error.code !== 'ELEMENT_STALE') throw error;
    if (!resolved.fingerprint || !resolved.scopeRef)
      throw new LambError('ELEMENT_STALE', `act (lam-bridge): element ${resolved.ref} is gone; take a new snapshot`, { cause: error });
    const found = await refind(env.adapter, { ...resolved, fingerprint: resolved.fingerprint, scopeRef: resolved.scopeRef }, budget);
    return {
      element: await readElement(env.adapter, found.ref, budget.remainingMs(), { withWindow: false }),
      warning: `element ${resolved.ref} was gone; re-found ${found.role} '${found.name}' as ${found.ref}`,
    };
  }
}

function windowSnapshot(env: ActEnvironment, windowRef: string, budget: Budget): Promise<SnapshotData> {
  return env.adapter.snapshot({ root: windowRef, visibleOnly: true, timeoutMs: budget.remainingMs(), ancestors: false });
}

/** What "any change" compares: the window's visible tree, and the app's list of windows (dialogs opening). */
interface Baseline {
  window: SnapshotData;
  pid: number | null;
  appWindows: WindowInfo[];
}

async function appWindows(env: ActEnvironment, pid: number | null, budget: Budget): Promise<WindowInfo[]> {
  if (pid === null) return [];
  return (await env.adapter.windows(budget.remainingMs())).filter((w) => w.pid === pid);
}

async function takeBaseline(env: ActEnvironment, windowRef: string, pid: number | null, budget: Budget): Promise<Baseline> {
  const [window, windows] = await Promise.all([windowSnapshot(env, windowRef, budget), appWindows(env, pid, budget)]);
  return { window, pid, appWindows: windows };
}

function windowListChanges(before: WindowInfo[], after: WindowInfo[]): Change[] {
  const had = new Set(before.map((w) => w.ref));
  const has = new Set(after.map((w) => w.ref));
  return [
    ...after.filter((w) => !had.has(w.ref)).map((w): Change => ({ ref: w.ref, kind: 'added', field: 'node', after: `Window '${w.title}'` })),
    ...before.filter((w) => !has.has(w.ref)).map((w): Change => ({ ref: w.ref, kind: 'removed', field: 'node', before: `Window '${w.title}'` })),
  ];
}

/** A reading that fails because the element or its app went away is an observation too. */
async function readOrGone(env: ActEnvironment, ref: string, budget: Budget): Promise<ElementReading | null> {
  try {
    return await readElement(env.adapter, ref, budget.remainingMs(), { withWindow: false });
  } catch (error) {
    if (error instanceof LambError && (error.code === 'ELEMENT_STALE' || error.code === 'APP_NOT_RUNNING')) return null;
    throw error;
  }
}

/**
 * The wait between two verification reads: the app's next event, or `ms`. Events only make the wait
 * shorter; if they cannot be had, it is a plain sleep, never a failed action.
 */
async function waitForChange(env: ActEnvironment, ref: string, ms: number): Promise<void> {
  const started = performance.now();
  try {
    await env.adapter.waitForEvent(ref, ms);
  } catch {
    await sleep(Math.max(0, ms - (performance.now() - started)));
  }
}

interface Verification {
  verdict: ActionResult['verdict'];
  evidence: NonNullable<ActionResult['evidence']>;
}

/**
 * Waits (bounded by settleMs) for the function's postcondition and reports what was seen. A postcondition
 * on the target is polled on the target alone, which is cheap; "any change" compares window snapshots.
 */
async function verify(
  env: ActEnvironment,
  performed: Performed,
  before: UINode | undefined,
  baseline: Baseline | null,
  budget: Budget,
): Promise<Verification> {
  const e = performed.expectation;
  const expected = describeExpectation(e);
  const settle = env.options.settleMs;
  const beforeState = before ? elementState(before) : null;

  if (e.kind === 'none') return { verdict: 'verified', evidence: { before: beforeState, after: beforeState, changes: [], expected } };

  if (e.kind === 'change') {
    if (!baseline) return { verdict: 'unverified', evidence: { before: beforeState, after: null, changes: [], expected } };
    const { window } = baseline;
    const animated = new Set(window.nodes.filter((n) => n.role === 'ProgressBar').map((n) => n.ref));
    const outcome = await pollUntil(
      async () => {
        let after: SnapshotData | null = null;
        try {
          after = await windowSnapshot(env, window.root, budget);
        } catch (error) {
          if (!(error instanceof LambError) || (error.code !== 'ELEMENT_STALE' && error.code !== 'APP_NOT_RUNNING')) throw error;
        }
        const changes: Change[] = after
          ? meaningfulChanges(diffSnapshots(window, after), (ref) => animated.has(ref))
          : [{ ref: window.root, kind: 'removed', field: 'node', before: 'the window' }];
        changes.push(...windowListChanges(baseline.appWindows, await appWindows(env, baseline.pid, budget)));
        return { after, changes };
      },
      (r) => r.changes.length > 0,
      settle,
      (ms) => waitForChange(env, window.root, ms),
    );
    const afterNode = before ? outcome.value.after?.nodes.find((n) => n.ref === before.ref) : undefined;
    return {
      verdict: verdictFor(outcome.satisfied),
      evidence: { before: beforeState, after: afterNode ? elementState(afterNode) : null, changes: outcome.value.changes, expected },
    };
  }

  if (!before) throw new LambError('INTERNAL', `verify (lam-bridge): ${expected} needs a target element`);
  const outcome = await pollUntil(
    () => readOrGone(env, before.ref, budget),
    (r) => r !== null && meets(e, r.node),
    settle,
    (ms) => waitForChange(env, before.ref, ms),
  );
  const after = outcome.value?.node;
  return {
    verdict: verdictFor(outcome.satisfied),
    evidence: {
      before: beforeState,
      after: after ? elementState(after) : null,
      changes: after ? targetChanges(before, after) : [{ ref: before.ref, kind: 'removed', field: 'node' }],
      expected,
    },
  };
}

/**
 * The refusal for writing into a control that takes nothing (lib/act/editability.ts), from the reading the
 * executor already has; only a combo box without `editable` costs one read, of its children (its entry).
 */
async function checkEditable(env: ActEnvironment, action: Action, node: UINode, budget: Budget): Promise<LambError | null> {
  const fn = action.function;
  if (fn !== 'set_edit_text' && fn !== 'set_value' && fn !== 'keyboard_input') return null;
  const facts = env.adapter.editability;
  if (fn === 'keyboard_input') {
    // Without control_focus the keys go to the window's focus owner, not to this control.
    if (!(action.args as { control_focus?: boolean }).control_focus) return null;
    const keyEvents = ufoKeyboardInputEvents((action.args as { keys: string }).keys);
    return editRefusal(facts, action, node, { keyEvents });
  }
  const first = editRefusal(facts, action, node);
  if (!first || !comboNeedsEntry(node) || node.states.includes('readonly')) return first;
  const children = await env.adapter.snapshot({ root: node.ref, visibleOnly: false, maxDepth: 1, timeoutMs: budget.remainingMs(), ancestors: false });
  const comboHasEntry = children.nodes.some((n) => n.ref !== node.ref && takesText(n));
  return editRefusal(facts, action, node, { comboHasEntry });
}

/**
 * Runs one action: find and check the target, act (semantic path first), verify, and report. An Office action
 * runs on the document its window shows (office-run.ts).
 */
export async function executeAction(env: ActEnvironment, step: ActStep): Promise<ActionResult> {
  if (isOfficeAction(step)) return executeOfficeAction(env, step);
  const action: Action = step;
  const started = performance.now();
  const budget = new Budget(env.options.timeoutMs);
  const spec = FUNCTIONS[action.function] as (typeof FUNCTIONS)[typeof action.function] & {
    windowBaseline?: (c: FunctionContext) => boolean;
    perform(c: FunctionContext): Promise<Performed>;
  };
  let target: ActionResult['target'] = null;
  const warnings: string[] = [];
  const finish = (fields: Partial<ActionResult> & Pick<ActionResult, 'ok' | 'verdict' | 'method' | 'evidence'>): ActionResult => {
    const result: ActionResult = {
      function: action.function,
      target,
      durationMs: Math.round((performance.now() - started) * 100) / 100,
      ...fields,
    };
    if (warnings.length) result.warning = warnings.join('; ');
    return result;
  };

  try {
    const id = (action.args as { id?: string }).id;
    const name = (action.args as { name?: string }).name;
    let element: ElementReading | undefined;
    if (spec.element !== 'none' && id !== undefined) {
      const located = await locate(env, id, budget);
      element = located.element;
      if (located.warning) warnings.push(located.warning);
      const node = element.node;
      target = { ref: node.ref, role: node.role, name: node.name };
      const mismatch = nameWarning(name, node, id);
      if (mismatch) warnings.push(mismatch);
      // Read-only first: Chromium drops ENABLED from a readonly input, which is read-only, not disabled.
      const readonly = node.states.includes('readonly');
      const refusal = readonly ? await checkEditable(env, action, node, budget) : null;
      if (refusal) throw refusal;
      if (!isEnabled(node))
        throw new LambError('ELEMENT_DISABLED', `${action.function} (lam-bridge): ${node.role} '${node.name}' (${node.ref}) is disabled`);
      if (spec.needsVisible && !isVisible(node))
        throw new LambError('NOT_VISIBLE', `${action.function} (lam-bridge): ${node.role} '${node.name}' (${node.ref}) is not on screen; scroll_into_view it or refresh the snapshot`);
      const uneditable = readonly ? null : await checkEditable(env, action, node, budget);
      if (uneditable) throw uneditable;
    } else if (spec.element === 'required') {
      throw new LambError('INVALID_ARGUMENT', `${action.function} (lam-bridge): an id naming the control is required`);
    }

    const context: FunctionContext = { env, action, budget, ...(element ? { element } : {}) };
    let baseline: Baseline | null = null;
    if (env.options.verify && spec.windowBaseline?.(context)) {
      if (element) element = context.element = await readElement(env.adapter, element.node.ref, budget.remainingMs());
      const windowRef = element?.window?.ref ?? element?.node.ref;
      if (windowRef) baseline = await takeBaseline(env, windowRef, element?.pid ?? null, budget);
      else {
        const window = await resolveWindow(env, budget);
        baseline = await takeBaseline(env, window.ref, window.pid, budget);
      }
    }

    const performed = await spec.perform(context);
    if (performed.warning) warnings.push(performed.warning);
    const extra = performed.result === undefined ? {} : { result: performed.result };
    if (!env.options.verify)
      return finish({ ok: true, verdict: 'unverified', method: performed.method, evidence: null, ...extra });
    // Verification has its own budget: the settle time, plus the usual one for the reads it makes.
    const verifyBudget = new Budget(env.options.settleMs + env.options.timeoutMs);
    const { verdict, evidence } = await verify(env, performed, element?.node, baseline, verifyBudget);
    return finish({ ok: true, verdict, method: performed.method, evidence, ...extra });
  } catch (error) {
    const e = error instanceof LambError ? error : new LambError('INTERNAL', String((error as Error)?.message ?? error), { cause: error });
    return finish({ ok: false, verdict: 'failed', method: 'none', evidence: null, error: e.toJSON() });
  }
}

/**
 * Runs actions in order and stops at the first failure, as UFO does. Office actions whose app only the target
 * window tells are validated against it before the first action runs (office-run.ts prepareOfficeSteps).
 */
export async function executeActions(env: ActEnvironment, steps: readonly ActStep[]): Promise<ActionResult[]> {
  const actions = await prepareOfficeSteps(env, steps);
  const results: ActionResult[] = [];
  for (const action of actions) {
    const result = await executeAction(env, action);
    results.push(result);
    if (result.verdict === 'failed') break;
  }
  return results;
}
