/**
 * Input names a window by ref, and the backend raises that window, not just its app's topmost one: gtk3-demo
 * with its main window and a demo window open, each raised in turn (bare Xvfb: read back from the X stacking
 * order, which `xwininfo -root -children` lists top-most first).
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../../lib/session/index.js';
import { Desktop, type WindowInfo } from '../../lib/index.js';
import { adapterForPlatform } from '../../lib/platform/index.js';
import { startApp } from '../fixtures/apps.js';

/** The titles of the root's children, top-most first. */
function stackingTitles(): string[] {
  const out = execFileSync('xwininfo', ['-root', '-children'], { encoding: 'utf8', env: process.env });
  return [...out.matchAll(/^\s+0x[0-9a-f]+ "([^"]*)"/gim)].map((m) => m[1]!);
}

describe('raising the window a ref names', () => {
  let app: RunningApp;
  let desk: Desktop;
  let main: WindowInfo;
  let demo: WindowInfo;
  const adapter = adapterForPlatform();

  beforeAll(async () => {
    app = await startApp('gtk3Demo');
    desk = await Desktop.open();
    let snap = await desk.snapshot({ pid: app.pid, visibleOnly: true });
    await desk.act({ function: 'select', args: { id: snap.find({ role: 'DataItem', name: 'Dialogs and Message Boxes' })[0]!.ref } });
    snap = await desk.snapshot({ pid: app.pid, visibleOnly: true });
    const run = await desk.act({ function: 'click_input', args: { id: snap.find({ role: 'Button', name: 'Run' })[0]!.ref } });
    expect(run.verdict).toBe('verified');
    // The main window takes the title of the selected demo: select another so the two titles differ.
    snap = await desk.snapshot({ pid: app.pid, visibleOnly: true });
    await desk.act({ function: 'select', args: { id: snap.find({ role: 'DataItem', name: 'Builder' })[0]!.ref } });
    for (const deadline = Date.now() + 5000; ; await new Promise((r) => setTimeout(r, 100))) {
      const windows = (await desk.windows()).filter((w) => w.pid === app.pid);
      const m = windows.find((w) => w.title === 'Builder');
      const d = windows.find((w) => w.title === 'Dialogs and Message Boxes');
      if (m && d) [main, demo] = [m, d];
      if ((m && d) || Date.now() > deadline) break;
    }
    expect(main, 'the main window').toBeDefined();
    expect(demo, 'the demo window').toBeDefined();
  });
  afterAll(async () => {
    await desk?.close();
    await app?.stop();
  });

  it('brings the named window to the top, whichever of the app is on top now', async () => {
    const onTop = () => stackingTitles().filter((t) => t === main.title || t === demo.title)[0];
    expect(onTop()).toBe(demo.title); // just opened
    expect((await adapter.input({ events: [], window: main.ref, timeoutMs: 5000 })).raised).toBe(true);
    expect(onTop()).toBe(main.title);
    expect((await adapter.input({ events: [], window: demo.ref, timeoutMs: 5000 })).raised).toBe(true);
    expect(onTop()).toBe(demo.title);
  });

  it('an element of a window raises that window', async () => {
    const run = (await desk.snapshot({ ref: main.ref, visibleOnly: true })).find({ role: 'Button', name: 'Run' })[0]!;
    // click_input reads the element with its window and raises it before clicking.
    expect((await adapter.input({ events: [], window: demo.ref, timeoutMs: 5000 })).raised).toBe(true);
    const clicked = await desk.act({ function: 'click_input', args: { id: run.ref, button: 'right' } });
    expect(clicked.ok, JSON.stringify(clicked.error)).toBe(true);
    expect(stackingTitles().filter((t) => t === main.title || t === demo.title)[0]).toBe(main.title);
  });
});
