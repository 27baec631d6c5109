/** Every UFO function, in each of the three accepted shapes, runs on a real app without being refused. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../../lib/session/index.js';
import { Desktop, UFO_FUNCTIONS } from '../../lib/index.js';
import { startApp } from '../fixtures/apps.js';

describe('UFO functions in all three shapes', () => {
  let app: RunningApp;
  let desk: Desktop;
  let args: Record<string, Record<string, unknown>>;

  beforeAll(async () => {
    app = await startApp('widgetFactory');
    desk = await Desktop.open();
    const snap = await desk.snapshot({ pid: app.pid, visibleOnly: true });
    const entry = snap.find({ role: 'Edit' }).find((e) => e.value === 'entry' && e.states.includes('enabled'))!;
    const box = snap.find({ role: 'CheckBox' }).find((n) => n.states.includes('enabled'))!;
    const on = { id: entry.ref, name: entry.name };
    args = {
      click_input: { id: box.ref, name: box.name, button: 'left', double: false },
      click_on_coordinates: { x: 0.99, y: 0.99, button: 'left', double: false },
      drag_on_coordinates: { start_x: 0.98, start_y: 0.98, end_x: 0.99, end_y: 0.99, duration: 0.05 },
      set_edit_text: { ...on, text: 'shape test' },
      keyboard_input: { ...on, keys: '{END}x' },
      wheel_mouse_input: { ...on, wheel_dist: -1 },
      texts: on,
      wait: { seconds: 0.01 },
      summary: { text: 'a note for later steps' },
      annotation: { control_labels: ['1', '2'] },
      no_action: {},
    };
  });
  afterAll(async () => {
    await desk?.close();
    await app?.stop();
  });

  it('covers every UFO function', () => {
    expect(Object.keys(args).sort()).toEqual([...UFO_FUNCTIONS].sort());
  });

  for (const shape of ['bridge', 'ufo', 'ufo-v1'] as const) {
    it(`runs each UFO function in the ${shape} shape`, async () => {
      for (const fn of UFO_FUNCTIONS) {
        const a = args[fn]!;
        const { id, name, ...rest } = a as { id?: string; name?: string };
        const name_ = fn === 'no_action' ? '' : fn;
        const input =
          shape === 'bridge'
            ? { function: name_, args: a }
            : shape === 'ufo'
              ? { action: { function: name_, arguments: a, status: 'CONTINUE' } }
              : { Function: name_, Args: rest, ...(id ? { ControlLabel: id, ControlText: name ?? '' } : {}), Status: 'CONTINUE' };
        const r = await desk.act(input, { pid: app.pid, settleMs: 100 });
        expect(r.function, `${shape} ${fn}: ${JSON.stringify(r.error)}`).toBe(fn);
        expect(r.verdict, `${shape} ${fn}: ${JSON.stringify(r.error)}`).not.toBe('failed');
      }
    });
  }
});
