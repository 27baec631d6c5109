import type { ControlType } from '../../model/index.js';
import type { RawAtspiNode } from './atspi-raw.js';

/**
 * AtspiRole as at-spi2-core 2.46 numbers it (atspi-constants.h: a plain C enum, append-only, 0 = INVALID,
 * 129 = PUSH_BUTTON_MENU; ATSPI_ROLE_COUNT is 130 there).
 *
 * SWITCH = 130 is not in 2.46: later at-spi2-core releases appended it, GTK4 sends it for switches, and libatspi
 * 2.46 would call that value "last defined" (its sentinel's nick). Naming it here keeps a switch a Button instead
 * of an unknown role. The 2.46 sentinel LAST_DEFINED itself is left out: its value moves with every release.
 *
 * A frozen object rather than a TypeScript `enum`: callers can type-strip this file (Node's
 * --experimental-strip-types rejects enums) and the values stay plain numbers on the wire.
 */
export const AtspiRole = Object.freeze({
  INVALID: 0,
  ACCELERATOR_LABEL: 1,
  ALERT: 2,
  ANIMATION: 3,
  ARROW: 4,
  CALENDAR: 5,
  CANVAS: 6,
  CHECK_BOX: 7,
  CHECK_MENU_ITEM: 8,
  COLOR_CHOOSER: 9,
  COLUMN_HEADER: 10,
  COMBO_BOX: 11,
  DATE_EDITOR: 12,
  DESKTOP_ICON: 13,
  DESKTOP_FRAME: 14,
  DIAL: 15,
  DIALOG: 16,
  DIRECTORY_PANE: 17,
  DRAWING_AREA: 18,
  FILE_CHOOSER: 19,
  FILLER: 20,
  FOCUS_TRAVERSABLE: 21,
  FONT_CHOOSER: 22,
  FRAME: 23,
  GLASS_PANE: 24,
  HTML_CONTAINER: 25,
  ICON: 26,
  IMAGE: 27,
  INTERNAL_FRAME: 28,
  LABEL: 29,
  LAYERED_PANE: 30,
  LIST: 31,
  LIST_ITEM: 32,
  MENU: 33,
  MENU_BAR: 34,
  MENU_ITEM: 35,
  OPTION_PANE: 36,
  PAGE_TAB: 37,
  PAGE_TAB_LIST: 38,
  PANEL: 39,
  PASSWORD_TEXT: 40,
  POPUP_MENU: 41,
  PROGRESS_BAR: 42,
  PUSH_BUTTON: 43,
  RADIO_BUTTON: 44,
  RADIO_MENU_ITEM: 45,
  ROOT_PANE: 46,
  ROW_HEADER: 47,
  SCROLL_BAR: 48,
  SCROLL_PANE: 49,
  SEPARATOR: 50,
  SLIDER: 51,
  SPIN_BUTTON: 52,
  SPLIT_PANE: 53,
  STATUS_BAR: 54,
  TABLE: 55,
  TABLE_CELL: 56,
  TABLE_COLUMN_HEADER: 57,
  TABLE_ROW_HEADER: 58,
  TEAROFF_MENU_ITEM: 59,
  TERMINAL: 60,
  TEXT: 61,
  TOGGLE_BUTTON: 62,
  TOOL_BAR: 63,
  TOOL_TIP: 64,
  TREE: 65,
  TREE_TABLE: 66,
  UNKNOWN: 67,
  VIEWPORT: 68,
  WINDOW: 69,
  EXTENDED: 70,
  HEADER: 71,
  FOOTER: 72,
  PARAGRAPH: 73,
  RULER: 74,
  APPLICATION: 75,
  AUTOCOMPLETE: 76,
  EDITBAR: 77,
  EMBEDDED: 78,
  ENTRY: 79,
  CHART: 80,
  CAPTION: 81,
  DOCUMENT_FRAME: 82,
  HEADING: 83,
  PAGE: 84,
  SECTION: 85,
  REDUNDANT_OBJECT: 86,
  FORM: 87,
  LINK: 88,
  INPUT_METHOD_WINDOW: 89,
  TABLE_ROW: 90,
  TREE_ITEM: 91,
  DOCUMENT_SPREADSHEET: 92,
  DOCUMENT_PRESENTATION: 93,
  DOCUMENT_TEXT: 94,
  DOCUMENT_WEB: 95,
  DOCUMENT_EMAIL: 96,
  COMMENT: 97,
  LIST_BOX: 98,
  GROUPING: 99,
  IMAGE_MAP: 100,
  NOTIFICATION: 101,
  INFO_BAR: 102,
  LEVEL_BAR: 103,
  TITLE_BAR: 104,
  BLOCK_QUOTE: 105,
  AUDIO: 106,
  VIDEO: 107,
  DEFINITION: 108,
  ARTICLE: 109,
  LANDMARK: 110,
  LOG: 111,
  MARQUEE: 112,
  MATH: 113,
  RATING: 114,
  TIMER: 115,
  STATIC: 116,
  MATH_FRACTION: 117,
  MATH_ROOT: 118,
  SUBSCRIPT: 119,
  SUPERSCRIPT: 120,
  DESCRIPTION_LIST: 121,
  DESCRIPTION_TERM: 122,
  DESCRIPTION_VALUE: 123,
  FOOTNOTE: 124,
  CONTENT_DELETION: 125,
  CONTENT_INSERTION: 126,
  MARK: 127,
  SUGGESTION: 128,
  PUSH_BUTTON_MENU: 129,
  SWITCH: 130,
} as const);
export type AtspiRole = (typeof AtspiRole)[keyof typeof AtspiRole];
export type AtspiRoleKey = keyof typeof AtspiRole;

