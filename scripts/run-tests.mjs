#!/usr/bin/env node
// `npm test`: runs vitest once (extra arguments are passed through) and ends
// with a single totals line, e.g. "12 passed, 0 failed, 3 skipped", that CI
// logs and humans can grep. Exits non-zero if any test failed or vitest itself
// failed (a crash in global setup, a test file that does not load, ...).
//
// LAMB_TEST_DEADLINE_S=<seconds> stops a hung run so that CI still gets a
// totals line instead of running into the job's time limit.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'lamb-vitest-'));
const jsonFile = join(dir, 'results.json');

const args = [
  '--no', // never offer to download vitest: it must come from the lockfile
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${jsonFile}`,
  ...process.argv.slice(2),
];

const child = spawn('npx', args, { stdio: 'inherit' });

// npx does not pass SIGTERM on to vitest, so signal the whole tree (npx,
// vitest, its fork workers), children first so nobody respawns a worker.
function cmdline(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return '';
  }
}

function descendants(root) {
  const kids = new Map();
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const st = readFileSync(`/proc/${e}/stat`, 'utf8');
      const ppid = Number(st.slice(st.lastIndexOf(')') + 2).split(' ')[1]);
      if (!kids.has(ppid)) kids.set(ppid, []);
      kids.get(ppid).push(Number(e));
    } catch {
      // exited meanwhile
    }
  }
  const out = [];
  const walk = (pid) => {
    for (const k of kids.get(pid) ?? []) {
      // Spare lib/session/process-group.ts's guard shells: their job is to clean up
      // the desktop once vitest is gone, which they cannot do if killed first.
      if (cmdline(k).includes('lamb-guard')) continue;
      walk(k);
      out.push(k);
    }
  };
  walk(root);
  return out;
}

function killTree(sig) {
  if (child.pid === undefined) return;
  let pids = [];
  try {
    pids = descendants(child.pid);
  } catch {
    // no /proc: fall back to npx alone
  }
  for (const pid of [...pids, child.pid]) {
    try {
      process.kill(pid, sig);
    } catch {
      // already gone
    }
  }
}

let timedOut = false;
const deadlineS = Number(process.env.LAMB_TEST_DEADLINE_S ?? 0);
let killTimer = null;
const deadline =
  deadlineS > 0
    ? setTimeout(() => {
        timedOut = true;
        process.stderr.write(`run-tests: no result after ${deadlineS} s, stopping vitest\n`);
        killTree('SIGTERM');
        killTimer = setTimeout(() => killTree('SIGKILL'), 15_000);
      }, deadlineS * 1000)
    : null;

// The terminal delivers Ctrl-C to vitest directly; a SIGTERM aimed at us
// (CI cancelling the job) has to be passed on or vitest would keep running.
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    if (child.exitCode === null) killTree(sig);
  });
}

const exit = await new Promise((resolve) => {
  child.on('error', (err) => resolve({ code: 127, error: err }));
  child.on('exit', (code, signal) => resolve({ code, signal }));
});
if (deadline) clearTimeout(deadline);
if (killTimer) clearTimeout(killTimer);

let passed = 0;
let failed = 0;
let skipped = 0;
let haveResults = false;
if (existsSync(jsonFile)) {
  try {
    const r = JSON.parse(readFileSync(jsonFile, 'utf8'));
    passed = r.numPassedTests ?? 0;
    failed = r.numFailedTests ?? 0;
    skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
    // A test file that fails to load or whose hooks throw has no failing test
    // of its own; count it once so the totals never say "0 failed" for a red run.
    for (const file of r.testResults ?? []) {
      const failingTests = (file.assertionResults ?? []).filter((a) => a.status === 'failed').length;
      if (file.status === 'failed' && failingTests === 0) failed += 1;
    }
    haveResults = true;
  } catch (err) {
    process.stderr.write(`run-tests: cannot read vitest results ${jsonFile}: ${err.message}\n`);
  }
}
rmSync(dir, { recursive: true, force: true });

const vitestFailed = exit.code !== 0 || exit.signal != null || timedOut;
if (exit.error) process.stderr.write(`run-tests: cannot run npx vitest: ${exit.error.message}\n`);
if (!haveResults) {
  process.stderr.write('run-tests: vitest produced no results (crashed, timed out, or failed during startup/global setup)\n');
  // The run is red; say so in the totals too.
  if (failed === 0) failed = 1;
} else if (vitestFailed && failed === 0) {
  // e.g. an unhandled error outside any test, or global teardown failing.
  process.stderr.write(`run-tests: vitest exited with ${exit.signal ?? exit.code} although no test failed\n`);
  failed = 1;
}

process.stdout.write(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}\n`);
process.exit(failed > 0 || vitestFailed ? 1 : 0);
