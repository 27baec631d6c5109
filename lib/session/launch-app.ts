/**
 * Launches a real application on a desktop and waits until it is usable on the AT-SPI bus: registered under
 * the expected name, owned by the process we started (not someone else's instance of the same program), and
 * showing a window.
 */
import { describeApp, atspiAppProperty, atspiChildren, resolveAtspiAddress, type AtspiApp } from './atspi-bus-probe.js';
import type { AppSpec } from './app-specs.js';
import { groupMembers, isAncestor, killGroup, readStat, sleep, spawnInGroup, StartCancelled } from './process-group.js';
import { withAccessibility } from './toolkit-accessibility.js';

export interface RunningApp {
  /** PID of the process that owns the AT-SPI connection (soffice.bin, not the soffice wrapper). */
  pid: number;
  busName: string;
  atspiName: string;
  /** Process groups to stop it by (the launched program's, and one the app moved to, if any). */
  groups: number[];
  stop(): Promise<void>;
  /** Stop the guard shell, so that the app outlives this process: once it is recorded (`lamb desktop start`). */
  disarm(): void;
}

export interface LaunchOptions {
  /** Output to this file instead of memory; needed when the app outlives this process. */
  logFile?: string;
  /** Checked while waiting: true (a signal arrived) stops the app and throws StartCancelled. */
  cancelled?: () => boolean;
}

export async function launchApp(spec: AppSpec, env: NodeJS.ProcessEnv, options: LaunchOptions = {}): Promise<RunningApp> {
  await spec.prepare?.();
  const address = await resolveAtspiAddress(env);
  // Only an application that was not on the bus before counts: the same program may already be running
  // (another test, a previous launch).
  const before = new Set(await atspiChildren(address));
  const launch = withAccessibility(spec.toolkit, { ...env, ...spec.env }, spec.args);
  const t0 = Date.now();
  const proc = spawnInGroup(spec.command, launch.args, launch.env, options.logFile === undefined ? {} : { logFile: options.logFile });
  const pgids = new Set<number>([proc.pid]);

  const stopApp = async (): Promise<void> => {
    for (const g of pgids) await killGroup(g);
    proc.disarm();
  };

  const rejected = new Set<string>();
  const deadline = t0 + spec.startupTimeoutMs;
  let candidate: AtspiApp | null = null;
  let ready = false;
  let waitingFor = 'to appear on the AT-SPI bus';
  let lastSeenName: string | null = null;
  try {
    while (Date.now() < deadline) {
      if (options.cancelled?.()) throw new StartCancelled();
      // A launcher may exit after handing off to a child in its group, so only an exit with nothing left in
      // the group is fatal.
      if (proc.exited() && groupMembers(proc.pid).length === 0) {
        const hint = proc.child.exitCode === 0 ? ' (did it pass its request to an instance that was already running?)' : '';
        throw new Error(`${spec.name} ${proc.exitDescription()} before it was ready on the AT-SPI bus${hint}`);
      }
      const names = await atspiChildren(address).catch(() => [] as string[]);
      if (candidate && !names.includes(candidate.busName)) {
        // e.g. LibreOffice restarting itself after creating a fresh profile.
        candidate = null;
      }
      if (!candidate) {
        for (const busName of names) {
          if (before.has(busName) || rejected.has(busName)) continue;
          const app = await describeApp(address, busName);
          if (!app) continue;
          const st = app.pid === null ? null : readStat(app.pid);
          const ours = st === null || st.pgid === proc.pid || isAncestor(proc.pid, st.pid);
          if (!ours) {
            // Someone else's application (another test or desktop user).
            rejected.add(busName);
            continue;
          }
          // Not final: the Name is read from the toolkit on each request, and a program may set it only
          // after it has registered.
          if (!spec.atspiName.test(app.name)) {
            lastSeenName = app.name;
            continue;
          }
          candidate = app;
          // An app that moved to a group of its own must be stopped there too; never our own group, which
          // would take this process down with it.
          const g = st?.pgid;
          if (g && g > 1 && g !== readStat(process.pid)?.pgid) pgids.add(g);
          break;
        }
      }
      if (candidate) {
        if (spec.requireWindow === false) {
          ready = true;
          break;
        }
        waitingFor = 'to show a window on the AT-SPI bus';
        try {
          const m = /(-?\d+)/.exec(await atspiAppProperty(address, candidate.busName, 'ChildCount'));
          if (m && Number(m[1]) > 0) {
            ready = true;
            break;
          }
        } catch {
          // Not answering yet (or gone: the next round notices).
        }
      }
      await sleep(100);
    }
    if (!candidate || !ready) {
      const seen = lastSeenName === null ? '' : ` (its AT-SPI name was '${lastSeenName}', expected ${spec.atspiName})`;
      throw new Error(`${spec.name} did not manage ${waitingFor} within ${spec.startupTimeoutMs} ms${seen}`);
    }
  } catch (err) {
    const state = proc.exitDescription();
    await stopApp();
    if (err instanceof StartCancelled) throw err;
    const tail = proc.tail().trim().split('\n').slice(-30).join('\n');
    throw new Error(
      `${(err as Error).message} (command: ${spec.command} ${launch.args.join(' ')}; process ${state}; ` +
        `DISPLAY=${env.DISPLAY ?? '(unset)'})\n--- ${spec.name} output (tail) ---\n${tail || '(none)'}`,
    );
  }
  const found = candidate;
  let stopping: Promise<void> | null = null;
  return {
    pid: found.pid ?? proc.pid,
    busName: found.busName,
    atspiName: found.name,
    groups: [...pgids],
    stop: () => (stopping ??= stopApp()),
    disarm: () => proc.disarm(),
  };
}
