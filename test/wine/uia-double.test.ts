/**
 * The UIA backend's real code (native/win, cross-built, loaded by Windows node.exe under Wine 10) driven against
 * lam_uia_double.dll: the test DOUBLE of the UI Automation client, for what Wine 10 lacks (the Subtree cache
 * request and GetCachedChildren, every control pattern, IUIAutomation2's timeouts) and for failures no real app
 * gives on demand. The double is swapped in with the "uia-double:" test hook; its call log says which UIA calls
 * the backend made, so these tests assert on the calls as well as on the answers. What Wine 10 does implement is
 * tested for real by uia-snapshot.test.ts and the actions' tests; this file never stands in for those.
 *
 * One node.exe launch runs every scenario (test/wine/scripts/uia-double.cjs); this file asserts on its report.
 */
import path from 'node:path';
import { describe, expect, it, beforeAll } from 'vitest';
import { runUnderWine, toWinePath, wineSkipReason } from '../helpers/wine.js';

const repo = path.resolve(__dirname, '../..');
const release = path.join(repo, 'build-win32', 'Release');
const addon = process.env.LAM_WIN_ADDON ?? path.join(release, 'lam_bridge.node');
const double = process.env.LAM_WIN_UIA_DOUBLE ?? path.join(release, 'lam_uia_double.dll');
const scratch = process.env.LAM_WIN_SCRATCH ?? path.join(repo, 'build-win32', 'wine-scratch');

/* eslint-disable @typescript-eslint/no-explicit-any */
type Report = { platform: string; scenarios: Record<string, any>; unmodelled: string[] };
let report: Report;

// Every UIA property a RawUiaNode is made of (bindings/raw.ts): ControlType … NativeWindowHandle, the pattern
// properties it reports (Value, RangeValue, Toggle, ExpandCollapse, SelectionItem) and the 22 pattern-availability
// flags (bit i of `patterns` = pattern 10000+i). Ids from UIAutomationClient.h.
const NODE_PROPERTIES = [
  30000 /* RuntimeId */, 30001 /* BoundingRectangle */, 30002 /* ProcessId */, 30003 /* ControlType */, 30005 /* Name */,
  30008 /* HasKeyboardFocus */, 30009 /* IsKeyboardFocusable */, 30010 /* IsEnabled */, 30011 /* AutomationId */,
  30012 /* ClassName */, 30016 /* IsControlElement */, 30020 /* NativeWindowHandle */, 30022 /* IsOffscreen */,
  30024 /* FrameworkId */, 30045 /* Value.Value */, 30046 /* Value.IsReadOnly */, 30047 /* RangeValue.Value */,
  30048 /* RangeValue.IsReadOnly */, 30049 /* RangeValue.Minimum */, 30050 /* RangeValue.Maximum */,
  30052 /* RangeValue.SmallChange */, 30070 /* ExpandCollapseState */, 30079 /* SelectionItem.IsSelected */,
  30086 /* ToggleState */,
  // Is<Pattern>PatternAvailable for Invoke … SynchronizedInput
  30027, 30028, 30029, 30030, 30031, 30032, 30033, 30034, 30035, 30036, 30037, 30038, 30039, 30040, 30041, 30042,
  30043, 30044, 30090, 30108, 30109, 30110,
].sort((a, b) => a - b);

const lines = (log: string[], re: RegExp) => log.filter((l) => re.test(l));
const count = (log: string[], re: RegExp) => lines(log, re).length;
const step = (s: any, name: string) => s.steps.find((x: any) => x.name === name);

beforeAll(async () => {
  if (wineSkipReason()) return;
  const run = await runUnderWine(
    path.join(repo, 'test/wine/scripts/uia-double.cjs'),
    [toWinePath(addon), toWinePath(double), toWinePath(scratch)],
    { timeoutMs: 240_000, env: { LAM_BRIDGE_TEST_HOOKS: '1' } },
  );
  expect(run.status, run.stderr).toBe(0);
  report = JSON.parse(run.stdout);
  for (const [name, s] of Object.entries(report.scenarios)) expect(s.fatal, `${name}: ${s.fatal?.message}`).toBeUndefined();
}, 300_000);

