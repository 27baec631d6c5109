/**
 * A private, headless Linux desktop for tests, benchmarks and demos:
 * Xvfb + a private D-Bus session bus + the AT-SPI2 accessibility bus, plus
 * helpers to launch real applications on it and see them on the AT-SPI bus.
 *
 * Everything is started in its own process group so that stop() can take
 * down whole subtrees (the a11y dbus-daemon and at-spi2-registryd are children
 * of at-spi-bus-launcher; D-Bus activated services inherit the session bus
 * daemon's group; soffice.bin is a child of oosplash).
 *
 * CLI (when run as the main module):
 *   node dist/scripts/headless-desktop.js run [--apps widgetFactory,writer] -- <command> [args...]
 */
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { constants as osConstants, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface DesktopEnv {
  DISPLAY: string;
  DBUS_SESSION_BUS_ADDRESS: string;
  AT_SPI_BUS_ADDRESS: string;
  XDG_RUNTIME_DIR: string;
}

export interface HeadlessDesktop {
  env: DesktopEnv;
  stop(): Promise<void>;
}

export interface AppSpec {
  name: string;
  command: string;
  args: string[];
  env?: Record<string, string>;
  /** Matched against the Name of the application's AT-SPI root object. */
  atspiName: RegExp;
  startupTimeoutMs: number;
  /**
   * Ready only once the application exposes at least one top-level window on
   * AT-SPI (default true). Apps register on the bus before their first window
   * exists, and a test that walks the tree right then sees an empty app.
   */
  requireWindow?: boolean;
  /** Runs before spawning, e.g. to seed a LibreOffice profile. */
  prepare?: () => void | Promise<void>;
}

export interface AtspiApp {
  busName: string;
  name: string;
  pid: number | null;
}

export interface RunningApp {
  /** PID of the process that owns the AT-SPI connection (soffice.bin, not the soffice wrapper). */
  pid: number;
  busName: string;
  atspiName: string;
  /** Milliseconds from spawn until the app was ready on AT-SPI. */
  startupMs?: number;
  stop(): Promise<void>;
}

type Log = (msg: string) => void;

const defaultLog: Log = (msg) => process.stderr.write(`[headless-desktop] ${msg}\n`);
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

const ATSPI_REGISTRY = 'org.a11y.atspi.Registry';
const ATSPI_ROOT = '/org/a11y/atspi/accessible/root';
const STOP_GRACE_MS = 3000;

// ---------------------------------------------------------------------------
// Process helpers

interface Spawned {
  child: ChildProcess;
  pid: number;
  /** Last ~16 KB of stdout+stderr, for error messages. */
  tail(): string;
  exited(): boolean;
  exitDescription(): string;
  /** Stop the guard process once the group has been dealt with. */
  disarm(): void;
}

/**
 * If our process dies without running stop() (vitest killed, SIGKILL, crash),
 * a small guard shell notices its stdin pipe closing and kills the whole
 * process group, then SIGKILLs whatever ignored SIGTERM. A per-process
 * PR_SET_PDEATHSIG (setpriv --pdeathsig) is not enough: it only reaches the
 * direct child, and LibreOffice's oosplash hangs when it alone gets SIGTERM.
 */
function startGuard(pgid: number, removeDirs: string[] = []): ChildProcess | null {
  try {
    const script =
      'read _ignored; kill -TERM -"$1" 2>/dev/null; sleep 3; kill -KILL -"$1" 2>/dev/null; shift; [ $# -eq 0 ] || rm -rf -- "$@"';
    const guard = spawn(
      'sh',
      ['-c', script, 'lamb-guard', String(pgid), ...removeDirs],
      { detached: true, stdio: ['pipe', 'ignore', 'ignore'] },
    );
    guard.on('error', () => undefined);
    guard.stdin?.on('error', () => undefined);
    guard.unref();
    (guard.stdin as unknown as { unref?: () => void } | null)?.unref?.();
    return guard;
  } catch {
    return null;
  }
}

function spawnDetached(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  opts: { captureStdout?: boolean; removeDirsIfOrphaned?: string[] } = {},
): Spawned {
  const child = spawn(command, args, {
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let buf = '';
  const keep = (chunk: Buffer) => {
    buf += chunk.toString('utf8');
    if (buf.length > 32768) buf = buf.slice(-16384);
  };
  if (!opts.captureStdout) child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exitInfo: string | null = null;
  child.on('exit', (code, signal) => {
    exitInfo = signal ? `killed by ${signal}` : `exited with code ${code}`;
  });
  child.on('error', (err) => {
    exitInfo = `failed to start: ${err.message}`;
  });
  // Do not let these children keep a forgetful caller's event loop alive;
  // the guard cleans up once that caller exits.
  child.unref();
  for (const s of [child.stdout, child.stderr]) (s as unknown as { unref?: () => void } | null)?.unref?.();
  if (child.pid === undefined) {
    // spawn() reports ENOENT only later, as an event; fail here with a clear message.
    throw new Error(`cannot start ${command}: not found or not executable (is its package installed?)`);
  }
  const pid = child.pid;
  const guard = startGuard(pid, opts.removeDirsIfOrphaned);
  return {
    child,
    pid,
    disarm: () => {
      if (guard && guard.exitCode === null) guard.kill('SIGKILL');
    },
    tail: () => buf.slice(-16384),
    exited: () => exitInfo !== null,
    exitDescription: () => exitInfo ?? 'running',
  };
}

interface ProcStat {
  pid: number;
  ppid: number;
  pgid: number;
  state: string;
}

function readStat(pid: number): ProcStat | null {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm may contain spaces and parentheses: fields start after the last ')'.
    const rest = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return { pid, state: rest[0] ?? '?', ppid: Number(rest[1]), pgid: Number(rest[2]) };
  } catch {
    return null;
  }
}

/** Live (non-zombie) members of a process group. kill(-pgid, 0) is not enough: it succeeds for zombies nobody has reaped yet. */
function groupMembers(pgid: number): number[] {
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

function signalGroup(pgid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(-pgid, sig);
  } catch {
    // ESRCH: already gone. EPERM cannot happen for our own children.
  }
}

/** SIGTERM the group, wait, then SIGKILL what is left. Never throws. */
async function killGroup(pgid: number, graceMs = STOP_GRACE_MS): Promise<void> {
  if (groupMembers(pgid).length === 0) return;
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

function isAncestor(ancestor: number, pid: number): boolean {
  let cur: number | undefined = pid;
  for (let i = 0; i < 64 && cur && cur > 1; i++) {
    if (cur === ancestor) return true;
    cur = readStat(cur)?.ppid;
  }
  return false;
}

// ---------------------------------------------------------------------------
// gdbus

function gdbus(args: string[], timeoutMs = 5000): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    execFile(
      'gdbus',
      ['call', ...args, '--timeout', String(Math.max(1, Math.ceil(timeoutMs / 1000)))],
      { timeout: timeoutMs + 1000, encoding: 'utf8' },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`gdbus call ${args.join(' ')}: ${(stderr || err.message).trim()}`));
        else resolvePromise(stdout.trim());
      },
    );
  });
}

