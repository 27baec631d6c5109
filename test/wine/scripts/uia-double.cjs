// Run by Windows node.exe under Wine 10 (test/wine/uia-double.test.ts): the UIA backend's real code driven
// against lam_uia_double.dll, the test DOUBLE of the UIA client for what Wine 10 lacks (the one-request cache
// path, patterns, timeouts, failure injection). Each scenario is swapped in with the "uia-double:" test hook; the
// double's call log (a file the scenario names) says what the backend called. Many checks per launch; one JSON
// report on stdout (the .test.ts asserts).
//
//   node.exe uia-double.cjs <lam_bridge.node> <lam_uia_double.dll> <scratch dir>
'use strict';
const path = require('path');
const fs = require('fs');

const [addonPath, dllPath, scratch] = process.argv.slice(2);
const addon = require(addonPath);
fs.mkdirSync(scratch, { recursive: true });  // a clean cross build removes build-win32/wine-scratch
const parse = (v) => (typeof v === 'string' ? JSON.parse(v) : v);
const call = async (name, options) => parse(await addon[name](options || {}));
const report = { platform: addon.platform(), scenarios: {} };

async function errorOf(fn) {
  try {
    const r = await fn();
    return { ok: r };
  } catch (e) {
    return { code: e.code, message: e.message };
  }
}

// ------------------------------------------------------------------ scenarios

// The tree every read scenario shares: control elements, one raw (non-control) element whose children stand in
// its place in the control view, and a Pane hosting a subtree the cache and FindAll do not see (a provider
// boundary: WinForms hosts, WebView2).
function tree(over = {}) {
  const el = (key, controlType, name, extra = {}) => ({ key, controlType, name, automationId: key + 'Id', className: 'Dbl' + key, ...extra, ...(over[key] || {}) });
  return [
    el('win', 50032, 'Double Main', {
      window: true, rect: [100, 100, 400, 300], focusable: true, patterns: ['LegacyIAccessible'], legacyRole: 9,
      children: [
        el('tb', 50021, 'Tools', { rect: [100, 100, 400, 30], children: [
          el('ok', 50000, 'OK', { rect: [110, 105, 60, 20], focusable: true, patterns: ['Invoke', 'LegacyIAccessible'], legacyRole: 43, defaultAction: 'Press' }),
          el('chk', 50002, 'Bold', { rect: [180, 105, 60, 20], patterns: ['Toggle'], toggle: 0 }),
        ] }),
        el('raw', 50025, '', { control: false, children: [
          el('name', 50004, 'Name', { rect: [110, 140, 200, 20], focusable: true, patterns: ['Value', 'Text'], value: 'abc', text: 'hello world' }),
        ] }),
        el('lst', 50008, 'Items', { rect: [110, 170, 200, 60], patterns: ['Selection'], children: [
          el('i1', 50007, 'One', { rect: [110, 170, 200, 20], patterns: ['SelectionItem', 'ScrollItem'], selected: true }),
          el('i2', 50007, 'Two', { rect: [110, 250, 200, 20], offscreen: true, patterns: ['SelectionItem', 'ScrollItem'], selected: false }),
        ] }),
        el('cmb', 50003, 'Size', { rect: [320, 140, 80, 20], patterns: ['ExpandCollapse'], expand: 0 }),
        el('sld', 50015, 'Zoom', { rect: [320, 170, 80, 20], patterns: ['RangeValue'], range: [5, 0, 10, 1] }),
        el('ro', 50004, 'Fixed', { rect: [320, 200, 80, 20], patterns: ['Value'], value: 'fixed', readOnly: true }),
        el('host', 50033, 'Host', { rect: [110, 240, 200, 50], dropChildren: true, children: [
          el('web', 50030, 'Page', { rect: [110, 240, 200, 50], children: [
            el('lnk', 50005, 'Link', { rect: [120, 250, 40, 15], patterns: ['Invoke'] }),
          ] }),
        ] }),
      ],
    }),
  ];
}

