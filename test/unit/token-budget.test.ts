import { encode } from 'gpt-tokenizer/encoding/o200k_base';
import { describe, expect, it } from 'vitest';
import type { UINode } from '../../lib/model/node.js';
import type { SnapshotData } from '../../lib/model/snapshot.js';
import { observe, type ObserveFormat } from '../../lib/observe/observe.js';
import { resolveLabel } from '../../lib/observe/labels.js';
import {
  countTokens, cutSummaryText, findRuns, fitToBudget, fitsTokenBudget, formatCount, runSummaryText,
} from '../../lib/observe/token-budget.js';

function node(ref: string, parent: string | null, role: UINode['role'], name: string): UINode {
  return {
    ref, parent, role, rawRole: role.toLowerCase(), name, value: null, automationId: null,
    states: ['enabled', 'visible'], rect: { x: 0, y: 0, width: 100, height: 20 }, actions: [],
  };
}

/** A file chooser with a 10,000-row list (plus a toolbar around it). */
function bigList(rows = 10_000): SnapshotData {
  const nodes: UINode[] = [
    node('w', null, 'Window', 'Open File'),
    node('tb', 'w', 'ToolBar', ''),
    node('up', 'tb', 'Button', 'Up'),
    node('new', 'tb', 'Button', 'New Folder'),
    node('ls', 'w', 'List', 'Files'),
  ];
  for (let i = 0; i < rows; i++) nodes.push(node('r' + i, 'ls', 'ListItem', `photo-${String(i).padStart(5, '0')}.jpg`));
  nodes.push(node('ok', 'w', 'Button', 'Open'), node('cancel', 'w', 'Button', 'Cancel'));
  return { platform: 'atspi', app: { name: 'files', pid: 7 }, window: { ref: 'w', title: 'Open File' }, root: 'w', durationMs: 1, truncated: false, incomplete: false, nodes };
}

describe('countTokens', () => {
  it('is the o200k_base count', () => {
    for (const s of ['', 'hello world', '[{"label": "1", "control_text": "Open", "control_type": "Button"}]', 'Öffnen 💾 – “quotes”']) {
      expect(countTokens(s)).toBe(encode(s).length);
    }
    expect(countTokens('hello world')).toBe(2);
  });

  it('fitsTokenBudget agrees with the count, including at 0 tokens', () => {
    expect(fitsTokenBudget('', 0)).toBe(true);
    expect(fitsTokenBudget('hello world', 2)).toBe(true);
    expect(fitsTokenBudget('hello world', 1)).toBe(false);
  });

  it('fitsTokenBudget is exact on each of its paths (bytes shortcut, whole count, early stop): the same answer as counting', () => {
    // Texts whose tokens are well below, near and equal to their UTF-8 bytes (ASCII words, JSON, one byte per
    // token runs, multi-byte letters and emoji, a lone surrogate), and a long one for the early stop.
    const texts = [
      'hello world',
      JSON.stringify(bigList(40)),
      'x'.repeat(50) + ' ' + '!?'.repeat(40) + ' 1 2 3 4 5 6 7 8 9',
      'Öffnen 💾 – “quotes” 日本語のテキスト',
      'a\ud800b c',
      'word '.repeat(3_000),
    ];
    for (const text of texts) {
      const exact = encode(text, { disallowedSpecial: new Set() }).length;
      const bytes = Buffer.byteLength(text, 'utf8');
      expect(exact).toBeLessThanOrEqual(bytes); // the bound the shortcut rests on
      const budgets = new Set([0, 1, exact - 1, exact, exact + 1, Math.floor(exact / 7), bytes - 1, bytes, bytes + 1, text.length, Math.ceil(text.length / 6) - 1, Math.ceil(text.length / 6)]);
      for (const max of budgets) {
        if (max < 0) continue;
        expect(fitsTokenBudget(text, max), `${JSON.stringify(text.slice(0, 30))}… within ${max} (exact ${exact}, bytes ${bytes})`).toBe(exact <= max);
        expect(countTokens(text)).toBe(exact); // whatever the check remembered, the count is the count
      }
    }
  });

  it('text that spells a special token is counted as text, not refused', () => {
    const text = 'Button "Insert <|endoftext|>" and <|im_start|>';
    const exact = encode(text, { disallowedSpecial: new Set() }).length;
    expect(countTokens(text)).toBe(exact);
    expect(fitsTokenBudget(text, exact)).toBe(true);
    expect(fitsTokenBudget('<|endoftext|> '.repeat(200), 10)).toBe(false);
    const snap = bigList(3);
    snap.nodes[2]!.name = '<|endoftext|>';
    expect(observe(snap, 'json', { maxTokens: 100_000 }).tokens).toBe(encode(observe(snap, 'json').text, { disallowedSpecial: new Set() }).length);
  });

  it('formats summaries with thousands separators', () => {
    expect(formatCount(9850)).toBe('9,850');
    expect(runSummaryText(9850, 'ListItem')).toBe('… 9,850 more ListItem');
    expect(cutSummaryText(12, 'nodes')).toBe('… 12 more nodes not shown (token budget)');
  });
});

describe('findRuns / fitToBudget', () => {
  it('finds maximal runs', () => {
    const roles = ['a', 'a', 'b', 'a', 'a', 'a'];
    const r = findRuns(roles.length, (x, y) => roles[x] === roles[y]);
    expect([...r.position]).toEqual([0, 1, 0, 0, 1, 2]);
    expect([...r.length]).toEqual([2, 2, 1, 3, 3, 3]);
  });

  it('returns the full render when it fits and the first keep level that fits otherwise', () => {
    const calls: [number, number][] = [];
    const render = (keep: number, limit: number) => {
      calls.push([keep, limit]);
      const k = Math.min(keep, limit, 100);
      return { text: 'word '.repeat(k), entries: k };
    };
    expect(fitToBudget(render, 1000).summarized).toBe(false);
    const f = fitToBudget(render, 12);
    expect(f.summarized).toBe(true);
    expect(f.cut).toBe(false);
    expect(f.result.entries).toBe(10);
  });
});

