import { LambError, type Rect } from '../model/index.js';
import type { Budget } from '../snapshot/budget.js';
import { resolveTarget } from '../snapshot/resolve-target.js';
import type { ActEnvironment } from './act-context.js';
import { readElement } from './element.js';

export interface WindowTarget {
  ref: string;
  rect: Rect;
  pid: number | null;
}

/**
 * The window that coordinate actions and element-less keys work in: the action's target (docs/CONTRACT.md
 * target selection) narrowed to a top-level window.
 */
export async function resolveWindow(env: ActEnvironment, budget: Budget): Promise<WindowTarget> {
  const { adapter } = env;
  const target = await resolveTarget(adapter, env.options.target, budget);
  const windows = await adapter.windows(budget.remainingMs());
  let ref = target.root;
  if (target.kind === 'app') {
    const apps = await adapter.applications(budget.remainingMs());
    const app = apps.find((a) => a.ref === target.root);
    const own = windows.filter((w) => w.appRef === target.root || (app?.pid != null && w.pid === app.pid));
    const chosen = own.find((w) => w.focused) ?? own.at(-1);
    if (!chosen) throw new LambError('TARGET_NOT_FOUND', `resolve window (lam-bridge): the application has no window`);
    ref = chosen.ref;
  } else if (target.kind === 'ref') {
    ref = (await readElement(adapter, target.root, budget.remainingMs())).window?.ref ?? target.root;
  }
  const window = windows.find((w) => w.ref === ref);
  if (!window?.rect)
    throw new LambError('NOT_VISIBLE', `resolve window (lam-bridge): window ${ref} has no on-screen rectangle`);
  return { ref, rect: window.rect, pid: window.pid };
}

/** UFO's fractional window coordinates (0..1 of the window) to a screen point. */
export function windowPoint(rect: Rect, fx: number, fy: number): { x: number; y: number } {
  return {
    x: Math.round(rect.x + Math.min(fx * rect.width, rect.width - 1)),
    y: Math.round(rect.y + Math.min(fy * rect.height, rect.height - 1)),
  };
}
