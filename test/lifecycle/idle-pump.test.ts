/**
 * The idle hook: between jobs the platform service drains the AT-SPI event connection into the event
 * watch's buffer. An event that arrives while the service is idle is therefore still there for the next
 * wait even when a call on the same bus connection ran first (a call batch discards the signals it finds
 * on the connection; without the pump the event would still be on it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../../lib/session/index.js';
import { nativeApplications, nativePerform, nativeWaitForEvent } from '../../bindings/index.js';
import { Desktop } from '../../lib/index.js';
import { startApp } from '../fixtures/apps.js';

describe('idle hook', () => {
  let app: RunningApp;
  let entryRef: string;

  beforeAll(async () => {
    app = await startApp('widgetFactory');
    const snap = await (await Desktop.open()).snapshot({ pid: app.pid, visibleOnly: true });
    entryRef = snap.find({ role: 'Edit' }).find((e) => e.value === 'entry' && e.states.includes('enabled'))!.ref;
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('keeps an event that arrived while idle for the next wait, past a call on the bus', async () => {
    // Registers for events (the pump runs only on a registered connection) and drains what is queued.
    for (let i = 0; (await nativeWaitForEvent({ ref: entryRef, timeoutMs: 100 })) !== null; i++)
      if (i > 100) throw new Error('the app never went quiet');
    await nativePerform({ ref: entryRef, intent: 'setText', text: 'while idle', timeoutMs: 2000 });
    // Idle for several pump intervals (100 ms): the text-changed event is taken off the connection.
    await new Promise((r) => setTimeout(r, 600));
    // A listing: call batches on the bus connection, which pass over (and drop) any signal they meet.
    expect((await nativeApplications({ timeoutMs: 2000 })).length).toBeGreaterThan(0);
    expect(await nativeWaitForEvent({ ref: entryRef, timeoutMs: 1000 })).toMatch(/^object:text-changed/);
  });
});
