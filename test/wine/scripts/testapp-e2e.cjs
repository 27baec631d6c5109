// Run by Windows node.exe under Wine 10 (test/wine/testapp-e2e.test.ts): the UIA backend end to end against the
// project's Win32 test app (test/native/win/testapp), which this script starts under the same Wine. The app's
// own files are the oracle: its JSON-lines event log and its provider-tree file. Many checks per launch (each
// launch costs seconds); one JSON report on stdout. Every step records its wall time.
//
//   node.exe testapp-e2e.cjs <lam_bridge.node> <testapp.exe> <scratch dir> <nonce>
//   node.exe testapp-e2e.cjs --refs <lam_bridge.node> <window ref> <out file>     (the second process of the refs check)
//
// Freezing needs the host (SIGSTOP of the app's Linux process): the script writes <scratch>/freeze.request with
// the app's log path in it and waits for freeze.ack; thaw.request / thaw.ack the same way (the test's side).
'use strict';
const { spawn } = require('child_process');
const path = require('path');
const fs = require('fs');

const parse = (v) => (typeof v === 'string' ? JSON.parse(v) : v);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

if (process.argv[2] === '--refs') {
  const [addonPath, ref, outFile] = process.argv.slice(3);
  const addon = require(addonPath);
  (async () => {
    let result;
    try {
      const s = parse(await addon.snapshot({ root: ref, timeoutMs: 30000 }));
      result = { refs: s.nodes.map((n) => n.ref), pid: process.pid };
    } catch (e) {
      result = { error: { code: e.code, message: e.message } };
    }
    fs.writeFileSync(outFile, JSON.stringify(result));
    process.exit(0);
  })();
  return;
}

const [addonPath, testappPath, scratch, nonce] = process.argv.slice(2);
const addon = require(addonPath);
const call = async (name, options) => parse(await addon[name](options || {}));
const report = { platform: addon.platform(), timings: {} };

// The first call that timed out while nothing was meant to hang: a stall inside Wine's provider side
// (docs/WINE10_UIA.md, "provider-side deadlocks"), after which the mixed app is run once more (see the end).
let stall = { expected: false, at: null };

async function attempt(label, fn) {
  const t = Date.now();
  let out;
  try {
    out = { value: await fn() };
  } catch (e) {
    out = { error: { code: e.code, message: e.message } };
    if (e.code === 'TIMEOUT' && !stall.expected && !stall.at) stall.at = `${label}: ${e.message}`;
  }
  out.ms = Date.now() - t;
  if (label) report.timings[label] = out.ms;
  return out;
}

/** A call that must not hang the script: raced against a JS timer (the service thread may be stuck in Wine). */
function bounded(label, fn, ms) {
  return Promise.race([attempt(label, fn), sleep(ms).then(() => ({ error: { code: 'SCRIPT_GAVE_UP' }, ms }))]);
}

function readLines(file) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  } catch {
    return [];
  }
}

async function waitLog(file, pred, ms = 5000) {
  const end = Date.now() + ms;
  for (;;) {
    const hit = readLines(file).find(pred);
    if (hit) return hit;
    if (Date.now() > end) return null;
    await sleep(100);
  }
}

async function waitFile(file, ms) {
  const end = Date.now() + ms;
  while (!fs.existsSync(file)) {
    if (Date.now() > end) return false;
    await sleep(100);
  }
  return true;
}

function startApp(name, extra) {
  const files = {
    log: path.join(scratch, `${name}-${nonce}.log`),
    tree: path.join(scratch, `${name}-${nonce}.tree.json`),
    commands: path.join(scratch, `${name}-${nonce}.commands`),
  };
  fs.writeFileSync(files.commands, '');
  const child = spawn(testappPath, ['--log', files.log, '--tree', files.tree, '--commands', files.commands, ...extra], { stdio: 'ignore' });
  return { child, files, command: (line) => fs.appendFileSync(files.commands, line + '\n') };
}

async function findWindow(app) {
  const t0 = Date.now();
  const ready = await waitLog(app.files.log, (e) => e.event === 'ready', 15000);
  report.timings[`ready:${path.basename(app.files.log)}`] = Date.now() - t0;
  for (let i = 0; i < 30; i++) {
    const windows = await call('windows');
    const w = windows.find((x) => x.pid === app.child.pid);
    if (w) return { window: w, ready };
    await sleep(200);
  }
  return { window: null, ready };
}

