/** Snapshots of LibreOffice Writer (gtk3 VCL plugin): a large real tree (~1,900 nodes, mostly closed menus). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../../lib/session/index.js';
import { Desktop, type Snapshot, type UINode } from '../../lib/index.js';
import { AtspiAdapter } from '../../lib/platform/atspi/atspi-adapter.js';
import { startApp } from '../fixtures/apps.js';
import { libatspiWalk, walkStructure } from '../helpers/walk-baseline.js';

// LibreOffice renames some menu items lazily ("Save As" becomes "Save As..."), so the walk in another
// process is compared on structure; names are compared with the in-process reference walk, back to back.
const structure = (nodes: { ref: string; parent: string | null }[]) => nodes.map((n) => ({ ref: n.ref, parent: n.parent }));

describe('LibreOffice Writer snapshot', () => {
  let app: RunningApp;
  let desk: Desktop;
  let full: Snapshot;
  let visible: Snapshot;

  beforeAll(async () => {
    app = await startApp('writer');
    desk = await Desktop.open({ timeoutMs: 10_000 });
    full = await desk.snapshot({ pid: app.pid });
    visible = await desk.snapshot({ pid: app.pid, visibleOnly: true });
  });
  afterAll(async () => {
    await desk?.close();
    await app?.stop();
  });

  it('reads the whole tree: the document window, menus, toolbars and the document', () => {
    expect(full.data.app.pid).toBe(app.pid);
    expect(full.nodes.length).toBeGreaterThan(1000);
    const [window] = full.find({ role: 'Window', name: /LibreOffice Writer/ });
    expect(window).toBeDefined();
    expect(full.find({ role: 'MenuBar' }).length).toBeGreaterThanOrEqual(1);
    const menuNames = full.find({ role: 'MenuItem' }).map((n) => n.name);
    expect(menuNames).toEqual(expect.arrayContaining(['File', 'Edit', 'View', 'Insert', 'Format']));
    expect(full.find({ role: 'Document' }).length).toBeGreaterThanOrEqual(1);
    const bold = full.find({ name: 'Bold' }).filter((n) => n.states.includes('visible'));
    expect(bold.length).toBeGreaterThanOrEqual(1);
    expect(bold[0]!.rect!.width).toBeGreaterThan(0);
  });

  it('leaves closed menus out of the visible-only tree', () => {
    expect(visible.nodes.length).toBeLessThan(full.nodes.length / 4);
    // LibreOffice's gtk3 plugin exposes two menu bars (its own and GTK's), both showing.
    expect(visible.find({ role: 'MenuItem', name: 'File' }).length).toBeGreaterThanOrEqual(1);
    // "Save As..." lives in the closed File menu: in the full tree, not on screen.
    expect(full.find({ role: 'MenuItem', name: /^Save As/ }).length).toBeGreaterThanOrEqual(1);
    expect(visible.find({ role: 'MenuItem', name: /^Save As/ })).toHaveLength(0);
  });

  it('equals a plain libatspi GetChildren walk, node for node', async () => {
    const fresh = await desk.snapshot({ pid: app.pid });
    expect(structure(fresh.nodes)).toEqual(structure(walkStructure(libatspiWalk('soffice'))));
    const freshVisible = await desk.snapshot({ pid: app.pid, visibleOnly: true });
    expect(structure(freshVisible.nodes)).toEqual(structure(walkStructure(libatspiWalk('soffice', { visibleOnly: true }))));
  });

  it('snapshots the document window alone, equal to the reference walk of that window', async () => {
    const [window] = (await desk.windows()).filter((w) => w.pid === app.pid && /Writer/.test(w.title));
    const adapter = new AtspiAdapter();
    const base = { root: window!.ref, visibleOnly: false, timeoutMs: 20_000 };
    const fast = await adapter.snapshot(base);
    const reference = await adapter.snapshot({ ...base, referenceWalk: true });
    expect(fast.nodes[0]!.role).toBe('Window');
    expect(fast.nodes.length).toBe(full.nodes.length - 1); // the app's one window: everything but the app root
    expect(fast.nodes).toEqual(reference.nodes);
  });

  it('equals the per-node reference walk in every field', async () => {
    const adapter = new AtspiAdapter();
    for (const visibleOnly of [false, true]) {
      const base = { root: full.data.root, visibleOnly, timeoutMs: 20_000 };
      const fast = await adapter.snapshot(base);
      const reference = await adapter.snapshot({ ...base, referenceWalk: true });
      expect(fast.nodes).toEqual(reference.nodes);
    }
  });
});
