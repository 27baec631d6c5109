import { pyJsonNumber, pyFloatRepr } from '../observe/py-json.js';

/**
 * Python's `repr()` and `str()` of JSON-like values, as UFO's f-strings produce them.
 *
 * Why: UFO writes a past action as `f"{command_name}({args_str})"` with `args_str = ", ".join(f"{k}={v!r}" ...)`
 * and its result as `f"[Result] {self.result.result}"` (ufo/agents/processors/schemas/actions.py). A model
 * trained on UFO traces reads `click_input(button='left', double=False)`, not JSON: single quotes,
 * True/False/None, `{'k': v}`.
 *
 * Strings: repr picks single quotes unless the text has a single quote and no double quote, escapes `\`,
 * the chosen quote, \t \n \r, and non-printable characters (\xNN, \uNNNN, \UNNNNNNNN); printable non-ASCII
 * stays as is. "Non-printable" follows Python's str.isprintable: Unicode categories Cc, Cf, Cs, Co, Cn, Zl,
 * Zp and Zs other than the ASCII space (the Unicode version of the JS engine may differ from Python's for
 * characters assigned recently). Numbers: integral values are written as ints (a JSON value does not say
 * whether Python held 1 or 1.0).
 */

const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

export function pyReprString(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += '\\' + quote;
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (c === 0x20 || (c > 0x20 && c < 0x7f)) out += ch;
    else if (NON_PRINTABLE.test(ch)) {
      out += c < 0x100 ? '\\x' + hex(c, 2) : c < 0x10000 ? '\\u' + hex(c, 4) : '\\U' + hex(c, 8);
    } else out += ch;
  }
  return out + quote;
}

function reprNumber(n: number): string {
  if (Number.isFinite(n)) return Number.isInteger(n) ? pyJsonNumber(n) : pyFloatRepr(n);
  return pyFloatRepr(n); // nan, inf, -inf
}

/** `repr(value)` for JSON-like values: None, True/False, ints/floats, strings, lists, dicts. */
export function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  switch (typeof value) {
    case 'string': return pyReprString(value);
    case 'number': return reprNumber(value);
    case 'boolean': return value ? 'True' : 'False';
    case 'bigint': return value.toString();
    case 'object': break;
    default: return 'None';
  }
  if (Array.isArray(value)) return '[' + value.map(pyRepr).join(', ') + ']';
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return '{' + entries.map(([k, v]) => pyReprString(k) + ': ' + pyRepr(v)).join(', ') + '}';
}

/** `str(value)`: a string is itself, everything else its repr (as for Python's built-in containers). */
export function pyStr(value: unknown): string {
  return typeof value === 'string' ? value : pyRepr(value);
}
