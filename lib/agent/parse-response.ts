import type { z } from 'zod';
import { extractJsonObject } from '../act/lenient-json.js';
import {
  SHAPE_EXAMPLES, STATUSES, UfoResponse, UfoV1ListResponse, UfoV1Response,
  type ModelResponse, type ResponseShape,
} from './response-schema.js';

/**
 * A model's answer → a validated UFO response: lenient extraction (extract-json.ts), then strict zod
 * validation (response-schema.ts) against the shape the answer is written in.
 *
 * Failures come back as one message meant to be sent to the model as is (UFO re-asks on invalid JSON; a
 * message that says what was wrong, where, and what is expected turns the retry into a fix instead of a
 * coin toss). Shape: "Your previous answer could not be used: <what, where>. Expected <example>. Reply with
 * only the corrected JSON object, without code fences or other text."
 */

export type ParseResponseResult =
  | { ok: true; response: ModelResponse; shape: ResponseShape; repairs: string[] }
  | { ok: false; error: string; stage: 'extract' | 'shape' | 'validate' };

export interface ParseResponseOptions {
  /** The shape the caller asked for; answers in another shape are rejected with a message saying so. */
  expect?: ResponseShape | 'ufo-v1-any' | 'ufo-any' | 'any';
}

const V1_KEYS = ['Observation', 'Thought', 'ControlLabel', 'ControlText', 'Function', 'Args', 'Status', 'ActionList'];
const NEW_KEYS = ['observation', 'thought', 'action', 'arguments', 'function', 'status'];

/** Which shape an object is written in, from its keys (case matters: UFO's two generations differ in case). */
export function detectShape(obj: Record<string, unknown>): ResponseShape | null {
  if ('ActionList' in obj) return 'ufo-v1-list';
  if (V1_KEYS.some((k) => k in obj)) return 'ufo-v1';
  if (NEW_KEYS.some((k) => k in obj)) return Array.isArray(obj.action) ? 'ufo-list' : 'ufo';
  return null;
}

function accepts(expect: NonNullable<ParseResponseOptions['expect']>, shape: ResponseShape): boolean {
  if (expect === 'any') return true;
  if (expect === 'ufo-v1-any') return shape === 'ufo-v1' || shape === 'ufo-v1-list';
  if (expect === 'ufo-any') return shape === 'ufo' || shape === 'ufo-list';
  return expect === shape;
}

function exampleFor(expect: NonNullable<ParseResponseOptions['expect']>, shape?: ResponseShape): string {
  if (shape && accepts(expect, shape)) return SHAPE_EXAMPLES[shape];
  switch (expect) {
    case 'any':
    case 'ufo-v1-any': return SHAPE_EXAMPLES['ufo-v1'];
    case 'ufo-any': return SHAPE_EXAMPLES.ufo;
    default: return SHAPE_EXAMPLES[expect];
  }
}

const TAIL = 'Reply with only the corrected JSON object, without code fences or other text.';

function failure(stage: 'extract' | 'shape' | 'validate', what: string, example: string) {
  return { ok: false as const, stage, error: `Your previous answer could not be used: ${what}. Expected a JSON object like ${example}. ${TAIL}` };
}

/** `ActionList[1].Status` */
function pathText(path: readonly PropertyKey[]): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s === '' ? String(p) : '.' + String(p);
  return s === '' ? 'the object' : `"${s}"`;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)}`;
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${JSON.stringify(v)}`;
}

const EXPECTED_TYPE: Record<string, string> = {
  string: 'a string', record: 'an object (a JSON dictionary)', object: 'an object', array: 'a list',
  boolean: 'true or false', number: 'a number',
};

function issueText(issue: z.core.$ZodIssue, root: unknown): string {
  const where = pathText(issue.path);
  const actual = valueAt(root, issue.path);
  if (actual === undefined && issue.code !== 'invalid_union') return `the required field ${where} is missing`;
  switch (issue.code) {
    case 'invalid_type':
      if (actual === undefined) return `the required field ${where} is missing`;
      return `${where} must be ${EXPECTED_TYPE[issue.expected] ?? issue.expected}, not ${describe(actual)}`;
    case 'invalid_value': {
      const allowed = issue.values.map((v) => JSON.stringify(v)).join(', ');
      const hint = typeof actual === 'string' && (STATUSES as readonly string[]).includes(actual.trim().toUpperCase())
        ? ` (write it in capitals: "${actual.trim().toUpperCase()}")` : '';
      return `${where} is ${describe(actual)}, expected one of ${allowed}${hint}`;
    }
    case 'too_small':
      return issue.origin === 'array' ? `${where} must contain at least one action` : `${where} is too small`;
    case 'invalid_union': {
      // The alternative whose type matched the value (an object for an action object, a list for a list)
      // has the precise problems; report those rather than "wrong form".
      const branch = issue.errors.find((b) => b.length > 0 && !b.some((i) => i.code === 'invalid_type' && i.path.length === 0));
      if (branch) return branch.map((i) => issueText({ ...i, path: [...issue.path, ...i.path] } as z.core.$ZodIssue, root)).join('; ');
      const leaf = issue.path[issue.path.length - 1];
      if (leaf === 'action') return `${where} must be an action object {"function", "arguments", "status"} or a list of them, not ${describe(actual)}`;
      if (leaf === 'Plan' || leaf === 'plan') return `${where} must be a list of strings, not ${describe(actual)}`;
      if (leaf === 'ControlLabel') return `${where} must be a label string such as "12", not ${describe(actual)}`;
      return `${where} has the wrong form (${describe(actual)})`;
    }
    default:
      return `${where}: ${issue.message}`;
  }
}

const SCHEMAS = {
  'ufo-v1': UfoV1Response,
  'ufo-v1-list': UfoV1ListResponse,
  ufo: UfoResponse,
  'ufo-list': UfoResponse,
} as const;

export function parseModelResponse(text: string, options: ParseResponseOptions = {}): ParseResponseResult {
  const expect = options.expect ?? 'any';
  const extracted = extractJsonObject(text, (o) => detectShape(o) !== null);
  if (!extracted.ok) {
    const what = extracted.kind === 'truncated'
      ? `it is not complete JSON: ${extracted.error}`
      : extracted.kind === 'invalid' ? `it is not valid JSON: ${extracted.error}` : extracted.error;
    return failure('extract', what, exampleFor(expect));
  }
  const obj = extracted.value;
  const shape = detectShape(obj);
  if (shape === null) {
    const keys = Object.keys(obj).slice(0, 8).map((k) => JSON.stringify(k)).join(', ');
    return failure('shape', `the JSON object has none of the expected fields (it has ${keys || 'no fields'})`, exampleFor(expect));
  }
  if (!accepts(expect, shape)) {
    return failure('shape', `the answer uses the ${shape} field names, but this step expects the ${expect} format`, exampleFor(expect));
  }
  const parsed = SCHEMAS[shape].safeParse(obj);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => issueText(i, obj));
    const more = parsed.error.issues.length > 5 ? ` (and ${parsed.error.issues.length - 5} more problems)` : '';
    return failure('validate', issues.join('; ') + more, exampleFor(expect, shape));
  }
  return { ok: true, response: parsed.data as ModelResponse, shape, repairs: extracted.repairs };
}
