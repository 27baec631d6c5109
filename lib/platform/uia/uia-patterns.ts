/**
 * UIA_*PatternId values (Microsoft's "Control Pattern Identifiers", UIAutomationClient.h) 10000..10021, the
 * ones RawUiaNode.patterns carries: bit i set = pattern 10000 + i is available. The order is the ids' order,
 * so the native side sets bit (id - 10000) and needs no table of its own.
 */
export const UIA_PATTERN_ORDER = Object.freeze([
  'Invoke', // 10000
  'Selection', // 10001
  'Value', // 10002
  'RangeValue', // 10003
  'Scroll', // 10004
  'ExpandCollapse', // 10005
  'Grid', // 10006
  'GridItem', // 10007
  'MultipleView', // 10008
  'Window', // 10009
  'SelectionItem', // 10010
  'Dock', // 10011
  'Table', // 10012
  'TableItem', // 10013
  'Text', // 10014
  'Toggle', // 10015
  'Transform', // 10016
  'ScrollItem', // 10017
  'LegacyIAccessible', // 10018
  'ItemContainer', // 10019
  'VirtualizedItem', // 10020
  'SynchronizedInput', // 10021
] as const);
export type UiaPatternName = (typeof UIA_PATTERN_ORDER)[number];

export const UIA_FIRST_PATTERN_ID = 10000;

/** UIA_<name>PatternId. */
export function uiaPatternId(name: UiaPatternName): number {
  return UIA_FIRST_PATTERN_ID + UIA_PATTERN_ORDER.indexOf(name);
}

/** The bit of a pattern in RawUiaNode.patterns. */
export function uiaPatternBit(name: UiaPatternName): number {
  return 1 << UIA_PATTERN_ORDER.indexOf(name);
}

export function hasUiaPattern(bits: number, name: UiaPatternName): boolean {
  return (bits & uiaPatternBit(name)) !== 0;
}

/** The names of the patterns set in a bitmask, in id order (what UINode.facts.interfaces lists on Windows). */
export function uiaPatternNames(bits: number): UiaPatternName[] {
  const out: UiaPatternName[] = [];
  for (let i = 0; i < UIA_PATTERN_ORDER.length; i++) if (((bits >>> i) & 1) !== 0) out.push(UIA_PATTERN_ORDER[i] as UiaPatternName);
  return out;
}

/**
 * What a model sees as a node's actions: the patterns that do something, as verbs, in one spelling across
 * apps (AT-SPI's action names are lower-case words too). Patterns that only describe (Grid, Table, Dock,
 * MultipleView, ItemContainer, VirtualizedItem, SynchronizedInput, Transform) and the container side of
 * Selection add none; LegacyIAccessible is the proxy of any MSAA control, so it says nothing a pattern
 * has not said, and is named only when nothing else is there ('default action', what accDoDefaultAction does).
 *
 * State decides where a verb could not work: a read-only Value takes no 'set value'; an ExpandCollapse
 * leaf (state 3) neither expands nor collapses, and an expanded node offers 'collapse', a collapsed one
 * 'expand' (partially expanded: both).
 */
export function uiaActionVerbs(bits: number, facts: { readOnly: boolean | null; expandCollapse: number | null }): string[] {
  const out: string[] = [];
  if (hasUiaPattern(bits, 'Invoke')) out.push('invoke');
  if (hasUiaPattern(bits, 'Toggle')) out.push('toggle');
  if (hasUiaPattern(bits, 'SelectionItem')) out.push('select');
  if (hasUiaPattern(bits, 'ExpandCollapse')) {
    const s = facts.expandCollapse;
    if (s === 0 || s === 2 || s === null) out.push('expand');
    if (s === 1 || s === 2 || s === null) out.push('collapse');
  }
  if ((hasUiaPattern(bits, 'Value') || hasUiaPattern(bits, 'RangeValue')) && facts.readOnly !== true) out.push('set value');
  if (hasUiaPattern(bits, 'ScrollItem')) out.push('scroll into view');
  if (hasUiaPattern(bits, 'Scroll')) out.push('scroll');
  if (out.length === 0 && hasUiaPattern(bits, 'LegacyIAccessible')) out.push('default action');
  return out;
}
