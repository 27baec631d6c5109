import { LambError } from '../../model/errors.js';
import { isCodeName, MODIFIER_KEYS, type CodeName, type KeyName } from '../../model/key-names.js';

/*
 * pywinauto's send_keys syntax (pywinauto/keyboard.py, Windows branch: parse_keys + handle_code), ported rule for
 * rule so that a key string means here exactly what it means under UFO. The rules, in pywinauto's own order:
 *
 *   + ^ %        hold Shift / Ctrl / Alt down; they are released after the NEXT element (a character, a {...}
 *                or a (...) group), so "^ac" is Ctrl+A then a plain c, and "^+s" is Ctrl+Shift+S.
 *   (...)        a group: the text up to the FIRST ")" is parsed with the pending modifiers. Quirk kept on
 *                purpose: pywinauto passes its modifier list into the group and releases it after the group's
 *                first element, so "+(ab)" types "Ab", not "AB". Inside a group spaces/tabs/newlines are always
 *                dropped (the group is parsed with the default flags). Groups do not nest.
 *   {CODE}       a named key from the CODES table (case-sensitive): {ENTER}, {TAB}, {VK_CONTROL}, {F5}...
 *   {c}          one character typed literally, which is how the specials are escaped: {+} {^} {%} {(} {)}
 *                {{} {}} {~}. The closing "}" is searched from the second character on, so {}} works.
 *   {CODE n}     the named key n times; {xyz n} parses "xyz" and repeats the result n times (n < 1: nothing).
 *   {PAUSE s}    a pause of s seconds.
 *   {KEY down}   press only / {KEY up} release only (KEY a code or one character). Detected when the
 *                lower-cased code contains " down" or " up"; it must then be exactly "KEY EVENT" with one space,
 *                and EVENT is an "up" only when it is literally "up" (so {VK_SHIFT UP} is a press). After any
 *                such element, later plain characters are sent as keys rather than as typed text.
 *   ~            Enter.
 *   space, tab, newline   dropped unless withSpaces / withTabs / withNewlines; a kept newline is Enter, a kept
 *                tab or space is typed.
 *   anything else   typed as text (Unicode, unaffected by modifiers: VK_PACKET), or, while a modifier is held
 *                or after a {KEY down}/{KEY up}, sent as the key that produces it (Ctrl+the A key for "^a").
 *   ")" or "}" without an opener, "(" or "{" without a closer, an unknown {CODE}: errors.
 * Modifiers still held at the end of the string are released; keys pressed with {KEY down} are not (pywinauto
 * leaves them down; see keysHeldAtEnd).
 */

/** One step of a parsed key sequence. */
export type KeyEvent =
  /** Key down only ({KEY down}, or a modifier before the element it modifies). */
  | { type: 'press'; key: KeyName }
  /** Key up only ({KEY up}, or the release of a modifier). */
  | { type: 'release'; key: KeyName }
  /** Down then up. */
  | { type: 'tap'; key: KeyName }
  /** Text typed as Unicode characters (VK_PACKET on Windows, KEY_STRING on AT-SPI): not affected by modifiers. */
  | { type: 'text'; text: string }
  /** {PAUSE s}. */
  | { type: 'pause'; seconds: number };

export interface ParseKeysOptions {
  /** Type spaces instead of dropping them (pywinauto's with_spaces; UFO's set_edit_text sets it). */
  withSpaces?: boolean;
  /** Type tabs instead of dropping them (with_tabs). */
  withTabs?: boolean;
  /** Press Enter for newlines instead of dropping them (with_newlines). */
  withNewlines?: boolean;
  /**
   * Bound on the key actions a sequence may produce (keys, plus everything a {KEY n} repetition expands to;
   * characters written out in the string itself do not count), so that {a 100000000} fails fast instead of
   * exhausting memory.
   */
  maxEvents?: number;
}

export const DEFAULT_MAX_KEY_EVENTS = 100_000;
/** {PAUSE s} bound, the same as the wait action's: pywinauto would sleep forever on {PAUSE inf}. */
export const MAX_PAUSE_SECONDS = 300;

/** pywinauto's action list before text is merged: one entry per KeyAction/VirtualKeyAction/EscapedKeyAction/PauseAction. */
type RawAction =
  | { kind: 'code'; key: CodeName; down: boolean; up: boolean }
  | { kind: 'char'; char: string; escaped: boolean; down: boolean; up: boolean }
  | { kind: 'pause'; seconds: number };

