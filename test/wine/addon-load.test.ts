/**
 * The win32-x64 prebuild under Windows node.exe in Wine 10: it loads through node-gyp-build (as `npm install` on
 * Windows leaves it), reports the UIA backend, and also loads in a node.exe copied to another name in a folder
 * without any node.exe, which only the delay-load hook (native/win/delay_load_hook.cc) makes possible: a plain
 * import of NODE.EXE would make the loader look for a module of that name and fail.
 */
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runProgram, runUnderWine, toWinePath, wineEnvironment, wineSkipReason } from '../helpers/wine.js';

const REPO = join(import.meta.dirname, '..', '..');
const SCRIPT = join(REPO, 'test/wine/scripts/addon-load.cjs');
const skip = wineSkipReason();
if (skip) console.log(`test/wine/addon-load: skipped: ${skip}`);

interface LoadReport {
  execPath: string;
  platformOs: string;
  found: string;
  platform: string;
  exports: string[];
  startMs: number;
  loadMs: number;
}

describe.skipIf(skip !== null)('the win32 prebuild under Wine 10', () => {
  it('loads through node-gyp-build in node.exe and reports the UIA backend', async () => {
    const run = await runUnderWine(SCRIPT, [toWinePath(REPO)], { timeoutMs: 60_000, env: { PREBUILDS_ONLY: '1' } });
    expect(run.status, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as LoadReport;
    expect(report.platformOs).toBe('win32 x64');
    expect(report.found.replace(/\\/g, '/')).toBe('prebuilds/win32-x64/node.napi.node');
    expect(report.platform).toBe('uia');
    expect(report.exports).toEqual(expect.arrayContaining(['applications', 'windows', 'snapshot', 'perform', 'input', 'capture']));
    // No test hooks without LAM_BRIDGE_TEST_HOOKS=1: the shipped binary has no diagnostics API.
    expect(report.exports.filter((e) => e.startsWith('__'))).toEqual([]);
    console.log(`under Wine: node.exe up after ${report.startMs} ms, prebuild loaded in ${report.loadMs} ms (launch ${run.durationMs} ms)`);
  });

  it('loads in a renamed node.exe, in a folder with no node.exe (the delay-load hook)', async () => {
    const wine = wineEnvironment();
    const dir = join(wine.root, wine.prefix, 'drive_c', 'lamb-renamed');
    mkdirSync(dir, { recursive: true });
    const renamed = join(dir, 'lamb-host.exe');
    if (!existsSync(renamed)) copyFileSync(join(wine.root, wine.prefix, 'drive_c', 'node', 'node.exe'), renamed);
    expect(existsSync(join(dir, 'node.exe'))).toBe(false);
    const run = await runProgram('C:\\lamb-renamed\\lamb-host.exe', [toWinePath(SCRIPT), toWinePath(REPO)], {
      timeoutMs: 60_000,
      env: { PREBUILDS_ONLY: '1', LAM_BRIDGE_TEST_HOOKS: '1' },
    });
    expect(run.status, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as LoadReport;
    expect(report.execPath.toLowerCase()).toBe('c:\\lamb-renamed\\lamb-host.exe');
    expect(report.platform).toBe('uia');
    // The Node-API calls behind these (napi_create_function, napi_create_string_utf8) went through the hook.
    expect(report.exports).toEqual(expect.arrayContaining(['__testHook', '__blockPlatform', 'snapshot']));
  });
});
