import { LambError } from '../../model/index.js';
import { centreOf, readElement, windowRefOf } from '../element.js';
import { pollUntil } from '../settle.js';
import { clickEvents, keyInputEvents, sendInput } from '../input-events.js';
import { ufoKeyboardInputEvents } from '../keys/ufo-escape.js';
import { resolveWindow } from '../window-target.js';
import type { FunctionSpec } from './function-spec.js';

const FOCUS_SETTLE_MS = 300;

/**
 * UFO's keyboard_input: `keys` goes through UFO's own escaping (lib/act/keys/ufo-escape.ts), then
 * pywinauto's key syntax, then platform key codes. With control_focus the control gets the focus first
 * (its own focus call, else a click on it).
 */
export const keyboardInput: FunctionSpec<'keyboard_input'> = {
  element: 'optional',
  needsVisible: true,
  windowBaseline: () => true,
  async perform(c) {
    const { adapter } = c.env;
    const events = keyInputEvents(adapter, ufoKeyboardInputEvents(c.action.args.keys));
    let window = c.element ? windowRefOf(c.element) : null;
    let method = 'input: keys';
    if (c.element && c.action.args.control_focus) {
      const { node } = c.element;
      try {
        const focused = await adapter.perform({ ref: node.ref, intent: 'focus', timeoutMs: c.budget.remainingMs() });
        // Focus moves asynchronously: keys sent before it lands go to the previous focus owner.
        await pollUntil(
          () => readElement(adapter, node.ref, c.budget.remainingMs(), { withWindow: false }),
          (r) => r.node.states.includes('focused'),
          FOCUS_SETTLE_MS,
        );
        method = `${focused.method} + input: keys`;
      } catch (error) {
        if (!(error instanceof LambError)) throw error;
        events.unshift(...clickEvents(adapter, centreOf(node), 'left'));
        method = 'input: click + keys';
      }
    } else if (!c.element) {
      window = (await resolveWindow(c.env, c.budget)).ref;
    }
    await sendInput(adapter, events, window, c.budget.remainingMs());
    return { method, expectation: { kind: 'change' } };
  },
};
