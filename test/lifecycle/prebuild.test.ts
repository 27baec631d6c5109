/** `npm run prebuild` writes node-gyp-build's layout, and a package holding only the prebuild loads it. */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

describe('prebuild', () => {
  it('writes prebuilds/<platform>-<arch>/node.napi.glibc.node, which node-gyp-build picks without build/', () => {
    execFileSync(process.execPath, [join(ROOT, 'scripts/prebuild.mjs')], { stdio: 'pipe', timeout: 300_000 });
    const pkg = mkdtempSync(join(tmpdir(), 'lamb-prebuild-'));
    try {
      writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'lam-bridge-prebuild-check', version: '0.0.0' }));
      cpSync(join(ROOT, 'prebuilds'), join(pkg, 'prebuilds'), { recursive: true });
      const nodeGypBuild = createRequire(join(ROOT, 'package.json'))('node-gyp-build') as {
        (dir: string): { platform(): string };
        path(dir: string): string;
      };
      expect(nodeGypBuild.path(pkg)).toBe(join(pkg, 'prebuilds', `${process.platform}-${process.arch}`, 'node.napi.glibc.node'));
      expect(nodeGypBuild(pkg).platform()).toBe('atspi');
    } finally {
      rmSync(pkg, { recursive: true, force: true });
    }
  }, 300_000);
});
