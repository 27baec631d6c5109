#!/usr/bin/env node
// Writes this platform's prebuild in node-gyp-build's layout (prebuildify only drives node-gyp, and we build
// with cmake-js): prebuilds/<platform>-<arch>/node.napi[.glibc|.musl].node, then proves that it loads.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const build = spawnSync(process.execPath, [join(root, 'scripts/build-native.mjs')], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const binary = join(root, 'build/Release/lam_bridge.node');
if (!existsSync(binary)) {
  console.error(`prebuild: ${binary} was not produced`);
  process.exit(1);
}
// node-gyp-build tells glibc from musl on Linux by a file tag, as prebuildify names them.
const libc = process.platform === 'linux' ? (existsSync('/etc/alpine-release') ? '.musl' : '.glibc') : '';
const dir = join(root, 'prebuilds', `${process.platform}-${process.arch}`);
mkdirSync(dir, { recursive: true });
const target = join(dir, `node.napi${libc}.node`);
copyFileSync(binary, target);

// The UNO office backend (native/linux/office), built only where LibreOffice's SDK is: the addon dlopens it
// from its own directory, so it goes beside the prebuild.
const uno = join(root, 'build/Release/lam_uno.so');
if (process.platform === 'linux') {
  if (existsSync(uno)) copyFileSync(uno, join(dir, 'lam_uno.so'));
  else console.error('prebuild: no lam_uno.so (built without LibreOffice\'s SDK): office calls will answer OFFICE_UNAVAILABLE');
}

const check = spawnSync(
  process.execPath,
  ['-e', `const a = require(${JSON.stringify(target)}); if (typeof a.snapshot !== 'function') process.exit(3); console.log(a.platform())`],
  { encoding: 'utf8' },
);
if (check.status !== 0) {
  console.error(`prebuild: ${target} does not load: ${check.stderr}`);
  process.exit(1);
}
console.error(`prebuild: wrote ${target} (platform backend: ${check.stdout.trim()})`);
