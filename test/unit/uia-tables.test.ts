/**
 * The Windows tables against Microsoft's documented numbers (UIAutomationClient.h, UIAutomationCoreApi.h,
 * oleacc.h, winerror.h as the "Control Type Identifiers", "Control Pattern Identifiers", "Error Codes" and
 * "Object Roles" pages give them). Spot checks written out by hand, not derived from the tables: a shifted
 * entry, a typo'd id or a reordered pattern list fails here.
 */
import { describe, expect, it } from 'vitest';
import { ControlType } from '../../lib/model/index.js';
import {
  UIA_CONTROL_TYPE_IDS,
  controlTypeForUia,
  uiaControlTypeName,
  uiaRawRoleName,
} from '../../lib/platform/uia/uia-control-types.js';
import { UIA_PATTERN_ORDER, hasUiaPattern, uiaActionVerbs, uiaPatternBit, uiaPatternId, uiaPatternNames } from '../../lib/platform/uia/uia-patterns.js';
import { UiaProperty, describeUiaProperty } from '../../lib/platform/uia/uia-properties.js';
import {
  HRESULT,
  errorCodeForHresult,
  hresultFromWin32,
  hresultHex,
  hresultMeaning,
  hresultName,
  hresultValue,
} from '../../lib/platform/uia/uia-hresults.js';
import { MSAA_ROLES, MsaaRole, controlTypeForMsaaRole, msaaRoleName } from '../../lib/platform/uia/msaa-roles.js';

describe('UIA control types', () => {
  it('match Microsoft\'s ids', () => {
    const documented: [ControlType, number][] = [
      ['Button', 50000], ['Calendar', 50001], ['CheckBox', 50002], ['ComboBox', 50003], ['Edit', 50004],
      ['Hyperlink', 50005], ['Image', 50006], ['ListItem', 50007], ['List', 50008], ['Menu', 50009],
      ['MenuBar', 50010], ['MenuItem', 50011], ['ProgressBar', 50012], ['RadioButton', 50013], ['ScrollBar', 50014],
      ['Slider', 50015], ['Spinner', 50016], ['StatusBar', 50017], ['Tab', 50018], ['TabItem', 50019],
      ['Text', 50020], ['ToolBar', 50021], ['ToolTip', 50022], ['Tree', 50023], ['TreeItem', 50024],
      ['Custom', 50025], ['Group', 50026], ['Thumb', 50027], ['DataGrid', 50028], ['DataItem', 50029],
      ['Document', 50030], ['SplitButton', 50031], ['Window', 50032], ['Pane', 50033], ['Header', 50034],
      ['HeaderItem', 50035], ['Table', 50036], ['TitleBar', 50037], ['Separator', 50038], ['SemanticZoom', 50039],
      ['AppBar', 50040],
    ];
    for (const [name, id] of documented) {
      expect(UIA_CONTROL_TYPE_IDS[name], name).toBe(id);
      expect(uiaControlTypeName(id)).toBe(name);
    }
    // The model's vocabulary is UIA's: every ControlType has an id and the ids are 41 distinct numbers.
    expect(Object.keys(UIA_CONTROL_TYPE_IDS).sort()).toEqual([...ControlType.options].sort());
    expect(new Set(Object.values(UIA_CONTROL_TYPE_IDS)).size).toBe(41);
  });

  it('maps ids outside the table, and the synthetic app root', () => {
    expect(controlTypeForUia(50041)).toBe('Custom');
    expect(uiaRawRoleName(50041)).toBe('ControlType(50041)');
    expect(controlTypeForUia(0)).toBe('Pane');
    expect(uiaRawRoleName(0)).toBe('Application');
    expect(uiaRawRoleName(50004)).toBe('Edit');
  });
});

