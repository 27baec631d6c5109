/**
 * RawUiaNode → UINode on realistic nodes: a stock Win32 dialog read through UIA's proxies and, where the proxy
 * says only Pane (Wine 10), through IAccessible; a WinForms form; a WPF window; the synthetic app root of a
 * `uia:pid:` snapshot. Checked against the model's schema and, field by field, against what a model must read.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { LambError, SnapshotData, UINode } from '../../lib/model/index.js';
import type { RawUiaNode, RawUiaSnapshot } from '../../bindings/raw.js';
import { normalizeUiaNodes, uiaRect } from '../../lib/platform/uia/uia-node.js';
import { uiaPatternBit, type UiaPatternName } from '../../lib/platform/uia/uia-patterns.js';
import { MsaaRole } from '../../lib/platform/uia/msaa-roles.js';
import { uiaSnapshotData } from '../../lib/platform/uia/uia-adapter.js';
import { uiaAppInfo, uiaWindowInfo } from '../../lib/platform/uia/uia-windows.js';

const P = (...names: UiaPatternName[]) => names.reduce((m, n) => m | uiaPatternBit(n), 0);

function raw(ref: string, parent: number, controlType: number, extra: Partial<RawUiaNode> = {}): RawUiaNode {
  return {
    ref, parent, controlType, name: '', automationId: '', className: '', frameworkId: 'Win32', rect: [0, 0, 10, 10],
    enabled: true, offscreen: false, focused: false, focusable: false, pid: 4242, hwnd: 0, patterns: 0, value: null,
    readOnly: null, toggle: null, expandCollapse: null, selected: null, range: null, childCount: 0, source: 'uia',
    msaaRole: null, ...extra,
  };
}

/** A Win32 test dialog: window > [button, check box, edit, read-only edit, combo > list item, slider], Wine's Pane-for-a-button through MSAA. */
function win32Dialog(): RawUiaNode[] {
  return [
    raw('uia:1a2b:42.6699', -1, 50032, { name: 'Test', className: '#32770', hwnd: 0x1a2b, rect: [100, 100, 400, 300], childCount: 7, patterns: P('Window', 'Transform', 'LegacyIAccessible') }),
    raw('uia:1a2b:42.100', 0, 50000, { name: 'OK', automationId: '1', className: 'Button', hwnd: 0x100, focusable: true, patterns: P('Invoke', 'LegacyIAccessible') }),
    raw('uia:1a2b:42.101', 0, 50002, { name: 'Bold', className: 'Button', hwnd: 0x101, focusable: true, toggle: 1, patterns: P('Toggle', 'LegacyIAccessible') }),
    raw('uia:1a2b:42.102', 0, 50004, { name: 'Name', className: 'Edit', hwnd: 0x102, focusable: true, focused: true, value: 'hello', readOnly: false, patterns: P('Value', 'Text', 'LegacyIAccessible') }),
    raw('uia:1a2b:42.103', 0, 50004, { name: 'Log', className: 'Edit', hwnd: 0x103, focusable: true, value: 'line', readOnly: true, patterns: P('Value', 'Text') }),
    raw('uia:1a2b:42.104', 0, 50003, { name: 'Size', className: 'ComboBox', hwnd: 0x104, value: 'Large', readOnly: true, expandCollapse: 0, childCount: 1, patterns: P('Value', 'ExpandCollapse', 'Selection') }),
    raw('uia:1a2b:42.105', 5, 50007, { name: 'Large', selected: true, offscreen: true, rect: [0, 0, 0, 0], patterns: P('SelectionItem', 'ScrollItem') }),
    // Wine 10's proxy for a stock BUTTON says Pane; native/win read IAccessible and wrote the MSAA facts.
    raw('uia:1a2b:42.106', 0, 50000, { name: 'Apply', className: 'Button', hwnd: 0x106, enabled: false, source: 'msaa', msaaRole: MsaaRole.PUSHBUTTON, patterns: P('LegacyIAccessible') }),
  ];
}