describe.skipIf(wineSkipReason() !== null)('UIA backend against the UIA double (windows profile: what the SDK documents)', () => {
  it('swaps the double in through the test hook, with the SendInput recorder', () => {
    expect(report.platform).toBe('uia');
    expect(report.scenarios.windows.hook).toEqual({ ok: true, automation: 'double', inputRecorder: true });
  });

  it('calls nothing the double does not model, in any scenario (an unexpected UIA call would show here)', () => {
    expect(report.unmodelled).toEqual([]);
  });

  it('makes ONE cache request per snapshot: every node property, TreeScope_Subtree, the control view', () => {
    const s = report.scenarios.windows;
    expect(count(s.log, /^IUIAutomation\.CreateCacheRequest /)).toBe(1);
    expect(count(s.log, /^IUIAutomationElement\.BuildUpdatedCache /)).toBe(1);
    const added = lines(s.log, /^IUIAutomationCacheRequest\.AddProperty /).map((l) => Number(l.split(' ').pop()));
    expect([...added].sort((a, b) => a - b)).toEqual(NODE_PROPERTIES);
    const build = lines(s.log, /^IUIAutomationElement\.BuildUpdatedCache /)[0];
    expect(build).toMatch(/ scope=7 /);  // TreeScope_Subtree = Element | Children | Descendants
    expect(build).toMatch(/ filter=ControlView /);
    // Patterns are read through the IsXPatternAvailable properties, not cached pattern objects.
    expect(count(s.log, /^IUIAutomationCacheRequest\.AddPattern /)).toBe(0);
    expect(count(s.log, /^NOTIMPL /)).toBe(0);
  });

  it('builds the tree from GetCachedChildren in one pass: one call per cached node, no per-node reads', () => {
    const s = report.scenarios.windows;
    // The 12 nodes the cache holds (the host's subtree is dropped) + the probe on the root before anything is added.
    expect(count(s.log, /^IUIAutomationElement\.GetCachedChildren /)).toBe(12 + 1);
    expect(count(s.log, /^IUIAutomationElement\.FindAll/)).toBe(0);
    // Current reads only for the dropped subtree's two nodes (the walker fill: every property, one by one),
    // and Resolve's RuntimeId check on the root (the ancestors' walk reads the walker's answers only).
    const current = lines(s.log, /^IUIAutomationElement\.GetCurrentPropertyValueEx /);
    const by: Record<string, number> = {};
    for (const l of current) {
      const key = l.split(' ')[1] ?? '';
      by[key] = (by[key] ?? 0) + 1;
    }
    expect(by).toEqual({ win: 1, web: NODE_PROPERTIES.length, lnk: NODE_PROPERTIES.length });
    expect(s.snapshot.stats.method).toBe('mixed');  // cache, and the walker for the dropped subtree
  });

  it('lists the scenario node for node (control view: the raw element is left out, its child takes its place)', () => {
    const s = report.scenarios.windows;
    expect(s.shape).toEqual(s.expected);
    expect(s.snapshot.root).toBe(s.root);
    expect(s.snapshot.refs[0]).toBe(s.root);
    expect(new Set(s.snapshot.refs).size).toBe(s.snapshot.refs.length);
    expect(s.refsStable).toBe(true);
    expect(s.snapshot.sources.every((x: string) => x === 'uia')).toBe(true);
    // patterns bitmask: OK has Invoke (bit 0) and LegacyIAccessible (bit 18).
    const ok = s.shape.findIndex((n: any) => n.key === 'ok');
    expect(s.snapshot.patterns[ok]).toBe((1 << 0) | (1 << 18));
  });

  it('detects the subtree the cache dropped (a provider boundary) and fills it by a walker pass', () => {
    const s = report.scenarios.windows;
    expect(s.snapshot.stats.filled).toBe(1);
    expect(s.snapshot.incomplete).toBe(false);
    expect(s.snapshot.unfilled).toEqual([]);
    expect(lines(s.log, /^IUIAutomationTreeWalker\.GetFirstChildElement host /).length).toBeGreaterThanOrEqual(1);
    expect(s.shape.map((n: any) => n.key)).toContain('lnk');
  });

  it('lists a dropped subtree no walker can read in `unfilled`, with incomplete=true', () => {
    const u = report.scenarios.unfillable;
    expect(u.incomplete).toBe(true);
    expect(u.unfilled).toContain(u.hostRef);
    expect(u.names).not.toContain('Page');
    expect(u.stats.filled).toBe(0);
  });

  it('lists an unfilled subtree once', () => {
    // Bug found with the double (reported to snapshot): ReadByWalker and FromCached both push the host's ref.
    const u = report.scenarios.unfillable;
    expect(u.unfilled.filter((r: string) => r === u.hostRef)).toHaveLength(1);
  });

  it('resolves an inner ref for a subtree snapshot (FindFirst on the RuntimeId condition)', () => {
    const s = report.scenarios.windows;
    expect(s.subtree.names).toEqual(['Items', 'One', 'Two']);
    expect(lines(s.subtreeLog, /^IUIAutomationElement\.FindFirst win scope=4 condition=Property\(30000\)/).length).toBe(1);
  });
});

