/**
 * The UIA adapter's pure parts: key codes (virtual keys, code points) and the editability facts that
 * lib/act/editability.ts refuses writes by, on nodes normalized from raw UIA facts (so the rule and the
 * normalization are checked together, as a Windows user meets them).
 */
import { describe, expect, it } from 'vitest';
import { editRefusal } from '../../lib/act/editability.js';
import { ufoKeyboardInputEvents } from '../../lib/act/keys/ufo-escape.js';
import { LambError, type Action } from '../../lib/model/index.js';
import type { RawUiaNode } from '../../bindings/raw.js';
import { UiaAdapter } from '../../lib/platform/uia/uia-adapter.js';
import { normalizeUiaNodes } from '../../lib/platform/uia/uia-node.js';
import { uiaPatternBit } from '../../lib/platform/uia/uia-patterns.js';
import { MsaaRole } from '../../lib/platform/uia/msaa-roles.js';

const adapter = new UiaAdapter();

function node(controlType: number, extra: Partial<RawUiaNode> = {}) {
  const raw: RawUiaNode = {
    ref: 'uia:1a:1.2', parent: -1, controlType, name: 'n', automationId: '', className: '', frameworkId: 'Win32',
    rect: [0, 0, 10, 10], enabled: true, offscreen: false, focused: false, focusable: true, pid: 1, hwnd: 0, patterns: 0,
    value: null, readOnly: null, toggle: null, expandCollapse: null, selected: null, range: null, childCount: 0,
    source: 'uia', msaaRole: null, ...extra,
  };
  return normalizeUiaNodes([raw])[0]!;
}

const setText = { function: 'set_edit_text', args: { id: 'uia:1a:1.2', text: 'x' } } as Action;
const setNumber = { function: 'set_value', args: { id: 'uia:1a:1.2', value: 3 } } as Action;
const keys = (k: string) => ({ function: 'keyboard_input', args: { id: 'uia:1a:1.2', keys: k, control_focus: true } }) as Action;
const refuse = (a: Action, n: ReturnType<typeof node>, k?: string) =>
  editRefusal(adapter.editability, a, n, k === undefined ? {} : { keyEvents: ufoKeyboardInputEvents(k) });

describe('UiaAdapter key codes', () => {
  it('are virtual keys for key names and character keys', () => {
    expect(adapter.keyCode('ENTER')).toBe(0x0d);
    expect(adapter.keyCode('VK_CONTROL')).toBe(0x11);
    expect(adapter.keyCode('F5')).toBe(0x74);
    expect(adapter.keyCode('a')).toBe(0x41);
    expect(adapter.keyCode('7')).toBe(0x37);
  });

  it('refuse a key no virtual key presses', () => {
    expect(() => adapter.keyCode('é')).toThrow(LambError);
    expect(() => adapter.keyCode('NOSUCHKEY')).toThrow(/no Windows virtual key/);
  });

  it('type characters by code point, astral ones whole', () => {
    expect(adapter.charCode('a')).toBe(0x61);
    expect(adapter.charCode('é')).toBe(0xe9);
    expect(adapter.charCode('😀')).toBe(0x1f600);
  });
});

describe('editability on UIA', () => {
  const P = uiaPatternBit;
  it('refuses text into a read-only Edit and lets a writable one through', () => {
    const ro = node(50004, { value: 'x', readOnly: true, patterns: P('Value') });
    const rw = node(50004, { value: 'x', readOnly: false, patterns: P('Value') });
    expect(refuse(setText, ro)?.code).toBe('INVALID_OPERATION');
    expect(refuse(setText, rw)).toBeNull();
    expect(refuse(setNumber, ro)?.code).toBe('INVALID_OPERATION');
  });

  it('refuses typed characters into a read-only text control but not shortcuts', () => {
    const ro = node(50030, { readOnly: true, patterns: P('Value') | P('Text') });
    expect(refuse(keys('abc'), ro, 'abc')?.code).toBe('INVALID_OPERATION');
    expect(refuse(keys('{VK_CONTROL}c'), ro, '{VK_CONTROL}c')).toBeNull();
    // A Document with only a TextPattern says nothing about read-only: it takes text.
    expect(refuse(keys('abc'), node(50030, { patterns: P('Text') }), 'abc')).toBeNull();
  });

  it('treats a stock edit read through MSAA by its role', () => {
    const ro = node(50004, { source: 'msaa', msaaRole: MsaaRole.TEXT, value: 'v', readOnly: true });
    expect(ro.rawRole).toBe('ROLE_SYSTEM_TEXT');
    expect(refuse(keys('abc'), ro, 'abc')?.code).toBe('INVALID_OPERATION');
  });

  it('refuses text into a drop-down list combo box, takes it into an editable one', () => {
    const dropList = node(50003, { value: 'Large', readOnly: true, patterns: P('Value') | P('ExpandCollapse') });
    const editable = node(50003, { value: 'Large', readOnly: false, patterns: P('Value') | P('ExpandCollapse') });
    expect(refuse(setText, dropList)?.code).toBe('INVALID_OPERATION');
    expect(refuse(setText, editable)).toBeNull();
  });

  it('refuses a number on a progress bar, not on a slider', () => {
    expect(refuse(setNumber, node(50012, { range: [3, 0, 10, 1], readOnly: true, patterns: P('RangeValue') }))?.code).toBe('INVALID_OPERATION');
    expect(refuse(setNumber, node(50015, { range: [3, 0, 10, 1], readOnly: false, patterns: P('RangeValue') }))).toBeNull();
  });
});
