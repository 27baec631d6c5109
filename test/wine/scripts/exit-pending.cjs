// Run by Windows node.exe under Wine 10 (test/wine/service-lifecycle.test.ts): exit while UIA calls into a hung
// app are pending. The test app (test/native/win/testapp, started by the test with --commands) is told to sleep
// in every WM_GETOBJECT, so a snapshot of its window blocks inside the UIA client's cross-process call, on the
// platform service's thread; a worker's snapshot blocks the same way and the worker is terminated; then the main
// thread calls process.exit with its own snapshot still pending. Prints one JSON report line before exiting.
//
//   node.exe exit-pending.cjs <lam_bridge.node> <window title> <commands file>
'use strict';
const fs = require('fs');
const { Worker, isMainThread, parentPort, workerData } = require('worker_threads');

const step = (what) => process.stderr.write(`[${Math.round(process.uptime() * 1000)} ms] ${what}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

if (!isMainThread) {
  const addon = require(workerData.addonPath);
  let settled = null;
  addon.snapshot({ root: workerData.ref, timeoutMs: 120000 }).then(
    () => (settled = 'resolved'),
    (e) => (settled = e.code),
  );
  setTimeout(() => parentPort.postMessage({ pendingAfterMs: 1000, settled }), 1000);
  return;
}

const [addonPath, title, commands] = process.argv.slice(2);
const addon = require(addonPath);
const report = {};

(async () => {
  let win = null;
  const t0 = Date.now();
  while (!win && Date.now() - t0 < 30000) {
    const list = JSON.parse(await addon.windows({ timeoutMs: 10000 }));
    win = list.find((w) => w.title === title) || null;
    if (!win) await sleep(250);
  }
  if (!win) throw new Error(`no window titled ${title}`);
  report.window = win.ref;
  step(`found ${win.ref}; hanging the app's WM_GETOBJECT`);
  fs.appendFileSync(commands, 'hang-getobject 60000\n');
  await sleep(500); // the app polls its commands file every 50 ms

  // The worker's call, then terminate() while it is pending.
  const worker = new Worker(__filename, { workerData: { addonPath, ref: win.ref } });
  report.worker = await new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  step('terminating the worker');
  let t = Date.now();
  await worker.terminate();
  report.workerTerminateMs = Date.now() - t;

  // The main thread's call, left pending at exit.
  let settled = null;
  addon.snapshot({ root: win.ref, timeoutMs: 120000 }).then(
    () => (settled = 'resolved'),
    (e) => (settled = e.code),
  );
  step('main snapshot pending');
  await sleep(1500);
  report.settledBeforeExit = settled;
  report.exitAt = Date.now();
  process.stdout.write(JSON.stringify(report) + '\n');
  process.exit(0);
})().catch((e) => {
  process.stdout.write(JSON.stringify({ fatal: String(e && e.stack) }) + '\n');
  process.exit(1);
});
