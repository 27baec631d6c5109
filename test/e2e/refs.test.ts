/** Refs name the same element across snapshots and across processes, for as long as it lives. */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../../lib/session/index.js';
import { Desktop } from '../../lib/index.js';
import { startApp } from '../fixtures/apps.js';

const ROOT = join(import.meta.dirname, '..', '..');

describe('stable refs', () => {
  let app: RunningApp;
  let desk: Desktop;
  beforeAll(async () => {
    app = await startApp('widgetFactory');
    desk = await Desktop.open();
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('gives every element the same ref in consecutive snapshots', async () => {
    const a = await desk.snapshot({ pid: app.pid });
    const b = await desk.snapshot({ pid: app.pid });
    expect(b.nodes.map((n) => n.ref)).toEqual(a.nodes.map((n) => n.ref));
    expect(new Set(a.nodes.map((n) => n.ref)).size).toBe(a.nodes.length);
  });

  it('gives the same refs in another process, and a ref from there snapshots here', async () => {
    const here = await desk.snapshot({ pid: app.pid, visibleOnly: true });
    // The other process is the CLI, compiled: the way scripts use lam-bridge.
    const out = execFileSync(
      process.execPath,
      [join(ROOT, 'dist/lib/cli/main.js'), 'snapshot', '--pid', String(app.pid), '--visible-only', '--format', 'json'],
      { encoding: 'utf8', env: process.env, maxBuffer: 64 * 1024 * 1024 },
    );
    const there = JSON.parse(out) as { nodes: { ref: string; name: string; role: string }[] };
    expect(there.nodes.map((n) => n.ref)).toEqual(here.nodes.map((n) => n.ref));
    const tab = there.nodes.find((n) => n.role === 'RadioButton' && n.name === 'Page 2')!;
    const sub = await desk.snapshot({ ref: tab.ref });
    expect(sub.nodes).toHaveLength(1);
    expect(sub.root).toMatchObject({ ref: tab.ref, name: 'Page 2', role: 'RadioButton' });
  });

  it('reports a ref whose element is gone as ELEMENT_STALE or APP_NOT_RUNNING', async () => {
    const other = await startApp('widgetFactory');
    const snap = await desk.snapshot({ pid: other.pid, visibleOnly: true });
    const ref = snap.find({ role: 'RadioButton', name: 'Page 2' })[0]!.ref;
    await other.stop();
    await expect(desk.snapshot({ ref })).rejects.toMatchObject({ code: expect.stringMatching(/^(ELEMENT_STALE|APP_NOT_RUNNING)$/) });
  });
});
