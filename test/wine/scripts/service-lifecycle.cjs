// Run by Windows node.exe under Wine 10 (test/wine/service-lifecycle.test.ts): the platform service (its COM MTA
// thread, native/win/com_apartment.h) started by real UIA calls on the main thread and in worker threads, stopped
// on request and by a worker's exit, and the error codes of refs that cannot be resolved. Many checks per launch
// (a launch costs seconds); prints one JSON report on stdout. Needs LAM_BRIDGE_TEST_HOOKS=1 at launch.
//
//   node.exe service-lifecycle.cjs <lam_bridge.node> <title of a running test app window>
'use strict';
const { Worker, isMainThread, parentPort, workerData } = require('worker_threads');

// Progress on stderr (with the time since start): what the test prints when a launch fails or times out.
const step = (what) => process.stderr.write(`[${Math.round(process.uptime() * 1000)} ms] ${what}\n`);
const settle = (p) =>
  p.then(
    (v) => ({ resolved: typeof v === 'string' ? JSON.parse(v) : v }),
    (e) => ({ code: e.code, message: e.message }),
  );
// A call that may also throw synchronously (argument errors are thrown before queueing).
const attempt = (fn) => {
  try {
    return settle(Promise.resolve(fn()));
  } catch (e) {
    return Promise.resolve({ code: e.code, message: e.message, sync: true });
  }
};

// The test app's window in windows(), its process in applications(), and a snapshot of the window: UIA calls
// through CUIAutomation into another process.
async function readApp(addon, title) {
  const windows = await settle(addon.windows({ timeoutMs: 30000 }));
  const applications = await settle(addon.applications({ timeoutMs: 30000 }));
  const win = (windows.resolved || []).find((w) => w.title === title);
  const out = {
    windows: windows.code || windows.resolved.length,
    window: win ? { ref: win.ref, pid: win.pid } : null,
    app: win ? (applications.resolved || []).some((a) => a.pid === win.pid) : false,
  };
  if (win) {
    const snap = await settle(addon.snapshot({ root: win.ref, timeoutMs: 60000 }));
    out.snapshot = snap.code ? snap : { nodes: snap.resolved.nodes.length, root: snap.resolved.root, method: snap.resolved.stats.method };
  }
  return out;
}

if (!isMainThread) {
  // A worker: its own addon instance, its own platform service and COM apartment.
  const addon = require(workerData.addonPath);
  (async () => {
    parentPort.postMessage(await readApp(addon, workerData.title));
    if (workerData.block) {
      // Left pending: the worker is terminated while its service thread sleeps in this job.
      addon.__blockPlatform({ ms: 60000, timeoutMs: 120000 }).catch(() => {});
      parentPort.postMessage({ blocking: true });
    }
    // Otherwise nothing is left: the worker's event loop ends, the env cleanup stops its service.
  })();
  return;
}

const [addonPath, title] = process.argv.slice(2);
const addon = require(addonPath);
const report = { platform: addon.platform() };

function runWorker(block) {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const out = { messages: [] };
    const w = new Worker(__filename, { workerData: { addonPath, title, block } });
    w.on('message', async (m) => {
      out.messages.push(m);
      if (m.blocking) {
        await new Promise((r) => setTimeout(r, 300));
        const t1 = Date.now();
        await w.terminate();
        out.terminateMs = Date.now() - t1;
      }
    });
    w.on('error', (e) => (out.error = String(e && e.stack)));
    w.on('exit', (code) => {
      out.exitCode = code;
      out.lifetimeMs = Date.now() - t0;
      resolve(out);
    });
  });
}

(async () => {
  // The service starts on the first call: CoInitializeEx(MTA) and the IUIAutomation, on its own thread.
  // The test app may still be starting: wait for its window (windows() alone; no UIA client yet).
  step('waiting for the test app window');
  let t0 = Date.now();
  while (Date.now() - t0 < 30000) {
    const list = await settle(addon.windows({ timeoutMs: 10000 }));
    if ((list.resolved || []).some((w) => w.title === title)) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  report.appWaitMs = Date.now() - t0;
  t0 = Date.now();
  step('reading the test app (main thread)');
  report.main = await readApp(addon, title);
  report.readAppMs = Date.now() - t0;

  step('worker');
  report.worker = await runWorker(false);
  step('blocked worker');
  report.blockedWorker = await runWorker(true);
  step('main thread again');
  // This environment's service is unaffected by the workers' services stopping.
  report.afterWorkers = await readApp(addon, title);

  step('errors');
  const gone = 'uia:7ffffff0:42.1'; // an HWND no window has
  report.errors = {
    empty: await attempt(() => addon.snapshot({ root: '', timeoutMs: 5000 })),
    garbage: await attempt(() => addon.snapshot({ root: 'not a ref', timeoutMs: 5000 })),
    badHwnd: await attempt(() => addon.snapshot({ root: 'uia:zz:1', timeoutMs: 5000 })),
    noRuntimeId: await attempt(() => addon.snapshot({ root: 'uia:1a2b', timeoutMs: 5000 })),
    atspiRef: await attempt(() => addon.snapshot({ root: ':1.23:/org/a11y/atspi/accessible/root', timeoutMs: 5000 })),
    performGarbage: await attempt(() => addon.perform({ ref: 'not a ref', intent: 'invoke', timeoutMs: 5000 })),
    badIntent: await attempt(() => addon.perform({ ref: gone, intent: 'click', timeoutMs: 5000 })),
    unknownWindow: await attempt(() => addon.snapshot({ root: gone, timeoutMs: 5000 })),
    performUnknownWindow: await attempt(() => addon.perform({ ref: gone, intent: 'invoke', timeoutMs: 5000 })),
    waitUnknownWindow: await attempt(() => addon.waitForEvent({ ref: gone, timeoutMs: 2000 })),
    appGone: await attempt(() => addon.snapshot({ root: 'uia:pid:4000000', timeoutMs: 5000 })),
  };

  // Stopping the service (what the env cleanup does at exit): later calls reject, none hangs.
  step('stop');
  report.stopped = addon.__stopService({ service: 'platform' });
  report.afterStop = await settle(addon.windows({ timeoutMs: 5000 }));
  report.doneAt = Date.now();
  process.stdout.write(JSON.stringify(report) + '\n');
  // No process.exit: the event loop must end by itself (nothing of the addon keeps it alive).
})().catch((e) => {
  process.stdout.write(JSON.stringify({ fatal: String(e && e.stack) }) + '\n');
  process.exitCode = 1;
});