describe('normalizeUiaNodes', () => {
  it('gives schema-valid nodes with parents by ref', () => {
    const nodes = normalizeUiaNodes(win32Dialog());
    z.array(UINode).parse(nodes);
    expect(nodes.map((n) => n.parent)).toEqual([null, ...Array(5).fill('uia:1a2b:42.6699'), 'uia:1a2b:42.104', 'uia:1a2b:42.6699']);
  });

  it('reads roles, raw roles, names, values and automation ids', () => {
    const [win, ok, bold, edit, log, combo, item, apply] = normalizeUiaNodes(win32Dialog());
    expect(win).toMatchObject({ role: 'Window', rawRole: 'Window', name: 'Test', automationId: null, rect: { x: 100, y: 100, width: 400, height: 300 }, childCount: 7 });
    expect(ok).toMatchObject({ role: 'Button', rawRole: 'Button', automationId: '1', actions: ['invoke'] });
    expect(bold).toMatchObject({ role: 'CheckBox', actions: ['toggle'] });
    expect(edit).toMatchObject({ role: 'Edit', value: 'hello', actions: ['set value'] });
    expect(log).toMatchObject({ role: 'Edit', value: 'line', actions: [] });
    expect(combo).toMatchObject({ role: 'ComboBox', value: 'Large', actions: ['expand'] });
    expect(item).toMatchObject({ role: 'ListItem', rect: null, actions: ['select', 'scroll into view'] });
    expect(apply).toMatchObject({ role: 'Button', rawRole: 'ROLE_SYSTEM_PUSHBUTTON', actions: ['default action'] });
  });

  it('reads states from the properties and the patterns', () => {
    const s = normalizeUiaNodes(win32Dialog()).map((n) => n.states);
    expect(s[1]).toEqual(['enabled', 'visible', 'focusable']);
    expect(s[2]).toEqual(['enabled', 'visible', 'focusable', 'checkable', 'checked']);
    expect(s[3]).toEqual(['enabled', 'visible', 'focusable', 'focused', 'editable']);
    expect(s[4]).toEqual(['enabled', 'visible', 'focusable', 'readonly']);
    // A drop-down list: its Value is read-only, so it takes no text (select an item instead).
    expect(s[5]).toEqual(['enabled', 'visible', 'expandable', 'collapsed', 'readonly']);
    expect(s[6]).toEqual(['enabled', 'offscreen', 'selectable', 'selected']);
    expect(s[7]).toEqual(['visible']);
  });

  it('tells mixed, expanded, leaf and editable combo boxes apart', () => {
    const nodes = normalizeUiaNodes([
      raw('uia:1:1', -1, 50032),
      raw('uia:1:2', 0, 50002, { toggle: 2, patterns: P('Toggle') }),
      raw('uia:1:3', 0, 50024, { expandCollapse: 1, patterns: P('ExpandCollapse') }),
      raw('uia:1:4', 0, 50024, { expandCollapse: 3, patterns: P('ExpandCollapse') }),
      raw('uia:1:5', 0, 50003, { value: 'x', readOnly: false, expandCollapse: 0, patterns: P('Value', 'ExpandCollapse') }),
      raw('uia:1:6', 0, 50015, { value: '50', readOnly: false, range: [50, 0, 100, 1], patterns: P('RangeValue') }),
      // Wine 10 answers no pattern property for the stock Edit and accValue gave nothing: a text control still takes text.
      raw('uia:1:7', 0, 50004, { patterns: 0 }),
    ]);
    expect(nodes[1]!.states).toContain('mixed');
    expect(nodes[1]!.states).not.toContain('checked');
    expect(nodes[2]!.states).toEqual(expect.arrayContaining(['expandable', 'expanded']));
    expect(nodes[2]!.actions).toEqual(['collapse']);
    expect(nodes[3]!.states).not.toContain('expandable');
    expect(nodes[4]!.states).toContain('editable');
    expect(nodes[5]!.states).not.toContain('editable');
    expect(nodes[5]!.actions).toEqual(['set value']);
    expect(nodes[6]!.states).toContain('editable');
  });

  it('reads WinForms and WPF nodes by control type whatever their class names', () => {
    const nodes = normalizeUiaNodes([
      raw('uia:2c:42.1', -1, 50032, { name: 'Form1', frameworkId: 'WinForm', className: 'WindowsForms10.Window.8.app.0.141b42a_r6_ad1' }),
      raw('uia:2c:42.2', 0, 50000, { name: 'button1', automationId: 'button1', frameworkId: 'WinForm', className: 'WindowsForms10.BUTTON.app.0.141b42a_r6_ad1', patterns: P('Invoke') }),
      raw('uia:3d:7.1', -1, 50032, { name: 'MainWindow', frameworkId: 'WPF', className: 'Window' }),
      raw('uia:3d:7.2', 2, 50004, { automationId: 'SearchBox', frameworkId: 'WPF', className: 'TextBox', value: '', readOnly: false, patterns: P('Value', 'Text', 'Scroll') }),
      raw('uia:3d:7.3', 2, 50020, { name: 'Status: ready', frameworkId: 'WPF', className: 'TextBlock' }),
    ]);
    expect(nodes.map((n) => n.role)).toEqual(['Window', 'Button', 'Window', 'Edit', 'Text']);
    expect(nodes[1]!.automationId).toBe('button1');
    expect(nodes[3]!.actions).toEqual(['set value', 'scroll']);
    expect(nodes[4]!.states).not.toContain('editable');
  });

  it('names the synthetic app root and keeps facts only when asked', () => {
    const nodes = normalizeUiaNodes(
      [raw('uia:pid:4242', -1, 0, { name: 'notepad.exe', rect: null, childCount: 1 }), raw('uia:1a:42.1', 0, 50032, { name: 'Untitled - Notepad', patterns: P('Window') })],
      { extendedFacts: true },
    );
    expect(nodes[0]).toMatchObject({ role: 'Pane', rawRole: 'Application', name: 'notepad.exe', rect: null });
    expect(nodes[1]!.facts).toMatchObject({ interfaces: ['Window'], states: ['IsEnabled'], extents: [0, 0, 10, 10] });
    expect(nodes[1]!.facts!.attributes).toContainEqual(['FrameworkId', 'Win32']);
    expect(normalizeUiaNodes(win32Dialog())[0]!.facts).toBeUndefined();
  });

  it('refuses a parent index that breaks pre-order', () => {
    expect(() => normalizeUiaNodes([raw('uia:1:1', -1, 50032), raw('uia:1:2', 2, 50000), raw('uia:1:3', 0, 50000)])).toThrow(LambError);
  });

  it('drops empty and minimized rects', () => {
    expect(uiaRect([1, 2, 0, 5])).toBeNull();
    expect(uiaRect([-32000, -32000, 160, 28])).toBeNull();
    expect(uiaRect([-1920, 0, 800, 600])).toEqual({ x: -1920, y: 0, width: 800, height: 600 }); // a monitor left of the primary
  });
});

