/** Pure TS: the Snapshot wrapper's lookups and the option schemas. */
import { describe, expect, it } from 'vitest';
import { SnapshotOptions, TargetOptions, type SnapshotData, type UINode } from '../../lib/model/index.js';
import { Snapshot } from '../../lib/desktop/snapshot.js';

function node(ref: string, parent: string | null, role: UINode['role'], name: string, states: UINode['states'] = []): UINode {
  return { ref, parent, role, rawRole: role.toLowerCase(), name, value: null, automationId: null, states, rect: null, actions: [] };
}

const data: SnapshotData = {
  platform: 'atspi',
  app: { name: 'demo', pid: 1 },
  window: null,
  root: 'w',
  durationMs: 1,
  truncated: false,
  incomplete: false,
  nodes: [
    node('w', null, 'Window', 'Main'),
    node('p1', 'w', 'Pane', ''),
    node('b1', 'p1', 'Button', 'OK', ['enabled', 'visible']),
    node('b2', 'p1', 'Button', 'Cancel', ['visible']),
    node('p2', 'w', 'Pane', ''),
    node('b3', 'p2', 'Button', 'OK', ['enabled']),
  ],
};

describe('Snapshot', () => {
  const snap = new Snapshot(data);

  it('finds by role, name, RegExp and states', () => {
    expect(snap.find({ role: 'Button', name: 'OK' }).map((n) => n.ref)).toEqual(['b1', 'b3']);
    expect(snap.find({ name: /^Can/ }).map((n) => n.ref)).toEqual(['b2']);
    expect(snap.find({ role: 'Button', states: ['enabled', 'visible'] }).map((n) => n.ref)).toEqual(['b1']);
    expect(snap.find({ role: 'Edit' })).toEqual([]);
  });

  it('restricts find to a subtree', () => {
    expect(snap.find({ role: 'Button', within: 'p2' }).map((n) => n.ref)).toEqual(['b3']);
    expect(snap.find({ within: 'p1' }).map((n) => n.ref)).toEqual(['p1', 'b1', 'b2']);
    expect(snap.find({ within: 'missing' })).toEqual([]);
  });

  it('walks children and ancestors', () => {
    expect(snap.children('p1').map((n) => n.ref)).toEqual(['b1', 'b2']);
    expect(snap.ancestors('b3').map((n) => n.ref)).toEqual(['w', 'p2']);
    expect(snap.node('b2')?.name).toBe('Cancel');
    expect(snap.root?.ref).toBe('w');
  });
});

describe('option schemas', () => {
  it('fills defaults', () => {
    expect(SnapshotOptions.parse({})).toEqual({ visibleOnly: false, timeoutMs: 2000 });
  });

  it('accepts one target at most', () => {
    expect(TargetOptions.safeParse({ app: 'a' }).success).toBe(true);
    expect(TargetOptions.safeParse({ app: 'a', pid: 3 }).success).toBe(false);
    expect(TargetOptions.safeParse({ ref: '' }).success).toBe(false);
  });

  it('rejects nonsense numbers and unknown keys', () => {
    for (const bad of [{ maxNodes: 0 }, { maxDepth: -1 }, { timeoutMs: 600_001 }, { pid: 2 ** 31 }, { extra: 1 }])
      expect(SnapshotOptions.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
  });
});
