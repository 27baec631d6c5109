/**
 * The backend contract: what every platform backend owes lam-bridge, whatever its platform API and whichever
 * app it reads. One suite, parameterized by backend and app (serialport/bindings-cpp style): each
 * *.contract.test.ts beside this file names a target app and the controls its intents are tried on, and
 * calls describeBackendContract. AT-SPI runs it on gtk3-widget-factory, gtk3-demo and LibreOffice Writer
 * today; more toolkits and the UIA backend add targets, not tests.
 *
 * Everything goes through the public API (Desktop, the CLI) except the reference walk, which is asked of the
 * platform adapter directly: it is the platform's own plain walk, the definition of a correct snapshot.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Desktop, LambError, type UINode } from '../../lib/index.js';
import { adapterForPlatform } from '../../lib/platform/index.js';
import { watchingEventLoop } from '../helpers/event-loop.js';
import { startApp, type AppKind, type StartOptions } from '../fixtures/apps.js';
import type { RunningApp } from '../../lib/session/index.js';
import {
  REF_CHECKS,
  SNAPSHOT_CHECKS,
  intentChecks,
  readNode,
  type CheckContext,
  type ContractCheck,
  type IntentCase as ChecksIntentCase,
} from './contract-checks.js';

const ROOT = join(import.meta.dirname, '..', '..');
const LIFECYCLE = join(ROOT, 'test', 'fixtures', 'lifecycle');

/** One intent tried on one control of the target app (contract-checks.ts), with the app a RunningApp here. */
export type IntentCase = ChecksIntentCase<RunningApp>;

/** An element that dies while its app lives (a window that is opened, then closed). */
export interface TransientElement {
  /** Opens something and returns the ref of an element inside it. */
  open: (desk: Desktop, app: RunningApp) => Promise<string>;
  /** Closes it again: the element must be gone afterwards. */
  close: (desk: Desktop, app: RunningApp) => Promise<void>;
}

export interface ContractTarget {
  /** The platform the backend reports (`snapshot.data.platform`). */
  backend: 'atspi' | 'uia';
  app: AppKind;
  /** How to start it (chromium: the page). */
  start?: StartOptions;
  /** The application's name as the platform lists it. */
  appName: string;
  /** Budget for each call into this app (LibreOffice is slower than GTK). */
  timeoutMs: number;
  /**
   * How long an action's verification may wait for its effect (the act option settleMs; default 500 ms). An
   * app whose window takes long to read, or to act (GTK 4 under a loaded machine), needs more.
   */
  settleMs?: number;
  /** Fields that change on their own (an animated progress bar) are masked before comparing snapshots. */
  mask?: (node: UINode) => UINode;
  /** How to get an element that dies while the app keeps running (absent: the test says why it is skipped). */
  transient?: TransientElement;
  intents: IntentCase[];
}

