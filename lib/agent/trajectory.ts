import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import type { z } from 'zod';
import { ActionResult } from '../model/action-result.js';
import { LambError } from '../model/errors.js';
import { lazy } from '../model/lazy-schema.js';

/**
 * The trajectory of one `lamb run`: JSON lines, one object a line, written as the run goes (a line is on disk
 * before the next step starts, so a run that dies still leaves every step it made). Three kinds of line:
 *
 *   {"type": "run",  "version": 1, "request", "startedAt", "model": {"url", "name", "vision"}, "style",
 *                    "target": {app?, pid?, window?}, "maxSteps", "platform"}                      (first line)
 *   {"type": "step", "step": 1, "startedAt",
 *                    "observation": {"app": {"name", "pid"}, "window": {"ref", "title"} | null, "format",
 *                                    "text" (the control list the model read), "tokens", "controls",
 *                                    "screenshot": {"width", "height", "bytes"} | null},
 *                    "prompt": {"system", "user"},
 *                    "attempts": [{"text" (the model's answer as sent), "ok", "error"? (the parser's message,
 *                                  sent back as the re-ask), "durationMs", "usage"?}],
 *                    "response": the parsed UFO response | null, "shape", "status",
 *                    "actions": the normalized actions ({function, args, status?}),
 *                    "results": docs/CONTRACT.md action results (verdict, evidence, durationMs...),
 *                    "verdicts": ["verified", ...], "records": UFO's action representations fed to the next step,
 *                    "confirm"?: {"question", "answer": "yes" | "no" | "not-interactive"},
 *                    "timings": {"observeMs", "screenshotMs", "modelMs", "actMs", "totalMs"}}   (one per step)
 *   {"type": "end",  "outcome": "finished" | "failed" | "max_steps" | "refused" | "error", "steps", "message",
 *                    "durationMs", "endedAt"}                                                     (last line)
 *
 * The schemas below are the definition; trajectory-export.ts reads a file back through them.
 */

export const TRAJECTORY_VERSION = 1;

export const Outcome = lazy((z) => z.enum(['finished', 'failed', 'max_steps', 'refused', 'error']));
export type Outcome = z.infer<typeof Outcome>;

export const RunLine = lazy((z) => z.looseObject({
  type: z.literal('run'),
  version: z.number().int(),
  request: z.string(),
  startedAt: z.string(),
  model: z.looseObject({ url: z.string(), name: z.string(), vision: z.boolean() }),
  style: z.enum(['ufo', 'ufo-v1']),
  target: z.record(z.string(), z.unknown()),
  maxSteps: z.number().int(),
  platform: z.string(),
}));
export type RunLine = z.infer<typeof RunLine>;

export const ModelAttempt = lazy((z) => z.looseObject({
  text: z.string(),
  ok: z.boolean(),
  error: z.string().optional(),
  durationMs: z.number(),
  usage: z.unknown().optional(),
}));
export type ModelAttempt = z.infer<typeof ModelAttempt>;

export const StepLine = lazy((z) => z.looseObject({
  type: z.literal('step'),
  step: z.number().int().positive(),
  startedAt: z.string(),
  observation: z.looseObject({
    app: z.looseObject({ name: z.string(), pid: z.number().nullable() }),
    window: z.looseObject({ ref: z.string(), title: z.string() }).nullable(),
    format: z.string(),
    text: z.string(),
    tokens: z.number(),
    controls: z.number().int(),
    screenshot: z.looseObject({ width: z.number(), height: z.number(), bytes: z.number() }).nullable(),
  }),
  prompt: z.looseObject({ system: z.string(), user: z.string() }),
  attempts: z.array(ModelAttempt),
  response: z.record(z.string(), z.unknown()).nullable(),
  shape: z.string().nullable(),
  status: z.string().nullable(),
  actions: z.array(z.looseObject({ function: z.string(), args: z.record(z.string(), z.unknown()).optional() })),
  results: z.array(ActionResult),
  verdicts: z.array(z.string()),
  records: z.array(z.string()),
  confirm: z.looseObject({ question: z.string(), answer: z.enum(['yes', 'no', 'not-interactive']) }).optional(),
  timings: z.looseObject({ observeMs: z.number(), screenshotMs: z.number(), modelMs: z.number(), actMs: z.number(), totalMs: z.number() }),
}));
export type StepLine = z.infer<typeof StepLine>;

