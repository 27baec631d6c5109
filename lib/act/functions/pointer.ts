import { centreOf, raiseAndRelocate, windowRefOf } from '../element.js';
import { clickEvents, dragEvents, sendInput, wheelEvents } from '../input-events.js';
import { resolveWindow, windowPoint } from '../window-target.js';
import type { FunctionSpec } from './function-spec.js';

/** UFO's wheel_mouse_input: wheel notches over the control (positive up). */
export const wheelMouseInput: FunctionSpec<'wheel_mouse_input'> = {
  element: 'required',
  needsVisible: true,
  windowBaseline: () => true,
  async perform(c) {
    const placed = await raiseAndRelocate(c.env.adapter, c.element!, c.budget.remainingMs());
    const events = wheelEvents(centreOf(placed), c.action.args.wheel_dist);
    await sendInput(c.env.adapter, events, windowRefOf(c.element!), c.budget.remainingMs());
    return { method: 'input: wheel', expectation: { kind: 'change' } };
  },
};

/** UFO's click_on_coordinates: x and y are fractions of the target window. */
export const clickOnCoordinates: FunctionSpec<'click_on_coordinates'> = {
  element: 'none',
  windowBaseline: () => true,
  async perform(c) {
    const window = await resolveWindow(c.env, c.budget);
    const { x, y, button, double } = c.action.args;
    const events = clickEvents(c.env.adapter, windowPoint(window.rect, x, y), button, { double });
    await sendInput(c.env.adapter, events, window.ref, c.budget.remainingMs());
    return { method: `input: ${double ? 'double ' : ''}${button} click at window fraction (${x}, ${y})`, expectation: { kind: 'change' } };
  },
};

/** pyautogui key names used by UFO's key_hold, as key names the platform tables know. */
const HOLD_KEYS: Record<string, string> = { shift: 'VK_SHIFT', ctrl: 'VK_CONTROL', control: 'VK_CONTROL', alt: 'VK_MENU' };

/** UFO's drag_on_coordinates: press, glide over `duration` seconds, release; fractions of the window. */
export const dragOnCoordinates: FunctionSpec<'drag_on_coordinates'> = {
  element: 'none',
  windowBaseline: () => true,
  async perform(c) {
    const window = await resolveWindow(c.env, c.budget);
    const a = c.action.args;
    const hold = a.key_hold === null ? null : (HOLD_KEYS[a.key_hold] ?? a.key_hold);
    const events = dragEvents(
      c.env.adapter,
      windowPoint(window.rect, a.start_x, a.start_y),
      windowPoint(window.rect, a.end_x, a.end_y),
      a.button,
      a.duration * 1000,
      hold,
    );
    // A drag lasts as long as the model asked, on top of the usual budget.
    await sendInput(c.env.adapter, events, window.ref, c.budget.remainingMs() + Math.ceil(a.duration * 1000));
    return { method: 'input: drag', expectation: { kind: 'change' } };
  },
};
