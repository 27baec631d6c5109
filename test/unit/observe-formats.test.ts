import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { UINode } from '../../lib/model/node.js';
import type { SnapshotData } from '../../lib/model/snapshot.js';
import {
  UFO_CONTROL_LIST, UFO_FILTER, UFO_V2_CONTROL_LIST, filterControls, isOnScreen, resolveControlFilter,
} from '../../lib/observe/control-filter.js';
import { formatJson } from '../../lib/observe/formats/json.js';
import { formatTree } from '../../lib/observe/formats/tree.js';
import { formatUfo } from '../../lib/observe/formats/ufo.js';
import { formatUfoV2 } from '../../lib/observe/formats/ufo-v2.js';
import {
  LabelMap, defaultLabelDir, isLabel, labelScopeKey, loadLabelMap, resolveLabel, saveLabelMap,
} from '../../lib/observe/labels.js';
import { observe } from '../../lib/observe/observe.js';
import { pyJsonDumps, pyJsonString } from '../../lib/observe/py-json.js';

// A gtk3-widget-factory-like window as the AT-SPI backend would normalize it.
const RAW: Partial<Record<UINode['role'], string>> = {
  Window: 'frame', Pane: 'panel', Group: 'panel', Button: 'push button', Tab: 'page tab list', TabItem: 'page tab',
  Edit: 'text', CheckBox: 'check box', RadioButton: 'radio button', ComboBox: 'combo box', Spinner: 'spin button',
  Slider: 'slider', Text: 'label', Table: 'table', DataItem: 'table cell', List: 'list box', ListItem: 'list item',
  MenuBar: 'menu bar', MenuItem: 'menu item',
};
const ON: UINode['states'] = ['enabled', 'sensitive', 'visible', 'focusable'];

function n(ref: string, parent: string | null, role: UINode['role'], name: string, extra: Partial<UINode> = {}): UINode {
  const k = Number(ref.replace(/\D/g, '')) || 0;
  return {
    ref, parent, role, rawRole: RAW[role] ?? role.toLowerCase(), name, value: null, automationId: null,
    states: ON, rect: { x: 10 + k, y: 40 + k, width: 80, height: 30 }, actions: [], ...extra,
  };
}

function widgetFactory(): SnapshotData {
  const nodes: UINode[] = [
    n('w0', null, 'Window', 'GTK Widget Factory', { states: ['enabled', 'visible', 'active'], rect: { x: 0, y: 0, width: 1200, height: 800 } }),
    n('p1', 'w0', 'Pane', ''),
    n('b1', 'p1', 'Button', 'Open', { actions: ['click'], automationId: 'open_button', rect: { x: 10, y: 40, width: 80, height: 30 } }),
    n('b2', 'p1', 'Button', 'Öffnen', { actions: ['click'] }),
    n('b3', 'p1', 'Button', 'Say "hi"\nnow', { actions: ['click'] }),
    n('b4', 'p1', 'Button', 'Save 💾', { actions: ['click'] }),
    n('b5', 'p1', 'Button', 'Disabled', { states: ['visible', 'focusable'] }),
    n('b6', 'p1', 'Button', 'Hidden', { states: ['enabled', 'focusable'] }),
    n('b7', 'p1', 'Button', 'Zero', { rect: { x: 5, y: 5, width: 0, height: 30 } }),
    n('b8', 'p1', 'Button', 'Offscreen', { states: ['enabled', 'visible', 'offscreen'] }),
    n('nb', 'w0', 'Tab', ''),
    n('t1', 'nb', 'TabItem', 'Page 1', { states: [...ON, 'selectable', 'selected'] }),
    n('t2', 'nb', 'TabItem', 'Page 2', { states: [...ON, 'selectable'] }),
    n('g0', 'w0', 'Pane', ''),
    n('fr', 'g0', 'Group', 'Frame'),
    n('e1', 'fr', 'Edit', 'Name', { value: 'hello', states: [...ON, 'focused', 'editable', 'singleline'] }),
    n('c1', 'fr', 'CheckBox', 'Check button', { states: [...ON, 'checkable', 'checked'] }),
    n('r1', 'fr', 'RadioButton', 'Radio 1', { states: [...ON, 'checkable', 'checked'] }),
    n('r2', 'fr', 'RadioButton', 'Radio 2', { states: [...ON, 'checkable'] }),
    n('cb', 'fr', 'ComboBox', 'Combo', { states: [...ON, 'expandable', 'collapsed'] }),
    n('sp', 'fr', 'Spinner', 'Spin', { value: '50' }),
    n('sl', 'fr', 'Slider', 'Scale', { value: '30' }),
    n('lb', 'fr', 'Text', 'Label'),
    n('tb', 'fr', 'Table', 'Data'),
    n('d1', 'tb', 'DataItem', 'Cell A1'),
    n('ls', 'w0', 'List', 'Files'),
    n('l0', 'ls', 'ListItem', 'a.txt'),
    n('l1', 'ls', 'ListItem', 'b.txt'),
    n('l2', 'ls', 'ListItem', 'c.txt'),
    n('mb', 'w0', 'MenuBar', ''),
    n('m1', 'mb', 'MenuItem', 'File', { actions: ['click'] }),
    n('m2', 'mb', 'MenuItem', 'Help', { actions: ['click'] }),
    n('f1', 'w0', 'Pane', ''), // an empty filler: dropped by the tree format
  ];
  return {
    platform: 'atspi', app: { name: 'gtk3-widget-factory', pid: 4242 }, window: { ref: 'w0', title: 'GTK Widget Factory' },
    root: 'w0', durationMs: 3.2, truncated: false, incomplete: false, nodes,
  };
}

