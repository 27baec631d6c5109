// Run by Windows node.exe under Wine 10 (test/wine/uia-snapshot.test.ts): the UIA backend's read path against
// the Win32 test app, once with the app's own UIA providers ("uia") and once with stock controls only
// ("msaa"). Many checks per launch (a node.exe launch costs seconds); prints one JSON report on stdout.
//
//   node.exe uia-snapshot.cjs <lam_bridge.node> <testapp.exe> <scratch dir> [real|trial]
//
// real (default): test/native/win/testapp (--log/--tree; "msaa" mode = --stock-only); trial: docs/wine10/testapp.cpp.
'use strict';
const { spawn } = require('child_process');
const path = require('path');
const fs = require('fs');

const [addonPath, testappPath, scratch, kind = 'real'] = process.argv.slice(2);
process.env.LAM_BRIDGE_TEST_HOOKS = '1';
const addon = require(addonPath);
const parse = (v) => (typeof v === 'string' ? JSON.parse(v) : v);
const call = async (name, options) => parse(await addon[name](options || {}));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const report = { platform: addon.platform(), modes: {} };

async function errorOf(fn) {
  try {
    await fn();
    return null;
  } catch (e) {
    return { code: e.code, message: e.message };
  }
}

function shape(nodes) {
  return nodes.map((n) => [n.ref, n.parent, n.controlType, n.name, n.automationId, n.className, n.source].join('|'));
}

async function runMode(mode) {
  const out = { mode };
  // Progress on stderr: the test prints it when the run fails, so a hang inside Wine shows where it was.
  const t00 = Date.now();
  const step = (what) => process.stderr.write(`[uia-snapshot ${mode}] ${what} at ${Date.now() - t00} ms\n`);
  const log = path.join(scratch, `testapp-${mode}.log`);
  const tree = path.join(scratch, `testapp-${mode}.tree`);
  const args = kind === 'trial' ? [log, mode] : ['--log', log, '--tree', tree, ...(mode === 'msaa' ? ['--stock-only'] : [])];
  const app = spawn(testappPath, args, { stdio: 'ignore' });
  try {
    let win = null;
    const t0 = Date.now();
    while (!win && Date.now() - t0 < 15000) {
      await sleep(300);
      const windows = await call('windows');
      win = windows.find((w) => w.pid === app.pid) || null;
      out.windowsCount = windows.length;
    }
    out.window = win;
    if (!win) return out;
    try { out.providerTree = fs.readFileSync(tree, 'utf8'); } catch { out.providerTree = null; }
    out.applications = (await call('applications')).filter((a) => a.pid === app.pid);
    step('snapshots');

    let t = Date.now();
    const s1 = await call('snapshot', { root: win.ref, timeoutMs: 15000 });
    out.fastMs = Date.now() - t;
    t = Date.now();
    const s2 = await call('snapshot', { root: win.ref, timeoutMs: 15000 });
    out.fastMs2 = Date.now() - t;
    t = Date.now();
    const ref = await call('snapshot', { root: win.ref, referenceWalk: true, timeoutMs: 30000 });
    out.referenceMs = Date.now() - t;
    out.snapshot = s1;
    out.stats = { fast: s1.stats, fast2: s2.stats, reference: ref.stats };
    out.counts = { fast: s1.nodes.length, fast2: s2.nodes.length, reference: ref.nodes.length };
    out.refsStable = JSON.stringify(s1.nodes.map((n) => n.ref)) === JSON.stringify(s2.nodes.map((n) => n.ref));
    out.refsUnique = new Set(s1.nodes.map((n) => n.ref)).size === s1.nodes.length;
    const a = shape(s1.nodes), b = shape(ref.nodes);
    out.equalsReference = JSON.stringify(a) === JSON.stringify(b);
    if (!out.equalsReference) out.referenceDiff = { fast: a, reference: b };

    // Resolve: refs found again (the test hook reports the found element's ref). Under Wine each one is a walker
    // search (RuntimeId conditions are refused): for the app's own providers a sample of seven, the first,
    // deepest and last among them, since thousands of calls into them meet Wine's DCOM race
    // (docs/WINE10_UIA.md); for the stock controls every ref.
    step('resolve');
    const below = s1.nodes.slice(1);
    const depth = (i) => (i <= 0 ? 0 : 1 + depth(s1.nodes[i].parent));
    const deepest = below.reduce((a, n) => (depth(s1.nodes.indexOf(n)) > depth(s1.nodes.indexOf(a)) ? n : a), below[0]);
    const sample = mode === 'uia' ? [...new Set([...below.slice(0, 5), deepest, below[below.length - 1]])] : below;
    out.resolveSampled = sample.length < below.length;
    out.resolve = [];
    for (const n of sample) {
      const r = await call('__testHook', { name: 'uia-resolve:' + n.ref, timeoutMs: 15000 }).catch((e) => ({ error: e.code, message: e.message }));
      if (r.error === 'TIMEOUT') throw Object.assign(new Error(r.message), { code: 'TIMEOUT' });
      out.resolve.push({ ref: n.ref, found: r.ref || null, error: r.error || null, message: r.message || null });
    }
    step('subtree');
    // A subtree snapshot rooted at a node (Resolve + the same read).
    const inner = s1.nodes.find((n) => n.parent === 0 && s1.nodes.some((m) => m.parent === s1.nodes.indexOf(n)));
    if (inner) out.subtree = await call('snapshot', { root: inner.ref, timeoutMs: 15000 });
    step('limits');
    // Limits.
    out.maxNodes3 = await call('snapshot', { root: win.ref, maxNodes: 3, timeoutMs: 15000 });
    out.maxDepth0 = await call('snapshot', { root: win.ref, maxDepth: 0, timeoutMs: 15000 });
    out.visibleOnly = await call('snapshot', { root: win.ref, visibleOnly: true, timeoutMs: 15000 });
    step('app root');
    // The application's synthetic root.
    out.appSnapshot = await call('snapshot', { root: `uia:pid:${app.pid}`, timeoutMs: 15000 });
    step('errors');
    // Errors.
    out.errors = {
      malformed: await errorOf(() => call('snapshot', { root: 'uia:zz:1' })),
      notUia: await errorOf(() => call('snapshot', { root: 'atspi:1.2:/x' })),
      staleId: await errorOf(() => call('snapshot', { root: win.ref.replace(/:[^:]*$/, ':7.7.7'), timeoutMs: 15000 })),
    };
    step('killed');
    app.kill();
    await sleep(1500);
    out.errors.windowGone = await errorOf(() => call('snapshot', { root: win.ref, timeoutMs: 10000 }));
    out.errors.appGone = await errorOf(() => call('snapshot', { root: `uia:pid:${app.pid}`, timeoutMs: 10000 }));
  } finally {
    try { app.kill(); } catch {}
  }
  return out;
}

const runModeOrFatal = (mode) =>
  runMode(mode).catch((e) => ({ fatal: { code: e.code, message: e.message, stack: e.stack } }));

(async () => {
  for (const mode of (process.env.MODES || 'uia,msaa').split(',')) report.modes[mode] = await runModeOrFatal(mode);
  process.stdout.write(JSON.stringify(report, null, 1) + '\n');
  process.exit(0);
})();
