import { centreOf, actionIndex } from '../element.js';
import { clickEvents } from '../input-events.js';
import { ACTION_NAMES, clickExpectation } from './expectations.js';
import type { FunctionSpec } from './function-spec.js';

const MODIFIER_KEYS: Record<string, string> = { control: 'VK_CONTROL', shift: 'VK_SHIFT', alt: 'VK_MENU' };

/**
 * UFO's click_input. A plain left click takes the semantic path (the element's own click/press/activate
 * action), which cannot miss, needs no focus and is not covered by other windows. Right and middle
 * clicks, double clicks and clicks with modifiers are synthesized at the element's centre, after raising
 * its window (there is no window manager under Xvfb).
 */
export const clickInput: FunctionSpec<'click_input'> = {
  element: 'required',
  needsVisible: true,
  windowBaseline: (c) => clickExpectation(c.element!.node).kind === 'change',
  async perform(c) {
    const { node, pid } = c.element!;
    const { button, double } = c.action.args;
    const pressed = c.action.args.pressed;
    const expectation = clickExpectation(node);
    const plain = button === 'left' && !double && !pressed;
    const index = plain ? actionIndex(node, ACTION_NAMES.click) : -1;
    if (index >= 0) {
      await c.env.adapter.elementAction({ ref: node.ref, op: 'doAction', index, timeoutMs: c.budget.remainingMs() });
      return { method: `Action.DoAction(${node.actions[index]})`, expectation };
    }
    const modifiers = pressed ? pressed.split(' ').map((m) => MODIFIER_KEYS[m]!) : [];
    await c.env.adapter.input({
      events: clickEvents(c.env.adapter, centreOf(node), button, { double, modifiers }),
      ...(pid === null ? {} : { raisePid: pid }),
      timeoutMs: c.budget.remainingMs(),
    });
    return { method: `input: ${double ? 'double ' : ''}${button} click`, expectation };
  },
};
