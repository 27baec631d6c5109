/**
 * The platform service of the Windows addon under Windows node.exe in Wine 10: its COM thread starts on the first
 * call and serves real UIA calls, in the main thread and in worker threads (each its own service and apartment);
 * a worker's exit and a stop request end it cleanly; a process exits promptly while calls into a hung app are
 * pending; and refs that cannot be resolved give the stable error codes. Two node.exe launches
 * (test/wine/scripts/service-lifecycle.cjs, exit-pending.cjs), many checks each.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runUnderWine, startUnderWine, toWinePath, wineSkipReason, type WineProgram } from '../helpers/wine.js';

const REPO = join(import.meta.dirname, '..', '..');
const ADDON = join(REPO, 'prebuilds', 'win32-x64', 'node.napi.node');
const TESTAPP = join(REPO, 'build-win32', 'Release', 'testapp.exe');
const skip = wineSkipReason();
if (skip) console.log(`test/wine/service-lifecycle: skipped: ${skip}`);

interface Settled {
  resolved?: unknown;
  code?: string;
  message?: string;
  sync?: boolean;
}
interface AppReading {
  windows: number | string;
  window: { ref: string; pid: number } | null;
  app: boolean;
  snapshot?: { nodes: number; root: string; method: string } & Settled;
}
interface WorkerOutcome {
  messages: (AppReading & { blocking?: boolean })[];
  exitCode: number;
  lifetimeMs: number;
  terminateMs?: number;
  error?: string;
}
interface LifecycleReport {
  fatal?: string;
  platform: string;
  appWaitMs: number;
  main: AppReading;
  readAppMs: number;
  worker: WorkerOutcome;
  blockedWorker: WorkerOutcome;
  afterWorkers: AppReading;
  errors: Record<string, Settled>;
  stopped: boolean;
  afterStop: Settled;
  doneAt: number;
}

// One test app for the file: read by the first launch, hung on purpose by the second.
const dir = mkdtempSync(join(tmpdir(), 'lamb-wine-lifecycle-'));
const title = `lamb lifecycle ${process.pid}`;
const commands = join(dir, 'commands.txt');
let app: WineProgram | undefined;
beforeAll(() => {
  if (skip) return;
  writeFileSync(commands, '');
  app = startUnderWine(toWinePath(TESTAPP), ['--log', toWinePath(join(dir, 'app.log')), '--commands', toWinePath(commands), '--title', title]);
});
afterAll(async () => {
  await app?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** A reading of the test app that went through the UIA client: window listed, its process too, snapshot of it. */
function expectAppRead(r: AppReading | undefined, what: string) {
  expect(r?.window, `${what}: ${JSON.stringify(r)}`).not.toBeNull();
  expect(r!.app, what).toBe(true);
  expect(r!.snapshot?.code, `${what}: ${JSON.stringify(r!.snapshot)}`).toBeUndefined();
  expect(r!.snapshot!.root).toBe(r!.window!.ref);
  expect(r!.snapshot!.nodes, what).toBeGreaterThan(1);
}

