import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { StateName } from '../../lib/model/index.js';
import {
  ATSPI_STATE_MAX,
  AtspiState,
  AtspiStateType,
  decodeAtspiStates,
  hasAtspiState,
} from '../../lib/platform/atspi/atspi-states.js';

type Key = keyof typeof AtspiStateType;
interface Fixture {
  states: { value: number; constant: string }[];
}
// Generated from the installed libatspi 2.46 (gi.repository.Atspi); see the file's "generator".
const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/atspi-role-names.json', import.meta.url), 'utf8'),
) as Fixture;

/** The two state words with exactly these states set, built independently of the code under test. */
function words(...keys: Key[]): [number, number] {
  const w: [number, number] = [0, 0];
  for (const k of keys) {
    const v = AtspiStateType[k];
    w[v >= 32 ? 1 : 0] = (w[v >= 32 ? 1 : 0] | (1 << (v % 32))) >>> 0;
  }
  return w;
}

function inStateNameOrder(names: StateName[]): StateName[] {
  return [...names].sort((a, b) => StateName.options.indexOf(a) - StateName.options.indexOf(b));
}

describe('AtspiStateType', () => {
  it('numbers every libatspi 2.46 state like atspi-constants.h', () => {
    const real = fixture.states.filter((s) => s.constant !== 'ATSPI_STATE_LAST_DEFINED');
    expect(real).toHaveLength(44);
    for (const { value, constant } of real) {
      expect(AtspiStateType[constant.replace(/^ATSPI_STATE_/, '') as Key], constant).toBe(value);
    }
    expect(Object.values(AtspiStateType).sort((a, b) => a - b)).toEqual(Array.from({ length: 44 }, (_, i) => i));
    expect(ATSPI_STATE_MAX).toBe(AtspiStateType.READ_ONLY);
    expect(AtspiState).toBe(AtspiStateType);
  });
});

describe('hasAtspiState', () => {
  it('finds states in both words', () => {
    const w = words('ENABLED', 'SHOWING', 'INDETERMINATE', 'READ_ONLY');
    expect(hasAtspiState(w, AtspiStateType.ENABLED)).toBe(true);
    expect(hasAtspiState(w, AtspiStateType.SHOWING)).toBe(true);
    expect(hasAtspiState(w, AtspiStateType.INDETERMINATE)).toBe(true);
    expect(hasAtspiState(w, AtspiStateType.READ_ONLY)).toBe(true);
    expect(hasAtspiState(w, AtspiStateType.FOCUSED)).toBe(false);
    expect(hasAtspiState(w, AtspiStateType.REQUIRED)).toBe(false);
    // INDETERMINATE is bit 0 of word 1, not bit 0 of word 0 (INVALID).
    expect(hasAtspiState(w, AtspiStateType.INVALID)).toBe(false);
  });

  it('reads bit 31 whether the word is signed or unsigned', () => {
    expect(AtspiStateType.MANAGES_DESCENDANTS).toBe(31);
    expect(hasAtspiState([2147483648, 0], AtspiStateType.MANAGES_DESCENDANTS)).toBe(true);
    expect(hasAtspiState([-2147483648, 0], AtspiStateType.MANAGES_DESCENDANTS)).toBe(true);
    expect(hasAtspiState([-2147483648, 0], AtspiStateType.VISIBLE)).toBe(false);
  });

  it('is false for states outside the two words', () => {
    expect(hasAtspiState([-1, -1], -1)).toBe(false);
    expect(hasAtspiState([-1, -1], 64)).toBe(false);
    expect(hasAtspiState([-1, -1], 63)).toBe(true);
  });
});