describe('maxTokens on a 10,000-node list', () => {
  const snap = bigList();
  const MAX = 2000;

  for (const format of ['tree', 'ufo-v2', 'ufo', 'json'] as ObserveFormat[]) {
    it(`${format}: stays under maxTokens, summarizes the run, reports the real count`, () => {
      const full = observe(snap, format);
      expect(full.tokens).toBeGreaterThan(MAX);
      const o = observe(snap, format, { maxTokens: MAX });
      expect(o.tokens).toBeLessThanOrEqual(MAX);
      expect(o.tokens).toBe(encode(o.text).length);
      expect(o.truncated).toBe(true);
      expect(o.omitted).toBeGreaterThan(0);
      // summarized, not cut blindly: the controls after the list are still there
      if (format === 'json') {
        const j = JSON.parse(o.text);
        expect(j.truncated).toBe(true);
        expect(j.omitted[0]).toMatchObject({ parent: 'ls', role: 'ListItem' });
        expect(j.nodes.map((x: UINode) => x.ref)).toContain('cancel');
      } else {
        expect(o.text).toMatch(/… [\d,]+ more ListItem/);
        expect(o.text).toContain('Cancel');
        expect(o.text).not.toContain('not shown (token budget)');
      }
    });
  }

  it('tree: keeps the first items of the run and says how many more there are', () => {
    const o = observe(snap, 'tree', { maxTokens: MAX });
    const lines = o.text.split('\n');
    const summary = lines.find((l) => l.includes('more ListItem'))!;
    const shownRows = lines.filter((l) => l.includes('ListItem "photo-')).length;
    expect(summary).toBe(`    … ${formatCount(10_000 - shownRows)} more ListItem`);
    expect(lines[lines.indexOf(summary) - 1]).toContain(`photo-${String(shownRows - 1).padStart(5, '0')}.jpg`);
    expect(lines[lines.indexOf(summary) + 1]).toBe('  Button "Open" #ok');
    expect(o.omitted).toBe(10_000 - shownRows);
  });

  it('ufo-v2: stays a valid JSON list with contiguous labels; the summary follows the list', () => {
    const o = observe(snap, 'ufo-v2', { maxTokens: MAX });
    const [list, ...notes] = o.text.split('\n');
    const items = JSON.parse(list!) as { label: string; control_text: string }[];
    expect(items.map((x) => x.label)).toEqual(items.map((_, i) => String(i + 1)));
    expect(notes.length).toBe(1);
    expect(notes[0]).toMatch(/^… [\d,]+ more ListItem after label "\d+"$/);
    // The summary comes before the 500-control cap, so the buttons after the list survive
    // (UFO's blind cap would keep the first 500 rows and lose Open/Cancel).
    expect(items.slice(-2).map((x) => x.control_text)).toEqual(['Open', 'Cancel']);
    const last = items[items.length - 1]!;
    expect(resolveLabel(o.labels!, last.label)?.ref).toBe('cancel');
    const firstRow = items.find((x) => x.control_text.startsWith('photo-'))!;
    expect(resolveLabel(o.labels!, firstRow.label)?.ref).toBe('r0');
    expect(Object.keys(o.labels!.labels).length).toBe(items.length);
  });

  it('without a budget the ufo formats cap at 500 controls exactly like UFO', () => {
    const o = observe(snap, 'ufo-v2');
    const items = JSON.parse(o.text) as { control_text: string }[];
    expect(items.length).toBe(500);
    expect(items[499]!.control_text).toBe('photo-00497.jpg');
    expect(o.truncated).toBe(true);
    expect(o.omitted).toBe(10_004 - 500);
  });

  it('cuts the tail when no run can be summarized, and says so', () => {
    const roles: UINode['role'][] = ['Button', 'CheckBox', 'Edit', 'RadioButton', 'ComboBox', 'Hyperlink', 'MenuItem', 'TabItem'];
    const nodes: UINode[] = [node('w', null, 'Window', 'Settings')];
    for (let i = 0; i < 3000; i++) nodes.push(node('c' + i, 'w', roles[i % roles.length]!, `Setting number ${i}`));
    const s: SnapshotData = { ...snap, nodes };
    for (const format of ['tree', 'ufo-v2'] as const) {
      const o = observe(s, format, { maxTokens: 500 });
      expect(o.tokens).toBeLessThanOrEqual(500);
      expect(o.text).toMatch(/… [\d,]+ more (nodes|controls) not shown \(token budget\)$/);
      expect(o.truncated).toBe(true);
    }
  });

  it('names a summary after what would be printed when the run members are hoisted wrappers', () => {
    const nodes: UINode[] = [node('w', null, 'Window', 'Gallery')];
    for (let i = 0; i < 3000; i++) {
      nodes.push(node('p' + i, 'w', 'Pane', ''), node('b' + i, 'p' + i, 'Button', `Thumbnail ${i}`));
    }
    const o = observe({ ...snap, nodes }, 'tree', { maxTokens: 300 });
    expect(o.text).toMatch(/^ {2}… [\d,]+ more Button$/m);
    expect(o.text).not.toContain('more Pane');
    expect(o.tokens).toBeLessThanOrEqual(300);
  });
});
