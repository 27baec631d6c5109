/** A frozen or dying target app costs its budget, never a hung or crashed Node process. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../../lib/session/index.js';
import { Desktop, LambError } from '../../lib/index.js';
import { watchingEventLoop } from '../helpers/event-loop.js';
import { startApp } from '../fixtures/apps.js';

/** How late past its budget a call may settle and still count as settling: generous, so a loaded machine never fails it. */
const SETTLE_SLACK_MS = 10_000;

describe('faults', () => {
  let app: RunningApp;
  let desk: Desktop;
  const stopped: number[] = [];
  beforeAll(async () => {
    app = await startApp('widgetFactory');
    desk = await Desktop.open();
    await desk.snapshot({ pid: app.pid, visibleOnly: true });
  });
  afterEach(() => {
    for (const pid of stopped.splice(0)) {
      try {
        process.kill(pid, 'SIGCONT');
      } catch {
        // already gone
      }
    }
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('unknown app: TARGET_NOT_FOUND naming what runs', async () => {
    const error = await desk.snapshot({ app: 'definitely-not-running' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LambError);
    expect(error).toMatchObject({ code: 'TARGET_NOT_FOUND' });
    expect((error as Error).message).toMatch(/gtk3-widget-factory \(pid \d+\)/);
  });

  it('the default budget bounds a frozen app at 2 s', async () => {
    process.kill(app.pid, 'SIGSTOP');
    stopped.push(app.pid);
    const { outcome: result, elapsedMs } = await watchingEventLoop(() => desk.snapshot({ pid: app.pid }));
    expect(result).toMatchObject({ code: 'TIMEOUT' });
    // The default budget applied: not given up early, and settled (liveness, not speed).
    expect(elapsedMs).toBeGreaterThanOrEqual(1800);
    expect(elapsedMs).toBeLessThan(2000 + SETTLE_SLACK_MS);
  });

  it('the app recovers after SIGCONT and snapshots work again', async () => {
    const snap = await desk.snapshot({ pid: app.pid, visibleOnly: true });
    expect(snap.find({ role: 'RadioButton', name: 'Page 1' })).toHaveLength(1);
  });

  it('snapshots of apps that keep dying never crash: each resolves or fails with a stable code', async () => {
    for (let round = 0; round < 3; round++) {
      const victim = await startApp('widgetFactory');
      const attempts = Array.from({ length: 6 }, (_, i) =>
        new Promise((r) => setTimeout(r, i * 15)).then(() => desk.snapshot({ pid: victim.pid, timeoutMs: 5000 })),
      );
      setTimeout(() => process.kill(victim.pid, 'SIGKILL'), 25 + round * 20);
      const outcomes = await Promise.allSettled(attempts);
      for (const o of outcomes) {
        if (o.status === 'fulfilled') expect(o.value.nodes.length).toBeGreaterThan(0);
        else expect((o.reason as LambError).code).toMatch(/^(APP_NOT_RUNNING|ELEMENT_STALE|TARGET_NOT_FOUND)$/);
      }
      await victim.stop();
    }
  });
});
