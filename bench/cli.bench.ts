/**
 * `npm run bench:cli`: how long a process takes to start, against `node -e 0` in the same run. Scripts and
 * agents call `lamb` once per step, so a slow start is paid on every step. Measured, each in a fresh process,
 * round-robin so that noise falls on every case alike (BENCH_RUNS rounds, default 10):
 * - `node -e 0`: the baseline, Node's own start;
 * - `lamb --help`: the CLI's start (commander and the command table, no command implementation);
 * - `node -e "import('lam-bridge')"`: the library's entry point, resolved by package name;
 * - `lamb snapshot --app gtk3-widget-factory --format json`: wall time of a whole snapshot command, with the
 *   snapshot's own `durationMs` read from its JSON.
 * - `node -e "require('zod')"`: for reference, what loading zod alone costs.
 * Targets (issue 7, part 8): --help ≤ 2× node, import ≤ 2× node, snapshot wall ≤ node + 3 × durationMs +
 * 100 ms (medians). Runs on the headless desktop with gtk3-widget-factory (started by the harness).
 */
import { spawnSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';

const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LAMB = fileURLToPath(new URL('../lib/cli/main.js', import.meta.url));

interface Case {
  readonly name: string;
  readonly args: readonly string[];
  /** Reads what the run reports about itself (the snapshot's durationMs). */
  readonly inner?: (stdout: string) => number;
}

const CASES: readonly Case[] = [
  { name: 'node -e 0', args: ['-e', '0'] },
  { name: 'lamb --help', args: [LAMB, '--help'] },
  { name: "node -e \"import('lam-bridge')\"", args: ['-e', "import('lam-bridge')"] },
  {
    name: 'lamb snapshot --app gtk3-widget-factory --format json',
    args: [LAMB, 'snapshot', '--app', 'gtk3-widget-factory', '--format', 'json', '--timeout', '10000'],
    inner: (stdout) => (JSON.parse(stdout) as { durationMs: number }).durationMs,
  },
  // For reference, no target: what loading zod costs (the snapshot path validates its options with it).
  { name: "node -e \"require('zod')\"", args: ['-e', "require('zod')"] },
];

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Wall time of one process, from spawn to exit, in ms; the process must succeed. */
function run(c: Case): { wallMs: number; innerMs?: number } {
  const t = performance.now();
  // cwd is the package root, so that `import('lam-bridge')` resolves to this package (self-reference).
  const r = spawnSync(process.execPath, c.args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  const wallMs = performance.now() - t;
  if (r.status !== 0) throw new Error(`bench: '${c.name}' exited ${r.status ?? r.signal}: ${r.stderr.trim()}`);
  return c.inner ? { wallMs, innerMs: c.inner(r.stdout) } : { wallMs };
}

function main(): void {
  for (const c of CASES) run(c); // warm-up: the page cache, the app's accessibility tree
  const wall = new Map<string, number[]>(CASES.map((c) => [c.name, []]));
  const inner: number[] = [];
  for (let i = 0; i < RUNS; i++)
    for (const c of CASES) {
      const r = run(c);
      wall.get(c.name)!.push(r.wallMs);
      if (r.innerMs !== undefined) inner.push(r.innerMs);
    }

  const node = median(wall.get(CASES[0]!.name)!);
  const snapshotMs = median(inner);
  const verdict = (ok: boolean) => (ok ? 'PASS' : '**MISS**');
  const row = (c: Case, ratio: string, target: string, ok: boolean | undefined) => {
    const v = wall.get(c.name)!;
    return `| \`${c.name}\` | ${Math.min(...v).toFixed(0)} | ${median(v).toFixed(0)} | ${ratio} | ${target} | ${ok === undefined ? '' : verdict(ok)} |`;
  };
  const help = median(wall.get(CASES[1]!.name)!);
  const imp = median(wall.get(CASES[2]!.name)!);
  const snap = median(wall.get(CASES[3]!.name)!);
  const snapLimit = node + 3 * snapshotMs + 100;
  const lines = [
    `Machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.versions.node}, ` +
      `load ${loadavg()[0]!.toFixed(2)}; ${RUNS} runs of each (round-robin, after one warm-up), wall ms per process.`,
    '',
    '| process | min ms | median ms | ratio (median) | target | met? |',
    '|---|---|---|---|---|---|',
    row(CASES[0]!, '1.00x node', 'baseline', undefined),
    row(CASES[1]!, `${(help / node).toFixed(2)}x node`, '≤ 2x node', help <= 2 * node),
    row(CASES[2]!, `${(imp / node).toFixed(2)}x node`, '≤ 2x node', imp <= 2 * node),
    row(
      CASES[3]!,
      `${(snap / snapLimit).toFixed(2)}x limit`,
      `≤ node + 3 × ${snapshotMs.toFixed(0)} + 100 = ${snapLimit.toFixed(0)} ms`,
      snap <= snapLimit,
    ),
    row(CASES[4]!, `${(median(wall.get(CASES[4]!.name)!) / node).toFixed(2)}x node`, 'reference', undefined),
    '',
    `Snapshot's own durationMs (from its JSON): median ${snapshotMs.toFixed(1)}, min ${Math.min(...inner).toFixed(1)}; ` +
      `wall beyond node's start: ${(snap - node).toFixed(0)} ms (${((snap - node) / snapshotMs).toFixed(1)}x durationMs).`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

main();
