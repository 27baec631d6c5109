import { LambError } from '../model/index.js';
import type { InputEvent, MouseButton, PlatformAdapter } from '../platform/platform-adapter.js';
import type { KeyEvent } from './keys/parse-keys.js';

export type Point = { x: number; y: number };

const BUTTONS: readonly MouseButton[] = ['left', 'middle', 'right'];

export function mouseButton(button: string): MouseButton {
  if (!(BUTTONS as readonly string[]).includes(button))
    throw new LambError('INVALID_ARGUMENT', `input (lam-bridge): unsupported mouse button '${button}'`);
  return button as MouseButton;
}

/** Move, then press and release (twice for a double click), holding `modifiers` (key names) meanwhile. */
export function clickEvents(
  adapter: PlatformAdapter,
  at: Point,
  button: string,
  options: { double?: boolean; modifiers?: readonly string[] } = {},
): InputEvent[] {
  const name = mouseButton(button);
  const mods = (options.modifiers ?? []).map((k) => adapter.keyCode(k));
  const events: InputEvent[] = [{ kind: 'move', x: at.x, y: at.y }];
  for (const m of mods) events.push({ kind: 'keyDown', code: m });
  for (let i = 0; i < (options.double ? 2 : 1); i++)
    events.push({ kind: 'buttonDown', button: name }, { kind: 'buttonUp', button: name });
  for (const m of [...mods].reverse()) events.push({ kind: 'keyUp', code: m });
  return events;
}

/** Press at `from`, glide to `to` in steps over `durationMs`, release; `holdKey` held throughout. */
export function dragEvents(
  adapter: PlatformAdapter,
  from: Point,
  to: Point,
  button: string,
  durationMs: number,
  holdKey: string | null,
): InputEvent[] {
  const name = mouseButton(button);
  const steps = Math.max(2, Math.min(50, Math.round(durationMs / 20)));
  const hold = holdKey === null ? null : adapter.keyCode(holdKey);
  const events: InputEvent[] = [{ kind: 'move', x: from.x, y: from.y }];
  if (hold !== null) events.push({ kind: 'keyDown', code: hold });
  events.push({ kind: 'buttonDown', button: name });
  for (let i = 1; i <= steps; i++) {
    events.push({ kind: 'pause', ms: Math.round(durationMs / steps) });
    events.push({
      kind: 'move',
      x: Math.round(from.x + ((to.x - from.x) * i) / steps),
      y: Math.round(from.y + ((to.y - from.y) * i) / steps),
    });
  }
  events.push({ kind: 'buttonUp', button: name });
  if (hold !== null) events.push({ kind: 'keyUp', code: hold });
  return events;
}

/** Wheel notches at a point: positive scrolls up (UFO's wheel_dist), negative down. */
export function wheelEvents(at: Point, notches: number): InputEvent[] {
  return [
    { kind: 'move', x: at.x, y: at.y },
    { kind: 'wheel', dy: notches },
  ];
}

/** Parsed key syntax as platform input: keys by the platform's code, text as characters, pauses in ms. */
export function keyInputEvents(adapter: PlatformAdapter, keys: readonly KeyEvent[]): InputEvent[] {
  const out: InputEvent[] = [];
  for (const k of keys) {
    switch (k.type) {
      case 'press': out.push({ kind: 'keyDown', code: adapter.keyCode(k.key) }); break;
      case 'release': out.push({ kind: 'keyUp', code: adapter.keyCode(k.key) }); break;
      case 'tap': {
        const code = adapter.keyCode(k.key);
        out.push({ kind: 'keyDown', code }, { kind: 'keyUp', code });
        break;
      }
      case 'text':
        for (const ch of k.text) out.push({ kind: 'typeKey', code: adapter.charCode(ch) });
        break;
      case 'pause': out.push({ kind: 'pause', ms: Math.round(k.seconds * 1000) }); break;
    }
  }
  return out;
}

/** Characters typed as they are (no key syntax): for text entry fallbacks. */
export function typeTextEvents(adapter: PlatformAdapter, text: string): InputEvent[] {
  const out: InputEvent[] = [];
  for (const ch of text) {
    if (ch === '\n') out.push({ kind: 'keyDown', code: adapter.keyCode('ENTER') }, { kind: 'keyUp', code: adapter.keyCode('ENTER') });
    else out.push({ kind: 'typeKey', code: adapter.charCode(ch) });
  }
  return out;
}

/**
 * Ctrl+A then BackSpace: what a person does to empty a field, and UFO's own fallback ("^a{BACKSPACE}").
 * BackSpace rather than Delete: GTK 3 entries under Xvfb ignore a synthesized Delete (measured; xdotool too).
 */
export function selectAllAndDeleteEvents(adapter: PlatformAdapter): InputEvent[] {
  const ctrl = adapter.keyCode('VK_CONTROL');
  const a = adapter.keyCode('a');
  const del = adapter.keyCode('BACKSPACE');
  return [
    { kind: 'keyDown', code: ctrl },
    { kind: 'keyDown', code: a },
    { kind: 'keyUp', code: a },
    { kind: 'keyUp', code: ctrl },
    { kind: 'keyDown', code: del },
    { kind: 'keyUp', code: del },
  ];
}

/** Sends input to an app, raising and focusing the window of `windowRef` (a window or any element in it) first. */
export function sendInput(adapter: PlatformAdapter, events: InputEvent[], windowRef: string | null, timeoutMs: number) {
  return adapter.input({ events, ...(windowRef === null ? {} : { window: windowRef }), timeoutMs });
}
