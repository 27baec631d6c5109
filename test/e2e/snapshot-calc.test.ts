/**
 * LibreOffice Calc: a sheet reports 2^31 - 1 cells. A snapshot must list the sheet without building its
 * cells (asking for them stalls Calc for minutes), say it was cut short, and leave Calc responsive.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../../lib/session/index.js';
import { Desktop } from '../../lib/index.js';
import { startApp } from '../fixtures/apps.js';

describe('LibreOffice Calc snapshot', () => {
  let app: RunningApp;
  let desk: Desktop;
  beforeAll(async () => {
    app = await startApp('calc');
    desk = await Desktop.open({ timeoutMs: 10_000 });
  });
  afterAll(async () => {
    await desk?.close();
    await app?.stop();
  });

  for (const visibleOnly of [false, true]) {
    it(`lists the sheet without its cells (${visibleOnly ? 'visible only' : 'full'}), flagged truncated`, async () => {
      const snap = await desk.snapshot({ pid: app.pid, visibleOnly });
      const [sheet] = snap.find({ role: 'Table', name: /^Sheet Sheet1/ });
      expect(sheet).toBeDefined();
      expect(sheet!.childCount).toBeGreaterThan(1_000_000);
      expect(snap.children(sheet!.ref)).toEqual([]);
      expect(snap.data.truncated).toBe(true);
      expect(snap.find({ role: 'MenuItem', name: 'File' }).length).toBeGreaterThanOrEqual(1);
      expect(snap.find({ role: 'Window', name: /LibreOffice Calc/ })).toHaveLength(1);
    });
  }

  it('leaves Calc answering', async () => {
    const again = await desk.snapshot({ pid: app.pid, visibleOnly: true, timeoutMs: 3000 });
    expect(again.nodes.length).toBeGreaterThan(50);
  });
});

describe('maxChildren', () => {
  it('lists any container with more children than the limit without them', async () => {
    const app = await startApp('widgetFactory');
    const desk = await Desktop.open();
    try {
      const full = await desk.snapshot({ pid: app.pid });
      const capped = await desk.snapshot({ pid: app.pid, maxChildren: 3 });
      expect(capped.data.truncated).toBe(true);
      const big = full.nodes.filter((n) => (n.childCount ?? 0) > 3);
      expect(big.length).toBeGreaterThan(0);
      for (const n of big) if (capped.node(n.ref)) expect(capped.children(n.ref)).toEqual([]);
      expect(capped.nodes.length).toBeLessThan(full.nodes.length);
    } finally {
      await desk.close();
      await app.stop();
    }
  });
});
