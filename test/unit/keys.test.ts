import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { parseKeys, keysHeldAtEnd, type KeyEvent } from '../../lib/act/keys/parse-keys.js';
import { literalTextEvents, escapeForSendKeys } from '../../lib/act/keys/literal-text.js';
import { CODE_NAMES, isCharKey, isCodeName } from '../../lib/model/key-names.js';
import { LambError } from '../../lib/model/errors.js';

const press = (key: string): KeyEvent => ({ type: 'press', key });
const release = (key: string): KeyEvent => ({ type: 'release', key });
const tap = (key: string): KeyEvent => ({ type: 'tap', key });
const text = (t: string): KeyEvent => ({ type: 'text', text: t });

function expectKeyError(keys: string, ...fragments: string[]): void {
  let caught: unknown;
  try {
    parseKeys(keys);
  } catch (e) {
    caught = e;
  }
  expect(caught, `parseKeys(${JSON.stringify(keys)}) should fail`).toBeInstanceOf(LambError);
  expect((caught as LambError).code).toBe('INVALID_ARGUMENT');
  for (const f of fragments) expect((caught as LambError).message).toContain(f);
}

describe('parseKeys: pywinauto send_keys syntax', () => {
  it('modifiers: ^ Ctrl, + Shift, % Alt, held over the next element only', () => {
    expect(parseKeys('^a')).toEqual([press('VK_CONTROL'), tap('a'), release('VK_CONTROL')]);
    expect(parseKeys('^a^c')).toEqual([
      press('VK_CONTROL'), tap('a'), release('VK_CONTROL'),
      press('VK_CONTROL'), tap('c'), release('VK_CONTROL'),
    ]);
    expect(parseKeys('^ac')).toEqual([press('VK_CONTROL'), tap('a'), release('VK_CONTROL'), text('c')]);
    expect(parseKeys('^+s')).toEqual([press('VK_CONTROL'), press('VK_SHIFT'), tap('s'), release('VK_SHIFT'), release('VK_CONTROL')]);
    expect(parseKeys('+{INS}')).toEqual([press('VK_SHIFT'), tap('INS'), release('VK_SHIFT')]);
    expect(parseKeys('%{F4}')).toEqual([press('VK_MENU'), tap('F4'), release('VK_MENU')]);
    // A modifier at the end is pressed and released.
    expect(parseKeys('^')).toEqual([press('VK_CONTROL'), release('VK_CONTROL')]);
    // A dropped space is skipped before the modifiers are released (pywinauto's `continue`): still Ctrl+A.
    expect(parseKeys('^ a')).toEqual([press('VK_CONTROL'), tap('a'), release('VK_CONTROL')]);
    // Shift over an upper-case letter sends the A key (pywinauto drops VkKeyScan's shift state).
    expect(parseKeys('+A')).toEqual([press('VK_SHIFT'), tap('A'), release('VK_SHIFT')]);
  });

  it('repetition {KEY n}, also of characters and of parsed text', () => {
    expect(parseKeys('+{TAB 2}')).toEqual([press('VK_SHIFT'), tap('TAB'), tap('TAB'), release('VK_SHIFT')]);
    expect(parseKeys('{ENTER 2}')).toEqual([tap('ENTER'), tap('ENTER')]);
    expect(parseKeys('{TAB 3}{PAUSE 0.5}{F 3}')).toEqual([tap('TAB'), tap('TAB'), tap('TAB'), { type: 'pause', seconds: 0.5 }, text('FFF')]);
    expect(parseKeys('{ab 2}')).toEqual([text('abab')]);
    expect(parseKeys('{^a 2}')).toEqual([press('VK_CONTROL'), tap('a'), release('VK_CONTROL'), press('VK_CONTROL'), tap('a'), release('VK_CONTROL')]);
    // Python's list * n for n <= 0 is empty.
    expect(parseKeys('{ENTER 0}{ENTER -3}')).toEqual([]);
    // rsplit(None, 1): several spaces separate like one.
    expect(parseKeys('{DOWN   2}')).toEqual([tap('DOWN'), tap('DOWN')]);
  });

  it('groups: "%(fe)" holds Alt over the first element only (pywinauto releases the shared modifiers)', () => {
    expect(parseKeys('%(fe)')).toEqual([press('VK_MENU'), tap('f'), release('VK_MENU'), text('e')]);
    expect(parseKeys('+(a)')).toEqual([press('VK_SHIFT'), tap('a'), release('VK_SHIFT')]);
    expect(parseKeys('+(^a)')).toEqual([press('VK_SHIFT'), press('VK_CONTROL'), tap('a'), release('VK_CONTROL'), release('VK_SHIFT')]);
    expect(parseKeys('%(H{LEFT})')).toEqual([press('VK_MENU'), tap('H'), release('VK_MENU'), tap('LEFT')]);
    expect(parseKeys('+()')).toEqual([press('VK_SHIFT'), release('VK_SHIFT')]);
    expect(parseKeys('(ab)')).toEqual([text('ab')]);
    // Inside a group spaces are dropped even with withSpaces (the group is parsed with default flags).
    expect(parseKeys('(a b)', { withSpaces: true })).toEqual([text('ab')]);
  });

  it('{KEY down} / {KEY up}, and characters after them are keys, not text', () => {
    expect(parseKeys('{VK_CONTROL down}c{VK_CONTROL up}')).toEqual([press('VK_CONTROL'), tap('c'), release('VK_CONTROL')]);
    expect(parseKeys('{VK_SHIFT down}pywinauto{VK_SHIFT up}')).toEqual([
      press('VK_SHIFT'), ...'pywinauto'.split('').map(tap), release('VK_SHIFT'),
    ]);
    expect(parseKeys('{h down}{e down}{h up}{e up}llo')).toEqual([
      press('h'), press('e'), release('h'), release('e'), tap('l'), tap('l'), tap('o'),
    ]);
    // Only a lower-case "up" releases: "{VK_SHIFT UP}" is a press (pywinauto compares event.strip() == 'up').
    expect(parseKeys('{VK_SHIFT UP}')).toEqual([press('VK_SHIFT')]);
    expect(keysHeldAtEnd(parseKeys('{VK_SHIFT down}a'))).toEqual(['VK_SHIFT']);
    expect(keysHeldAtEnd(parseKeys('{VK_SHIFT down}a{VK_SHIFT up}'))).toEqual([]);
  });

  it('escapes: {{} {}} {+} {^} {%} {(} {)} {~} type the character', () => {
    expect(parseKeys('{{}')).toEqual([text('{')]);
    expect(parseKeys('{}}')).toEqual([text('}')]);
    expect(parseKeys('{%}{^}{+}{(}{)}{{}{}}{~}')).toEqual([text('%^+(){}~')]);
    expect(parseKeys('{^}a{^}c{%}')).toEqual([text('^a^c%')]);
    expect(parseKeys('{{}ENTER{}}')).toEqual([text('{ENTER}')]);
    // With a modifier held, an escaped character is still typed as text (pywinauto's KeyAction).
    expect(parseKeys('^{+}')).toEqual([press('VK_CONTROL'), text('+'), release('VK_CONTROL')]);
  });

  it('named keys: {ENTER}, ~, case-sensitive names', () => {
    expect(parseKeys('{ENTER}')).toEqual([tap('ENTER')]);
    expect(parseKeys('~')).toEqual([tap('ENTER')]);
    expect(parseKeys('{VK_RETURN}{BACKSPACE}{ESC}{F24}{VK_NUMPAD0}')).toEqual([
      tap('VK_RETURN'), tap('BACKSPACE'), tap('ESC'), tap('F24'), tap('VK_NUMPAD0'),
    ]);
    expectKeyError('{enter}', 'unknown key {enter}', 'Did you mean {ENTER}?');
  });

  it('spaces, tabs and newlines are dropped unless asked for', () => {
    expect(parseKeys('Hello World')).toEqual([text('HelloWorld')]);
    expect(parseKeys('Hello World', { withSpaces: true })).toEqual([text('Hello World')]);
    expect(parseKeys('\t a\t b\t')).toEqual([text('ab')]);
    expect(parseKeys('\t\t', { withTabs: true })).toEqual([text('\t\t')]);
    expect(parseKeys('a\nb')).toEqual([text('ab')]);
    expect(parseKeys('a\nb', { withNewlines: true })).toEqual([text('a'), tap('ENTER'), text('b')]);
    expect(parseKeys('{TAB}  {TAB} ')).toEqual([tap('TAB'), tap('TAB')]);
    expect(parseKeys('\t \t \t a~\tb\nc', { withNewlines: true })).toEqual([text('a'), tap('ENTER'), text('b'), tap('ENTER'), text('c')]);
  });

  it('literal characters, including non-ASCII and astral ones', () => {
    expect(parseKeys('héllo €😀')).toEqual([text('héllo€😀')]);
    expect(parseKeys('{😀}')).toEqual([text('😀')]);
    expect(parseKeys('^😀')).toEqual([press('VK_CONTROL'), tap('😀'), release('VK_CONTROL')]);
  });

  it('errors: unbalanced braces and parentheses, bad counts, with positions', () => {
    expectKeyError('{ENTER', '"{" at position 0 has no closing "}"', '{{}');
    expectKeyError('ab{', 'position 2');
    expectKeyError('ENTER)', '")" at position 5 has no matching "("');
    expectKeyError('ENTER}', '"}" at position 5 has no matching "{"');
    expectKeyError('(abc', '"(" at position 0 has no closing ")"');
    expectKeyError('((a))', 'no closing ")"'); // groups do not nest: "(a" has no ")"
    expectKeyError('{}', 'no closing "}"');
    expectKeyError('%{Enterius}', 'unknown key {Enterius} at position 1');
    expectKeyError('{PAUSE small}', 'invalid pause time "small"');
    expectKeyError('{PAUSE inf}', 'pause time must be between 0 and 300');
    expectKeyError('{ENTER five}', 'invalid repetition count "five"');
    expectKeyError('{VK_SHIFT  down}', 'exactly one space');
    expectKeyError('{ 3}', 'expected {KEY n}');
    expectKeyError('{a 100000000}', 'more than 100000 key events');
    expect(() => parseKeys('{ENTER 5}', { maxEvents: 4 })).toThrow(/more than 4 key events/);
  });

  it('emits only code names and single characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'B', ' ', '{', '}', '(', ')', '^', '+', '%', '~', '\n', '2', 'ENTER', 'VK_SHIFT', ' down', ' up', 'é', '😀') }), (s) => {
        let events: KeyEvent[];
        try {
          events = parseKeys(s, { withSpaces: true, withNewlines: true });
        } catch (e) {
          expect(e).toBeInstanceOf(LambError);
          return;
        }
        for (const e of events) {
          if (e.type === 'press' || e.type === 'release' || e.type === 'tap') {
            expect(isCodeName(e.key) || isCharKey(e.key), e.key).toBe(true);
          }
        }
      }),
      { numRuns: 2000 },
    );
    expect(CODE_NAMES.every((n) => !isCharKey(n))).toBe(true);
  });

  it('never throws anything but LambError', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        try {
          parseKeys(s);
        } catch (e) {
          expect(e).toBeInstanceOf(LambError);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('literal text', () => {
  it('types every character, newline as Enter, tab as Tab', () => {
    expect(literalTextEvents('a b+^%(){}~')).toEqual([text('a b+^%(){}~')]);
    expect(literalTextEvents('one\r\ntwo\tthree\n')).toEqual([text('one'), tap('ENTER'), text('two'), tap('TAB'), text('three'), tap('ENTER')]);
  });

  it('escapeForSendKeys round-trips through parseKeys with spaces kept', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.oneof(fc.constantFrom('{', '}', '+', '^', '%', '(', ')', '~', '\n', '\t', ' ', '\r'), fc.string({ minLength: 1, maxLength: 1 })) }), (s) => {
        expect(parseKeys(escapeForSendKeys(s), { withSpaces: true })).toEqual(literalTextEvents(s));
      }),
      { numRuns: 1000 },
    );
  });
});