describe('UIA patterns', () => {
  it('are in id order from Invoke 10000 to SynchronizedInput 10021', () => {
    expect(UIA_PATTERN_ORDER).toHaveLength(22);
    expect(uiaPatternId('Invoke')).toBe(10000);
    expect(uiaPatternId('Value')).toBe(10002);
    expect(uiaPatternId('ExpandCollapse')).toBe(10005);
    expect(uiaPatternId('Window')).toBe(10009);
    expect(uiaPatternId('SelectionItem')).toBe(10010);
    expect(uiaPatternId('Text')).toBe(10014);
    expect(uiaPatternId('Toggle')).toBe(10015);
    expect(uiaPatternId('ScrollItem')).toBe(10017);
    expect(uiaPatternId('LegacyIAccessible')).toBe(10018);
    expect(uiaPatternId('SynchronizedInput')).toBe(10021);
  });

  it('decode RawUiaNode.patterns bit (id - 10000)', () => {
    const bits = (1 << 0) | (1 << 15) | (1 << 18); // Invoke, Toggle, LegacyIAccessible
    expect(uiaPatternNames(bits)).toEqual(['Invoke', 'Toggle', 'LegacyIAccessible']);
    expect(hasUiaPattern(bits, 'Toggle')).toBe(true);
    expect(hasUiaPattern(bits, 'Value')).toBe(false);
    expect(uiaPatternBit('SynchronizedInput')).toBe(1 << 21);
  });

  it('become verbs where they do something, by state', () => {
    const b = (...names: Parameters<typeof uiaPatternBit>[0][]) => names.reduce((m, n) => m | uiaPatternBit(n), 0);
    expect(uiaActionVerbs(b('Invoke', 'LegacyIAccessible'), { readOnly: null, expandCollapse: null })).toEqual(['invoke']);
    expect(uiaActionVerbs(b('Value'), { readOnly: true, expandCollapse: null })).toEqual([]);
    expect(uiaActionVerbs(b('Value'), { readOnly: false, expandCollapse: null })).toEqual(['set value']);
    expect(uiaActionVerbs(b('ExpandCollapse'), { readOnly: null, expandCollapse: 0 })).toEqual(['expand']);
    expect(uiaActionVerbs(b('ExpandCollapse'), { readOnly: null, expandCollapse: 1 })).toEqual(['collapse']);
    expect(uiaActionVerbs(b('ExpandCollapse'), { readOnly: null, expandCollapse: 3 })).toEqual([]);
    expect(uiaActionVerbs(b('LegacyIAccessible'), { readOnly: null, expandCollapse: null })).toEqual(['default action']);
    expect(uiaActionVerbs(b('Grid', 'Table', 'Selection'), { readOnly: null, expandCollapse: null })).toEqual([]);
  });
});

describe('UIA properties', () => {
  it('match Microsoft\'s ids', () => {
    expect(UiaProperty.RuntimeId).toBe(30000);
    expect(UiaProperty.BoundingRectangle).toBe(30001);
    expect(UiaProperty.ControlType).toBe(30003);
    expect(UiaProperty.Name).toBe(30005);
    expect(UiaProperty.IsEnabled).toBe(30010);
    expect(UiaProperty.AutomationId).toBe(30011);
    expect(UiaProperty.NativeWindowHandle).toBe(30020);
    expect(UiaProperty.IsOffscreen).toBe(30022);
    expect(UiaProperty.FrameworkId).toBe(30024);
    expect(UiaProperty.IsInvokePatternAvailable).toBe(30031);
    expect(UiaProperty.ValueValue).toBe(30045);
    expect(UiaProperty.ValueIsReadOnly).toBe(30046);
    expect(UiaProperty.ExpandCollapseExpandCollapseState).toBe(30070);
    expect(UiaProperty.SelectionItemIsSelected).toBe(30079);
    expect(UiaProperty.ToggleToggleState).toBe(30086);
    expect(UiaProperty.LegacyIAccessibleRole).toBe(30095);
    expect(new Set(Object.values(UiaProperty)).size).toBe(Object.keys(UiaProperty).length);
    expect(describeUiaProperty(30005)).toBe('Name (30005)');
    expect(describeUiaProperty(39999)).toBe('property 39999');
  });
});

