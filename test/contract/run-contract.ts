/**
 * The backend contract inside Windows node.exe: the checks of contract-checks.ts against a UIA target
 * (uia-targets.ts), one JSON line per check on stdout, so that the host's vitest (test/wine/contract-uia.test.ts)
 * can make each line a test. Compiled by tsc (tsconfig.contract-win.json) into build-win32/contract/, since
 * node 20 does not strip types; the addon is the win32-x64 prebuild (PREBUILDS_ONLY=1: node-gyp-build would
 * otherwise pick the Linux build/Release first).
 *
 *   node.exe run-contract.js testapp <testapp.exe> <scratch dir>
 *   node.exe run-contract.js double <lam_uia_double.dll> <scenario.json>
 *
 * Lines: {"check": id, "title", "ok", "ms", "error"?} per check run; {"skip": id, "reason"} per capability the
 * target cannot run (said, not hidden); {"fatal": message} when the target could not be set up; {"done": n}.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Desktop } from '../../lib/index.js';
import { loadNative } from '../../bindings/index.js';
import { adapterForPlatform } from '../../lib/platform/index.js';
import { EXTRA_CHECKS, REF_CHECKS, SNAPSHOT_CHECKS, intentChecks, type CheckContext, type ContractCheck } from './contract-checks.js';
import { DOUBLE_TARGET, HOST_ONLY_SKIPS, NOTEPAD_TARGET, TESTAPP_TARGET, type UiaApp, type UiaTarget } from './uia-targets.js';

const print = (line: object) => process.stdout.write(JSON.stringify(line) + '\n');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitForWindow(desk: Desktop, pid: number, ms: number): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    if ((await desk.windows()).some((w) => w.pid === pid)) return;
    if (Date.now() > until) throw new Error(`no window of pid ${pid} within ${ms} ms`);
    await sleep(250);
  }
}

async function notepadPid(desk: Desktop, spawned: number, ms: number): Promise<number> {
  const until = Date.now() + ms;
  for (;;) {
    const windows = await desk.windows();
    const own = windows.find((w) => w.pid === spawned);
    if (own?.pid) return own.pid;
    const byName = windows.filter((w) => w.pid && w.app.toLowerCase() === 'notepad.exe');
    if (byName.length) return byName[byName.length - 1]!.pid!;
    if (Date.now() > until) throw new Error(`no Notepad window within ${ms} ms`);
    await sleep(250);
  }
}

async function main(): Promise<number> {
  const [which, first, second] = process.argv.slice(2);
  const targets: Record<string, UiaTarget> = { testapp: TESTAPP_TARGET, double: DOUBLE_TARGET, notepad: NOTEPAD_TARGET };
  const target: UiaTarget | undefined = targets[which ?? ''];
  if (!target || !first || !second) {
    print({ fatal: `usage: run-contract.js testapp <testapp.exe> <scratch> | notepad <notepad.exe> <scratch> | double <dll> <scenario>` });
    return 2;
  }
  for (const [id, reason] of Object.entries({ ...HOST_ONLY_SKIPS, ...target.skips })) print({ skip: id, reason });

  let child: ChildProcess | undefined;
  let app: UiaApp;
  let scope: { ref: string } | undefined;
  const desk = await Desktop.open({ timeoutMs: 20_000 });
  try {
    if (which === 'testapp') {
      const commands = join(second, 'contract-testapp.commands');
      // LAMB_CONTRACT_STOCK_ONLY=1 (the Wine run): stock controls only. Under Wine 10 the contract's thousands
      // of calls into the app's own providers meet a DCOM race in the app (an interface unregistered under
      // combase's lock while another call into it is under way; docs/WINE10_UIA.md) about one run in three;
      // test/wine/testapp-e2e and uia-snapshot check the provider tree node for node with far fewer calls.
      const stockOnly = process.env.LAMB_CONTRACT_STOCK_ONLY === '1' ? ['--stock-only'] : [];
      child = spawn(first, [...stockOnly, '--log', join(second, 'contract-testapp.log'), '--commands', commands], { stdio: 'ignore' });
      app = { pid: child.pid!, commands };
    } else if (which === 'notepad') {
      child = spawn(first, [], { stdio: 'ignore' });
      // Windows 11's System32\notepad.exe hands over to the packaged Notepad and exits: the window then belongs
      // to another notepad.exe, found by name (the newest).
      app = { pid: await notepadPid(desk, child.pid!, 20_000) };
    } else {
      const hook = loadNative().__testHook;
      if (!hook) throw new Error('the addon has no test hooks: LAM_BRIDGE_TEST_HOOKS=1 must be in the environment at launch');
      // The scenario with a call log beside it: the double writes 'WINDOW <key> <hwnd>' for each window it makes.
      const log = join(tmpdir(), `lamb-contract-double-${process.pid}.log`);
      const scenario = join(tmpdir(), `lamb-contract-double-${process.pid}.json`);
      writeFileSync(scenario, JSON.stringify({ ...JSON.parse(readFileSync(second, 'utf8')), log }));
      print({ hook: JSON.parse(await hook({ name: `uia-double:${first}|${scenario}`, timeoutMs: 20_000 })) });
      app = { pid: process.pid };
      const line = readFileSync(log, 'utf8').split('\n').find((l) => l.startsWith('WINDOW main '));
      if (!line) throw new Error(`the double logged no main window in ${log}`);
      const hwnd = Number(line.split(' ')[2]);
      // The window element's RuntimeId is the double's [42, hwnd] (UiaAppendRuntimeId-like, as Windows gives an HWND element).
      scope = { ref: `uia:${hwnd.toString(16)}:42.${hwnd}` };
    }
    if (scope === undefined) await waitForWindow(desk, app.pid, 20_000);
    const root = scope === undefined ? (await desk.snapshot({ pid: app.pid, maxDepth: 0 })).data.root! : scope.ref;
    const ctx: CheckContext<UiaApp> = { desk, adapter: adapterForPlatform(), app, pid: app.pid, root, target, ...(scope ? { scope } : {}) };
    // The reference walk last: under Wine a whole-app walk can outlast its budget, and a call the service had to
    // abandon may leave the app busy for the checks after it.
    const all = [...SNAPSHOT_CHECKS, ...EXTRA_CHECKS, ...REF_CHECKS, ...intentChecks(target.intents)];
    const checks: ContractCheck[] = [...all.filter((c) => c.id !== 'snapshots.reference'), ...all.filter((c) => c.id === 'snapshots.reference')].filter(
      (c) => !(c.id in target.skips),
    );
    let n = 0;
    for (const check of checks) {
      const t = performance.now();
      try {
        await check.run(ctx as CheckContext);
        print({ check: check.id, title: check.title, ok: true, ms: Math.round(performance.now() - t) });
      } catch (error) {
        const e = error as Error & { code?: string };
        print({ check: check.id, title: check.title, ok: false, ms: Math.round(performance.now() - t), error: `${e.code ? e.code + ': ' : ''}${e.message}`.slice(0, 4000) });
      }
      n++;
    }
    print({ done: n });
    return 0;
  } catch (error) {
    print({ fatal: (error as Error).stack ?? String(error) });
    return 1;
  } finally {
    child?.kill();
    await desk.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    print({ fatal: String(error) });
    process.exit(1);
  },
);
