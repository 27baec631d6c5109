import type { z } from 'zod';
import { describeValue } from '../model/action.js';

/*
 * Turns zod issues into messages a model can act on: "<where>: <what was expected>, got <what it sent>", where
 * <where> is the path in the model's OWN input shape (action.arguments.x, Args.x, ControlLabel...), not in the
 * bridge's normalized form.
 */

/** Appends a key or index to a display path: `action` + `arguments` = `action.arguments`, + 0 = `action[0]`. */
export function joinPath(base: string, segment: string | number): string {
  if (typeof segment === 'number') return `${base}[${segment}]`;
  const key = /^[A-Za-z_$][\w$]*$/.test(segment) ? segment : JSON.stringify(segment);
  if (base === '') return key.startsWith('"') ? `[${key}]` : key;
  return key.startsWith('"') ? `${base}[${key}]` : `${base}.${key}`;
}

export interface IssueContext {
  /** Display path of the object the issues are about (the arguments object). */
  basePath: string;
  /** Display paths for particular top-level keys that came from elsewhere (UFO v1's ControlLabel for `id`). */
  keyPaths?: Readonly<Record<string, string>>;
  /** The function, for naming it in messages about unknown keys. */
  functionName: string;
  /** The keys the function accepts, for messages about unknown keys. */
  allowedKeys: readonly string[];
}

/** One message per issue. */
export function issueMessages(issues: readonly z.core.$ZodIssue[], ctx: IssueContext): string[] {
  return issues.map((issue) => {
    const path = displayPath(issue.path, ctx);
    if (issue.code === 'unrecognized_keys') {
      const keys = issue.keys.map((k) => JSON.stringify(k)).join(', ');
      const plural = issue.keys.length === 1 ? 'argument' : 'arguments';
      const allowed =
        ctx.allowedKeys.length === 0
          ? `${ctx.functionName} takes no arguments`
          : `${ctx.functionName} takes ${ctx.allowedKeys.join(', ')}`;
      return `${path}: unknown ${plural} ${keys}; ${allowed}`;
    }
    if (issue.code === 'invalid_type' && issue.input === undefined && issue.path.length > 0) {
      return `${path}: missing (${stripGot(issue.message)})`;
    }
    // Our field schemas write full messages; zod's generic ones get the received value appended.
    const message = /\bgot\b/.test(issue.message) ? issue.message : `${issue.message}, got ${describeValue(issue.input)}`;
    return `${path}: ${message}`;
  });
}

function stripGot(message: string): string {
  return message.replace(/,? got nothing$/, '');
}

function displayPath(path: readonly PropertyKey[], ctx: IssueContext): string {
  if (path.length === 0) return ctx.basePath === '' ? '(arguments)' : ctx.basePath;
  const [first, ...rest] = path;
  let out =
    typeof first === 'string' && ctx.keyPaths?.[first] !== undefined
      ? (ctx.keyPaths[first] as string)
      : joinPath(ctx.basePath, typeof first === 'number' ? first : String(first));
  for (const seg of rest) out = joinPath(out, typeof seg === 'number' ? seg : String(seg));
  return out;
}