const NOW = new Date('2025-01-02T03:04:05.000Z');

// Produced by CPython 3.11: json.dumps([{"label": str(i + 1), "control_text": t, "control_type": r} ...]).
const UFO_V2_EXPECTED =
  '[{"label": "1", "control_text": "Open", "control_type": "Button"}, {"label": "2", "control_text": "\\u00d6ffnen", "control_type": "Button"}, ' +
  '{"label": "3", "control_text": "Say \\"hi\\"\\nnow", "control_type": "Button"}, {"label": "4", "control_text": "Save \\ud83d\\udcbe", "control_type": "Button"}, ' +
  '{"label": "5", "control_text": "Page 1", "control_type": "TabItem"}, {"label": "6", "control_text": "Page 2", "control_type": "TabItem"}, ' +
  '{"label": "7", "control_text": "Name", "control_type": "Edit"}, {"label": "8", "control_text": "Check button", "control_type": "CheckBox"}, ' +
  '{"label": "9", "control_text": "Radio 1", "control_type": "RadioButton"}, {"label": "10", "control_text": "Radio 2", "control_type": "RadioButton"}, ' +
  '{"label": "11", "control_text": "Combo", "control_type": "ComboBox"}, {"label": "12", "control_text": "Spin", "control_type": "Spinner"}, ' +
  '{"label": "13", "control_text": "Cell A1", "control_type": "DataItem"}, {"label": "14", "control_text": "a.txt", "control_type": "ListItem"}, ' +
  '{"label": "15", "control_text": "b.txt", "control_type": "ListItem"}, {"label": "16", "control_text": "c.txt", "control_type": "ListItem"}, ' +
  '{"label": "17", "control_text": "File", "control_type": "MenuItem"}, {"label": "18", "control_text": "Help", "control_type": "MenuItem"}]';

// CPython 3.11: json.dumps([{"name": t, "id": str(i + 1), "type": r} ...]) (TargetInfo field order).
const UFO_EXPECTED =
  '[{"name": "Open", "id": "1", "type": "Button"}, {"name": "\\u00d6ffnen", "id": "2", "type": "Button"}, {"name": "Say \\"hi\\"\\nnow", "id": "3", "type": "Button"}, ' +
  '{"name": "Save \\ud83d\\udcbe", "id": "4", "type": "Button"}, {"name": "Page 1", "id": "5", "type": "TabItem"}, {"name": "Page 2", "id": "6", "type": "TabItem"}, ' +
  '{"name": "Frame", "id": "7", "type": "Group"}, {"name": "Name", "id": "8", "type": "Edit"}, {"name": "Check button", "id": "9", "type": "CheckBox"}, ' +
  '{"name": "Radio 1", "id": "10", "type": "RadioButton"}, {"name": "Radio 2", "id": "11", "type": "RadioButton"}, {"name": "Combo", "id": "12", "type": "ComboBox"}, ' +
  '{"name": "Spin", "id": "13", "type": "Spinner"}, {"name": "Label", "id": "14", "type": "Text"}, {"name": "a.txt", "id": "15", "type": "ListItem"}, ' +
  '{"name": "b.txt", "id": "16", "type": "ListItem"}, {"name": "c.txt", "id": "17", "type": "ListItem"}, {"name": "File", "id": "18", "type": "MenuItem"}, ' +
  '{"name": "Help", "id": "19", "type": "MenuItem"}]';

