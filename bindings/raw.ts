/**
 * Raw platform facts as the binary returns them. Normalization (roles, states, rects) happens in
 * lib/platform/<platform>/, in TypeScript, so that it is tested on every OS.
 *
 * Every shape is a union over `platform`, which the native side writes into each snapshot, window and
 * application: 'atspi' on Linux, 'uia' on Windows (native/win). Code outside
 * lib/platform/<platform>/ narrows on `platform` before it reads a platform's own fields.
 */

export interface RawAtspiApplication {
  platform: 'atspi';
  ref: string;
  name: string;
  pid: number | null;
  toolkit: string | null;
  /** False when the app did not answer within the listing budget (frozen or busy); name is then its program name. */
  responding: boolean;
}

export interface RawAtspiWindow {
  platform: 'atspi';
  ref: string;
  appRef: string;
  app: string;
  pid: number | null;
  title: string;
  /** AtspiRole number. */
  role: number;
  /** AT-SPI state set as two 32-bit words. */
  states: [number, number];
  rect: [number, number, number, number] | null;
}

export interface RawAtspiAncestor {
  ref: string;
  /** AtspiRole number. */
  role: number;
  name: string;
}

export interface RawAtspiSnapshot {
  platform: 'atspi';
  root: string;
  app: { ref: string; name: string; pid: number | null };
  /** From the root's parent up to (not including) the application, nearest first. */
  ancestors: RawAtspiAncestor[];
  nodes: RawAtspiNode[];
  truncated: boolean;
  incomplete: boolean;
  /**
   * The app sets SHOWING on nothing inside its windows (GTK 4.8): a node is on screen when it is VISIBLE and
   * its extents have a size (native/linux/tree_reader.cc InferShowing), and (the same toolkit never sets
   * ENABLED) enabled when SENSITIVE. `states` are as the app reported them.
   */
  showingInferred?: boolean;
  stats: { calls: number; rounds: number; bulk: boolean; cacheItems: number };
}

/**
 * The raw AT-SPI facts the native addon returns per node. This shape is the boundary between the C++ snapshot
 * code and the TypeScript normalization (lib/platform/atspi/atspi-node.ts); both sides depend on it, so it does
 * not change lightly.
 */
export interface RawAtspiNode {
  ref: string;               // opaque
  parent: number;            // index of the parent in the same flat pre-order array, -1 for the snapshot root
  role: number;              // AtspiRole enum value (at-spi2-core 2.46 numbering)
  name: string;
  description: string;
  states: [number, number];  // AT-SPI state set as two 32-bit words: bit i of word 0 is AtspiStateType i, bit i of word 1 is AtspiStateType 32+i
  interfaces: number;        // bitmask over ATSPI_INTERFACE_ORDER (lib/platform/atspi/atspi-raw.ts): bit i set = the node implements that interface
  childCount: number;        // as the app reports it (-1 = unknown)
  rect: [number, number, number, number] | null;  // screen x, y, width, height (only for showing nodes with Component)
  value: string | null;      // Value.CurrentValue formatted, or the text of an EditableText node
  id: string | null;         // AT-SPI AccessibleId
  actions: string[] | null;  // Action names (null = not read)
  // Present only when the snapshot asked for extended facts (NativeSnapshotOptions.extendedFacts); null = not read.
  text?: string | null;                       // the Text interface's whole text (every node with Text)
  attributes?: [string, string][] | null;     // Accessible.GetAttributes, in the app's order
  range?: [number | null, number | null, number | null, number | null] | null;  // Value: current, min, max, min increment
  actionInfo?: [string, string, string][] | null;  // Action: name, description, key binding
}

// ---- Windows: UI Automation (native/win; normalized in lib/platform/uia/) ----

/** A screen rectangle in physical pixels: x, y, width, height. */
export type RawUiaRect = [number, number, number, number];

/** A process with at least one visible top-level window. ref `uia:pid:<pid>`. */
export interface RawUiaApplication {
  platform: 'uia';
  ref: string;
  /** The process's image name, e.g. "notepad.exe". */
  name: string;
  pid: number;
  /** UIA FrameworkId of its first window ("Win32", "WinForm", "WPF", "DirectUI", "XAML", "Chrome", ...), null unread. */
  toolkit: string | null;
  /** False when its windows did not answer within the listing budget (hung, IsHungAppWindow or a UIA timeout). */
  responding: boolean;
}

