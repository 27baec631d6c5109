/**
 * The COM office backend's busy-server retry policy (native/win/office_retry.cc) as a pure function: compiled with
 * the system C++ compiler beside a small checker (test/native/win/office_retry_check.cc) and run; no COM, no Wine.
 * The policy itself runs inside the Windows addon (native/win/office_dispatch.cc, RetryWhileBusy).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..', '..');

describe('the COM busy-retry policy', () => {
  it('backs off 10, 20, 40 … 250 ms and never waits past the deadline', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lamb-office-retry-'));
    try {
      const binary = join(dir, 'check');
      const build = spawnSync(
        'c++',
        ['-std=c++17', '-Wall', '-Wextra', '-Werror', '-I', join(ROOT, 'native'), join(ROOT, 'test/native/win/office_retry_check.cc'),
          join(ROOT, 'native/win/office_retry.cc'), '-o', binary],
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