describe('py-json: json.dumps with Python defaults', () => {
  it('escapes like ensure_ascii=True and uses ", " / ": " separators', () => {
    // CPython 3.11 output for the same values.
    expect(pyJsonDumps({ a: [1.5, 1e-5, 123456789.125, 0.0001, -2.5e-7, NaN, Infinity], b: null, c: true, 'é': '\x7f\x01\u2028' }))
      .toBe('{"a": [1.5, 1e-05, 123456789.125, 0.0001, -2.5e-07, NaN, Infinity], "b": null, "c": true, "\\u00e9": "\\u007f\\u0001\\u2028"}');
    expect(pyJsonString('tab\there\\')).toBe('"tab\\there\\\\"');
    expect(pyJsonDumps([])).toBe('[]');
    expect(pyJsonDumps({})).toBe('{}');
    expect(pyJsonDumps([1, 20000000000000000000000])).toBe('[1, 20000000000000000000000]');
  });
});

describe('control filter', () => {
  const snap = widgetFactory();

  it('has the UFO control lists', () => {
    expect([...UFO_CONTROL_LIST]).toEqual(['Button', 'Edit', 'TabItem', 'Document', 'ListItem', 'MenuItem', 'ScrollBar', 'TreeItem',
      'Hyperlink', 'ComboBox', 'RadioButton', 'Spinner', 'CheckBox', 'Group', 'Text']);
    expect(UFO_V2_CONTROL_LIST).toContain('DataItem');
    expect(UFO_V2_CONTROL_LIST).not.toContain('Group');
    expect(UFO_V2_CONTROL_LIST).not.toContain('Text');
    expect(UFO_FILTER.maxControls).toBe(500);
  });

  it('keeps enabled, on-screen controls of the listed roles, in document order, without the root', () => {
    const refs = filterControls(snap, 'ufo').indices.map((i) => snap.nodes[i]!.ref);
    expect(refs).toEqual(['b1', 'b2', 'b3', 'b4', 't1', 't2', 'fr', 'e1', 'c1', 'r1', 'r2', 'cb', 'sp', 'lb', 'l0', 'l1', 'l2', 'm1', 'm2']);
    const v2 = filterControls(snap, 'ufo-v2').indices.map((i) => snap.nodes[i]!.ref);
    expect(v2).toContain('d1');
    expect(v2).not.toContain('fr');
    expect(v2).not.toContain('lb');
  });

  it('drops disabled, hidden, zero-sized and offscreen controls', () => {
    const byRef = new Map(snap.nodes.map((x) => [x.ref, x]));
    expect(isOnScreen(byRef.get('b1')!)).toBe(true);
    for (const ref of ['b6', 'b7', 'b8']) expect(isOnScreen(byRef.get(ref)!)).toBe(false);
    const refs = new Set(filterControls(snap, 'ufo').indices.map((i) => snap.nodes[i]!.ref));
    for (const ref of ['b5', 'b6', 'b7', 'b8', 'sl', 'w0']) expect(refs.has(ref)).toBe(false);
  });

  it('caps at maxControls and says so', () => {
    const r = filterControls(snap, { maxControls: 3 });
    expect(r.indices.length).toBe(3);
    expect(r.matched).toBe(19);
    expect(r.capped).toBe(true);
  });

  it('takes options over the preset: roles, requireEnabled, requireVisible, predicate, includeRoot', () => {
    const refs = (o: Parameters<typeof filterControls>[1]) => filterControls(snap, o).indices.map((i) => snap.nodes[i]!.ref);
    expect(refs({ roles: ['Button'] })).toEqual(['b1', 'b2', 'b3', 'b4']);
    expect(refs({ roles: ['Button'], requireEnabled: false })).toEqual(['b1', 'b2', 'b3', 'b4', 'b5']);
    expect(refs({ roles: ['Button'], requireVisible: false })).toEqual(['b1', 'b2', 'b3', 'b4', 'b6', 'b7', 'b8']);
    expect(refs({ roles: ['Button'], predicate: (x) => x.automationId !== null })).toEqual(['b1']);
    expect(refs({ roles: ['Window'], includeRoot: true })).toEqual(['w0']);
    expect(refs({ roles: null, predicate: (x) => x.role === 'Slider' })).toEqual(['sl']);
    expect(resolveControlFilter({ maxControls: 7 }).roles).toBe(UFO_CONTROL_LIST);
  });
});

