/**
 * The backend contract (test/contract/contract-checks.ts, the checks describeBackendContract runs on Linux)
 * against the UIA backend, inside Windows node.exe under Wine 10: test/contract/run-contract.ts, compiled by tsc
 * into build-win32/contract/, runs every check against a target and prints one JSON line per check; each line
 * becomes a test here. Two targets (test/contract/uia-targets.ts):
 * - testapp: the project's Win32 test app under Wine's real UIA client (stock controls through Wine's proxies
 *   and MSAA), and
 * - double: the UIA client test double (lam_uia_double.dll) for what Wine lacks, every pattern above all.
 * Every capability a target cannot run is printed with its reason and made a skipped test named after it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runUnderWine, toWinePath, wineSkipReason } from '../helpers/wine.js';
import { DOUBLE_TARGET, HOST_ONLY_SKIPS, TESTAPP_TARGET } from '../contract/uia-targets.js';

const repo = path.resolve(import.meta.dirname, '../..');
const release = path.join(repo, 'build-win32', 'Release');
const runner = path.join(repo, 'build-win32', 'contract', 'test', 'contract', 'run-contract.js');
const testapp = process.env.LAM_WIN_TESTAPP ?? path.join(release, 'testapp.exe');
const doubleDll = process.env.LAM_WIN_UIA_DOUBLE ?? path.join(release, 'lam_uia_double.dll');
const scenario = path.join(repo, 'test', 'contract', 'uia-double-scenario.json');
const scratch = path.join(repo, 'build-win32', 'wine-scratch');

interface Line {
  check?: string;
  title?: string;
  ok?: boolean;
  ms?: number;
  error?: string;
  skip?: string;
  reason?: string;
  fatal?: string;
  done?: number;
  hook?: unknown;
}

const skip = wineSkipReason();

/** Runs the contract in node.exe against one target; its JSON lines. */
async function runTarget(which: 'testapp' | 'double'): Promise<Line[]> {
  const args =
    which === 'testapp' ? [toWinePath(testapp), toWinePath(scratch)] : [toWinePath(doubleDll), toWinePath(scenario)];
  const run = await runUnderWine(runner, [which, ...args], {
    timeoutMs: 400_000,
    env: { LAM_BRIDGE_TEST_HOOKS: '1', PREBUILDS_ONLY: '1', LAMB_CONTRACT_STOCK_ONLY: '1' },
  });
  const lines = run.stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Line);
  if (!lines.some((l) => l.done !== undefined || l.fatal !== undefined))
    lines.push({ fatal: `node.exe ended without a report (status ${run.status}, timedOut ${run.timedOut}): ${run.stderr.slice(-2000)}` });
  return lines;
}

for (const which of ['testapp', 'double'] as const) {
  describe.skipIf(skip !== null)(`backend contract: uia on the ${which} (node.exe under Wine 10)`, () => {
    let lines: Line[] = [];
    beforeAll(async () => {
      mkdirSync(scratch, { recursive: true });
      // The runner as JavaScript for node.exe (node 20 does not strip types).
      execFileSync(process.execPath, [path.join(repo, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(repo, 'tsconfig.contract-win.json')], { stdio: 'inherit' });
      const needs = which === 'testapp' ? testapp : doubleDll;
      if (!existsSync(needs)) {
        lines = [{ fatal: `${needs} is not built (npm run build:win32 builds the test programs)` }];
        return;
      }
      lines = await runTarget(which);
      for (const l of lines) {
        if (l.skip) console.log(`contract/${which}: not run here: ${l.skip}: ${l.reason}`);
        else if (l.check) console.log(`contract/${which}: ${l.ok ? 'ok  ' : 'FAIL'} ${l.check} (${l.ms} ms)${l.error ? ': ' + l.error.split('\n')[0] : ''}`);
      }
    }, 600_000);

    it('the runner set the target up and ran every check', () => {
      const fatal = lines.find((l) => l.fatal !== undefined);
      expect(fatal?.fatal).toBeUndefined();
      expect(lines.find((l) => l.done !== undefined)?.done).toBeGreaterThan(0);
    });

    it('every check of the contract passes', () => {
      const failed = lines.filter((l) => l.check && !l.ok).map((l) => `${l.check}: ${l.error}`);
      expect(failed).toEqual([]);
    });

    // Said, not hidden: each capability this target cannot run is a skipped test naming it and why.
    for (const [id, reason] of Object.entries({ ...HOST_ONLY_SKIPS, ...(which === 'testapp' ? TESTAPP_TARGET : DOUBLE_TARGET).skips }))
      it.skip(`not run on the ${which}: ${id} (${reason})`, () => {});
  });
}