const centre = (rect) => [Math.round(rect[0] + rect[2] / 2), Math.round(rect[1] + rect[3] / 2)];
const click = (win, rect) => {
  const [x, y] = centre(rect);
  return call('input', { window: win.ref, timeoutMs: 10000, events: [
    // The pause: Wine's X11 driver has been seen to press the button at the pointer's previous position when
    // the move and the press come in one batch.
    { kind: 'move', x, y }, { kind: 'pause', ms: 100 }, { kind: 'buttonDown', button: 'left' }, { kind: 'buttonUp', button: 'left' }] });
};
const slim = (nodes) => nodes.map((n) => ({ ref: n.ref, parent: n.parent, controlType: n.controlType, name: n.name,
  automationId: n.automationId, className: n.className, frameworkId: n.frameworkId, rect: n.rect, enabled: n.enabled,
  offscreen: n.offscreen, focused: n.focused, hwnd: n.hwnd, value: n.value, readOnly: n.readOnly, toggle: n.toggle,
  selected: n.selected, source: n.source, msaaRole: n.msaaRole, patterns: n.patterns }));

async function mixedApp(name = 'mixed') {
  const out = {};
  stall = { expected: false, at: null };
  const app = startApp(name, ['--title', 'LAM Test App']);
  try {
    const found = await findWindow(app);
    out.ready = found.ready;
    out.window = found.window;
    if (!found.window) return out;
    const win = found.window;
    out.applications = (await call('applications')).filter((a) => a.pid === app.child.pid);
    out.treeFile = JSON.parse(fs.readFileSync(app.files.tree, 'utf8'));

    const s1 = await attempt('snapshot1', () => call('snapshot', { root: win.ref, timeoutMs: 30000 }));
    const s2 = await attempt('snapshot2', () => call('snapshot', { root: win.ref, timeoutMs: 30000 }));
    out.snapshot = s1.value ? { ...s1.value, nodes: slim(s1.value.nodes) } : s1;
    out.snapshot2Refs = s2.value ? s2.value.nodes.map((n) => n.ref) : s2;

    // Refs across processes: a second node.exe reads the same window.
    const refsFile = path.join(scratch, `refs-${nonce}.json`);
    const t = Date.now();
    const second = spawn(process.execPath, [__filename, '--refs', addonPath, win.ref, refsFile], { stdio: 'ignore' });
    await new Promise((r) => second.on('exit', r));
    report.timings.secondProcess = Date.now() - t;
    out.secondProcess = fs.existsSync(refsFile) ? JSON.parse(fs.readFileSync(refsFile, 'utf8')) : null;

    // MSAA over the stock controls of this window, directly (the snapshot helper's test hook).
    out.msaaTree = (await attempt('msaaTree', () => call('__testHook', { name: `msaa-tree:${win.hwnd}`, timeoutMs: 20000 }))).value || null;

    // GDI capture (BitBlt from the screen) of the window's rect and of the whole screen. The app paints its
    // provider region COLOR_WINDOW and the rest of its client area COLOR_BTNFACE: both must be in the pixels.
    out.capture = await attempt('capture', async () => {
      const [x, y, width, height] = win.rect;
      const c = await addon.capture({ rect: { x, y, width, height }, timeoutMs: 10000 });
      const screen = await addon.capture({ timeoutMs: 10000 });
      const colours = new Map();
      for (let i = 0; i < c.data.length; i += 4) {
        const key = (c.data[i] << 16) | (c.data[i + 1] << 8) | c.data[i + 2];
        colours.set(key, (colours.get(key) || 0) + 1);
      }
      const top = [...colours.entries()].sort((a, b) => b[1] - a[1]).slice(0, 4);
      return {
        width: c.width, height: c.height, x: c.x, y: c.y, stride: c.stride, bytes: c.data.length, method: c.method,
        alpha: c.data[3], pixels: c.width * c.height, top: top.map(([k, n]) => [k.toString(16).padStart(6, '0'), n]),
        screen: { width: screen.width, height: screen.height, bytes: screen.data.length, screenWidth: screen.screenWidth },
      };
    });

    // Events: the app acts while the backend waits (the script's timer writes the command during the wait).
    // 2 s: registering the handlers costs Wine several cross-process calls (over a second on a loaded machine),
    // and an event raised before they are registered is not seen.
    const waitWhile = async (label, line) => {
      setTimeout(() => app.command(line), 2000);
      return attempt(label, () => call('waitForEvent', { ref: win.ref, timeoutMs: 10000 }));
    };
    out.events = {};
    out.events.quiet = await attempt('waitQuiet', () => call('waitForEvent', { ref: win.ref, timeoutMs: 1500 }));
    out.events.invoke = await waitWhile('waitInvoke', 'act provButton');
    await sleep(300);
    out.events.select = await waitWhile('waitSelect', 'act provItem1');
    await sleep(300);
    out.events.providerFocus = await waitWhile('waitProviderFocus', 'act provEdit');
    await sleep(300);
    out.events.stockFocus = await waitWhile('waitStockFocus', 'focus 202');
    await sleep(300);

    // SendInput clicks on provider elements: the app's own hit testing sees them.
    const nodes = s1.value ? s1.value.nodes : [];
    const byAid = (aid) => nodes.find((n) => n.automationId === aid);
    out.clicks = {};
    for (const aid of ['provButton', 'provCheck', 'provItem2', 'provTreeItem']) {
      const n = byAid(aid);
      if (n && n.rect) out.clicks[aid] = await attempt(`click:${aid}`, () => click(win, n.rect));
    }
    await sleep(500);
    // Intents on provider elements: Wine 10's patterns are E_NOTIMPL, so the backend falls back (MSAA, then
    // SendInput at the element); the report says which method ran and the log says whether the app saw it.
    out.intents = {};
    const perform = (label, ref, intent, extra) => attempt(label, () => call('perform', { ref, intent, timeoutMs: 15000, ...extra }));
    if (byAid('provButton')) out.intents.invoke = await perform('perform:invoke', byAid('provButton').ref, 'invoke');
    if (byAid('provCheck')) out.intents.toggle = await perform('perform:toggle', byAid('provCheck').ref, 'toggle');
    if (byAid('provItem0')) out.intents.select = await perform('perform:select', byAid('provItem0').ref, 'select');
    if (byAid('provReadOnly')) out.intents.setReadOnly = await perform('perform:setReadOnly', byAid('provReadOnly').ref, 'setText', { text: 'nope' });
    await sleep(500);

    // A provider child added at runtime appears in the next snapshot.
    app.command('add-child');
    out.childAdded = await waitLog(app.files.log, (e) => e.event === 'childAdded', 5000);
    const s3 = await attempt('snapshotAfterAdd', () => call('snapshot', { root: win.ref, timeoutMs: 30000 }));
    out.snapshotAfterAdd = s3.value ? { ...s3.value, nodes: slim(s3.value.nodes) } : s3;
    out.treeFileAfterAdd = JSON.parse(fs.readFileSync(app.files.tree, 'utf8'));

    // A hang inside WM_GETOBJECT (the app answers everything else). From here on TIMEOUT is the point.
    out.stalledAt = stall.at;
    stall.expected = true;
    app.command('hang-getobject 6000');
    await waitLog(app.files.log, (e) => e.event === 'command' && /hang-getobject 6000/.test(e.line), 3000);
    out.hangGetObject = await bounded('snapshotHangGetObject', () => call('snapshot', { root: win.ref, timeoutMs: 2000 }), 30000);
    app.command('hang-getobject 0');
    await waitLog(app.files.log, (e) => e.event === 'command' && /hang-getobject 0/.test(e.line), 15000);

    // Frozen: the host SIGSTOPs the app's process.
    // A first run that stalled and went on (then this is the retry) left its handshake files: start afresh.
    for (const f of ['freeze.ack', 'thaw.request', 'thaw.ack']) fs.rmSync(path.join(scratch, f), { force: true });
    fs.writeFileSync(path.join(scratch, 'freeze.request'), app.files.log);
    out.frozen = await waitFile(path.join(scratch, 'freeze.ack'), 10000);
    if (out.frozen) {
      out.frozenSnapshot = await bounded('snapshotFrozen', () => call('snapshot', { root: win.ref, timeoutMs: 3000 }), 40000);
      out.frozenApplications = await bounded('applicationsFrozen', async () =>
        (await call('applications', { timeoutMs: 5000 })).filter((a) => a.pid === app.child.pid), 40000);
      out.frozenPerform = await bounded('performFrozen', () => call('perform', { ref: win.ref, intent: 'focus', timeoutMs: 3000 }), 40000);
      fs.writeFileSync(path.join(scratch, 'thaw.request'), '1');
      out.thawed = await waitFile(path.join(scratch, 'thaw.ack'), 10000);
      out.afterThaw = await bounded('snapshotAfterThaw', async () => (await call('snapshot', { root: win.ref, timeoutMs: 30000 })).nodes.length, 60000);
    }

    // Killed: APP_NOT_RUNNING.
    app.child.kill();
    await new Promise((r) => (app.child.exitCode !== null ? r() : app.child.on('exit', r)));
    await sleep(1000);
    out.killedSnapshot = await bounded('snapshotKilled', () => call('snapshot', { root: win.ref, timeoutMs: 5000 }), 30000);
    const anyNode = nodes.find((n) => n.automationId === 'provButton');
    if (anyNode) out.killedPerform = await bounded('performKilled', () => call('perform', { ref: anyNode.ref, intent: 'invoke', timeoutMs: 5000 }), 30000);
  } finally {
    try { app.child.kill(); } catch {}
    out.log = readLines(app.files.log);
  }
  return out;
}