// The control view of `windows` in pre-order: what the snapshot must list, node for node.
function expected(windows) {
  const out = [];
  const visit = (n, parent) => {
    let p = parent;
    if (n.control !== false) {
      out.push({ key: n.key, parent, controlType: n.controlType, name: n.name, automationId: n.automationId, className: n.className,
        value: n.value ?? (n.range ? String(n.range[0]) : null), toggle: n.toggle ?? null, expandCollapse: n.expand ?? null,
        selected: n.selected ?? null, range: n.range ?? null, readOnly: n.value !== undefined || n.range ? !!n.readOnly : null,
        offscreen: !!n.offscreen, rect: n.rect ?? null });
      p = out.length - 1;
    }
    for (const c of n.children || []) visit(c, p);
  };
  for (const w of windows) visit(w, -1);
  return out;
}

let scenarioCount = 0;
const logPaths = [];
// Swaps a new double in; returns { log(): string[] since the last mark, mark(), hwnd(key), ref(key) }.
async function useDouble(profile, windows, extra = {}) {
  const n = ++scenarioCount;
  const logPath = path.join(scratch, `double-${n}.log`);
  const file = path.join(scratch, `double-${n}.json`);
  logPaths.push(logPath);
  fs.writeFileSync(file, JSON.stringify({ profile, log: logPath, windows, ...extra }));
  const hook = await call('__testHook', { name: `uia-double:${dllPath}|${file}` });
  const all = () => (fs.existsSync(logPath) ? fs.readFileSync(logPath, 'utf8').split('\n').filter(Boolean) : []);
  const hwnds = {};
  for (const line of all()) {
    const m = /^WINDOW (\S+) (\d+)$/.exec(line);
    if (m) hwnds[m[1]] = Number(m[2]);
  }
  let mark = all().length;
  return {
    hook,
    hwnds,
    mark() { mark = all().length; },
    log() { const a = all(); const out = a.slice(mark); mark = a.length; return out; },
    // A window element's ref: its RuntimeId is [42, hwnd], as Windows gives a window element.
    windowRef(key) { const h = hwnds[key]; return `uia:${h.toString(16)}:42.${h}`; },
  };
}

const count = (lines, re) => lines.filter((l) => re.test(l)).length;
const keyOf = (ref, byRef) => byRef[ref];

// The snapshot's nodes reduced to what the scenario defines, keyed by automationId (the scenario's key + 'Id').
function shape(snapshot) {
  return snapshot.nodes.map((n) => ({ key: n.automationId.replace(/Id$/, ''), parent: n.parent, controlType: n.controlType, name: n.name,
    automationId: n.automationId, className: n.className, value: n.value, toggle: n.toggle, expandCollapse: n.expandCollapse,
    selected: n.selected, range: n.range, readOnly: n.readOnly, offscreen: n.offscreen, rect: n.rect }));
}

async function readScenario(profile) {
  const out = { profile };
  const windows = tree();
  out.expected = expected(windows);
  const d = await useDouble(profile, windows);
  out.hook = d.hook;
  const root = d.windowRef('win');
  out.root = root;
  d.mark();
  const s = await call('snapshot', { root, timeoutMs: 20000 });
  out.log = d.log();
  out.snapshot = { stats: s.stats, incomplete: s.incomplete, unfilled: s.unfilled, truncated: s.truncated, root: s.root,
    refs: s.nodes.map((n) => n.ref), hwnd: s.nodes[0] && s.nodes[0].hwnd, patterns: s.nodes.map((n) => n.patterns),
    sources: s.nodes.map((n) => n.source), childCounts: s.nodes.map((n) => n.childCount) };
  out.shape = shape(s);
  // A second snapshot: the refs are the same (RuntimeIds), the calls the same.
  const s2 = await call('snapshot', { root, timeoutMs: 20000 });
  out.log2 = d.log();
  out.refsStable = JSON.stringify(s2.nodes.map((n) => n.ref)) === JSON.stringify(s.nodes.map((n) => n.ref));
  // A subtree snapshot rooted at an inner node: Resolve (ElementFromHandle, then the RuntimeId search).
  const lst = s.nodes.find((n) => n.automationId === 'lstId');
  if (lst) {
    const sub = await errorOf(() => call('snapshot', { root: lst.ref, timeoutMs: 20000 }));
    out.subtree = sub.ok ? { names: sub.ok.nodes.map((n) => n.name), root: sub.ok.root } : sub;
    out.subtreeLog = d.log();
  }
  return out;
}

