import type { ControlType } from '../../model/index.js';

/**
 * UIA_*ControlTypeId values (Microsoft's "Control Type Identifiers", UIAutomationClient.h): 50000 Button to
 * 50040 AppBar. The model's role vocabulary is UIA's own control-type names (lib/model/control-type.ts), so
 * a UIA node's role is its control type read by name; the table is by id so that a raw number maps in one lookup.
 */
export const UIA_CONTROL_TYPE_IDS: { readonly [K in ControlType]: number } = Object.freeze({
  Button: 50000,
  Calendar: 50001,
  CheckBox: 50002,
  ComboBox: 50003,
  Edit: 50004,
  Hyperlink: 50005,
  Image: 50006,
  ListItem: 50007,
  List: 50008,
  Menu: 50009,
  MenuBar: 50010,
  MenuItem: 50011,
  ProgressBar: 50012,
  RadioButton: 50013,
  ScrollBar: 50014,
  Slider: 50015,
  Spinner: 50016,
  StatusBar: 50017,
  Tab: 50018,
  TabItem: 50019,
  Text: 50020,
  ToolBar: 50021,
  ToolTip: 50022,
  Tree: 50023,
  TreeItem: 50024,
  Custom: 50025,
  Group: 50026,
  Thumb: 50027,
  DataGrid: 50028,
  DataItem: 50029,
  Document: 50030,
  SplitButton: 50031,
  Window: 50032,
  Pane: 50033,
  Header: 50034,
  HeaderItem: 50035,
  Table: 50036,
  TitleBar: 50037,
  Separator: 50038,
  SemanticZoom: 50039,
  AppBar: 50040,
});

export const UIA_FIRST_CONTROL_TYPE_ID = 50000;
export const UIA_LAST_CONTROL_TYPE_ID = 50040;

/** controlType 0: the synthetic root of a `uia:pid:` snapshot (the process), which UIA has no element for. */
export const UIA_APP_ROOT_CONTROL_TYPE = 0;

const BY_ID: ReadonlyMap<number, ControlType> = new Map(
  (Object.entries(UIA_CONTROL_TYPE_IDS) as [ControlType, number][]).map(([name, id]) => [id, name]),
);

/** The control type's name for an id; undefined for an id outside Microsoft's table (a newer SDK's, or garbage). */
export function uiaControlTypeName(id: number): ControlType | undefined {
  return BY_ID.get(id);
}

/**
 * The model role of a UIA control type. An id past the table is a provider's newer or custom type: 'Custom'
 * is UIA's own word for a control with no standard type. The app root is a container of windows, not a window
 * a model could move or close: 'Pane', as the AT-SPI application root is.
 */
export function controlTypeForUia(id: number): ControlType {
  if (id === UIA_APP_ROOT_CONTROL_TYPE) return 'Pane';
  return BY_ID.get(id) ?? 'Custom';
}

/**
 * UINode.rawRole of a UIA node: the control type's programmatic name ("Button", as .NET's ControlType.Button
 * and pywinauto's control_type spell it); "Application" for the synthetic app root; "ControlType(<id>)" for
 * an id Microsoft's table lacks, so that the number is still there to read.
 */
export function uiaRawRoleName(id: number): string {
  if (id === UIA_APP_ROOT_CONTROL_TYPE) return 'Application';
  return BY_ID.get(id) ?? `ControlType(${id})`;
}
