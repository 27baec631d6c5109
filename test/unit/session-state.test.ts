/** lib/session's pure parts: where desktop records live, what a record must look like, toolkit switches. */
import { spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseGVariantString } from '../../lib/session/atspi-bus-probe.js';
import { desktopStatus, readState, recordSession, stateDir, stateFile, stopRecordedDesktop } from '../../lib/session/desktop-state.js';
import type { DesktopSession } from '../../lib/session/desktop-session.js';
import { groupMembers, killGroup, readStat } from '../../lib/session/process-group.js';
import { withAccessibility } from '../../lib/session/toolkit-accessibility.js';

const made: string[] = [];
function tempDir(mode = 0o700): string {
  const dir = mkdtempSync(join(tmpdir(), 'lamb-session-unit-'));
  made.push(dir);
  mkdirSync(join(dir, 'runtime'), { mode });
  return dir;
}
afterEach(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('desktop records', () => {
  it('live in LAMB_DESKTOP_STATE_DIR, else a private XDG_RUNTIME_DIR, else the tmpdir', () => {
    const dir = tempDir();
    expect(stateDir({ LAMB_DESKTOP_STATE_DIR: '/x/y', XDG_RUNTIME_DIR: join(dir, 'runtime') })).toBe('/x/y');
    if (process.platform !== 'win32') {
      expect(stateDir({ XDG_RUNTIME_DIR: join(dir, 'runtime') })).toBe(join(dir, 'runtime', 'lam-bridge'));
      // A runtime dir others can read is not one (XDG's rules), so records go to the fallback.
      const open = tempDir(0o755);
      expect(stateDir({ XDG_RUNTIME_DIR: join(open, 'runtime') })).toMatch(/lam-bridge-/);
    }
    expect(stateDir({})).toBe(join(tmpdir(), `lam-bridge-${process.getuid?.() ?? 'user'}`));
  });

  it('are named by a plain desktop name only (no path tricks)', () => {
    expect(stateFile('ci-1', { LAMB_DESKTOP_STATE_DIR: '/s' })).toBe(join('/s', 'desktop-ci-1.json'));
    expect(() => stateFile('../etc', { LAMB_DESKTOP_STATE_DIR: '/s' })).toThrow(/must match/);
    expect(() => stateFile('', { LAMB_DESKTOP_STATE_DIR: '/s' })).toThrow(/must match/);
  });

  it('absent reads as null; a file that is not a record is an error, not a stopped desktop', () => {
    const dir = tempDir();
    const env = { LAMB_DESKTOP_STATE_DIR: dir };
    expect(readState('default', env)).toBeNull();
    writeFileSync(join(dir, 'desktop-default.json'), JSON.stringify({ version: 1, name: 'default', processes: 'all' }));
    expect(() => readState('default', env)).toThrow(/not a lam-bridge desktop record/);
  });
});

/** A record as `start` writes it, with a session directory of the kind `start` makes; fields overridable. */
function plantRecord(dir: string, overrides: Record<string, unknown> = {}, name = 'default'): { file: string; sessionDir: string } {
  const sessionDir = mkdtempSync(join(tmpdir(), 'lamb-desktop-'));
  made.push(sessionDir);
  const record = {
    version: 1,
    name,
    startedAt: new Date().toISOString(),
    display: 4321,
    env: { DISPLAY: ':4321', DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent', AT_SPI_BUS_ADDRESS: 'unix:path=/nonexistent', XDG_RUNTIME_DIR: sessionDir },
    sessionDir,
    processes: [{ role: 'Xvfb', pid: 999_999_999, startTime: 1 }],
    apps: [],
    ...overrides,
  };
  const file = join(dir, `desktop-${name}.json`);
  writeFileSync(file, JSON.stringify(record), { mode: 0o600 });
  return { file, sessionDir };
}

describe('desktop records are trusted only when they are ours', () => {
  it('a record naming pid 1 (kill(-1) = everyone) or pid 0, or without a start time, is rejected', () => {
    const dir = tempDir();
    const env = { LAMB_DESKTOP_STATE_DIR: dir };
    for (const processes of [
      [{ role: 'Xvfb', pid: 1, startTime: 1 }],
      [{ role: 'Xvfb', pid: 0, startTime: 1 }],
      [{ role: 'Xvfb', pid: 4242, startTime: null }],
      [{ role: 'Xvfb', pid: 4242 }],
    ]) {
      plantRecord(dir, { processes });
      expect(() => readState('default', env), JSON.stringify(processes)).toThrow(/not a lam-bridge desktop record/);
    }
    plantRecord(dir, { apps: [{ kind: 'writer', pid: 1, busName: ':1.1' }] });
    expect(() => readState('default', env)).toThrow(/not a lam-bridge desktop record/);
  });

  it("a record whose sessionDir is not a lamb-desktop-* directory in the tmpdir is rejected, and stop removes nothing", async () => {
    const dir = tempDir();
    const env = { LAMB_DESKTOP_STATE_DIR: dir };
    const victim = mkdtempSync(join(tmpdir(), 'lamb-session-victim-'));
    made.push(victim);
    for (const sessionDir of ['/', '/home', victim, join(tmpdir(), 'lamb-desktop-abcdef', '..', 'x'), 'lamb-desktop-abcdef', join(victim, 'lamb-desktop-abcdef')]) {
      plantRecord(dir, { sessionDir });
      expect(() => readState('default', env), sessionDir).toThrow(/sessionDir .* is not a lamb-desktop-XXXXXX directory/);
      await expect(stopRecordedDesktop('default', env)).rejects.toThrow(/not a lam-bridge desktop record/);
    }
    expect(existsSync(victim)).toBe(true);
    expect(existsSync(join(dir, 'desktop-default.json'))).toBe(true);
  });

  it('a record in a directory others can enter, or a file others can write, is refused', async () => {
    const dir = tempDir();
    const env = { LAMB_DESKTOP_STATE_DIR: dir };
    const { file, sessionDir } = plantRecord(dir);
    expect(readState('default', env)?.sessionDir).toBe(sessionDir);
    chmodSync(file, 0o666);
    expect(() => readState('default', env)).toThrow(/only we can write/);
    chmodSync(file, 0o600);
    chmodSync(dir, 0o755);
    expect(() => readState('default', env)).toThrow(/not private to this user/);
    await expect(stopRecordedDesktop('default', env)).rejects.toThrow(/not private/);
    expect(existsSync(sessionDir)).toBe(true);
    chmodSync(dir, 0o700);
  });

  it.runIf(process.getuid?.() === 0)('(as root) a state directory, record or session directory owned by another user is refused', () => {
    const dir = tempDir();
    const env = { LAMB_DESKTOP_STATE_DIR: dir };
    const { file, sessionDir } = plantRecord(dir);
    chownSync(dir, 65534, 65534);
    expect(() => readState('default', env)).toThrow(/not private to this user/);
    chownSync(dir, 0, 0);
    chownSync(file, 65534, 65534);
    expect(() => readState('default', env)).toThrow(/regular file of ours/);
    chownSync(file, 0, 0);
    chownSync(sessionDir, 65534, 65534);
    expect(() => readState('default', env)).toThrow(/not a directory of ours/);
    chownSync(sessionDir, 0, 0);
    expect(readState('default', env)).not.toBeNull();
  });

  it('killGroup never signals group 0, 1 or a negative number', async () => {
    const kill = vi.spyOn(process, 'kill').mockImplementation(() => true);
    try {
      for (const g of [1, 0, -1, -42, 1.5, Number.NaN]) await killGroup(g, 10);
      expect(kill).not.toHaveBeenCalled();
    } finally {
      kill.mockRestore();
    }
  });

  it.runIf(process.platform === 'linux')('stop leaves a live group alone whose leader started at another time than recorded', async () => {
    const dir = tempDir();
    const env = { LAMB_DESKTOP_STATE_DIR: dir };
    const stranger = spawn('sleep', ['30'], { detached: true, stdio: 'ignore' });
    try {
      const pid = stranger.pid!;
      const real = readStat(pid)!.startTime;
      const { sessionDir } = plantRecord(dir, { processes: [{ role: 'writer', pid, startTime: real + 1 }] });
      expect(await stopRecordedDesktop('default', env)).not.toBeNull();
      expect(readStat(pid)?.state).not.toBe('Z');
      expect(stranger.exitCode).toBeNull();
      // The record itself was ours: its files are gone.
      expect(existsSync(sessionDir)).toBe(false);
      expect(existsSync(join(dir, 'desktop-default.json'))).toBe(false);
    } finally {
      stranger.kill('SIGKILL');
    }
  });
});

describe('a group whose leader has exited (a launcher that handed off to a child)', () => {
  it.runIf(process.platform === 'linux')('is recorded by its oldest member, counts as alive, and stop takes it down', async () => {
    const dir = tempDir();
    const env = { LAMB_DESKTOP_STATE_DIR: dir };
    const launcher = spawn('sh', ['-c', 'sleep 30 & echo $!'], { detached: true, stdio: ['ignore', 'pipe', 'ignore'] });
    const pgid = launcher.pid!;
    // Listened for from the start: sh exits right after its echo, and an 'exit' emitted before a listener is
    // attached would be waited for forever.
    const exited = new Promise((r) => launcher.once('exit', r));
    const member = Number(await new Promise<string>((res) => launcher.stdout.once('data', (d: Buffer) => res(String(d).trim()))));
    await exited;
    try {
      expect(groupMembers(pgid)).toEqual([member]);
      const sessionDir = mkdtempSync(join(tmpdir(), 'lamb-desktop-'));
      made.push(sessionDir);
      const session = {
        desktop: { display: 4321, env: { DISPLAY: ':4321', DBUS_SESSION_BUS_ADDRESS: 'x', AT_SPI_BUS_ADDRESS: 'x', XDG_RUNTIME_DIR: sessionDir }, sessionDir, groups: [] },
        apps: [{ kind: 'writer', app: { pid: member, busName: ':1.9', groups: [pgid] } }],
      } as unknown as DesktopSession;
      const record = recordSession('default', session, env);
      expect(record.processes).toEqual([{ role: 'writer', pid: pgid, startTime: readStat(member)!.startTime }]);
      expect((await desktopStatus('default', env)).alive).toEqual([{ role: 'writer', pid: pgid }]);
      await stopRecordedDesktop('default', env);
      expect(groupMembers(pgid)).toEqual([]);
      expect(existsSync(sessionDir)).toBe(false);
    } finally {
      try {
        process.kill(member, 'SIGKILL');
      } catch {
        // already stopped
      }
    }
  });

  it('a group with no live member at all is an app that died during start-up: no record', () => {
    const dir = tempDir();
    const sessionDir = mkdtempSync(join(tmpdir(), 'lamb-desktop-'));
    made.push(sessionDir);
    const session = {
      desktop: { display: 4321, env: { DISPLAY: ':4321', DBUS_SESSION_BUS_ADDRESS: 'x', AT_SPI_BUS_ADDRESS: 'x', XDG_RUNTIME_DIR: sessionDir }, sessionDir, groups: [] },
      apps: [{ kind: 'writer', app: { pid: 999_999_999, busName: ':1.9', groups: [999_999_999] } }],
    } as unknown as DesktopSession;
    expect(() => recordSession('default', session, { LAMB_DESKTOP_STATE_DIR: dir })).toThrow(/writer \(process group 999999999\) exited/);
    expect(existsSync(join(dir, 'desktop-default.json'))).toBe(false);
  });
});

describe('toolkit accessibility switches', () => {
  it('GTK 3 apps never inherit NO_AT_BRIDGE or GTK_A11Y, which would hide them from AT-SPI', () => {
    const { env, args } = withAccessibility('gtk3', { NO_AT_BRIDGE: '1', GTK_A11Y: 'none', KEEP: 'x' }, ['--flag']);
    expect(env).toEqual({ KEEP: 'x' });
    expect(args).toEqual(['--flag']);
  });

  it('LibreOffice runs its GTK 3 VCL plug-in, the one that exposes AT-SPI', () => {
    expect(withAccessibility('libreoffice-gtk3', { NO_AT_BRIDGE: '1' }, []).env).toEqual({ SAL_USE_VCLPLUGIN: 'gtk3' });
  });
});

describe('GVariant text', () => {
  it('reads the first string literal, with escapes', () => {
    expect(parseGVariantString("(<'gtk3-demo'>,)")).toBe('gtk3-demo');
    expect(parseGVariantString(`('unix:path=/tmp/a,guid=1',)`)).toBe('unix:path=/tmp/a,guid=1');
    expect(parseGVariantString(String.raw`(<'it\'s \u00e9'>,)`)).toBe("it's é");
    expect(parseGVariantString('(uint32 5,)')).toBeNull();
  });
});
