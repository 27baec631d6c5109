/**
 * `npm run bench:snapshot`: lam-bridge snapshots against the baselines, in one run, on real apps of every
 * toolkit at hand (gtk3-widget-factory, gtk4-widget-factory, LibreOffice Writer, and the Qt 5 and Chromium
 * app kinds where lib/session defines them; started by `lamb desktop run --apps ...`):
 * - a pyatspi full walk (role name, name, states, extents), the classic Python agent's way;
 * - a plain libatspi walk in C (no cache: a round trip per property), extents for showing nodes;
 * - the floor: the very calls the snapshot makes, sent again round by round, pipelined the same way, and
 *   only waited for (native/linux/snapshot_floor.h; needs LAM_BRIDGE_TEST_HOOKS=1, which the npm script sets).
 *   lam-bridge / floor says how close the snapshot is to what the app can serve.
 * Every contender must see the same node set; medians and ratios are printed as a Markdown table
 * (recorded in bench/RESULTS.md).
 */
import { execFileSync } from 'node:child_process';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { loadNative } from '../bindings/index.js';
import { Desktop } from '../lib/index.js';
import { appSpec, isAppKind, type AppKind } from '../lib/session/index.js';

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

interface FloorResult {
  medianMs: number;
  rounds: number;
  calls: number;
  nodes: number;
}

/** The floor under the snapshot of `root` (see the header), or null when the test hooks are not loaded. */
async function measureFloor(root: string, visibleOnly: boolean): Promise<FloorResult | null> {
  const hook = loadNative().__testHook;
  if (!hook) return null;
  const name = `snapshot-floor ${visibleOnly ? 1 : 0} ${RUNS} ${root}`;
  return JSON.parse(await hook({ name, timeoutMs: 300_000 })) as FloorResult;
}

/**
 * The apps benchmarked, by app kind: a kind this checkout does not define is left out, and one that is
 * defined but not running is reported and skipped (start it with `--apps`).
 */
const TARGETS: { kind: string; label: string }[] = [
  { kind: 'widgetFactory', label: 'gtk3-widget-factory' },
  { kind: 'gtk4WidgetFactory', label: 'gtk4-widget-factory' },
  { kind: 'writer', label: 'LibreOffice Writer' },
  { kind: 'qt5Widgets', label: 'Qt 5 widgets' },
  { kind: 'chromium', label: 'Chromium' },
];

/** The AT-SPI name pattern of an app kind, or null when this checkout has no such kind. */
function atspiNameOf(kind: string): RegExp | null {
  if (!isAppKind(kind)) return null;
  try {
    return appSpec(kind as AppKind, tmpdir()).atspiName;
  } catch {
    return null;
  }
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
  const rows: string[] = [];
  const notes: string[] = [];
  for (const target of TARGETS) {
    const pattern = atspiNameOf(target.kind);
    if (!pattern) continue;
    const app = apps.filter((a) => pattern.test(a.name)).at(-1);
    if (!app || app.pid === null) {
      notes.push(`${target.label}: not running, no row (start it with \`lamb desktop run --apps ${target.kind},...\`)`);
      continue;
    }
    process.stderr.write(`bench: ${target.label} (pid ${app.pid})\n`);
    for (const visibleOnly of [false, true]) {
      const ours = await timeSnapshots(desk, app.pid, visibleOnly);
      const floor = await measureFloor(ours.snapshot.data.root!, visibleOnly);
      const flags = ['--app', app.name, '--extents', 'showing', ...(visibleOnly ? ['--visible-only'] : [])];
      const c = runBaseline(cWalk, [...flags, '--runs', String(BASELINE_RUNS)]);
      const py = runBaseline('/usr/bin/python3', [pyWalk, ...flags, '--runs', String(Math.max(3, BASELINE_RUNS >> 1))]);
      const nodes = ours.snapshot.nodes;
      const floorCells = floor
        ? `${floor.medianMs.toFixed(1)} (${floor.calls} calls, ${floor.rounds} rounds) | ${(ours.medianMs / floor.medianMs).toFixed(2)}x`
        : 'n/a | n/a';
      rows.push(
        `| ${target.label} | ${visibleOnly ? 'visible only' : 'full'} | ${nodes.length} | ` +
          `**${ours.medianMs.toFixed(1)}** | ${floorCells} | ${py.medianMs.toFixed(1)} | ${c.medianMs.toFixed(1)} | ` +
          `${(py.medianMs / ours.medianMs).toFixed(1)}x | ${(c.medianMs / ours.medianMs).toFixed(1)}x | ` +
          `${sameNodes(nodes, c)} / ${sameNodes(nodes, py)} |`,
      );
    }
  }
  if (!loadNative().__testHook) notes.push('floor: n/a, the test hooks are not loaded (set LAM_BRIDGE_TEST_HOOKS=1)');
  const header = [
    `Machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.versions.node}, ${RUNS} runs (floor ${RUNS}, baselines ${BASELINE_RUNS}), medians in ms.`,
    '',
    '| app | tree | nodes | lam-bridge | floor (same calls, not decoded) | lam-bridge / floor | pyatspi walk | libatspi C walk | pyatspi / lam-bridge | C walk / lam-bridge | same node set (C / py) |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  process.stdout.write([...header, ...rows, ...notes.map((n) => `\n${n}`)].join('\n') + '\n');
  await desk.close();
}

await main();
