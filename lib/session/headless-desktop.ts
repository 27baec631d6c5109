/**
 * A private, headless Linux desktop: Xvfb + a private D-Bus session bus + the AT-SPI2 accessibility bus,
 * each in a process group of its own (process-group.ts). Used by `lamb desktop`, `lamb demo`, the test
 * global setup and the benchmarks.
 *
 * Two lifetimes: an attached desktop (the default) is cleaned up by guard shells if its creator dies without
 * calling stop(); a detached one (`lamb desktop start`) is meant to outlive its creator, so its programs log
 * to files, and its creator calls disarm() once it has recorded the PIDs (desktop-state.ts): until then the
 * guards stay armed, so a creator killed half-way leaves nothing behind. It is stopped later from its
 * recorded PIDs (stopDesktopProcesses).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { a11yAddressFromSession, atspiChildren, resolveAtspiAddress } from './atspi-bus-probe.js';
import { groupMembers, killGroup, sleep, spawnInGroup, StartCancelled, type Spawned } from './process-group.js';

export interface DesktopEnv {
  DISPLAY: string;
  DBUS_SESSION_BUS_ADDRESS: string;
  AT_SPI_BUS_ADDRESS: string;
  XDG_RUNTIME_DIR: string;
}

export const DESKTOP_ENV_VARS = ['DISPLAY', 'DBUS_SESSION_BUS_ADDRESS', 'AT_SPI_BUS_ADDRESS', 'XDG_RUNTIME_DIR'] as const;

/** What it takes to stop a desktop, from this process or another one. */
export interface DesktopProcesses {
  /** The X display number. */
  display: number;
  /** Process groups in start order: Xvfb, dbus-daemon, at-spi-bus-launcher (each leader's pid is its pgid). */
  groups: { role: string; pid: number }[];
  /** Temporary directory holding the bus socket, logs and (if needed) the runtime dir; removed on stop. */
  sessionDir: string;
}

export interface HeadlessDesktop extends DesktopProcesses {
  env: DesktopEnv;
  stop(): Promise<void>;
  /**
   * Stop the guard shells, so that the desktop outlives this process: for a detached desktop, once it is
   * recorded and can be stopped from its PIDs.
   */
  disarm(): void;
}

export interface StartDesktopOptions {
  width?: number;
  height?: number;
  log?: (msg: string) => void;
  /**
   * Meant to outlive this process (`lamb desktop start`): programs log to files instead of pipes. The guards
   * stay armed until the caller calls disarm(). Default false.
   */
  detached?: boolean;
  /** Checked during start-up: true (a signal arrived) stops what was started and throws StartCancelled. */
  cancelled?: () => boolean;
}

const defaultLog = (msg: string) => process.stderr.write(`[lam-bridge desktop] ${msg}\n`);

export function displaySocket(n: number): string {
  return `/tmp/.X11-unix/X${n}`;
}

function displayLock(n: number): string {
  return `/tmp/.X${n}-lock`;
}