/** A visible top-level window. ref `uia:<hwnd hex>:<RuntimeId>`. */
export interface RawUiaWindow {
  platform: 'uia';
  ref: string;
  appRef: string;
  /** The owning process's image name. */
  app: string;
  pid: number;
  title: string;
  /** UIA_*ControlTypeId (50032 Window, 50033 Pane, ...). */
  controlType: number;
  className: string;
  hwnd: number;
  rect: RawUiaRect | null;
  /** It is the foreground window. */
  focused: boolean;
  minimized: boolean;
  enabled: boolean;
}

export interface RawUiaAncestor {
  ref: string;
  /** UIA_*ControlTypeId. */
  controlType: number;
  name: string;
}

export interface RawUiaSnapshot {
  platform: 'uia';
  root: string;
  app: { ref: string; name: string; pid: number };
  /** From the root's parent up to (not including) the desktop, nearest first. */
  ancestors: RawUiaAncestor[];
  nodes: RawUiaNode[];
  truncated: boolean;
  incomplete: boolean;
  /** Refs of nodes whose children could not be read by any method (cache, FindAll, walker, MSAA). */
  unfilled: string[];
  stats: {
    calls: number;
    method: 'cache' | 'findall' | 'walker' | 'msaa' | 'mixed';
    /** Subtrees the cached read dropped that the walker filled. */
    filled: number;
  };
}

/** Tri-state of TogglePattern.ToggleState: ToggleState_Off 0, On 1, Indeterminate 2. */
export type RawUiaToggle = 0 | 1 | 2;
/** ExpandCollapsePattern.ExpandCollapseState: Collapsed 0, Expanded 1, PartiallyExpanded 2, LeafNode 3. */
export type RawUiaExpandCollapse = 0 | 1 | 2 | 3;

/**
 * The raw UIA facts native/win returns per node (native/win/uia_tree.cc writes them; lib/platform/uia/uia-node.ts
 * reads them). The boundary between the C++ and the TypeScript halves of the Windows backend.
 */
export interface RawUiaNode {
  ref: string;
  /** Index of the parent in the same flat pre-order array, -1 for the snapshot root. */
  parent: number;
  /** UIA_*ControlTypeId (50000..50040); 0 for the synthetic application root of a `uia:pid:` snapshot. */
  controlType: number;
  name: string;
  automationId: string;
  className: string;
  frameworkId: string;
  /** Screen rectangle, physical pixels (BoundingRectangle), null when empty or unread. */
  rect: RawUiaRect | null;
  enabled: boolean;
  offscreen: boolean;
  focused: boolean;
  focusable: boolean;
  pid: number;
  /** NativeWindowHandle, 0 when the element has none. */
  hwnd: number;
  /** Bit i set = pattern id 10000+i is available (Invoke=10000 ... SynchronizedInput=10021; lib/platform/uia/uia-patterns.ts). */
  patterns: number;
  /** ValuePattern.Value, or RangeValuePattern's value formatted like Linux's; null when neither. */
  value: string | null;
  /** ValuePattern.IsReadOnly (RangeValuePattern's when only that); null when neither pattern. */
  readOnly: boolean | null;
  toggle: RawUiaToggle | null;
  expandCollapse: RawUiaExpandCollapse | null;
  /** SelectionItemPattern.IsSelected; null without the pattern. */
  selected: boolean | null;
  /** RangeValuePattern: current, minimum, maximum, small change. */
  range: [number, number, number, number] | null;
  /** Children as the provider reports them, -1 unknown. */
  childCount: number;
  /** 'msaa': read through IAccessible because UIA gave nothing for this part of the tree. */
  source: 'uia' | 'msaa';
  /** IAccessible accRole (ROLE_SYSTEM_*) for source 'msaa', null otherwise. */
  msaaRole: number | null;
}

/** One member per platform backend. */
export type RawApplication = RawAtspiApplication | RawUiaApplication;
export type RawWindow = RawAtspiWindow | RawUiaWindow;
export type RawSnapshot = RawAtspiSnapshot | RawUiaSnapshot;
/** The node of either snapshot. */
export type RawNode = RawAtspiNode | RawUiaNode;