export function describeBackendContract(target: ContractTarget): void {
  const mask = target.mask ?? ((n: UINode) => n);

  describe(`backend contract: ${target.backend} on ${target.appName}`, () => {
    let app: RunningApp;
    let desk: Desktop;
    let root: string;

    beforeAll(async () => {
      app = await startApp(target.app, target.start);
      desk = await Desktop.open({ timeoutMs: target.timeoutMs });
      root = (await desk.snapshot({ pid: app.pid, maxDepth: 0 })).data.root!;
    });
    afterAll(async () => {
      await desk?.close();
      await app?.stop();
    });

    /** The framework-free checks (contract-checks.ts), the same functions the Windows runner runs in node.exe. */
    const context = (): CheckContext => ({ desk, adapter: adapterForPlatform(), app, pid: app.pid, root, target });
    const wrap = (checks: readonly ContractCheck[]) => {
      for (const check of checks) it(check.title, () => check.run(context()));
    };

    describe('snapshots', () => {
      wrap(SNAPSHOT_CHECKS);
    });

    describe('refs', () => {
      wrap(REF_CHECKS);

      it('are the same in another process, and one from there resolves here', async () => {
        const here = await desk.snapshot({ pid: app.pid, visibleOnly: true });
        const out = execFileSync(
          process.execPath,
          [join(ROOT, 'dist/lib/cli/main.js'), 'snapshot', '--pid', String(app.pid), '--visible-only', '--format', 'json'],
          { encoding: 'utf8', env: process.env, maxBuffer: 64 * 1024 * 1024 },
        );
        const there = JSON.parse(out) as { nodes: { ref: string; name: string; role: string }[] };
        expect(there.nodes.map((n) => n.ref)).toEqual(here.nodes.map((n) => n.ref));
        const picked = there.nodes[Math.floor(there.nodes.length / 2)]!;
        const node = await readNode(desk, picked.ref);
        expect(node).toMatchObject({ ref: picked.ref, name: picked.name, role: picked.role });
      });

      it('a dead ref gives ELEMENT_STALE', async (ctx) => {
        if (!target.transient) {
          // Said, not hidden: the app offers no element that dies while it runs.
          const reason = `${target.appName} has no element that dies while the app runs; the other targets cover it`;
          console.warn(`skipped: ${reason}`);
          ctx.skip(reason);
          return;
        }
        const ref = await target.transient.open(desk, app);
        expect(await readNode(desk, ref)).toBeDefined();
        await target.transient.close(desk, app);
        await expect(desk.snapshot({ ref })).rejects.toMatchObject({ code: 'ELEMENT_STALE' });
        const acted = await desk.act({ function: 'focus', args: { id: ref } });
        expect(acted).toMatchObject({ ok: false, verdict: 'failed' });
        expect(acted.error!.code).toMatch(/^(ELEMENT_STALE|TARGET_NOT_FOUND)$/);
      });
    });

    describe('faults', () => {
      it('a frozen app (SIGSTOP) gives TIMEOUT within the budget while the event loop keeps ticking', async () => {
        process.kill(app.pid, 'SIGSTOP');
        try {
          const budget = 1000;
          const { outcome, ticks, maxGapMs, elapsedMs } = await watchingEventLoop(() =>
            desk.snapshot({ pid: app.pid, timeoutMs: budget }),
          );
          expect(outcome).toBeInstanceOf(LambError);
          expect(outcome).toMatchObject({ code: 'TIMEOUT' });
          // The budget is the contract: not given up early, and not overrun by more than the supervisor's grace
          // (500 ms, native/core/service.h) and scheduling slack on a loaded machine.
          expect(elapsedMs).toBeGreaterThanOrEqual(budget * 0.9);
          expect(elapsedMs).toBeLessThan(budget + 2500);
          // Node was never blocked: the 5 ms timer kept firing throughout.
          expect(ticks).toBeGreaterThan(20);
          expect(maxGapMs).toBeLessThan(budget / 2);
        } finally {
          process.kill(app.pid, 'SIGCONT');
        }
        expect((await desk.snapshot({ pid: app.pid, visibleOnly: true })).nodes.length).toBeGreaterThan(1);
      });

      it('a killed app gives APP_NOT_RUNNING, for a call under way and for its refs afterwards', async () => {
        const doomed = await startApp(target.app, target.start);
        try {
          const snap = await desk.snapshot({ pid: doomed.pid, visibleOnly: true });
          const ref = snap.nodes[Math.min(3, snap.nodes.length - 1)]!.ref;
          process.kill(doomed.pid, 'SIGSTOP');
          const pending = desk.snapshot({ pid: doomed.pid, timeoutMs: 20_000 });
          await new Promise((r) => setTimeout(r, 200));
          process.kill(doomed.pid, 'SIGKILL');
          await expect(pending).rejects.toMatchObject({ code: 'APP_NOT_RUNNING' });
          await expect(desk.snapshot({ ref })).rejects.toMatchObject({ code: 'APP_NOT_RUNNING' });
        } finally {
          await doomed.stop();
        }
        // The bridge is unharmed: the first app still answers.
        expect((await desk.snapshot({ pid: app.pid, visibleOnly: true })).nodes.length).toBeGreaterThan(1);
      });
    });

    describe('intents', () => {
      wrap(intentChecks(target.intents) as ContractCheck[]);
    });

    describe('lifecycle', () => {
      it('a process exits promptly with a call pending on a frozen app', () => {
        process.kill(app.pid, 'SIGSTOP');
        try {
          const r = spawnSync(process.execPath, [join(LIFECYCLE, 'exit-while-pending.cjs'), root], {
            encoding: 'utf8',
            env: process.env,
            timeout: 30_000,
          });
          expect(r.error).toBeUndefined();
          expect(r.signal).toBeNull();
          expect(r.status).toBe(0);
          expect(r.stdout).toMatch(/exiting/);
          // It went while the call was still pending: nothing settled it first.
          expect(r.stdout).not.toMatch(/settled|rejected/);
        } finally {
          process.kill(app.pid, 'SIGCONT');
        }
      });

      it('worker threads snapshot the app alongside the main thread, and a terminated one leaves the rest working', async () => {
        const run = (times: number) =>
          new Promise<{ counts?: number[]; error?: string }>((resolve, reject) => {
            const worker = new Worker(join(LIFECYCLE, 'worker.cjs'), { workerData: { root, times, timeoutMs: 30_000 } });
            worker.once('message', (m) => {
              resolve(m);
              void worker.terminate();
            });
            worker.once('error', reject);
          });
        const [a, b, main] = await Promise.all([run(3), run(3), desk.snapshot({ ref: root })]);
        expect(a.error ?? b.error).toBeUndefined();
        expect([...a.counts!, ...b.counts!]).toEqual(Array(6).fill(main.nodes.length));

        process.kill(app.pid, 'SIGSTOP');
        try {
          const worker = new Worker(join(LIFECYCLE, 'worker.cjs'), { workerData: { root, times: 1, timeoutMs: 60_000 } });
          await new Promise((r) => setTimeout(r, 300));
          // Liveness, not speed: terminate() returns at all, long before the pending call's 60 s budget.
          const ended = await Promise.race([worker.terminate().then(() => true), new Promise((r) => setTimeout(() => r(false), 20_000))]);
          expect(ended, 'worker.terminate() returned').toBe(true);
        } finally {
          process.kill(app.pid, 'SIGCONT');
        }
        expect((await desk.snapshot({ ref: root })).nodes.length).toBe(main.nodes.length);
      });
    });
  });
}
