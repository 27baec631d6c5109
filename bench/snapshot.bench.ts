/**
 * `npm run bench:snapshot`: lam-bridge snapshots against the baselines, in one run, on real apps
 * (gtk3-widget-factory and LibreOffice Writer, started by `lamb desktop run --apps ...`, lib/session):
 * - a pyatspi full walk (role name, name, states, extents), the classic Python agent's way;
 * - a plain libatspi walk in C (no cache: a round trip per property), extents for showing nodes.
 * Every contender must see the same node set; medians and ratios are printed as a Markdown table
 * (recorded in bench/RESULTS.md).
 */
import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { Desktop } from '../lib/index.js';

interface BaselineResult {
  runs: number;
  medianMs: number;
  nodes: { bus: string; path: string; parent: number }[];
}

const ROOT = join(import.meta.dirname, '..', '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const BASELINE_RUNS = Number(process.env.BENCH_BASELINE_RUNS ?? 10);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The ref lam-bridge gives an AT-SPI object (native/linux/atspi_ref.h), to compare node sets. */
function refOf(bus: string, path: string): string {
  const prefix = '/org/a11y/atspi/accessible/';
  return `${bus.replace(/^:/, '')}:${path.startsWith(prefix) ? path.slice(prefix.length) : path}`;
}

function runBaseline(command: string, args: string[]): BaselineResult {
  const out = execFileSync(command, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 300_000 });
  return JSON.parse(out) as BaselineResult;
}

async function timeSnapshots(desk: Desktop, pid: number, visibleOnly: boolean) {
  for (let i = 0; i < 3; i++) await desk.snapshot({ pid, visibleOnly, timeoutMs: 10_000 });
  const times: number[] = [];
  let last;
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    last = await desk.snapshot({ pid, visibleOnly, timeoutMs: 10_000 });
    times.push(performance.now() - t);
  }
  return { medianMs: median(times), snapshot: last! };
}

function sameNodes(ours: { ref: string; parent: string | null }[], theirs: BaselineResult): string {
  const theirRefs = theirs.nodes.map((n) => refOf(n.bus, n.path));
  if (ours.length !== theirRefs.length) return `DIFFERENT (${ours.length} vs ${theirRefs.length} nodes)`;
  for (let i = 0; i < ours.length; i++) {
    const p = theirs.nodes[i]!.parent;
    const parentRef = p < 0 ? null : theirRefs[p]!;
    if (ours[i]!.ref !== theirRefs[i] || ours[i]!.parent !== parentRef) return `DIFFERENT at node ${i}`;
  }
  return 'same';
}

async function main(): Promise<void> {
  execFileSync('bash', [join(ROOT, 'bench/baselines/build.sh')], { stdio: 'inherit' });
  const cWalk = join(ROOT, 'build/baselines/atspi-walk');
  const pyWalk = join(ROOT, 'bench/baselines/pyatspi_walk.py');
  const desk = await Desktop.open({ timeoutMs: 10_000 });
  const apps = await desk.applications();
  const targets = [
    { label: 'gtk3-widget-factory', app: 'gtk3-widget-factory' },
    { label: 'LibreOffice Writer', app: 'soffice' },
  ];
  const rows: string[] = [];
  for (const target of targets) {
    const app = apps.filter((a) => a.name === target.app).at(-1);
    if (!app || app.pid === null) throw new Error(`bench: ${target.app} is not running (start it with the harness)`);
    process.stderr.write(`bench: ${target.label} (pid ${app.pid})\n`);
    for (const visibleOnly of [false, true]) {
      const ours = await timeSnapshots(desk, app.pid, visibleOnly);
      const flags = ['--app', target.app, '--extents', 'showing', ...(visibleOnly ? ['--visible-only'] : [])];
      const c = runBaseline(cWalk, [...flags, '--runs', String(BASELINE_RUNS)]);
      const py = runBaseline('/usr/bin/python3', [pyWalk, ...flags, '--runs', String(Math.max(3, BASELINE_RUNS >> 1))]);
      const nodes = ours.snapshot.nodes;
      rows.push(
        `| ${target.label} | ${visibleOnly ? 'visible only' : 'full'} | ${nodes.length} | ` +
          `**${ours.medianMs.toFixed(1)}** | ${py.medianMs.toFixed(1)} | ${c.medianMs.toFixed(1)} | ` +
          `${(py.medianMs / ours.medianMs).toFixed(1)}x | ${(c.medianMs / ours.medianMs).toFixed(1)}x | ` +
          `${sameNodes(nodes, c)} / ${sameNodes(nodes, py)} |`,
      );
    }
  }
  const header = [
    `Machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.versions.node}, ${RUNS} runs (baselines ${BASELINE_RUNS}), medians in ms.`,
    '',
    '| app | tree | nodes | lam-bridge | pyatspi walk | libatspi C walk | vs pyatspi | vs C walk | same node set (C / py) |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  process.stdout.write([...header, ...rows].join('\n') + '\n');
  await desk.close();
}

await main();
