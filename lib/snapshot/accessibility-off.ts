import { LambError, type AppInfo, type SnapshotData } from '../model/index.js';
import type { PlatformAdapter } from '../platform/platform-adapter.js';
import type { Budget } from './budget.js';

/**
 * Chromium, and every Electron app (VS Code, Slack, Teams), builds its accessibility tree only when asked to:
 * started without the switch it lists itself on the bus with nothing below (or does not register at all).
 * The toolkit names it reports; Electron apps report Chromium's.
 */
const CHROMIUM_TOOLKITS = /^(chromium|chrome|electron)$/i;

export const CHROMIUM_ACCESSIBILITY_HINT =
  'its accessibility is off: start it with --force-renderer-accessibility on its command line ' +
  '(Chromium, Chrome and Electron apps alike, e.g. `code --force-renderer-accessibility`), ' +
  'or with ACCESSIBILITY_ENABLED=1 in its environment';

export function isChromiumToolkit(app: AppInfo): boolean {
  return app.toolkit !== null && CHROMIUM_TOOLKITS.test(app.toolkit);
}

/**
 * A snapshot that is one childless node of a Chromium-based app says nothing a model can act on, and looks
 * like an empty app rather than a switched-off one: TARGET_NOT_FOUND, with how to turn accessibility on.
 * Asks for the app's toolkit only in that case, so ordinary snapshots make no extra call.
 */
export async function rejectSwitchedOffChromium(adapter: PlatformAdapter, data: SnapshotData, budget: Budget): Promise<void> {
  const root = data.nodes[0];
  if (data.nodes.length !== 1 || root === undefined || root.childCount !== 0 || data.app.pid === null) return;
  const app = (await adapter.applications(budget.remainingMs())).find((a) => a.pid === data.app.pid);
  if (!app || !isChromiumToolkit(app)) return;
  throw new LambError(
    'TARGET_NOT_FOUND',
    `snapshot (lam-bridge): '${app.name}' (pid ${data.app.pid}, toolkit ${app.toolkit}) exposes a single node and no windows; if it shows windows on screen, ${CHROMIUM_ACCESSIBILITY_HINT}`,
  );
}
