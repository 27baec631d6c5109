/** Verification waits on the app's AT-SPI events: it wakes when the app reports a change. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../../lib/session/index.js';
import { Desktop } from '../../lib/index.js';
import { AtspiAdapter } from '../../lib/platform/atspi/atspi-adapter.js';
import { startApp } from '../fixtures/apps.js';

describe('application events', () => {
  let app: RunningApp;
  let entryRef: string;
  const adapter = new AtspiAdapter();

  beforeAll(async () => {
    app = await startApp('widgetFactory');
    const desk = await Desktop.open();
    const snap = await desk.snapshot({ pid: app.pid, visibleOnly: true });
    entryRef = snap.find({ role: 'Edit' }).find((e) => e.value === 'entry' && e.states.includes('enabled'))!.ref;
  });
  afterAll(async () => {
    await app?.stop();
  });

  /** Takes whatever events are queued, until the app has been quiet for `quietMs`. */
  async function drain(quietMs: number) {
    for (let i = 0; i < 100; i++) if ((await adapter.waitForEvent(entryRef, quietMs)) === null) return;
    throw new Error('the app never went quiet');
  }

  it('returns the event a change caused', async () => {
    await drain(100); // also registers for events
    await adapter.perform({ ref: entryRef, intent: 'setText', text: 'event test', timeoutMs: 2000 });
    // An event, not null: it arrived before the 2 s timeout.
    const event = await adapter.waitForEvent(entryRef, 2000);
    expect(event).toMatch(/^object:text-changed/);
  });

  it('returns null after the timeout when the app is quiet', async () => {
    await drain(150);
    const started = performance.now();
    expect(await adapter.waitForEvent(entryRef, 200)).toBeNull();
    expect(performance.now() - started).toBeGreaterThanOrEqual(150);
  });
});
