/**
 * What the server benchmarks (jsonrpc.bench.ts, mcp.bench.ts) share: per-call timings of a snapshot + act +
 * windows round trip, the shuffled order the variants run in, and the table row that compares a variant
 * with the direct library call.
 */
import type { Desktop, UINode } from '../lib/index.js';
import { percentile } from './stats.js';

export interface Times {
  snapshot: number[];
  act: number[];
  windows: number[];
}
export const times = (): Times => ({ snapshot: [], act: [], windows: [] });

/** Runs `body`, and keeps its wall time in `into` unless this is a warm-up run. */
export async function timed<T>(into: number[], keep: boolean, body: () => Promise<T>): Promise<T> {
  const t = performance.now();
  const value = await body();
  if (keep) into.push(performance.now() - t);
  return value;
}

/**
 * A fixed-seed shuffler: each run takes the variants in a fresh order, so whatever the previous call leaves
 * behind (a repaint after a toggle, events in flight) falls on each variant alike instead of always on one.
 */
export function shuffler(seed = 12345): <K extends string>(keys: K[]) => K[] {
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  return (keys) => keys.map((k) => [random(), k] as const).sort((a, b) => a[0] - b[0]).map(([, k]) => k);
}

/** Snapshot + act of each run. */
export const roundTrips = (t: Times): number[] => t.snapshot.map((v, k) => v + t.act[k]!);

/**
 * One Markdown row: base and variant medians and p90s, their ratio and difference, and the ms added as the
 * median of run-by-run differences (each pair ran back to back, so a slow moment of the shared machine costs
 * both sides of a pair and drops out, where a difference of medians keeps it); with `goalMs`, whether it is met.
 */
export function pairedRow(label: string, base: number[], over: number[], goalMs?: number): string {
  const [bm, bp, om, op] = [percentile(base, 50), percentile(base, 90), percentile(over, 50), percentile(over, 90)];
  const added = percentile(over.map((v, k) => v - base[k]!), 50);
  const sign = (v: number) => `${v >= 0 ? '+' : ''}${v.toFixed(2)}`;
  const goal = goalMs === undefined ? ' |' : ` ≤ ${goalMs}: ${added <= goalMs ? 'yes' : 'no'} |`;
  return `| ${label} | ${bm.toFixed(2)} | ${bp.toFixed(2)} | **${om.toFixed(2)}** | ${op.toFixed(2)} | ${(om / bm).toFixed(3)}x | ${sign(om - bm)} | **${sign(added)}** |${goal}`;
}

/** What both benches act on: gtk3-widget-factory's first enabled check box, and whether it started checked. */
export interface ToggleTarget {
  pid: number;
  ref: string;
  wasChecked: boolean;
  nodes: number;
}

export async function widgetFactoryCheckBox(desk: Desktop): Promise<ToggleTarget> {
  const app = (await desk.applications()).filter((a) => a.name === 'gtk3-widget-factory').at(-1);
  if (!app || app.pid === null) throw new Error('bench: gtk3-widget-factory is not running (start it with the harness)');
  const first = await desk.snapshot({ pid: app.pid, visibleOnly: true, timeoutMs: 10_000 });
  const box = first.find({ role: 'CheckBox' }).find((n: UINode) => n.states.includes('enabled'));
  if (!box) throw new Error('bench: no enabled check box is showing');
  process.stderr.write(`bench: gtk3-widget-factory (pid ${app.pid}), ${first.nodes.length} nodes, check box ${box.ref}\n`);
  return { pid: app.pid, ref: box.ref, wasChecked: box.states.includes('checked'), nodes: first.nodes.length };
}

/** Toggles once more after an odd count, and checks the box is as it was: a bench leaves the app as it found it. */
export async function putBack(desk: Desktop, target: ToggleTarget, toggles: number): Promise<void> {
  if (toggles % 2) await desk.act({ function: 'toggle', args: { id: target.ref } });
  const now = (await desk.snapshot({ ref: target.ref, maxDepth: 0 })).root!;
  if (now.states.includes('checked') !== target.wasChecked) throw new Error('bench: the check box was not put back');
}

/** A toggle's result must be verified, or the timing measured something else. */
export function verified(r: { verdict: string }, where: string): void {
  if (r.verdict !== 'verified') throw new Error(`bench: ${where}: the toggle was not verified: ${JSON.stringify(r)}`);
}
