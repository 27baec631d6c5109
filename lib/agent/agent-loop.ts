import { parseActionInput } from '../act/parse-action.js';
import type { ActStep } from '../act/office-step.js';
import { LambError, type Action, type ActionResult, type SnapshotData, type SnapshotOptions } from '../model/index.js';
import type { LabelMap } from '../observe/labels.js';
import type { Observation } from '../observe/observe.js';
import { actionRecordFromResult } from './action-record.js';
import { actionRepresentation, type ActionRecord } from './action-representation.js';
import { ModelClient, userMessage, type ChatMessage, type ChatModel } from './model-client.js';
import { parseModelResponse } from './parse-response.js';
import { buildUserPrompt } from './prompt.js';
import type { ModelResponse, ResponseShape, Status } from './response-schema.js';
import { systemPrompt, type PromptStyle } from './system-prompt.js';
import { TRAJECTORY_VERSION, type ModelAttempt, type Outcome, type StepLine, type TrajectorySink } from './trajectory.js';

/**
 * The agent loop of `lamb run`: one request, step by step, until the model says FINISH or FAIL or the steps
 * run out.
 *
 *   observe   snapshot of the target (visible controls) → UFO's control list with labels (ufo, or ufo-v2 for
 *             the v1 style), and with `vision` the annotated screenshot (the same labels drawn on it)
 *   prompt    system-prompt.ts + UFO's user prompt (prompt.ts) carrying the control list, the request, the
 *             last step's actions with their results (UFO's representations) and the model's previous plan
 *   model     one chat call; the answer parsed leniently (parse-response.ts), its actions validated
 *             (lib/act parseActionInput). An unusable answer is re-asked with the parser's message, the
 *             bad answer left in the conversation so the model sees what it wrote (UFO re-asks up to 3 times)
 *   act       Desktop.actAll runs and verifies the actions, stopping at the first failure; each result
 *             becomes an action record for the next step's prompt
 *   status    FINISH ends the run once its actions did not fail (a failed last action is shown to the model
 *             instead); FAIL ends it without acting; CONFIRM asks `confirm` first and, when there is no one
 *             to ask or the answer is no, ends the run as refused without acting
 *
 * The desktop is an interface (what the loop uses of lib/desktop's Desktop), because lib/agent sits below
 * lib/desktop in the import layers; `lamb run` passes a Desktop.
 */

export interface AgentSnapshot {
  readonly data: SnapshotData;
  observe(format: 'ufo' | 'ufo-v2'): Observation;
}

export interface AgentDesktop<S extends AgentSnapshot = AgentSnapshot> {
  readonly platform: string;
  snapshot(options: SnapshotOptions): Promise<S>;
  screenshot(options: { snapshot?: S; labels?: LabelMap; annotate?: boolean }): Promise<{ png: Buffer; width: number; height: number }>;
  actAll(input: unknown, options: AgentTarget & { verify?: boolean; timeoutMs?: number; settleMs?: number }): Promise<ActionResult[]>;
}

export interface AgentTarget {
  app?: string;
  pid?: number;
  window?: string;
}

export interface AgentRunOptions<S extends AgentSnapshot = AgentSnapshot> {
  request: string;
  desktop: AgentDesktop<S>;
  model: ChatModel;
  /** For the trajectory's run line; default: a ModelClient's URL and model name, else url '' and name 'custom'. */
  modelInfo?: { url: string; name: string };
  target?: AgentTarget;
  /** Default 10. */
  maxSteps?: number;
  /** Send the annotated screenshot with each step (only for models that take images). */
  vision?: boolean;
  style?: PromptStyle;
  /** Re-asks after an unusable answer, per step (default 3). */
  maxReasks?: number;
  /** Asks the user about a CONFIRM step; absent means no one can be asked (not a terminal): refused. */
  confirm?: (question: string) => Promise<boolean>;
  trajectory?: TrajectorySink;
  progress?: (message: string) => void;
  act?: { verify?: boolean; timeoutMs?: number; settleMs?: number };
}

export interface AgentRunResult {
  outcome: Outcome;
  steps: number;
  message: string;
  durationMs: number;
}

const ms = (start: number) => Math.round((performance.now() - start) * 100) / 100;

/** The step's status: the single action's, or the last one's in a list (UFO's multi-action mode). */
export function responseStatus(response: ModelResponse, shape: ResponseShape): Status | null {
  const r = response as Record<string, unknown>;
  if (shape === 'ufo-v1') return r.Status as Status;
  if (shape === 'ufo-v1-list') {
    const list = r.ActionList as { Status: Status }[];
    return (r.Status as Status | undefined) ?? list[list.length - 1]?.Status ?? null;
  }
  const action = r.action as { status: Status } | { status: Status }[] | null | undefined;
  if (Array.isArray(action)) return action[action.length - 1]?.status ?? null;
  return action?.status ?? null;
}

