/**
 * Service threads: a job blocked in a system call that ignores cancellation (the LAM_BRIDGE_TEST_HOOKS
 * diagnostics, standing in for a COM call into a hung app) is abandoned by the policy in native/core/service.h.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { beforeAll, describe, expect, it } from 'vitest';
import type { NativeAddon } from '../../bindings/index.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'lifecycle');
// How long the blocked calls sleep: far past every deadline and bound below, so that a promise settled
// before it can only have been settled by the supervisor or by Stop.
const BLOCK_MS = 10_000;

interface Settled {
  code?: string;
  message?: string;
  resolved?: string;
}
const outcome = (p: Promise<string>): Promise<Settled> =>
  p.then(
    (resolved) => ({ resolved }),
    (e: { code?: string; message?: string }) => ({ code: e.code, message: e.message }),
  );

/** Counts event-loop ticks while `work` runs. */
async function ticking<T>(work: () => Promise<T>): Promise<{ result: T; ticks: number; elapsedMs: number }> {
  let ticks = 0;
  const timer = setInterval(() => ticks++, 10);
  const started = performance.now();
  const result = await work();
  clearInterval(timer);
  return { result, ticks, elapsedMs: performance.now() - started };
}

describe('service threads', () => {
  let addon: Required<NativeAddon>;
  beforeAll(() => {
    // Read by the binary when it loads in this process (and in its workers and children).
    process.env.LAM_BRIDGE_TEST_HOOKS = '1';
    addon = createRequire(import.meta.url)(join(FIXTURES, 'load-addon.cjs')) as Required<NativeAddon>;
    expect(typeof addon.__blockPlatform).toBe('function');
  });

  it('abandons a job blocked past its deadline: TIMEOUT while the event loop keeps ticking', async () => {
    const { result, ticks, elapsedMs } = await ticking(() =>
      outcome(addon.__blockPlatform({ ms: BLOCK_MS, timeoutMs: 200 })),
    );
    expect(result.code).toBe('TIMEOUT');
    expect(result.message).toMatch(/abandoned/);
    // Liveness, not speed: settled by the supervisor (deadline + 500 ms grace), long before the call returned.
    expect(elapsedMs).toBeLessThan(BLOCK_MS / 2);
    expect(ticks).toBeGreaterThan(10);
  });

  it('runs the job queued behind an abandoned one on a fresh thread', async () => {
    const retiredBefore = addon.__retiredThreads({ service: 'platform' });
    const blocked = outcome(addon.__blockPlatform({ ms: BLOCK_MS, timeoutMs: 100 }));
    const behind = outcome(addon.applications({ timeoutMs: 5000 }));
    expect((await blocked).code).toBe('TIMEOUT');
    const listed = await behind;
    expect(listed.code).toBeUndefined();
    expect(Array.isArray(JSON.parse(listed.resolved!))).toBe(true);
    expect(addon.__retiredThreads({ service: 'platform' })).toBe(retiredBefore + 1);
    // And the service keeps serving.
    expect(JSON.parse(await addon.__blockPlatform({ ms: 0 }))).toEqual({ blocked: 0 });
  });

  it('a busy service does not delay another one', async () => {
    const order: string[] = [];
    const platformBusy = addon.__blockPlatform({ ms: 1500, timeoutMs: 5000 }).then(() => order.push('platform'));
    const office = addon.__blockOffice({ ms: 0 }).then(() => order.push('office'));
    await Promise.all([platformBusy, office]);
    expect(order).toEqual(['office', 'platform']);

    order.length = 0;
    const officeBusy = addon.__blockOffice({ ms: 1500, timeoutMs: 5000 }).then(() => order.push('office'));
    const apps = addon.applications({ timeoutMs: 5000 }).then(() => order.push('platform'));
    await Promise.all([officeBusy, apps]);
    expect(order).toEqual(['platform', 'office']);
  });

  it('rejects synchronously, before queueing, on a bad argument', () => {
    expect(() => addon.__blockPlatform({ ms: -1 })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => addon.perform({ ref: 'x', intent: 'click' as 'invoke' })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    expect(() => addon.perform({ ref: 'x', intent: 'setValue', value: Number.NaN })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    for (const events of [[42], [{ kind: 'scroll' }], [{ kind: 'buttonDown', button: 4 }], [{ kind: 'move', x: 1 }]])
      expect(() => addon.input({ events: events as never })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('exits promptly with a blocked job pending on each service', () => {
    const started = performance.now();
    const r = spawnSync(process.execPath, [join(FIXTURES, 'exit-while-blocked.cjs')], {
      encoding: 'utf8',
      env: { ...process.env, LAM_BRIDGE_TEST_HOOKS: '1' },
      timeout: 30_000,
    });
    const elapsedMs = performance.now() - started;
    expect(r.signal).toBeNull();
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/exiting/);
    // Liveness: the blocked call sleeps 60 s; exit must not wait for it.
    expect(elapsedMs).toBeLessThan(10_000);
  });

  it('terminates a worker whose job is blocked', async () => {
    const worker = new Worker(join(FIXTURES, 'blocked-worker.cjs'));
    await new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    const started = performance.now();
    await worker.terminate();
    expect(performance.now() - started).toBeLessThan(10_000); // the job sleeps 60 s
    // This environment's services are unaffected.
    expect(JSON.parse(await addon.__blockOffice({ ms: 0 }))).toEqual({ blocked: 0 });
  });

  it('settles every promise when a service stops: running, queued and later jobs reject', async () => {
    const worker = new Worker(join(FIXTURES, 'stop-worker.cjs'));
    const report = (await new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    })) as { blocked: Settled; queued: Settled; after: Settled; office: Settled; error?: string };
    await worker.terminate();
    expect(report.error).toBeUndefined();
    expect(report.blocked).toMatchObject({ code: 'INTERNAL', message: expect.stringMatching(/abandoned/) });
    expect(report.queued).toMatchObject({ code: 'INTERNAL', message: expect.stringMatching(/service stopped/) });
    expect(report.after).toMatchObject({ code: 'INTERNAL', message: expect.stringMatching(/service stopped/) });
    // Stopping one service leaves the other running.
    expect(report.office.resolved).toBe('{"blocked":0}');
  });

  it('refuses new jobs at once while too many abandoned calls are still stuck, and serves again once they return', async () => {
    // kMaxStuckThreads in native/core/service.cc; the calls block long enough that all 8 are still stuck when
    // the last is abandoned (8 x (20 ms + 500 ms grace)).
    const cap = 8;
    const worker = new Worker(join(FIXTURES, 'stuck-worker.cjs'), { workerData: { cap, blockMs: 8000 } });
    const report = (await new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    })) as { abandoned: Settled[]; refused: Settled; otherService: Settled; afterwards: Settled; retired: number; error?: string };
    await worker.terminate();
    expect(report.error).toBeUndefined();
    expect(report.abandoned.map((a) => a.code)).toEqual(Array(cap).fill('TIMEOUT'));
    expect(report.retired).toBe(cap);
    // The cap: no ninth thread for the same hung app, a clear TIMEOUT instead.
    expect(report.refused).toMatchObject({ code: 'TIMEOUT', message: expect.stringMatching(/still stuck/) });
    // Only the stuck service refuses.
    expect(report.otherService.resolved).toBe('{"blocked":0}');
    // The stuck calls returned (their late results discarded): the service takes jobs again.
    expect(report.afterwards.resolved).toBe('{"blocked":0}');
  });
});