// The unfillable boundary: the control-view walker sees the host's first child (so the hole is detected), but
// the fill's walk then fails (E_FAIL from the second GetFirstChildElement on the host).
async function unfillableScenario() {
  const out = {};
  const windows = tree({ host: { fail: { GetFirstChildElement: { hr: 'E_FAIL', skip: 1 } } } });
  const d = await useDouble('windows', windows);
  d.mark();
  const s = await call('snapshot', { root: d.windowRef('win'), timeoutMs: 20000 });
  out.log = d.log();
  out.stats = s.stats;
  out.incomplete = s.incomplete;
  out.unfilled = s.unfilled;
  out.hostRef = (s.nodes.find((n) => n.automationId === 'hostId') || {}).ref || null;
  out.names = s.nodes.map((n) => n.name);
  return out;
}

// ------------------------------------------------------------------ actions

async function actionScenario() {
  const out = { steps: [] };
  const windows = tree({ win: { shown: true } });
  const d = await useDouble('windows', windows);
  out.hook = d.hook;
  const root = d.windowRef('win');
  const snap = await call('snapshot', { root, timeoutMs: 20000 });
  const ref = {};
  for (const n of snap.nodes) ref[n.automationId.replace(/Id$/, '')] = n.ref;
  out.refs = ref;
  const step = async (name, options) => {
    d.mark();
    const r = await errorOf(() => call('perform', { timeoutMs: 10000, ...options }));
    out.steps.push({ name, result: r, log: d.log() });
  };
  await step('invoke ok', { ref: ref.ok, intent: 'invoke' });
  await step('toggle chk', { ref: ref.chk, intent: 'toggle' });
  await step('select i2', { ref: ref.i2, intent: 'select' });
  await step('expand cmb', { ref: ref.cmb, intent: 'expand' });
  await step('collapse cmb', { ref: ref.cmb, intent: 'collapse' });
  await step('expand cmb again', { ref: ref.cmb, intent: 'expand' });
  await step('setValue sld', { ref: ref.sld, intent: 'setValue', value: 7 });
  await step('setValue sld out of range', { ref: ref.sld, intent: 'setValue', value: 11 });
  await step('setText name', { ref: ref.name, intent: 'setText', text: 'xyz' });
  await step('readText name', { ref: ref.name, intent: 'readText' });
  await step('scrollIntoView i2', { ref: ref.i2, intent: 'scrollIntoView' });
  await step('focus name', { ref: ref.name, intent: 'focus' });
  await step('setText ro (read-only)', { ref: ref.ro, intent: 'setText', text: 'nope' });
  await step('invoke lnk', { ref: ref.lnk, intent: 'invoke' });
  // The re-read: the double's state changed by the patterns shows in a fresh snapshot.
  const after = await call('snapshot', { root, timeoutMs: 20000 });
  out.after = shape(after);
  return out;
}

