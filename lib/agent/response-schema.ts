import type { z } from 'zod';
import { lazy, memo } from '../model/lazy-schema.js';

/**
 * The AppAgent responses UFO accepts, as zod schemas. Strict about what UFO relies on (field names, types,
 * the status vocabulary), open about extra fields (kept, not stripped: UFO logs them and newer prompts add
 * some). The action's function and arguments are only checked to be a string and an object here; their
 * meaning is validated where actions are parsed (lib/act).
 *
 * v1/v2 (the LAM's training format; ufo/prompts/share/base/app_agent.yaml "Other Guidelines"):
 *   {"Observation", "Thought", "ControlLabel", "ControlText", "Function", "Args", "Status", "Plan", "Comment",
 *    "SaveScreenshot": {"save", "reason"}}
 *   multi-action mode (system_as): "ActionList": [{"Function", "Args", "ControlLabel", "ControlText", "Status"}]
 * Newest (ufo/agents/processors/schemas/response_schema.py, AppAgentResponse):
 *   {"observation", "thought", "action": {"function", "arguments", "status"} | [...], "plan": [...],
 *    "comment", "save_screenshot": {"save", "reason"}, "result"}
 */

export const STATUSES = ['CONTINUE', 'FINISH', 'FAIL', 'CONFIRM', 'SCREENSHOT'] as const;
export const Status = lazy((z) => z.enum(STATUSES));
export type Status = z.infer<typeof Status>;

/**
 * Arguments: a JSON object. UFO's JSON_SCHEMA mode has the model write Args as a string holding JSON
 * (app_agent.py: `json.loads(response_dict.get("Args"))`): such a string is decoded. Absent means {}.
 */
const Arguments = lazy((z) => z.preprocess((v) => {
  if (v === undefined || v === null) return {};
  if (typeof v === 'string') {
    const t = v.trim();
    if (t === '') return {};
    try { return JSON.parse(t) as unknown; } catch { return v; }
  }
  return v;
}, z.record(z.string(), z.unknown())));

/** A label: a string as shown ("12"); a bare number is the same label written without quotes. */
const Label = lazy((z) => z.union([z.string(), z.number().int().nonnegative().transform(String)]));

const SaveScreenshot = lazy((z) => z.looseObject({ save: z.boolean(), reason: z.string().nullable().optional() }));

/** A plan: a list of steps; a single string (UFO's "<FINISH>") is accepted and kept as a string in v1. */
const PlanV1 = lazy((z) => z.union([z.string(), z.array(z.string())]));

export const UfoV1Action = lazy((z) => z.looseObject({
  Function: z.string(),
  Args: Arguments,
  ControlLabel: Label.default(''),
  ControlText: z.string().default(''),
  Status: Status,
}));
export type UfoV1Action = z.infer<typeof UfoV1Action>;

const v1Common = memo((z) => ({
  Observation: z.string(),
  Thought: z.string(),
  Plan: PlanV1.optional(),
  Comment: z.string().nullable().optional(),
  SaveScreenshot: SaveScreenshot.nullable().optional(),
}));

export const UfoV1Response = lazy((z) => z.looseObject({
  ...v1Common(),
  ControlLabel: Label.default(''),
  ControlText: z.string().default(''),
  Function: z.string(),
  Args: Arguments,
  Status: Status,
}));
export type UfoV1Response = z.infer<typeof UfoV1Response>;

export const UfoV1ListResponse = lazy((z) => z.looseObject({
  ...v1Common(),
  ActionList: z.array(UfoV1Action).min(1),
  Status: Status.optional(),
}));
export type UfoV1ListResponse = z.infer<typeof UfoV1ListResponse>;

export const UfoAction = lazy((z) => z.looseObject({
  function: z.string(),
  arguments: Arguments,
  status: Status,
}));
export type UfoAction = z.infer<typeof UfoAction>;

export const UfoResponse = lazy((z) => z.looseObject({
  observation: z.string(),
  thought: z.string(),
  action: z.union([UfoAction, z.array(UfoAction)]).nullable().optional(),
  // pydantic declares Optional[List[str]]; a lone string is wrapped rather than rejected.
  plan: z.union([z.array(z.string()), z.string().transform((s) => [s])]).nullable().optional(),
  comment: z.string().nullable().optional(),
  save_screenshot: SaveScreenshot.nullable().optional(),
  result: z.unknown().optional(),
}));
export type UfoResponse = z.infer<typeof UfoResponse>;

export type ResponseShape = 'ufo-v1' | 'ufo-v1-list' | 'ufo' | 'ufo-list';

export type ModelResponse = UfoV1Response | UfoV1ListResponse | UfoResponse;

/** What a well-formed answer of each shape looks like, for error messages. */
export const SHAPE_EXAMPLES: Readonly<Record<ResponseShape, string>> = {
  'ufo-v1': '{"Observation": "...", "Thought": "...", "ControlLabel": "12", "ControlText": "Open", "Function": "click_input", "Args": {"button": "left", "double": false}, "Status": "CONTINUE", "Plan": ["..."], "Comment": "..."}',
  'ufo-v1-list': '{"Observation": "...", "Thought": "...", "ActionList": [{"Function": "click_input", "Args": {"button": "left", "double": false}, "ControlLabel": "12", "ControlText": "Open", "Status": "CONTINUE"}], "Plan": ["..."], "Comment": "..."}',
  ufo: '{"observation": "...", "thought": "...", "action": {"function": "click_input", "arguments": {"id": "12", "name": "Open", "button": "left", "double": false}, "status": "CONTINUE"}, "plan": ["..."], "comment": "..."}',
  'ufo-list': '{"observation": "...", "thought": "...", "action": [{"function": "click_input", "arguments": {"id": "12", "name": "Open"}, "status": "CONTINUE"}], "plan": ["..."], "comment": "..."}',
};
