/**
 * Raising a window under a real EWMH window manager (openbox) on the test's display: the raise goes through
 * _NET_ACTIVE_WINDOW, the window manager makes the app's window the active one (read back from the root's
 * _NET_ACTIVE_WINDOW with xprop), and an action that needs the raise (keys typed into an entry) lands; once
 * the window manager has gone, raising falls back to XRaiseWindow + XSetInputFocus.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../../lib/session/index.js';
import { Desktop, type WindowInfo } from '../../lib/index.js';
import { AtspiAdapter } from '../../lib/platform/atspi/atspi-adapter.js';
import { startApp } from '../fixtures/apps.js';

function xprop(...args: string[]): string {
  const r = spawnSync('xprop', args, { encoding: 'utf8', env: process.env });
  return r.status === 0 ? r.stdout : '';
}

/** The pid of the window the window manager reports active, or null. */
function activeWindowPid(): number | null {
  const id = /window id # (0x[0-9a-f]+)/i.exec(xprop('-root', '_NET_ACTIVE_WINDOW'))?.[1];
  if (!id || id === '0x0') return null;
  const pid = /= (\d+)/.exec(xprop('-id', id, '_NET_WM_PID'))?.[1];
  return pid === undefined ? null : Number(pid);
}

async function until<T>(probe: () => T | Promise<T>, ok: (v: T) => boolean, what: string, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('raising windows under an EWMH window manager (openbox)', () => {
  let wm: ChildProcess;
  let first: RunningApp;
  let second: RunningApp;
  let desk: Desktop;
  const adapter = new AtspiAdapter();
  const windowOf = async (pid: number): Promise<WindowInfo> =>
    until(async () => (await desk.windows()).find((w) => w.pid === pid && w.rect !== null), (w) => w !== undefined, `a window of ${pid}`) as Promise<WindowInfo>;

  beforeAll(async () => {
    wm = spawn('openbox', ['--sm-disable'], { env: process.env, stdio: 'ignore' });
    // The window manager is up when the root names its check window.
    await until(() => xprop('-root', '_NET_SUPPORTING_WM_CHECK'), (s) => /window id #/.test(s), 'openbox to start');
    first = await startApp('widgetFactory');
    second = await startApp('gtk3Demo');
    desk = await Desktop.open({ timeoutMs: 10_000 });
  });
  afterAll(async () => {
    await desk?.close();
    await second?.stop();
    await first?.stop();
    if (wm?.pid !== undefined && wm.exitCode === null) {
      wm.kill('SIGTERM');
      await new Promise((r) => wm.once('exit', r));
    }
  });

  it('makes each app window the active one in turn through the window manager', async () => {
    const a = await windowOf(first.pid);
    const b = await windowOf(second.pid);
    expect((await adapter.input({ events: [], window: a.ref, timeoutMs: 5000 })).raised).toBe(true);
    expect(activeWindowPid()).toBe(first.pid);
    expect((await adapter.input({ events: [], window: b.ref, timeoutMs: 5000 })).raised).toBe(true);
    expect(activeWindowPid()).toBe(second.pid);
  });

  it('raises the target app before typing into it, so the keys land there', async () => {
    const b = await windowOf(second.pid);
    await adapter.input({ events: [], window: b.ref, timeoutMs: 5000 });
    expect(activeWindowPid()).toBe(second.pid);

    const snap = await desk.snapshot({ pid: first.pid, visibleOnly: true });
    const entry = snap.find({ role: 'Edit' }).find((e) => e.states.includes('enabled') && e.value !== null && !e.value.includes('combo'))!;
    expect(entry).toBeDefined();
    const set = await desk.act({ function: 'set_edit_text', args: { id: entry.ref, text: 'start' } });
    expect(set.verdict).toBe('verified');
    const typed = await desk.act({ function: 'keyboard_input', args: { id: entry.ref, keys: '{VK_CONTROL}a{BACKSPACE}wm ok', control_focus: true } });
    expect(typed, JSON.stringify(typed.error)).toMatchObject({ ok: true, verdict: 'verified' });
    expect(activeWindowPid()).toBe(first.pid);
    expect((await desk.snapshot({ ref: entry.ref, maxDepth: 0 })).root!.value).toBe('wmok');
  });

  it('raises without the window manager again once it has gone (its leftovers on the root are not trusted)', async () => {
    wm.kill('SIGTERM');
    await new Promise((r) => wm.once('exit', r));
    const a = await windowOf(first.pid);
    expect((await adapter.input({ events: [], window: a.ref, timeoutMs: 5000 })).raised).toBe(true);
  });
});
