import type { z } from 'zod';
import { issueMessages } from '../act/format-issues.js';
import { suggestName } from '../act/suggest-function.js';
import type { ActionResult } from '../model/action-result.js';
import { LambError } from '../model/errors.js';
import type { OfficeApp, OfficeDocumentInfo } from '../model/office.js';
import type { AnyOfficeFunction, OpenDocument } from './office-function.js';
import { OFFICE_FUNCTIONS } from './office-functions.js';

/*
 * Runs Office functions on an OpenDocument and gives ActionResults like UI actions (docs/CONTRACT.md): the
 * function is looked up by name, its arguments validated with its zod schema BEFORE anything reaches the
 * suite (so bad input leaves the document untouched), then it runs and reads its effect back. verified: every
 * check holds; unverified: it ran and a check does not hold; failed: it threw (ok false, with the error).
 */

/** The lookup of function specs; tests may pass their own. */
export type OfficeRegistry = Readonly<Record<OfficeApp, readonly AnyOfficeFunction[]>>;

export interface OfficeStep {
  function: string;
  args?: unknown;
}

export interface OfficeRunOptions {
  registry?: OfficeRegistry;
}

/** The spec of `app`'s function `name`, or INVALID_ARGUMENT listing the app's functions (with "did you mean"). */
export function resolveOfficeFunction(app: OfficeApp, name: unknown, registry: OfficeRegistry = OFFICE_FUNCTIONS): AnyOfficeFunction {
  const specs = registry[app];
  if (typeof name !== 'string' || name === '') {
    throw new LambError('INVALID_ARGUMENT', `function: expected the name of a ${app} function, got ${JSON.stringify(name)}; ${app} has ${names(specs)}`);
  }
  const spec = specs.find((f) => f.name === name);
  if (spec) return spec;
  const guess = suggestName(name, specs.map((f) => f.name));
  throw new LambError(
    'INVALID_ARGUMENT',
    `${app} has no function "${name}"${guess ? ` (did you mean ${guess}?)` : ''}; ${app} has ${names(specs)}`,
  );
}

function names(specs: readonly AnyOfficeFunction[]): string {
  return specs.length === 0 ? 'no functions yet' : specs.map((f) => f.name).join(', ');
}

/** Validated, canonical arguments of `spec`, or INVALID_ARGUMENT with one message per issue. */
export function validateOfficeArgs(spec: AnyOfficeFunction, raw: unknown): unknown {
  const parsed = spec.schema.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  const messages = issueMessages(parsed.error.issues as z.core.$ZodIssue[], {
    basePath: 'args',
    functionName: `${spec.app} ${spec.name}`,
    allowedKeys: officeArgNames(spec),
  });
  throw new LambError('INVALID_ARGUMENT', `${spec.app} ${spec.name}: ${messages.join('; ')}`);
}

/**
 * The argument names a function takes, from its schema: an object's shape, looked for through the wrappers
 * lib/model puts around it (args() is a strict object piped into a transform; preprocess and refine wrap too).
 */
export function officeArgNames(spec: AnyOfficeFunction): string[] {
  let s: unknown = spec.schema;
  for (let depth = 0; depth < 8 && s && typeof s === 'object'; depth++) {
    const o = s as { shape?: Record<string, unknown>; in?: unknown; _zod?: { def?: { in?: unknown; innerType?: unknown; schema?: unknown } } };
    if (o.shape && typeof o.shape === 'object') return Object.keys(o.shape);
    s = o.in ?? o._zod?.def?.in ?? o._zod?.def?.innerType ?? o._zod?.def?.schema;
  }
  return [];
}

/** Validates, then runs: the whole way from a model's (app, function, args) to a result. Never throws. */
export async function runOfficeFunction(doc: OpenDocument, name: string, rawArgs: unknown, options: OfficeRunOptions = {}): Promise<ActionResult> {
  const started = performance.now();
  let spec: AnyOfficeFunction;
  let args: unknown;
  try {
    spec = resolveOfficeFunction(doc.app, name, options.registry);
    args = validateOfficeArgs(spec, rawArgs);
  } catch (e) {
    return failedResult(name, e, started, await safeInfo(doc));
  }
  return runValidated(doc, spec, args, started);
}

/**
 * Runs a spec on arguments its schema already accepted (a caller that validated a whole list first, as the
 * act executor does). Never throws: a failure is a result with ok false.
 */
export async function runValidated(doc: OpenDocument, spec: AnyOfficeFunction, args: unknown, started = performance.now()): Promise<ActionResult> {
  try {
    const outcome = await spec.run(doc, args);
    const verified = outcome.checks.length > 0 && outcome.checks.every((c) => c.ok);
    const result: ActionResult = {
      ok: true,
      verdict: verified ? 'verified' : 'unverified',
      function: spec.name,
      target: null,
      method: outcome.method,
      evidence: { before: null, after: null, changes: [], expected: outcome.expected, checks: outcome.checks },
      durationMs: elapsed(started),
      document: await docInfo(doc),
    };
    if (outcome.result !== undefined) result.result = outcome.result;
    const warning = outcome.warning ?? (outcome.checks.length === 0 ? 'nothing was read back to check' : undefined);
    if (warning !== undefined) result.warning = warning;
    return result;
  } catch (e) {
    return failedResult(spec.name, e, started, await safeInfo(doc));
  }
}

/**
 * A list run in order in one document. Every step is validated before the first runs (so a bad step n leaves
 * steps 1..n-1 undone too); the run stops at the first failed step. Results: one per step run, and for a
 * validation failure the failed step's result alone.
 */
export async function runOfficeSequence(doc: OpenDocument, steps: readonly OfficeStep[], options: OfficeRunOptions = {}): Promise<ActionResult[]> {
  const planned: { spec: AnyOfficeFunction; args: unknown }[] = [];
  for (const [i, step] of steps.entries()) {
    const started = performance.now();
    try {
      if (typeof step !== 'object' || step === null) throw new LambError('INVALID_ARGUMENT', `actions[${i}]: expected {"function": ..., "args": {...}}, got ${JSON.stringify(step)}`);
      const spec = resolveOfficeFunction(doc.app, step.function, options.registry);
      planned.push({ spec, args: validateOfficeArgs(spec, step.args) });
    } catch (e) {
      const err = e instanceof LambError ? new LambError(e.code, steps.length > 1 && !e.message.startsWith('actions[') ? `actions[${i}]: ${e.message}` : e.message) : e;
      return [failedResult(String((step as OfficeStep | null)?.function ?? ''), err, started, await safeInfo(doc))];
    }
  }
  const results: ActionResult[] = [];
  for (const { spec, args } of planned) {
    const r = await runValidated(doc, spec, args);
    results.push(r);
    if (!r.ok) break;
  }
  return results;
}

function failedResult(name: string, e: unknown, started: number, document: OfficeDocumentInfo | null): ActionResult {
  const err = e instanceof LambError ? e : new LambError('INTERNAL', (e as Error)?.message ?? String(e), { cause: e });
  const result: ActionResult = {
    ok: false,
    verdict: 'failed',
    function: name,
    target: null,
    method: '',
    evidence: null,
    durationMs: elapsed(started),
    error: err.toJSON(),
  };
  if (document) result.document = document;
  return result;
}

async function docInfo(doc: OpenDocument): Promise<OfficeDocumentInfo> {
  return doc.info();
}

/** The document, when it can still be read (not after its suite died). */
async function safeInfo(doc: OpenDocument): Promise<OfficeDocumentInfo | null> {
  try {
    return await doc.info();
  } catch {
    return null;
  }
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 100) / 100;
}
