/**
 * Wine 10 for the `wine` test project (vitest.config.ts), once per run:
 * 1. scripts/wine10.sh setup: the Debian trixie chroot with Wine 10, Xvfb, a prefix and Windows node.exe (about
 *    2 minutes from nothing, a fraction of a second when present);
 * 2. the win32 prebuild (npm run prebuild:win32, which also builds the Windows test programs), when it is missing
 *    or older than any native source;
 * 3. /proc, /sys, /dev, /dev/pts and /tmp mounted into the chroot, and the repo bind-mounted at its own path (its
 *    node_modules too when that is a symlink, as in a git worktree), so Windows sees it as Z:\<same path>;
 * 4. an Xvfb and a persistent wineserver in the chroot for the whole run: without one, every node.exe launch
 *    would start (and, seconds after, stop) its own wineserver and services, ~1 s each.
 * What tests need goes into LAMB_WINE_* variables (test/helpers/wine.ts reads them), set here in the main vitest
 * process before any worker is forked. The teardown stops, by PID, every chroot process this run started (those
 * with this run's WINEPREFIX, and the Xvfb) and undoes only the mounts this run made: another user of the same
 * chroot (a second checkout's test run) keeps its own.
 *
 * Not root, or not Linux: nothing is set up, LAMB_WINE_SKIP says why, and every Wine test skips with that reason.
 * A setup that fails otherwise sets LAMB_WINE_SETUP_ERROR: every Wine test then fails with it (not skips), and the
 * run's other projects are unaffected.
 * LAMB_WINE10_ROOT picks the chroot (default ~/.cache/lamb-wine10), LAMB_WINEPREFIX the prefix inside it (default /root/.wine; a missing one is copied from it),
 * LAMB_WINE_DISPLAY the X display number (default: the first free one from 901).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const REPO = join(import.meta.dirname, '..', '..');
const BUILD_FILES = ['cmake', 'CMakeLists.txt', 'test/native/win/CMakeLists.txt', 'scripts/build-win32.mjs'];
/**
 * What the cross build makes, each with what it is made from (a newer file there means it must be rebuilt): the
 * prebuild, and the Windows test programs (build-win32/Release) once their sources exist. Each output against its
 * own sources only: ninja does not relink a program that a change elsewhere does not affect.
 */
const OUTPUTS: { output: string; sources: string[]; when?: string }[] = [
  { output: 'prebuilds/win32-x64/node.napi.node', sources: ['native', ...BUILD_FILES] },
  { output: 'build-win32/Release/testapp.exe', sources: ['test/native/win/testapp', ...BUILD_FILES], when: 'test/native/win/testapp' },
  { output: 'build-win32/Release/lam_uia_double.dll', sources: ['test/native/win/uia_double', ...BUILD_FILES], when: 'test/native/win/uia_double' },
  { output: 'build-win32/Release/lam_busy_server_double.dll', sources: ['test/native/win/busy_server', ...BUILD_FILES], when: 'test/native/win/busy_server' },
  { output: 'build-win32/Release/lam_busy_server_double.exe', sources: ['test/native/win/busy_server', ...BUILD_FILES], when: 'test/native/win/busy_server' },
];
const SYSTEM_MOUNTS = ['proc', 'sys', 'dev', 'dev/pts', 'tmp'];
const WINE_ENV_VARS = ['LAMB_WINE10_ROOT', 'LAMB_WINE_ROOT', 'LAMB_WINEPREFIX', 'LAMB_WINE_DISPLAY', 'LAMB_WINE_NODE', 'LAMB_WINE_SKIP', 'LAMB_WINE_SETUP_ERROR'];

const log = (msg: string) => process.stderr.write(`[wine-setup] ${msg}\n`);

function run(cmd: string, args: string[], what: string, env: NodeJS.ProcessEnv = process.env): void {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 2, 2], env });
  if (r.status !== 0) throw new Error(`wine global setup: ${what} failed (${cmd} ${args.join(' ')}: exit ${r.status ?? r.signal})`);
}

function isMountpoint(path: string): boolean {
  return spawnSync('mountpoint', ['-q', path]).status === 0;
}

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const e of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, e)));
  return newest;
}

