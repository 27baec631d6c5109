/**
 * The app allowlist (--allow-apps): a target outside it is refused before anything is read from it. Names
 * match case-insensitively and exactly (a substring could let 'a' through to every app). A ref target is read
 * (one node) to learn its app: a session takes only refs it was shown (Desktop refs 'shown-only'), but the
 * window and app lists these checks take show every app's refs to the session's Desktop.
 */
import type { Desktop } from '../../desktop/desktop.js';
import { LambError } from '../../model/errors.js';
import type { ToolContext } from './tool.js';

export interface ToolTarget {
  app?: string | undefined;
  pid?: number | undefined;
  window?: string | undefined;
  ref?: string | undefined;
}

export function appAllowed(name: string, ctx: ToolContext): boolean {
  return ctx.allowApps === undefined || ctx.allowApps.some((a) => a.toLowerCase() === name.toLowerCase());
}

function refuse(operation: string, what: string, ctx: ToolContext): never {
  throw new LambError('ACCESS_DENIED', `${operation} (lamb serve): ${what} is not among the allowed apps (${(ctx.allowApps ?? []).join(', ')})`);
}

/** Throws ACCESS_DENIED unless the target is an allowed app (no target: the focused window's app). */
export async function checkTargetAllowed(operation: string, desktop: Desktop, target: ToolTarget, ctx: ToolContext): Promise<void> {
  if (ctx.allowApps === undefined) return;
  if (target.ref !== undefined) return checkRefAllowed(operation, desktop, target.ref, ctx);
  if (target.app !== undefined) {
    if (!appAllowed(target.app, ctx)) refuse(operation, `app '${target.app}'`, ctx);
    return;
  }
  if (target.pid !== undefined) {
    const app = (await desktop.applications()).find((a) => a.pid === target.pid);
    if (!app || !appAllowed(app.name, ctx)) refuse(operation, `pid ${target.pid}${app ? ` (${app.name})` : ''}`, ctx);
    return;
  }
  const windows = await desktop.windows();
  const matches = target.window === undefined ? windows.filter((w) => w.focused) : windows.filter((w) => w.title.includes(target.window!));
  if (matches.length === 0) return; // nothing to read: the Desktop's own TARGET_NOT_FOUND says so
  const outside = matches.find((w) => !appAllowed(w.app, ctx));
  if (outside) refuse(operation, target.window === undefined ? `the focused window's app '${outside.app}'` : `window '${outside.title}' of '${outside.app}'`, ctx);
}

/** Throws ACCESS_DENIED unless the element `ref` names belongs to an allowed app (one node read). */
export async function checkRefAllowed(operation: string, desktop: Desktop, ref: string, ctx: ToolContext): Promise<void> {
  if (ctx.allowApps === undefined) return;
  const read = await desktop.snapshot({ ref, maxDepth: 0 });
  if (!appAllowed(read.data.app.name, ctx)) refuse(operation, `ref ${ref} (of '${read.data.app.name}')`, ctx);
}
