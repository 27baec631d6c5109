import type { z } from 'zod';
import { describeValue, type Action, type ActionStatus } from '../model/action.js';
import type { ActionResult } from '../model/action-result.js';
import { LambError } from '../model/errors.js';
import { OfficeApp } from '../model/office.js';
import type { WindowInfo } from '../model/window.js';
import type { AnyOfficeFunction } from '../office/office-function.js';
import { OFFICE_FUNCTIONS } from '../office/office-functions.js';
import { issueMessages, joinPath } from './format-issues.js';

/*
 * Office functions inside a model's answer (docs/CONTRACT.md "Office functions in an action list"): UFO names its
 * Office API functions without the app (set_font, insert_table, save_as...), beside click_input and the rest, in
 * the same three action shapes. This module recognizes them while parse-action reads the list, validates their
 * arguments with the function's own zod schema (lib/model/office-<app>.ts through lib/office/office-functions.ts),
 * and knows which app a function belongs to:
 *   1. the name says it: "word.set_font" (also "writer.", "excel.", "calc.", "powerpoint.", "impress.");
 *   2. args.app says it: {"function": "save_as", "args": {"app": "excel", ...}} (the same aliases);
 *   3. only one app has the function (set_cell_value is Excel's, add_slide PowerPoint's);
 *   4. otherwise (save_as, which all three have) the target window's app decides: a LibreOffice Writer window is
 *      word, Calc excel, Impress powerpoint; on Windows Word, Excel, PowerPoint (WINWORD.EXE, EXCEL.EXE,
 *      POWERPNT.EXE). The executor reads the window before anything in the list runs and validates such an
 *      action against that app's schema then, so a bad argument still stops the list before its first action.
 * An Office action acts on the document the target window shows (or the window of the control its `id` names):
 * the executor attaches to the suite that shows it and runs the function there.
 */

/** The lookup of Office function specs; tests pass their own (a named double registry). */
export type OfficeRegistry = Readonly<Record<OfficeApp, readonly AnyOfficeFunction[]>>;

/** One Office function call as a model asked for it, validated. */
export interface OfficeAction {
  kind: 'office';
  /** The function's name without its app, e.g. "set_font". */
  function: string;
  /** The app when the action says it or only one app has the function; null: the target window's app decides. */
  app: OfficeApp | null;
  /**
   * With `app` known: the arguments as the function's schema canonicalized them. With `app` null: the
   * arguments as sent (without app/id/name), valid for at least one app; re-validated once the app is known.
   */
  args: Record<string, unknown>;
  /** A control in the window that shows the document (the action's id), and its name as the model read it. */
  control?: { id: string; name?: string };
  status?: ActionStatus;
  /** Where the arguments were in the model's input, for messages after the window's app is known. */
  argsPath: string;
  /** The function's spec in each app it may run in (one when `app` is known), from the registry parsing used. */
  specs: readonly AnyOfficeFunction[];
}

/** One step of an action list: a UI action or an Office action. */
export type ActStep = Action | OfficeAction;

export function isOfficeAction(step: { function: string }): step is OfficeAction {
  return (step as { kind?: unknown }).kind === 'office';
}

/** The apps' own names and their LibreOffice counterparts, lower case. */
const APP_ALIASES: Readonly<Record<string, OfficeApp>> = {
  word: 'word',
  writer: 'word',
  excel: 'excel',
  calc: 'excel',
  powerpoint: 'powerpoint',
  impress: 'powerpoint',
};

function appOf(name: unknown): OfficeApp | undefined {
  return typeof name === 'string' ? APP_ALIASES[name.trim().toLowerCase()] : undefined;
}

/** "word.set_font" → word + set_font; a plain name → undefined app. */
function splitName(fn: string): { app?: OfficeApp; name: string; qualifier?: string } {
  const m = /^([A-Za-z]+)[.:](\w+)$/.exec(fn.trim());
  if (!m) return { name: fn.trim() };
  const app = appOf(m[1]);
  return app ? { app, name: m[2]! } : { name: fn.trim(), qualifier: m[1] };
}

/** Every app that has a function of this name. */
export function officeAppsWith(name: string, registry: OfficeRegistry = OFFICE_FUNCTIONS): OfficeApp[] {
  return (Object.keys(registry) as OfficeApp[]).filter((app) => registry[app].some((f) => f.name === name));
}

/**
 * True when the name (plain or app-qualified) is an Office function of some app; "excel.set_font" is one too
 * (so that the message says which app has set_font).
 */
export function isOfficeFunctionName(fn: string, registry: OfficeRegistry = OFFICE_FUNCTIONS): boolean {
  return officeAppsWith(splitName(fn).name, registry).length > 0;
}

