import type { Rect, UINode } from '../model/node.js';
import { nodesOf, type NodeList, type SnapshotDiff } from '../snapshot/diff.js';

export { diffSnapshots, isEmptyDiff, type FieldChanges, type NodeChange, type SnapshotDiff } from '../snapshot/diff.js';

/** Renders a diff as text for a model (the diff itself is computed in lib/snapshot/diff.ts). */
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
