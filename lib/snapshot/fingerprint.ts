import type { UINode } from '../model/node.js';
import type { TreeIndex } from './tree-index.js';

/**
 * Ancestor fingerprint: roles (plus automation ids) only. Names are left out on purpose: a window title
 * changes as soon as a document is modified ("*Untitled"), which would break the match for no reason.
 */
export function ancestorsFingerprint(nodes: readonly UINode[], index: TreeIndex, i: number): string {
  const segs: string[] = [];
  for (let p = index.parent[i]!; p >= 0; p = index.parent[p]!) {
    const a = nodes[p]!;
    segs.push(a.automationId ? a.role + '#' + a.automationId : a.role);
  }
  return segs.reverse().join('/');
}