/** Highest role value this table knows (SWITCH). */
export const ATSPI_ROLE_MAX = AtspiRole.SWITCH;

/**
 * Per role: the name atspi_role_get_name() gives (libatspi 2.46; test/fixtures/atspi-role-names.json is the
 * reference), and the UI Automation control type a model on Windows would see for the same widget.
 *
 * Principles, so that a model sees the same words on both platforms:
 * - Window only for real windows. The application root is not one (Pane).
 * - Pane for containers that only lay out or scroll (GTK fillers and panels, scroll panes, viewports),
 *   Group for logical groupings with a meaning of their own (named frames, sections, forms, landmarks),
 *   as UIA does (WinForms Panel = Pane, GroupBox = Group).
 * - Toggle, menu and switch buttons stay Button: UIA expresses "toggles" and "opens a menu" with patterns, not
 *   control types. Checkable menu entries stay MenuItem for the same reason.
 * - Text for anything that only displays text, Edit for anything a user types into.
 * - Custom only where UIA has nothing close.
 * controlTypeForAtspi refines a few roles with the node's interfaces, states, name and parent role.
 */
const ROLE_TABLE = {
  INVALID: ['invalid', 'Custom'], // not a real role: a node that failed to report one
  ACCELERATOR_LABEL: ['accelerator label', 'Text'], // the "Ctrl+S" label beside a menu item
  ALERT: ['alert', 'Window'], // GtkMessageDialog is a top-level "alert"; embedded ones become Group (see controlTypeForAtspi)
  ANIMATION: ['animation', 'Image'],
  ARROW: ['arrow', 'Image'], // a drawn arrow glyph (GTK2 GtkArrow), decoration rather than a button
  CALENDAR: ['calendar', 'Calendar'],
  CANVAS: ['canvas', 'Image'], // a drawn surface with no parts; Chromium exposes <canvas> as Image
  CHECK_BOX: ['check box', 'CheckBox'],
  CHECK_MENU_ITEM: ['check menu item', 'MenuItem'], // UIA keeps checkable menu entries MenuItem (with the Toggle pattern), never CheckBox
  COLOR_CHOOSER: ['color chooser', 'Window'], // top-level in a color dialog; an embedded chooser becomes Pane
  COLUMN_HEADER: ['column header', 'HeaderItem'],
  COMBO_BOX: ['combo box', 'ComboBox'],
  DATE_EDITOR: ['date editor', 'Group'], // a composite of fields; UIA has no date-editor type
  DESKTOP_ICON: ['desktop icon', 'ListItem'], // Explorer shows desktop icons as ListItems of the desktop list
  DESKTOP_FRAME: ['desktop frame', 'Pane'], // the Windows desktop itself is a Pane
  DIAL: ['dial', 'Slider'], // a rotary range control; UIA models every range control as Slider
  DIALOG: ['dialog', 'Window'], // dialogs are Windows on Windows; a dialog-role node nested in a window becomes Pane
  DIRECTORY_PANE: ['directory pane', 'Pane'],
  DRAWING_AREA: ['drawing area', 'Pane'], // an app-drawn interactive surface: what a custom-drawn HWND looks like to UIA
  FILE_CHOOSER: ['file chooser', 'Window'], // a file dialog and the chooser widget inside it can share this role; the inner one becomes Pane
  FILLER: ['filler', 'Pane'], // GTK3 layout boxes: containers, not logical groups
  FOCUS_TRAVERSABLE: ['focus traversable', 'Custom'], // deprecated, never emitted by current toolkits
  FONT_CHOOSER: ['font chooser', 'Window'], // as COLOR_CHOOSER
  FRAME: ['frame', 'Window'],
  GLASS_PANE: ['glass pane', 'Pane'], // Java Swing layering container
  HTML_CONTAINER: ['html container', 'Pane'],
  ICON: ['icon', 'Image'],
  IMAGE: ['image', 'Image'],
  INTERNAL_FRAME: ['internal frame', 'Window'], // an MDI child window, which UIA also calls Window
  LABEL: ['label', 'Text'],
  LAYERED_PANE: ['layered pane', 'Pane'], // Java Swing layering container
  LIST: ['list', 'List'],
  LIST_ITEM: ['list item', 'ListItem'],
  MENU: ['menu', 'Menu'], // GTK3/LibreOffice fold a submenu into the item that opens it; under a menu bar or menu it becomes MenuItem
  MENU_BAR: ['menu bar', 'MenuBar'],
  MENU_ITEM: ['menu item', 'MenuItem'],
  OPTION_PANE: ['option pane', 'Pane'],
  PAGE_TAB: ['page tab', 'TabItem'],
  PAGE_TAB_LIST: ['page tab list', 'Tab'], // UIA "Tab" is the tab strip; its pages are TabItem
  PANEL: ['panel', 'Pane'], // unnamed layout container; a named panel (a framed group such as GtkFrame) becomes Group
  PASSWORD_TEXT: ['password text', 'Edit'], // UIA: Edit with IsPassword
  POPUP_MENU: ['popup menu', 'Menu'],
  PROGRESS_BAR: ['progress bar', 'ProgressBar'],
  PUSH_BUTTON: ['push button', 'Button'],
  RADIO_BUTTON: ['radio button', 'RadioButton'],
  RADIO_MENU_ITEM: ['radio menu item', 'MenuItem'], // as CHECK_MENU_ITEM
  ROOT_PANE: ['root pane', 'Pane'],
  ROW_HEADER: ['row header', 'HeaderItem'],
  SCROLL_BAR: ['scroll bar', 'ScrollBar'],
  SCROLL_PANE: ['scroll pane', 'Pane'], // a scrolling container: a ScrollViewer is a Pane in UIA
  SEPARATOR: ['separator', 'Separator'],
  SLIDER: ['slider', 'Slider'],
  SPIN_BUTTON: ['spin button', 'Spinner'],
  SPLIT_PANE: ['split pane', 'Pane'], // GtkPaned; UIA has no splitter type and WinForms SplitContainer is a Pane
  STATUS_BAR: ['status bar', 'StatusBar'],
  TABLE: ['table', 'Table'],
  TABLE_CELL: ['table cell', 'DataItem'], // Excel and Windows grids report cells as DataItem; cells of a tree become TreeItem
  TABLE_COLUMN_HEADER: ['table column header', 'HeaderItem'],
  TABLE_ROW_HEADER: ['table row header', 'HeaderItem'],
  TEAROFF_MENU_ITEM: ['tearoff menu item', 'MenuItem'],
  TERMINAL: ['terminal', 'Document'], // a scrolling text surface a model reads, like a console buffer
  TEXT: ['text', 'Edit'], // GtkEntry and GtkTextView; without EditableText and not EDITABLE it is static text (Text)
  TOGGLE_BUTTON: ['toggle button', 'Button'], // UIA: Button with the Toggle pattern
  TOOL_BAR: ['tool bar', 'ToolBar'],
  TOOL_TIP: ['tool tip', 'ToolTip'],
  TREE: ['tree', 'Tree'],
  TREE_TABLE: ['tree table', 'Tree'], // GtkTreeView in tree mode: a tree with columns
  UNKNOWN: ['unknown', 'Custom'],
  VIEWPORT: ['viewport', 'Pane'],
  WINDOW: ['window', 'Window'], // GTK3 also uses it for top-level popups (combo drop-downs, tooltip windows)
  EXTENDED: ['extended', 'Custom'], // the app names the role itself; nothing to map it by
  HEADER: ['header', 'Group'], // a page or landmark header, not UIA Header (which is a row of column headers)
  FOOTER: ['footer', 'Group'], // as HEADER
  PARAGRAPH: ['paragraph', 'Text'], // document content, even when editable: see controlTypeForAtspi
  RULER: ['ruler', 'Custom'], // no UIA equivalent and nothing a model acts on
  APPLICATION: ['application', 'Pane'], // the app root: not a window a model can move, focus or close, just the container of them
  AUTOCOMPLETE: ['autocomplete', 'ComboBox'], // an entry with a suggestion drop-down
  EDITBAR: ['editbar', 'Edit'], // an editable field in a tool bar (e.g. a formula bar)
  EMBEDDED: ['embedded', 'Pane'], // an embedded foreign component, as an OLE/plug-in HWND appears to UIA
  ENTRY: ['entry', 'Edit'],
  CHART: ['chart', 'Image'], // charts are drawn; UIA gives a chart no type of its own
  CAPTION: ['caption', 'Text'],
  DOCUMENT_FRAME: ['document frame', 'Document'],
  HEADING: ['heading', 'Text'], // UIA has no heading type: Chromium and Word expose headings as Text
  PAGE: ['page', 'Group'], // a page of a document: a logical grouping of its content
  SECTION: ['section', 'Group'], // a logical division of content (HTML div, LibreOffice section)
  REDUNDANT_OBJECT: ['redundant object', 'Custom'], // a node that exists only to be ignored
  FORM: ['form', 'Group'],
  LINK: ['link', 'Hyperlink'],
  INPUT_METHOD_WINDOW: ['input method window', 'Window'],
  TABLE_ROW: ['table row', 'DataItem'], // UIA rows of a grid are DataItem
  TREE_ITEM: ['tree item', 'TreeItem'],
  DOCUMENT_SPREADSHEET: ['document spreadsheet', 'Document'],
  DOCUMENT_PRESENTATION: ['document presentation', 'Document'],
  DOCUMENT_TEXT: ['document text', 'Document'],
  DOCUMENT_WEB: ['document web', 'Document'],
  DOCUMENT_EMAIL: ['document email', 'Document'],
  COMMENT: ['comment', 'Group'], // an annotation holding text: a logical group
  LIST_BOX: ['list box', 'List'],
  GROUPING: ['grouping', 'Group'],
  IMAGE_MAP: ['image map', 'Image'],
  NOTIFICATION: ['notification', 'Window'], // a toast is a top-level window; one inside a window becomes Group
  INFO_BAR: ['info bar', 'Group'], // an in-window message strip of text and buttons (GtkInfoBar)
  LEVEL_BAR: ['level bar', 'ProgressBar'], // a read-only meter: UIA and Chromium show meters as ProgressBar
  TITLE_BAR: ['title bar', 'TitleBar'],
  BLOCK_QUOTE: ['block quote', 'Group'],
  AUDIO: ['audio', 'Group'], // a media element is a container of its controls
  VIDEO: ['video', 'Group'], // as AUDIO
  DEFINITION: ['definition', 'Text'],
  ARTICLE: ['article', 'Group'],
  LANDMARK: ['landmark', 'Group'],
  LOG: ['log', 'Group'],
  MARQUEE: ['marquee', 'Text'],
  MATH: ['math', 'Text'],
  RATING: ['rating', 'Slider'], // a star rating is a range control
  TIMER: ['timer', 'Text'],
  STATIC: ['static', 'Text'],
  MATH_FRACTION: ['math fraction', 'Text'],
  MATH_ROOT: ['math root', 'Text'],
  SUBSCRIPT: ['subscript', 'Text'],
  SUPERSCRIPT: ['superscript', 'Text'],
  DESCRIPTION_LIST: ['description list', 'List'], // as Chromium maps <dl>
  DESCRIPTION_TERM: ['description term', 'ListItem'], // as Chromium maps <dt>
  DESCRIPTION_VALUE: ['description value', 'Text'], // as Chromium maps <dd>
  FOOTNOTE: ['footnote', 'Group'],
  CONTENT_DELETION: ['content deletion', 'Group'],
  CONTENT_INSERTION: ['content insertion', 'Group'],
  MARK: ['mark', 'Text'],
  SUGGESTION: ['suggestion', 'Group'],
  PUSH_BUTTON_MENU: ['push button menu', 'Button'], // a menu button is a Button with ExpandCollapse in UIA; SplitButton needs two parts, which AT-SPI does not tell apart
  SWITCH: ['switch', 'Button'], // an on/off switch; WinUI ToggleSwitch and Chromium role=switch are Buttons with Toggle
} as const satisfies Record<AtspiRoleKey, readonly [string, ControlType]>;

