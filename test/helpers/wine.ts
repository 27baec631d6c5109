/**
 * Runs Windows programs under Wine 10 in the chroot that test/wine/global-setup.ts prepared (scripts/wine10.sh):
 * Windows node.exe on a script (runUnderWine), or any .exe that must keep running while a test works on it
 * (startUnderWine). The global setup exports where everything is through LAMB_WINE_* variables, which every test
 * worker inherits; a helper that needs a Wine prefix of its own sets LAMB_WINEPREFIX before the run (the global
 * setup copies a missing prefix from the initialised /root/.wine) or passes `prefix` here.
 *
 * Why a file for stdout: node.exe under Wine dies with "open EBADF" when its stdout is a pipe.
 * Why a clean environment (env -i): host variables such as NODE_EXTRA_CA_CERTS or NODE_OPTIONS would otherwise
 * reach the Windows program (Wine imports the Unix environment into the Windows one). Variables given in `env`
 * are passed on, and appear in the Windows program's environment at launch (the addon's getenv reads that, not
 * later process.env changes).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What the global setup exported, or why Wine is not available (then tests skip with that reason). */
export interface WineEnvironment {
  /** The chroot on the host. */
  root: string;
  /** The Wine prefix inside the chroot. */
  prefix: string;
  /** The X display number of the run's Xvfb. */
  display: string;
  /** node.exe, as a Windows path. */
  nodeExe: string;
}

/** Why the Wine tests skip (not root, not Linux), or null. A failed setup is no reason to skip: see wineEnvironment. */
export function wineSkipReason(): string | null {
  if (process.env.LAMB_WINE_SKIP) return process.env.LAMB_WINE_SKIP;
  if (process.env.LAMB_WINE_SETUP_ERROR) return null;
  if (!process.env.LAMB_WINE_ROOT) return 'no Wine environment (test/wine/global-setup.ts did not run)';
  return null;
}

export function wineEnvironment(): WineEnvironment {
  if (process.env.LAMB_WINE_SETUP_ERROR) throw new Error(`the Wine setup failed: ${process.env.LAMB_WINE_SETUP_ERROR}`);
  const reason = wineSkipReason();
  if (reason) throw new Error(`Wine is not available: ${reason}`);
  return {
    root: process.env.LAMB_WINE_ROOT!,
    prefix: process.env.LAMB_WINEPREFIX ?? '/root/.wine',
    display: process.env.LAMB_WINE_DISPLAY!,
    nodeExe: process.env.LAMB_WINE_NODE ?? 'C:\\node\\node.exe',
  };
}

/** A host path as Windows sees it: the repo and /tmp are mounted at their own paths in the chroot (drive Z:). */
export function toWinePath(hostPath: string): string {
  return 'Z:' + hostPath.replace(/\//g, '\\');
}

export interface WineRunOptions {
  /** Killed (the whole process group) after this long; the result then has timedOut. Default 60 s. */
  timeoutMs?: number;
  /** Extra environment variables for the Windows program. */
  env?: Record<string, string>;
  /** A Wine prefix inside the chroot other than LAMB_WINEPREFIX's. */
  prefix?: string;
}

export interface WineRunResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  durationMs: number;
}

/** The command line that runs `program args` in the chroot with Wine's clean environment. */
function chrootCommand(program: string, args: string[], options: WineRunOptions): string[] {
  const wine = wineEnvironment();
  const extra = Object.entries(options.env ?? {}).map(([k, v]) => `${k}=${v}`);
  return [
    wine.root,
    'env',
    '-i',
    'PATH=/usr/local/bin:/usr/bin:/bin',
    'HOME=/root',
    'LANG=C.UTF-8',
    `WINEPREFIX=${options.prefix ?? wine.prefix}`,
    'WINEARCH=win64',
    `WINEDEBUG=${process.env.LAMB_WINEDEBUG ?? '-all'}`,
    // No Mono/Gecko install dialogs (they hang under Xvfb), and no crash debugger (it waits for a user).
    'WINEDLLOVERRIDES=mscoree,mshtml=;winedbg.exe=d',
    `DISPLAY=:${wine.display}`,
    ...extra,
    'wine',
    program,
    ...args,
  ];
}

/**
 * Runs Windows node.exe on `scriptPath` (a host path, e.g. test/wine/scripts/x.cjs) with `args` (already in the
 * form the script wants: convert paths with toWinePath). Each launch costs ~0.3–3 s: batch many checks per script.
 */
export async function runUnderWine(scriptPath: string, args: string[], options: WineRunOptions = {}): Promise<WineRunResult> {
  const wine = wineEnvironment();
  return runProgram(wine.nodeExe, [toWinePath(scriptPath), ...args], options);
}

/** Runs any Windows program to its end (see runUnderWine). */
export async function runProgram(program: string, args: string[], options: WineRunOptions = {}): Promise<WineRunResult> {
  const dir = mkdtempSync(join(tmpdir(), 'lamb-wine-run-'));
  const outFile = join(dir, 'stdout.txt');
  const errFile = join(dir, 'stderr.txt');
  const out = openSync(outFile, 'w');
  const err = openSync(errFile, 'w');
  const t0 = Date.now();
  let child: ChildProcess;
  try {
    // detached: its own process group, so a timeout kills wine's helpers with it.
    child = spawn('chroot', chrootCommand(program, args, options), { stdio: ['ignore', out, err], detached: true });
  } finally {
    closeSync(out);
    closeSync(err);
  }
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup(child, 'SIGKILL');
  }, options.timeoutMs ?? 60_000);
  const exit = await new Promise<{ status: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (status, signal) => resolve({ status, signal }));
  }).finally(() => clearTimeout(timer));
  const result: WineRunResult = {
    ...exit,
    stdout: readFileSync(outFile, 'utf8'),
    stderr: readFileSync(errFile, 'utf8'),
    timedOut,
    durationMs: Date.now() - t0,
  };
  rmSync(dir, { recursive: true, force: true });
  return result;
}

export interface WineProgram {
  /** The host PID of the program's Wine process (SIGSTOP/SIGCONT it to freeze the app). */
  pid: number;
  /** stdout and stderr so far. */
  output(): string;
  /** Kills it (its process group) and waits for the exit. */
  stop(): Promise<void>;
  exited: Promise<{ status: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts a Windows program (a test app) that keeps running while the test drives it; stop() ends it. */
export function startUnderWine(program: string, args: string[], options: WineRunOptions = {}): WineProgram {
  const dir = mkdtempSync(join(tmpdir(), 'lamb-wine-app-'));
  const outFile = join(dir, 'output.txt');
  const fd = openSync(outFile, 'w');
  let child: ChildProcess;
  try {
    child = spawn('chroot', chrootCommand(program, args, options), { stdio: ['ignore', fd, fd], detached: true });
  } finally {
    closeSync(fd);
  }
  const exited = new Promise<{ status: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (status, signal) => resolve({ status, signal })),
  );
  return {
    pid: child.pid!,
    output: () => readFileSync(outFile, 'utf8'),
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        killGroup(child, 'SIGCONT'); // a frozen (SIGSTOPped) program must run to die cleanly
        killGroup(child, 'SIGKILL');
      }
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}