export const EndLine = lazy((z) => z.looseObject({
  type: z.literal('end'),
  outcome: Outcome,
  steps: z.number().int().nonnegative(),
  message: z.string(),
  durationMs: z.number(),
  endedAt: z.string(),
}));
export type EndLine = z.infer<typeof EndLine>;

export type TrajectoryLine = RunLine | StepLine | EndLine;

/** Where the loop sends its lines: a file (TrajectoryFile), or anything else that keeps them. */
export interface TrajectorySink {
  write(line: TrajectoryLine): void;
  close(): void;
}

/** Appends lines to a file, synchronously: each line is on disk when write returns. */
export class TrajectoryFile implements TrajectorySink {
  readonly path: string;
  #fd: number | null;

  constructor(path: string) {
    this.path = path;
    try {
      this.#fd = openSync(path, 'w');
    } catch (error) {
      throw new LambError('INVALID_ARGUMENT', `trajectory (lamb run): cannot write ${path}: ${(error as Error).message}`);
    }
  }

  write(line: TrajectoryLine): void {
    if (this.#fd === null) return;
    writeSync(this.#fd, JSON.stringify(line) + '\n');
  }

  close(): void {
    if (this.#fd !== null) closeSync(this.#fd);
    this.#fd = null;
  }
}

export interface Trajectory {
  run: RunLine;
  steps: StepLine[];
  /** Absent when the run did not get to write it (it was killed). */
  end: EndLine | null;
}

/** Reads and validates a trajectory's text; a line that is not one of the three kinds is INVALID_ARGUMENT naming it. */
export function parseTrajectory(text: string, source = 'the trajectory'): Trajectory {
  const lines = text.split('\n').map((l) => l.trim());
  let run: RunLine | null = null;
  const steps: StepLine[] = [];
  let end: EndLine | null = null;
  lines.forEach((line, i) => {
    if (line === '') return;
    const where = `${source} line ${i + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new LambError('INVALID_ARGUMENT', `trajectory: ${where} is not JSON: ${(error as Error).message}`);
    }
    const type = (value as { type?: unknown })?.type;
    const schema = type === 'run' ? RunLine : type === 'step' ? StepLine : type === 'end' ? EndLine : null;
    if (!schema) throw new LambError('INVALID_ARGUMENT', `trajectory: ${where} has type ${JSON.stringify(type)}; expected "run", "step" or "end"`);
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new LambError('INVALID_ARGUMENT', `trajectory: ${where} (${type}): ${issue.path.join('.') || '(line)'}: ${issue.message}`);
    }
    if (type === 'run') {
      if (run) throw new LambError('INVALID_ARGUMENT', `trajectory: ${where}: a second "run" line; one trajectory per file`);
      run = parsed.data as RunLine;
    } else if (!run) {
      throw new LambError('INVALID_ARGUMENT', `trajectory: ${where}: the first line must be the "run" line`);
    } else if (type === 'step') steps.push(parsed.data as StepLine);
    else end = parsed.data as EndLine;
  });
  if (!run) throw new LambError('INVALID_ARGUMENT', `trajectory: ${source} is empty; expected a "run" line first`);
  return { run, steps, end };
}

export function readTrajectory(path: string): Trajectory {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new LambError('INVALID_ARGUMENT', `trajectory: cannot read ${path}: ${(error as Error).message}`);
  }
  return parseTrajectory(text, path);
}
