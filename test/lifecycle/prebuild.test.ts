/** `npm run prebuild` writes node-gyp-build's layout, and a package holding only the prebuild loads it. */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
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

describe('a missing binary', () => {
  it('fails with a guided error naming what to do, not a bare module error', () => {
    const pkg = mkdtempSync(join(tmpdir(), 'lamb-nobinary-'));
    try {
      // The compiled package without build/ or prebuilds/, as after `npm install --ignore-scripts`.
      cpSync(join(ROOT, 'dist'), join(pkg, 'dist'), { recursive: true });
      cpSync(join(ROOT, 'package.json'), join(pkg, 'package.json'));
      cpSync(join(ROOT, 'CMakeLists.txt'), join(pkg, 'CMakeLists.txt'));
      symlinkSync(join(ROOT, 'node_modules'), join(pkg, 'node_modules'));
      const script = `import('${join(pkg, 'dist/lib/index.js')}').then(({ Desktop }) => Desktop.open()).then(
        () => console.log('opened'),
        (e) => { console.log(JSON.stringify({ code: e.code, message: e.message })); });`;
      const out = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 30_000 });
      const error = JSON.parse(out) as { code: string; message: string };
      expect(error.code).toBe('INTERNAL');
      expect(error.message).toMatch(/cannot load the native addon/);
      expect(error.message).toMatch(/Possible solutions:/);
      expect(error.message).toMatch(/npm rebuild lam-bridge/);
    } finally {
      rmSync(pkg, { recursive: true, force: true });
    }
  });
});
