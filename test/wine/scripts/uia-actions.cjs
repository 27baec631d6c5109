// Run by Windows node.exe under Wine 10 (test/wine/uia-actions.test.ts): the UIA backend's action side against the
// project's Win32 test app (test/native/win/testapp), whose JSON-lines log is the oracle. Wine 10 answers
// E_NOTIMPL to every pattern call, so what runs here are the fallbacks (MSAA put_accValue, WM_GETTEXT, ES_READONLY,
// CB_SHOWDROPDOWN, SetForegroundWindow+SetFocus, SendInput clicks and typing), and events through waitForEvent.
// Many checks per launch; one JSON report on stdout.
//
//   node.exe uia-actions.cjs <lam_bridge.node> <testapp.exe> <scratch dir>
//   node.exe uia-actions.cjs --invoke-later <lam_bridge.node> <ref> <delay ms>   (the helper process, below)
//
// Every call of one addon runs on its one service thread, in order: while it sits in waitForEvent, the event is
// caused from outside it: through the app's commands file ("focus <id>"), or by a second node.exe that loads the
// addon and invokes a provider button (the app raises Invoke_Invoked for it).
'use strict';
const { spawn } = require('child_process');
const path = require('path');
const fs = require('fs');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const parse = (v) => (typeof v === 'string' ? JSON.parse(v) : v);

if (process.argv[2] === '--invoke-later') {
  const [addonPath, ref, delay] = process.argv.slice(3);
  const addon = require(addonPath);
  (async () => {
    await sleep(Number(delay));
    await addon.perform({ ref, intent: 'invoke', timeoutMs: 15000 }).catch(() => {});
    process.exit(0);
  })();
  return;
}

const [addonPath, testappPath, scratch] = process.argv.slice(2);
process.env.LAM_BRIDGE_TEST_HOOKS = '1';
const addon = require(addonPath);
const call = async (name, options) => parse(await addon[name](options || {}));
const report = { platform: addon.platform() };

// test/native/win/testapp/testapp.cc's control ids.
const ID = { edit: 202, button: 203, check: 204, combo: 208, readOnly: 212, disabled: 213 };

async function attempt(fn) {
  const t = Date.now();
  try {
    return { value: await fn(), ms: Date.now() - t };
  } catch (e) {
    return { error: { code: e.code, message: e.message }, ms: Date.now() - t };
  }
}

function events(file) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  } catch {
    return [];
  }
}

// The first log event after `from` (an index) that `match` accepts, waiting up to `ms`.
async function logged(file, from, match, ms = 4000) {
  const end = Date.now() + ms;
  for (;;) {
    const found = events(file).slice(from).find(match);
    if (found || Date.now() > end) return found || null;
    await sleep(100);
  }
}

const perform = (ref, intent, extra) => attempt(() => call('perform', { ref, intent, timeoutMs: 20000, ...extra }));

// Starts the test app (`name` picks its log and commands files) and snapshots its window.
async function startApp(name, args) {
  const log = path.join(scratch, `actions-${name}.log`);
  const commands = path.join(scratch, `actions-${name}.commands`);
  fs.writeFileSync(commands, '');
  const app = spawn(testappPath, ['--log', log, '--commands', commands, ...args], { stdio: 'ignore' });
  let win = null;
  const t0 = Date.now();
  while (!win && Date.now() - t0 < 15000) {
    await sleep(300);
    win = (await call('windows')).find((w) => w.pid === app.pid) || null;
  }
  if (!win) throw new Error('the test app window did not show up');
  const snap = await call('snapshot', { root: win.ref, timeoutMs: 60000 });
  return { app, win, nodes: snap.nodes, log, commands, mark: () => events(log).length };
}