/** First string literal of a GVariant text dump, e.g. `(<'gtk3-demo'>,)`. */
export function parseGVariantString(text: string): string | null {
  const m = /['"]/.exec(text);
  if (!m) return null;
  const quote = m[0];
  let out = '';
  for (let i = m.index + 1; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\') {
      const n = text[++i];
      if (n === undefined) break;
      if (n === 'n') out += '\n';
      else if (n === 't') out += '\t';
      else if (n === 'u' || n === 'U') {
        const len = n === 'u' ? 4 : 8;
        out += String.fromCodePoint(parseInt(text.slice(i + 1, i + 1 + len), 16));
        i += len;
      } else out += n;
    } else if (c === quote) {
      return out;
    } else out += c;
  }
  return null;
}

async function atspiChildren(address: string): Promise<string[]> {
  const out = await gdbus([
    '--address', address, '--dest', ATSPI_REGISTRY, '--object-path', ATSPI_ROOT,
    '--method', 'org.a11y.atspi.Accessible.GetChildren',
  ]);
  // GVariant text format only prefixes the first element with its type ("objectpath").
  return [...out.matchAll(/\('([^']+)',\s*(?:objectpath\s+)?'[^']*'\)/g)].map((m) => m[1]!);
}

async function atspiAppProperty(address: string, busName: string, prop: string): Promise<string> {
  return gdbus([
    '--address', address, '--dest', busName, '--object-path', ATSPI_ROOT,
    '--method', 'org.freedesktop.DBus.Properties.Get', 'org.a11y.atspi.Accessible', prop,
  ]);
}