/** PIDs of processes whose root is the chroot and that match `keep` (e.g. carry this run's WINEPREFIX). */
function chrootPids(root: string, keep: (pid: number) => boolean): number[] {
  const pids: number[] = [];
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      if (readlinkSync(`/proc/${e}/root`) === root && keep(Number(e))) pids.push(Number(e));
    } catch {
      // gone, or not ours to read
    }
  }
  return pids;
}

function hasPrefix(pid: number, prefix: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(`WINEPREFIX=${prefix}`);
  } catch {
    return false;
  }
}

function pickDisplay(): string {
  for (let n = 901; n < 1000; n++) {
    if (!existsSync(`/tmp/.X${n}-lock`) && !existsSync(`/tmp/.X11-unix/X${n}`)) return String(n);
  }
  throw new Error('wine global setup: no free X display number in 901..999');
}

async function waitFor(what: string, ms: number, ready: () => boolean, alive: () => boolean = () => true): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (ready()) return;
    if (!alive()) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`wine global setup: ${what} did not come up within ${ms} ms`);
}

function wineEnv(prefix: string, display: string): string[] {
  return [
    'env', '-i', 'PATH=/usr/local/bin:/usr/bin:/bin', 'HOME=/root', 'LANG=C.UTF-8', `WINEPREFIX=${prefix}`,
    'WINEARCH=win64', 'WINEDEBUG=-all', 'WINEDLLOVERRIDES=mscoree,mshtml=;winedbg.exe=d', `DISPLAY=:${display}`,
  ];
}

