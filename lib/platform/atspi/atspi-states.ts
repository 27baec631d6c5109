import { StateName } from '../../model/index.js';

/**
 * AtspiStateType as at-spi2-core 2.46 numbers it (atspi-constants.h: a plain C enum from INVALID = 0 to
 * READ_ONLY = 43; LAST_DEFINED = 44 is a sentinel and left out). Word w, bit b of RawAtspiNode.states is
 * state 32 * w + b, which is how AT-SPI's GetState sends it ("au", two words).
 *
 * The header's ATSPI_STATETYPE_COUNT says (41+1): it was not updated when CHECKABLE, HAS_POPUP and READ_ONLY
 * were appended, so do not size anything by it.
 *
 * A frozen object rather than a TypeScript `enum`, so the file survives type stripping.
 */
export const AtspiStateType = Object.freeze({
  INVALID: 0,
  ACTIVE: 1,
  ARMED: 2,
  BUSY: 3,
  CHECKED: 4,
  COLLAPSED: 5,
  DEFUNCT: 6,
  EDITABLE: 7,
  ENABLED: 8,
  EXPANDABLE: 9,
  EXPANDED: 10,
  FOCUSABLE: 11,
  FOCUSED: 12,
  HAS_TOOLTIP: 13,
  HORIZONTAL: 14,
  ICONIFIED: 15,
  MODAL: 16,
  MULTI_LINE: 17,
  MULTISELECTABLE: 18,
  OPAQUE: 19,
  PRESSED: 20,
  RESIZABLE: 21,
  SELECTABLE: 22,
  SELECTED: 23,
  SENSITIVE: 24,
  SHOWING: 25,
  SINGLE_LINE: 26,
  STALE: 27,
  TRANSIENT: 28,
  VERTICAL: 29,
  VISIBLE: 30,
  MANAGES_DESCENDANTS: 31,
  INDETERMINATE: 32,
  REQUIRED: 33,
  TRUNCATED: 34,
  ANIMATED: 35,
  INVALID_ENTRY: 36,
  SUPPORTS_AUTOCOMPLETION: 37,
  SELECTABLE_TEXT: 38,
  IS_DEFAULT: 39,
  VISITED: 40,
  CHECKABLE: 41,
  HAS_POPUP: 42,
  READ_ONLY: 43,
} as const);
export type AtspiStateType = (typeof AtspiStateType)[keyof typeof AtspiStateType];
/** Short alias: `AtspiState.SHOWING`. */
export const AtspiState = AtspiStateType;

/** Highest state value this table knows (READ_ONLY). */
export const ATSPI_STATE_MAX = AtspiStateType.READ_ONLY;

/** Whether a state-set pair of words contains `state` (an AtspiStateType value; false when out of range). */
export function hasAtspiState(words: readonly [number, number], state: number): boolean {
  if (!(state >= 0 && state < 64)) return false;
  // >>> treats a word the same whether it arrives signed or unsigned.
  return (((words[state >>> 5] as number) >>> (state & 31)) & 1) === 1;
}

/**
 * Where each normalized state comes from. Most are one AT-SPI bit; two are derived because the meaning a
 * model relies on (the UIA one) is not a single bit:
 * - offscreen: not SHOWING, so every node is exactly one of visible/offscreen. VISIBLE alone only means "would
 *   be drawn if its ancestors were", which says nothing about the screen (a widget on a hidden notebook page is
 *   VISIBLE but not SHOWING), and UIA's IsOffscreen is true for it.
 * - collapsed: COLLAPSED, or EXPANDABLE without EXPANDED. Toolkits rarely set COLLAPSED (GTK3 never does),
 *   while UIA reports every expandable, non-expanded element as Collapsed.
 */
