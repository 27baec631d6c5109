/**
 * test/ type-checks (tsconfig.test.json: test/ and everything it imports, noEmit). Vitest only strips types,
 * so without this a test could call an API that no longer exists in that shape and still load.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

it('tsc -p tsconfig.test.json reports no errors', () => {
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.test.json', '--pretty', 'false'], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 240_000,
  });
  if (r.error) throw r.error;
  const output = `${r.stdout}${r.stderr}`.trim();
  expect(r.status, `tsc found type errors:\n${output}`).toBe(0);
}, 300_000);