function lockOwner(n: number): number | null {
  try {
    const pid = Number(readFileSync(displayLock(n), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** XDG_RUNTIME_DIR's rules: a directory of ours that nobody else can read. */
export function usableRuntimeDir(dir: string | undefined): dir is string {
  if (!dir) return false;
  try {
    const st = statSync(dir);
    const uid = process.getuid?.();
    return st.isDirectory() && (uid === undefined || st.uid === uid) && (st.mode & 0o077) === 0;
  } catch {
    return false;
  }
}

function findLauncher(): string {
  const candidates = ['/usr/libexec/at-spi-bus-launcher', '/usr/lib/at-spi2-core/at-spi-bus-launcher', '/usr/lib/at-spi-bus-launcher'];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`at-spi-bus-launcher not found (tried ${candidates.join(', ')}); install at-spi2-core`);
  return found;
}

/**
 * Stops a desktop by its process groups, newest first (clients of the X server and buses before the
 * server), and removes its files. Never throws; safe to call twice and from another process.
 */
export async function stopDesktopProcesses(desktop: DesktopProcesses): Promise<void> {
  for (const g of [...desktop.groups].reverse()) await killGroup(g.pid);
  const xvfb = desktop.groups.find((g) => g.role === 'Xvfb');
  if (xvfb) removeStaleDisplayFiles(desktop.display, xvfb.pid);
  rmSync(desktop.sessionDir, { recursive: true, force: true });
}

/** A SIGKILLed Xvfb leaves its lock and socket behind; remove them only if they were this (dead) Xvfb's. */
export function removeStaleDisplayFiles(display: number, xvfbPid: number): void {
  if (lockOwner(display) !== xvfbPid || groupMembers(xvfbPid).length > 0) return;
  rmSync(displayLock(display), { force: true });
  rmSync(displaySocket(display), { force: true });
}

function unixSocketAccepts(path: string): Promise<boolean> {
  return new Promise((res) => {
    const sock = connect(path);
    const done = (ok: boolean) => {
      sock.destroy();
      res(ok);
    };
    sock.setTimeout(2000, () => done(false));
    sock.once('connect', () => done(true));
    sock.once('error', () => done(false));
  });
}

async function startXvfb(
  width: number,
  height: number,
  opts: { sessionDir: string; detached: boolean; checkCancelled: () => void },
): Promise<{ xvfb: Spawned; display: number }> {
  const start = 90 + (process.pid % 400);
  for (let attempt = 0; attempt < 100; attempt++) {
    const n = start + attempt;
    if (existsSync(displaySocket(n)) || existsSync(displayLock(n))) continue;
    const p = spawnInGroup('Xvfb', [`:${n}`, '-screen', '0', `${width}x${height}x24`, '-nolisten', 'tcp'], { ...process.env }, {
      removeDirsIfOrphaned: [opts.sessionDir],
      ...(opts.detached ? { logFile: join(opts.sessionDir, `xvfb-${n}.log`) } : {}),
    });
    // Wait until the lock names *our* Xvfb and the socket exists: a racing harness may have grabbed the
    // same number a moment earlier.
    const deadline = Date.now() + 15000;
    let ok = false;
    while (Date.now() < deadline) {
      if (p.exited()) break;
      try {
        opts.checkCancelled();
      } catch (err) {
        await killGroup(p.pid, 500);
        p.disarm();
        throw err;
      }
      if (lockOwner(n) === p.pid && existsSync(displaySocket(n))) {
        ok = true;
        break;
      }
      await sleep(25);
    }
    if (ok) return { xvfb: p, display: n };
    await killGroup(p.pid, 500);
    p.disarm();
    const tail = p.tail();
    if (/already active|Cannot establish any listening sockets|Could not create server lock file/i.test(tail)) continue;
    throw new Error(`Xvfb :${n} did not start (${p.exitDescription()}):\n${tail.trim()}`);
  }
  throw new Error('no free X display number found');
}

/**
 * Puts the accessibility bus address on the root window (property AT_SPI_BUS), as at-spi-bus-launcher does
 * when it is built with X11 support (Debian's is not). Qt 5 reads it synchronously at start-up; without it
 * Qt 5.15 asks the session bus asynchronously and, in about half the starts, registers with the registry
 * before its bus connection is up and never appears on the bus. A desktop without xprop still works for
 * every other toolkit, so a failure is logged, not thrown.
 */
function publishBusOnRootWindow(address: string, env: NodeJS.ProcessEnv, log: (msg: string) => void): Promise<void> {
  return new Promise((resolvePromise) => {
    execFile('xprop', ['-root', '-f', 'AT_SPI_BUS', '8s', '-set', 'AT_SPI_BUS', address], { env, timeout: 5000 }, (err) => {
      if (err) log(`could not set AT_SPI_BUS on the root window (Qt 5 apps may not find the bus): ${err.message}`);
      resolvePromise();
    });
  });
}

export async function startHeadlessDesktop(options: StartDesktopOptions = {}): Promise<HeadlessDesktop> {
  const log = options.log ?? defaultLog;
  const detached = options.detached ?? false;
  const t0 = Date.now();
  const checkCancelled = (): void => {
    if (options.cancelled?.()) throw new StartCancelled();
  };
  checkCancelled();
  const started: Spawned[] = [];
  const sessionDir = mkdtempSync(join(tmpdir(), 'lamb-desktop-'));
  const logFile = (name: string) => (detached ? { logFile: join(sessionDir, `${name}.log`) } : {});
  let runtimeDir = process.env.XDG_RUNTIME_DIR;
  if (!usableRuntimeDir(runtimeDir)) {
    // at-spi-bus-launcher falls back to ~/.cache/at-spi/bus without one, a path every desktop of the same
    // user would share.
    runtimeDir = join(sessionDir, 'runtime');
    mkdirSync(runtimeDir, { mode: 0o700 });
  }
  let display = -1;
  const processes = (): DesktopProcesses => ({
    display,
    sessionDir,
    groups: started.map((p, i) => ({ role: ['Xvfb', 'dbus-daemon', 'at-spi-bus-launcher'][i] ?? 'other', pid: p.pid })),
  });

  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      await stopDesktopProcesses(processes());
      for (const p of started) p.disarm();
      if (display >= 0) log(`stopped desktop :${display}`);
    })().catch((err: unknown) => log(`cleanup problem (ignored): ${String(err)}`));
    return stopping;
  };

  try {
    // --- X server
    const x = await startXvfb(options.width ?? 1920, options.height ?? 1080, { sessionDir, detached, checkCancelled });
    started.push(x.xvfb);
    display = x.display;
    const DISPLAY = `:${display}`;
    log(`Xvfb ${DISPLAY} up after ${Date.now() - t0} ms`);

    // --- session bus, its socket inside our temp dir so that stop() removes it. We choose the address
    // instead of reading it back from --print-address: a detached daemon has no pipe to print to.
    const baseEnv: NodeJS.ProcessEnv = { ...process.env, DISPLAY, XDG_RUNTIME_DIR: runtimeDir };
    delete baseEnv.DBUS_SESSION_BUS_ADDRESS;
    delete baseEnv.AT_SPI_BUS_ADDRESS;
    delete baseEnv.NO_AT_BRIDGE;
    const busSocket = join(sessionDir, 'bus');
    const dbus = spawnInGroup('dbus-daemon', ['--session', '--nofork', `--address=unix:path=${busSocket}`], baseEnv, logFile('dbus-daemon'));
    started.push(dbus);
    const busDeadline = Date.now() + 10000;
    while (!(existsSync(busSocket) && (await unixSocketAccepts(busSocket)))) {
      checkCancelled();
      if (dbus.exited()) throw new Error(`dbus-daemon ${dbus.exitDescription()}:\n${dbus.tail()}`);
      if (Date.now() > busDeadline) throw new Error(`dbus-daemon did not listen on ${busSocket} within 10 s:\n${dbus.tail()}`);
      await sleep(25);
    }
    const DBUS_SESSION_BUS_ADDRESS = `unix:path=${busSocket}`;
    log(`session bus ${DBUS_SESSION_BUS_ADDRESS}`);

    // --- accessibility bus
    const a11yEnv: NodeJS.ProcessEnv = { ...baseEnv, DBUS_SESSION_BUS_ADDRESS };
    const launcher = spawnInGroup(findLauncher(), ['--launch-immediately'], a11yEnv, logFile('at-spi-bus-launcher'));
    started.push(launcher);
    let AT_SPI_BUS_ADDRESS = '';
    let lastErr: unknown = null;
    const a11yDeadline = Date.now() + 20000;
    while (Date.now() < a11yDeadline) {
      checkCancelled();
      if (launcher.exited()) throw new Error(`at-spi-bus-launcher ${launcher.exitDescription()}:\n${launcher.tail()}`);
      try {
        AT_SPI_BUS_ADDRESS = await a11yAddressFromSession(DBUS_SESSION_BUS_ADDRESS, 2000);
        if (AT_SPI_BUS_ADDRESS) break;
      } catch (err) {
        lastErr = err;
      }
      await sleep(100);
    }
    if (!AT_SPI_BUS_ADDRESS) throw new Error(`AT-SPI bus did not come up within 20 s: ${String(lastErr)}\n${launcher.tail()}`);
    // The registry is activated on first use; make that happen now so the first client does not pay for it
    // (and so a broken registry fails here).
    const regDeadline = Date.now() + 20000;
    for (;;) {
      checkCancelled();
      try {
        await atspiChildren(AT_SPI_BUS_ADDRESS);
        break;
      } catch (err) {
        if (Date.now() > regDeadline) throw new Error(`AT-SPI registry does not answer: ${String(err)}`);
        await sleep(100);
      }
    }
    await publishBusOnRootWindow(AT_SPI_BUS_ADDRESS, baseEnv, log);
    const env: DesktopEnv = { DISPLAY, DBUS_SESSION_BUS_ADDRESS, AT_SPI_BUS_ADDRESS, XDG_RUNTIME_DIR: runtimeDir };
    checkCancelled();
    log(`desktop ${DISPLAY} ready in ${Date.now() - t0} ms (AT-SPI ${AT_SPI_BUS_ADDRESS})`);
    // The guards stay armed until the caller has recorded the PIDs (a detached desktop) or stops it.
    const disarm = (): void => {
      for (const p of started) p.disarm();
    };
    return { env, ...processes(), stop, disarm };
  } catch (err) {
    await stop();
    throw err;
  }
}

async function xSocketReachable(display: string | undefined): Promise<boolean> {
  // Only local displays (":N" or "unix:N") can be checked without an X client library.
  const m = /^(?:unix)?:(\d+)(?:\.\d+)?$/.exec(display ?? '');
  if (!m) return false;
  const path = displaySocket(Number(m[1]));
  // Xorg on Linux also listens on the abstract socket of the same name, which is all that is reachable from
  // inside some sandboxes.
  return (await unixSocketAccepts(path)) || unixSocketAccepts(`\0${path}`);
}

/** The environment names a desktop whose X server accepts connections and whose AT-SPI registry answers. */
export async function desktopIsUsable(env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  if (!(await xSocketReachable(env.DISPLAY))) return false;
  try {
    await atspiChildren(await resolveAtspiAddress(env));
    return true;
  } catch {
    return false;
  }
}