export default async function setup(): Promise<() => Promise<void>> {
  const saved = Object.fromEntries(WINE_ENV_VARS.map((k) => [k, process.env[k]]));
  const restoreEnv = () => {
    for (const k of WINE_ENV_VARS) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  };
  const skip = (reason: string) => {
    log(`skipping the Wine tests: ${reason}`);
    process.env.LAMB_WINE_SKIP = reason;
    return async () => restoreEnv();
  };
  if (process.platform !== 'linux') return skip(`Wine 10 runs in a Debian chroot on Linux; this is ${process.platform}`);
  if (process.getuid?.() !== 0) return skip('not root (debootstrap, chroot and bind mounts need root)');

  const t0 = Date.now();
  // LAMB_WINE10_ROOT: the one variable wine10.sh (as ROOT) and the cross build (cmake/windows-addon.cmake) read.
  const root = process.env.LAMB_WINE10_ROOT ?? join(homedir(), '.cache', 'lamb-wine10');
  process.env.LAMB_WINE10_ROOT = root;
  let tSetup = t0;
  let tBuild = t0;

  // Everything this run mounts, in mounting order (undone in reverse), and starts.
  const mounted: string[] = [];
  let xvfb: ChildProcess | null = null;
  let wineserver: ChildProcess | null = null;
  const prefix = process.env.LAMB_WINEPREFIX ?? '/root/.wine';
  let display = '';

  const teardown = async () => {
    if (display) spawnSync('chroot', [root, ...wineEnv(prefix, display), 'timeout', '20', 'wineserver', '-k'], { stdio: 'ignore' });
    const ours = () => chrootPids(root, (pid) => hasPrefix(pid, prefix) || pid === xvfb?.pid);
    for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
      for (const pid of ours()) {
        try {
          process.kill(pid, signal);
        } catch {
          // exited meanwhile
        }
      }
      const until = Date.now() + 3000;
      while (ours().length > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    }
    for (const m of [...mounted].reverse()) {
      if (spawnSync('umount', [m]).status !== 0) spawnSync('umount', ['-l', m]);
    }
    restoreEnv();
  };

  try {
    run('bash', [join(REPO, 'scripts/wine10.sh'), 'setup'], 'scripts/wine10.sh setup', { ...process.env, ROOT: root });
    tSetup = Date.now();

    const stale = OUTPUTS.filter(({ when }) => !when || existsSync(join(REPO, when)))
      .filter(({ output, sources }) => {
        const out = join(REPO, output);
        return !existsSync(out) || statSync(out).mtimeMs < Math.max(...sources.map((p) => newestMtime(join(REPO, p))));
      })
      .map(({ output }) => output);
    if (stale.length > 0) {
      log(`missing or older than their sources: ${stale.join(', ')}: running the win32 cross build`);
      run(process.execPath, [join(REPO, 'scripts/build-win32.mjs'), '--prebuild'], 'the win32 cross build');
    }
    tBuild = Date.now();

    for (const m of SYSTEM_MOUNTS) {
      const target = join(root, m);
      if (isMountpoint(target)) continue;
      if (m === 'proc') run('mount', ['-t', 'proc', 'proc', target], `mounting ${target}`);
      else if (m === 'sys') run('mount', ['-t', 'sysfs', 'sysfs', target], `mounting ${target}`);
      else run('mount', ['--bind', `/${m}`, target], `mounting ${target}`);
      mounted.push(target);
    }
    // The repo at its own path; a symlinked node_modules (a worktree's) also at its target's path, read-only.
    const binds: [string, boolean][] = [[REPO, false]];
    const nm = join(REPO, 'node_modules');
    if (existsSync(nm) && lstatSync(nm).isSymbolicLink()) binds.push([realpathSync(nm), true]);
    for (const [path, readOnly] of binds) {
      const target = join(root, path);
      mkdirSync(target, { recursive: true });
      if (isMountpoint(target)) continue;
      run('mount', ['--bind', path, target], `bind-mounting ${path}`);
      mounted.push(target);
      if (readOnly) run('mount', ['-o', 'remount,bind,ro', target], `making ${target} read-only`);
    }

    if (!existsSync(join(root, prefix, 'system.reg'))) {
      log(`making the Wine prefix ${prefix} (a copy of /root/.wine)`);
      run('cp', ['-a', join(root, 'root/.wine'), join(root, prefix)], `copying the prefix to ${prefix}`);
    }
    const nodeExe = 'C:\\node\\node.exe';
    if (!existsSync(join(root, prefix, 'drive_c/node/node.exe'))) throw new Error(`wine global setup: no node.exe in ${prefix}`);

    display = process.env.LAMB_WINE_DISPLAY ?? pickDisplay();
    const xlog = openSync(join(root + '.logs', `xvfb-${display}.log`), 'w');
    xvfb = spawn('chroot', [root, 'env', '-i', 'PATH=/usr/bin:/bin', 'Xvfb', `:${display}`, '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], {
      stdio: ['ignore', xlog, xlog],
    });
    const x = xvfb;
    await waitFor(`Xvfb :${display}`, 10_000, () => existsSync(`/tmp/.X11-unix/X${display}`), () => x.exitCode === null);

    // -f: stay in the foreground (we keep its PID); -p: persistent, not exiting when the last program does.
    wineserver = spawn('chroot', [root, ...wineEnv(prefix, display), 'wineserver', '-f', '-p'], { stdio: 'ignore' });
    // A first program warms the prefix (services, explorer's desktop) so the tests' launches cost what they will.
    const warm = spawnSync('chroot', [root, ...wineEnv(prefix, display), 'wine', 'cmd', '/c', 'exit'], { stdio: 'ignore', timeout: 60_000 });
    if (warm.status !== 0) throw new Error(`wine global setup: a first Wine program did not run (exit ${warm.status ?? warm.signal})`);

    process.env.LAMB_WINE_ROOT = root;
    process.env.LAMB_WINEPREFIX = prefix;
    process.env.LAMB_WINE_DISPLAY = display;
    process.env.LAMB_WINE_NODE = nodeExe;
    delete process.env.LAMB_WINE_SKIP;
    const s = (ms: number) => (ms / 1000).toFixed(1);
    log(`ready in ${s(Date.now() - t0)} s (wine10.sh setup ${s(tSetup - t0)} s, prebuild ${s(tBuild - tSetup)} s, ` +
      `mounts + Xvfb :${display} + wineserver ${s(Date.now() - tBuild)} s); prefix ${prefix}`);
  } catch (err) {
    // Not thrown: a failed Wine setup (no network for debootstrap, a broken cross build) must not take the other
    // projects' tests of the same run down with it. Every Wine test fails instead, with this message.
    await teardown();
    const message = err instanceof Error ? err.message : String(err);
    log(`FAILED: ${message}`);
    process.env.LAMB_WINE_SETUP_ERROR = message;
    return async () => restoreEnv();
  }
  return teardown;
}
