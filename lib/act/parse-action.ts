import {
  ACTION_ARGS,
  ACTION_ARG_NAMES,
  ACTION_FUNCTIONS,
  ActionFunction,
  ActionStatus,
  TARGETED_FUNCTIONS,
  describeValue,
  type Action,
} from '../model/action.js';
import { LambError } from '../model/errors.js';
import { extractJson } from './extract-json.js';
import { isOfficeFunctionName, officeFunctionNames, parseOfficeAction, type ActStep, type OfficeRegistry } from './office-step.js';
import { issueMessages, joinPath } from './format-issues.js';
import { ufoKeyboardInput, ufoKeyboardInputEvents, ufoReviseLineBreaks } from './keys/ufo-escape.js';
import { suggestFunction } from './suggest-function.js';

/*
 * Accepts an action in any of the three shapes of docs/CONTRACT.md "Action JSON" and returns the bridge's normalized
 * actions (lib/model/action.ts), or throws LambError('INVALID_ARGUMENT') with a message that names the path in
 * the caller's own shape and says what was expected, e.g.
 *   invalid action: action.arguments.x: expected a number between 0 and 1, got 1.7
 *
 *   'bridge'  {"function": "set_edit_text", "args": {"id": "e12", "text": "hi"}, "status"?: ...}, or a list of them.
 *   'ufo'     UFO's newest response: {"action": {"function", "arguments", "status"}} (action may be a list), alone
 *             or inside the whole response (observation, thought, plan, comment, save_screenshot... are ignored);
 *             also a bare {"function", "arguments"} (UFO's ActionCommandInfo).
 *   'ufo-v1'  UFO v1/v2 (what the LAM was trained on): {"Function", "Args", "ControlLabel", "ControlText",
 *             "Status"}, alone or inside the whole response, and {"ActionList": [...]} of such items.
 *             ControlLabel becomes args.id and ControlText args.name, unless Args already has them, and only for
 *             functions that act on a control (UFO v1 sends ControlLabel with every action, even summary or wait).
 *             Args may be a JSON string (UFO's JSON_SCHEMA mode) or "" (no arguments). Like UFO's v1 processor
 *             (utils.revise_line_breaks), a single action's string Args have the two characters backslash-n
 *             turned into a newline; ActionList items are taken as they are, as UFO's action-sequence processor
 *             does.
 * A function of "" (or null, or none at all) is no_action, as in UFO (its arguments are ignored, as UFO ignores
 * them); an explicit "no_action" takes no arguments. A string input is first searched for JSON the lenient way
 * (prose, ``` fences). An empty list, or an "action" of null, gives no actions.
 *
 * keyboard_input's keys are checked here with UFO's escaping applied (keys/ufo-escape.ts), so a syntax error is
 * reported before anything is typed.
 *
 * Office functions (UFO's Office API names, set_font, insert_table, save_as..., and the bridge's own) come in the
 * same shapes and may be mixed with UI actions in one list; office-step.ts reads them (their app, their
 * arguments against the function's own schema) and they come out as OfficeActions. A UI function's name always
 * means the UI function.
 */

export type ActionShape = 'bridge' | 'ufo' | 'ufo-v1';

export interface ParsedActions {
  /** UI actions (Action) and Office actions (OfficeAction, lib/act/office-step.ts), in the input's order. */
  actions: ActStep[];
  shape: ActionShape;
}

export interface ParseOptions {
  /** The Office functions to recognize (default: lib/office/office-functions.ts OFFICE_FUNCTIONS). */
  officeFunctions?: OfficeRegistry;
}

/** More actions than this in one request is refused (UFO's multi-action mode sends a handful). */
export const MAX_ACTIONS = 1000;
/** At most this many problems are listed in one error message. */
const MAX_MESSAGES = 8;

/** One action as found in the input, before validation. */
interface Located {
  path: string;
  /** The function value and where it was (null when the key is absent). */
  fn: unknown;
  fnPath: string;
  args: unknown;
  argsPath: string;
  status: unknown;
  statusPath: string;
  /** UFO v1's ControlLabel / ControlText, merged into args for targeted functions. */
  controlLabel?: { value: unknown; path: string };
  controlText?: { value: unknown; path: string };
  /** UFO v1/v2 shape (ControlLabel names the control). */
  v1: boolean;
  reviseLineBreaks: boolean;
}

const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function invalid(messages: readonly string[]): LambError {
  const shown = messages.slice(0, MAX_MESSAGES);
  const more = messages.length > MAX_MESSAGES ? `; and ${messages.length - MAX_MESSAGES} more problems` : '';
  return new LambError('INVALID_ARGUMENT', `invalid action: ${shown.join('; ')}${more}`);
}