describe('HRESULTs', () => {
  it('match the documented values', () => {
    expect(HRESULT.UIA_E_ELEMENTNOTENABLED).toBe(0x80040200);
    expect(HRESULT.UIA_E_ELEMENTNOTAVAILABLE).toBe(0x80040201);
    expect(HRESULT.UIA_E_NOCLICKABLEPOINT).toBe(0x80040202);
    expect(HRESULT.UIA_E_PROXYASSEMBLYNOTLOADED).toBe(0x80040203);
    expect(HRESULT.UIA_E_NOTSUPPORTED).toBe(0x80040204);
    expect(HRESULT.UIA_E_TIMEOUT).toBe(0x80131505);
    expect(HRESULT.UIA_E_INVALIDOPERATION).toBe(0x80131509);
    expect(HRESULT.E_NOTIMPL).toBe(0x80004001);
    expect(HRESULT.E_FAIL).toBe(0x80004005);
    expect(HRESULT.E_INVALIDARG).toBe(0x80070057);
    expect(HRESULT.RPC_E_DISCONNECTED).toBe(0x80010108);
    expect(HRESULT.RPC_E_CALL_REJECTED).toBe(0x80010001);
    expect(hresultFromWin32(1722)).toBe(HRESULT.RPC_S_SERVER_UNAVAILABLE);
    expect(hresultFromWin32(1400)).toBe(HRESULT.ERROR_INVALID_WINDOW_HANDLE);
    expect(hresultFromWin32(1460)).toBe(HRESULT.ERROR_TIMEOUT);
  });

  it('read from C\'s signed HRESULT and from the hex native/win writes', () => {
    expect(hresultValue(-2147220991)).toBe(0x80040201); // (HRESULT)0x80040201 as a signed 32-bit number
    expect(hresultValue('0x80040201')).toBe(0x80040201);
    expect(hresultValue('80040201')).toBeUndefined();
    expect(hresultName('0x80131505')).toBe('UIA_E_TIMEOUT');
    expect(hresultName(0x12345678)).toBeUndefined();
    expect(hresultHex(0x80004001)).toBe('0x80004001');
    expect(hresultHex(1)).toBe('0x00000001');
  });

  it('mean stale, not running, not supported or timeout as native/win/hresult_errors.cc decides', () => {
    expect(errorCodeForHresult(HRESULT.UIA_E_ELEMENTNOTAVAILABLE, { action: false, processAlive: true })).toBe('ELEMENT_STALE');
    expect(errorCodeForHresult(HRESULT.RPC_S_SERVER_UNAVAILABLE, { action: false, processAlive: false })).toBe('APP_NOT_RUNNING');
    expect(errorCodeForHresult(HRESULT.RPC_E_DISCONNECTED, { action: true, processAlive: true })).toBe('ELEMENT_STALE');
    expect(errorCodeForHresult(HRESULT.UIA_E_TIMEOUT, { action: false, processAlive: true })).toBe('TIMEOUT');
    expect(errorCodeForHresult(HRESULT.RPC_E_CALL_REJECTED, { action: false, processAlive: true })).toBe('INTERNAL');
    expect(errorCodeForHresult(HRESULT.RPC_E_CALL_REJECTED, { action: false, processAlive: true, budgetSpent: true })).toBe('TIMEOUT');
    expect(errorCodeForHresult(HRESULT.E_NOTIMPL, { action: true, processAlive: true })).toBe('PATTERN_NOT_SUPPORTED');
    expect(errorCodeForHresult(HRESULT.UIA_E_NOTSUPPORTED, { action: false, processAlive: true })).toBe('INTERNAL');
    expect(errorCodeForHresult(HRESULT.UIA_E_ELEMENTNOTENABLED, { action: true, processAlive: true })).toBe('ELEMENT_DISABLED');
    expect(errorCodeForHresult(HRESULT.UIA_E_INVALIDOPERATION, { action: true, processAlive: true })).toBe('INVALID_OPERATION');
    expect(errorCodeForHresult(HRESULT.E_ACCESSDENIED, { action: true, processAlive: true })).toBe('ACCESS_DENIED');
    expect(errorCodeForHresult(HRESULT.E_FAIL, { action: true, processAlive: true })).toBe('INTERNAL');
    expect(hresultMeaning('0xdeadbeef')).toBe('other');
  });
});

describe('MSAA roles', () => {
  it('match oleacc.h', () => {
    expect(MsaaRole.TITLEBAR).toBe(1);
    expect(MsaaRole.WINDOW).toBe(9);
    expect(MsaaRole.CLIENT).toBe(10);
    expect(MsaaRole.MENUITEM).toBe(12);
    expect(MsaaRole.GROUPING).toBe(20);
    expect(MsaaRole.LIST).toBe(33);
    expect(MsaaRole.OUTLINEITEM).toBe(36);
    expect(MsaaRole.STATICTEXT).toBe(41);
    expect(MsaaRole.TEXT).toBe(42);
    expect(MsaaRole.PUSHBUTTON).toBe(43);
    expect(MsaaRole.CHECKBUTTON).toBe(44);
    expect(MsaaRole.RADIOBUTTON).toBe(45);
    expect(MsaaRole.COMBOBOX).toBe(46);
    expect(MsaaRole.SLIDER).toBe(51);
    expect(MsaaRole.PAGETABLIST).toBe(60);
    expect(MsaaRole.OUTLINEBUTTON).toBe(64);
    // 1..64 with no gap or repeat.
    expect(MSAA_ROLES.map((r) => r[0])).toEqual(Array.from({ length: 64 }, (_, i) => i + 1));
  });

  it('become the control types Microsoft pairs them with', () => {
    expect(controlTypeForMsaaRole(MsaaRole.PUSHBUTTON)).toBe('Button');
    expect(controlTypeForMsaaRole(MsaaRole.TEXT)).toBe('Edit');
    expect(controlTypeForMsaaRole(MsaaRole.STATICTEXT)).toBe('Text');
    expect(controlTypeForMsaaRole(MsaaRole.CHECKBUTTON)).toBe('CheckBox');
    expect(controlTypeForMsaaRole(MsaaRole.OUTLINE)).toBe('Tree');
    expect(controlTypeForMsaaRole(MsaaRole.PAGETABLIST)).toBe('Tab');
    expect(controlTypeForMsaaRole(MsaaRole.CLIENT)).toBe('Pane');
    expect(controlTypeForMsaaRole(MsaaRole.DROPLIST)).toBe('ComboBox');
    expect(controlTypeForMsaaRole(1000)).toBe('Custom');
    expect(msaaRoleName(43)).toBe('ROLE_SYSTEM_PUSHBUTTON');
    expect(msaaRoleName(1000)).toBe('ROLE(1000)');
  });
});
