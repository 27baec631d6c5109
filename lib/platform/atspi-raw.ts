/**
 * The raw AT-SPI facts the native addon returns per node. This shape is the boundary between the C++ snapshot
 * code and the TypeScript normalization (atspi-node.ts); both sides depend on it, so it does not change lightly.
 */
export interface RawAtspiNode {
  ref: string;               // opaque
  parent: number;            // index of the parent in the same flat pre-order array, -1 for the snapshot root
  role: number;              // AtspiRole enum value (at-spi2-core 2.46 numbering)
  name: string;
  description: string;
  states: [number, number];  // AT-SPI state set as two 32-bit words: bit i of word 0 is AtspiStateType i, bit i of word 1 is AtspiStateType 32+i
  interfaces: number;        // bitmask over ATSPI_INTERFACE_ORDER (below): bit i set = the node implements that interface
  childCount: number;        // as the app reports it (-1 = unknown)
  rect: [number, number, number, number] | null;  // screen x, y, width, height (only for showing nodes with Component)
  value: string | null;      // Value.CurrentValue formatted, or the text of an EditableText node
  id: string | null;         // AT-SPI AccessibleId
  actions: string[] | null;  // Action names (null = not read)
}

export const ATSPI_INTERFACE_ORDER = ['Accessible','Action','Application','Collection','Component','Document','EditableText','Hyperlink','Hypertext','Image','Selection','Table','TableCell','Text','Value'] as const;

export type AtspiInterfaceName = (typeof ATSPI_INTERFACE_ORDER)[number];

// An object literal keeps the lookup to one property read; hasInterface runs per node on large trees.
const INTERFACE_BIT: Readonly<Record<AtspiInterfaceName, number>> = Object.freeze(
  Object.fromEntries(ATSPI_INTERFACE_ORDER.map((name, i) => [name, i])) as Record<AtspiInterfaceName, number>,
);

/** Whether the node implements the AT-SPI interface `name` (per its `interfaces` bitmask). */
export function hasInterface(node: Pick<RawAtspiNode, 'interfaces'>, name: AtspiInterfaceName): boolean {
  // >>> keeps bit 31 meaningful whether the addon hands over the mask as a signed or an unsigned 32-bit value.
  return ((node.interfaces >>> INTERFACE_BIT[name]) & 1) === 1;
}