const EXAMPLE =
  '{"function": "click_input", "args": {"id": "12"}}, {"action": {"function": "click_input", "arguments": {"id": "12", "name": "OK"}}} or {"Function": "click_input", "ControlLabel": "12", "Args": {}}';

/** Parses an action request in any accepted shape into normalized actions. */
export function parseActionInput(input: unknown, options: ParseOptions = {}): ParsedActions {
  const value = typeof input === 'string' ? extractJson(input) : input;
  const { shape, located } = locate(value);
  if (located.length > MAX_ACTIONS) {
    throw invalid([`${located.length} actions in one request, more than ${MAX_ACTIONS}; send fewer at a time`]);
  }
  const messages: string[] = [];
  const actions: ActStep[] = [];
  for (const item of located) {
    const result = normalize(item, options.officeFunctions);
    if (result.ok) actions.push(result.action);
    else messages.push(...result.messages);
  }
  if (messages.length > 0) throw invalid(messages);
  return { actions, shape };
}

// ---- finding the actions in the input ----

const V1_KEYS = ['Function', 'Args', 'ControlLabel', 'ControlText'] as const;
const BRIDGE_KEYS = new Set(['function', 'args', 'status']);
/** Keys UFO's ActionCommandInfo may carry besides function/arguments/status (echoed from its own output). */
const UFO_ACTION_KEYS = new Set(['function', 'arguments', 'status', 'target', 'result', 'action_string', 'action_representation']);

function locate(value: unknown): { shape: ActionShape; located: Located[] } {
  if (Array.isArray(value)) {
    if (value.length > MAX_ACTIONS) {
      throw invalid([`${value.length} actions in one request, more than ${MAX_ACTIONS}; send fewer at a time`]);
    }
    const located: Located[] = [];
    let shape: ActionShape = 'bridge';
    value.forEach((item, i) => {
      const found = locateItem(item, joinPath('', i));
      if (i === 0) shape = found.shape;
      located.push(found.located);
    });
    return { shape, located };
  }
  if (!isPlainObject(value)) {
    throw invalid([`expected an action object such as ${EXAMPLE}, got ${describeValue(value)}`]);
  }
  if (hasOwn(value, 'action')) {
    return { shape: 'ufo', located: locateList(value.action, 'action', (item, path) => locateUfoAction(item, path)) };
  }
  if (hasOwn(value, 'ActionList')) {
    return {
      shape: 'ufo-v1',
      located: locateList(value.ActionList, 'ActionList', (item, path) => locateV1(item, path, false), true),
    };
  }
  const found = locateItem(value, '', true);
  return { shape: found.shape, located: [found.located] };
}

/** `action` / `ActionList`: one action, a list, or null (no actions). */
function locateList(
  v: unknown,
  path: string,
  one: (item: unknown, path: string) => Located,
  listOnly = false,
): Located[] {
  if (v === null || v === undefined) return [];
  if (Array.isArray(v)) {
    if (v.length > MAX_ACTIONS) {
      throw invalid([`${path}: ${v.length} actions, more than ${MAX_ACTIONS}; send fewer at a time`]);
    }
    return v.map((item, i) => one(item, joinPath(path, i)));
  }
  if (listOnly) throw invalid([`${path}: expected a list of actions, got ${describeValue(v)}`]);
  return [one(v, path)];
}

function locateItem(item: unknown, path: string, topLevel = false): { shape: ActionShape; located: Located } {
  if (!isPlainObject(item)) {
    throw invalid([`${path || '(input)'}: expected an action object such as ${EXAMPLE}, got ${describeValue(item)}`]);
  }
  if (V1_KEYS.some((k) => hasOwn(item, k))) return { shape: 'ufo-v1', located: locateV1(item, path, topLevel) };
  if (hasOwn(item, 'arguments') && !hasOwn(item, 'args')) return { shape: 'ufo', located: locateUfoAction(item, path) };
  if (hasOwn(item, 'function') || hasOwn(item, 'args')) return { shape: 'bridge', located: locateBridge(item, path) };
  const keys = Object.keys(item);
  const looksLikeResponse = keys.some((k) => /^(observation|thought|plan|comment)$/i.test(k));
  throw invalid([
    looksLikeResponse
      ? `${path || '(input)'}: the response has no action; expected an "action" field such as {"function": "click_input", "arguments": {"id": "12", "name": "OK"}}`
      : `${path || '(input)'}: expected an action such as ${EXAMPLE}, got ${describeValue(item)}`,
  ]);
}

