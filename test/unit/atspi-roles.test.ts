import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { ControlType } from '../../lib/model/index.js';
import { ATSPI_INTERFACE_ORDER, type RawAtspiNode } from '../../lib/platform/atspi/atspi-raw.js';
import {
  ATSPI_ROLE_MAX,
  AtspiRole,
  type AtspiRoleKey,
  atspiRoleName,
  controlTypeForAtspi,
  controlTypeForAtspiRole,
} from '../../lib/platform/atspi/atspi-roles.js';
import { AtspiStateType } from '../../lib/platform/atspi/atspi-states.js';

interface Fixture {
  roles: { value: number; constant: string; name: string }[];
}
// Generated from the installed libatspi 2.46 (gi.repository.Atspi); see the file's "generator".
const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/atspi-role-names.json', import.meta.url), 'utf8'),
) as Fixture;
const libatspiRoles = fixture.roles.filter((r) => r.constant !== 'ATSPI_ROLE_LAST_DEFINED');

function node(role: number, extra: Partial<Pick<RawAtspiNode, 'name' | 'states' | 'interfaces'>> = {}) {
  return { role, name: extra.name ?? '', states: extra.states ?? ([0, 0] as [number, number]), interfaces: extra.interfaces ?? 0 };
}
const EDITABLE_TEXT = 1 << ATSPI_INTERFACE_ORDER.indexOf('EditableText');
const EDITABLE_STATE: [number, number] = [1 << AtspiStateType.EDITABLE, 0];

describe('AtspiRole', () => {
  it('numbers every libatspi 2.46 role like atspi-constants.h', () => {
    expect(libatspiRoles).toHaveLength(130);
    for (const { value, constant } of libatspiRoles) {
      const key = constant.replace(/^ATSPI_ROLE_/, '') as AtspiRoleKey;
      expect(AtspiRole[key], constant).toBe(value);
    }
  });

  it('is contiguous from 0 to ATSPI_ROLE_MAX, with SWITCH appended after 2.46 and no LAST_DEFINED sentinel', () => {
    const values = Object.values(AtspiRole).sort((a, b) => a - b);
    expect(values).toEqual(Array.from({ length: ATSPI_ROLE_MAX + 1 }, (_, i) => i));
    expect(AtspiRole.PUSH_BUTTON_MENU).toBe(129);
    expect(AtspiRole.SWITCH).toBe(130);
    expect(ATSPI_ROLE_MAX).toBe(130);
    expect(Object.keys(AtspiRole)).not.toContain('LAST_DEFINED');
  });
});

describe('atspiRoleName', () => {
  it('equals atspi_role_get_name for every role 0..129', () => {
    for (const { value, name } of libatspiRoles) expect(atspiRoleName(value), `role ${value}`).toBe(name);
  });

  it('spells the names that differ from the C constants as libatspi does', () => {
    expect(atspiRoleName(AtspiRole.PUSH_BUTTON)).toBe('push button');
    expect(atspiRoleName(AtspiRole.PAGE_TAB_LIST)).toBe('page tab list');
    expect(atspiRoleName(AtspiRole.HTML_CONTAINER)).toBe('html container');
    expect(atspiRoleName(AtspiRole.MENU_BAR)).toBe('menu bar');
  });

  it('names 130 "switch" instead of 2.46\'s sentinel nick', () => {
    const sentinel = fixture.roles.find((r) => r.value === 130);
    expect(sentinel).toEqual({ value: 130, constant: 'ATSPI_ROLE_LAST_DEFINED', name: 'last defined' });
    expect(atspiRoleName(130)).toBe('switch');
  });

  it('gives a recognisable placeholder for values no release defines, never a real role name', () => {
    const real = new Set(libatspiRoles.map((r) => r.name));
    for (const bad of [131, 1000, -1, 2.5, Number.NaN]) {
      expect(atspiRoleName(bad)).toBe(`role ${bad}`);
      expect(real.has(atspiRoleName(bad))).toBe(false);
    }
  });
});

