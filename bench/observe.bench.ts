/**
 * Observation benchmark: serializer speed on a synthetic 10,000-node GTK-like tree, and token counts of the
 * formats for the same controls.
 *
 * Run after compiling (bench/ is outside tsconfig.json's include, so name the file; TypeScript 7 wants
 * --ignoreConfig when files are given on the command line):
 *   npx tsc --ignoreConfig bench/observe.bench.ts --outDir dist --rootDir . --module nodenext \
 *     --moduleResolution nodenext --target es2022 --strict --skipLibCheck --types node
 *   node dist/bench/observe.bench.js [--runs 50] [--json]
 *
 * Needs no desktop. Prints one line per format (median, p90, min over the runs) and a token table.
 */
import type { UINode } from '../lib/model/node.js';
import type { SnapshotData } from '../lib/model/snapshot.js';
import { filterControls } from '../lib/observe/control-filter.js';
import { observe, type ObserveFormat } from '../lib/observe/observe.js';
import { countTokens } from '../lib/observe/token-budget.js';

const RAW: Partial<Record<UINode['role'], string>> = {
  Window: 'frame', Pane: 'panel', ToolBar: 'tool bar', Button: 'push button', Edit: 'text', List: 'list box',
  ListItem: 'list item', Text: 'label', CheckBox: 'check box', MenuBar: 'menu bar', MenuItem: 'menu item',
  Tab: 'page tab list', TabItem: 'page tab', Tree: 'tree table', TreeItem: 'table cell', ScrollBar: 'scroll bar',
  Group: 'panel', StatusBar: 'status bar', ComboBox: 'combo box',
};

/** A file-manager-like window: menus, toolbar, sidebar tree, a long file list with per-row labels, status bar. */
export function buildSyntheticTree(target = 10_000): SnapshotData {
  const nodes: UINode[] = [];
  let seq = 0;
  let y = 0;
  const add = (parent: string | null, role: UINode['role'], name: string, extra: Partial<UINode> = {}): string => {
    const ref = 'e' + seq++;
    y = (y + 23) % 2000;
    nodes.push({
      ref, parent, role, rawRole: RAW[role] ?? role.toLowerCase(), name, value: null, automationId: null,
      states: ['enabled', 'visible', 'focusable'], rect: { x: 10 + (seq % 300), y, width: 120, height: 22 },
      actions: role === 'Button' || role === 'MenuItem' ? ['click'] : [], ...extra,
    });
    return ref;
  };
  const win = add(null, 'Window', 'Files — /home/user/Documents', { states: ['enabled', 'visible', 'active'] });
  const body = add(win, 'Pane', '');
  const menubar = add(body, 'MenuBar', '');
  for (const m of ['File', 'Edit', 'View', 'Go', 'Bookmarks', 'Help']) add(menubar, 'MenuItem', m);
  const toolbar = add(add(body, 'Pane', ''), 'ToolBar', '');
  for (const b of ['Back', 'Forward', 'Up', 'Reload', 'New Folder', 'Search', 'Grid View', 'List View']) add(toolbar, 'Button', b);
  add(toolbar, 'Edit', 'Location', { value: '/home/user/Documents', states: ['enabled', 'visible', 'focusable', 'focused', 'editable'] });
  const split = add(body, 'Pane', '');
  const side = add(add(split, 'Pane', ''), 'Tree', 'Places');
  for (const p of ['Home', 'Desktop', 'Documents', 'Downloads', 'Music', 'Pictures', 'Videos', 'Trash']) {
    const item = add(side, 'TreeItem', p);
    add(item, 'Text', p);
  }
  const list = add(add(split, 'Pane', ''), 'List', 'Files');
  const status = 3;
  let i = 0;
  while (nodes.length < target - status) {
    const row = add(list, 'ListItem', `report-${String(i).padStart(5, '0')}.pdf`);
    add(add(row, 'Pane', ''), 'Text', `report-${String(i).padStart(5, '0')}.pdf`);
    i++;
  }
  add(list, 'ScrollBar', '', { value: '0' });
  const bar = add(body, 'StatusBar', '');
  add(bar, 'Text', `${i} items`);
  return {
    platform: 'atspi', app: { name: 'nautilus', pid: 4242 }, window: { ref: win, title: 'Files — /home/user/Documents' },
    root: win, durationMs: 0, truncated: false, incomplete: false, nodes: nodes.slice(0, target),
  };
}