function locateBridge(item: Record<string, unknown>, path: string): Located {
  const unknown = Object.keys(item).filter((k) => !BRIDGE_KEYS.has(k));
  if (unknown.length > 0) {
    const hint = hasOwn(item, 'arguments') ? ' (give the arguments as "args" or "arguments", not both)' : '';
    throw invalid([
      `${path || '(input)'}: unknown key${unknown.length === 1 ? '' : 's'} ${unknown.map((k) => JSON.stringify(k)).join(', ')}; ` +
        `an action has "function", "args" and optionally "status"${hint}`,
    ]);
  }
  return {
    path,
    fn: item.function,
    fnPath: joinPath(path, 'function'),
    args: item.args,
    argsPath: joinPath(path, 'args'),
    status: item.status,
    statusPath: joinPath(path, 'status'),
    v1: false,
    reviseLineBreaks: false,
  };
}

function locateUfoAction(item: unknown, path: string): Located {
  if (!isPlainObject(item)) {
    throw invalid([
      `${path}: expected an action object such as {"function": "click_input", "arguments": {"id": "12", "name": "OK"}}, got ${describeValue(item)}`,
    ]);
  }
  const unknown = Object.keys(item).filter((k) => !UFO_ACTION_KEYS.has(k));
  if (unknown.length > 0) {
    throw invalid([
      `${path}: unknown key${unknown.length === 1 ? '' : 's'} ${unknown.map((k) => JSON.stringify(k)).join(', ')}; ` +
        'an action has "function", "arguments" and "status", and the function\'s arguments go inside "arguments"',
    ]);
  }
  return {
    path,
    fn: item.function,
    fnPath: joinPath(path, 'function'),
    args: item.arguments,
    argsPath: joinPath(path, 'arguments'),
    status: item.status,
    statusPath: joinPath(path, 'status'),
    v1: false,
    reviseLineBreaks: false,
  };
}

function locateV1(item: unknown, path: string, single: boolean): Located {
  if (!isPlainObject(item)) {
    throw invalid([
      `${path}: expected an action object such as {"Function": "click_input", "ControlLabel": "12", "ControlText": "OK", "Args": {}}, got ${describeValue(item)}`,
    ]);
  }
  const located: Located = {
    path,
    fn: item.Function,
    fnPath: joinPath(path, 'Function'),
    args: item.Args,
    argsPath: joinPath(path, 'Args'),
    status: item.Status,
    statusPath: joinPath(path, 'Status'),
    v1: true,
    reviseLineBreaks: single,
  };
  if (hasOwn(item, 'ControlLabel')) located.controlLabel = { value: item.ControlLabel, path: joinPath(path, 'ControlLabel') };
  if (hasOwn(item, 'ControlText')) located.controlText = { value: item.ControlText, path: joinPath(path, 'ControlText') };
  return located;
}

// ---- validating one action ----

type Normalized = { ok: true; action: ActStep } | { ok: false; messages: string[] };

function normalize(item: Located, officeFunctions?: OfficeRegistry): Normalized {
  const messages: string[] = [];

  let status: ActionStatus | undefined;
  if (item.status !== undefined && item.status !== null && item.status !== '') {
    const parsed = ActionStatus.safeParse(item.status, { reportInput: true });
    if (parsed.success) status = parsed.data;
    else messages.push(`${item.statusPath}: ${parsed.error.issues[0]?.message ?? 'invalid status'}`);
  }

  // UFO: `if not action.function: continue` (and v1's Function defaults to ""): no function is no action.
  if (item.fn === undefined || item.fn === null || item.fn === '') {
    if (messages.length > 0) return { ok: false, messages };
    return { ok: true, action: withStatus({ function: 'no_action', args: {} }, status) };
  }
  if (typeof item.fn !== 'string') {
    messages.push(`${item.fnPath}: expected a function name (a string) such as "click_input", got ${describeValue(item.fn)}`);
    return { ok: false, messages };
  }
  const fnParsed = ActionFunction.safeParse(item.fn);
  if (!fnParsed.success && isOfficeFunctionName(item.fn, officeFunctions)) return normalizeOffice(item, item.fn, status, messages, officeFunctions);
  if (!fnParsed.success) {
    const suggestion = suggestFunction(item.fn);
    const office = officeFunctionNames(officeFunctions);
    messages.push(
      `${item.fnPath}: unknown function ${describeValue(item.fn)}${suggestion ? `; did you mean "${suggestion}"?` : ''}; ` +
        `valid functions are ${ACTION_FUNCTIONS.join(', ')} ("" also means no_action)` +
        (office.length ? `, and the Office functions ${office.join(', ')}` : ''),
    );
    return { ok: false, messages };
  }
  const fn = fnParsed.data;

  const rawArgs = argsObject(item, messages);
  if (rawArgs === undefined) return { ok: false, messages };

  const keyPaths: Record<string, string> = {};
  const args: Record<string, unknown> = { ...rawArgs };
  if (item.reviseLineBreaks) {
    for (const [k, v] of Object.entries(args)) if (typeof v === 'string') args[k] = ufoReviseLineBreaks(v);
  }
  if (TARGETED_FUNCTIONS.has(fn)) {
    mergeControl(args, keyPaths, 'id', item.controlLabel);
    mergeControl(args, keyPaths, 'name', item.controlText);
    // A v1 action that needs a control and names none: point at the field the model should fill.
    if (item.v1 && item.controlLabel === undefined && args.id === undefined) {
      keyPaths.id = joinPath(item.path, 'ControlLabel');
    }
  } else {
    // Models fill id/name with "" (or null) on every action out of habit; on a function that takes no control
    // that says nothing, so it is dropped rather than failing the step. A real value is still rejected.
    for (const key of ['id', 'name'] as const) if (args[key] === '' || args[key] === null) delete args[key];
  }

  const schema = ACTION_ARGS[fn];
  const parsed = schema.safeParse(args, { reportInput: true });
  if (!parsed.success) {
    messages.push(
      ...issueMessages(parsed.error.issues, {
        basePath: item.argsPath,
        keyPaths,
        functionName: fn,
        allowedKeys: ACTION_ARG_NAMES[fn],
      }),
    );
    return { ok: false, messages };
  }
  if (messages.length > 0) return { ok: false, messages };

  const action = withStatus({ function: fn, args: parsed.data } as Action, status);
  if (action.function === 'keyboard_input') {
    const keysError = checkKeys(action.args.keys, keyPaths.keys ?? joinPath(item.argsPath, 'keys'));
    if (keysError) return { ok: false, messages: [keysError] };
  }
  return { ok: true, action };
}