describe('controlTypeForAtspiRole', () => {
  it('maps every role to a valid control type', () => {
    for (let role = 0; role <= ATSPI_ROLE_MAX; role++) {
      expect(ControlType.options, `role ${role} (${atspiRoleName(role)})`).toContain(controlTypeForAtspiRole(role));
    }
  });

  it('uses Custom only for roles with no UIA counterpart', () => {
    const custom = [];
    for (let role = 0; role <= ATSPI_ROLE_MAX; role++) if (controlTypeForAtspiRole(role) === 'Custom') custom.push(atspiRoleName(role));
    expect(custom.sort()).toEqual(
      ['extended', 'focus traversable', 'invalid', 'redundant object', 'ruler', 'unknown'].sort(),
    );
  });

  it('maps unknown values to Custom', () => {
    expect(controlTypeForAtspiRole(131)).toBe('Custom');
    expect(controlTypeForAtspiRole(-1)).toBe('Custom');
  });

  it('matches what a Windows model sees for the common widgets', () => {
    const expected: [AtspiRoleKey, ControlType][] = [
      ['PUSH_BUTTON', 'Button'], ['TOGGLE_BUTTON', 'Button'], ['PUSH_BUTTON_MENU', 'Button'], ['SWITCH', 'Button'],
      ['CHECK_BOX', 'CheckBox'], ['CHECK_MENU_ITEM', 'MenuItem'], ['RADIO_BUTTON', 'RadioButton'],
      ['RADIO_MENU_ITEM', 'MenuItem'], ['ENTRY', 'Edit'], ['PASSWORD_TEXT', 'Edit'], ['TEXT', 'Edit'],
      ['LABEL', 'Text'], ['STATIC', 'Text'], ['CAPTION', 'Text'], ['HEADING', 'Text'], ['PARAGRAPH', 'Text'],
      ['COMBO_BOX', 'ComboBox'], ['LIST', 'List'], ['LIST_BOX', 'List'], ['LIST_ITEM', 'ListItem'],
      ['MENU', 'Menu'], ['POPUP_MENU', 'Menu'], ['MENU_BAR', 'MenuBar'], ['MENU_ITEM', 'MenuItem'],
      ['PAGE_TAB_LIST', 'Tab'], ['PAGE_TAB', 'TabItem'], ['TREE', 'Tree'], ['TREE_TABLE', 'Tree'],
      ['TREE_ITEM', 'TreeItem'], ['TABLE', 'Table'], ['TABLE_CELL', 'DataItem'], ['TABLE_ROW', 'DataItem'],
      ['COLUMN_HEADER', 'HeaderItem'], ['ROW_HEADER', 'HeaderItem'], ['TABLE_COLUMN_HEADER', 'HeaderItem'],
      ['TABLE_ROW_HEADER', 'HeaderItem'], ['LINK', 'Hyperlink'], ['IMAGE', 'Image'], ['ICON', 'Image'],
      ['PROGRESS_BAR', 'ProgressBar'], ['LEVEL_BAR', 'ProgressBar'], ['SLIDER', 'Slider'],
      ['SPIN_BUTTON', 'Spinner'], ['SCROLL_BAR', 'ScrollBar'], ['STATUS_BAR', 'StatusBar'],
      ['TOOL_BAR', 'ToolBar'], ['TOOL_TIP', 'ToolTip'], ['PANEL', 'Pane'], ['FILLER', 'Pane'],
      ['SCROLL_PANE', 'Pane'], ['VIEWPORT', 'Pane'], ['SPLIT_PANE', 'Pane'], ['LAYERED_PANE', 'Pane'],
      ['ROOT_PANE', 'Pane'], ['SECTION', 'Group'], ['FORM', 'Group'], ['GROUPING', 'Group'],
      ['FRAME', 'Window'], ['WINDOW', 'Window'], ['DIALOG', 'Window'], ['ALERT', 'Window'],
      ['FILE_CHOOSER', 'Window'], ['DOCUMENT_FRAME', 'Document'], ['DOCUMENT_TEXT', 'Document'],
      ['DOCUMENT_WEB', 'Document'], ['DOCUMENT_SPREADSHEET', 'Document'], ['DOCUMENT_PRESENTATION', 'Document'],
      ['SEPARATOR', 'Separator'], ['TITLE_BAR', 'TitleBar'], ['APPLICATION', 'Pane'], ['CALENDAR', 'Calendar'],
      ['CANVAS', 'Image'], ['DRAWING_AREA', 'Pane'],
    ];
    for (const [key, type] of expected) expect(controlTypeForAtspiRole(AtspiRole[key]), key).toBe(type);
  });
});