describe('ufo-v2 format', () => {
  const snap = widgetFactory();

  it('is byte for byte json.dumps of [{"label", "control_text", "control_type"}]', () => {
    const r = formatUfoV2(snap, { now: NOW });
    expect(r.text).toBe(UFO_V2_EXPECTED);
    expect(r.truncated).toBe(false);
    expect(r.shown).toBe(18);
    expect(JSON.parse(r.text)[1]).toEqual({ label: '2', control_text: 'Öffnen', control_type: 'Button' });
  });

  it('offers the key orders of other UFO revisions and the win32 control_class', () => {
    const head = (t: string) => t.slice(0, t.indexOf('}, {"') + 1);
    // CPython: json.dumps([{"control_text": "Open", "control_type": "Button", "label": "1"}])[1:-1]
    expect(head(formatUfoV2(snap, { keyOrder: 'text-type-label' }).text)).toBe('[{"control_text": "Open", "control_type": "Button", "label": "1"}');
    expect(head(formatUfoV2(snap, { keyOrder: 'type-text-label' }).text)).toBe('[{"control_type": "Button", "control_text": "Open", "label": "1"}');
    expect(head(formatUfoV2(snap, { typeKey: 'control_class' }).text)).toBe('[{"label": "1", "control_text": "Open", "control_class": "push button"}');
  });

  it('labels "1".."N" in traversal order and maps them back to refs', () => {
    const r = formatUfoV2(snap, { now: NOW });
    expect(Object.keys(r.labels.labels)).toEqual(Array.from({ length: 18 }, (_, i) => String(i + 1)));
    expect(resolveLabel(r.labels, '1')).toEqual({ ref: 'b1', role: 'Button', name: 'Open', automationId: 'open_button', ancestors: 'Window/Pane' });
    expect(resolveLabel(r.labels, '13')?.ref).toBe('d1');
    expect(resolveLabel(r.labels, '13')?.ancestors).toBe('Window/Pane/Group/Table');
    expect(resolveLabel(r.labels, '19')).toBeUndefined();
    expect(resolveLabel(r.labels, 'constructor')).toBeUndefined();
    expect(r.labels.format).toBe('ufo-v2');
    expect(r.labels.createdAt).toBe(NOW.toISOString());
    expect(LabelMap.parse(r.labels)).toEqual(r.labels);
  });

  it('is an empty JSON list when nothing qualifies', () => {
    expect(formatUfoV2(snap, { filter: { roles: ['Calendar'] } }).text).toBe('[]');
  });
});

describe('ufo (newest) format', () => {
  const snap = widgetFactory();

  it('is json.dumps of TargetInfo dumps kept to id/name/type: name, id, type in field order', () => {
    const r = formatUfo(snap, { now: NOW });
    expect(r.text).toBe(UFO_EXPECTED);
    expect(r.labels.format).toBe('ufo');
    expect(resolveLabel(r.labels, '7')?.ref).toBe('fr');
  });

  it('adds kind and rect [left, top, right, bottom] as the full TargetInfo dump', () => {
    const text = formatUfo(snap, { kind: true, rect: true }).text;
    // CPython: json.dumps([{"kind": "control", "name": "Open", "id": "1", "type": "Button", "rect": [10, 40, 90, 70]}])
    expect(text.startsWith('[{"kind": "control", "name": "Open", "id": "1", "type": "Button", "rect": [10, 40, 90, 70]}, ')).toBe(true);
    expect(formatUfo(snap, { keyOrder: 'id-first' }).text.startsWith('[{"id": "1", "name": "Open", "type": "Button"}, ')).toBe(true);
  });
});