describe.skipIf(skip !== null)('the platform service under Wine 10', () => {
  let report: LifecycleReport;
  let exitedAt = 0;
  let launchMs = 0;
  beforeAll(async () => {
    const run = await runUnderWine(join(REPO, 'test/wine/scripts/service-lifecycle.cjs'), [toWinePath(ADDON), title], {
      timeoutMs: 150_000,
      env: { LAM_BRIDGE_TEST_HOOKS: '1' },
    });
    exitedAt = Date.now();
    launchMs = run.durationMs;
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    report = JSON.parse(run.stdout) as LifecycleReport;
    expect(report.fatal).toBeUndefined();
  }, 180_000);

  it('starts on the first call and serves real UIA calls (windows, applications, a snapshot of another process)', () => {
    expect(report.platform).toBe('uia');
    expectAppRead(report.main, 'main thread');
    console.log(`under Wine: test app up after ${report.appWaitMs} ms; windows + applications + snapshot ` +
      `(${report.main.snapshot!.nodes} nodes, ${report.main.snapshot!.method}) ${report.readAppMs} ms`);
  });

  it('runs in a worker thread and stops with it when its event loop ends', () => {
    const w = report.worker;
    expect(w.error).toBeUndefined();
    const reading = w.messages[0];
    expectAppRead(reading, 'worker');
    // The same element, the same ref: refs do not depend on the thread or the addon instance.
    expect(reading?.window?.ref).toBe(report.main.window?.ref);
    expect(w.exitCode).toBe(0);
    // An idle service must not keep the worker alive: it exits once its calls are done.
    expect(w.lifetimeMs).toBeLessThan(20_000);
  });

  it('terminates a worker whose service thread is blocked in a job, and the main service keeps serving', () => {
    const w = report.blockedWorker;
    expect(w.error).toBeUndefined();
    expect(w.messages).toContainEqual({ blocking: true });
    expect(w.exitCode).toBe(1); // terminate()'s code
    expect(w.terminateMs).toBeLessThan(10_000); // the job sleeps 60 s
    expectAppRead(report.blockedWorker.messages[0], 'blocked worker');
    expectAppRead(report.afterWorkers, 'main thread after the workers');
  });

  it('maps refs that cannot be resolved to stable codes', () => {
    const e = report.errors;
    const code = (k: string) => e[k]?.code;
    for (const k of ['empty', 'garbage', 'badHwnd', 'noRuntimeId', 'atspiRef', 'performGarbage', 'badIntent'])
      expect(code(k), `${k}: ${JSON.stringify(e[k])}`).toBe('INVALID_ARGUMENT');
    // The message quotes the ref it refused.
    expect(e.garbage?.message).toMatch(/'not a ref'/);
    expect(e.badHwnd?.message).toMatch(/'uia:zz:1'/);
    // A window that is not there, of a process never seen: the element is stale (BRIEF9 "Refs": APP_NOT_RUNNING
    // only when the window's process is known to be gone); the same for every entry point.
    for (const k of ['unknownWindow', 'performUnknownWindow', 'waitUnknownWindow'])
      expect(code(k), `${k}: ${JSON.stringify(e[k])}`).toBe('ELEMENT_STALE');
    expect(code('appGone'), JSON.stringify(e.appGone)).toBe('APP_NOT_RUNNING');
  });

  it('stops on request: later calls reject at once, and the process then exits by itself', () => {
    expect(report.stopped).toBe(true);
    expect(report.afterStop).toMatchObject({ code: 'INTERNAL', message: expect.stringMatching(/service stopped/) });
    // From the report's last line to the host seeing the exit: no thread or handle kept node.exe alive.
    expect(exitedAt - report.doneAt).toBeLessThan(5_000);
    console.log(`under Wine: lifecycle launch ${launchMs} ms, exit ${exitedAt - report.doneAt} ms after the last call`);
  });
});

interface ExitReport {
  fatal?: string;
  window: string;
  worker: { pendingAfterMs: number; settled: string | null };
  workerTerminateMs: number;
  settledBeforeExit: string | null;
  exitAt: number;
}

describe.skipIf(skip !== null)('exit with UIA calls into a hung app pending, under Wine 10', () => {
  it('terminates a worker and exits the process promptly while snapshots of the hung app are pending', async () => {
    const run = await runUnderWine(join(REPO, 'test/wine/scripts/exit-pending.cjs'), [toWinePath(ADDON), title, toWinePath(commands)], {
      timeoutMs: 90_000,
    });
    const exitedAt = Date.now();
    expect(run.status, `${run.stdout}\n${run.stderr}\napp: ${app?.output()}`).toBe(0);
    const report = JSON.parse(run.stdout) as ExitReport;
    expect(report.fatal).toBeUndefined();
    // The app really hung in WM_GETOBJECT (its own log), so the snapshots were blocked in the UIA client.
    expect(readFileSync(join(dir, 'app.log'), 'utf8')).toMatch(/"getObject".*"hangMs":60000/);
    expect(report.worker.settled).toBeNull();
    expect(report.workerTerminateMs).toBeLessThan(10_000);
    expect(report.settledBeforeExit).toBeNull();
    // process.exit with the call pending: the addon's cleanup abandons the blocked service thread (60 s hang).
    expect(exitedAt - report.exitAt).toBeLessThan(10_000);
    console.log(`under Wine: worker terminate ${report.workerTerminateMs} ms, exit ${exitedAt - report.exitAt} ms with a call pending`);
  }, 120_000);
});
