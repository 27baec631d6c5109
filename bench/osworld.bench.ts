/**
 * `npm run bench:osworld`: OSWorld's accessibility tree XML (osworld-xml) from lam-bridge against the
 * OSWorld-style pyatspi + lxml walker (bench/baselines/osworld_walk.py, rewritten from the format notes), in
 * the same run, on the apps `lamb desktop run --apps widgetFactory,writer,calc` started.
 *
 *   node dist/bench/osworld.bench.js [--runs 5]
 *
 * Per application: lam-bridge's time is Desktop.snapshot({extendedFacts}) plus observe('osworld-xml'), in
 * process (the XML string in hand); the walker's is its own timer around the walk and lxml's tostring (no
 * interpreter start, no `libreoffice --version`, which OSWorld runs per request on top). Both take the
 * median of --runs after one warm-up each. The XML's element counts are printed side by side (the e2e test
 * test/e2e/osworld-formats.test.ts compares them element by element).
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Desktop } from '../lib/index.js';

const run = promisify(execFile);
const WALKER = join(import.meta.dirname, '..', '..', 'bench', 'baselines', 'osworld_walk.py');
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;

function snapName(xml: string): string {
  return /<application name="([^"]*)"/.exec(xml)?.[1] ?? '?';
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const desk = await Desktop.open({ timeoutMs: 60_000 });
const apps = new Map<number, string>();
for (const w of await desk.windows()) if (w.pid !== null) apps.set(w.pid, `${apps.get(w.pid) ? apps.get(w.pid) + ' + ' : ''}${w.title}`);

console.log(`osworld-xml: lam-bridge vs the OSWorld-style pyatspi walker, median of ${RUNS} runs after a warm-up`);
console.log(['app (windows)', 'elements lam/walker', 'lam ms', 'walker ms', 'ratio'].join('\t'));
const refs = new Map((await desk.applications()).map((a) => [a.pid, a.ref]));
for (const [pid, title] of apps) {
  const ref = refs.get(pid);
  if (ref === undefined) continue;
  const lamTimes: number[] = [];
  let xml = '';
  for (let i = 0; i <= RUNS; i++) {
    const t0 = performance.now();
    // By the app's ref, as the walker starts from the app object: targeting by pid would list the apps first.
    const snap = await desk.snapshot({ ref, extendedFacts: true, timeoutMs: 60_000 });
    xml = snap.observe('osworld-xml', { countTokens: false }).text;
    if (i > 0) lamTimes.push(performance.now() - t0);
  }
  // Asynchronously: a process blocked in a synchronous child stalls the apps (see the e2e test).
  const { stdout } = await run('/usr/bin/python3', [WALKER, '--pid', String(pid), '--runs', String(RUNS + 1), '--out', '/dev/null'], {
    encoding: 'utf8', maxBuffer: 1 << 26, timeout: 600_000,
  });
  const walker = JSON.parse(stdout) as { timesMs: number[]; elements: number; errors: number };
  const walkerTimes = walker.timesMs.slice(1);
  const lamElements = (xml.match(/<[a-z]/g) ?? []).length;
  const lam = median(lamTimes);
  const py = median(walkerTimes);
  console.log([
    `${title.slice(0, 60) || snapName(xml)}`, `${lamElements}/${walker.elements + 1}${walker.errors ? ` (walker errors ${walker.errors})` : ''}`,
    lam.toFixed(0), py.toFixed(0), `${(py / lam).toFixed(1)}x`,
  ].join('\t'));
}
await desk.close();