// Part 1: stock controls only (--stock-only), reached through their HWNDs, MSAA and UIA's proxies.
async function stockPart(out) {
  const { app, win, nodes, log, commands, mark } = await startApp('stock', ['--stock-only']);
  try {
    out.window = win;
    const find = (className, name) => nodes.find((n) => n.className === className && (name === undefined || n.name === name));
    // The one-line Edits are 200 px wide: the first made is the name field, the last the read-only one.
    const edits = nodes.filter((n) => n.className === 'Edit' && n.rect && n.rect[2] === 200);
    const edit = edits[0];
    const readOnly = edits[edits.length - 1];
    const button = find('Button', 'Click Me');
    const check = find('Button', 'Check Me');
    const disabled = find('Button', 'Disabled');
    const combo = find('ComboBox');
    out.found = { edit: !!edit, readOnly: !!readOnly && readOnly !== edit, button: !!button, check: !!check, disabled: !!disabled, combo: !!combo };
    let m;

    // setText on a stock Edit: ValuePattern, LegacyIAccessible E_NOTIMPL under Wine → MSAA put_accValue.
    m = mark();
    out.setText = await perform(edit.ref, 'setText', { text: 'put value' });
    out.setTextLogged = await logged(log, m, (e) => e.event === 'EN_CHANGE' && e.id === ID.edit && e.text === 'put value');
    out.readText = await perform(edit.ref, 'readText');
    m = mark();
    out.setValue = await perform(edit.ref, 'setValue', { value: 2.5 });
    out.setValueLogged = await logged(log, m, (e) => e.event === 'EN_CHANGE' && e.id === ID.edit && e.text === '2.5');
    // A read-only Edit: refused before anything is sent (ES_READONLY), and its text unchanged.
    m = mark();
    out.readOnly = await perform(readOnly.ref, 'setText', { text: 'changed' });
    out.readOnlyLogged = await logged(log, m, (e) => e.event === 'EN_CHANGE' && e.id === ID.readOnly, 1000);
    out.readOnlyText = await perform(readOnly.ref, 'readText');

    // focus: IUIAutomationElement.SetFocus E_NOTIMPL → SetForegroundWindow + SetFocus (AttachThreadInput).
    await perform(edit.ref, 'setText', { text: 'typed:' });
    out.focus = await perform(edit.ref, 'focus');
    // Typing through SendInput: End, then characters with a key on the layout (VkKeyScanExW) and without
    // (KEYEVENTF_UNICODE).
    const chars = ['a', 'B', '1', ' ', 'é', 'ж', '€', '✓'];
    const typing = [{ kind: 'keyDown', code: 0x23 }, { kind: 'keyUp', code: 0x23 }];
    for (const c of chars) typing.push({ kind: 'typeKey', code: c.codePointAt(0) });
    m = mark();
    out.type = await attempt(() => call('input', { window: win.ref, events: typing, timeoutMs: 15000 }));
    out.typedExpected = 'typed:' + chars.join('');
    out.typedLogged = await logged(log, m, (e) => e.event === 'EN_CHANGE' && e.id === ID.edit && e.text === out.typedExpected);
    out.typedRead = await perform(edit.ref, 'readText');

    // invoke on a stock button: every pattern and MSAA's accDoDefaultAction E_NOTIMPL → a SendInput click.
    m = mark();
    out.invoke = await perform(button.ref, 'invoke');
    out.invokeLogged = await logged(log, m, (e) => e.event === 'BN_CLICKED' && e.id === ID.button);
    m = mark();
    out.toggle = await perform(check.ref, 'toggle');
    out.toggleLogged = await logged(log, m, (e) => e.event === 'BN_CLICKED' && e.id === ID.check);
    m = mark();
    out.disabled = await perform(disabled.ref, 'invoke');
    out.disabledLogged = await logged(log, m, (e) => e.event === 'BN_CLICKED' && e.id === ID.disabled, 1000);
    out.scrollIntoView = await perform(button.ref, 'scrollIntoView');
    out.expand = await perform(combo.ref, 'expand');
    out.collapse = await perform(combo.ref, 'collapse');

    // Events. Nothing happening: null at the deadline.
    out.quietWait = await attempt(() => call('waitForEvent', { ref: win.ref, timeoutMs: 600 }));
    // The app moves its focus while the wait runs: AutomationFocusChanged.
    setTimeout(() => fs.appendFileSync(commands, `focus ${ID.button}\n`), 800);
    out.focusWait = await attempt(() => call('waitForEvent', { ref: win.ref, timeoutMs: 10000 }));

    out.errors = {
      malformed: await perform('uia:zz:1', 'invoke'),
      staleId: await perform(win.ref.replace(/:[^:]*$/, ':7.7.7'), 'invoke'),
      keyOutOfRange: await attempt(() => call('input', { events: [{ kind: 'keyDown', code: 300 }] })),
      pauseTooLong: await attempt(() => call('input', { events: [{ kind: 'pause', ms: 2000 }], timeoutMs: 300 })),
    };
    out.stockLog = events(log);
  } finally {
    app.kill();
  }
  await sleep(1500);
  out.errors.windowGone = await perform(win.ref, 'invoke');
  out.errors.waitWindowGone = await attempt(() => call('waitForEvent', { ref: win.ref, timeoutMs: 500 }));
}

// Part 2: the app's own UIA providers (controls it paints, without a window of their own).
async function providerPart(out) {
  const { app, win, nodes, log, mark } = await startApp('providers', []);
  try {
    const provButton = nodes.find((n) => n.automationId === 'provButton');
    const provDisabled = nodes.find((n) => n.automationId === 'provDisabled');
    out.provFound = { button: !!provButton, disabled: !!provDisabled };
    // No window of its own: a click at its centre, which the app hit-tests.
    let m = mark();
    out.provInvoke = await perform(provButton.ref, 'invoke');
    out.provInvokeLogged = await logged(log, m, (e) => e.event === 'invoked' && e.automationId === 'provButton');
    out.provDisabled = await perform(provDisabled.ref, 'invoke');
    // A second node.exe invokes the provider button while this one waits: the app raises Invoke_Invoked.
    const helper = spawn(process.execPath, [__filename, '--invoke-later', addonPath, provButton.ref, '1500'], { stdio: 'ignore' });
    m = mark();
    out.invokeWait = await attempt(() => call('waitForEvent', { ref: win.ref, timeoutMs: 20000 }));
    out.invokeWaitLogged = await logged(log, m, (e) => e.event === 'uiaEvent' && e.automationId === 'provButton' && e.eventId === 20009, 5000);
    await new Promise((r) => (helper.exitCode !== null ? r() : helper.on('exit', r)));
    // setText on a painted edit: no Value pattern (E_NOTIMPL), no window of its own for MSAA: focused by a click,
    // then typed. The app takes only WM_CHAR there (Ctrl+A and Delete do nothing to it), so the text is appended.
    const provEdit = nodes.find((n) => n.automationId === 'provEdit');
    m = mark();
    out.provSetText = await perform(provEdit.ref, 'setText', { text: 'Hi ✓' });
    out.provSetTextFocus = await logged(log, m, (e) => e.event === 'focus' && e.automationId === 'provEdit');
    out.provSetTextLogged = await logged(log, m, (e) => e.event === 'valueChanged' && e.automationId === 'provEdit' && /Hi ✓$/.test(e.text));
    out.providersLog = events(log);
  } finally {
    app.kill();
  }
}

(async () => {
  for (const [name, part] of [['stock', stockPart], ['providers', providerPart]]) {
    const out = (report[name] = {});
    try {
      await part(out);
    } catch (e) {
      out.fatal = { code: e.code, message: e.message, stack: e.stack };
    }
  }
  process.stdout.write(JSON.stringify(report, null, 1) + '\n');
  process.exit(0);
})();