describe.skipIf(wineSkipReason() !== null)('UIA backend against the UIA double (wine10 profile: Wine 10\'s stubs)', () => {
  it('gives the same tree through the degraded path, and says which', () => {
    const w = report.scenarios.wine10;
    // Wine 10 answers E_NOTIMPL for every pattern property (docs/WINE10_UIA.md): the same nodes, without their
    // pattern state; the double's wine10 profile answers so too.
    const noPatternState = (n: any) => ({ ...n, value: null, toggle: null, expandCollapse: null, selected: null, range: null, readOnly: null });
    expect(w.shape).toEqual(w.expected.map(noPatternState));
    expect(w.snapshot.patterns.every((p: number) => p === 0)).toBe(true);
    expect(w.snapshot.stats.method).toBe('findall');
    expect(w.snapshot.incomplete).toBe(false);
    // It asked for the Subtree cache once (refused at put_TreeScope), then FindAllBuildCache + walker links.
    expect(count(w.log, /^IUIAutomationCacheRequest\.put_TreeScope .* 7$/)).toBe(1);
    expect(count(w.log, /^IUIAutomationElement\.BuildUpdatedCache /)).toBe(0);
    expect(count(w.log, /^IUIAutomationElement\.FindAllBuildCache /)).toBe(1);
    expect(count(w.log, /^IUIAutomationElement\.GetCachedChildren /)).toBe(0);
  });

  it('tries the timeouts once and leaves them alone after E_NOTIMPL', () => {
    const w = report.scenarios.wine10;
    expect(count(w.log, /^IUIAutomation2\.put_ConnectionTimeout /)).toBe(1);
    expect(count(w.log, /^IUIAutomation2\.put_TransactionTimeout /)).toBe(0);
  });

  it('resolves refs without property conditions on RuntimeId (refused by Wine 10): the walker search', () => {
    const w = report.scenarios.wine10;
    expect(w.subtree.names).toEqual(['Items', 'One', 'Two']);
    expect(count(w.subtreeLog, /^IUIAutomationElement\.FindFirst /)).toBe(0);
    expect(count(w.subtreeLog, /^IUIAutomationTreeWalker\.GetFirstChildElement /)).toBeGreaterThan(0);
  });

  it('answers PATTERN_NOT_SUPPORTED when every pattern is E_NOTIMPL and nothing else fits, naming what it tried', () => {
    const a = report.scenarios.wine10Actions;
    const expand = step(a, 'expand cmb');
    expect(expand.result.code).toBe('PATTERN_NOT_SUPPORTED');
    expect(expand.result.message).toMatch(/ExpandCollapsePattern: E_NOTIMPL/);
    const invoke = step(a, 'invoke lnk offscreen');
    expect(invoke.result.code).toBe('PATTERN_NOT_SUPPORTED');
    expect(invoke.result.message).toMatch(/InvokePattern: E_NOTIMPL.*LegacyIAccessiblePattern: E_NOTIMPL.*SendInput\.click: the element is off screen/);
    expect(count(invoke.log, /^SendInput /)).toBe(0);
  });
});

