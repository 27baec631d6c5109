import type { Trajectory, StepLine } from './trajectory.js';

/**
 * A trajectory (trajectory.ts) → the two kinds of record LAM-style training uses (arXiv 2412.10047: phase 1
 * learns task-plan pairs, phases 2-4 learn from step-by-step trajectories), as JSON lines:
 *
 *   {"kind": "task_plan", "request": "...", "application": "gtk3-widget-factory",
 *    "plan": ["Type the text into the entry", "Tick the check box"], "outcome": "finished", "steps": 2}
 *       one per trajectory; `plan` is the steps that ran without a failed action, in order, each written as
 *       the model's thought at that step (its action string when it gave none); no-action steps are left out
 *
 *   {"kind": "step", "request": "...", "application": "...", "step": 1,
 *    "observation": "<the control list the model read>",
 *    "previous_actions": ["[Action] ...\n[Target] ...\n[Status] ...\n[Result] ..."],
 *    "thought": "...", "plan": ["..."] ,
 *    "action": [{"function": "set_edit_text", "arguments": {"id": "3", "text": "..."}, "status": "CONTINUE"}],
 *    "status": "CONTINUE",
 *    "result": [{"function": "set_edit_text", "verdict": "verified", "ok": true, "error"?: {code, message}}],
 *    "outcome": "finished"}
 *       one per step that got a usable answer; `observation`, `previous_actions` and `request` are the
 *       model's input, `thought`/`plan`/`action`/`status` its output (the v1 training fields in the newest
 *       spelling), `result` what the bridge observed, `outcome` the whole run's (so a trainer can keep only
 *       finished runs, or use failed steps as negatives)
 *
 * Records appear in this order: the task-plan pair, then the steps.
 */

export interface TaskPlanRecord {
  kind: 'task_plan';
  request: string;
  application: string;
  plan: string[];
  outcome: string;
  steps: number;
}

export interface StepRecord {
  kind: 'step';
  request: string;
  application: string;
  step: number;
  observation: string;
  previous_actions: string[];
  thought: string;
  plan: string[];
  action: { function: string; arguments: Record<string, unknown>; status: string | null }[];
  status: string | null;
  result: { function: string; verdict: string; ok: boolean; error?: { code: string; message: string } }[];
  outcome: string;
}

export type TrainingRecord = TaskPlanRecord | StepRecord;

function field(response: Record<string, unknown> | null, name: string): unknown {
  if (!response) return undefined;
  return response[name] ?? response[name[0]!.toUpperCase() + name.slice(1)];
}

function asPlan(value: unknown): string[] {
  if (typeof value === 'string') return value === '' ? [] : [value];
  return Array.isArray(value) ? value.filter((s): s is string => typeof s === 'string') : [];
}

function actionString(a: StepLine['actions'][number]): string {
  const args = Object.entries(a.args ?? {}).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ');
  return `${a.function}(${args})`;
}

function stepRecord(t: Trajectory, s: StepLine, previous: string[], outcome: string): StepRecord {
  const thought = field(s.response, 'thought');
  return {
    kind: 'step',
    request: t.run.request,
    application: s.observation.app.name,
    step: s.step,
    observation: s.observation.text,
    previous_actions: previous,
    thought: typeof thought === 'string' ? thought : '',
    plan: asPlan(field(s.response, 'plan')),
    action: s.actions.map((a) => ({ function: a.function, arguments: a.args ?? {}, status: typeof a.status === 'string' ? a.status : s.status })),
    status: s.status,
    result: s.results.map((r) => ({ function: r.function, verdict: r.verdict, ok: r.ok, ...(r.error ? { error: { code: r.error.code, message: r.error.message } } : {}) })),
    outcome,
  };
}

export function exportTrajectory(t: Trajectory): TrainingRecord[] {
  const outcome = t.end?.outcome ?? 'incomplete';
  const steps: StepRecord[] = [];
  const plan: string[] = [];
  let previous: string[] = [];
  for (const s of t.steps) {
    if (s.response) {
      steps.push(stepRecord(t, s, previous, outcome));
      const ran = s.actions.filter((a) => a.function !== 'no_action');
      const failed = s.results.some((r) => r.verdict === 'failed') || s.results.length < ran.length;
      if (ran.length > 0 && !failed) {
        const thought = field(s.response, 'thought');
        plan.push(typeof thought === 'string' && thought.trim() !== '' ? thought.trim() : ran.map(actionString).join('; '));
      }
    }
    previous = s.records;
  }
  const application = t.steps[0]?.observation.app.name ?? String(t.run.target.app ?? '');
  return [{ kind: 'task_plan', request: t.run.request, application, plan, outcome, steps: t.steps.length }, ...steps];
}

/** The records as JSON lines (each line one record, a final newline). */
export function trainingJsonLines(records: readonly TrainingRecord[]): string {
  return records.map((r) => JSON.stringify(r) + '\n').join('');
}
