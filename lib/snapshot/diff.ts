import type { Rect, StateName, UINode } from '../model/node.js';
import type { SnapshotData } from '../model/snapshot.js';

/**
 * What changed between two snapshots of the same app, matched by ref (refs are stable for an element's
 * life). This is the evidence of an action's effect: UFO leaves that comparison to the model (two
 * screenshots); handing a text-only model the diff is both cheaper and more reliable.
 */
export interface FieldChanges {
  name?: [string, string];
  value?: [string | null, string | null];
  states?: { added: StateName[]; removed: StateName[] };
  rect?: [Rect | null, Rect | null];
}

export interface NodeChange {
  ref: string;
  fields: FieldChanges;
}

export interface SnapshotDiff {
  /** In the after snapshot's order. */
  added: UINode[];
  /** In the before snapshot's order. */
  removed: UINode[];
  /** In the after snapshot's order. */
  changed: NodeChange[];
}

export type NodeList = Pick<SnapshotData, 'nodes'> | readonly UINode[];

export function nodesOf(s: NodeList): readonly UINode[] {
  return Array.isArray(s) ? s : (s as Pick<SnapshotData, 'nodes'>).nodes;
}

function sameRect(a: Rect | null, b: Rect | null): boolean {
  if (a === null || b === null) return a === b;
  return a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;
}

function stateChanges(before: readonly StateName[], after: readonly StateName[]): FieldChanges['states'] {
  const b = new Set(before);
  const a = new Set(after);
  const added = after.filter((s) => !b.has(s));
  const removed = before.filter((s) => !a.has(s));
  return added.length === 0 && removed.length === 0 ? undefined : { added, removed };
}

export function diffSnapshots(before: NodeList, after: NodeList): SnapshotDiff {
  const bNodes = nodesOf(before);
  const aNodes = nodesOf(after);
  const byRef = new Map<string, UINode>();
  for (const n of bNodes) byRef.set(n.ref, n);
  const added: UINode[] = [];
  const changed: NodeChange[] = [];
  const seen = new Set<string>();
  for (const a of aNodes) {
    const b = byRef.get(a.ref);
    if (b === undefined) {
      added.push(a);
      continue;
    }
    seen.add(a.ref);
    const fields: FieldChanges = {};
    if (a.name !== b.name) fields.name = [b.name, a.name];
    if (a.value !== b.value) fields.value = [b.value, a.value];
    const st = stateChanges(b.states, a.states);
    if (st) fields.states = st;
    if (!sameRect(b.rect, a.rect)) fields.rect = [b.rect, a.rect];
    if (fields.name || fields.value || fields.states || fields.rect) changed.push({ ref: a.ref, fields });
  }
  const removed = bNodes.filter((n) => !seen.has(n.ref));
  return { added, removed, changed };
}

export function isEmptyDiff(d: SnapshotDiff): boolean {
  return d.added.length === 0 && d.removed.length === 0 && d.changed.length === 0;
}
