/**
 * `npm run bench:act`: verified actions with lam-bridge against the pyatspi way, in one run, on
 * gtk3-widget-factory (started by `lamb desktop run --apps ...`, lib/session):
 * - set_edit_text on the enabled single-line entry holding "entry", two texts in turn so each action changes it;
 * - toggle on the first enabled check box.
 * lam-bridge's time is the whole `desk.act(...)`: finding the element, acting and verifying. The baseline
 * (bench/baselines/pyatspi_act.py) acts and re-reads every 10 ms until the change shows. Medians, p90s and
 * ratios are printed as a Markdown table (recorded in bench/RESULTS.md).
 */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { Desktop, type UINode } from '../lib/index.js';
import { percentile } from './stats.js';

interface BaselineAction {
  bus: string;
  path: string;
  timesMs: number[];
}

const ROOT = join(import.meta.dirname, '..', '..');
const WARMUP = Number(process.env.BENCH_WARMUP ?? 5);
const RUNS = Number(process.env.BENCH_RUNS ?? 50);
const TARGET_MS = 20;
// The same two texts as the baseline; the entry gets "entry" back at the end, so the baseline finds it.
const TEXTS = ['lam-bridge bench one', 'lam-bridge bench two'];

/** The ref lam-bridge gives an AT-SPI object (native/linux/atspi_ref.h), to check both act on one control. */
function refOf(bus: string, path: string): string {
  const prefix = '/org/a11y/atspi/accessible/';
  return `${bus.replace(/^:/, '')}:${path.startsWith(prefix) ? path.slice(prefix.length) : path}`;
}

async function timeActs(desk: Desktop, action: (i: number) => unknown): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const t = performance.now();
    const r = await desk.act(action(i));
    const ms = performance.now() - t;
    if (r.verdict !== 'verified') throw new Error(`bench: action ${i} was not verified: ${JSON.stringify(r)}`);
    if (i >= WARMUP) times.push(ms);
  }
  return times;
}

async function main(): Promise<void> {
  const desk = await Desktop.open({ timeoutMs: 10_000 });
  const app = (await desk.applications()).filter((a) => a.name === 'gtk3-widget-factory').at(-1);
  if (!app || app.pid === null) throw new Error('bench: gtk3-widget-factory is not running (start it with the harness)');
  process.stderr.write(`bench: gtk3-widget-factory (pid ${app.pid})\n`);

  const snap = await desk.snapshot({ pid: app.pid, visibleOnly: true, timeoutMs: 10_000 });
  const enabled = (n: UINode) => n.states.includes('enabled');
  const entry = snap.find({ role: 'Edit' }).find((n) => enabled(n) && n.states.includes('singleline') && n.value === 'entry');
  const box = snap.find({ role: 'CheckBox' }).find(enabled);
  if (!entry || !box) throw new Error('bench: the "entry" entry or an enabled check box is not showing');
  const wasChecked = box.states.includes('checked');

  const ours = {
    entry: await timeActs(desk, (i) => ({ function: 'set_edit_text', args: { id: entry.ref, text: TEXTS[i % 2] } })),
    checkbox: await timeActs(desk, () => ({ function: 'toggle', args: { id: box.ref } })),
  };
  await desk.act({ function: 'set_edit_text', args: { id: entry.ref, text: 'entry' } });
  if ((WARMUP + RUNS) % 2) await desk.act({ function: 'toggle', args: { id: box.ref } });
  const boxNow = (await desk.snapshot({ ref: box.ref, maxDepth: 0 })).root!;
  if (boxNow.states.includes('checked') !== wasChecked) throw new Error('bench: the check box was not put back');

  const out = execFileSync(
    '/usr/bin/python3',
    [join(ROOT, 'bench/baselines/pyatspi_act.py'), '--pid', String(app.pid), '--warmup', String(WARMUP), '--runs', String(RUNS)],
    { encoding: 'utf8', timeout: 300_000 },
  );
  const py = JSON.parse(out) as Record<'entry' | 'checkbox', BaselineAction>;

  const rows = [
    { label: 'set_edit_text (Edit "entry")', ref: entry.ref, ours: ours.entry, theirs: py.entry },
    { label: 'toggle (first enabled CheckBox)', ref: box.ref, ours: ours.checkbox, theirs: py.checkbox },
  ].map(({ label, ref, ours, theirs }) => {
    if (refOf(theirs.bus, theirs.path) !== ref)
      throw new Error(`bench: ${label}: pyatspi acted on ${refOf(theirs.bus, theirs.path)}, lam-bridge on ${ref}`);
    const [m, p] = [percentile(ours, 50), percentile(ours, 90)];
    const [pm, pp] = [percentile(theirs.timesMs, 50), percentile(theirs.timesMs, 90)];
    return (
      `| ${label} | **${m.toFixed(2)}** | ${p.toFixed(2)} | ${pm.toFixed(2)} | ${pp.toFixed(2)} | ` +
      `${(pm / m).toFixed(2)}x | ≤ ${TARGET_MS} | ${m <= TARGET_MS ? 'yes' : 'no'} |`
    );
  });
  const lines = [
    `Machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.versions.node}, ` +
      `load ${loadavg()[0]!.toFixed(2)}, ${RUNS} runs after ${WARMUP} warm-up, wall time per verified action in ms.`,
    '',
    '| action | lam-bridge median | p90 | pyatspi act+reread median | p90 | ratio (pyatspi / lam-bridge) | target (ms, median) | met? |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    'For reference, not measured: dogtail waits a fixed 1000 ms per action (config.actionDelay); ' +
      'UFO sleeps 500 ms between actions.',
  ];
  process.stdout.write(lines.join('\n') + '\n');
  await desk.close();
}

await main();