describe('decodeAtspiStates', () => {
  // Each normalized name and the AT-SPI state it comes from, written out independently of the implementation.
  const direct: [StateName, Key][] = [
    ['enabled', 'ENABLED'], ['focusable', 'FOCUSABLE'], ['focused', 'FOCUSED'], ['selectable', 'SELECTABLE'],
    ['selected', 'SELECTED'], ['checkable', 'CHECKABLE'], ['checked', 'CHECKED'], ['mixed', 'INDETERMINATE'],
    ['pressed', 'PRESSED'], ['expanded', 'EXPANDED'], ['editable', 'EDITABLE'],
    ['readonly', 'READ_ONLY'], ['multiline', 'MULTI_LINE'], ['singleline', 'SINGLE_LINE'],
    ['multiselectable', 'MULTISELECTABLE'], ['modal', 'MODAL'], ['active', 'ACTIVE'], ['busy', 'BUSY'],
    ['required', 'REQUIRED'], ['invalid', 'INVALID_ENTRY'], ['defunct', 'DEFUNCT'], ['horizontal', 'HORIZONTAL'],
    ['vertical', 'VERTICAL'], ['sensitive', 'SENSITIVE'], ['resizable', 'RESIZABLE'], ['iconified', 'ICONIFIED'],
    ['default', 'IS_DEFAULT'], ['has-popup', 'HAS_POPUP'], ['visited', 'VISITED'], ['animated', 'ANIMATED'],
    ['transient', 'TRANSIENT'],
  ];

  it('maps each AT-SPI state to its normalized name', () => {
    for (const [name, key] of direct) {
      expect(decodeAtspiStates(words('SHOWING', key)), key).toEqual(inStateNameOrder(['visible', name]));
    }
  });

  it('says visible for SHOWING and offscreen otherwise, whatever VISIBLE says', () => {
    expect(decodeAtspiStates(words('SHOWING'))).toEqual(['visible']);
    expect(decodeAtspiStates(words('VISIBLE'))).toEqual(['offscreen']);
    expect(decodeAtspiStates(words('SHOWING', 'VISIBLE'))).toEqual(['visible']);
    expect(decodeAtspiStates([0, 0])).toEqual(['offscreen']);
  });

  it('derives collapsed from COLLAPSED or from EXPANDABLE without EXPANDED', () => {
    expect(decodeAtspiStates(words('SHOWING', 'COLLAPSED'))).toEqual(['visible', 'collapsed']);
    expect(decodeAtspiStates(words('SHOWING', 'EXPANDABLE'))).toEqual(['visible', 'expandable', 'collapsed']);
    expect(decodeAtspiStates(words('SHOWING', 'EXPANDABLE', 'EXPANDED'))).toEqual(['visible', 'expandable', 'expanded']);
  });

  it('drops states that have no normalized name', () => {
    const unnamed: Key[] = [
      'INVALID', 'ARMED', 'HAS_TOOLTIP', 'OPAQUE', 'STALE', 'VISIBLE', 'MANAGES_DESCENDANTS', 'TRUNCATED',
      'SUPPORTS_AUTOCOMPLETION', 'SELECTABLE_TEXT',
    ];
    expect(decodeAtspiStates(words('SHOWING', ...unnamed))).toEqual(['visible']);
  });

  it('emits names in StateName order, once each, and every name is reachable', () => {
    const all = decodeAtspiStates([0xffffffff, 0xffffffff]);
    expect(all).toEqual(StateName.options.filter((s) => s !== 'offscreen'));
    expect(decodeAtspiStates([-1, -1])).toEqual(all);
    // Unknown bits above READ_ONLY add nothing.
    expect(decodeAtspiStates([0, 0xfffff000])).toEqual(['offscreen']);
  });

  it('decodes state sets read from live GTK3 and LibreOffice widgets', () => {
    // gtk3-widget-factory entry: editable enabled focusable sensitive showing single-line visible
    expect(decodeAtspiStates([1191184768, 0])).toEqual(['enabled', 'visible', 'focusable', 'editable', 'singleline', 'sensitive']);
    // gtk3-widget-factory insensitive check button in the inconsistent state: focusable showing visible indeterminate
    expect(decodeAtspiStates([1107298304, 1])).toEqual(['visible', 'focusable', 'mixed']);
    // a scroll bar that is VISIBLE but not SHOWING
    expect(decodeAtspiStates([1090535680, 0])).toEqual(['enabled', 'offscreen', 'horizontal', 'sensitive']);
    // LibreOffice Writer paragraph
    expect(decodeAtspiStates([1109793152, 0])).toEqual([
      'enabled', 'visible', 'focusable', 'focused', 'editable', 'multiline', 'multiselectable', 'resizable',
    ]);
    // LibreOffice Writer main frame
    expect(decodeAtspiStates([1126170882, 0])).toEqual(['enabled', 'visible', 'active', 'sensitive', 'resizable']);
  });

  it('returns a fresh array each time', () => {
    const a = decodeAtspiStates(words('SHOWING'));
    a.push('busy');
    expect(decodeAtspiStates(words('SHOWING'))).toEqual(['visible']);
  });
});
