/**
 * Snapshots of a real GTK 4 app (gtk4-widget-factory) against a plain libatspi walk. GTK 4's GetChildren
 * skips the stack pages and notebook tab panels that ChildCount and GetChildAtIndex list, and GTK 4.8 sets
 * SHOWING on windows only (native/linux/tree_reader.cc CheckChildList, InferShowing).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../../lib/session/index.js';
import { Desktop, type Snapshot, type UINode } from '../../lib/index.js';
import { AtspiAdapter } from '../../lib/platform/atspi/atspi-adapter.js';
import { atspiRoleName } from '../../lib/platform/atspi/atspi-roles.js';
import { startApp } from '../fixtures/apps.js';
import { libatspiWalk, refOf, walkStructure } from '../helpers/walk-baseline.js';

const APP = 'gtk4-widget-factory';
const structure = (nodes: UINode[]) => nodes.map((n) => ({ ref: n.ref, parent: n.parent, name: n.name }));

describe('gtk4-widget-factory snapshot', () => {
  let app: RunningApp;
  let desk: Desktop;
  let full: Snapshot;

  beforeAll(async () => {
    app = await startApp('gtk4WidgetFactory');
    desk = await Desktop.open({ timeoutMs: 10_000 });
    full = await desk.snapshot({ pid: app.pid });
  });
  afterAll(async () => {
    await desk?.close();
    await app?.stop();
  });

  it('equals a plain libatspi walk node for node: count, refs, parents and names', () => {
    const walk = walkStructure(libatspiWalk(APP));
    expect(full.data.truncated).toBe(false);
    expect(full.nodes.length).toBe(walk.length);
    expect(structure(full.nodes)).toEqual(walk);
  });

  it('gives every node the role and child count the libatspi walk reads', () => {
    const walk = libatspiWalk(APP);
    const byRef = new Map(walk.map((n) => [refOf(n.bus, n.path), n]));
    const facts = (n: UINode) => ({ ref: n.ref, role: n.rawRole, childCount: n.childCount });
    expect(full.nodes.map(facts)).toEqual(
      full.nodes.map((n) => {
        const w = byRef.get(n.ref)!;
        return { ref: n.ref, role: atspiRoleName(w.role), childCount: w.childCount };
      }),
    );
  });

  it('the reference walk lists the same nodes as the libatspi walk', async () => {
    const reference = await new AtspiAdapter().snapshot({ root: full.data.root, visibleOnly: false, timeoutMs: 30_000, referenceWalk: true });
    expect(structure(reference.nodes)).toEqual(walkStructure(libatspiWalk(APP)));
  });

  it("lists the stacks' pages, which GTK 4's GetChildren leaves out, with their children under them", () => {
    const pages = full.nodes.filter((n) => n.rawRole === 'panel' && /^Page _[123]$/.test(n.name));
    expect(pages.map((p) => p.name).sort()).toEqual(['Page _1', 'Page _2', 'Page _3']);
    for (const page of pages) expect(full.nodes.some((n) => n.parent === page.ref), page.name).toBe(true);
  });

  it('reads extents, values and actions of the controls on screen, and lists only those as visible', async () => {
    const visible = await desk.snapshot({ pid: app.pid, visibleOnly: true });
    expect(visible.nodes.length).toBeGreaterThan(50);
    expect(visible.nodes.length).toBeLessThan(full.nodes.length);
    const entry = visible.nodes.find((n) => n.role === 'Edit' && n.value === 'entry' && n.states.includes('enabled'));
    expect(entry, 'the live entry holding "entry"').toBeDefined();
    expect(entry!.states).toContain('visible');
    expect(entry!.rect!.width).toBeGreaterThan(0);
    const toggle = visible.nodes.find((n) => n.name === 'togglebutton' && n.role === 'Button');
    expect(toggle?.actions.length, 'the toggle button has actions').toBeGreaterThan(0);
    // Widgets of the hidden pages are in the full tree, off screen.
    const hidden = full.nodes.filter((n) => n.name === 'January');
    expect(hidden.length).toBeGreaterThan(0);
    expect(hidden.every((n) => n.states.includes('offscreen'))).toBe(true);
    for (const n of visible.nodes.slice(1)) expect(n.states.includes('visible') || n.rect === null, n.ref).toBe(true);
  });
});
