import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LambError } from '../../model/errors.js';
import type { OfficeConnection, OfficeObject } from '../office-bridge.js';

/*
 * A headless soffice the bridge starts and owns (docs/OFFICE.md "LibreOffice on Linux"): a private profile (so
 * it never hands its request to a LibreOffice the user runs, and the user's settings stay untouched), a pipe of
 * its own, started on first use and reused, restarted after a crash, and stopped on dispose or when this
 * process exits. /usr/bin/soffice is the wrapper script, not soffice.bin: a fresh profile's first run exits 81
 * ("restart") and the wrapper starts it again.
 */

export const SOFFICE_PATH = '/usr/bin/soffice';
export const SOFFICE_INSTALL_LINE =
  'apt-get install -y --no-install-recommends libreoffice-writer libreoffice-calc libreoffice-impress';

export interface SofficeOptions {
  /** The soffice to run (default /usr/bin/soffice). */
  command?: string;
  /** How long a start may take until it accepts connections (ms, default 60,000: a cold disk is slow). */
  startTimeoutMs?: number;
  /** The profile directory (default a fresh one under the per-user cache dir, removed on stop). */
  profileDir?: string;
}

/** The UNO connection string of a pipe (the connect op's target). */
export function unoPipeTarget(pipe: string): string {
  return `uno:pipe,name=${pipe};urp;StarOffice.ComponentContext`;
}

/** Where the bridge keeps its soffice profiles: $XDG_CACHE_HOME/lam-bridge, else ~/.cache/lam-bridge. */
export function officeCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || (homedir() ? join(homedir(), '.cache') : tmpdir());
  return join(base, 'lam-bridge', 'soffice');
}

let counter = 0;
const live = new Set<Soffice>();
let exitHookInstalled = false;

/** A child must die with us: no orphaned soffice after a test run or a CLI call. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  const killAll = () => {
    for (const s of live) s.killNow();
  };
  process.on('exit', killAll);
  // A signal's default action ends the process without 'exit': where nobody else handles it, kill ours, then
  // let the signal do what it would have done.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      if (process.listenerCount(signal) > 0) return;
      killAll();
      process.kill(process.pid, signal);
    });
  }
}

/** The Desktop and component context of a connected soffice. */
export interface UnoRoot {
  context: OfficeObject;
  desktop: OfficeObject;
}

export class Soffice {
  readonly command: string;
  readonly startTimeoutMs: number;
  private readonly ownProfile: boolean;
  readonly profileDir: string;
  private pipeName: string;
  private child: ChildProcess | null = null;
  private starting: Promise<void> | null = null;
  private exited = true;
  /** Starts so far (1 after the first, 2 after a restart ...). */
  starts = 0;

  constructor(options: SofficeOptions = {}) {
    this.command = options.command ?? SOFFICE_PATH;
    this.startTimeoutMs = options.startTimeoutMs ?? 60_000;
    this.ownProfile = options.profileDir === undefined;
    const id = `${process.pid}-${Date.now().toString(36)}-${counter++}`;
    this.profileDir = options.profileDir ?? join(officeCacheDir(), `profile-${id}`);
    this.pipeName = `lamb-${id}`;
  }

  /** The pipe this soffice accepts on. */
  get pipe(): string {
    return this.pipeName;
  }
  get target(): string {
    return unoPipeTarget(this.pipeName);
  }
  /** soffice's process id (the wrapper's: it execs soffice.bin), or null when not running. */
  get pid(): number | null {
    return this.child && !this.exited ? (this.child.pid ?? null) : null;
  }
  get running(): boolean {
    return this.child !== null && !this.exited;
  }

  /**
   * Running and accepting: starts it when it is not (the first use, or after it died), and connects through
   * `connection`, returning the component context and the Desktop.
   */
  async ensure(connection: OfficeConnection): Promise<UnoRoot> {
    if (!this.running) await this.start(connection);
    return connectRoot(connection, this.target);
  }

