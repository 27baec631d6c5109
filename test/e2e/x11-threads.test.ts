/**
 * X11 from several platform threads at once: two worker_threads (each with its own platform thread and X
 * connections) capture and send input with a raise, concurrently with the main thread, while another client
 * creates and destroys windows so that raising meets windows that vanish (BadWindow errors on our
 * connections). Nothing may crash or exit the process, and every call ends cleanly.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../../lib/session/index.js';
import { Desktop } from '../../lib/index.js';
import { AtspiAdapter } from '../../lib/platform/atspi/atspi-adapter.js';
import { startApp } from '../fixtures/apps.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

interface WorkerOutcome {
  captures: number;
  inputs: number;
  raised: number;
  codes: string[];
  error?: string;
}

function runWorker(workerData: object): Promise<WorkerOutcome> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(join(FIXTURES, 'lifecycle', 'x11-worker.cjs'), { workerData });
    worker.once('message', (m) => {
      resolve(m as WorkerOutcome);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`worker exited (${code}) before reporting`)));
  });
}

describe('X11 from several threads, with X errors on the way', () => {
  let app: RunningApp;
  let churn: ChildProcess;
  let windowRef: string;

  beforeAll(async () => {
    app = await startApp('widgetFactory');
    const desk = await Desktop.open();
    windowRef = (await desk.windows()).find((w) => w.pid === app.pid)!.ref;
    churn = spawn('python3', [join(FIXTURES, 'x11-churn.py'), '60'], { env: process.env, stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      churn.stdout!.once('data', () => resolve());
      churn.once('exit', (code) => reject(new Error(`x11-churn.py exited (${code})`)));
    });
  });
  afterAll(async () => {
    if (churn && churn.exitCode === null) {
      churn.kill('SIGTERM');
      await new Promise((r) => churn.once('exit', r));
    }
    await app?.stop();
  });

  it('captures and raises concurrently on three platform threads without crashing', async () => {
    const times = 40;
    const adapter = new AtspiAdapter();
    const main = (async () => {
      let raised = 0;
      for (let i = 0; i < times; i++) {
        const [image, input] = await Promise.all([
          adapter.capture({ x: 0, y: 0, width: 32, height: 32 }, 10_000),
          adapter.input({ events: [{ kind: 'move', x: 2, y: 2 }], window: windowRef, timeoutMs: 10_000 }),
        ]);
        expect(image.data.length).toBe(32 * 32 * 4);
        expect(input.ok).toBe(true);
        if (input.raised) raised++;
      }
      return raised;
    })();
    const [one, two, mainRaised] = await Promise.all([
      runWorker({ times, window: windowRef }),
      runWorker({ times, window: windowRef }),
      main,
    ]);
    for (const w of [one, two]) {
      expect(w.error).toBeUndefined();
      expect(w.codes).toEqual([]);
      expect(w.captures).toBe(times);
      expect(w.inputs).toBe(times);
      expect(w.raised).toBe(times);
    }
    expect(mainRaised).toBe(times);
    // The churn client is still there: our handler did not take the X connection or the process down.
    expect(churn.exitCode).toBeNull();
  });

  it('a connection closing on a hung X server blocks only its own thread, not other threads opening theirs', async () => {
    // A second, private server that will stop answering (SIGSTOP): a worker's input connection to it is closed
    // when the worker ends, and XCloseDisplay waits for the server's answer.
    const hung = spawn('Xvfb', ['-displayfd', '3', '-nolisten', 'tcp'], { stdio: ['ignore', 'ignore', 'ignore', 'pipe'] });
    try {
      const number = await new Promise<string>((resolve, reject) => {
        (hung.stdio[3] as NodeJS.ReadableStream).once('data', (d: Buffer) => resolve(d.toString().trim()));
        hung.once('exit', (code) => reject(new Error(`Xvfb exited (${code})`)));
      });
      const ownDisplay = process.env.DISPLAY;
      const worker = (display: string) => {
        // The addon reads DISPLAY (the process's) when a thread opens its connection: set while it does.
        process.env.DISPLAY = display;
        const w = new Worker(
          `const addon = require(${JSON.stringify(join(FIXTURES, 'lifecycle', 'load-addon.cjs'))});
           const { parentPort } = require('node:worker_threads');
           addon.input({ events: [{ kind: 'move', x: 1, y: 1 }], timeoutMs: 3000 })
             .then(() => parentPort.postMessage({ ok: true }), (e) => parentPort.postMessage({ code: e.code, message: e.message }));`,
          { eval: true },
        );
        const done = new Promise<object>((resolve, reject) => {
          w.once('message', resolve);
          w.once('error', reject);
        }).finally(() => {
          process.env.DISPLAY = ownDisplay;
        });
        return { w, done };
      };
      const onHung = worker(`:${number}`);
      expect(await onHung.done).toEqual({ ok: true });
      hung.kill('SIGSTOP');
      await onHung.w.terminate(); // its platform thread is left blocked in XCloseDisplay
      const started = performance.now();
      const fresh = worker(ownDisplay!);
      expect(await fresh.done).toEqual({ ok: true });
      expect(performance.now() - started).toBeLessThan(2500);
      await fresh.w.terminate();
    } finally {
      hung.kill('SIGCONT');
      hung.kill('SIGTERM');
    }
  });

  it('a raise for an app that is gone is a clean APP_NOT_RUNNING, not a crash', async () => {
    const adapter = new AtspiAdapter();
    // A well-formed ref whose bus name nobody owns.
    await expect(adapter.input({ events: [], window: '1.999999:1', timeoutMs: 5000 })).rejects.toMatchObject({ code: 'APP_NOT_RUNNING' });
  });
});