describe('uiaSnapshotData', () => {
  const base = (extra: Partial<RawUiaSnapshot>): RawUiaSnapshot => ({
    platform: 'uia', root: 'uia:1a2b:42.6699', app: { ref: 'uia:pid:4242', name: 'testapp.exe', pid: 4242 }, ancestors: [],
    nodes: win32Dialog(), truncated: false, incomplete: false, unfilled: [], stats: { calls: 3, method: 'cache', filled: 0 }, ...extra,
  });

  it('takes the window from the root or the outermost ancestor, and none for an app snapshot', () => {
    expect(uiaSnapshotData(base({})).window).toEqual({ ref: 'uia:1a2b:42.6699', title: 'Test' });
    const sub = uiaSnapshotData(base({ root: 'uia:1a2b:42.104', nodes: win32Dialog().slice(5).map((n, i) => ({ ...n, parent: i - 1 })), ancestors: [{ ref: 'uia:1a2b:42.6699', controlType: 50032, name: 'Test' }] }));
    expect(sub.window).toEqual({ ref: 'uia:1a2b:42.6699', title: 'Test' });
    expect(sub.ancestors).toEqual([{ ref: 'uia:1a2b:42.6699', role: 'Window', name: 'Test' }]);
    const app = uiaSnapshotData(base({ root: 'uia:pid:4242', nodes: [raw('uia:pid:4242', -1, 0, { name: 'testapp.exe' })] }));
    expect(app.window).toBeNull();
    SnapshotData.parse(app);
  });

  it('is incomplete when a subtree could not be read by any method', () => {
    expect(uiaSnapshotData(base({})).incomplete).toBe(false);
    expect(uiaSnapshotData(base({ unfilled: ['uia:1a2b:42.104'] })).incomplete).toBe(true);
  });
});

describe('windows and applications', () => {
  it('become WindowInfo and AppInfo', () => {
    const w = uiaWindowInfo({
      platform: 'uia', ref: 'uia:1a2b:42.6699', appRef: 'uia:pid:4242', app: 'testapp.exe', pid: 4242, title: 'Test',
      controlType: 50032, className: '#32770', hwnd: 0x1a2b, rect: [100, 100, 400, 300], focused: true, minimized: false, enabled: true,
    });
    expect(w).toEqual({ ref: 'uia:1a2b:42.6699', app: 'testapp.exe', appRef: 'uia:pid:4242', pid: 4242, title: 'Test', rect: { x: 100, y: 100, width: 400, height: 300 }, focused: true });
    expect(uiaWindowInfo({ ...{ platform: 'uia', ref: 'r', appRef: 'a', app: 'x', pid: 1, title: '', controlType: 50032, className: '', hwnd: 1, focused: false, enabled: true }, rect: [-32000, -32000, 160, 28], minimized: true }).rect).toBeNull();
    expect(uiaAppInfo({ platform: 'uia', ref: 'uia:pid:4242', name: 'testapp.exe', pid: 4242, toolkit: 'Win32', responding: true })).toEqual({ ref: 'uia:pid:4242', name: 'testapp.exe', pid: 4242, toolkit: 'Win32' });
  });
});
