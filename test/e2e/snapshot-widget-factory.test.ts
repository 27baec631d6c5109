/** Snapshots of a real GTK 3 app (gtk3-widget-factory) on a real AT-SPI bus. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../../lib/session/index.js';
import { Desktop, type Snapshot, type UINode } from '../../lib/index.js';
import { AtspiAdapter } from '../../lib/platform/atspi/atspi-adapter.js';
import { startApp } from '../fixtures/apps.js';
import { libatspiWalk, walkStructure } from '../helpers/walk-baseline.js';

const structure = (nodes: UINode[]) => nodes.map((n) => ({ ref: n.ref, parent: n.parent, name: n.name }));

describe('gtk3-widget-factory snapshot', () => {
  let app: RunningApp;
  let desk: Desktop;
  let full: Snapshot;
  let visible: Snapshot;

  beforeAll(async () => {
    app = await startApp('widgetFactory');
    desk = await Desktop.open();
    full = await desk.snapshot({ pid: app.pid });
    visible = await desk.snapshot({ pid: app.pid, visibleOnly: true });
  });
  afterAll(async () => {
    await desk?.close();
    await app?.stop();
  });

  it('reads the whole tree of the app, with the app and its window', () => {
    expect(full.data.platform).toBe('atspi');
    expect(full.data.app).toEqual({ name: 'gtk3-widget-factory', pid: app.pid });
    expect(full.nodes.length).toBeGreaterThan(200);
    expect(full.data.truncated).toBe(false);
    expect(full.data.incomplete).toBe(false);
    // Pre-order: a parent always comes before its children, and only the root has none.
    const seen = new Set<string>();
    full.nodes.forEach((n, i) => {
      if (i === 0) expect(n.parent).toBeNull();
      else expect(seen.has(n.parent!)).toBe(true);
      seen.add(n.ref);
    });
    expect(seen.size).toBe(full.nodes.length);
    expect(full.find({ role: 'Window' }).length).toBeGreaterThanOrEqual(1);
  });

  it('finds the known controls by role and name, on screen', () => {
    for (const page of ['Page 1', 'Page 2', 'Page 3']) {
      const [tab] = visible.find({ role: 'RadioButton', name: page });
      expect(tab, page).toBeDefined();
      expect(tab!.states).toContain('visible');
      expect(tab!.actions).toContain('click');
      expect(tab!.rect!.width).toBeGreaterThan(0);
      expect(tab!.rect!.height).toBeGreaterThan(0);
    }
    expect(visible.find({ role: 'CheckBox', name: 'checkbutton' }).length).toBe(6);
    expect(visible.find({ role: 'Button', name: 'Close' })).toHaveLength(1);
    const firstPage = visible.find({ role: 'RadioButton', name: 'Page 1' })[0]!;
    expect(firstPage.states).toContain('checked');
  });

  it('reads the text entry and its current text', () => {
    const entries = visible.find({ role: 'Edit' });
    // The page shows two entries holding "entry": an insensitive one and a live one.
    const holding = entries.filter((e) => e.value === 'entry');
    expect(holding).toHaveLength(2);
    expect(holding.filter((e) => e.states.includes('enabled'))).toHaveLength(1);
    const entry = holding.find((e) => e.states.includes('enabled'))!;
    expect(entry.states).toEqual(expect.arrayContaining(['enabled', 'editable', 'focusable', 'visible']));
    expect(entries.map((e) => e.value)).toContain('comboboxentry');
    const rect = entry.rect!;
    expect(rect.x).toBeGreaterThanOrEqual(0);
    expect(rect.x + rect.width).toBeLessThanOrEqual(1920);
  });

  it('holds all three stack pages, only the first one showing', () => {
    const pages = full.find({ name: /^page [123]$/ });
    expect(pages.map((p) => p.name)).toEqual(expect.arrayContaining(['page 1', 'page 2', 'page 3']));
    // Controls of pages 2 and 3 exist in the full tree but are not on screen.
    const hidden = full.nodes.filter((n) => !n.states.includes('visible'));
    expect(hidden.length).toBeGreaterThan(10);
    expect(visible.nodes.length).toBeLessThan(full.nodes.length);
    for (const n of visible.nodes.slice(1)) expect(n.states).toContain('visible');
  });

  it('equals a plain libatspi GetChildren walk, node for node', () => {
    const walk = walkStructure(libatspiWalk('gtk3-widget-factory'));
    expect(structure(full.nodes)).toEqual(walk);
    const walkVisible = walkStructure(libatspiWalk('gtk3-widget-factory', { visibleOnly: true }));
    expect(structure(visible.nodes)).toEqual(walkVisible);
  });

  it('equals the per-node reference walk in every field', async () => {
    const adapter = new AtspiAdapter();
    for (const visibleOnly of [false, true]) {
      const base = { root: full.data.root, visibleOnly, timeoutMs: 10_000 };
      const [fast, reference] = [await adapter.snapshot(base), await adapter.snapshot({ ...base, referenceWalk: true })];
      // Spinners and the progress bar animate: compare everything but live values.
      const stable = (n: UINode) => ({ ...n, value: n.role === 'ProgressBar' ? null : n.value });
      expect(fast.nodes.map(stable)).toEqual(reference.nodes.map(stable));
    }
  });

  it('honours maxDepth and maxNodes', async () => {
    const shallow = await desk.snapshot({ pid: app.pid, maxDepth: 1 });
    expect(shallow.nodes.every((n) => n.parent === null || n.parent === shallow.root!.ref)).toBe(true);
    expect(shallow.nodes.length).toBeGreaterThan(1);
    const capped = await desk.snapshot({ pid: app.pid, maxNodes: 25 });
    expect(capped.nodes).toHaveLength(25);
    expect(capped.data.truncated).toBe(true);
    expect(structure(capped.nodes)).toEqual(structure(full.nodes.slice(0, 25)));
  });

  it('snapshots a window and a subtree by ref, naming the window', async () => {
    const [window] = (await desk.windows()).filter((w) => w.pid === app.pid);
    expect(window).toBeDefined();
    const byWindow = await desk.snapshot({ ref: window!.ref });
    expect(byWindow.root!.role).toBe('Window');
    expect(byWindow.data.window).toEqual({ ref: window!.ref, title: window!.title });
    const tab = full.find({ role: 'RadioButton', name: 'Page 2' })[0]!;
    const parentRef = tab.parent!;
    const sub = await desk.snapshot({ ref: parentRef });
    expect(sub.root!.ref).toBe(parentRef);
    expect(sub.find({ role: 'RadioButton' }).map((n) => n.name)).toEqual(['Page 1', 'Page 2', 'Page 3']);
    expect(sub.data.window?.ref).toBe(window!.ref);
  });
});