// The degradation order: pattern E_NOTIMPL → LegacyIAccessible → MSAA (no own window: skipped) → SendInput.
async function degradationScenario() {
  const out = { steps: [] };
  const windows = tree({
    win: { shown: true },
    ok: { fail: { Invoke: 'E_NOTIMPL' } },                          // Invoke refused: LegacyIAccessible.DoDefaultAction
    chk: { patterns: ['Toggle'], fail: { Toggle: 'E_NOTIMPL' } },    // Toggle refused, no Legacy: SendInput.click
    name: { patterns: ['Value'], fail: { SetValue: 'E_NOTIMPL' } },  // SetValue refused, no Legacy: SendInput.type
  });
  const d = await useDouble('windows', windows);
  out.hook = d.hook;
  const snap = await call('snapshot', { root: d.windowRef('win'), timeoutMs: 20000 });
  const ref = {};
  for (const n of snap.nodes) ref[n.automationId.replace(/Id$/, '')] = n.ref;
  const step = async (name, options) => {
    d.mark();
    const r = await errorOf(() => call('perform', { timeoutMs: 10000, ...options }));
    out.steps.push({ name, result: r, log: d.log() });
  };
  await step('invoke ok', { ref: ref.ok, intent: 'invoke' });
  await step('toggle chk', { ref: ref.chk, intent: 'toggle' });
  await step('setText name', { ref: ref.name, intent: 'setText', text: 'Hi' });
  // E_NOTIMPL everywhere (the wine10 profile: GetCurrentPattern[As] stubbed) on an element with no rect: nothing fits.
  return out;
}

// The MSAA step of the degradation, for real: an element whose own window is a real EDIT control (Wine's oleacc
// Edit proxy answers put_accValue; WM_GETTEXT reads it back), its UIA Value pattern refusing.
async function msaaScenario() {
  const out = { steps: [] };
  const windows = tree();
  windows[0].children.push({ key: 'ed', controlType: 50004, name: 'Real edit', automationId: 'edId', className: 'Edit', editWindow: true,
    value: 'before', rect: [110, 300, 100, 20], patterns: ['Value'],
    fail: { SetValue: 'E_NOTIMPL', get_CurrentValue: 'E_NOTIMPL' } });
  const d = await useDouble('windows', windows);
  out.editHwnd = d.hwnds.ed || null;
  const snap = await call('snapshot', { root: d.windowRef('win'), timeoutMs: 20000 });
  const ed = snap.nodes.find((n) => n.automationId === 'edId');
  out.node = ed ? { ref: ed.ref, hwnd: ed.hwnd } : null;
  if (!ed) return out;
  for (const [name, options] of [['setText ed', { ref: ed.ref, intent: 'setText', text: 'after' }], ['readText ed', { ref: ed.ref, intent: 'readText' }]]) {
    d.mark();
    out.steps.push({ name, result: await errorOf(() => call('perform', { timeoutMs: 10000, ...options })), log: d.log() });
  }
  return out;
}

// Wine 10's profile for actions: no pattern at all.
async function wine10ActionScenario() {
  const out = { steps: [] };
  const windows = tree({ cmb: { rect: null } });
  const d = await useDouble('wine10', windows);
  const snap = await call('snapshot', { root: d.windowRef('win'), timeoutMs: 20000 });
  const ref = {};
  for (const n of snap.nodes) ref[n.automationId.replace(/Id$/, '')] = n.ref;
  for (const [name, options] of [['expand cmb', { ref: ref.cmb, intent: 'expand' }], ['invoke lnk offscreen', { ref: ref.i2, intent: 'invoke' }]]) {
    d.mark();
    out.steps.push({ name, result: await errorOf(() => call('perform', { timeoutMs: 10000, ...options })), log: d.log() });
  }
  return out;
}

// HRESULT mapping: injected per element and method.
async function errorScenario() {
  const out = {};
  const windows = tree({
    ok: { fail: { GetCurrentPatternAs: 'UIA_E_ELEMENTNOTAVAILABLE', GetCurrentPropertyValueEx: { hr: 'UIA_E_ELEMENTNOTAVAILABLE', skip: 0 } } },
    chk: { fail: { GetCurrentPatternAs: 'RPC_E_DISCONNECTED', GetCurrentPropertyValueEx: 'RPC_E_DISCONNECTED' } },
    sld: { fail: { SetValue: 'E_INVALIDARG' } },
  });
  const d = await useDouble('windows', windows);
  const snap = await call('snapshot', { root: d.windowRef('win'), timeoutMs: 20000 });
  const ref = {};
  for (const n of snap.nodes) ref[n.automationId.replace(/Id$/, '')] = n.ref;
  out.refs = ref;
  d.mark();
  out.stale = await errorOf(() => call('perform', { ref: ref.ok, intent: 'invoke', timeoutMs: 10000 }));
  out.staleLog = d.log();
  out.disconnected = await errorOf(() => call('perform', { ref: ref.chk, intent: 'toggle', timeoutMs: 10000 }));
  out.disconnectedLog = d.log();
  out.invalidArg = await errorOf(() => call('perform', { ref: ref.sld, intent: 'setValue', value: 3, timeoutMs: 10000 }));
  out.invalidArgLog = d.log();
  // A ref to a window the double does not have any more: a fresh scenario without it.
  const gone = ref.ok;
  await useDouble('windows', []);
  out.goneWindow = await errorOf(() => call('perform', { ref: gone, intent: 'invoke', timeoutMs: 10000 }));
  return out;
}

