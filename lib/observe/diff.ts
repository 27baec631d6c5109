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

type NodeList = Pick<SnapshotData, 'nodes'> | readonly UINode[];

function nodesOf(s: NodeList): readonly UINode[] {
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

export interface DiffTextOptions {
  /** Report moves and resizes (default false: layout churn is rarely what a model needs to see). */
  includeRect?: boolean;
  /** Lines per section before the rest is summarized (default 50). */
  maxLines?: number;
}

function label(n: Pick<UINode, 'role' | 'name' | 'ref'>): string {
  return n.role + (n.name === '' ? '' : ' ' + JSON.stringify(n.name)) + ' #' + n.ref;
}

function q(v: string | null): string {
  return v === null ? 'none' : JSON.stringify(v);
}

function rectText(r: Rect | null): string {
  return r === null ? 'none' : `${r.x},${r.y} ${r.width}x${r.height}`;
}

/**
 * The diff as text for a model, one line per element:
 *
 *   + Button "OK" #e41                      (appeared)
 *   - Dialog "Save As" #e30                 (gone)
 *   ~ Edit "Search" #e4: value "" → "hello"; +[focused]
 *   ~ CheckBox "Bold" #e7: +[checked]
 *
 * Changed elements are named by their new role/name (the old name is shown in the change). Returns
 * "(no changes)" for an empty diff.
 */
export function renderDiff(diff: SnapshotDiff, after: NodeList, options: DiffTextOptions = {}): string {
  const max = options.maxLines ?? 50;
  const byRef = new Map<string, UINode>();
  for (const n of nodesOf(after)) byRef.set(n.ref, n);
  const lines: string[] = [];
  const section = <T>(items: readonly T[], line: (t: T) => string | null, what: string) => {
    let shown = 0;
    let rest = 0;
    for (const it of items) {
      const l = line(it);
      if (l === null) continue;
      if (shown < max) { lines.push(l); shown++; } else rest++;
    }
    if (rest > 0) lines.push(`… ${rest.toLocaleString('en-US')} more ${what}`);
  };
  section(diff.added, (n) => '+ ' + label(n), 'added');
  section(diff.removed, (n) => '- ' + label(n), 'removed');
  section(diff.changed, (c) => {
    const parts: string[] = [];
    const f = c.fields;
    if (f.name) parts.push(`name ${q(f.name[0])} → ${q(f.name[1])}`);
    if (f.value) parts.push(`value ${q(f.value[0])} → ${q(f.value[1])}`);
    if (f.states) {
      const s = [...f.states.added.map((x) => `+[${x}]`), ...f.states.removed.map((x) => `-[${x}]`)];
      parts.push(s.join(' '));
    }
    if (f.rect && options.includeRect) parts.push(`rect ${rectText(f.rect[0])} → ${rectText(f.rect[1])}`);
    if (parts.length === 0) return null;
    const node = byRef.get(c.ref);
    return '~ ' + (node ? label(node) : '#' + c.ref) + ': ' + parts.join('; ');
  }, 'changed');
  return lines.length === 0 ? '(no changes)' : lines.join('\n');
}
