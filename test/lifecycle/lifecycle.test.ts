/** The addon's lifecycle: exit with work pending, idle exit, worker_threads, and no leaks. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../../lib/session/index.js';
import { Desktop } from '../../lib/index.js';
import { startApp } from '../fixtures/apps.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'lifecycle');

function runFixture(script: string, args: string[], nodeFlags: string[] = [], timeout = 30_000) {
  return spawnSync(process.execPath, [...nodeFlags, join(FIXTURES, script), ...args], {
    encoding: 'utf8',
    env: process.env,
    timeout,
  });
}

/** The promise's value, or a rejection if it has not settled after `ms`. */
function settlesWithin<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`did not settle within ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

function runWorker(workerData: object): Promise<{ counts?: number[]; error?: string; platform?: string }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(join(FIXTURES, 'worker.cjs'), { workerData });
    worker.once('message', (m) => {
      resolve(m);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

describe('addon lifecycle', () => {
  let app: RunningApp;
  let root: string;
  beforeAll(async () => {
    app = await startApp('widgetFactory');
    const desk = await Desktop.open();
    root = (await desk.snapshot({ pid: app.pid, maxDepth: 0 })).data.root;
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('exits promptly and cleanly with a snapshot pending on a frozen app', () => {
    process.kill(app.pid, 'SIGSTOP');
    try {
      const r = runFixture('exit-while-pending.cjs', [root]);
      expect(r.signal).toBeNull();
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/exiting/);
      expect(r.stdout).not.toMatch(/settled|rejected/);
      // signal null: it exited by itself, before spawnSync's 30 s timeout would have killed it.
    } finally {
      process.kill(app.pid, 'SIGCONT');
    }
  });

  it('does not keep an idle process alive', () => {
    const r = runFixture('idle-exit.cjs', [], [], 10_000);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/apps [1-9]/);
  });

  it('loads and snapshots in worker_threads, alongside the main thread', async () => {
    const desk = await Desktop.open();
    const [a, b, main] = await Promise.all([
      runWorker({ root, times: 5 }),
      runWorker({ root, times: 5 }),
      desk.snapshot({ ref: root }),
    ]);
    expect(a.error).toBeUndefined();
    expect(a.platform).toBe('atspi');
    expect(a.counts).toHaveLength(5);
    expect(new Set([...a.counts!, ...b.counts!, main.nodes.length]).size).toBe(1);
  });

  it('survives terminating a worker whose snapshot is pending', async () => {
    process.kill(app.pid, 'SIGSTOP');
    try {
      const worker = new Worker(join(FIXTURES, 'worker.cjs'), { workerData: { root, times: 1, timeoutMs: 60_000 } });
      await new Promise((r) => setTimeout(r, 300));
      // Liveness, not speed: terminate() settles at all, long before the snapshot's 60 s budget.
      await expect(settlesWithin(worker.terminate(), 20_000)).resolves.toBeDefined();
    } finally {
      process.kill(app.pid, 'SIGCONT');
    }
    const desk = await Desktop.open();
    expect((await desk.snapshot({ ref: root })).nodes.length).toBeGreaterThan(100);
  });

  it('1,000 snapshots grow RSS by less than 5 MB', () => {
    const r = runFixture('memory.cjs', [root, '1000'], ['--expose-gc'], 180_000);
    expect(r.status, r.stderr).toBe(0);
    const { growthBytes, nodes } = JSON.parse(r.stdout) as { growthBytes: number; nodes: number };
    expect(nodes).toBeGreaterThan(1000 * 200);
    expect(growthBytes).toBeLessThan(5 * 1024 * 1024);
  }, 240_000);
});