// Timeouts: IUIAutomation2's timeouts set from the deadline; a hung call answered within budget + grace.
async function timeoutScenario() {
  const out = {};
  {
    const d = await useDouble('windows', tree());
    d.mark();
    await call('snapshot', { root: d.windowRef('win'), timeoutMs: 4000 });
    out.timeoutLog = d.log().filter((l) => /Timeout/.test(l));
  }
  {
    // Windows: the client itself gives up after TransactionTimeout (UIA_E_TIMEOUT).
    const d = await useDouble('windows', tree({ win: { fail: { BuildUpdatedCache: { hangMs: 15000 } } } }));
    d.mark();
    const t0 = Date.now();
    out.windowsHang = await errorOf(() => call('snapshot', { root: d.windowRef('win'), timeoutMs: 2000 }));
    out.windowsHangMs = Date.now() - t0;
    out.windowsHangLog = d.log().filter((l) => /TIMEOUT|BuildUpdatedCache|Timeout/.test(l));
  }
  {
    // Wine 10: no client timeouts; the service's own bound must answer while the call still hangs.
    const d = await useDouble('wine10', tree({ win: { fail: { FindAllBuildCache: { hangMs: 6000 } } } }));
    d.mark();
    const t0 = Date.now();
    let ticks = 0;
    const timer = setInterval(() => ticks++, 100);
    out.wineHang = await errorOf(() => call('snapshot', { root: d.windowRef('win'), timeoutMs: 2000 }));
    out.wineHangMs = Date.now() - t0;
    clearInterval(timer);
    out.wineHangTicks = ticks;  // node's event loop kept running during the hang
  }
  return out;
}

(async () => {
  const run = async (name, fn) => {
    try {
      report.scenarios[name] = await fn();
    } catch (e) {
      report.scenarios[name] = { fatal: { message: String(e && e.stack || e), code: e && e.code } };
    }
  };
  const only = process.env.DOUBLE_ONLY ? process.env.DOUBLE_ONLY.split(',') : null;
  const want = (n) => !only || only.includes(n);
  if (want('windows')) await run('windows', () => readScenario('windows'));
  if (want('wine10')) await run('wine10', () => readScenario('wine10'));
  if (want('unfillable')) await run('unfillable', unfillableScenario);
  if (want('actions')) await run('actions', actionScenario);
  if (want('degradation')) await run('degradation', degradationScenario);
  if (want('msaa')) await run('msaa', msaaScenario);
  if (want('wine10Actions')) await run('wine10Actions', wine10ActionScenario);
  if (want('errors')) await run('errors', errorScenario);
  if (want('timeouts')) await run('timeouts', timeoutScenario);
  await call('__testHook', { name: 'uia-real' }).catch(() => null);
  // Calls the double does not model (its E_NOTIMPL bases log them): none is expected from the backend.
  report.unmodelled = [];
  for (const p of logPaths)
    if (fs.existsSync(p)) for (const l of fs.readFileSync(p, 'utf8').split('\n')) if (l.startsWith('NOTIMPL ')) report.unmodelled.push(l);
  fs.writeSync(1, JSON.stringify(report));
  process.exit(0);
})();