/** An Office function call: its arguments (after UFO v1's string Args and line breaks), then office-step.ts. */
function normalizeOffice(
  item: Located,
  fn: string,
  status: ActionStatus | undefined,
  messages: string[],
  officeFunctions: OfficeRegistry | undefined,
): Normalized {
  const rawArgs = argsObject(item, messages);
  if (rawArgs === undefined || messages.length > 0) return { ok: false, messages };
  const args: Record<string, unknown> = { ...rawArgs };
  if (item.reviseLineBreaks) {
    for (const [k, v] of Object.entries(args)) if (typeof v === 'string') args[k] = ufoReviseLineBreaks(v);
  }
  // UFO v1's ControlLabel/ControlText come with every action; an Office function names no control by them.
  const parsed = parseOfficeAction(
    { fn, fnPath: item.fnPath, args, argsPath: item.argsPath, ...(status ? { status } : {}) },
    officeFunctions,
  );
  return parsed.ok ? { ok: true, action: parsed.action } : { ok: false, messages: parsed.messages };
}

function withStatus(action: Action, status: ActionStatus | undefined): Action {
  return status === undefined ? action : { ...action, status };
}

/** The arguments as an object: absent/null/"" is none; a JSON string (UFO's JSON_SCHEMA mode) is parsed. */
function argsObject(item: Located, messages: string[]): Record<string, unknown> | undefined {
  let v = item.args;
  if (v === undefined || v === null || v === '') return {};
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v) as unknown;
    } catch {
      messages.push(`${item.argsPath}: expected an object of named arguments (or a JSON string of one), got ${describeValue(item.args)}`);
      return undefined;
    }
  }
  if (!isPlainObject(v)) {
    messages.push(`${item.argsPath}: expected an object of named arguments, got ${describeValue(item.args)}`);
    return undefined;
  }
  return v;
}

/** UFO v1's ControlLabel/ControlText fill args.id/args.name unless the model put them in Args already. */
function mergeControl(
  args: Record<string, unknown>,
  keyPaths: Record<string, string>,
  key: 'id' | 'name',
  source: { value: unknown; path: string } | undefined,
): void {
  if (source === undefined || source.value === null || source.value === '' || args[key] !== undefined) return;
  args[key] = source.value;
  keyPaths[key] = source.path;
}

/** Checks keyboard_input's keys the way UFO will send them; returns a message or undefined. */
function checkKeys(keys: string, path: string): string | undefined {
  try {
    ufoKeyboardInputEvents(keys);
    return undefined;
  } catch (e) {
    if (!(e instanceof LambError)) throw e;
    const escaped = ufoKeyboardInput(keys).keys;
    const shown = (s: string) => JSON.stringify(s.length > 80 ? `${s.slice(0, 80)}...` : s);
    const context =
      escaped === keys
        ? ''
        : ` (positions are in ${shown(escaped)}, the keys after UFO's escaping: keyboard_input types + ^ % ( ) literally, ` +
          'so write {VK_CONTROL}, {VK_SHIFT} or {VK_MENU} before a key for a modifier, and the characters themselves instead of {+} {^} {%} {(} {)})';
    return `${path}: ${e.message}${context}`;
  }
}
