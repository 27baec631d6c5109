import { LambError } from '../../model/index.js';
import {
  APP_KINDS,
  DESKTOP_ENV_VARS,
  desktopStatus,
  exitCodeForSignal,
  ensureSystemPackages,
  isAppKind,
  isOfficeKind,
  recordSession,
  runOnDesktop,
  StartCancelled,
  startDesktopSession,
  stateDir,
  stopRecordedDesktop,
  type AppKind,
  type PackageGroup,
} from '../../session/index.js';
import { printResult, progress, runCommand } from '../output.js';

/** `lamb desktop start`: a desktop that outlives the command; prints the environment to export. */
export function desktopStart(flags: { apps?: string; name: string; json?: boolean }): Promise<void> {
  return runCommand(
    async () => {
      requireLinux('desktop start');
      const apps = parseApps(flags.apps);
      const status = await desktopStatus(flags.name);
      if (status.state === 'running' && status.record) {
        progress(`desktop '${flags.name}' already runs on ${status.record.env.DISPLAY}`);
        if (apps.length > 0) progress('--apps ignored: stop it first to start other apps');
        printResult(flags.json ? JSON.stringify(status.record, null, 2) : exportLines(status.record.env));
        return 0;
      }
      if (status.state === 'broken') {
        progress(`desktop '${flags.name}' is half gone (alive: ${describeAlive(status.alive)}): stopping what is left`);
        await stopRecordedDesktop(flags.name);
      }
      ensureSystemPackages(packageGroups(apps));
      // Until the record is written, the guard shells of everything started are armed (they stop it if this
      // process dies) and a signal stops what was started: nothing may run that no record names. A second
      // signal exits at once and leaves the rest to the guards.
      let signalled: NodeJS.Signals | null = null;
      const onSignal = (sig: NodeJS.Signals): void => {
        if (signalled) process.exit(exitCodeForSignal(sig));
        signalled = sig;
        progress(`${sig}: stopping what was started`);
      };
      const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
      for (const s of signals) process.on(s, onSignal);
      try {
        let session;
        try {
          session = await startDesktopSession({ apps, detached: true, log: progress, cancelled: () => signalled !== null });
        } catch (error) {
          if (signalled && error instanceof StartCancelled) return exitCodeForSignal(signalled);
          throw error;
        }
        let record;
        try {
          if (signalled) throw new StartCancelled();
          record = recordSession(flags.name, session);
        } catch (error) {
          await session.stop();
          if (signalled && error instanceof StartCancelled) return exitCodeForSignal(signalled);
          throw error;
        }
        // Recorded: from now on it is stopped through its PIDs (`lamb desktop stop`), not by the guards.
        session.disarm();
        printResult(flags.json ? JSON.stringify(record, null, 2) : exportLines(record.env));
        return 0;
      } finally {
        for (const s of signals) process.off(s, onSignal);
      }
    },
    { json: flags.json },
  );
}

/** `lamb desktop status`: exit 0 when the recorded desktop runs, 1 when not. */
export function desktopStatusCommand(flags: { name: string; json?: boolean }): Promise<void> {
  return runCommand(
    async () => {
      const status = await desktopStatus(flags.name);
      if (flags.json) printResult(JSON.stringify(status, null, 2));
      else if (status.state === 'running' && status.record)
        printResult(`running ${status.record.env.DISPLAY} (${describeAlive(status.alive)})`);
      else if (status.state === 'broken') printResult(`broken: some processes are gone (alive: ${describeAlive(status.alive)})`);
      else printResult('stopped');
      return status.state === 'running' ? 0 : 1;
    },
    { json: flags.json },
  );
}

/** `lamb desktop stop`: stops the recorded desktop by its PIDs and removes its files. */
export function desktopStop(flags: { name: string }): Promise<void> {
  return runCommand(async () => {
    const record = await stopRecordedDesktop(flags.name);
    if (record) progress(`stopped desktop '${flags.name}' (${record.env.DISPLAY})`);
    else progress(`no desktop '${flags.name}' is recorded in ${stateDir()}`);
    return 0;
  });
}

/** `lamb desktop run -- CMD`: CMD on a private desktop, stopped afterwards; CMD's exit code. */
export function desktopRun(command: string[], flags: { apps?: string }): Promise<void> {
  return runCommand(async () => {
    requireLinux('desktop run');
    const apps = parseApps(flags.apps);
    ensureSystemPackages(packageGroups(apps));
    return runOnDesktop(command, { apps, log: progress });
  });
}

function requireLinux(operation: string): void {
  if (process.platform !== 'linux')
    throw new LambError('UNSUPPORTED_PLATFORM', `${operation} (lamb): the headless desktop is Xvfb + D-Bus + AT-SPI, Linux only`);
}

function parseApps(list: string | undefined): AppKind[] {
  const names = (list ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  for (const n of names)
    if (!isAppKind(n)) throw new LambError('INVALID_ARGUMENT', `desktop (lamb): unknown app '${n}' (known: ${APP_KINDS.join(', ')})`);
  return names as AppKind[];
}

function packageGroups(apps: AppKind[]): PackageGroup[] {
  const groups: PackageGroup[] = apps.some(isOfficeKind) ? ['desktop', 'office'] : ['desktop'];
  if (apps.includes('chromium')) groups.push('chromium');
  return groups;
}

function describeAlive(alive: { role: string; pid: number }[]): string {
  return alive.map((p) => `${p.role} ${p.pid}`).join(', ') || 'none';
}

/** A value as one shell word: bare when safe, else single-quoted. */
function shellWord(value: string): string {
  return /^[A-Za-z0-9_.,:/=@%+-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** POSIX shell lines that point a shell at the desktop. */
function exportLines(env: Record<(typeof DESKTOP_ENV_VARS)[number], string>): string {
  const lines = DESKTOP_ENV_VARS.map((k) => `export ${k}=${shellWord(env[k])}`);
  // The desktop's XDG_RUNTIME_DIR may be a private one; later `lamb desktop` calls must still find the record.
  lines.push(`export LAMB_DESKTOP_STATE_DIR=${shellWord(stateDir())}`);
  // GTK apps started from this shell would otherwise stay invisible to AT-SPI.
  lines.push('unset NO_AT_BRIDGE');
  return lines.join('\n');
}
