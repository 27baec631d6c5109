#!/usr/bin/env node
// Reads the JSON lines test/contract/run-contract.ts printed for one target and fails (exit 1) on a failed check,
// a fatal line or a run that never said it was done; prints every skip with its reason, and a totals line.
//
//   node .github/scripts/contract-summary.mjs <target name> <lines file>
import { readFileSync } from 'node:fs';

const [target, file] = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;
let done = false;
for (const raw of readFileSync(file, 'utf8').split(/\r?\n/)) {
  if (!raw.trim()) continue;
  let line;
  try {
    line = JSON.parse(raw);
  } catch {
    console.log(`${target}: not a result line: ${raw}`);
    continue;
  }
  if (line.fatal) {
    console.log(`${target}: FATAL ${line.fatal}`);
    failed++;
  } else if (line.skip) {
    console.log(`${target}: skipped ${line.skip}: ${line.reason}`);
    skipped++;
  } else if (line.check) {
    console.log(`${target}: ${line.ok ? 'ok  ' : 'FAIL'} ${line.check} (${line.ms} ms)${line.error ? `: ${line.error}` : ''}`);
    if (line.ok) passed++;
    else failed++;
  } else if (line.done !== undefined) {
    done = true;
  }
}
if (!done) {
  console.log(`${target}: the runner did not finish`);
  failed++;
}
console.log(`${target}: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