describe.skipIf(wineSkipReason() !== null)('UIA backend actions against the UIA double', () => {
  const cases: [string, string, RegExp][] = [
    ['invoke ok', 'InvokePattern.Invoke', /^IUIAutomationInvokePattern\.Invoke ok$/],
    ['toggle chk', 'TogglePattern.Toggle', /^IUIAutomationTogglePattern\.Toggle chk$/],
    ['select i2', 'SelectionItemPattern.Select', /^IUIAutomationSelectionItemPattern\.Select i2$/],
    ['expand cmb', 'ExpandCollapsePattern.Expand', /^IUIAutomationExpandCollapsePattern\.Expand cmb$/],
    ['collapse cmb', 'ExpandCollapsePattern.Collapse', /^IUIAutomationExpandCollapsePattern\.Collapse cmb$/],
    ['setValue sld', 'RangeValuePattern.SetValue', /^IUIAutomationRangeValuePattern\.SetValue sld 7\.0+$/],
    ['setText name', 'ValuePattern.SetValue', /^IUIAutomationValuePattern\.SetValue name xyz$/],
    ['readText name', 'TextPattern.DocumentRange.GetText', /^IUIAutomationTextRange\.GetText name -1$/],
    ['scrollIntoView i2', 'ScrollItemPattern.ScrollIntoView', /^IUIAutomationScrollItemPattern\.ScrollIntoView i2$/],
    ['focus name', 'IUIAutomationElement.SetFocus', /^IUIAutomationElement\.SetFocus name$/],
    ['invoke lnk', 'InvokePattern.Invoke', /^IUIAutomationInvokePattern\.Invoke lnk$/],
  ];
  it.each(cases)('%s: dispatched to %s, the call made once', (name, method, call) => {
    const s = step(report.scenarios.actions, name);
    expect(s.result.ok, JSON.stringify(s.result)).toMatchObject({ ok: true, method });
    expect(count(s.log, call)).toBe(1);
    expect(count(s.log, /^SendInput /)).toBe(0);
  });

  it('reads the text through TextPattern', () => {
    expect(step(report.scenarios.actions, 'readText name').result.ok.result).toBe('hello world');
  });

  it('changes the double\'s state so a re-read shows every effect', () => {
    const after = Object.fromEntries(report.scenarios.actions.after.map((n: any) => [n.key, n]));
    expect(after.chk.toggle).toBe(1);
    expect(after.i2.selected).toBe(true);
    expect(after.i1.selected).toBe(false);  // Select deselects the other item
    expect(after.cmb.expandCollapse).toBe(1);
    expect(after.sld.value).toBe('7');
    expect(after.sld.range[0]).toBe(7);
    expect(after.name.value).toBe('xyz');
    expect(after.i2.offscreen).toBe(false);
    expect(after.ro.value).toBe('fixed');
  });

  it('refuses a read-only Value before SetValue is called', () => {
    const s = step(report.scenarios.actions, 'setText ro (read-only)');
    expect(s.result.code).toBe('INVALID_OPERATION');
    expect(count(s.log, /^IUIAutomationValuePattern\.get_CurrentIsReadOnly ro$/)).toBe(1);
    expect(count(s.log, /SetValue/)).toBe(0);
  });

  it('refuses a RangeValue outside [min, max] before SetValue is called', () => {
    const s = step(report.scenarios.actions, 'setValue sld out of range');
    expect(s.result.code).toBe('INVALID_ARGUMENT');
    expect(count(s.log, /^IUIAutomationRangeValuePattern\.SetValue /)).toBe(0);
  });

  it('degrades a refused pattern to LegacyIAccessible.DoDefaultAction', () => {
    const s = step(report.scenarios.degradation, 'invoke ok');
    expect(s.result.ok).toMatchObject({ ok: true, method: 'LegacyIAccessiblePattern.DoDefaultAction' });
    expect(count(s.log, /^IUIAutomationInvokePattern\.Invoke ok$/)).toBe(1);
    expect(count(s.log, /^IUIAutomationLegacyIAccessiblePattern\.DoDefaultAction ok$/)).toBe(1);
  });

  it('degrades to a SendInput click at the element\'s centre (recorded by the input sink) when no pattern or MSAA fits', () => {
    const s = step(report.scenarios.degradation, 'toggle chk');
    expect(s.result.ok).toMatchObject({ ok: true, method: 'SendInput.click' });
    const input = lines(s.log, /^SendInput /);
    expect(input).toHaveLength(3);
    // Absolute virtual-desktop move (MOVE | ABSOLUTE | VIRTUALDESK = 0xc001), then left down (0x2), left up (0x4).
    expect(input[0]).toMatch(/flags=0xc001/);
    expect(input[1]).toMatch(/flags=0x2 /);
    expect(input[2]).toMatch(/flags=0x4 /);
    // The centre of chk's rect [180, 105, 60, 20] = (210, 115) in 0..65535 over the virtual screen.
    const [, dx, dy] = /dx=(\d+) dy=(\d+)/.exec(input[0] ?? '')!.map(Number);
    expect(dx).toBeGreaterThan(0);
    expect(dy).toBeGreaterThan(0);
  });

  it('degrades to MSAA on the element\'s own window (a real EDIT control; Wine\'s oleacc): put_accValue, WM_GETTEXT', () => {
    const m = report.scenarios.msaa;
    expect(m.node.hwnd).toBe(m.editHwnd);
    const set = step(m, 'setText ed');
    expect(set.result.ok).toMatchObject({ ok: true, method: 'IAccessible.put_accValue' });
    expect(count(set.log, /^IUIAutomationValuePattern\.SetValue ed after$/)).toBe(1);  // refused (E_NOTIMPL) first
    expect(count(set.log, /^SendInput /)).toBe(0);
    const read = step(m, 'readText ed');
    expect(read.result.ok).toMatchObject({ ok: true, method: 'WM_GETTEXT', result: 'after' });
  });

  it('degrades setText to typed input (focus, select all, delete, the characters) when Value refuses', () => {
    const s = step(report.scenarios.degradation, 'setText name');
    expect(s.result.ok).toMatchObject({ ok: true, method: 'SendInput.type' });
    expect(count(s.log, /^IUIAutomationElement\.SetFocus name$/)).toBe(1);
    const keys = lines(s.log, /^SendInput key /);
    expect(keys[0]).toMatch(/vk=17 /);  // Ctrl down
    expect(keys.filter((k) => /flags=0x4$/.test(k)).map((k) => Number(/scan=(\d+)/.exec(k)![1]))).toEqual([72, 105]);  // 'H', 'i' as KEYEVENTF_UNICODE
  });
});