/** The controls UFO would show plus their ancestors: the "same controls" every format is compared on. */
export function sameControlsSnapshot(snapshot: SnapshotData): SnapshotData {
  const { indices } = filterControls(snapshot, 'ufo-v2');
  const byRef = new Map(snapshot.nodes.map((n, k) => [n.ref, k] as const));
  const keep = new Set<number>();
  for (const k of indices) {
    for (let j: number | undefined = k; j !== undefined && !keep.has(j);) {
      keep.add(j);
      const p: string | null = snapshot.nodes[j]!.parent;
      j = p === null ? undefined : byRef.get(p);
    }
  }
  return { ...snapshot, nodes: snapshot.nodes.filter((_, k) => keep.has(k)) };
}

function stats(samples: number[]): { median: number; p90: number; min: number } {
  const s = [...samples].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)]!, p90: s[Math.floor(s.length * 0.9)]!, min: s[0]! };
}

function time(runs: number, fn: () => void): { median: number; p90: number; min: number } {
  for (let w = 0; w < 5; w++) fn(); // warm the JIT: the first calls measure compilation, not the code
  const samples: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  return stats(samples);
}

export function main(argv: readonly string[] = process.argv.slice(2)): void {
  const runsArg = argv.indexOf('--runs');
  const runs = runsArg >= 0 ? Number(argv[runsArg + 1]) : 50;
  const asJson = argv.includes('--json');
  const snap = buildSyntheticTree(10_000);
  const formats: ObserveFormat[] = ['ufo-v2', 'ufo', 'tree', 'json'];

  const timings: Record<string, { median: number; p90: number; min: number }> = {};
  for (const f of formats) timings[f] = time(runs, () => observe(snap, f, { countTokens: false }));
  timings['tree maxTokens=4000'] = time(runs, () => observe(snap, 'tree', { countTokens: false, maxTokens: 4000 }));

  const same = sameControlsSnapshot(snap);
  const tokens: Record<string, number> = {};
  for (const f of formats) tokens[f] = countTokens(observe(same, f, { countTokens: false }).text);
  const fullTokens: Record<string, number> = {};
  for (const f of formats) fullTokens[f] = countTokens(observe(snap, f, { countTokens: false }).text);

  if (asJson) {
    console.log(JSON.stringify({ nodes: snap.nodes.length, runs, timings, sameControls: { nodes: same.nodes.length, tokens }, fullTree: fullTokens }));
    return;
  }
  console.log(`observe benchmark: ${snap.nodes.length} nodes, ${runs} runs per format (after 5 warm-up runs)`);
  for (const [f, t] of Object.entries(timings)) {
    console.log(`  ${f.padEnd(20)} median ${t.median.toFixed(2)} ms   p90 ${t.p90.toFixed(2)} ms   min ${t.min.toFixed(2)} ms`);
  }
  const base = tokens['ufo-v2']!;
  console.log(`\ntokens (o200k_base) for the same ${filterControls(snap, 'ufo-v2').indices.length} controls (${same.nodes.length} nodes with ancestors):`);
  for (const f of ['ufo-v2', 'ufo', 'tree', 'json']) {
    console.log(`  ${f.padEnd(8)} ${String(tokens[f]).padStart(8)}   ${(tokens[f]! / base).toFixed(2)}× ufo-v2`);
  }
  console.log(`\ntokens for the whole ${snap.nodes.length}-node tree (ufo formats capped at 500 controls):`);
  for (const f of formats) console.log(`  ${f.padEnd(8)} ${String(fullTokens[f]).padStart(8)}`);
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'));
if (invokedDirectly) main();