interface Ctx {
  readonly max: number;
  count: number;
}

/**
 * Parses a pywinauto key string into key events, following pywinauto's semantics exactly (see above).
 * Throws LambError('INVALID_ARGUMENT') naming the position (0-based, in characters) and the problem.
 */
export function parseKeys(keys: string, options: ParseKeysOptions = {}): KeyEvent[] {
  const ctx: Ctx = { max: options.maxEvents ?? DEFAULT_MAX_KEY_EVENTS, count: 0 };
  const raw = parse(Array.from(keys), 0, {
    withSpaces: options.withSpaces ?? false,
    withTabs: options.withTabs ?? false,
    withNewlines: options.withNewlines ?? false,
  }, null, ctx);
  return toEvents(raw);
}

/** Keys left down at the end of a sequence ({KEY down} without {KEY up}): an executor should release them. */
export function keysHeldAtEnd(events: readonly KeyEvent[]): KeyName[] {
  const held: KeyName[] = [];
  for (const e of events) {
    if (e.type === 'press') {
      if (!held.includes(e.key)) held.push(e.key);
    } else if (e.type === 'release') {
      const i = held.indexOf(e.key);
      if (i >= 0) held.splice(i, 1);
    }
  }
  return held;
}

interface Flags {
  withSpaces: boolean;
  withTabs: boolean;
  withNewlines: boolean;
}

const DEFAULT_FLAGS: Flags = { withSpaces: false, withTabs: false, withNewlines: false };

/**
 * pywinauto's parse_keys. `s` is a slice of the input starting at `offset` (for positions in messages).
 * `sharedModifiers` is the caller's modifier list when it is non-empty (pywinauto: `if not modifiers: modifiers = []`,
 * so an empty list is NOT shared, a non-empty one is, and the group releases the caller's modifiers).
 */
function parse(
  s: readonly string[],
  offset: number,
  flags: Flags,
  sharedModifiers: CodeName[] | null,
  ctx: Ctx,
): RawAction[] {
  const keys: RawAction[] = [];
  const modifiers: CodeName[] = sharedModifiers && sharedModifiers.length > 0 ? sharedModifiers : [];
  let shouldEscapeNextKeys = false;
  let index = 0;

  const push = (a: RawAction) => {
    // Characters written out in the input are bounded by its length; only keys and expansions can blow up.
    if (!(a.kind === 'char' && !a.escaped)) {
      ctx.count += 1;
      if (ctx.count > ctx.max) throw tooMany(ctx);
    }
    keys.push(a);
  };

  while (index < s.length) {
    const at = offset + index;
    const c = s[index] as string;
    index += 1;

    if (c === '+' || c === '^' || c === '%') {
      const modifier = MODIFIER_KEYS[c];
      modifiers.push(modifier);
      push({ kind: 'code', key: modifier, down: true, up: false });
      continue;
    } else if (c === '(') {
      const endPos = indexOf(s, ')', index);
      if (endPos === -1) {
        throw keyError(`"(" at position ${at} has no closing ")" (to type a literal "(" write {(})`);
      }
      // The group shares our modifier list and is parsed with the default flags (pywinauto passes neither).
      for (const a of parse(s.slice(index, endPos), offset + index, DEFAULT_FLAGS, modifiers, ctx)) keys.push(a);
      index = endPos + 1;
    } else if (c === '{') {
      // Searching from index + 1 makes "{}}" the escaped "}".
      const endPos = indexOf(s, '}', index + 1);
      if (endPos === -1) {
        throw keyError(`"{" at position ${at} has no closing "}" (to type a literal "{" write {{})`);
      }
      let code = s.slice(index, endPos).join('');
      index = endPos + 1;
      let keyEvent: string | null = null;
      const lower = code.toLowerCase();
      if (lower.includes(' up') || lower.includes(' down')) {
        const parts = code.split(' ');
        if (parts.length !== 2) {
          throw keyError(
            `{${code}} at position ${at}: a key press or release is written {KEY down} or {KEY up}, with exactly one space`,
          );
        }
        code = parts[0] as string;
        keyEvent = parts[1] as string;
        shouldEscapeNextKeys = true;
      }
      const current = handleCode(code, at, ctx);
      if (keyEvent !== null && current.length > 0) {
        // handle_code of a code without spaces yields exactly one key: mark it press-only or release-only,
        // turning a typed character into a key (EscapedKeyAction).
        const first = current[0] as RawAction;
        const isUp = keyEvent.trim() === 'up';
        if (first.kind === 'code') {
          current[0] = { kind: 'code', key: first.key, down: !isUp, up: isUp };
        } else if (first.kind === 'char') {
          current[0] = { kind: 'char', char: first.char, escaped: true, down: !isUp, up: isUp };
        }
      }
      ctx.count += current.length;
      if (ctx.count > ctx.max) throw tooMany(ctx);
      for (const a of current) keys.push(a);
    } else if (c === ')') {
      throw keyError(`")" at position ${at} has no matching "(" (to type a literal ")" write {)})`);
    } else if (c === '}') {
      throw keyError(`"}" at position ${at} has no matching "{" (to type a literal "}" write {}})`);
    } else {
      if ((c === ' ' && !flags.withSpaces) || (c === '\t' && !flags.withTabs) || (c === '\n' && !flags.withNewlines)) {
        continue;
      }
      if (c === '~' || c === '\n') {
        push({ kind: 'code', key: 'ENTER', down: true, up: true });
      } else if (modifiers.length > 0 || shouldEscapeNextKeys) {
        push({ kind: 'char', char: c, escaped: true, down: true, up: true });
      } else {
        push({ kind: 'char', char: c, escaped: false, down: true, up: true });
      }
    }

    // The element is done: release the modifiers (including a caller's, when shared: pywinauto's group quirk).
    while (modifiers.length > 0) {
      push({ kind: 'code', key: modifiers.pop() as CodeName, down: false, up: true });
    }
  }

  while (modifiers.length > 0) {
    push({ kind: 'code', key: modifiers.pop() as CodeName, down: false, up: true });
  }
  return keys;
}