function responseField(response: ModelResponse, lower: string): unknown {
  const r = response as Record<string, unknown>;
  return r[lower] ?? r[lower[0]!.toUpperCase() + lower.slice(1)];
}

function actionText(step: ActStep): string {
  const args = Object.entries(step.args).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ');
  return `${step.function}(${args})`;
}

const REASK_TAIL = 'Reply with only the corrected JSON object, without code fences or other text.';

/** A record for an action that did not run: after a failure in its list (skipped) or because act threw. */
function recordWithout(step: ActStep, status: 'skipped' | 'failure', error?: string): ActionRecord {
  return { function: step.function === 'no_action' ? '' : step.function, arguments: step.args, target: null, result: { status, ...(error ? { error } : {}), result: null } };
}

export async function runAgent<S extends AgentSnapshot>(options: AgentRunOptions<S>): Promise<AgentRunResult> {
  const started = performance.now();
  const style = options.style ?? 'ufo';
  const format = style === 'ufo-v1' ? 'ufo-v2' : 'ufo';
  const maxSteps = options.maxSteps ?? 10;
  const maxReasks = options.maxReasks ?? 3;
  const target = options.target ?? {};
  const say = options.progress ?? (() => {});
  const trajectory = options.trajectory;
  const system = systemPrompt(style);
  const modelInfo = options.modelInfo
    ?? (options.model instanceof ModelClient ? { url: options.model.url, name: options.model.options.model } : { url: '', name: 'custom' });

  trajectory?.write({
    type: 'run', version: TRAJECTORY_VERSION, request: options.request, startedAt: new Date().toISOString(),
    model: { url: modelInfo.url, name: modelInfo.name, vision: options.vision ?? false },
    style, target: { ...target }, maxSteps, platform: options.desktop.platform,
  });

  let lastRecords: string[] = [];
  let plan: string[] | string = [];
  let steps = 0;
  const finish = (outcome: Outcome, message: string): AgentRunResult => {
    const result = { outcome, steps, message, durationMs: ms(started) };
    trajectory?.write({ type: 'end', ...result, endedAt: new Date().toISOString() });
    say(`${outcome}: ${message}`);
    return result;
  };

  try {
    for (let step = 1; step <= maxSteps; step++) {
      steps = step;
      const stepStart = performance.now();
      const startedAt = new Date().toISOString();

      // observe
      const snapshot = await options.desktop.snapshot({ ...target, visibleOnly: true });
      const observation = snapshot.observe(format);
      const observeMs = ms(stepStart);
      let screenshot: { png: Buffer; width: number; height: number } | null = null;
      const shotStart = performance.now();
      if (options.vision) {
        screenshot = await options.desktop.screenshot({ snapshot, annotate: true, ...(observation.labels ? { labels: observation.labels } : {}) });
      }
      const screenshotMs = options.vision ? ms(shotStart) : 0;
      const controls = observation.labels ? Object.keys(observation.labels.labels).length : 0;
      say(`step ${step}: ${controls} controls of ${snapshot.data.app.name || 'the target'} (${observation.tokens} tokens) in ${observeMs} ms${screenshot ? `, screenshot ${screenshot.width}x${screenshot.height} in ${screenshotMs} ms` : ''}`);

      // prompt
      const user = buildUserPrompt({
        controlItems: observation,
        userRequest: options.request,
        subtask: options.request,
        lastActions: lastRecords,
        currentApplication: snapshot.data.app.name,
        hostMessage: [],
        prevPlan: plan,
      });
      const messages: ChatMessage[] = [{ role: 'system', content: system }, userMessage(user, screenshot)];

      // model, re-asked while the answer is unusable
      const attempts: ModelAttempt[] = [];
      let parsed: { response: ModelResponse; shape: ResponseShape; actions: ActStep[] } | null = null;
      const modelStart = performance.now();
      for (let attempt = 0; attempt <= maxReasks && !parsed; attempt++) {
        const completion = await options.model.complete(messages);
        const result = parseModelResponse(completion.text, { expect: 'any' });
        let error: string | undefined;
        if (result.ok) {
          try {
            parsed = { response: result.response, shape: result.shape, actions: parseActionInput(result.response).actions };
          } catch (e) {
            if (!(e instanceof LambError) || e.code !== 'INVALID_ARGUMENT') throw e;
            error = `Your previous answer could not be used: ${e.message}. ${REASK_TAIL}`;
          }
        } else error = result.error;
        attempts.push({ text: completion.text, ok: error === undefined, ...(error ? { error } : {}), durationMs: completion.durationMs, ...(completion.usage ? { usage: completion.usage } : {}) });
        if (error !== undefined) {
          say(`step ${step}: the answer could not be used${attempt < maxReasks ? ', asking again' : ''}: ${error.slice(0, 200)}`);
          messages.push({ role: 'assistant', content: completion.text }, { role: 'user', content: error });
        }
      }
      const modelMs = ms(modelStart);

      const line: StepLine = {
        type: 'step', step, startedAt,
        observation: {
          app: { name: snapshot.data.app.name, pid: snapshot.data.app.pid },
          window: snapshot.data.window ? { ref: snapshot.data.window.ref, title: snapshot.data.window.title } : null,
          format, text: observation.text, tokens: observation.tokens, controls,
          screenshot: screenshot ? { width: screenshot.width, height: screenshot.height, bytes: screenshot.png.length } : null,
        },
        prompt: { system, user },
        attempts,
        response: parsed ? (parsed.response as Record<string, unknown>) : null,
        shape: parsed?.shape ?? null,
        status: null,
        actions: parsed ? parsed.actions.map((a) => ({ function: a.function, args: a.args, ...(a.status ? { status: a.status } : {}) })) : [],
        results: [], verdicts: [], records: [],
        timings: { observeMs, screenshotMs, modelMs, actMs: 0, totalMs: 0 },
      };
      const record = () => {
        line.timings.totalMs = ms(stepStart);
        trajectory?.write(line);
      };

      if (!parsed) {
        record();
        return finish('failed', `the model gave no usable answer in ${attempts.length} attempts at step ${step}`);
      }
      const status = responseStatus(parsed.response, parsed.shape) ?? 'CONTINUE';
      line.status = status;
      const acting = parsed.actions.filter((a) => a.function !== 'no_action');
      say(`step ${step}: model answered in ${modelMs} ms${attempts.length > 1 ? ` (${attempts.length} attempts)` : ''}: ${acting.map(actionText).join('; ') || 'no action'} [${status}]`);
      const newPlan = responseField(parsed.response, 'plan');
      if (typeof newPlan === 'string' || Array.isArray(newPlan)) plan = newPlan as string[] | string;

      if (status === 'FAIL') {
        record();
        const why = responseField(parsed.response, 'comment') ?? responseField(parsed.response, 'thought');
        return finish('failed', `the model gave up at step ${step}${typeof why === 'string' && why ? `: ${why}` : ''}`);
      }
      if (status === 'CONFIRM') {
        const question = `The model wants to run ${acting.map(actionText).join('; ') || 'no action'} and asks for confirmation.`;
        if (!options.confirm) {
          line.confirm = { question, answer: 'not-interactive' };
          record();
          return finish('refused', `step ${step} asked for confirmation (CONFIRM) and there is no terminal to ask (stdin is not a TTY); nothing was run`);
        }
        const yes = await options.confirm(question);
        line.confirm = { question, answer: yes ? 'yes' : 'no' };
        if (!yes) {
          record();
          return finish('refused', `step ${step} asked for confirmation (CONFIRM) and the user said no; nothing was run`);
        }
      }

      // act
      const actStart = performance.now();
      let results: ActionResult[] = [];
      const records: ActionRecord[] = [];
      if (acting.length > 0) {
        try {
          results = await options.desktop.actAll(parsed.response, { ...target, ...options.act });
        } catch (e) {
          if (!(e instanceof LambError)) throw e;
          // An id the last observation does not have, a target gone: the model is told, as with a failed action.
          records.push(recordWithout(parsed.actions[0]!, 'failure', `${e.code}: ${e.message}`));
          say(`step ${step}: ${parsed.actions[0]!.function} → failed: ${e.code}: ${e.message}`);
        }
      }
      parsed.actions.forEach((a, i) => {
        const r = results[i];
        if (r) records.push(actionRecordFromResult(a as Action, r));
        else if (i >= records.length) records.push(recordWithout(a, 'skipped'));
      });
      line.timings.actMs = ms(actStart);
      for (const r of results)
        say(`step ${step}: ${r.function} ${r.target ? `${r.target.role} '${r.target.name}' ` : ''}→ ${r.verdict}${r.error ? `: ${r.error.code}: ${r.error.message}` : ''} (${r.durationMs} ms)`);
      line.results = results;
      line.verdicts = results.map((r) => r.verdict);
      lastRecords = records.filter((r) => r.function !== '' || r.result?.status !== 'skipped').map((r) => actionRepresentation(r));
      line.records = lastRecords;
      record();

      const failed = results.some((r) => r.verdict === 'failed') || records.some((r) => r.result?.status === 'failure');
      if (status === 'FINISH' && !failed) return finish('finished', `the model finished the request in ${step} step${step === 1 ? '' : 's'}`);
    }
    return finish('max_steps', `stopped after ${maxSteps} steps without FINISH`);
  } catch (error) {
    const e = error instanceof LambError ? error : null;
    finish('error', e ? `${e.code}: ${e.message}` : String((error as Error)?.message ?? error));
    throw error;
  } finally {
    trajectory?.close();
  }
}
