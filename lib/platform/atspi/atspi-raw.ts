import type { RawAtspiNode } from '../../../bindings/raw.js';

export type { RawAtspiNode };

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
