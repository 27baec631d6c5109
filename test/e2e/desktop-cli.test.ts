/**
 * `lamb desktop`: a detached desktop that outlives the command (start -> status -> a real snapshot through
 * `lamb` on it -> stop -> gone), and `run -- CMD` (environment set, exit code passed through, cleaned up,
 * also on a signal). Each test has its own state directory, so nothing here meets a developer's desktop.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SnapshotData } from '../../lib/model/index.js';
import { LAMB, lamb } from '../helpers/cli.js';
import { alive } from '../helpers/processes.js';

/** The variables of `export NAME=value` lines (bare or single-quoted values). */
function parseExports(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/^export ([A-Z_]+)=(?:'((?:[^']|'\\'')*)'|(\S*))$/gm))
    out[m[1]!] = m[2] === undefined ? m[3]! : m[2].replace(/'\\''/g, "'");
  return out;
}

/** Live processes of a desktop: its Xvfb (by display) and anything on its session bus or in its directory. */
function desktopProcesses(display: string, sessionDir: string): string[] {
  const found: string[] = [];
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e) || !alive(Number(e))) continue;
    let cmdline = '';
    let environ = '';
    try {
      cmdline = readFileSync(`/proc/${e}/cmdline`, 'utf8').split('\0').join(' ');
      environ = readFileSync(`/proc/${e}/environ`, 'utf8');
    } catch {
      // gone, or not ours to read
    }
    if (new RegExp(`^\\S*Xvfb :${display} `).test(cmdline) || cmdline.includes(sessionDir) || environ.includes(`unix:path=${sessionDir}/bus`))
      found.push(`${e}: ${cmdline.slice(0, 120)}`);
  }
  return found;
}

interface StatusJson {
  state: 'running' | 'stopped' | 'broken';
  alive: { role: string; pid: number }[];
  record: { sessionDir: string; display: number; processes: { role: string; pid: number }[] } | null;
}