/** pywinauto's handle_code: a {...} body without the braces. Counts nothing; the caller does. */
function handleCode(code: string, at: number, ctx: Ctx): RawAction[] {
  if (isCodeName(code)) return [{ kind: 'code', key: code, down: true, up: true }];

  const cps = Array.from(code);
  // An escaped character, e.g. {%}. (Python's len() counts code points, as Array.from does.)
  if (cps.length === 1) return [{ kind: 'char', char: code, escaped: false, down: true, up: true }];

  if (code.includes(' ')) {
    const split = rsplitWhitespaceOnce(cps);
    if (split.length !== 2) {
      throw keyError(`{${code}} at position ${at}: expected {KEY n} (a key and a count) or {PAUSE seconds}`);
    }
    const toRepeat = split[0] as string;
    const count = split[1] as string;
    if (toRepeat === 'PAUSE') {
      const seconds = pythonFloat(count);
      if (seconds === null) {
        throw keyError(`{${code}} at position ${at}: invalid pause time "${count}", expected a number of seconds`);
      }
      if (!(seconds >= 0 && seconds <= MAX_PAUSE_SECONDS)) {
        throw keyError(
          `{${code}} at position ${at}: pause time must be between 0 and ${MAX_PAUSE_SECONDS} seconds, got ${count}`,
        );
      }
      return [{ kind: 'pause', seconds }];
    }
    const n = pythonInt(count);
    if (n === null) {
      throw keyError(`{${code}} at position ${at}: invalid repetition count "${count}", expected a whole number`);
    }
    const unit: RawAction[] = isCodeName(toRepeat)
      ? [{ kind: 'code', key: toRepeat, down: true, up: true }]
      : // pywinauto parses the repeated text on its own (default flags, no modifiers) and repeats the result.
        parseNested(toRepeat, at + 1, ctx);
    if (n <= 0 || unit.length === 0) return [];
    if (ctx.count + unit.length * n > ctx.max) throw tooMany(ctx);
    const out: RawAction[] = [];
    for (let i = 0; i < n; i++) for (const a of unit) out.push(a);
    return out;
  }

  throw keyError(unknownCodeMessage(code, at));
}

/** Parses repeated text without counting it against the budget (the repetition counts the expansion). */
function parseNested(text: string, offset: number, ctx: Ctx): RawAction[] {
  const inner: Ctx = { max: ctx.max, count: 0 };
  return parse(Array.from(text), offset, DEFAULT_FLAGS, null, inner);
}