describe('controlTypeForAtspi refinements', () => {
  it('makes a text node Edit when it can be edited and Text when it only shows text', () => {
    expect(controlTypeForAtspi(node(AtspiRole.TEXT, { interfaces: EDITABLE_TEXT }))).toBe('Edit');
    expect(controlTypeForAtspi(node(AtspiRole.TEXT, { states: EDITABLE_STATE }))).toBe('Edit');
    expect(controlTypeForAtspi(node(AtspiRole.TEXT))).toBe('Text');
    // Other interfaces alone do not make it editable.
    expect(controlTypeForAtspi(node(AtspiRole.TEXT, { interfaces: ~EDITABLE_TEXT }))).toBe('Text');
  });

  it('reads the interface and state bits whether the words arrive signed or unsigned', () => {
    expect(controlTypeForAtspi(node(AtspiRole.TEXT, { interfaces: EDITABLE_TEXT | (1 << 31) }))).toBe('Edit');
    expect(controlTypeForAtspi(node(AtspiRole.TEXT, { states: [(1 << AtspiStateType.EDITABLE) | (1 << 31), 0] }))).toBe('Edit');
  });

  it('keeps an editable LibreOffice paragraph Text', () => {
    // Real state and interfaces of a Writer paragraph: editable, focused, EditableText + Text + Hypertext.
    const ifaces = ['Accessible', 'Collection', 'Component', 'EditableText', 'Hypertext', 'Selection', 'Text'] as const;
    const interfaces = ifaces.reduce((m, n) => m | (1 << ATSPI_INTERFACE_ORDER.indexOf(n)), 0);
    expect(controlTypeForAtspi(node(AtspiRole.PARAGRAPH, { interfaces, states: [1109793152, 0] }), AtspiRole.DOCUMENT_TEXT)).toBe('Text');
  });

  it('makes a named panel a Group and an unnamed one a Pane', () => {
    expect(controlTypeForAtspi(node(AtspiRole.PANEL, { name: 'Options' }))).toBe('Group');
    expect(controlTypeForAtspi(node(AtspiRole.PANEL))).toBe('Pane');
    expect(controlTypeForAtspi(node(AtspiRole.FILLER, { name: 'named filler' }))).toBe('Pane');
  });

  it("makes a filler that is a direct child of the application a Window (Qt's top-level QWidget)", () => {
    expect(controlTypeForAtspi(node(AtspiRole.FILLER, { name: 'Line Edits' }), AtspiRole.APPLICATION)).toBe('Window');
    expect(controlTypeForAtspi(node(AtspiRole.FILLER), AtspiRole.FRAME)).toBe('Pane');
    expect(controlTypeForAtspi(node(AtspiRole.FILLER))).toBe('Pane');
  });

  it('makes a menu that opens from a menu bar or another menu a MenuItem', () => {
    expect(controlTypeForAtspi(node(AtspiRole.MENU), AtspiRole.MENU_BAR)).toBe('MenuItem');
    expect(controlTypeForAtspi(node(AtspiRole.MENU), AtspiRole.MENU)).toBe('MenuItem');
    expect(controlTypeForAtspi(node(AtspiRole.MENU), AtspiRole.POPUP_MENU)).toBe('MenuItem');
    expect(controlTypeForAtspi(node(AtspiRole.MENU), AtspiRole.COMBO_BOX)).toBe('Menu');
    expect(controlTypeForAtspi(node(AtspiRole.MENU), AtspiRole.TOGGLE_BUTTON)).toBe('Menu');
    expect(controlTypeForAtspi(node(AtspiRole.MENU))).toBe('Menu');
  });

  it('makes dialog-like roles Window only at the top level', () => {
    for (const role of [AtspiRole.DIALOG, AtspiRole.FILE_CHOOSER, AtspiRole.COLOR_CHOOSER, AtspiRole.FONT_CHOOSER]) {
      expect(controlTypeForAtspi(node(role), AtspiRole.APPLICATION)).toBe('Window');
      expect(controlTypeForAtspi(node(role))).toBe('Window');
      expect(controlTypeForAtspi(node(role), AtspiRole.FILE_CHOOSER)).toBe('Pane');
      expect(controlTypeForAtspi(node(role), AtspiRole.PANEL)).toBe('Pane');
    }
    for (const role of [AtspiRole.ALERT, AtspiRole.NOTIFICATION]) {
      expect(controlTypeForAtspi(node(role), AtspiRole.APPLICATION)).toBe('Window');
      expect(controlTypeForAtspi(node(role), AtspiRole.FILLER)).toBe('Group');
    }
    // A frame is a window wherever it is.
    expect(controlTypeForAtspi(node(AtspiRole.FRAME), AtspiRole.PANEL)).toBe('Window');
  });

  it('makes table cells TreeItem inside a tree and DataItem elsewhere', () => {
    expect(controlTypeForAtspi(node(AtspiRole.TABLE_CELL), AtspiRole.TREE_TABLE)).toBe('TreeItem');
    expect(controlTypeForAtspi(node(AtspiRole.TABLE_CELL), AtspiRole.TREE)).toBe('TreeItem');
    expect(controlTypeForAtspi(node(AtspiRole.TABLE_CELL), AtspiRole.TABLE)).toBe('DataItem');
    expect(controlTypeForAtspi(node(AtspiRole.TABLE_CELL))).toBe('DataItem');
  });

  it('falls back to the role table for every other role', () => {
    const refined = new Set<number>([
      AtspiRole.TEXT, AtspiRole.PANEL, AtspiRole.MENU, AtspiRole.DIALOG, AtspiRole.FILE_CHOOSER,
      AtspiRole.COLOR_CHOOSER, AtspiRole.FONT_CHOOSER, AtspiRole.ALERT, AtspiRole.NOTIFICATION, AtspiRole.TABLE_CELL,
    ]);
    for (let role = 0; role <= ATSPI_ROLE_MAX + 3; role++) {
      if (refined.has(role)) continue;
      const n = node(role, { name: 'x', states: [-1, -1], interfaces: -1 });
      expect(controlTypeForAtspi(n, AtspiRole.MENU_BAR), atspiRoleName(role)).toBe(controlTypeForAtspiRole(role));
    }
  });
});