describe('tree format', () => {
  const snap = widgetFactory();

  it('renders the documented grammar: hoisting, elided empty names, states and values', () => {
    const r = formatTree(snap);
    expect(r.text).toBe([
      'Window "GTK Widget Factory" #w0',
      '  Pane #p1',
      '    Button "Open" #b1',
      '    Button "Öffnen" #b2',
      '    Button "Say \\"hi\\"\\nnow" #b3',
      '    Button "Save 💾" #b4',
      '    Button "Disabled" #b5 [disabled]',
      '    Button "Hidden" #b6',
      '    Button "Zero" #b7',
      '    Button "Offscreen" #b8',
      '  Tab #nb',
      '    TabItem "Page 1" #t1 [selected]',
      '    TabItem "Page 2" #t2',
      '  Group "Frame" #fr',
      '    Edit "Name" #e1 [focused] value="hello"',
      '    CheckBox "Check button" #c1 [checked]',
      '    RadioButton "Radio 1" #r1 [checked]',
      '    RadioButton "Radio 2" #r2',
      '    ComboBox "Combo" #cb [collapsed]',
      '    Spinner "Spin" #sp value="50"',
      '    Slider "Scale" #sl value="30"',
      '    Text "Label" #lb',
      '    Table "Data" #tb',
      '      DataItem "Cell A1" #d1',
      '  List "Files" #ls',
      '    ListItem "a.txt" #l0',
      '    ListItem "b.txt" #l1',
      '    ListItem "c.txt" #l2',
      '  MenuBar #mb',
      '    MenuItem "File" #m1',
      '    MenuItem "Help" #m2',
    ].join('\n'));
    expect(r.labels).toBeUndefined();
    expect(r.truncated).toBe(false);
  });

  it('keeps an unnamed Pane with several children (p1); hoisting off keeps g0 and the empty filler', () => {
    const noHoist = formatTree(snap, { hoist: false, dropEmpty: false }).text.split('\n');
    expect(noHoist[1]).toBe('  Pane #p1');
    expect(noHoist).toContain('  Pane #g0');
    expect(noHoist).toContain('    Group "Frame" #fr');
    expect(noHoist[noHoist.length - 1]).toBe('  Pane #f1');
  });

  it('skips subtrees that are not showing with visibleOnly', () => {
    const vis = formatTree(snap, { visibleOnly: true }).text;
    expect(vis).not.toContain('#b6');
    expect(vis).not.toContain('#b8');
    expect(vis).toContain('#b7'); // visible state, zero size: shown, the tree is not a click list
  });

  it('numbers every shown node with ids: label and returns the label map', () => {
    const r = formatTree(snap, { ids: 'label', now: NOW });
    const lines = r.text.split('\n');
    expect(lines[0]).toBe('Window "GTK Widget Factory" #1');
    expect(lines[2]).toBe('    Button "Open" #3');
    expect(resolveLabel(r.labels!, '3')?.ref).toBe('b1');
    expect(Object.keys(r.labels!.labels).length).toBe(lines.length);
  });

  it('quotes refs that are not bare words', () => {
    const s: SnapshotData = { ...snap, nodes: [n('w0', null, 'Window', 'W'), n('x', 'w0', 'Button', 'B', { ref: '/org/a11y/atspi/accessible 12' })] };
    expect(formatTree(s).text).toBe('Window "W" #w0\n  Button "B" #"/org/a11y/atspi/accessible 12"');
  });
});

describe('json format', () => {
  it('is the SnapshotData JSON', () => {
    const snap = widgetFactory();
    const r = formatJson(snap);
    expect(r.text).toBe(JSON.stringify(snap));
    expect(JSON.parse(formatJson(snap, { indent: 2 }).text)).toEqual(snap);
    expect(formatJson(snap, { maxTokens: 1_000_000 }).text).toBe(JSON.stringify(snap));
  });
});

