import { LambError, type Rect } from '../../model/index.js';
import { centreOf, raiseAndRelocate, readElement, windowRefOf } from '../element.js';
import { clickEvents, sendInput } from '../input-events.js';
import { clickExpectation } from './expectations.js';
import type { FunctionSpec } from './function-spec.js';

const contains = (r: Rect, p: { x: number; y: number }) =>
  p.x >= r.x && p.x < r.x + r.width && p.y >= r.y && p.y < r.y + r.height;

const MODIFIER_KEYS: Record<string, string> = { control: 'VK_CONTROL', shift: 'VK_SHIFT', alt: 'VK_MENU' };

/**
 * UFO's click_input. A plain left click takes the semantic path (the invoke intent: the element's own
 * click/press/activate), which cannot miss, needs no focus and is not covered by other windows; an element
 * with no way to be invoked is clicked instead. Right and middle clicks, double clicks and clicks with
 * modifiers are synthesized at the element's centre, after raising its window.
 */
export const clickInput: FunctionSpec<'click_input'> = {
  element: 'required',
  needsVisible: true,
  windowBaseline: (c) => clickExpectation(c.element!.node).kind === 'change',
  async perform(c) {
    const { node } = c.element!;
    const { button, double } = c.action.args;
    const pressed = c.action.args.pressed;
    const expectation = clickExpectation(node);
    const plain = button === 'left' && !double && !pressed;
    if (plain) {
      try {
        const r = await c.env.adapter.perform({ ref: node.ref, intent: 'invoke', timeoutMs: c.budget.remainingMs() });
        return { method: r.method, expectation };
      } catch (error) {
        // No click-like action, or the app refused it: a real click, as a person would do next.
        const fallBack = error instanceof LambError && (error.code === 'PATTERN_NOT_SUPPORTED' || error.code === 'INVALID_OPERATION');
        if (!fallBack) throw error;
      }
    }
    const modifiers = pressed ? pressed.split(' ').map((m) => MODIFIER_KEYS[m]!) : [];
    const { adapter } = c.env;
    const click = (at: { x: number; y: number }) =>
      sendInput(adapter, clickEvents(adapter, at, button, { double, modifiers }), windowRefOf(c.element!), c.budget.remainingMs());
    const placed = await raiseAndRelocate(adapter, c.element!, c.budget.remainingMs());
    const at = centreOf(placed);
    await click(at);
    // An app can report a stale position until it gets input (LibreOffice's toolbars sit 25 px lower than
    // reported right after start): if the element turns out not to be where the click went, the click
    // missed it; click once more where it really is, and say so.
    const now = (await readElement(adapter, node.ref, c.budget.remainingMs(), { withWindow: false })).node;
    if (now.rect && !contains(now.rect, at)) {
      await click(centreOf(now));
      return {
        method: `input: ${double ? 'double ' : ''}${button} click`,
        expectation,
        warning: `the element was not at its reported position (${at.x}, ${at.y}); clicked again at its new position`,
      };
    }
    return { method: `input: ${double ? 'double ' : ''}${button} click`, expectation };
  },
};
