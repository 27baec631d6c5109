#!/usr/bin/env node
// The Windows addon, built where we are:
//   on Linux: cross-compiled with mingw-w64 (cmake/mingw-w64-x86_64.cmake) against Wine 10's UIA headers
//             (scripts/wine10.sh setup unpacks them; LAMB_WINE10_ROOT points elsewhere);
//   on Windows: with MSVC, as cmake-js finds it (Visual Studio Build Tools).
// Output: build-win32/Release/lam_bridge.node, plus the Windows test programs (test/native/win: the test app, the
// UIA double DLL) unless --no-test-programs.
//
//   node scripts/build-win32.mjs [--prebuild] [--no-test-programs] [--clean]
//
// --prebuild also writes prebuilds/win32-x64/node.napi.node (node-gyp-build's layout, what `npm install` on
// Windows picks up) and checks the DLL's imports: node.exe must be delay-loaded only (cmake/windows-addon.cmake),
// never in the plain import table, or the addon would not load in Electron or a renamed node.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const prebuild = args.includes('--prebuild');
const testPrograms = !args.includes('--no-test-programs');
const onWindows = process.platform === 'win32';
const out = 'build-win32';
const t0 = Date.now();

function fail(message) {
  console.error(`build-win32: ${message}`);
  process.exit(1);
}

if (!onWindows) {
  if (process.platform !== 'linux') fail('the cross build runs on Linux (mingw-w64) or natively on Windows (MSVC)');
  const deps = spawnSync('bash', [join(root, 'scripts/install-system-deps.sh'), 'build', 'windows'], { stdio: 'inherit' });
  if (deps.status !== 0) fail('the cross build needs the packages above (scripts/install-system-deps.sh windows)');
}
if (args.includes('--clean')) rmSync(join(root, out), { recursive: true, force: true });

const cmakeJs = join(root, 'node_modules/cmake-js/bin/cmake-js');
// `build`, not `compile`: compile answers a failed build with a full clean rebuild, which doubles the time of every
// failure (minutes on CI's 2 cores) and hides nothing --clean could not fix.
const cmakeArgs = ['build', '--out', out, '--parallel', '2'];
if (!onWindows) cmakeArgs.push(`--CDCMAKE_TOOLCHAIN_FILE=${join(root, 'cmake/mingw-w64-x86_64.cmake')}`);
if (testPrograms) cmakeArgs.push('--CDLAM_BUILD_WIN_TEST_PROGRAMS=ON', '--CDLAM_BUILD_UIA_DOUBLE=ON');
console.error(`build-win32: cmake-js ${cmakeArgs.join(' ')}`);
const build = spawnSync(process.execPath, [existsSync(cmakeJs) ? cmakeJs : 'cmake-js', ...cmakeArgs], {
  cwd: root,
  stdio: ['ignore', 2, 2],
});
if (build.status !== 0) fail(`cmake-js failed (exit ${build.status})`);

const binary = join(root, out, 'Release', 'lam_bridge.node');
if (!existsSync(binary)) fail(`${binary} was not produced`);
console.error(`build-win32: built ${binary} (${statSync(binary).size} bytes) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

if (prebuild) {
  if (!onWindows) checkImports(binary);
  const dir = join(root, 'prebuilds', 'win32-x64');
  mkdirSync(dir, { recursive: true });
  const target = join(dir, 'node.napi.node');
  copyFileSync(binary, target);
  console.error(`build-win32: wrote ${target}`);
  if (onWindows) {
    // Natively we can prove it loads, as scripts/prebuild.mjs does; on Linux test/wine/ does it under Wine.
    const check = spawnSync(process.execPath, ['-e', `console.log(require(${JSON.stringify(target)}).platform())`], {
      encoding: 'utf8',
    });
    if (check.status !== 0 || check.stdout.trim() !== 'uia') fail(`${target} does not load: ${check.stderr}`);
  }
}

// objdump -p lists the plain import table ("DLL Name: X" under "The Import Tables"). GNU ld leaves the PE's
// Delay Import Directory entry empty for dlltool's delay libraries (the helper finds its descriptor through the
// thunks, so loading does not need it), hence objdump prints no delay table: the delay import is recognised by
// its descriptor's DLL name string, "node.exe", which nothing else in the DLL contains, next to the napi_* names.
function checkImports(file) {
  const dump = spawnSync('x86_64-w64-mingw32-objdump', ['-p', file], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (dump.status !== 0) fail(`objdump -p failed: ${dump.stderr}`);
  const text = dump.stdout;
  const plainAt = text.search(/^The Import Tables/m);
  if (plainAt < 0) fail('objdump shows no import table');
  const plain = [...text.slice(plainAt).matchAll(/DLL Name: (\S+)/g)].map((m) => m[1]);
  const bytes = readFileSync(file);
  const delayed = bytes.includes(Buffer.from('node.exe\0')) && bytes.includes(Buffer.from('napi_create_object\0'));
  console.error(`build-win32: imports ${plain.join(' ')}; delay-loaded: ${delayed ? 'node.exe' : '(none)'}`);
  if (plain.some((n) => n.toLowerCase() === 'node.exe')) fail('node.exe is in the plain import table (must be delay-loaded)');
  if (!delayed) fail('no delay import of node.exe found');
  const runtime = plain.filter((n) => /^lib(stdc\+\+|gcc|winpthread)/i.test(n));
  if (runtime.length > 0) fail(`the DLL needs mingw runtime DLLs a Windows user lacks: ${runtime.join(' ')}`);
}
