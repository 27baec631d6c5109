/** lib/session's pure parts: where desktop records live, what a record must look like, toolkit switches. */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseGVariantString } from '../../lib/session/atspi-bus-probe.js';
import { readState, stateDir, stateFile } from '../../lib/session/desktop-state.js';
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
