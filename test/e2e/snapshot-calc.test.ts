/**
 * LibreOffice Calc: a sheet reports 2^31 - 1 cells. A snapshot must list the sheet without building its
 * cells (asking for them stalls Calc for minutes), say it was cut short, and leave Calc responsive.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../../scripts/headless-desktop.js';
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
