#!/usr/bin/env node
// Builds the native addon with cmake-js, offline: node-api-headers (package.json "binary.napi_versions")
// provide the headers, so nothing is downloaded. Run by `npm install` when no prebuild matches, and by
// `npm run build:native`. On Linux the AT-SPI backend needs libdbus headers: missing build packages are
// installed as root, or the exact apt-get line is printed.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

if (process.platform === 'linux') {
  const deps = spawnSync('bash', [join(root, 'scripts/install-system-deps.sh'), 'build'], { stdio: 'inherit' });
  if (deps.status !== 0) {
    console.error('lam-bridge: the native build needs the packages above; install them and run `npm rebuild lam-bridge`.');
    process.exit(deps.status ?? 1);
  }
}

const cmakeJs = join(root, 'node_modules/cmake-js/bin/cmake-js');
const cli = existsSync(cmakeJs) ? cmakeJs : 'cmake-js';
const args = ['compile', '--out', 'build', ...process.argv.slice(2)];
console.error(`lam-bridge: building the native addon (cmake-js ${args.join(' ')})`);
const result = spawnSync(process.execPath, [cli, ...args], { cwd: root, stdio: ['ignore', 2, 2] });
process.exit(result.status ?? 1);
