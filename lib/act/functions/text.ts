import { LambError } from '../../model/index.js';
import type { FunctionContext } from '../act-context.js';
import { centreOf, raiseAndRelocate, readElement, windowRefOf } from '../element.js';
import { clickEvents, selectAllAndDeleteEvents, sendInput, typeTextEvents } from '../input-events.js';
import { pollUntil } from '../settle.js';
import type { FunctionSpec } from './function-spec.js';

/** How long the semantic path may take to show the text before the typing fallback runs. */
const SEMANTIC_SETTLE_MS = 150;

async function textLanded(c: FunctionContext, ref: string, text: string): Promise<boolean> {
  const outcome = await pollUntil(
    () => readElement(c.env.adapter, ref, c.budget.remainingMs(), { withWindow: false }),
    (r) => (r.node.value ?? '') === text,
    Math.min(SEMANTIC_SETTLE_MS, c.budget.remainingMs()),
  );
  return outcome.satisfied;
}

/**
 * UFO's set_edit_text: afterwards the control holds exactly `text` (pywinauto's set_edit_text semantics;
 * clear_current_text is accepted and implied). The fallback chain, first that lands wins:
 *   1. the setText intent (the control's own API: no focus, no keyboard layout involved);
 *   2. click into it, select all + backspace, type the text (for controls whose API refuses or ignores it).
 * The result names the method that worked.
 */
export const setEditText: FunctionSpec<'set_edit_text'> = {
  element: 'required',
  needsVisible: true,
  async perform(c) {
    const { node } = c.element!;
    const { text } = c.action.args;
    const expectation = { kind: 'text' as const, equals: text };
    const tried: string[] = [];
    try {
      const r = await c.env.adapter.perform({ ref: node.ref, intent: 'setText', text, timeoutMs: c.budget.remainingMs() });
      tried.push(r.method);
      if (r.ok && (await textLanded(c, node.ref, text))) return { method: r.method, expectation };
    } catch (error) {
      if (!(error instanceof LambError) || error.code !== 'PATTERN_NOT_SUPPORTED') throw error;
      tried.push('setText (not supported)');
    }
    const { adapter } = c.env;
    const placed = await raiseAndRelocate(adapter, c.element!, c.budget.remainingMs());
    const events = [
      ...clickEvents(adapter, centreOf(placed), 'left'),
      ...selectAllAndDeleteEvents(adapter),
      ...typeTextEvents(adapter, text),
    ];
    await sendInput(adapter, events, windowRefOf(c.element!), c.budget.remainingMs());
    return {
      method: 'input: click, select all, backspace, type',
      expectation,
      warning: `${tried.join(', ')} did not set the text; typed it instead`,
    };
  },
};

/** UFO's texts: the control's text (its text content where it has one, else its value or name). */
export const texts: FunctionSpec<'texts'> = {
  element: 'required',
  async perform(c) {
    const { node } = c.element!;
    try {
      const r = await c.env.adapter.perform({ ref: node.ref, intent: 'readText', timeoutMs: c.budget.remainingMs() });
      return { method: r.method, expectation: { kind: 'none' }, result: r.result };
    } catch (error) {
      if (!(error instanceof LambError) || error.code !== 'PATTERN_NOT_SUPPORTED') throw error;
      // No text interface: what the snapshot already read (the value, else the name).
      return { method: node.value !== null ? 'snapshot: value' : 'snapshot: name', expectation: { kind: 'none' }, result: node.value ?? node.name };
    }
  },
};