describe('observe()', () => {
  const snap = widgetFactory();

  it('dispatches, counts tokens and returns labels for the labelled formats', () => {
    const v2 = observe(snap, 'ufo-v2', { now: NOW });
    expect(v2.text).toBe(UFO_V2_EXPECTED);
    expect(v2.format).toBe('ufo-v2');
    expect(v2.tokens).toBeGreaterThan(100);
    expect(v2.labels?.labels['1']?.ref).toBe('b1');
    expect(observe(snap, 'ufo').text).toBe(UFO_EXPECTED);
    expect(observe(snap, 'tree').labels).toBeUndefined();
    expect(observe(snap, 'json').text).toBe(JSON.stringify(snap));
    expect(observe(snap, 'tree', { countTokens: false }).tokens).toBe(-1);
    expect(() => observe(snap, 'xml' as never)).toThrow(/unknown format "xml"/);
  });

  it('the tree is the cheapest format for the same controls', () => {
    const t = observe(snap, 'tree').tokens;
    expect(t).toBeLessThan(observe(snap, 'ufo-v2').tokens);
    expect(t).toBeLessThan(observe(snap, 'json').tokens);
  });
});

describe('label maps on disk', () => {
  const dirs: string[] = [];
  const tempDir = async () => {
    const d = await mkdtemp(join(tmpdir(), 'lamb-labels-'));
    dirs.push(d);
    return d;
  };
  afterAll(async () => {
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  it('round-trips through save and load, by scope and through the latest pointer', async () => {
    const dir = await tempDir();
    const snap = widgetFactory();
    const map = formatUfoV2(snap, { now: NOW }).labels;
    const file = await saveLabelMap(map, dir);
    expect(file).toBe(join(dir, labelScopeKey('atspi', 'w0') + '.json'));
    expect(await loadLabelMap(dir)).toEqual(map);
    expect(await loadLabelMap(dir, { platform: 'atspi', scopeRef: 'w0' })).toEqual(map);
    expect(await loadLabelMap(dir, { platform: 'atspi', scopeRef: 'other' })).toBeNull();
    const latest = JSON.parse(await readFile(join(dir, 'latest.json'), 'utf8'));
    expect(latest).toMatchObject({ file: labelScopeKey('atspi', 'w0') + '.json', window: 'w0', root: 'w0' });
    // no temporary files left behind
    expect((await readdir(dir)).sort()).toEqual([labelScopeKey('atspi', 'w0') + '.json', 'latest.json'].sort());
  });

  it('keeps one file per window: a later observation of the same window replaces its labels', async () => {
    const dir = await tempDir();
    const snap = widgetFactory();
    await saveLabelMap(formatUfoV2(snap).labels, dir);
    const other: SnapshotData = { ...snap, window: { ref: 'w9', title: 'Other' }, root: 'w9' };
    await saveLabelMap(formatUfo(other).labels, dir);
    expect((await loadLabelMap(dir))?.format).toBe('ufo');
    const again = formatUfo(snap).labels;
    await saveLabelMap(again, dir);
    expect((await loadLabelMap(dir, { platform: 'atspi', scopeRef: 'w0' }))?.format).toBe('ufo');
    expect((await readdir(dir)).length).toBe(3);
  });

  it('returns null for an empty directory and rejects a corrupt file', async () => {
    const dir = await tempDir();
    expect(await loadLabelMap(dir)).toBeNull();
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(dir, 'latest.json'), JSON.stringify({ file: '0123456789abcdef.json' }));
    await writeFile(join(dir, '0123456789abcdef.json'), JSON.stringify({ version: 2 }));
    await expect(loadLabelMap(dir)).rejects.toThrow();
  });

  it('picks a private default directory', () => {
    expect(defaultLabelDir({ XDG_RUNTIME_DIR: '/run/user/1000' })).toBe('/run/user/1000/lam-bridge/labels');
    expect(defaultLabelDir({ LAM_BRIDGE_LABEL_DIR: '/x/y', XDG_RUNTIME_DIR: '/run/user/1000' })).toBe('/x/y');
    expect(defaultLabelDir({})).toMatch(/lam-bridge-[^/]+\/labels$/);
    expect(isLabel('12')).toBe(true);
    expect(isLabel('e12')).toBe(false);
    expect(isLabel('012')).toBe(false);
  });
});
