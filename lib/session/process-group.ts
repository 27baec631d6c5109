/**
 * Process control for the headless desktop: every program it starts runs in a process group of its own, so
 * that stopping it takes down the whole subtree (the a11y dbus-daemon and at-spi2-registryd are children of
 * at-spi-bus-launcher; D-Bus activated services inherit the session bus daemon's group; soffice.bin is a
 * child of oosplash). Linux only: groups are read from /proc.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync, readdirSync, readSync, fstatSync } from 'node:fs';

export const STOP_GRACE_MS = 3000;

/** Thrown by start-up steps when their caller's cancelled() says so (a signal arrived): what was started is stopped. */
export class StartCancelled extends Error {
  constructor() {
    super('start-up cancelled');
    this.name = 'StartCancelled';
  }
}

export const sleep = (ms: number): Promise<void> => new Promise<void>((r) => setTimeout(r, ms));

export interface Spawned {
  child: ChildProcess;
  pid: number;
  /** Last ~16 KB of the program's output, for error messages. */
  tail(): string;
  exited(): boolean;
  exitDescription(): string;
  /** Stop the guard process: the group has been dealt with, or is meant to outlive this process. */
  disarm(): void;
}

export interface SpawnOptions {
  /**
   * Write stdout and stderr to this file instead of keeping them in memory. A program that must outlive this
   * process needs it: once we exit, a pipe has no reader and its next log line would kill it with SIGPIPE.
   */
  logFile?: string;
  /** Directories the guard removes when it has to clean up after a dead caller. */
  removeDirsIfOrphaned?: string[];
}

/**
 * If our process dies without stopping what it started (vitest killed, SIGKILL, crash), a small guard shell
 * notices its stdin pipe closing and kills the whole process group, then SIGKILLs whatever ignored SIGTERM.
 * A per-process PR_SET_PDEATHSIG (setpriv --pdeathsig) is not enough: it only reaches the direct child, and
 * LibreOffice's oosplash hangs when it alone gets SIGTERM. scripts/run-tests.mjs spares shells named
 * 'lamb-guard' when it stops a hung vitest, so that they can do this job.
 */
