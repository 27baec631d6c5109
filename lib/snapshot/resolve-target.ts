import { LambError, type AppInfo, type TargetOptions, type WindowInfo } from '../model/index.js';
import type { PlatformAdapter } from '../platform/platform-adapter.js';
import { CHROMIUM_ACCESSIBILITY_HINT, isChromiumToolkit } from './accessibility-off.js';
import type { Budget } from './budget.js';

export interface ResolvedTarget {
  /** The ref to snapshot or act below. */
  root: string;
  kind: 'app' | 'window' | 'ref';
}

function describeRunning(apps: AppInfo[]): string {
  if (apps.length === 0) return 'no accessible applications are running';
  return 'running: ' + apps.map((a) => `${a.name || '(unnamed)'}${a.pid === null ? '' : ` (pid ${a.pid})`}`).join(', ');
}

/**
 * Picks one match from candidates named `wanted`: an exact (case-insensitive) match wins over a substring;
 * among equals the newest wins (AT-SPI lists apps in registration order), so `--app X` means the X you just
 * started.
 */
function pickByName<T>(items: T[], wanted: string, nameOf: (item: T) => string): T | undefined {
  const needle = wanted.toLowerCase();
  const exact = items.filter((i) => nameOf(i).toLowerCase() === needle);
  if (exact.length > 0) return exact.at(-1);
  return items.filter((i) => nameOf(i).toLowerCase().includes(needle)).at(-1);
}

/** docs/CONTRACT.md "Target selection": --app, --pid, --window, --ref, or the focused window. */
export async function resolveTarget(
  adapter: PlatformAdapter,
  target: TargetOptions,
  budget: Budget,
): Promise<ResolvedTarget> {
  if (target.ref !== undefined) return { root: target.ref, kind: 'ref' };

  if (target.app !== undefined || target.pid !== undefined) {
    const apps = await adapter.applications(budget.remainingMs());
    const app =
      target.pid !== undefined
        ? apps.filter((a) => a.pid === target.pid).at(-1)
        : pickByName(apps, target.app!, (a) => a.name);
    if (!app) {
      const what = target.pid !== undefined ? `pid ${target.pid}` : `'${target.app}'`;
      throw new LambError('TARGET_NOT_FOUND', `resolve target (lam-bridge): no application ${what}; ${describeRunning(apps)}`);
    }
    return { root: app.ref, kind: 'app' };
  }

  const windows = await adapter.windows(budget.remainingMs());
  let window: WindowInfo | undefined;
  if (target.window !== undefined) {
    window = pickByName(windows, target.window, (w) => w.title);
  } else {
    // Without a window manager (Xvfb) nothing may be ACTIVE; a single window is then unambiguous.
    window = windows.filter((w) => w.focused).at(-1) ?? (windows.length === 1 ? windows[0] : undefined);
  }
  if (!window) {
    const titles = windows.map((w) => `'${w.title}' (${w.app})`).join(', ') || 'none';
    const what = target.window !== undefined ? `no window titled like '${target.window}'` : 'no focused window';
    const apps = await adapter.applications(budget.remainingMs());
    // A Chromium or Electron app with its accessibility off lists no windows: say so, and how to turn it on.
    const dark = apps.filter((a) => isChromiumToolkit(a) && !windows.some((w) => w.pid !== null && w.pid === a.pid));
    const hint = dark.length === 0 ? '' : `; ${dark.map((a) => `'${a.name}'`).join(', ')} lists no windows; if it shows windows on screen, ${CHROMIUM_ACCESSIBILITY_HINT}`;
    throw new LambError('TARGET_NOT_FOUND', `resolve target (lam-bridge): ${what}; windows: ${titles}; ${describeRunning(apps)}${hint}`);
  }
  return { root: window.ref, kind: 'window' };
}
