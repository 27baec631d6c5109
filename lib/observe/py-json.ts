/**
 * Python's `json.dumps(value)` with its default arguments, reproduced byte for byte.
 *
 * Why: UFO renders every list it puts into the AppAgent prompt with a bare `json.dumps(...)`
 * (ufo/prompter/agent_prompter.py, AppAgentPrompter.user_prompt_construction:
 * `control_item=json.dumps(control_item)`, `prev_plan=json.dumps(prev_plan)`, ...). The LAM was trained on
 * that exact text, so the bridge must produce the same bytes. Python's defaults differ from JSON.stringify:
 * - separators are `", "` and `": "` (JSON.stringify uses none);
 * - `ensure_ascii=True`: every character outside printable ASCII (0x20..0x7e) is written as `\uXXXX` with
 *   lower-case hex, astral characters as a surrogate pair (JSON.stringify keeps them raw);
 * - NaN / Infinity are written as `NaN` / `Infinity` (JSON.stringify writes null);
 * - floats use Python's repr (`1e-05`, `1e+16`), ints their decimal digits.
 *
 * A JS number does not say whether Python held an int or a float: integral numbers are written as ints
 * (`1`, not `1.0`), which is what UFO's own values (labels, coordinates, counts) are.
 */

const HEX = '0123456789abcdef';

/** Characters json.dumps writes as-is: printable ASCII except `"` and `\`. */
const NEEDS_ESCAPE = /[^\x20\x21\x23-\x5b\x5d-\x7e]/;

function hex4(code: number): string {
  return HEX[(code >> 12) & 15]! + HEX[(code >> 8) & 15]! + HEX[(code >> 4) & 15]! + HEX[code & 15]!;
}

/** `json.dumps(s)` for a string: the quoted, ASCII-only literal. */
export function pyJsonString(s: string): string {
  // Fast path: most control names are plain ASCII and need no work at all.
  if (!NEEDS_ESCAPE.test(s)) return '"' + s + '"';
  let out = '"';
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c <= 0x7e && c !== 0x22 && c !== 0x5c) continue;
    if (i > from) out += s.slice(from, i);
    from = i + 1;
    switch (c) {
      case 0x22: out += '\\"'; break;
      case 0x5c: out += '\\\\'; break;
      case 0x0a: out += '\\n'; break;
      case 0x0d: out += '\\r'; break;
      case 0x09: out += '\\t'; break;
      case 0x08: out += '\\b'; break;
      case 0x0c: out += '\\f'; break;
      // UTF-16 code units map one to one onto Python's surrogate-pair escapes for astral characters.
      default: out += '\\u' + hex4(c);
    }
  }
  if (from < s.length) out += s.slice(from);
  return out + '"';
}

/**
 * Python's `repr(float)` for a finite non-integral number: the shortest round-trip digits (JS and Python
 * agree on those), laid out the Python way: positional for 1e-4 <= |x| < 1e16, else `d.ddde±XX`.
 */
export function pyFloatRepr(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (n === Infinity) return 'inf';
  if (n === -Infinity) return '-inf';
  const [mantissa, expPart] = n.toExponential().split('e') as [string, string];
  const exp = Number(expPart);
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  const sign = negative ? '-' : '';
  if (exp >= -4 && exp < 16) {
    let s: string;
    if (exp < 0) s = '0.' + '0'.repeat(-exp - 1) + digits;
    else if (digits.length <= exp + 1) s = digits + '0'.repeat(exp + 1 - digits.length) + '.0';
    else s = digits.slice(0, exp + 1) + '.' + digits.slice(exp + 1);
    return sign + s;
  }
  const m = digits.length > 1 ? digits[0] + '.' + digits.slice(1) : digits;
  const e = Math.abs(exp);
  return sign + m + 'e' + (exp < 0 ? '-' : '+') + (e < 10 ? '0' + e : String(e));
}

/** `json.dumps` of a number: ints as digits, floats as repr, NaN/Infinity as Python spells them in JSON. */
export function pyJsonNumber(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  if (Number.isInteger(n)) return Object.is(n, -0) ? '0' : BigInt(n).toString();
  return pyFloatRepr(n);
}

/**
 * `json.dumps(value)` for JSON-like values. `undefined` members are skipped like JSON.stringify does;
 * `toJSON` is honoured so Dates and similar objects come out as they would through JSON.stringify.
 */
export function pyJsonDumps(value: unknown): string {
  const parts: string[] = [];
  write(value, parts);
  return parts.join('');
}

function write(value: unknown, out: string[]): void {
  if (value === null || value === undefined) { out.push('null'); return; }
  switch (typeof value) {
    case 'string': out.push(pyJsonString(value)); return;
    case 'number': out.push(pyJsonNumber(value)); return;
    case 'boolean': out.push(value ? 'true' : 'false'); return;
    case 'bigint': out.push(value.toString()); return;
    case 'object': break;
    default: out.push('null'); return;
  }
  const withToJson = value as { toJSON?: () => unknown };
  if (typeof withToJson.toJSON === 'function') { write(withToJson.toJSON(), out); return; }
  if (Array.isArray(value)) {
    out.push('[');
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out.push(', ');
      write(value[i], out);
    }
    out.push(']');
    return;
  }
  out.push('{');
  let first = true;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
    if (!first) out.push(', ');
    first = false;
    out.push(pyJsonString(k), ': ');
    write(v, out);
  }
  out.push('}');
}
