/**
 * Lenient extraction of the JSON object in a model's answer.
 *
 * Models wrap their JSON in prose or ``` fences and write almost-JSON: trailing commas, 'single quotes',
 * “smart quotes”, Python's True/False/None (UFO's own prompt shows `{"save": True/False, ...}`), raw line
 * breaks inside strings, unescaped quotes inside strings, // comments, unquoted keys. UFO retries the model
 * up to 3 times when json.loads fails; repairing what is unambiguous saves those round trips (each ~5 s of
 * LAM time), and what is not repairable gets an error message a model can act on.
 *
 * Where to look, in order: the contents of each ``` fence (an unterminated fence runs to the end, as in a
 * cut-off answer), then the whole text; in each, every `{` in turn until one yields a JSON object.
 *
 * The repair is a single scanner that rewrites the candidate into strict JSON while tracking nesting:
 * - outside strings: `'…'`, `“…”`, `‘…’` become "…" strings; True/False/None become true/false/null;
 *   bare identifiers followed by `:` become quoted keys; commas before `}`/`]` are dropped; comments dropped;
 * - inside "…" strings: raw control characters are escaped, `\'` becomes `'`, a backslash before a character
 *   JSON cannot escape is doubled (Windows paths), and a `"` that is not followed by `,` `:` `}` `]` or the end
 *   is taken as a quote inside the text and escaped;
 * - a non-JSON-quoted string ends only at a closing quote followed by `,` `:` `}` `]` (or the end), so
 *   apostrophes inside words ("don't") stay text; when no such quote exists the input is ambiguous and is
 *   reported, not guessed.
 */

export type ExtractResult =
  | { ok: true; value: Record<string, unknown>; repairs: string[] }
  | { ok: false; error: string; kind: 'no-json' | 'truncated' | 'invalid' | 'not-object' };

interface ScanOk { ok: true; json: string; end: number; repairs: Set<string> }
interface ScanFail { ok: false; kind: 'truncated' | 'invalid'; error: string }

// A quote closes a string when what follows is structural, or a line break and the next quoted key (a
// pretty-printed object whose comma is missing).
const CLOSERS_AFTER_STRING = /^\s*(?:[,:}\]]|$)|^[ \t]*\r?\n\s*["'\u201c\u201d\u2018\u2019]/;
const OPEN_SMART = new Set(['\u201c', '\u201d', '\u201e', '\u201f', '\u2033']);
const OPEN_SMART_SINGLE = new Set(['\u2018', '\u2019', '\u201a', '\u201b']);
const VALID_ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't', 'u']);

function escapeControl(ch: string): string {
  switch (ch) {
    case '\n': return '\\n';
    case '\r': return '\\r';
    case '\t': return '\\t';
    case '\b': return '\\b';
    case '\f': return '\\f';
    default: return '\\u' + ch.charCodeAt(0).toString(16).padStart(4, '0');
  }
}

/** True when the text after position `i` starts with optional spaces and a structural char or the end. */
function closesAt(s: string, i: number): boolean {
  return CLOSERS_AFTER_STRING.test(s.slice(i, i + 64));
}

function lineCol(s: string, pos: number): string {
  let line = 1;
  let col = 1;
  for (let i = 0; i < pos && i < s.length; i++) {
    if (s[i] === '\n') { line++; col = 1; } else col++;
  }
  return `line ${line}, column ${col}`;
}

function snippet(s: string, pos: number): string {
  const from = Math.max(0, pos - 30);
  return JSON.stringify(s.slice(from, pos + 30));
}

/** Reads a string starting at s[i] (the opening quote), returns its JSON form and the index after it. */
function readString(s: string, i: number, repairs: Set<string>): { json: string; next: number } | ScanFail {
  const open = s[i]!;
  const standard = open === '"';
  const single = open === "'" || OPEN_SMART_SINGLE.has(open);
  if (!standard) repairs.add(single ? 'single-quoted strings' : 'smart quotes');
  const isCloser = (ch: string) =>
    standard ? ch === '"' : single ? ch === "'" || OPEN_SMART_SINGLE.has(ch) : ch === '"' || OPEN_SMART.has(ch);
  let out = '"';
  let j = i + 1;
  while (j < s.length) {
    const ch = s[j]!;
    if (ch === '\\') {
      const nx = s[j + 1];
      if (nx === undefined) break;
      if (nx === "'") { out += "'"; repairs.add('escaped single quote'); j += 2; continue; }
      const badUnicode = nx === 'u' && !/^[0-9a-fA-F]{4}$/.test(s.slice(j + 2, j + 6));
      if (!VALID_ESCAPES.has(nx) || badUnicode) { out += '\\\\'; repairs.add('invalid escape'); j += 1; continue; }
      out += ch + nx;
      j += 2;
      continue;
    }
    if (isCloser(ch)) {
      if (closesAt(s, j + 1)) return { json: out + '"', next: j + 1 };
      if (standard) repairs.add('unescaped quote in string');
      out += ch === '"' ? '\\"' : ch;
      j++;
      continue;
    }
    if (ch === '"') { out += '\\"'; j++; continue; }
    if (ch < ' ') { out += escapeControl(ch); repairs.add('raw control character in string'); j++; continue; }
    out += ch;
    j++;
  }
  if (!standard && !single) {
    return { ok: false, kind: 'invalid', error: `a string opened with a curly quote at ${lineCol(s, i)} is never closed by a curly quote followed by , : } or ]` };
  }
  if (single) {
    return { ok: false, kind: 'invalid', error: `the single quote at ${lineCol(s, i)} is ambiguous: no closing single quote followed by , : } or ] was found (the answer may also be cut off), so the string cannot be delimited` };
  }
  return { ok: false, kind: 'truncated', error: `the string that starts at ${lineCol(s, i)} is never closed; the answer looks cut off` };
}