describe.skipIf(wineSkipReason() !== null)('UIA backend HRESULT mapping and timeouts against the UIA double', () => {
  it('maps UIA_E_ELEMENTNOTAVAILABLE to ELEMENT_STALE', () => {
    const e = report.scenarios.errors.stale;
    expect(e.code).toBe('ELEMENT_STALE');
    expect(e.message).toMatch(/0x80040201/);
  });

  it('maps RPC_E_DISCONNECTED of a live process to ELEMENT_STALE', () => {
    const e = report.scenarios.errors.disconnected;
    expect(['ELEMENT_STALE', 'APP_NOT_RUNNING']).toContain(e.code);
    expect(e.code).toBe('ELEMENT_STALE');  // the double's "process" (node.exe) is alive
    expect(e.message).toMatch(/0x80010108/);
  });

  it('maps E_INVALIDARG to INVALID_ARGUMENT', () => {
    const e = report.scenarios.errors.invalidArg;
    expect(e.code).toBe('INVALID_ARGUMENT');
    expect(e.message).toMatch(/RangeValuePattern\.SetValue.*0x80070057/);
  });

  it('answers ELEMENT_STALE for a ref whose window is gone while its process lives', () => {
    expect(report.scenarios.errors.goneWindow.code).toBe('ELEMENT_STALE');
  });

  it('sets ConnectionTimeout and TransactionTimeout from the deadline before every call', () => {
    const t = report.scenarios.timeouts.timeoutLog as string[];
    const conn = t.filter((l) => /put_ConnectionTimeout/.test(l)).map((l) => Number(l.split(' ').pop()));
    const trans = t.filter((l) => /put_TransactionTimeout/.test(l)).map((l) => Number(l.split(' ').pop()));
    expect(conn.length).toBeGreaterThan(10);
    expect(trans).toEqual(conn);
    expect(Math.max(...conn)).toBeLessThanOrEqual(4000);
    expect(Math.min(...conn)).toBeGreaterThan(0);
    // What is left shrinks as the snapshot goes on.
    for (let i = 1; i < conn.length; i++) expect(conn[i]).toBeLessThanOrEqual(conn[i - 1]!);
  });

  it('answers TIMEOUT within budget + grace when the client gives up on a hung call (Windows: UIA_E_TIMEOUT)', () => {
    const t = report.scenarios.timeouts;
    expect(t.windowsHang.code).toBe('TIMEOUT');
    expect(t.windowsHangMs).toBeLessThan(2000 + 1000);
    expect(t.windowsHangLog.some((l: string) => /^TIMEOUT IUIAutomationElement\.BuildUpdatedCache/.test(l))).toBe(true);
  });

  it('answers TIMEOUT within budget + grace when nothing bounds the call (Wine 10), without hanging node', () => {
    const t = report.scenarios.timeouts;
    expect(t.wineHang.code).toBe('TIMEOUT');
    expect(t.wineHangMs).toBeLessThan(2000 + 500 + 1000);
    expect(t.wineHangTicks).toBeGreaterThan(10);  // node's event loop ran while the service thread hung
  });
});
