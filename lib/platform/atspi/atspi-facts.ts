import type { PlatformFacts } from '../../model/index.js';
import { ATSPI_INTERFACE_ORDER } from './atspi-raw.js';
import type { RawAtspiNode } from './atspi-raw.js';

/**
 * AtspiStateType names by value as pyatspi spells them (pyatspi 2.46 StateType, STATE_ removed, lower-case,
 * underscores kept): the names OSWorld writes as `st:` attributes. Values past the table (a newer at-spi2-core)
 * have no name there and are left out, as pyatspi's lookup would fail on them.
 */
export const ATSPI_STATE_NAMES: readonly string[] = Object.freeze([
  'invalid', 'active', 'armed', 'busy', 'checked', 'collapsed', 'defunct', 'editable', 'enabled', 'expandable',
  'expanded', 'focusable', 'focused', 'has_tooltip', 'horizontal', 'iconified', 'modal', 'multi_line',
  'multiselectable', 'opaque', 'pressed', 'resizable', 'selectable', 'selected', 'sensitive', 'showing',
  'single_line', 'stale', 'transient', 'vertical', 'visible', 'manages_descendants', 'indeterminate', 'required',
  'truncated', 'animated', 'invalid_entry', 'supports_autocompletion', 'selectable_text', 'is_default', 'visited',
  'checkable', 'has_popup', 'read_only',
]);

/** The raw state names of an AT-SPI state set (two 32-bit words), in enum order. */
export function atspiStateNames(words: readonly [number, number]): string[] {
  const out: string[] = [];
  for (let i = 0; i < ATSPI_STATE_NAMES.length; i++) {
    const word = (i < 32 ? words[0] : words[1]) >>> 0;
    if ((word >>> (i % 32)) & 1) out.push(ATSPI_STATE_NAMES[i] as string);
  }
  return out;
}

/** The interface names of an interfaces bitmask (ATSPI_INTERFACE_ORDER). */
export function atspiInterfaceNames(bits: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < ATSPI_INTERFACE_ORDER.length; i++) if (((bits >>> i) & 1) !== 0) out.push(ATSPI_INTERFACE_ORDER[i] as string);
  return out;
}

/** UINode.facts of a raw node read with extended facts; undefined for one read without them. */
export function atspiFacts(r: RawAtspiNode): PlatformFacts | undefined {
  if (r.text === undefined) return undefined;
  const range = r.range ?? null;
  return {
    states: atspiStateNames(r.states),
    interfaces: atspiInterfaceNames(r.interfaces),
    extents: r.rect,
    attributes: r.attributes ?? [],
    text: r.text,
    range: range === null ? null : { current: range[0], min: range[1], max: range[2], step: range[3] },
    actions: (r.actionInfo ?? []).map(([name, description, keyBinding]) => ({ name, description, keyBinding })),
  };
}
