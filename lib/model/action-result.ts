import type { z } from 'zod';
import { lazy } from './lazy-schema.js';
import { ControlType } from './control-type.js';
import { Rect, StateName } from './node.js';
import { ErrorInfo } from './errors.js';
import { OfficeCheck, OfficeDocumentInfo } from './office.js';

/** What was observed of the target (or the window) before or after an action. */
export const ElementState = lazy((z) => z.object({
  ref: z.string(),
  role: ControlType,
  name: z.string(),
  value: z.string().nullable(),
  states: z.array(StateName),
  rect: Rect.nullable(),
}));
export type ElementState = z.infer<typeof ElementState>;

/** One observed difference: a field of the target, or a node of the window that appeared, vanished or changed. */
export const Change = lazy((z) => z.object({
  ref: z.string(),
  kind: z.enum(['changed', 'added', 'removed']),
  field: z.enum(['name', 'value', 'states', 'rect', 'node']),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
}));
export type Change = z.infer<typeof Change>;

export const Evidence = lazy((z) => z.object({
  before: ElementState.nullable(),
  after: ElementState.nullable(),
  changes: z.array(Change),
  /** What the verification looked for, in words ("text equals 'hi'", "checked flipped", "any change in the window"). */
  expected: z.string(),
  /** Office functions: the facts read back from the document after acting (before/after stay null there). */
  checks: z.array(OfficeCheck).optional(),
}));
export type Evidence = z.infer<typeof Evidence>;

export const Verdict = lazy((z) => z.enum(['verified', 'unverified', 'failed']));
export type Verdict = z.infer<typeof Verdict>;

/** docs/CONTRACT.md "Action result JSON". */
export const ActionResult = lazy((z) => z.object({
  ok: z.boolean(),
  verdict: Verdict,
  function: z.string(),
  target: z.object({ ref: z.string(), role: ControlType, name: z.string() }).nullable(),
  /** How it was carried out: the platform call or input path that did it ("EditableText.SetTextContents"). */
  method: z.string(),
  evidence: Evidence.nullable(),
  durationMs: z.number(),
  warning: z.string().optional(),
  error: ErrorInfo.optional(),
  /** What the function returns to the model (texts: the control's text; summary: the text). */
  result: z.unknown().optional(),
  /** Office functions: the document they ran on. */
  document: OfficeDocumentInfo.optional(),
}));
export type ActionResult = z.infer<typeof ActionResult>;
