import { describe, it, expect } from 'vitest';
import { z } from 'zod';
import { LambError, UINode } from '../../lib/model/index.js';
import { ATSPI_INTERFACE_ORDER, hasInterface, type RawAtspiNode } from '../../lib/platform/atspi/atspi-raw.js';
import { atspiRect, normalizeAtspiNodes } from '../../lib/platform/atspi/atspi-node.js';
import { AtspiRole } from '../../lib/platform/atspi/atspi-roles.js';
import { AtspiStateType } from '../../lib/platform/atspi/atspi-states.js';

const SHOWING: [number, number] = [1 << AtspiStateType.SHOWING, 0];

function raw(ref: string, parent: number, role: number, extra: Partial<RawAtspiNode> = {}): RawAtspiNode {
  return {
    ref, parent, role, name: '', description: '', states: [0, 0], interfaces: 1, childCount: 0,
    rect: null, value: null, id: null, actions: null, ...extra,
  };
}

function ifaces(...names: (typeof ATSPI_INTERFACE_ORDER)[number][]): number {
  return names.reduce((m, n) => m | (1 << ATSPI_INTERFACE_ORDER.indexOf(n)), 0);
}

/** A small GTK3-like window: app > frame > panel > [button, entry, menu bar > menu > item]. */
function sampleTree(): RawAtspiNode[] {
  return [
    raw(':1.5/root', -1, AtspiRole.APPLICATION, { name: 'gtk3-widget-factory', childCount: 1 }),
    raw(':1.5/1', 0, AtspiRole.FRAME, { name: 'Widget Factory', states: SHOWING, rect: [0, 0, 800, 600], childCount: 1 }),
    raw(':1.5/2', 1, AtspiRole.PANEL, { states: SHOWING, childCount: 3 }),
    raw(':1.5/3', 2, AtspiRole.PUSH_BUTTON, {
      name: 'OK', description: 'Accept', states: SHOWING, rect: [10, 20, 80, 30], id: 'ok-button', actions: ['click'],
      interfaces: ifaces('Accessible', 'Action', 'Component'),
    }),
    raw(':1.5/4', 2, AtspiRole.TEXT, {
      states: SHOWING, rect: [10, 60, 200, 30], value: 'hello', id: '', actions: ['activate'], childCount: -1,
      interfaces: ifaces('Accessible', 'Component', 'EditableText', 'Text'),
    }),
    raw(':1.5/5', 2, AtspiRole.MENU_BAR, { states: SHOWING, childCount: 1 }),
    raw(':1.5/6', 5, AtspiRole.MENU, { name: 'File', states: SHOWING, childCount: 1 }),
    raw(':1.5/7', 6, AtspiRole.MENU_ITEM, {
      name: 'Open', rect: [-2147483648, -2147483648, 1, 1], actions: ['click'],
    }),
  ];
}

describe('hasInterface', () => {
  it('tests the bit of each interface in ATSPI_INTERFACE_ORDER', () => {
    const n = { interfaces: ifaces('Component', 'EditableText', 'Value') };
    expect(hasInterface(n, 'Component')).toBe(true);
    expect(hasInterface(n, 'EditableText')).toBe(true);
    expect(hasInterface(n, 'Value')).toBe(true);
    expect(hasInterface(n, 'Text')).toBe(false);
    expect(hasInterface(n, 'Accessible')).toBe(false);
    expect(ATSPI_INTERFACE_ORDER.indexOf('Value')).toBe(14);
    for (const name of ATSPI_INTERFACE_ORDER) {
      expect(hasInterface({ interfaces: -1 }, name)).toBe(true);
      expect(hasInterface({ interfaces: 0 }, name)).toBe(false);
    }
  });
});