function unknownCodeMessage(code: string, at: number): string {
  const shown = code.length > 40 ? `${code.slice(0, 40)}...` : code;
  const upper = code.toUpperCase();
  const suggestion = isCodeName(upper)
    ? ` Did you mean {${upper}}? Key names are case-sensitive.`
    : isCodeName(`VK_${upper}`)
      ? ` Did you mean {VK_${upper}}?`
      : '';
  return (
    `unknown key {${shown}} at position ${at}.${suggestion} Named keys are upper case, such as {ENTER}, {TAB}, ` +
    `{ESC}, {BACKSPACE}, {DELETE}, {F5}, {VK_CONTROL}; {KEY n} repeats a key, {KEY down}/{KEY up} hold and release it`
  );
}

function toEvents(raw: readonly RawAction[]): KeyEvent[] {
  const events: KeyEvent[] = [];
  let text = '';
  const flush = () => {
    if (text.length > 0) {
      events.push({ type: 'text', text });
      text = '';
    }
  };
  for (const a of raw) {
    if (a.kind === 'char' && !a.escaped) {
      text += a.char;
      continue;
    }
    flush();
    if (a.kind === 'pause') {
      events.push({ type: 'pause', seconds: a.seconds });
    } else {
      const key: KeyName = a.kind === 'code' ? a.key : a.char;
      // A KeyAction with neither down nor up cannot arise from the syntax; both means a tap.
      events.push({ type: a.down && a.up ? 'tap' : a.down ? 'press' : 'release', key });
    }
  }
  flush();
  return events;
}

// ---- Python string helpers, so that edge cases match pywinauto's ----

function indexOf(s: readonly string[], ch: string, from: number): number {
  for (let i = Math.max(0, from); i < s.length; i++) if (s[i] === ch) return i;
  return -1;
}

/** Characters Python's str.isspace() (and so str.split()/rsplit() without a separator) treats as whitespace. */
function isPySpace(c: string): boolean {
  const cp = c.codePointAt(0) ?? 0;
  return (
    (cp >= 0x09 && cp <= 0x0d) || (cp >= 0x1c && cp <= 0x20) || cp === 0x85 || cp === 0xa0 || cp === 0x1680 ||
    (cp >= 0x2000 && cp <= 0x200a) || cp === 0x2028 || cp === 0x2029 || cp === 0x202f || cp === 0x205f || cp === 0x3000
  );
}

/** Python's `s.rsplit(None, 1)`: trailing whitespace dropped, the left part keeps its leading whitespace. */
function rsplitWhitespaceOnce(cps: readonly string[]): string[] {
  let end = cps.length;
  while (end > 0 && isPySpace(cps[end - 1] as string)) end--;
  if (end === 0) return [];
  let start = end;
  while (start > 0 && !isPySpace(cps[start - 1] as string)) start--;
  const last = cps.slice(start, end).join('');
  let leftEnd = start;
  while (leftEnd > 0 && isPySpace(cps[leftEnd - 1] as string)) leftEnd--;
  return leftEnd === 0 ? [last] : [cps.slice(0, leftEnd).join(''), last];
}

/** Python's int(str) for ASCII digits (sign, digits, single underscores between digits); null if it would raise. */
function pythonInt(s: string): number | null {
  const t = s.trim();
  if (!/^[+-]?\d+(?:_\d+)*$/.test(t) || t.replace(/[^0-9]/g, '').length > 4300) return null;
  return Number(t.replace(/_/g, ''));
}

/** Python's float(str) for decimal notation, inf and nan; null if it would raise. */
function pythonFloat(s: string): number | null {
  const t = s.trim().toLowerCase();
  const m = /^([+-]?)(inf|infinity|nan)$/.exec(t);
  if (m) return m[2] === 'nan' ? Number.NaN : m[1] === '-' ? -Infinity : Infinity;
  if (!/^[+-]?(?:\d+(?:_\d+)*(?:\.(?:\d+(?:_\d+)*)?)?|\.\d+(?:_\d+)*)(?:e[+-]?\d+(?:_\d+)*)?$/.test(t)) return null;
  return Number(t.replace(/_/g, ''));
}

function keyError(message: string): LambError {
  return new LambError('INVALID_ARGUMENT', message);
}

function tooMany(ctx: Ctx): LambError {
  return new LambError(
    'INVALID_ARGUMENT',
    `the key sequence expands to more than ${ctx.max} key events; send it in smaller parts`,
  );
}