describe('lamb desktop', () => {
  let stateDir: string;
  let env: NodeJS.ProcessEnv;
  beforeEach(() => {
    stateDir = mkdtempSync(join(tmpdir(), 'lamb-desktop-state-'));
    // A caller without a desktop of its own: nothing may leak in from the test desktop.
    env = { ...process.env, LAMB_DESKTOP_STATE_DIR: stateDir };
    for (const k of ['DISPLAY', 'DBUS_SESSION_BUS_ADDRESS', 'AT_SPI_BUS_ADDRESS']) delete env[k];
  });
  afterEach(async () => {
    // Whatever a failed test left running.
    await lamb(['desktop', 'stop', '--name', 'e2e'], { env, timeoutMs: 60_000 });
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('start -> status -> snapshot through lamb -> stop -> status says stopped and the PIDs are gone', async () => {
    const started = await lamb(['desktop', 'start', '--name', 'e2e', '--apps', 'widgetFactory'], { env, timeoutMs: 90_000 });
    expect(started.code, started.stderr).toBe(0);
    const exported = parseExports(started.stdout);
    expect(exported.DISPLAY).toMatch(/^:\d+$/);
    expect(exported.DISPLAY).not.toBe(process.env.DISPLAY);
    expect(exported.AT_SPI_BUS_ADDRESS).toBeTruthy();
    expect(exported.DBUS_SESSION_BUS_ADDRESS).toBeTruthy();
    expect(exported.LAMB_DESKTOP_STATE_DIR).toBe(stateDir);
    expect(started.stdout).toMatch(/^unset NO_AT_BRIDGE$/m);

    // The command has exited; the desktop must still be there.
    const status = await lamb(['desktop', 'status', '--name', 'e2e', '--json'], { env });
    expect(status.code, status.stderr).toBe(0);
    const running = JSON.parse(status.stdout) as StatusJson;
    expect(running.state).toBe('running');
    const pids = running.record!.processes.map((p) => p.pid);
    expect(running.record!.processes.map((p) => p.role)).toEqual(['Xvfb', 'dbus-daemon', 'at-spi-bus-launcher', 'widgetFactory']);
    for (const pid of pids) expect(alive(pid), `pid ${pid}`).toBe(true);

    // A shell that ran `eval "$(lamb desktop start)"` sees the app.
    const shellEnv = { ...env, ...exported };
    const snap = await lamb(['snapshot', '--app', 'gtk3-widget-factory', '--format', 'json'], { env: shellEnv });
    expect(snap.code, snap.stderr).toBe(0);
    const data = SnapshotData.parse(JSON.parse(snap.stdout));
    expect(data.nodes.some((n) => n.role === 'RadioButton' && n.name === 'Page 1')).toBe(true);

    // A second start finds it running and prints the same environment.
    const again = await lamb(['desktop', 'start', '--name', 'e2e'], { env: shellEnv });
    expect(again.code).toBe(0);
    expect(parseExports(again.stdout).DISPLAY).toBe(exported.DISPLAY);

    const stopped = await lamb(['desktop', 'stop', '--name', 'e2e'], { env: shellEnv, timeoutMs: 60_000 });
    expect(stopped.code, stopped.stderr).toBe(0);
    for (const pid of pids) expect(alive(pid), `pid ${pid}`).toBe(false);
    expect(existsSync(running.record!.sessionDir)).toBe(false);
    expect(existsSync(`/tmp/.X11-unix/X${running.record!.display}`)).toBe(false);

    const after = await lamb(['desktop', 'status', '--name', 'e2e'], { env: shellEnv });
    expect(after.code).toBe(1);
    expect(after.stdout.trim()).toBe('stopped');
  }, 180_000);

  it('status of a desktop whose processes died says broken, and stop cleans up the rest', async () => {
    const started = await lamb(['desktop', 'start', '--name', 'e2e'], { env, timeoutMs: 60_000 });
    expect(started.code, started.stderr).toBe(0);
    const running = JSON.parse((await lamb(['desktop', 'status', '--name', 'e2e', '--json'], { env })).stdout) as StatusJson;
    const launcher = running.record!.processes.find((p) => p.role === 'at-spi-bus-launcher')!;
    process.kill(-launcher.pid, 'SIGKILL');
    const deadline = Date.now() + 10_000;
    while (alive(launcher.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const broken = await lamb(['desktop', 'status', '--name', 'e2e', '--json'], { env });
    expect(broken.code).toBe(1);
    expect((JSON.parse(broken.stdout) as StatusJson).state).toBe('broken');
    expect((await lamb(['desktop', 'stop', '--name', 'e2e'], { env, timeoutMs: 60_000 })).code).toBe(0);
    for (const p of running.record!.processes) expect(alive(p.pid), `${p.role} ${p.pid}`).toBe(false);
  }, 120_000);

  it('run -- CMD: the command sees a desktop of its own, its exit code comes back, the desktop is gone after', async () => {
    const r = await lamb(
      ['desktop', 'run', '--', 'sh', '-c', 'echo "DISPLAY=$DISPLAY"; echo "AT_SPI=$AT_SPI_BUS_ADDRESS"; echo "NAB=${NO_AT_BRIDGE-unset}"; exit 7'],
      { env: { ...env, NO_AT_BRIDGE: '1' }, timeoutMs: 60_000 },
    );
    expect(r.code, r.stderr).toBe(7);
    const display = /^DISPLAY=(:\d+)$/m.exec(r.stdout)?.[1];
    expect(display).toBeDefined();
    expect(display).not.toBe(process.env.DISPLAY);
    expect(r.stdout).toMatch(/^AT_SPI=unix:path=\S+$/m);
    expect(r.stdout).toMatch(/^NAB=unset$/m);
    expect(existsSync(`/tmp/.X11-unix/X${display!.slice(1)}`)).toBe(false);
    expect(existsSync(`/tmp/.X${display!.slice(1)}-lock`)).toBe(false);
  }, 90_000);

  it('run -- CMD on SIGTERM: passes it on, stops the desktop, exits 143', async () => {
    const child = spawn(process.execPath, [LAMB, 'desktop', 'run', '--', 'sh', '-c', 'echo "DISPLAY=$DISPLAY"; exec sleep 60'], { env });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
    const deadline = Date.now() + 60_000;
    while (!/DISPLAY=:\d+\n/.test(stdout) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const display = /DISPLAY=:(\d+)/.exec(stdout)?.[1];
    expect(display).toBeDefined();
    child.kill('SIGTERM');
    expect(await exited).toBe(143);
    expect(existsSync(`/tmp/.X11-unix/X${display}`)).toBe(false);
  }, 90_000);

  for (const [sig, when, code] of [
    ['SIGINT', 'while Writer starts', 130],
    ['SIGTERM', 'while the desktop starts', 143],
  ] as const) {
    it(`start interrupted by ${sig} ${when}: stops what it started, leaves no record`, async () => {
      const child = spawn(process.execPath, [LAMB, 'desktop', 'start', '--name', 'e2e', '--apps', 'writer'], { env });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d));
      const exited = new Promise<number | null>((res) => child.on('exit', (c) => res(c)));
      // Progress lines name the display and the desktop's directory (its session bus socket is in it).
      const waitFor = async (re: RegExp): Promise<RegExpExecArray> => {
        const deadline = Date.now() + 60_000;
        while (Date.now() < deadline) {
          const m = re.exec(stderr);
          if (m) return m;
          await new Promise((r) => setTimeout(r, 20));
        }
        throw new Error(`no ${re} in: ${stderr}`);
      };
      const display = (await waitFor(/Xvfb :(\d+) up/))[1]!;
      const sessionDir = (await waitFor(/session bus unix:path=(\S+)\/bus/))[1]!;
      if (sig === 'SIGINT') {
        await waitFor(/desktop :\d+ ready/);
        // Writer takes seconds to start; be well inside that.
        await new Promise((r) => setTimeout(r, 1500));
        expect(stderr).not.toMatch(/writer: AT-SPI app/);
        expect(desktopProcesses(display, sessionDir).join('\n')).toMatch(/soffice/);
      } else {
        expect(desktopProcesses(display, sessionDir).join('\n')).toMatch(/Xvfb/);
      }
      child.kill(sig);
      expect(await exited, stderr).toBe(code);
      expect(stderr).toMatch(new RegExp(`${sig}: stopping what was started`));
      expect(desktopProcesses(display, sessionDir)).toEqual([]);
      expect(existsSync(sessionDir)).toBe(false);
      expect(existsSync(`/tmp/.X11-unix/X${display}`)).toBe(false);
      // Nothing turns up later either (e.g. an app that was still forking).
      await new Promise((r) => setTimeout(r, 500));
      expect(desktopProcesses(display, sessionDir)).toEqual([]);
      const status = await lamb(['desktop', 'status', '--name', 'e2e'], { env });
      expect(status.stdout.trim()).toBe('stopped');
      expect(status.code).toBe(1);
    }, 120_000);
  }

  // The command counts the SIGINTs it gets: after the first it waits a second for more, then exits with the count.
  const countInts =
    "let n=0;process.on('SIGINT',()=>{n++;console.log('SIGINT '+n);if(n===1)setTimeout(()=>{console.log('total '+n);process.exit(n)},1000)});" +
    "console.log('ready');setTimeout(()=>process.exit(99),60000)";

  it('run -- CMD: a SIGINT sent to lamb (no terminal) is passed on to the command, once', async () => {
    const child = spawn(process.execPath, [LAMB, 'desktop', 'run', '--', process.execPath, '-e', countInts], { env });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
    const deadline = Date.now() + 60_000;
    while (!/^ready$/m.test(stdout) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGINT');
    expect(await exited, stdout).toBe(1);
    expect(stdout).toMatch(/^total 1$/m);
  }, 90_000);

  it('run -- CMD on a terminal: Ctrl-C reaches the command once (from the terminal), not twice', async () => {
    const q = (w: string) => `'${w.replace(/'/g, `'\\''`)}'`;
    const command = [process.execPath, LAMB, 'desktop', 'run', '--', process.execPath, '-e', countInts].map(q).join(' ');
    // script(1) runs the command on a pseudo-terminal and copies our stdin to it: \x03 there is a Ctrl-C.
    // It runs it with `$SHELL -c`; `exec` makes lamb the terminal's foreground process itself, as under an
    // interactive shell (dash, CI's shell when SHELL is unset, would otherwise wait, take the SIGINT too and
    // exit 130 whatever lamb answered).
    const child = spawn('script', ['-qfec', `exec ${command}`, '/dev/null'], { env: { ...env, SHELL: '/bin/sh' } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
    const deadline = Date.now() + 60_000;
    while (!/^ready\r?$/m.test(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(out).toMatch(/^ready\r?$/m);
    child.stdin.write('\x03');
    expect(await exited, out).toBe(1);
    expect(out).toMatch(/^total 1\r?$/m);
    expect(out).not.toMatch(/SIGINT 2/);
  }, 90_000);

  it("lib/session loads no ES module copy of zod: its schemas are built with lib/model's (CommonJS) zod", () => {
    // A resolve hook (its own thread) reports every ES module resolution into zod; require() does not pass it.
    const hooks =
      'let port; export function initialize(d) { port = d.port; }' +
      'export async function resolve(s, c, n) { const r = await n(s, c); if (/\\/node_modules\\/zod\\//.test(r.url)) port.postMessage(r.url); return r; }';
    const probe = `
      import { register } from 'node:module';
      import { MessageChannel } from 'node:worker_threads';
      const { port1, port2 } = new MessageChannel();
      const seen = [];
      port1.on('message', (u) => seen.push(u));
      port1.unref();
      register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hooks)}), { data: { port: port2 }, transferList: [port2] });
      const session = await import(${JSON.stringify(join(dirname(LAMB), '..', 'session', 'index.js'))});
      const state = await import(${JSON.stringify(join(dirname(LAMB), '..', 'session', 'desktop-state.js'))});
      if (state.DesktopState.safeParse({}).success) throw new Error('parsed');
      await new Promise((r) => setTimeout(r, 200));
      console.log(JSON.stringify(seen));`;
    const seen = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', probe], { encoding: 'utf8' })) as string[];
    expect(seen).toEqual([]);
  });

  it('rejects an unknown app with a usage error before starting anything', async () => {
    const r = await lamb(['desktop', 'start', '--name', 'e2e', '--apps', 'nosuchapp'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/INVALID_ARGUMENT: .*unknown app 'nosuchapp'/);
    expect((await lamb(['desktop', 'status', '--name', 'e2e'], { env })).stdout.trim()).toBe('stopped');
  });
});