/** Scans one JSON value that starts with `{` at `start`, producing strict JSON. */
function scanObject(s: string, start: number): ScanOk | ScanFail {
  const repairs = new Set<string>();
  const stack: string[] = [];
  const out: string[] = [];
  let i = start;
  // The last significant token ends a value (string, number, literal, } or ]): a value or key right after it
  // means a comma is missing, which is never ambiguous in JSON's grammar.
  let afterValue = false;
  const beforeValue = () => {
    if (afterValue) { out.push(','); repairs.add('missing comma'); }
  };
  const dropTrailingComma = () => {
    for (let k = out.length - 1; k >= 0; k--) {
      const t = out[k]!;
      if (/^\s*$/.test(t)) continue;
      if (t === ',') { out.splice(k, 1); repairs.add('trailing comma'); }
      return;
    }
  };
  while (i < s.length) {
    const ch = s[i]!;
    if (ch === '"' || ch === "'" || OPEN_SMART.has(ch) || OPEN_SMART_SINGLE.has(ch)) {
      const r = readString(s, i, repairs);
      if ('ok' in r) return r;
      beforeValue();
      out.push(r.json);
      afterValue = true;
      i = r.next;
      continue;
    }
    if (ch === '{' || ch === '[') {
      if (stack.length > 0) beforeValue();
      stack.push(ch === '{' ? '}' : ']');
      out.push(ch);
      afterValue = false;
      i++;
      continue;
    }
    if (ch === '}' || ch === ']') {
      const want = stack.pop();
      if (want !== ch) {
        return { ok: false, kind: 'invalid', error: `unexpected "${ch}" at ${lineCol(s, i)}${want ? `, expected "${want}"` : ''}` };
      }
      dropTrailingComma();
      out.push(ch);
      afterValue = true;
      i++;
      if (stack.length === 0) return { ok: true, json: out.join(''), end: i, repairs };
      continue;
    }
    if (ch === '/' && s[i + 1] === '/') {
      const nl = s.indexOf('\n', i);
      i = nl < 0 ? s.length : nl;
      repairs.add('comments');
      continue;
    }
    if (ch === '/' && s[i + 1] === '*') {
      const close = s.indexOf('*/', i + 2);
      i = close < 0 ? s.length : close + 2;
      repairs.add('comments');
      continue;
    }
    if (ch === '-' || (ch >= '0' && ch <= '9') || (ch === '.' && /[0-9]/.test(s[i + 1] ?? ''))) {
      // Numbers are copied whole so an exponent ("1e-5") is not mistaken for a word.
      const m = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(s.slice(i, i + 64));
      const tok = m ? m[0] : ch;
      // ".5" and "5." are numbers to a model but not to JSON.
      const fixed = tok.replace(/^(-?)\./, '$10.').replace(/\.(?=[eE]|$)/, '.0');
      if (fixed !== tok) repairs.add('number format');
      beforeValue();
      out.push(fixed);
      afterValue = true;
      i += tok.length;
      continue;
    }
    if (/[A-Za-z_$]/.test(ch)) {
      const m = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(s.slice(i, i + 256))!;
      const word = m[0];
      const isKey = /^\s*:/.test(s.slice(i + word.length, i + word.length + 64)) && stack[stack.length - 1] === '}';
      if (isKey) { beforeValue(); out.push(JSON.stringify(word)); repairs.add('unquoted keys'); }
      else if (word === 'true' || word === 'false' || word === 'null') { beforeValue(); out.push(word); }
      else if (word === 'True' || word === 'False' || word === 'None') {
        beforeValue();
        out.push(word === 'True' ? 'true' : word === 'False' ? 'false' : 'null');
        repairs.add('Python literals');
      } else {
        return { ok: false, kind: 'invalid', error: `unexpected word ${JSON.stringify(word)} at ${lineCol(s, i)} (values must be strings in double quotes, numbers, true, false, null, objects or lists)` };
      }
      afterValue = true;
      i += word.length;
      continue;
    }
    // , and : start a new value; whitespace changes nothing.
    if (ch === ',' || ch === ':') afterValue = false;
    out.push(ch);
    i++;
  }
  return { ok: false, kind: 'truncated', error: `the JSON object that starts at ${lineCol(s, start)} ends before its closing "}" (${stack.length} bracket(s) left open); the answer looks cut off` };
}