const ROLE_NAMES: readonly string[] = buildByValue(0);
const ROLE_CONTROL_TYPES: readonly ControlType[] = buildByValue(1);

function buildByValue<I extends 0 | 1>(field: I): (typeof ROLE_TABLE)[AtspiRoleKey][I][] {
  const out: (typeof ROLE_TABLE)[AtspiRoleKey][I][] = [];
  for (const key of Object.keys(AtspiRole) as AtspiRoleKey[]) out[AtspiRole[key]] = ROLE_TABLE[key][field];
  return out;
}

function isKnownRole(role: number): boolean {
  return Number.isInteger(role) && role >= 0 && role <= ATSPI_ROLE_MAX;
}

/**
 * The role's name exactly as libatspi's atspi_role_get_name() spells it ("push button", "page tab list"), so
 * rawRole reads like every other AT-SPI tool. Two deliberate departures, both for values 2.46 does not define:
 * 130 is "switch" (see AtspiRole), and other unknown values give "role <n>" where libatspi returns NULL.
 */
export function atspiRoleName(role: number): string {
  return isKnownRole(role) ? (ROLE_NAMES[role] as string) : `role ${role}`;
}

/** The UIA control type of a role taken alone, before controlTypeForAtspi's refinements; Custom if unknown. */
export function controlTypeForAtspiRole(role: number): ControlType {
  return isKnownRole(role) ? (ROLE_CONTROL_TYPES[role] as ControlType) : 'Custom';
}