async function busPid(address: string, busName: string): Promise<number | null> {
  try {
    const out = await gdbus([
      '--address', address, '--dest', 'org.freedesktop.DBus', '--object-path', '/org/freedesktop/DBus',
      '--method', 'org.freedesktop.DBus.GetConnectionUnixProcessID', busName,
    ]);
    const m = /uint32\s+(\d+)/.exec(out);
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

async function describeApp(address: string, busName: string): Promise<AtspiApp | null> {
  try {
    const [nameOut, pid] = await Promise.all([atspiAppProperty(address, busName, 'Name'), busPid(address, busName)]);
    return { busName, name: parseGVariantString(nameOut) ?? '', pid };
  } catch {
    // The app left the bus between GetChildren and this call.
    return null;
  }
}

async function getA11yAddressFromSession(sessionAddress: string, timeoutMs = 3000): Promise<string> {
  const out = await gdbus(
    ['--address', sessionAddress, '--dest', 'org.a11y.Bus', '--object-path', '/org/a11y/bus', '--method', 'org.a11y.Bus.GetAddress'],
    timeoutMs,
  );
  const addr = parseGVariantString(out);
  if (!addr) throw new Error(`unexpected org.a11y.Bus.GetAddress reply: ${out}`);
  return addr;
}

/** The AT-SPI bus of an environment: AT_SPI_BUS_ADDRESS, else ask the session bus like libatspi does. */
async function resolveAtspiAddress(env: NodeJS.ProcessEnv): Promise<string> {
  if (env.AT_SPI_BUS_ADDRESS) return env.AT_SPI_BUS_ADDRESS;
  if (env.DBUS_SESSION_BUS_ADDRESS) return getA11yAddressFromSession(env.DBUS_SESSION_BUS_ADDRESS);
  throw new Error('neither AT_SPI_BUS_ADDRESS nor DBUS_SESSION_BUS_ADDRESS is set: no desktop to talk to');
}

export async function listAtspiApps(env: NodeJS.ProcessEnv): Promise<AtspiApp[]> {
  const address = await resolveAtspiAddress(env);
  const names = await atspiChildren(address);
  const apps = await Promise.all(names.map((n) => describeApp(address, n)));
  return apps.filter((a): a is AtspiApp => a !== null);
}

// ---------------------------------------------------------------------------
// Desktop

function displaySocket(n: number): string {
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

function usableRuntimeDir(dir: string | undefined): boolean {
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

export async function startHeadlessDesktop(
  options: { width?: number; height?: number; log?: (msg: string) => void } = {},
): Promise<HeadlessDesktop> {
  const log = options.log ?? defaultLog;
  const width = options.width ?? 1920;
  const height = options.height ?? 1080;
  const t0 = Date.now();
  const started: Spawned[] = [];
  const sessionDir = mkdtempSync(join(tmpdir(), 'lamb-desktop-'));
  let runtimeDir = process.env.XDG_RUNTIME_DIR;
  if (!usableRuntimeDir(runtimeDir)) {
    // at-spi-bus-launcher falls back to ~/.cache/at-spi/bus without one, a
    // path every desktop of the same user would share.
    runtimeDir = join(sessionDir, 'runtime');
    mkdirSync(runtimeDir, { mode: 0o700 });
  }
  let display = -1;

  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      // Reverse start order: clients of the X server and buses first.
      for (const p of [...started].reverse()) {
        await killGroup(p.pid);
        p.disarm();
      }
      if (display >= 0) {
        // A SIGKILLed Xvfb leaves its lock and socket behind; only remove them if they are ours.
        const xvfb = started[0];
        if (xvfb && lockOwner(display) === xvfb.pid) {
          rmSync(displayLock(display), { force: true });
          rmSync(displaySocket(display), { force: true });
        }
      }
      rmSync(sessionDir, { recursive: true, force: true });
      if (display >= 0) log(`stopped desktop :${display}`);
    })().catch((err: unknown) => log(`cleanup problem (ignored): ${String(err)}`));
    return stopping;
  };

  try {
    // --- X server
    const start = 90 + (process.pid % 400);
    let xvfb: Spawned | null = null;
    for (let attempt = 0; attempt < 100 && !xvfb; attempt++) {
      const n = start + attempt;
      if (existsSync(displaySocket(n)) || existsSync(displayLock(n))) continue;
      const p = spawnDetached('Xvfb', [`:${n}`, '-screen', '0', `${width}x${height}x24`, '-nolisten', 'tcp'], { ...process.env }, {
        removeDirsIfOrphaned: [sessionDir],
      });
      // Wait until the lock names *our* Xvfb and the socket exists: a racing
      // harness may have grabbed the same number a moment earlier.
      const deadline = Date.now() + 15000;
      let ok = false;
      while (Date.now() < deadline) {
        if (p.exited()) break;
        if (lockOwner(n) === p.pid && existsSync(displaySocket(n))) {
          ok = true;
          break;
        }
        await sleep(25);
      }
      if (ok) {
        xvfb = p;
        display = n;
        started.push(p);
      } else {
        await killGroup(p.pid, 500);
        p.disarm();
        const tail = p.tail();
        if (/already active|Cannot establish any listening sockets|Could not create server lock file/i.test(tail)) {
          continue;
        }
        throw new Error(`Xvfb :${n} did not start (${p.exitDescription()}):\n${tail.trim()}`);
      }
    }
    if (!xvfb) throw new Error('no free X display number found');
    const DISPLAY = `:${display}`;
    log(`Xvfb ${DISPLAY} up after ${Date.now() - t0} ms`);

    // --- session bus (socket inside our temp dir so stop() removes it)
    const baseEnv: NodeJS.ProcessEnv = { ...process.env, DISPLAY, XDG_RUNTIME_DIR: runtimeDir! };
    delete baseEnv.DBUS_SESSION_BUS_ADDRESS;
    delete baseEnv.AT_SPI_BUS_ADDRESS;
    delete baseEnv.NO_AT_BRIDGE;
    const dbus = spawnDetached(
      'dbus-daemon',
      ['--session', '--nofork', '--print-address=1', `--address=unix:path=${join(sessionDir, 'bus')}`],
      baseEnv,
      { captureStdout: true },
    );
    started.push(dbus);
    const DBUS_SESSION_BUS_ADDRESS = await new Promise<string>((res, rej) => {
      let out = '';
      const timer = setTimeout(() => rej(new Error(`dbus-daemon printed no address within 10 s:\n${dbus.tail()}`)), 10000);
      dbus.child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString('utf8');
        const nl = out.indexOf('\n');
        if (nl >= 0) {
          clearTimeout(timer);
          res(out.slice(0, nl).trim());
        }
      });
      dbus.child.on('exit', () => {
        clearTimeout(timer);
        rej(new Error(`dbus-daemon ${dbus.exitDescription()}:\n${dbus.tail()}`));
      });
    });
    log(`session bus ${DBUS_SESSION_BUS_ADDRESS}`);

    // --- accessibility bus
    const a11yEnv: NodeJS.ProcessEnv = { ...baseEnv, DBUS_SESSION_BUS_ADDRESS };
    const launcher = spawnDetached(findLauncher(), ['--launch-immediately'], a11yEnv);
    started.push(launcher);
    let AT_SPI_BUS_ADDRESS = '';
    let lastErr: unknown = null;
    const a11yDeadline = Date.now() + 20000;
    while (Date.now() < a11yDeadline) {
      if (launcher.exited()) throw new Error(`at-spi-bus-launcher ${launcher.exitDescription()}:\n${launcher.tail()}`);
      try {
        AT_SPI_BUS_ADDRESS = await getA11yAddressFromSession(DBUS_SESSION_BUS_ADDRESS, 2000);
        if (AT_SPI_BUS_ADDRESS) break;
      } catch (err) {
        lastErr = err;
      }
      await sleep(100);
    }
    if (!AT_SPI_BUS_ADDRESS) throw new Error(`AT-SPI bus did not come up within 20 s: ${String(lastErr)}\n${launcher.tail()}`);
    // The registry is activated on first use; make that happen now so the
    // first test does not pay for it (and so a broken registry fails here).
    const regDeadline = Date.now() + 20000;
    for (;;) {
      try {
        await atspiChildren(AT_SPI_BUS_ADDRESS);
        break;
      } catch (err) {
        if (Date.now() > regDeadline) throw new Error(`AT-SPI registry does not answer: ${String(err)}`);
        await sleep(100);
      }
    }
    const env: DesktopEnv = { DISPLAY, DBUS_SESSION_BUS_ADDRESS, AT_SPI_BUS_ADDRESS, XDG_RUNTIME_DIR: runtimeDir! };
    log(`desktop ${DISPLAY} ready in ${Date.now() - t0} ms (AT-SPI ${AT_SPI_BUS_ADDRESS})`);
    return { env, stop };
  } catch (err) {
    await stop();
    throw err;
  }
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