function fencedBlocks(text: string): string[] {
  const blocks: string[] = [];
  const re = /```[^\n`]*\n?([\s\S]*?)(?:```|$)/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m[1]!.includes('{')) blocks.push(m[1]!);
    if (m[0].length === 0) re.lastIndex++;
  }
  return blocks;
}

const MAX_STARTS = 32;

/**
 * `accept` lets the caller skip objects that parse but are not the answer (a control record the model
 * quoted before answering): the first accepted object wins; if none is accepted, the first parsed one.
 */
export function extractJsonObject(raw: string, accept: (value: Record<string, unknown>) => boolean = () => true): ExtractResult {
  const text = raw.replace(/^\uFEFF/, '').trim();
  // Fast path: the answer is exactly a JSON object.
  if (text.startsWith('{')) {
    try {
      const v: unknown = JSON.parse(text);
      if (v !== null && typeof v === 'object' && !Array.isArray(v) && accept(v as Record<string, unknown>)) {
        return { ok: true, value: v as Record<string, unknown>, repairs: [] };
      }
    } catch { /* fall through to the lenient path */ }
  }
  // A bare list (of actions, usually) is a different answer, not an object to dig out of it.
  if (text.startsWith('[')) {
    try {
      if (Array.isArray(JSON.parse(text))) {
        return { ok: false, kind: 'not-object', error: 'the answer is a JSON list, not a JSON object; put the actions inside one response object' };
      }
    } catch { /* not a clean list: look for objects below */ }
  }
  const sources = fencedBlocks(text);
  const fenced = sources.length > 0;
  sources.push(text);
  // Where the first failure and the first unaccepted object were found (source, offset): whichever comes
  // first is the outermost, and explains the answer better than something nested inside it.
  let firstFailure: (ScanFail & { at: number }) | null = null;
  let fallback: { value: Record<string, unknown>; repairs: string[]; at: number } | null = null;
  let sawArray = false;
  for (let si = 0; si < sources.length; si++) {
    const src = sources[si]!;
    let from = 0;
    for (let n = 0; n < MAX_STARTS; n++) {
      const start = src.indexOf('{', from);
      if (start < 0) break;
      from = start + 1;
      const at = si * 1e9 + start;
      const scanned = scanObject(src, start);
      if (!scanned.ok) {
        firstFailure ??= { ...scanned, at };
        // A truncated object runs to the end: every later "{" is nested in it.
        if (scanned.kind === 'truncated') break;
        continue;
      }
      let value: unknown;
      try {
        value = JSON.parse(scanned.json);
      } catch (e) {
        const msg = e instanceof Error ? e.message : String(e);
        const pos = /position (\d+)/.exec(msg);
        const where = pos ? ` near ${snippet(scanned.json, Number(pos[1]))}` : '';
        firstFailure ??= { ok: false, kind: 'invalid', error: `${msg.replace(/ in JSON at position \d+.*$/, '')}${where}`, at };
        continue;
      }
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        const repairs = [...scanned.repairs];
        if (fenced && src !== text) repairs.unshift('code fence');
        else if (start > 0 || scanned.end < src.length) repairs.unshift('surrounding prose');
        const obj = value as Record<string, unknown>;
        if (accept(obj)) return { ok: true, value: obj, repairs };
        fallback ??= { value: obj, repairs, at };
      }
    }
    if (/^\s*\[/.test(src)) sawArray = true;
  }
  if (fallback && (!firstFailure || fallback.at < firstFailure.at)) return { ok: true, value: fallback.value, repairs: fallback.repairs };
  if (firstFailure) return { ok: false, kind: firstFailure.kind, error: firstFailure.error };
  if (sawArray) return { ok: false, kind: 'not-object', error: 'the answer is a JSON list, not a JSON object' };
  return { ok: false, kind: 'no-json', error: 'no JSON object (nothing between "{" and "}") was found in the answer' };
}
