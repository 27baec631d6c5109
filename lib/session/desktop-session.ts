/** A headless desktop together with the applications launched on it, started and stopped as one. */
import { join } from 'node:path';
import { appSpec, type AppKind } from './app-specs.js';
import { startHeadlessDesktop, type HeadlessDesktop } from './headless-desktop.js';
import { launchApp, type RunningApp } from './launch-app.js';
import { StartCancelled } from './process-group.js';

export interface DesktopSession {
  desktop: HeadlessDesktop;
  apps: { kind: AppKind; app: RunningApp }[];
  /** The caller's environment with the desktop's variables, for programs run on it. */
  env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
  /**
   * Stop the guard shells of the desktop and its apps, so that they outlive this process. A detached session
   * is disarmed by its caller only once it is recorded (`lamb desktop start`): a caller that dies before that
   * leaves nothing running that no record names.
   */
  disarm(): void;
}

export interface DesktopSessionOptions {
  apps?: AppKind[];
  /** Meant to outlive this process: programs log to files; the caller calls disarm() once it has recorded them. */
  detached?: boolean;
  log?: (msg: string) => void;
  /**
   * Checked during start-up (also while waiting for an app): true (a signal arrived) stops everything started
   * so far and throws StartCancelled.
   */
  cancelled?: () => boolean;
}

/** The caller's environment pointed at a desktop, minus what would hide apps from AT-SPI. */
export function desktopEnvironment(desktop: HeadlessDesktop, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base, ...desktop.env };
  // NO_AT_BRIDGE=1 makes GTK skip AT-SPI entirely: no app started from this environment would be seen.
  delete env.NO_AT_BRIDGE;
  return env;
}

export async function startDesktopSession(options: DesktopSessionOptions = {}): Promise<DesktopSession> {
  const log = options.log ?? ((msg: string) => process.stderr.write(`[lam-bridge desktop] ${msg}\n`));
  const cancelled = options.cancelled ?? (() => false);
  const desktop = await startHeadlessDesktop({ log, cancelled, ...(options.detached ? { detached: true } : {}) });
  const env = desktopEnvironment(desktop);
  const apps: DesktopSession['apps'] = [];
  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      for (const { app } of [...apps].reverse()) await app.stop().catch(() => undefined);
      // Also removes the office profiles, which live in the desktop's directory.
      await desktop.stop();
    })());
  try {
    for (const kind of options.apps ?? []) {
      if (cancelled()) throw new StartCancelled();
      const t = Date.now();
      const spec = appSpec(kind, join(desktop.sessionDir, `profile-${kind}`));
      const app = await launchApp(spec, env, { cancelled, ...(options.detached ? { logFile: join(desktop.sessionDir, `${kind}.log`) } : {}) });
      apps.push({ kind, app });
      log(`${kind}: AT-SPI app '${app.atspiName}' pid ${app.pid} (${app.busName}) in ${Date.now() - t} ms`);
    }
    if (cancelled()) throw new StartCancelled();
  } catch (err) {
    await stop();
    throw err;
  }
  const disarm = (): void => {
    desktop.disarm();
    for (const { app } of apps) app.disarm();
  };
  return { desktop, apps, env, stop, disarm };
}
