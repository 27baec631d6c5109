/**
 * Event registrations follow the connection: after the bus connection is dropped and made again (the
 * LAM_BRIDGE_TEST_HOOKS hooks: 'reset-links' as when the bus went away; 'reconnect-in-place' puts the new
 * connection at the freed one's address, as the allocator often does), waits see the app's events again.
 * Registrations keyed by the connection's address missed the second case.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../../lib/session/index.js';
import type { NativeAddon } from '../../bindings/index.js';
import { Desktop } from '../../lib/index.js';
import { startApp } from '../fixtures/apps.js';

describe('event registration after a reconnect', () => {
  let addon: Required<NativeAddon>;
  let app: RunningApp;
  let entryRef: string;

  beforeAll(async () => {
    process.env.LAM_BRIDGE_TEST_HOOKS = '1'; // read by the binary as it loads, below
    addon = createRequire(import.meta.url)(join(import.meta.dirname, '..', 'fixtures', 'lifecycle', 'load-addon.cjs')) as Required<NativeAddon>;
    app = await startApp('widgetFactory');
    const snap = await (await Desktop.open()).snapshot({ pid: app.pid, visibleOnly: true });
    entryRef = snap.find({ role: 'Edit' }).find((e) => e.value === 'entry' && e.states.includes('enabled'))!.ref;
  });
  afterAll(async () => {
    await app?.stop();
  });

  const waitForEvent = async (timeoutMs: number) =>
    (JSON.parse(await addon.waitForEvent({ ref: entryRef, timeoutMs })) as { event: string | null }).event;

  /** Takes whatever events are queued (registering first, if this connection has not), until quiet. */
  async function drain() {
    for (let i = 0; i < 100; i++) if ((await waitForEvent(100)) === null) return;
    throw new Error('the app never went quiet');
  }

  async function eventAfterSetText(text: string) {
    await drain();
    await addon.perform({ ref: entryRef, intent: 'setText', text, timeoutMs: 2000 });
    return waitForEvent(2000);
  }

  for (const hook of ['reset-links', 'reconnect-in-place']) {
    it(`sees events before and after the connection is made again (${hook})`, async () => {
      expect(await eventAfterSetText('before reconnect')).toMatch(/^object:text-changed/);
      for (let round = 0; round < 3; round++) {
        expect(JSON.parse(await addon.__testHook({ name: hook }))).toEqual({ ok: true });
        expect(await eventAfterSetText(`after ${hook} ${round}`)).toMatch(/^object:text-changed/);
      }
    });
  }
});
