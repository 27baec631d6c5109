/**
 * The one D-Bus error map (native/linux/dbus_errors.cc) as a pure function: compiled with the system C++
 * compiler beside a small checker (test/native/dbus_errors_check.cc) and run; no bus, no app, no addon.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

describe('the D-Bus error map', () => {
  it('classifies every error name the same way everywhere, and UnknownMethod by context', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lamb-dbus-errors-'));
    try {
      const binary = join(dir, 'check');
      const build = spawnSync(
        'c++',
        ['-std=c++17', '-Wall', '-Wextra', '-Werror', '-I', join(ROOT, 'native'), join(ROOT, 'test/native/dbus_errors_check.cc'),
          join(ROOT, 'native/linux/dbus_errors.cc'), '-o', binary],
        { encoding: 'utf8' },
      );
      expect(build.status, build.stderr).toBe(0);
      const run = spawnSync(binary, [], { encoding: 'utf8' });
      expect(run.stdout.trim()).toBe('0 failures');
      expect(run.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