/** Every Office function name, for the "valid functions are" message. */
export function officeFunctionNames(registry: OfficeRegistry = OFFICE_FUNCTIONS): string[] {
  return [...new Set((Object.keys(registry) as OfficeApp[]).flatMap((app) => registry[app].map((f) => f.name)))];
}

function specOf(registry: OfficeRegistry, app: OfficeApp, name: string): AnyOfficeFunction | undefined {
  return registry[app].find((f) => f.name === name);
}

/** The argument names a spec's schema takes (a zod object's shape), for messages about unknown keys. */
function argNames(spec: AnyOfficeFunction): string[] {
  const shape = (spec.schema as { shape?: Record<string, unknown> }).shape;
  return shape ? Object.keys(shape) : [];
}

type Checked = { ok: true; args: Record<string, unknown> } | { ok: false; messages: string[] };

/** Validates arguments against one app's spec; messages name the path in the model's own shape. */
export function checkOfficeArgs(spec: AnyOfficeFunction, args: Record<string, unknown>, argsPath: string): Checked {
  const parsed = spec.schema.safeParse(args);
  if (parsed.success) return { ok: true, args: parsed.data as Record<string, unknown> };
  return {
    ok: false,
    messages: issueMessages(parsed.error.issues as z.core.$ZodIssue[], {
      basePath: argsPath,
      functionName: `${spec.app} ${spec.name}`,
      allowedKeys: argNames(spec),
    }),
  };
}

export interface OfficeParseInput {
  fn: string;
  fnPath: string;
  args: Record<string, unknown>;
  argsPath: string;
  status?: ActionStatus;
}

/**
 * Reads an Office function call (a name isOfficeFunctionName accepts): the app, the control, and the
 * arguments validated. Returns the messages instead when something is wrong.
 */
export function parseOfficeAction(
  input: OfficeParseInput,
  registry: OfficeRegistry = OFFICE_FUNCTIONS,
): { ok: true; action: OfficeAction } | { ok: false; messages: string[] } {
  const { name, app: fromName } = splitName(input.fn);
  const args: Record<string, unknown> = { ...input.args };
  const messages: string[] = [];

  let fromArgs: OfficeApp | undefined;
  if (args.app !== undefined && args.app !== null && args.app !== '') {
    fromArgs = appOf(args.app);
    if (!fromArgs)
      messages.push(`${joinPath(input.argsPath, 'app')}: expected "word", "excel" or "powerpoint" (or writer, calc, impress), got ${describeValue(args.app)}`);
    else if (fromName && fromName !== fromArgs)
      messages.push(`${joinPath(input.argsPath, 'app')}: ${describeValue(args.app)} contradicts the function name ${describeValue(input.fn)}`);
  }
  delete args.app;

  // id/name: the control whose window shows the document. Models fill them with "" on every action out of habit.
  let control: OfficeAction['control'];
  for (const key of ['id', 'name'] as const) if (args[key] === '' || args[key] === null) delete args[key];
  if (args.id !== undefined) {
    const id = typeof args.id === 'number' && Number.isInteger(args.id) ? String(args.id) : args.id;
    if (typeof id !== 'string' || id.length > 4096)
      messages.push(`${joinPath(input.argsPath, 'id')}: expected a control id (a ref or a label such as "12") in the document's window, got ${describeValue(args.id)}`);
    else control = { id, ...(typeof args.name === 'string' ? { name: args.name } : {}) };
  }
  delete args.id;
  delete args.name;
  if (messages.length > 0) return { ok: false, messages };

  const candidates = fromName ?? fromArgs ? [fromName ?? fromArgs!] : officeAppsWith(name, registry);
  const specs = candidates.map((a) => specOf(registry, a, name)).filter((s): s is AnyOfficeFunction => s !== undefined);
  if (specs.length === 0) {
    const apps = officeAppsWith(name, registry);
    return {
      ok: false,
      messages: [`${input.fnPath}: ${candidates[0] ?? 'no app'} has no function ${describeValue(name)}${apps.length ? `; ${apps.join(', ')} ${apps.length === 1 ? 'has' : 'have'} it` : ''}`],
    };
  }
  const base = { kind: 'office' as const, function: name, argsPath: input.argsPath, specs, ...(control ? { control } : {}), ...(input.status ? { status: input.status } : {}) };
  if (specs.length === 1) {
    const checked = checkOfficeArgs(specs[0]!, args, input.argsPath);
    if (!checked.ok) return checked;
    return { ok: true, action: { ...base, app: specs[0]!.app, args: checked.args, specs: [specs[0]!] } };
  }
  // Several apps have it (save_as): it must be valid for one of them now, and for the window's app before running.
  const results = specs.map((s) => checkOfficeArgs(s, args, input.argsPath));
  if (results.some((r) => r.ok)) return { ok: true, action: { ...base, app: null, args } };
  return {
    ok: false,
    messages: specs.flatMap((s, i) => (results[i] as { messages: string[] }).messages.map((m) => `${m} (as ${s.app}'s ${name})`)),
  };
}

