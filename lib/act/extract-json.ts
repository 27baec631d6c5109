import { LambError } from '../model/errors.js';
import { extractJsonObject } from './lenient-json.js';

/*
 * Models wrap their JSON in prose or ``` fences (docs/LAM_FORMATS.md: "parse leniently, validate
 * strictly"). This finds the JSON value in such a text: the whole text if it parses, else the body of the first
 * fenced block, else the first object that the lenient scanner (lenient-json.ts) can repair. Validation is the
 * caller's job.
 */

/** Far above any real model response; a bigger text is refused before any scanning. */
export const MAX_JSON_TEXT_LENGTH = 20_000_000;

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

  // Almost-JSON (trailing commas, single quotes, Python literals) inside prose: the lenient scanner that
  // also reads model responses, preferring an object that looks like an action.
  const lenient = extractJsonObject(trimmed, looksLikeAction);
  if (lenient.ok) return lenient.value;
  throw new LambError(
    'INVALID_ARGUMENT',
    `expected an action in JSON, such as {"function": "click_input", "args": {"id": "12"}}; could not parse it: ${lenient.error}`,
  );
}

const ACTION_KEYS = ['function', 'Function', 'action', 'ActionList'];
const looksLikeAction = (v: Record<string, unknown>) => ACTION_KEYS.some((k) => k in v);

function tryParse(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}