// Bits of RawAtspiNode.states / .interfaces used below; kept local so this module does not depend on the
// state decoder (atspi-states.ts) and stays a leaf.
const STATE_EDITABLE_BIT = 7; // ATSPI_STATE_EDITABLE, word 0
const IFACE_EDITABLE_TEXT_BIT = 6; // ATSPI_INTERFACE_ORDER.indexOf('EditableText')

/**
 * The UI Automation control type for an AT-SPI node, as a model on Windows would see the same widget.
 *
 * `parentRole` is the parent's AtspiRole (omit it for a snapshot root or when unknown); it settles roles that
 * toolkits use both for a top-level window and for a part inside one, and GTK3/LibreOffice's "menu" which is
 * both a drop-down menu and the menu-bar entry that opens it.
 *
 * Role-by-role refinements (each is something the role alone gets wrong on real apps):
 * - text: Edit when the node implements EditableText or is EDITABLE (GtkEntry, GtkTextView; a read-only entry
 *   still implements EditableText and is still Edit, as a read-only TextBox is on Windows); otherwise it only
 *   shows text and is Text.
 * - paragraph / heading: always Text, even in an editable LibreOffice document. On Windows a model meets a
 *   word-processor document as one Document control it clicks into and types, never as hundreds of Edit boxes;
 *   making each paragraph an Edit would flood a control list (UFO filters on control types) with "edits" that
 *   are really the document. The node keeps its 'editable' state and EditableText, so text actions still work.
 * - panel: Group when named (a framed, captioned group such as GtkFrame, like a Windows GroupBox), Pane when not.
 * - menu: MenuItem when its parent is a menu bar or a menu (the entry that opens a submenu), Menu otherwise
 *   (a combo box's or a menu button's drop-down).
 * - dialog, alert, file/color/font chooser, notification: Window at the top level (parent is the application
 *   or there is no parent), otherwise a part of a window: Pane for dialog-like containers, Group for messages.
 * - table cell: TreeItem inside a tree or tree table (a Windows tree's rows are TreeItems), DataItem otherwise.
 * - filler: Window when its parent is the application itself: Qt reports a top-level QWidget that is neither
 *   a QMainWindow (frame) nor a QDialog (dialog) as a filler. Pane everywhere else (GTK 3's layout boxes).
 */
