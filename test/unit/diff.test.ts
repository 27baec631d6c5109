import { describe, expect, it } from 'vitest';
import type { UINode } from '../../lib/model/node.js';
import type { SnapshotData } from '../../lib/model/snapshot.js';
import { diffSnapshots, isEmptyDiff, renderDiff } from '../../lib/observe/diff.js';

function node(ref: string, parent: string | null, role: UINode['role'], name: string, extra: Partial<UINode> = {}): UINode {
  return {
    ref, parent, role, rawRole: role.toLowerCase(), name, value: null, automationId: null,
    states: ['enabled', 'visible', 'focusable'], rect: { x: 10, y: 10, width: 80, height: 24 }, actions: [], ...extra,
  };
}

function snap(nodes: UINode[]): SnapshotData {
  return { platform: 'atspi', app: { name: 'gedit', pid: 1 }, window: { ref: 'w', title: 'gedit' }, root: 'w', durationMs: 1, truncated: false, incomplete: false, nodes };
}

const before = snap([
  node('w', null, 'Window', 'Untitled Document 1 - gedit'),
  node('search', 'w', 'Edit', 'Search', { value: '' }),
  node('bold', 'w', 'CheckBox', 'Bold'),
  node('menu', 'w', 'MenuItem', 'File', { states: ['enabled', 'visible', 'expandable', 'collapsed'] }),
  node('dlg', 'w', 'Window', 'Save As'),
  node('same', 'w', 'Button', 'Close'),
]);

const after = snap([
  node('w', null, 'Window', '*Untitled Document 1 - gedit'),
  node('search', 'w', 'Edit', 'Search', { value: 'hello', states: ['enabled', 'visible', 'focusable', 'focused'] }),
  node('bold', 'w', 'CheckBox', 'Bold', { states: ['enabled', 'visible', 'focusable', 'checked'] }),
  node('menu', 'w', 'MenuItem', 'File', { states: ['enabled', 'visible', 'expandable', 'expanded'], rect: { x: 10, y: 10, width: 80, height: 300 } }),
  node('same', 'w', 'Button', 'Close'),
  node('ok', 'w', 'Button', 'OK'),
]);

describe('diffSnapshots', () => {
  const d = diffSnapshots(before, after);

  it('finds added and removed elements by ref', () => {
    expect(d.added.map((n) => n.ref)).toEqual(['ok']);
    expect(d.removed.map((n) => n.ref)).toEqual(['dlg']);
  });

  it('reports changed fields with old and new values, in the after order', () => {
    expect(d.changed).toEqual([
      { ref: 'w', fields: { name: ['Untitled Document 1 - gedit', '*Untitled Document 1 - gedit'] } },
      { ref: 'search', fields: { value: ['', 'hello'], states: { added: ['focused'], removed: [] } } },
      { ref: 'bold', fields: { states: { added: ['checked'], removed: [] } } },
      {
        ref: 'menu',
        fields: {
          states: { added: ['expanded'], removed: ['collapsed'] },
          rect: [{ x: 10, y: 10, width: 80, height: 24 }, { x: 10, y: 10, width: 80, height: 300 }],
        },
      },
    ]);
  });

  it('ignores state order and unchanged nodes; an identical snapshot has an empty diff', () => {
    const shuffled = snap(before.nodes.map((n) => ({ ...n, states: [...n.states].reverse() })));
    expect(isEmptyDiff(diffSnapshots(before, shuffled))).toBe(true);
    expect(isEmptyDiff(diffSnapshots(before, before))).toBe(true);
    expect(renderDiff(diffSnapshots(before, before), before)).toBe('(no changes)');
  });

  it('accepts node arrays as well as snapshots', () => {
    expect(diffSnapshots(before.nodes, after.nodes)).toEqual(d);
  });

  it('treats a rect appearing or vanishing as a change', () => {
    const a = snap([node('x', null, 'Button', 'X', { rect: null })]);
    const b = snap([node('x', null, 'Button', 'X')]);
    expect(diffSnapshots(a, b).changed[0]!.fields.rect).toEqual([null, { x: 10, y: 10, width: 80, height: 24 }]);
  });
});

describe('renderDiff', () => {
  const d = diffSnapshots(before, after);

  it('writes one line per element for a model, without layout churn by default', () => {
    expect(renderDiff(d, after)).toBe([
      '+ Button "OK" #ok',
      '- Window "Save As" #dlg',
      '~ Window "*Untitled Document 1 - gedit" #w: name "Untitled Document 1 - gedit" → "*Untitled Document 1 - gedit"',
      '~ Edit "Search" #search: value "" → "hello"; +[focused]',
      '~ CheckBox "Bold" #bold: +[checked]',
      '~ MenuItem "File" #menu: +[expanded] -[collapsed]',
    ].join('\n'));
  });

  it('shows moves and resizes on request and drops rect-only changes otherwise', () => {
    expect(renderDiff(d, after, { includeRect: true })).toContain('~ MenuItem "File" #menu: +[expanded] -[collapsed]; rect 10,10 80x24 → 10,10 80x300');
    const moved = diffSnapshots(snap([node('x', null, 'Button', 'X')]), snap([node('x', null, 'Button', 'X', { rect: { x: 0, y: 0, width: 1, height: 1 } })]));
    expect(renderDiff(moved, [])).toBe('(no changes)');
  });

  it('summarizes long sections', () => {
    const many = snap(Array.from({ length: 120 }, (_, i) => node('n' + i, null, 'ListItem', `row ${i}`)));
    const text = renderDiff(diffSnapshots(snap([]), many), many, { maxLines: 10 });
    const lines = text.split('\n');
    expect(lines.length).toBe(11);
    expect(lines[10]).toBe('… 110 more added');
  });
});
