import { pyJsonDumps } from '../observe/py-json.js';
import { actionRepresentation, type ActionRecord, type RepresentationOptions } from './action-representation.js';
import { blackboardParts, type BlackboardInput } from './blackboard.js';

/**
 * The user prompt of one AppAgent (LAM) step, as UFO assembles it. The system prompt is not built here.
 *
 * Template: ufo/prompts/share/base/app_agent.yaml, key `user` (a YAML `|-` block: lines joined by "\n", no
 * final newline):
 *
 *   {retrieved_docs}
 *   <Available Control Item:> {control_item}
 *   <Overall User Request:> {user_request}
 *   <Previous Sub-tasks Results:> {prev_subtask}
 *   <Sub-task for you to complete:> {subtask}
 *   <The actions you took at the last step and their results:> {last_success_actions}
 *   <Current Application You are Working on:> {current_application}
 *   <Message and Tips from the HostAgent:> {host_message}
 *   <Your Next Plan:> {prev_plan}
 *   <Your response:>
 *
 * Filled by AppAgentPrompter.user_prompt_construction (ufo/prompter/agent_prompter.py):
 *   control_item=json.dumps(control_item), prev_subtask=json.dumps(prev_subtask),
 *   prev_plan=json.dumps(prev_plan), user_request=user_request, subtask=subtask,
 *   current_application=current_application, host_message=json.dumps(host_message),
 *   retrieved_docs=retrieved_docs, last_success_actions=json.dumps(last_success_actions)
 * where last_success_actions is the list of the last step's action representations
 * (ActionCommandInfo.to_representation(), see action-representation.ts), so each "[Action] ...\n[Target] ..."
 * block appears as a JSON string with "\n" escapes. An empty retrieved_docs leaves the first line empty, as
 * in UFO.
 *
 * The blackboard (blackboard.ts), when not empty, comes before: UFO sends it and the prompt as separate
 * content parts of one user message (`blackboard_prompt + appagent_prompt_user_message`).
 * `buildUserContent` returns those parts; `buildUserPrompt` joins them with "\n" for text-only models and
 * for local servers that reject content arrays (UFO issue #135).
 *
 * `template: 'ufo-v1'` is the earlier revision of the same template, without the last-actions line and with
 * "<Message and Information from the HostAgent:>".
 */

export interface LamStepPromptInput {
  /** Help documents / search results, already formatted; '' when none. */
  retrievedDocs?: string;
  /** The control list: an observation's text (inserted as is), or a list of records (json.dumps'd). */
  controlItems: string | { readonly text: string } | readonly unknown[];
  userRequest: string;
  /** Results of earlier sub-tasks, e.g. [{"subtask": ..., "result": ...}]. */
  prevSubtasks?: readonly unknown[];
  subtask: string;
  /**
   * The last step's actions: records are rendered with UFO's action representation; strings are taken as
   * already rendered; other values (v2-era dicts such as {"Function", "Args", ...}) are passed to json.dumps
   * as they are.
   */
  lastActions?: readonly (ActionRecord | string | Readonly<Record<string, unknown>>)[];
  /** The application process name, e.g. "WINWORD.EXE" or "gedit". */
  currentApplication: string;
  hostMessage?: readonly string[] | string;
  /** The plan from the previous step. */
  prevPlan?: readonly string[] | string;
  blackboard?: BlackboardInput;
}

export interface PromptOptions extends RepresentationOptions {
  template?: 'ufo' | 'ufo-v1';
}

function isActionRecord(a: unknown): a is ActionRecord {
  return typeof a === 'object' && a !== null && typeof (a as { function?: unknown }).function === 'string';
}

function controlItemText(items: LamStepPromptInput['controlItems']): string {
  if (typeof items === 'string') return items;
  if (Array.isArray(items)) return pyJsonDumps(items);
  return (items as { text: string }).text;
}

/** The `last_success_actions` value: json.dumps of the list of representations. */
export function lastActionsText(actions: LamStepPromptInput['lastActions'], options: RepresentationOptions = {}): string {
  const list = (actions ?? []).map((a) => (isActionRecord(a) ? actionRepresentation(a, options) : a));
  return pyJsonDumps(list);
}

/** The user prompt proper (without the blackboard). */
export function renderUserTemplate(input: LamStepPromptInput, options: PromptOptions = {}): string {
  const lines = [
    input.retrievedDocs ?? '',
    '<Available Control Item:> ' + controlItemText(input.controlItems),
    '<Overall User Request:> ' + input.userRequest,
    '<Previous Sub-tasks Results:> ' + pyJsonDumps(input.prevSubtasks ?? []),
    '<Sub-task for you to complete:> ' + input.subtask,
  ];
  if (options.template === 'ufo-v1') {
    lines.push(
      '<Current Application You are Working on:> ' + input.currentApplication,
      '<Message and Information from the HostAgent:> ' + pyJsonDumps(input.hostMessage ?? []),
    );
  } else {
    lines.push(
      '<The actions you took at the last step and their results:> ' + lastActionsText(input.lastActions, options),
      '<Current Application You are Working on:> ' + input.currentApplication,
      '<Message and Tips from the HostAgent:> ' + pyJsonDumps(input.hostMessage ?? []),
    );
  }
  lines.push('<Your Next Plan:> ' + pyJsonDumps(input.prevPlan ?? []), '<Your response:>');
  return lines.join('\n');
}

/** The text parts of the user message, in UFO's order: blackboard parts (if any), then the prompt. */
export function buildUserContent(input: LamStepPromptInput, options: PromptOptions = {}): string[] {
  return [...blackboardParts(input.blackboard), renderUserTemplate(input, options)];
}

/** The whole user prompt as one string (parts joined by "\n"). */
export function buildUserPrompt(input: LamStepPromptInput, options: PromptOptions = {}): string {
  return buildUserContent(input, options).join('\n');
}
