#!/usr/bin/env node
// Builds the native addon with cmake-js, offline: node-api-headers (package.json "binary.napi_versions")
// provide the headers, so nothing is downloaded. `npm install` runs it with --if-needed: a prebuild in
// prebuilds/<platform>-<arch>/ (node-gyp-build's layout) is used as it is. On Linux the AT-SPI backend
// needs libdbus headers: missing build packages are installed as root, or the exact apt-get line printed.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);

if (args.includes('--if-needed') && !process.env.LAMB_BUILD_FROM_SOURCE) {
  try {
    const found = createRequire(import.meta.url)('node-gyp-build').path(root);
    console.error(`lam-bridge: using ${found}`);
    process.exit(0);
  } catch {
    // no prebuild for this platform: build from source below
  }
}

if (process.platform === 'linux') {
  const deps = spawnSync('bash', [join(root, 'scripts/install-system-deps.sh'), 'build'], { stdio: 'inherit' });
  if (deps.status !== 0) {
    console.error('lam-bridge: the native build needs the packages above; install them and run `npm rebuild lam-bridge`.');
    process.exit(deps.status ?? 1);
  }
}

const cmakeJs = join(root, 'node_modules/cmake-js/bin/cmake-js');
const cli = existsSync(cmakeJs) ? cmakeJs : 'cmake-js';
const cmakeArgs = ['compile', '--out', 'build', ...args.filter((a) => a !== '--if-needed')];
console.error(`lam-bridge: building the native addon (cmake-js ${cmakeArgs.join(' ')})`);
const result = spawnSync(process.execPath, [cli, ...cmakeArgs], { cwd: root, stdio: ['ignore', 2, 2] });
// lam_uno.so (the UNO office backend) is built beside the addon only where LibreOffice's SDK is installed.
if (result.status === 0 && process.platform === 'linux' && !existsSync(join(root, 'build/Release/lam_uno.so')))
  console.error('lam-bridge: built without lam_uno.so (no LibreOffice SDK): for office automation run `bash scripts/install-system-deps.sh office`, then npm run build:native');
process.exit(result.status ?? 1);