async function stockApp() {
  const out = {};
  const app = startApp('stock', ['--stock-only', '--title', 'LAM Test App (stock)']);
  try {
    const found = await findWindow(app);
    out.window = found.window;
    if (!found.window) return out;
    const win = found.window;
    const s = await attempt('stockSnapshot', () => call('snapshot', { root: win.ref, timeoutMs: 30000 }));
    out.snapshot = s.value ? { ...s.value, nodes: slim(s.value.nodes) } : s;
    const nodes = s.value ? s.value.nodes : [];
    const byHwndId = (name, cls) => nodes.find((n) => n.name === name && (!cls || n.className === cls));
    const edits = nodes.filter((n) => n.className === 'Edit');
    out.editCount = edits.length;
    const edit = edits.find((n) => n.value === 'hello');
    const button = byHwndId('Click Me');
    const perform = (label, ref, intent, extra) => attempt(label, () => call('perform', { ref, intent, timeoutMs: 15000, ...extra }));
    if (edit) {
      out.setText = await perform('setText', edit.ref, 'setText', { text: 'set by put_accValue' });
      out.setTextLogged = await waitLog(app.files.log, (e) => e.event === 'EN_CHANGE' && e.id === 202 && e.text === 'set by put_accValue');
      out.readBack = await perform('readText', edit.ref, 'readText');
      // Typing: empty the edit, focus it, End, then ASCII and characters with no key on a US layout.
      await perform('setTextEmpty', edit.ref, 'setText', { text: '' });
      out.focus = await perform('focusEdit', edit.ref, 'focus');
      const typed = 'abc Grüße ✓';
      const events = [{ kind: 'keyDown', code: 0x23 }, { kind: 'keyUp', code: 0x23 }];
      for (const c of typed) events.push({ kind: 'typeKey', code: c.codePointAt(0) });
      out.type = await attempt('typeText', () => call('input', { window: win.ref, events, timeoutMs: 15000 }));
      out.typedLogged = await waitLog(app.files.log, (e) => e.event === 'EN_CHANGE' && e.id === 202 && e.text === typed, 5000);
      out.typedRead = await perform('readTyped', edit.ref, 'readText');
      out.typedExpected = typed;
    }
    if (button && button.rect) {
      out.click = await attempt('sendInputClick', () => click(win, button.rect));
      out.clickLogged = await waitLog(app.files.log, (e) => e.event === 'BN_CLICKED' && e.id === 203);
    }
  } finally {
    try { app.child.kill(); } catch {}
    out.log = readLines(app.files.log);
  }
  return out;
}

(async () => {
  const t = Date.now();
  const run = (fn) => fn().catch((e) => ({ fatal: { code: e.code, message: e.message, stack: e.stack } }));
  report.stock = await run(stockApp);
  report.mixed = await run(() => mixedApp());
  // Once more with a fresh app when a call into its providers stalled inside Wine; the test prints that it
  // happened, and a second stall fails it.
  if (report.mixed.stalledAt || (report.mixed.fatal && report.mixed.fatal.code === 'TIMEOUT')) {
    report.retried = report.mixed.stalledAt || report.mixed.fatal.message;
    report.timings = { ...report.timings, firstRunTotal: Date.now() - t };
    report.mixed = await run(() => mixedApp('mixed-retry'));
  }
  report.timings.total = Date.now() - t;
  process.stdout.write(JSON.stringify(report) + '\n');
  process.exit(0);
})();