export function controlTypeForAtspi(
  node: Pick<RawAtspiNode, 'role' | 'name' | 'states' | 'interfaces'>,
  parentRole?: number,
): ControlType {
  const role = node.role;
  switch (role) {
    case AtspiRole.TEXT:
      return ((node.interfaces >>> IFACE_EDITABLE_TEXT_BIT) & 1) === 1 ||
        ((node.states[0] >>> STATE_EDITABLE_BIT) & 1) === 1
        ? 'Edit'
        : 'Text';
    case AtspiRole.PANEL:
      return node.name.length > 0 ? 'Group' : 'Pane';
    case AtspiRole.FILLER:
      // Only a known application parent: a filler snapshot root without one is a part of some window.
      return parentRole === AtspiRole.APPLICATION ? 'Window' : 'Pane';
    case AtspiRole.MENU:
      return parentRole === AtspiRole.MENU_BAR || parentRole === AtspiRole.MENU || parentRole === AtspiRole.POPUP_MENU
        ? 'MenuItem'
        : 'Menu';
    case AtspiRole.DIALOG:
    case AtspiRole.FILE_CHOOSER:
    case AtspiRole.COLOR_CHOOSER:
    case AtspiRole.FONT_CHOOSER:
      return isTopLevel(parentRole) ? 'Window' : 'Pane';
    case AtspiRole.ALERT:
    case AtspiRole.NOTIFICATION:
      return isTopLevel(parentRole) ? 'Window' : 'Group';
    case AtspiRole.TABLE_CELL:
      return parentRole === AtspiRole.TREE_TABLE || parentRole === AtspiRole.TREE ? 'TreeItem' : 'DataItem';
    default:
      return controlTypeForAtspiRole(role);
  }
}

function isTopLevel(parentRole: number | undefined): boolean {
  return parentRole === undefined || parentRole === AtspiRole.APPLICATION || parentRole === AtspiRole.DESKTOP_FRAME;
}
