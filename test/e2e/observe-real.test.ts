/** Observation formats on real snapshots (gtk3-widget-factory, LibreOffice Writer), labels through act. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../../lib/session/index.js';
import { countTokens, Desktop, SnapshotData, type Snapshot } from '../../lib/index.js';
import { UFO_CONTROL_LIST, UFO_V2_CONTROL_LIST } from '../../lib/observe/control-filter.js';
import { startApp } from '../fixtures/apps.js';
import { lamb } from '../helpers/cli.js';

function checkUfoV2(text: string, roles: readonly string[]) {
  const list = JSON.parse(text) as Record<string, string>[];
  expect(list.length).toBeGreaterThan(10);
  expect(list.length).toBeLessThanOrEqual(500);
  list.forEach((c, i) => {
    expect(Object.keys(c)).toEqual(['label', 'control_text', 'control_type']);
    expect(c.label).toBe(String(i + 1));
    expect(roles).toContain(c.control_type);
  });
  // Python's json.dumps separators, byte for byte.
  expect(text.startsWith('[{"label": "1", "control_text": ')).toBe(true);
  return list;
}

function checkUfoNewest(text: string, roles: readonly string[]) {
  const list = JSON.parse(text) as Record<string, string>[];
  list.forEach((c, i) => {
    expect(Object.keys(c)).toEqual(['name', 'id', 'type']);
    expect(c.id).toBe(String(i + 1));
    expect(roles).toContain(c.type);
  });
  return list;
}

describe('observations of real apps', () => {
  let factory: RunningApp;
  let writer: RunningApp;
  let desk: Desktop;
  let factorySnap: Snapshot;
  let writerSnap: Snapshot;

  let labelDir: string;

  beforeAll(async () => {
    // A private label store: this process and the CLI it starts share it, and nothing else writes there.
    labelDir = mkdtempSync(join(tmpdir(), 'lamb-labels-'));
    process.env.LAM_BRIDGE_LABEL_DIR = labelDir;
    [factory, writer] = await Promise.all([startApp('widgetFactory'), startApp('writer')]);
    desk = await Desktop.open({ timeoutMs: 10_000 });
    factorySnap = await desk.snapshot({ pid: factory.pid, visibleOnly: true });
    writerSnap = await desk.snapshot({ pid: writer.pid });
  });
  afterAll(async () => {
    await desk?.close();
    await Promise.all([factory?.stop(), writer?.stop()]);
    delete process.env.LAM_BRIDGE_LABEL_DIR;
    rmSync(labelDir, { recursive: true, force: true });
  });

  it('ufo-v2 and ufo list exactly the filtered controls, with UFO field names', () => {
    for (const snap of [factorySnap, writerSnap]) {
      const v2 = checkUfoV2(snap.observe('ufo-v2').text, UFO_V2_CONTROL_LIST);
      const newest = checkUfoNewest(snap.observe('ufo').text, UFO_CONTROL_LIST);
      // Every listed control is enabled and on screen, as UFO's FindAll condition demands.
      const labels = snap.observe('ufo').labels!;
      for (const entry of Object.values(labels.labels)) {
        const node = snap.node(entry.ref)!;
        expect(node.states).toEqual(expect.arrayContaining(['enabled', 'visible']));
        expect(node.rect!.width).toBeGreaterThan(0);
      }
      expect(newest.length).toBe(Object.keys(labels.labels).length);
      expect(v2.length).toBeGreaterThan(0);
    }
    const names = (JSON.parse(factorySnap.observe('ufo').text) as { name: string; type: string }[]).map((c) => `${c.type}:${c.name}`);
    expect(names).toEqual(expect.arrayContaining(['RadioButton:Page 1', 'CheckBox:checkbutton', 'Button:Close']));
    const writerNames = (JSON.parse(writerSnap.observe('ufo-v2').text) as { control_text: string }[]).map((c) => c.control_text);
    expect(writerNames).toEqual(expect.arrayContaining(['File', 'Bold']));
  });

  it('the tree format is the most compact, and json is the snapshot', () => {
    for (const snap of [factorySnap, writerSnap]) {
      const tree = snap.observe('tree');
      const json = snap.observe('json');
      expect(SnapshotData.parse(JSON.parse(json.text)).nodes).toHaveLength(snap.nodes.length);
      expect(tree.tokens).toBeLessThan(json.tokens / 2);
      expect(tree.tokens).toBe(countTokens(tree.text));
    }
    expect(factorySnap.observe('tree').text).toMatch(/RadioButton "Page 1" #\S+ \[checked\]/);
    expect(writerSnap.observe('tree').text).toMatch(/MenuItem "File"/);
  });

  it('keeps every format within a token budget on the full Writer tree, summarizing instead of cutting blindly', () => {
    for (const format of ['tree', 'ufo-v2', 'ufo', 'json'] as const) {
      const unlimited = writerSnap.observe(format);
      const budget = Math.max(200, Math.floor(unlimited.tokens / 4));
      const fitted = writerSnap.observe(format, { maxTokens: budget });
      expect(fitted.tokens, format).toBeLessThanOrEqual(budget);
      expect(fitted.truncated, format).toBe(true);
    }
    expect(writerSnap.observe('tree', { maxTokens: 2000 }).text).toMatch(/… \d[\d,]* more (MenuItem|nodes)/);
  });

  it('labels of a ufo-v2 observation drive act, in this process and in the next', async () => {
    const observation = factorySnap.observe('ufo-v2');
    const list = JSON.parse(observation.text) as { label: string; control_text: string }[];
    const page2 = list.find((c) => c.control_text === 'Page 2')!;
    const r = await desk.act({ Function: 'click_input', Args: {}, ControlLabel: page2.label, ControlText: 'Page 2', Status: 'CONTINUE' });
    expect(r).toMatchObject({ verdict: 'verified', target: { name: 'Page 2' } });
    await desk.close(); // writes the labels for the next process
    try {
      const page1 = list.find((c) => c.control_text === 'Page 1')!;
      const next = await lamb(['act', JSON.stringify({ function: 'click_input', args: { id: page1.label, name: 'Page 1' } })]);
      expect(next.code, next.stderr).toBe(0);
      expect(JSON.parse(next.stdout).target.name).toBe('Page 1');
    } finally {
      desk = await Desktop.open({ timeoutMs: 10_000 });
    }
  });

  it('diffs two snapshots by ref', async () => {
    const { diffSnapshots, renderDiff } = await import('../../lib/index.js');
    const box = factorySnap.find({ role: 'CheckBox' }).find((n) => n.states.includes('enabled'))!;
    await desk.act({ function: 'toggle', args: { id: box.ref } });
    const after = await desk.snapshot({ pid: factory.pid, visibleOnly: true });
    const diff = diffSnapshots(factorySnap.data, after.data);
    const change = diff.changed.find((c) => c.ref === box.ref)!;
    expect(change.fields.states!.added.concat(change.fields.states!.removed)).toContain('checked');
    expect(renderDiff(diff, after.data)).toMatch(/checkbutton/);
    await desk.act({ function: 'toggle', args: { id: box.ref } });
  });
});