async function xSocketReachable(display: string | undefined): Promise<boolean> {
  // Only local displays (":N" or "unix:N") can be checked without an X client library.
  const m = /^(?:unix)?:(\d+)(?:\.\d+)?$/.exec(display ?? '');
  if (!m) return false;
  const path = displaySocket(Number(m[1]));
  // Xorg on Linux also listens on the abstract socket of the same name, which
  // is all that is reachable from inside some sandboxes.
  return (await unixSocketAccepts(path)) || unixSocketAccepts(`\0${path}`);
}

export async function desktopIsUsable(env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  if (!(await xSocketReachable(env.DISPLAY))) return false;
  try {
    await atspiChildren(await resolveAtspiAddress(env));
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------
// Applications

/**
 * Settings written into a fresh LibreOffice profile before the first start:
 * Impress otherwise opens a modal "Select a Template" dialog over the
 * document, and the tip-of-the-day dialog can pop up over any module.
 */
const LIBREOFFICE_PROFILE_SEED = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Impress/Misc/NewDoc"><prop oor:name="AutoPilot" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="ShowTipOfTheDay" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="FirstRun" oor:op="fuse"><value>false</value></prop></item>
</oor:items>
`;

function seedLibreOfficeProfile(profileDir: string): void {
  const file = join(profileDir, 'user', 'registrymodifications.xcu');
  if (existsSync(file)) return;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, LIBREOFFICE_PROFILE_SEED);
}

function office(module: 'writer' | 'calc' | 'impress', profileDir: string): AppSpec {
  return {
    name: `libreoffice-${module}`,
    command: '/usr/bin/soffice',
    // No --nodefault: --writer/--calc/--impress should open an empty document window.
    args: [`--${module}`, '--norestore', '--nologo', `-env:UserInstallation=${pathToFileURL(resolve(profileDir)).href}`],
    env: { SAL_USE_VCLPLUGIN: 'gtk3' },
    // Every LibreOffice module registers as "soffice"; the window title tells them apart.
    atspiName: /^soffice$/,
    startupTimeoutMs: 60000,
    prepare: () => seedLibreOfficeProfile(profileDir),
  };
}

export const apps = {
  widgetFactory: (): AppSpec => ({
    name: 'gtk3-widget-factory',
    command: 'gtk3-widget-factory',
    args: [],
    atspiName: /^gtk3-widget-factory$/,
    startupTimeoutMs: 20000,
  }),
  gtk3Demo: (): AppSpec => ({
    name: 'gtk3-demo',
    command: 'gtk3-demo',
    args: [],
    atspiName: /^gtk3-demo$/,
    startupTimeoutMs: 20000,
  }),
  writer: (profileDir: string): AppSpec => office('writer', profileDir),
  calc: (profileDir: string): AppSpec => office('calc', profileDir),
  impress: (profileDir: string): AppSpec => office('impress', profileDir),
};

export type AppKind = keyof typeof apps;

export async function launchApp(spec: AppSpec, env: NodeJS.ProcessEnv): Promise<RunningApp> {
  await spec.prepare?.();
  const address = await resolveAtspiAddress(env);
  // Only an application that was not on the bus before counts: the same
  // program may already be running (another test, a previous launch).
  const before = new Set(await atspiChildren(address));
  const appEnv: NodeJS.ProcessEnv = { ...env, ...spec.env };
  // NO_AT_BRIDGE=1 would make GTK skip AT-SPI entirely and the app would never appear.
  delete appEnv.NO_AT_BRIDGE;
  const t0 = Date.now();
  const proc = spawnDetached(spec.command, spec.args, appEnv);
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
      // A launcher may exit after handing off to a child in its group, so
      // only an exit with nothing left in the group is fatal.
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
          // Not final: the Name is read from the toolkit on each request,
          // and a program may set it only after it has registered.
          if (!spec.atspiName.test(app.name)) {
            lastSeenName = app.name;
            continue;
          }
          candidate = app;
          // An app that moved to a group of its own must be stopped there too;
          // never our own group, which would take this process down with it.
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
    const tail = proc.tail().trim().split('\n').slice(-30).join('\n');
    throw new Error(
      `${(err as Error).message} (command: ${spec.command} ${spec.args.join(' ')}; process ${state}; ` +
        `DISPLAY=${env.DISPLAY ?? '(unset)'})\n--- ${spec.name} output (tail) ---\n${tail || '(none)'}`,
    );
  }
  const found = candidate;
  let stopping: Promise<void> | null = null;
  return {
    pid: found.pid ?? proc.pid,
    busName: found.busName,
    atspiName: found.name,
    startupMs: Date.now() - t0,
    stop: () => (stopping ??= stopApp()),
  };
}

// ---------------------------------------------------------------------------
// System packages

function installScriptPath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  // Source (scripts/) and compiled (dist/scripts/) locations.
  const candidates = [join(here, 'install-system-deps.sh'), join(here, '..', '..', 'scripts', 'install-system-deps.sh')];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`install-system-deps.sh not found (looked in ${candidates.join(', ')})`);
  return found;
}

export function ensureSystemPackages(groups: string[]): void {
  const script = installScriptPath();
  const r = spawnSync('bash', [script, ...groups], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim();
  if (r.error) throw new Error(`cannot run ${script}: ${r.error.message}`);
  if (r.status !== 0) {
    const lines = output.split('\n');
    throw new Error(`system packages missing (${groups.join(' ')}); ${script} exited ${r.status ?? r.signal}:\n${lines.slice(-25).join('\n')}`);
  }
  // Installation (slow, rare) is worth showing; the usual all-present line is not.
  if (/\binstalled \d+ packages\b/.test(output)) process.stderr.write(`${output}\n`);
}

// ---------------------------------------------------------------------------
// CLI

function exitCodeForSignal(sig: NodeJS.Signals): number {
  return 128 + (osConstants.signals[sig] ?? 15);
}

function usage(): never {
  process.stderr.write(
    'usage: headless-desktop run [--apps widgetFactory,gtk3Demo,writer,calc,impress] -- <command> [args...]\n',
  );
  process.exit(2);
}

async function cli(argv: string[]): Promise<number> {
  if (argv[0] !== 'run') usage();
  const appNames: AppKind[] = [];
  let i = 1;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      i++;
      break;
    }
    let list: string | undefined;
    if (a === '--apps') list = argv[++i];
    else if (a.startsWith('--apps=')) list = a.slice('--apps='.length);
    else usage();
    if (list === undefined) usage();
    for (const name of list.split(',').map((s) => s.trim()).filter(Boolean)) {
      if (!(name in apps)) {
        process.stderr.write(`unknown app '${name}' (known: ${Object.keys(apps).join(', ')})\n`);
        process.exit(2);
      }
      appNames.push(name as AppKind);
    }
  }
  const command = argv.slice(i);
  if (command.length === 0) usage();

  const officeKinds = new Set<AppKind>(['writer', 'calc', 'impress']);
  const needOffice = appNames.some((n) => officeKinds.has(n));
  ensureSystemPackages(needOffice ? ['desktop', 'office'] : ['desktop']);

  const cleanups: Array<() => Promise<void>> = [];
  let cleaning: Promise<void> | null = null;
  const cleanup = () =>
    (cleaning ??= (async () => {
      for (const c of cleanups.reverse()) await c().catch(() => undefined);
    })());

  let child: ChildProcess | null = null;
  let signalled: NodeJS.Signals | null = null;
  const onSignal = (sig: NodeJS.Signals) => {
    if (signalled) {
      // Second signal: stop waiting for a slow startup step. Whatever has not
      // been registered for cleanup yet is killed by its guard when we exit.
      void cleanup().then(() => process.exit(exitCodeForSignal(sig)));
      return;
    }
    signalled = sig;
    defaultLog(`${sig}: stopping`);
    if (child && child.exitCode === null) child.kill(sig);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    const desktop = await startHeadlessDesktop();
    cleanups.push(() => desktop.stop());
    const env: NodeJS.ProcessEnv = { ...process.env, ...desktop.env };
    if (env.NO_AT_BRIDGE) {
      defaultLog('ignoring NO_AT_BRIDGE from the environment: it hides GTK apps from AT-SPI');
      delete env.NO_AT_BRIDGE;
    }
    for (const name of appNames) {
      if (signalled) break;
      let spec: AppSpec;
      if (officeKinds.has(name)) {
        const profile = mkdtempSync(join(tmpdir(), `lamb-lo-${name}-`));
        cleanups.push(async () => rmSync(profile, { recursive: true, force: true }));
        spec = apps[name as 'writer'](profile);
      } else {
        spec = apps[name as 'widgetFactory']();
      }
      const t = Date.now();
      const app = await launchApp(spec, env);
      cleanups.push(() => app.stop());
      defaultLog(`${name}: AT-SPI app '${app.atspiName}' pid ${app.pid} (${app.busName}) in ${Date.now() - t} ms`);
    }
    if (signalled) return exitCodeForSignal(signalled);

    const [cmd, ...args] = command as [string, ...string[]];
    const c = spawn(cmd, args, { stdio: 'inherit', env });
    child = c;
    const code = await new Promise<number>((res) => {
      c.on('error', (err) => {
        defaultLog(`cannot run ${cmd}: ${err.message}`);
        res(127);
      });
      c.on('exit', (status, sig) => {
        res(sig ? exitCodeForSignal(sig) : (status ?? 1));
      });
    });
    return code;
  } finally {
    await cleanup();
  }
}

function isMainModule(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMainModule()) {
  cli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      defaultLog(err instanceof Error ? err.message : String(err));
      process.exit(1);
    },
  );
}