function startGuard(pgid: number, removeDirs: string[] = []): ChildProcess | null {
  try {
    const script =
      'read _ignored; kill -TERM -"$1" 2>/dev/null; sleep 3; kill -KILL -"$1" 2>/dev/null; shift; [ $# -eq 0 ] || rm -rf -- "$@"';
    const guard = spawn('sh', ['-c', script, 'lamb-guard', String(pgid), ...removeDirs], {
      detached: true,
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    guard.on('error', () => undefined);
    guard.stdin?.on('error', () => undefined);
    guard.unref();
    (guard.stdin as unknown as { unref?: () => void } | null)?.unref?.();
    return guard;
  } catch {
    return null;
  }
}

function fileTail(path: string, bytes = 16384): string {
  let fd: number | null = null;
  try {
    fd = openSync(path, 'r');
    const size = fstatSync(fd).size;
    const length = Math.min(size, bytes);
    const buf = Buffer.alloc(length);
    readSync(fd, buf, 0, length, size - length);
    return buf.toString('utf8');
  } catch {
    return '';
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** Starts a program as the leader of a new process group (and session), watched by a guard. */
export function spawnInGroup(command: string, args: string[], env: NodeJS.ProcessEnv, opts: SpawnOptions = {}): Spawned {
  const logFd = opts.logFile === undefined ? null : openSync(opts.logFile, 'a', 0o600);
  let child: ChildProcess;
  try {
    child = spawn(command, args, {
      env,
      detached: true,
      stdio: logFd === null ? ['ignore', 'pipe', 'pipe'] : ['ignore', logFd, logFd],
    });
  } finally {
    // The child has its own copy of the descriptor.
    if (logFd !== null) closeSync(logFd);
  }
  let buf = '';
  const keep = (chunk: Buffer) => {
    buf += chunk.toString('utf8');
    if (buf.length > 32768) buf = buf.slice(-16384);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exitInfo: string | null = null;
  child.on('exit', (code, signal) => {
    exitInfo = signal ? `killed by ${signal}` : `exited with code ${code}`;
  });
  child.on('error', (err) => {
    exitInfo = `failed to start: ${err.message}`;
  });
  // Do not let these children keep a forgetful caller's event loop alive; the guard cleans up once that
  // caller exits.
  child.unref();
  for (const s of [child.stdout, child.stderr]) (s as unknown as { unref?: () => void } | null)?.unref?.();
  if (child.pid === undefined) {
    // spawn() reports ENOENT only later, as an event; fail here with a clear message.
    throw new Error(`cannot start ${command}: not found or not executable (is its package installed?)`);
  }
  const pid = child.pid;
  const guard = startGuard(pid, opts.removeDirsIfOrphaned);
  const logFile = opts.logFile;
  return {
    child,
    pid,
    disarm: () => {
      if (guard && guard.exitCode === null) guard.kill('SIGKILL');
    },
    tail: () => (logFile === undefined ? buf.slice(-16384) : fileTail(logFile)),
    exited: () => exitInfo !== null,
    exitDescription: () => exitInfo ?? 'running',
  };
}

export interface ProcStat {
  pid: number;
  ppid: number;
  pgid: number;
  /** Foreground process group of the process's controlling terminal; -1 without one. */
  tpgid: number;
  state: string;
  /** Start time in clock ticks after boot: with the pid, it names one process for the life of the machine. */
  startTime: number;
}

export function readStat(pid: number): ProcStat | null {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm may contain spaces and parentheses: fields start after the last ')'.
    const rest = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return { pid, state: rest[0] ?? '?', ppid: Number(rest[1]), pgid: Number(rest[2]), tpgid: Number(rest[5]), startTime: Number(rest[19]) };
  } catch {
    return null;
  }
}

/** A process that exists and is not a zombie. */
export function processAlive(pid: number): boolean {
  const st = readStat(pid);
  if (st) return st.state !== 'Z' && st.state !== 'X';
  if (procReadable()) return false;
  // No /proc: a successful kill(pid, 0) is all we can know.
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function procReadable(): boolean {
  try {
    readdirSync('/proc');
    return true;
  } catch {
    return false;
  }
}

/** Live (non-zombie) members of a process group. kill(-pgid, 0) is not enough: it succeeds for zombies nobody has reaped yet. */
export function groupMembers(pgid: number): number[] {
  const out: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return groupAliveBySignal(pgid) ? [pgid] : [];
  }
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    const st = readStat(Number(e));
    if (st && st.pgid === pgid && st.state !== 'Z' && st.state !== 'X') out.push(st.pid);
  }
  return out;
}

function groupAliveBySignal(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * A number that can name a process group we may signal: process.kill(-1) would signal every process we may
 * signal, and -0 our own group. Records from disk pass through here, so this is checked, not assumed.
 */
export function signallableGroup(pgid: number): boolean {
  return Number.isSafeInteger(pgid) && pgid >= 2;
}

function signalGroup(pgid: number, sig: NodeJS.Signals): void {
  if (!signallableGroup(pgid)) return;
  try {
    process.kill(-pgid, sig);
  } catch {
    // ESRCH: already gone. EPERM: not ours (a recorded group whose number was reused), leave it alone.
  }
}

/** SIGTERM the group, wait, then SIGKILL what is left. Never throws. */
export async function killGroup(pgid: number, graceMs = STOP_GRACE_MS): Promise<void> {
  if (!signallableGroup(pgid) || groupMembers(pgid).length === 0) return;
  signalGroup(pgid, 'SIGTERM');
  // A stopped process (tests SIGSTOP apps) would only act on SIGTERM once continued.
  signalGroup(pgid, 'SIGCONT');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (groupMembers(pgid).length === 0) return;
    await sleep(50);
  }
  signalGroup(pgid, 'SIGKILL');
  const killDeadline = Date.now() + 2000;
  while (Date.now() < killDeadline && groupMembers(pgid).length > 0) await sleep(50);
}

export function isAncestor(ancestor: number, pid: number): boolean {
  let cur: number | undefined = pid;
  for (let i = 0; i < 64 && cur && cur > 1; i++) {
    if (cur === ancestor) return true;
    cur = readStat(cur)?.ppid;
  }
  return false;
}