// ---- the app a window shows ----

/** Title endings (LibreOffice, Microsoft Office) and Windows process names of each app. */
const WINDOW_APPS: ReadonlyArray<{ app: OfficeApp; title: RegExp; process: RegExp }> = [
  { app: 'word', title: /[-–—]\s*(LibreOffice Writer|Microsoft Word|Word)$/, process: /^winword(\.exe)?$/i },
  { app: 'excel', title: /[-–—]\s*(LibreOffice Calc|Microsoft Excel|Excel)$/, process: /^excel(\.exe)?$/i },
  { app: 'powerpoint', title: /[-–—]\s*(LibreOffice Impress|Microsoft PowerPoint|PowerPoint)$/, process: /^powerpnt(\.exe)?$/i },
];

/** Which Office app a top-level window shows, from its title (and on Windows its process), or null. */
export function officeAppOfWindow(window: Pick<WindowInfo, 'title' | 'app'>): OfficeApp | null {
  const title = window.title.trim();
  for (const w of WINDOW_APPS) if (w.title.test(title) || w.process.test(window.app.trim())) return w.app;
  return null;
}

/**
 * The document's title as the suite knows it, from the window's title: "Report.docx - LibreOffice Writer" →
 * "Report.docx" (what OfficeSession.attach matches, as UFO matches the window title).
 */
export function documentTitleOfWindow(title: string): string {
  return title.replace(/\s*[-–—]\s*(LibreOffice (Writer|Calc|Impress)|Microsoft (Word|Excel|PowerPoint)|Word|Excel|PowerPoint)$/, '').trim();
}

/** The app an Office action runs in, given the window that shows the document. */
export function officeAppFor(action: OfficeAction, window: Pick<WindowInfo, 'title' | 'app'>): OfficeApp {
  const shown = officeAppOfWindow(window);
  if (action.app !== null) {
    if (shown !== null && shown !== action.app)
      throw new LambError('TARGET_NOT_FOUND', `${action.app} ${action.function} (lam-bridge): the target window '${window.title}' shows a ${shown} document, not ${action.app}; target the ${action.app} window (act --window/--pid) or name the app that window shows`);
    return action.app;
  }
  if (shown === null) {
    const apps = action.specs.map((s) => s.app);
    throw new LambError('TARGET_NOT_FOUND', `${action.function} (lam-bridge): the target window '${window.title}' is not a Word, Excel or PowerPoint (LibreOffice Writer, Calc, Impress) window, so the app of ${action.function} is not known; target the document's window or give args.app (one of ${apps.join(', ')})`);
  }
  return shown;
}

/** The action with its arguments canonicalized for `app` (a no-op when parsing knew the app already). */
export function resolveOfficeAction(action: OfficeAction, app: OfficeApp): OfficeAction & { app: OfficeApp } {
  const spec = action.specs.find((s) => s.app === app);
  if (!spec)
    throw new LambError('INVALID_ARGUMENT', `invalid action: ${action.function}: the target window shows a ${app} document and ${app} has no function ${action.function}`);
  if (action.app === app) return action as OfficeAction & { app: OfficeApp };
  const checked = checkOfficeArgs(spec, action.args, action.argsPath);
  if (!checked.ok) throw new LambError('INVALID_ARGUMENT', `invalid action: ${checked.messages.join('; ')} (the target window shows a ${app} document)`);
  return { ...action, app, args: checked.args, specs: [spec] };
}

// ---- running ----

/**
 * What the executor needs to run an Office action: the document the window shows, attached, and the runner.
 * lib/act/office-host.ts builds the real one (OfficeSession.attach + office-runner); tests may pass another.
 */
export interface OfficeHost {
  run(request: {
    app: OfficeApp;
    spec: AnyOfficeFunction;
    args: Record<string, unknown>;
    window: WindowInfo;
    /** The document's title, from the window title. */
    title: string;
    timeoutMs: number;
  }): Promise<ActionResult>;
}

/** The spec a resolved action runs. */
export function officeSpec(action: OfficeAction & { app: OfficeApp }): AnyOfficeFunction {
  const spec = action.specs.find((s) => s.app === action.app);
  if (!spec) throw new LambError('INVALID_ARGUMENT', `invalid action: ${action.app} has no function ${action.function}`);
  return spec;
}

/** The canonical app of a value (word/excel/powerpoint or a LibreOffice module name), for callers outside. */
export function officeAppNamed(name: string): OfficeApp | undefined {
  return appOf(name) ?? (OfficeApp.safeParse(name).success ? (name as OfficeApp) : undefined);
}