describe('atspiRect', () => {
  it('keeps real boxes, including ones left of or above the primary screen', () => {
    expect(atspiRect([10, 20, 30, 40])).toEqual({ x: 10, y: 20, width: 30, height: 40 });
    expect(atspiRect([-1920, -5, 100, 50])).toEqual({ x: -1920, y: -5, width: 100, height: 50 });
  });

  it('drops missing, sentinel and empty boxes', () => {
    expect(atspiRect(null)).toBeNull();
    expect(atspiRect([-2147483648, -2147483648, 1, 1])).toBeNull();
    expect(atspiRect([-2147483648, 0, 10, 10])).toBeNull();
    expect(atspiRect([0, -2147483648, 10, 10])).toBeNull();
    expect(atspiRect([5, 5, 0, 10])).toBeNull();
    expect(atspiRect([5, 5, 10, 0])).toBeNull();
    expect(atspiRect([5, 5, -1, 10])).toBeNull();
  });
});

describe('normalizeAtspiNodes', () => {
  it('turns parent indices into parent refs, in the same order', () => {
    const input = sampleTree();
    const nodes = normalizeAtspiNodes(input);
    expect(nodes.map((n) => n.ref)).toEqual(input.map((r) => r.ref));
    expect(nodes.map((n) => n.parent)).toEqual([
      null, ':1.5/root', ':1.5/1', ':1.5/2', ':1.5/2', ':1.5/2', ':1.5/5', ':1.5/6',
    ]);
  });

  it('produces nodes that satisfy the UINode schema', () => {
    expect(() => z.array(UINode.strict()).parse(normalizeAtspiNodes(sampleTree()))).not.toThrow();
  });

  it('fills every field from the raw facts', () => {
    const [app, frame, panel, button, entry, , menu, item] = normalizeAtspiNodes(sampleTree());
    expect(button).toEqual({
      ref: ':1.5/3', parent: ':1.5/2', role: 'Button', rawRole: 'push button', name: 'OK', value: null,
      automationId: 'ok-button', states: ['visible'], rect: { x: 10, y: 20, width: 80, height: 30 },
      actions: ['click'], description: 'Accept', childCount: 0,
    });
    expect(entry).toEqual({
      ref: ':1.5/4', parent: ':1.5/2', role: 'Edit', rawRole: 'text', name: '', value: 'hello',
      automationId: null, states: ['visible'], rect: { x: 10, y: 60, width: 200, height: 30 },
      actions: ['activate'],
    });
    expect(app?.role).toBe('Pane');
    expect(app?.rawRole).toBe('application');
    // No toolkit marks the application object ENABLED; it is not disabled either.
    expect(app?.states).toEqual(['enabled', 'offscreen']);
    expect(frame?.role).toBe('Window');
    expect(panel?.role).toBe('Pane');
    expect(panel?.actions).toEqual([]);
    // The menu hangs off the menu bar, so it is the "File" entry a model clicks.
    expect(menu?.role).toBe('MenuItem');
    expect(item?.rect).toBeNull();
    expect(item?.states).toEqual(['offscreen']);
  });

  it('omits an empty description and an unknown child count', () => {
    const nodes = normalizeAtspiNodes(sampleTree());
    expect('description' in (nodes[0] as UINode)).toBe(false);
    expect(nodes[3]?.description).toBe('Accept');
    expect('childCount' in (nodes[4] as UINode)).toBe(false);
    expect(nodes[2]?.childCount).toBe(3);
  });

  it('gives each node its own actions array', () => {
    const nodes = normalizeAtspiNodes([raw('a', -1, AtspiRole.PANEL), raw('b', 0, AtspiRole.PANEL)]);
    nodes[0]?.actions.push('x');
    expect(nodes[1]?.actions).toEqual([]);
  });

  it('uses rootParentRole for the snapshot root only', () => {
    const input = [raw('d', -1, AtspiRole.DIALOG), raw('c', 0, AtspiRole.DIALOG)];
    expect(normalizeAtspiNodes(input).map((n) => n.role)).toEqual(['Window', 'Pane']);
    expect(normalizeAtspiNodes(input, { rootParentRole: AtspiRole.APPLICATION }).map((n) => n.role)).toEqual(['Window', 'Pane']);
    expect(normalizeAtspiNodes(input, { rootParentRole: AtspiRole.FRAME }).map((n) => n.role)).toEqual(['Pane', 'Pane']);
  });

  it('rejects parent indices that break pre-order', () => {
    const forward = [raw('a', -1, AtspiRole.FRAME), raw('b', 2, AtspiRole.PANEL), raw('c', 0, AtspiRole.PANEL)];
    const self = [raw('a', -1, AtspiRole.FRAME), raw('b', 1, AtspiRole.PANEL)];
    const outside = [raw('a', -1, AtspiRole.FRAME), raw('b', 7, AtspiRole.PANEL)];
    const negative = [raw('a', -1, AtspiRole.FRAME), raw('b', -2, AtspiRole.PANEL)];
    for (const bad of [forward, self, outside, negative]) {
      let error: unknown;
      try {
        normalizeAtspiNodes(bad);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(LambError);
      expect((error as LambError).code).toBe('INTERNAL');
      expect((error as LambError).message).toContain('node 1 (b)');
    }
  });

  it('handles an empty snapshot', () => {
    expect(normalizeAtspiNodes([])).toEqual([]);
  });

  it('normalizes 10,000 nodes, parents resolved (its speed is measured by bench/normalize.bench.ts)', () => {
    // A LibreOffice-like shape: wide menus of items, each item 2 levels below a menu.
    const input: RawAtspiNode[] = [raw('root', -1, AtspiRole.APPLICATION)];
    for (let i = 1; i < 10_000; i++) input.push(raw(`:1.9/${i}`, i < 50 ? 0 : i % 50, AtspiRole.MENU_ITEM, { name: `node ${i}` }));
    const nodes = normalizeAtspiNodes(input);
    expect(nodes).toHaveLength(10_000);
    expect(nodes[9_999]!.parent).toBe(':1.9/49');
    expect(nodes[49]!.parent).toBe('root');
  });
});

describe('normalizeAtspiNodes, for an app whose SHOWING is inferred (GTK 4.8)', () => {
  const VISIBLE = 1 << 30;
  const SENSITIVE = 1 << 24;
  const nodes = normalizeAtspiNodes(
    [
      raw(':1.5/1', -1, AtspiRole.FRAME, { states: [(1 << 25) | VISIBLE | SENSITIVE, 0], rect: [0, 0, 800, 600], childCount: 3 }),
      raw(':1.5/2', 0, AtspiRole.PUSH_BUTTON, { name: 'on screen', states: [VISIBLE | SENSITIVE, 0], rect: [10, 20, 80, 30] }),
      raw(':1.5/3', 0, AtspiRole.PUSH_BUTTON, { name: 'hidden page', states: [VISIBLE | SENSITIVE, 0], rect: [10, 20, 0, 0] }),
      raw(':1.5/4', 0, AtspiRole.PUSH_BUTTON, { name: 'insensitive', states: [VISIBLE, 0], rect: [10, 60, 80, 30] }),
    ],
    { showingInferred: true },
  );

  it('counts VISIBLE with extents of some size as on screen, and 0x0 as off it', () => {
    expect(nodes.map((n) => n.states.includes('visible'))).toEqual([true, true, false, true]);
    expect(nodes[2]!.states).toContain('offscreen');
  });

  it('counts SENSITIVE as enabled (the toolkit never sets ENABLED)', () => {
    expect(nodes.map((n) => n.states.includes('enabled'))).toEqual([true, true, true, false]);
  });

  it('leaves the states of other apps as they are', () => {
    const plain = normalizeAtspiNodes([raw(':1.5/2', -1, AtspiRole.PUSH_BUTTON, { states: [VISIBLE | SENSITIVE, 0], rect: [10, 20, 80, 30] })]);
    expect(plain[0]!.states).toEqual(['offscreen', 'sensitive']);
  });
});
