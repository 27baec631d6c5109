/**
 * `lamb desktop run -- CMD`: a private desktop (and apps) for the life of one command. The command's exit
 * code is passed through; a signal to us is passed on to the command unless it has had it already
 * (forwardSignal), and the desktop is stopped afterwards in every case (a second signal stops waiting for a
 * slow start-up step; the guards clean up the rest).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { constants as osConstants } from 'node:os';
import type { AppKind } from './app-specs.js';
import { startDesktopSession, type DesktopSession } from './desktop-session.js';
import { readStat, StartCancelled } from './process-group.js';

export function exitCodeForSignal(sig: NodeJS.Signals): number {
  return 128 + (osConstants.signals[sig] ?? 15);
}

/**
 * Whether a signal we received should be passed on to the command (which runs in our process group, on our
 * terminal). SIGTERM and SIGHUP: yes, they were sent to us. SIGINT: only if it cannot have come from the
 * terminal. Ctrl-C makes the terminal send SIGINT to its whole foreground process group, so a command in that
 * group has already had it, and a second one would count twice (a REPL or a test runner that stops on the
 * second Ctrl-C would be killed by the first). So SIGINT is passed on only when the command is not in its
 * terminal's foreground group: no terminal (a script's `kill -INT`), a background job, a group of its own.
 * The cost: a `kill -INT` aimed at us while we are in the foreground is not passed on (a second signal stops
 * the desktop and exits).
 */
export function forwardSignal(sig: NodeJS.Signals, childPid: number | undefined): boolean {
  if (sig !== 'SIGINT') return true;
  const st = childPid === undefined ? null : readStat(childPid);
  if (!st) return true;
  return st.tpgid <= 0 || st.pgid !== st.tpgid;
}

export interface RunOnDesktopOptions {
  apps?: AppKind[];
  log?: (msg: string) => void;
}

export async function runOnDesktop(command: string[], options: RunOnDesktopOptions = {}): Promise<number> {
  const log = options.log ?? ((msg: string) => process.stderr.write(`[lam-bridge desktop] ${msg}\n`));
  const [cmd, ...args] = command;
  if (cmd === undefined) throw new Error('runOnDesktop: no command given');
  let session: DesktopSession | null = null;
  let child: ChildProcess | null = null;
  let signalled: NodeJS.Signals | null = null;
  const onSignal = (sig: NodeJS.Signals) => {
    if (signalled) {
      void (session?.stop() ?? Promise.resolve()).then(() => process.exit(exitCodeForSignal(sig)));
      return;
    }
    signalled = sig;
    log(`${sig}: stopping`);
    if (child && child.exitCode === null && forwardSignal(sig, child.pid)) child.kill(sig);
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const s of signals) process.on(s, onSignal);
  try {
    try {
      session = await startDesktopSession({ apps: options.apps ?? [], log, cancelled: () => signalled !== null });
    } catch (err) {
      if (signalled && err instanceof StartCancelled) return exitCodeForSignal(signalled);
      throw err;
    }
    if (signalled) return exitCodeForSignal(signalled);
    const c = spawn(cmd, args, { stdio: 'inherit', env: session.env });
    child = c;
    return await new Promise<number>((res) => {
      c.on('error', (err) => {
        log(`cannot run ${cmd}: ${err.message}`);
        res(127);
      });
      c.on('exit', (status, sig) => res(sig ? exitCodeForSignal(sig) : (status ?? 1)));
    });
  } finally {
    await session?.stop();
    for (const s of signals) process.off(s, onSignal);
  }
}