const SOURCES: Readonly<Record<StateName, number | 'not-showing' | 'collapsed'>> = {
  enabled: AtspiStateType.ENABLED,
  visible: AtspiStateType.SHOWING,
  offscreen: 'not-showing',
  focusable: AtspiStateType.FOCUSABLE,
  focused: AtspiStateType.FOCUSED,
  selectable: AtspiStateType.SELECTABLE,
  selected: AtspiStateType.SELECTED,
  checkable: AtspiStateType.CHECKABLE,
  checked: AtspiStateType.CHECKED,
  mixed: AtspiStateType.INDETERMINATE,
  pressed: AtspiStateType.PRESSED,
  expandable: AtspiStateType.EXPANDABLE,
  expanded: AtspiStateType.EXPANDED,
  collapsed: 'collapsed',
  editable: AtspiStateType.EDITABLE,
  readonly: AtspiStateType.READ_ONLY,
  multiline: AtspiStateType.MULTI_LINE,
  singleline: AtspiStateType.SINGLE_LINE,
  multiselectable: AtspiStateType.MULTISELECTABLE,
  modal: AtspiStateType.MODAL,
  active: AtspiStateType.ACTIVE,
  busy: AtspiStateType.BUSY,
  required: AtspiStateType.REQUIRED,
  invalid: AtspiStateType.INVALID_ENTRY,
  defunct: AtspiStateType.DEFUNCT,
  horizontal: AtspiStateType.HORIZONTAL,
  vertical: AtspiStateType.VERTICAL,
  sensitive: AtspiStateType.SENSITIVE,
  resizable: AtspiStateType.RESIZABLE,
  iconified: AtspiStateType.ICONIFIED,
  default: AtspiStateType.IS_DEFAULT,
  'has-popup': AtspiStateType.HAS_POPUP,
  visited: AtspiStateType.VISITED,
  animated: AtspiStateType.ANIMATED,
  transient: AtspiStateType.TRANSIENT,
};

// Flattened in StateName order once, so decoding is a tight loop over plain arrays (it runs per node).
const ORDER: readonly StateName[] = StateName.options;
const KIND: Int8Array = new Int8Array(ORDER.length); // 0 = one bit, 1 = not SHOWING, 2 = collapsed
const WORD: Uint8Array = new Uint8Array(ORDER.length);
const MASK: Uint32Array = new Uint32Array(ORDER.length);
ORDER.forEach((name, i) => {
  const source = SOURCES[name];
  if (source === 'not-showing') KIND[i] = 1;
  else if (source === 'collapsed') KIND[i] = 2;
  else {
    WORD[i] = source >>> 5;
    MASK[i] = (1 << (source & 31)) >>> 0;
  }
});
const SHOWING_MASK = (1 << AtspiStateType.SHOWING) >>> 0;
const EXPANDABLE_MASK = (1 << AtspiStateType.EXPANDABLE) >>> 0;
const EXPANDED_MASK = (1 << AtspiStateType.EXPANDED) >>> 0;
const COLLAPSED_MASK = (1 << AtspiStateType.COLLAPSED) >>> 0;

/**
 * The normalized states (lib/model StateName) of an AT-SPI state set, in StateName order, so equal sets give
 * equal arrays and snapshots diff cleanly. States with no normalized name (ARMED, OPAQUE, STALE, ...) are dropped.
 */
export function decodeAtspiStates(words: readonly [number, number]): StateName[] {
  const w0 = words[0] >>> 0;
  const w1 = words[1] >>> 0;
  const out: StateName[] = [];
  for (let i = 0; i < ORDER.length; i++) {
    const kind = KIND[i];
    let on: boolean;
    if (kind === 0) on = ((WORD[i] === 0 ? w0 : w1) & (MASK[i] as number)) !== 0;
    else if (kind === 1) on = (w0 & SHOWING_MASK) === 0;
    else on = (w0 & COLLAPSED_MASK) !== 0 || ((w0 & EXPANDABLE_MASK) !== 0 && (w0 & EXPANDED_MASK) === 0);
    if (on) out.push(ORDER[i] as StateName);
  }
  return out;
}
