/**
 * Raw platform facts as the binary returns them. Normalization (roles, states, rects) happens in
 * lib/platform/<platform>/, in TypeScript, so that it is tested on every OS.
 *
 * Every shape is a union over `platform`, which the native side writes into each snapshot, window and
 * application: 'atspi' now; the UIA members join when the Windows backend lands. Code outside
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

/** One member per platform backend. */
export type RawApplication = RawAtspiApplication;
export type RawWindow = RawAtspiWindow;
export type RawSnapshot = RawAtspiSnapshot;