  private async start(connection: OfficeConnection): Promise<void> {
    this.starting ??= this.spawnAndWait(connection).finally(() => {
      this.starting = null;
    });
    return this.starting;
  }

  private async spawnAndWait(connection: OfficeConnection): Promise<void> {
    if (!existsSync(this.command)) {
      throw new LambError('OFFICE_UNAVAILABLE', `LibreOffice is not installed (${this.command} is missing); install it with: ${SOFFICE_INSTALL_LINE}`);
    }
    mkdirSync(this.profileDir, { recursive: true });
    // A new pipe name per start: a dying soffice's pipe file must not be mistaken for the new one's.
    if (this.starts > 0) this.pipeName = `${this.pipeName.replace(/-r\d+$/, '')}-r${this.starts}`;
    const args = [
      '--headless',
      '--invisible',
      '--norestore',
      '--nologo',
      '--nodefault',
      '--nolockcheck',
      `--accept=pipe,name=${this.pipeName};urp;`,
      `-env:UserInstallation=${pathToFileURL(this.profileDir).href}`,
    ];
    // Its own process group, so stop() reaches the wrapper and soffice.bin alike.
    const child = spawn(this.command, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true, env: sofficeEnv() });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      if (stderr.length < 4000) stderr += d.toString();
    });
    this.child = child;
    this.exited = false;
    this.starts++;
    live.add(this);
    installExitHook();
    let exitCode: number | null = null;
    child.on('exit', (code, signal) => {
      exitCode = code ?? (signal ? -1 : 0);
      if (this.child === child) this.exited = true;
    });
    child.unref();
    (child.stderr as { unref?: () => void } | null)?.unref?.();

    const deadline = Date.now() + this.startTimeoutMs;
    let last: unknown = null;
    while (Date.now() < deadline) {
      if (this.child === child && this.exited) {
        throw new LambError('APP_NOT_RUNNING', `soffice exited with code ${exitCode} before accepting connections${stderr ? `: ${stderr.trim()}` : ''}`);
      }
      try {
        // connect answers APP_NOT_RUNNING until the pipe accepts.
        const ctx = await connection.connect(this.target);
        await ctx.release();
        return;
      } catch (e) {
        if (!(e instanceof LambError) || e.code !== 'APP_NOT_RUNNING') {
          this.killNow();
          throw e;
        }
        last = e;
      }
      await sleep(150);
    }
    this.killNow();
    throw new LambError('TIMEOUT', `soffice did not accept connections within ${this.startTimeoutMs} ms (${(last as Error | null)?.message ?? ''})`);
  }

  /** Stops it: terminate (soffice writes its profile), then kill after a grace period. Idempotent. */
  async stop(graceMs = 3000): Promise<void> {
    const child = this.child;
    if (child && !this.exited) {
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      signalGroup(child, 'SIGTERM');
      const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs);
      await gone;
      clearTimeout(timer);
      // soffice.bin may outlive the wrapper by a moment; its group goes with it.
      signalGroup(child, 'SIGKILL');
    }
    this.child = null;
    this.exited = true;
    live.delete(this);
    if (this.ownProfile) rmSync(this.profileDir, { recursive: true, force: true });
  }

  /** Synchronous kill for the exit handler (no time to wait there). */
  killNow(): void {
    if (this.child && !this.exited) signalGroup(this.child, 'SIGKILL');
    if (this.ownProfile && !this.running) {
      try {
        rmSync(this.profileDir, { recursive: true, force: true });
      } catch {
        // best effort at exit
      }
    }
  }
}

/** Connects to a soffice at `target` and gets its Desktop (both as live objects). */
export async function connectRoot(connection: OfficeConnection, target: string): Promise<UnoRoot> {
  const context = await connection.connect(target);
  const smgr = await context.obj('getServiceManager');
  const desktop = await smgr.obj('createInstanceWithContext', 'com.sun.star.frame.Desktop', context.ref);
  return { context, desktop };
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

/** soffice must not find the test desktop's display: headless means no X connection at all. */
function sofficeEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.SAL_USE_VCLPLUGIN;
  return env;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
