import type { ControlType } from '../../model/index.js';

/**
 * ROLE_SYSTEM_* values (oleacc.h; Microsoft's "Object Roles") for nodes native/win read through IAccessible
 * (RawUiaNode.source 'msaa', msaaRole), with the control type each becomes.
 *
 * The control types follow Microsoft's own pairing of the two vocabularies (the "Control Types and accRole"
 * table of Appendix G, Active Accessibility Bridge to UI Automation), read in the other direction: PUSHBUTTON
 * is Button, TEXT is Edit, STATICTEXT is Text, OUTLINE is Tree, PAGETABLIST is Tab, BUTTONDROPDOWN is
 * SplitButton, INDICATOR is Thumb, CLIENT is Pane. Roles the table gives no control type (sounds, carets,
 * equations, ...) are Custom, UIA's word for a control without a standard type, except where a role plainly
 * is one: DIALOG and APPLICATION windows are Window, the image-like ones (CHART, DIAGRAM, ANIMATION) Image,
 * DROPLIST a ComboBox, CELL a DataItem, ROW a DataItem's row (DataItem), HOTKEYFIELD and IPADDRESS Edit.
 */
export const MSAA_ROLES = Object.freeze([
  // [value, ROLE_SYSTEM_ name, control type]
  [1, 'TITLEBAR', 'TitleBar'],
  [2, 'MENUBAR', 'MenuBar'],
  [3, 'SCROLLBAR', 'ScrollBar'],
  [4, 'GRIP', 'Thumb'],
  [5, 'SOUND', 'Custom'],
  [6, 'CURSOR', 'Custom'],
  [7, 'CARET', 'Custom'],
  [8, 'ALERT', 'Pane'],
  [9, 'WINDOW', 'Window'],
  [10, 'CLIENT', 'Pane'],
  [11, 'MENUPOPUP', 'Menu'],
  [12, 'MENUITEM', 'MenuItem'],
  [13, 'TOOLTIP', 'ToolTip'],
  [14, 'APPLICATION', 'Window'],
  [15, 'DOCUMENT', 'Document'],
  [16, 'PANE', 'Pane'],
  [17, 'CHART', 'Image'],
  [18, 'DIALOG', 'Window'],
  [19, 'BORDER', 'Custom'],
  [20, 'GROUPING', 'Group'],
  [21, 'SEPARATOR', 'Separator'],
  [22, 'TOOLBAR', 'ToolBar'],
  [23, 'STATUSBAR', 'StatusBar'],
  [24, 'TABLE', 'Table'],
  [25, 'COLUMNHEADER', 'HeaderItem'],
  [26, 'ROWHEADER', 'HeaderItem'],
  [27, 'COLUMN', 'Custom'],
  [28, 'ROW', 'DataItem'],
  [29, 'CELL', 'DataItem'],
  [30, 'LINK', 'Hyperlink'],
  [31, 'HELPBALLOON', 'ToolTip'],
  [32, 'CHARACTER', 'Custom'],
  [33, 'LIST', 'List'],
  [34, 'LISTITEM', 'ListItem'],
  [35, 'OUTLINE', 'Tree'],
  [36, 'OUTLINEITEM', 'TreeItem'],
  [37, 'PAGETAB', 'TabItem'],
  [38, 'PROPERTYPAGE', 'Pane'],
  [39, 'INDICATOR', 'Thumb'],
  [40, 'GRAPHIC', 'Image'],
  [41, 'STATICTEXT', 'Text'],
  [42, 'TEXT', 'Edit'],
  [43, 'PUSHBUTTON', 'Button'],
  [44, 'CHECKBUTTON', 'CheckBox'],
  [45, 'RADIOBUTTON', 'RadioButton'],
  [46, 'COMBOBOX', 'ComboBox'],
  [47, 'DROPLIST', 'ComboBox'],
  [48, 'PROGRESSBAR', 'ProgressBar'],
  [49, 'DIAL', 'Custom'],
  [50, 'HOTKEYFIELD', 'Edit'],
  [51, 'SLIDER', 'Slider'],
  [52, 'SPINBUTTON', 'Spinner'],
  [53, 'DIAGRAM', 'Image'],
  [54, 'ANIMATION', 'Image'],
  [55, 'EQUATION', 'Custom'],
  [56, 'BUTTONDROPDOWN', 'SplitButton'],
  [57, 'BUTTONMENU', 'MenuItem'],
  [58, 'BUTTONDROPDOWNGRID', 'Button'],
  [59, 'WHITESPACE', 'Custom'],
  [60, 'PAGETABLIST', 'Tab'],
  [61, 'CLOCK', 'Button'],
  [62, 'SPLITBUTTON', 'SplitButton'],
  [63, 'IPADDRESS', 'Edit'],
  [64, 'OUTLINEBUTTON', 'Button'],
] as const satisfies readonly (readonly [number, string, ControlType])[]);

/** ROLE_SYSTEM_* by name, for code that tests a role (MsaaRole.TEXT). */
export const MsaaRole = Object.freeze(
  Object.fromEntries(MSAA_ROLES.map(([value, name]) => [name, value])) as { readonly [K in (typeof MSAA_ROLES)[number][1]]: number },
);

const BY_VALUE: ReadonlyMap<number, readonly [number, string, ControlType]> = new Map(MSAA_ROLES.map((r) => [r[0], r]));

/** The control type of an MSAA role; Custom for a value outside oleacc.h (a server's own role). */
export function controlTypeForMsaaRole(role: number): ControlType {
  return BY_VALUE.get(role)?.[2] ?? 'Custom';
}

/** UINode.rawRole of an MSAA node: "ROLE_SYSTEM_PUSHBUTTON"; "ROLE(<n>)" outside oleacc.h. */
export function msaaRoleName(role: number): string {
  const r = BY_VALUE.get(role);
  return r ? `ROLE_SYSTEM_${r[1]}` : `ROLE(${role})`;
}
