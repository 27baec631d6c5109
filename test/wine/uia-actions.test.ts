/**
 * The UIA backend's action side under Wine 10, for real: Windows node.exe loads the cross-built addon and drives
 * the Win32 test app (test/native/win/testapp), whose own JSON-lines log is the oracle. One node.exe launch runs
 * every check (test/wine/scripts/uia-actions.cjs); this file asserts on its report.
 *
 * Wine 10 answers E_NOTIMPL to every control-pattern call (docs/WINE10_UIA.md), so what runs here are the
 * FALLBACKS of native/win/uia_actions.cc: MSAA put_accValue, WM_GETTEXT, the ES_READONLY check, CB_SHOWDROPDOWN,
 * SetForegroundWindow + SetFocus, SendInput clicks and typing; the test names say so. The pattern paths themselves
 * (InvokePattern.Invoke, ValuePattern.SetValue, RangeValue's range check, ...) run against the test double.
 * Timings are logged, not asserted: Wine is no Windows benchmark.
 */
import path from 'node:path';
import { mkdirSync, writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { runUnderWine, toWinePath, wineSkipReason } from '../helpers/wine.js';

const repo = path.join(import.meta.dirname, '..', '..');
/** What the wine project's global setup builds (npm run prebuild:win32, test programs included). */
const addon = process.env.LAM_WIN_ADDON ?? path.join(repo, 'prebuilds', 'win32-x64', 'node.napi.node');
const testapp = process.env.LAM_WIN_TESTAPP ?? path.join(repo, 'build-win32', 'Release', 'testapp.exe');
const scratch = path.join(repo, 'build-win32', 'wine-scratch');

interface Attempt<T = Record<string, unknown>> {
  value?: T;
  error?: { code: string; message: string };
  ms: number;
}
type Perform = Attempt<{ ok: boolean; method: string; result?: string }>;
type LogEvent = Record<string, unknown> | null;
interface StockReport {
  fatal?: { message: string; stack: string };
  found: Record<string, boolean>;
  setText: Perform; setTextLogged: LogEvent; readText: Perform; setValue: Perform; setValueLogged: LogEvent;
  readOnly: Perform; readOnlyLogged: LogEvent; readOnlyText: Perform;
  focus: Perform; type: Attempt<{ ok: boolean; raised: boolean }>; typedExpected: string; typedLogged: LogEvent; typedRead: Perform;
  invoke: Perform; invokeLogged: LogEvent; toggle: Perform; toggleLogged: LogEvent; disabled: Perform; disabledLogged: LogEvent;
  scrollIntoView: Perform; expand: Perform; collapse: Perform;
  quietWait: Attempt<{ event: string | null }>; focusWait: Attempt<{ event: string | null }>;
  errors: Record<'malformed' | 'staleId' | 'keyOutOfRange' | 'pauseTooLong' | 'windowGone' | 'waitWindowGone', Attempt>;
}
interface ProviderReport {
  fatal?: { message: string; stack: string };
  provFound: Record<string, boolean>;
  provInvoke: Perform; provInvokeLogged: LogEvent; provDisabled: Perform;
  provSetText: Perform; provSetTextFocus: LogEvent; provSetTextLogged: LogEvent;
  invokeWait: Attempt<{ event: string | null }>; invokeWaitLogged: LogEvent;
}

let report: { platform: string; stock: StockReport; providers: ProviderReport };

const skip = wineSkipReason();
if (skip) console.log(`test/wine/uia-actions: skipped: ${skip}`);

beforeAll(async () => {
  if (skip) return;
  mkdirSync(scratch, { recursive: true });
  const run = await runUnderWine(
    path.join(repo, 'test/wine/scripts/uia-actions.cjs'),
    [toWinePath(addon), toWinePath(testapp), toWinePath(scratch)],
    { timeoutMs: 240_000, env: { LAM_BRIDGE_TEST_HOOKS: '1' } },
  );
  expect(run.status, run.stderr).toBe(0);
  writeFileSync(path.join(scratch, 'uia-actions-report.json'), run.stdout);  // for a reader of a failure
  report = JSON.parse(run.stdout);
  const s = report.stock;
  console.log(
    `uia-actions under Wine: setText ${s.setText?.ms} ms, readText ${s.readText?.ms} ms, click ${s.invoke?.ms} ms, ` +
      `typing ${s.type?.ms} ms, focus event after ${s.focusWait?.ms} ms (launch ${run.durationMs} ms)`,
  );
}, 300_000);

describe.skipIf(skip !== null)('UIA actions on stock Win32 controls under Wine 10 (the fallbacks: patterns are E_NOTIMPL)', () => {
  it('ran and found every control it drives', () => {
    expect(report.platform).toBe('uia');
    expect(report.stock.fatal).toBeUndefined();
    expect(report.stock.found).toEqual({ edit: true, readOnly: true, button: true, check: true, disabled: true, combo: true });
  });

  it('setText falls back to MSAA put_accValue, and the app sees EN_CHANGE with the text', () => {
    expect(report.stock.setText.value).toEqual({ ok: true, method: 'IAccessible.put_accValue' });
    expect(report.stock.setTextLogged).toMatchObject({ event: 'EN_CHANGE', text: 'put value' });
  });

  it('readText falls back to WM_GETTEXT and reads the Edit across processes', () => {
    expect(report.stock.readText.value).toEqual({ ok: true, method: 'WM_GETTEXT', result: 'put value' });
  });

  it('setValue of a number falls back to put_accValue with the number formatted as 2.5', () => {
    expect(report.stock.setValue.value).toEqual({ ok: true, method: 'IAccessible.put_accValue' });
    expect(report.stock.setValueLogged).toMatchObject({ text: '2.5' });
  });

  it('setText on a read-only Edit is INVALID_OPERATION (ES_READONLY) before anything reaches it', () => {
    expect(report.stock.readOnly.error?.code).toBe('INVALID_OPERATION');
    expect(report.stock.readOnlyLogged).toBeNull();
    expect(report.stock.readOnlyText.value?.result).toBe('read only');
  });

  it('focus falls back to SetForegroundWindow + SetFocus (IUIAutomationElement.SetFocus is E_NOTIMPL)', () => {
    expect(report.stock.focus.value).toEqual({ ok: true, method: 'SetForegroundWindow+SetFocus' });
  });

  it('SendInput typing reaches the focused Edit: layout keys and KEYEVENTF_UNICODE characters (é ж € ✓)', () => {
    expect(report.stock.type.value).toEqual({ ok: true, raised: true });
    expect(report.stock.typedLogged).toMatchObject({ event: 'EN_CHANGE', text: report.stock.typedExpected });
    expect(report.stock.typedRead.value?.result).toBe(report.stock.typedExpected);
  });

  it('invoke and toggle fall back to a SendInput click at the centre, seen by the app as BN_CLICKED', () => {
    expect(report.stock.invoke.value).toEqual({ ok: true, method: 'SendInput.click' });
    expect(report.stock.invokeLogged).toMatchObject({ event: 'BN_CLICKED', text: 'Click Me' });
    expect(report.stock.toggle.value).toEqual({ ok: true, method: 'SendInput.click' });
    expect(report.stock.toggleLogged).toMatchObject({ event: 'BN_CLICKED', text: 'Check Me', checked: 1 });
  });

  it('a disabled button is ELEMENT_DISABLED and is never clicked', () => {
    expect(report.stock.disabled.error?.code).toBe('ELEMENT_DISABLED');
    expect(report.stock.disabledLogged).toBeNull();
  });

  it('expand / collapse of a stock combo box fall back to CB_SHOWDROPDOWN; scrollIntoView succeeds only as "already on screen"', () => {
    expect(report.stock.expand.value).toEqual({ ok: true, method: 'CB_SHOWDROPDOWN' });
    expect(report.stock.collapse.value).toEqual({ ok: true, method: 'CB_SHOWDROPDOWN' });
    expect(report.stock.scrollIntoView.value).toEqual({ ok: true, method: 'IsOffscreen', result: 'already on screen' });
  });

  it('waitForEvent: null at the deadline when nothing happens, AutomationFocusChanged when the app moves its focus', () => {
    expect(report.stock.quietWait.value).toEqual({ event: null });
    expect(report.stock.quietWait.ms).toBeGreaterThanOrEqual(550);
    expect(report.stock.focusWait.value).toEqual({ event: 'AutomationFocusChanged' });
  });

  it('errors map to codes: malformed ref, stale RuntimeId, bad key, a pause past the budget, the app gone', () => {
    const e = report.stock.errors;
    expect(e.malformed.error?.code).toBe('INVALID_ARGUMENT');
    expect(e.staleId.error?.code).toBe('ELEMENT_STALE');
    expect(e.keyOutOfRange.error?.code).toBe('INVALID_ARGUMENT');
    expect(e.pauseTooLong.error?.code).toBe('TIMEOUT');
    expect(e.windowGone.error?.code).toBe('APP_NOT_RUNNING');
    expect(e.waitWindowGone.error?.code).toBe('APP_NOT_RUNNING');
  });
});

describe.skipIf(skip !== null)('UIA actions on the app\'s own providers under Wine 10 (the fallbacks: patterns are E_NOTIMPL)', () => {
  it('invoke on a painted provider button falls back to a SendInput click the app hit-tests', () => {
    expect(report.providers.fatal).toBeUndefined();
    expect(report.providers.provInvoke.value).toEqual({ ok: true, method: 'SendInput.click' });
    expect(report.providers.provInvokeLogged).toMatchObject({ event: 'invoked', automationId: 'provButton', source: 'mouse' });
  });

  it('a disabled provider button is ELEMENT_DISABLED', () => {
    expect(report.providers.provDisabled.error?.code).toBe('ELEMENT_DISABLED');
  });

  it('setText on a painted provider edit focuses it with a click and types (no Value pattern, no window for MSAA)', () => {
    expect(report.providers.provSetText.value).toEqual({ ok: true, method: 'SendInput.type' });
    expect(report.providers.provSetTextFocus).toMatchObject({ source: 'mouse' });
    // The app's painted edit takes only WM_CHAR, so Ctrl+A / Delete leave its old text: the typed text is appended.
    expect(report.providers.provSetTextLogged).toMatchObject({ source: 'keyboard' });
  });

  it('waitForEvent reports Invoke_Invoked that the provider raises while the wait runs', () => {
    expect(report.providers.invokeWait.value, JSON.stringify(report.providers.invokeWait)).toEqual({ event: 'Invoke_Invoked' });
    expect(report.providers.invokeWaitLogged).toMatchObject({ eventId: 20009, hr: '00000000' });
  });
});
