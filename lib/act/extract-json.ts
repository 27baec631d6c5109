import { LambError } from '../model/errors.js';

/*
 * Models wrap their JSON in prose or ``` fences (shared/notes/LAM_FORMATS.md: "parse leniently, validate
 * strictly"). This finds the JSON value in such a text: the whole text if it parses, else the body of the first
 * fenced block, else the first balanced {...} or [...] that parses. Validation is the caller's job.
 */

/** Far above any real model response; a bigger text is refused before any scanning. */
export const MAX_JSON_TEXT_LENGTH = 20_000_000;

const MAX_PROSE_SCAN_LENGTH = 1_000_000;
const MAX_PROSE_ATTEMPTS = 10;

/** Parses the JSON value a model's text contains. Throws LambError('INVALID_ARGUMENT') when there is none. */
export function extractJson(text: string): unknown {
  if (text.length > MAX_JSON_TEXT_LENGTH) {
    throw new LambError('INVALID_ARGUMENT', `the action text is ${text.length} characters long, more than ${MAX_JSON_TEXT_LENGTH}`);
  }
  const trimmed = text.trim();
  if (trimmed.length === 0) {
    throw new LambError('INVALID_ARGUMENT', 'expected an action in JSON, got an empty text');
  }
  const whole = tryParse(trimmed);
  if (whole.ok) return whole.value;

  const fenced = /```[a-zA-Z]*[ \t]*\r?\n?([\s\S]*?)```/.exec(trimmed);
  if (fenced?.[1] !== undefined) {
    const inner = tryParse(fenced[1].trim());
    if (inner.ok) return inner.value;
  }

  // Bounded: each attempt scans to the end of the text, so a long text of stray brackets would be quadratic.
  let attempts = 0;
  for (
    let start = trimmed.length <= MAX_PROSE_SCAN_LENGTH ? firstOpener(trimmed, 0) : -1;
    start !== -1 && attempts < MAX_PROSE_ATTEMPTS;
    start = firstOpener(trimmed, start + 1), attempts++
  ) {
    const end = matchingClose(trimmed, start);
    if (end === -1) continue;
    const candidate = tryParse(trimmed.slice(start, end + 1));
    if (candidate.ok) return candidate.value;
  }
  throw new LambError(
    'INVALID_ARGUMENT',
    `expected an action in JSON, such as {"function": "click_input", "args": {"id": "12"}}; could not parse it: ${whole.error}`,
  );
}

function tryParse(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

function firstOpener(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '{' || c === '[') return i;
  }
  return -1;
}

/** Index of the bracket closing the one at `start`, skipping JSON strings; -1 if unbalanced. */
function matchingClose(text: string, start: number): number {
  const stack: string[] = [];
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{') stack.push('}');
    else if (c === '[') stack.push(']');
    else if (c === '}' || c === ']') {
      if (stack.pop() !== c) return -1;
      if (stack.length === 0) return i;
    }
  }
  return -1;
}
