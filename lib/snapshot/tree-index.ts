import type { UINode } from '../model/node.js';

/**
 * Parent, depth and child lists of a pre-order node list, as flat typed arrays.
 *
 * Why flat arrays: every serializer needs the tree shape of a snapshot that may hold tens of thousands of
 * nodes, and the observe step has a budget of a few milliseconds. One pass over the nodes with a ref → index
 * map and typed arrays (no per-node objects) keeps that linear and allocation-light.
 */
export interface TreeIndex {
  readonly size: number;
  /** ref → position in the node list. */
  readonly indexOf: ReadonlyMap<string, number>;
  /** Parent position, -1 for a root (no parent, or a parent that is not in the list). */
  readonly parent: Int32Array;
  /** 0 for roots. */
  readonly depth: Int32Array;
  /** Children of node i are children[childStart[i] .. childStart[i] + childCount[i]), in document order. */
  readonly childStart: Int32Array;
  readonly childCount: Int32Array;
  readonly children: Int32Array;
  /** One past the last descendant of node i: the subtree of i is the range [i, subtreeEnd[i]). */
  readonly subtreeEnd: Int32Array;
}

export function indexTree(nodes: readonly UINode[]): TreeIndex {
  const n = nodes.length;
  const indexOf = new Map<string, number>();
  for (let i = 0; i < n; i++) indexOf.set(nodes[i]!.ref, i);

  const parent = new Int32Array(n);
  const depth = new Int32Array(n);
  const childCount = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const pref = nodes[i]!.parent;
    const p = pref === null ? -1 : indexOf.get(pref) ?? -1;
    // Pre-order puts a parent before its children; anything else (a torn snapshot) is treated as a root
    // rather than trusted, so depth and subtree ranges stay consistent.
    const ok = p >= 0 && p < i;
    parent[i] = ok ? p : -1;
    depth[i] = ok ? depth[p]! + 1 : 0;
    if (ok) childCount[p]!++;
  }

  const childStart = new Int32Array(n);
  let acc = 0;
  for (let i = 0; i < n; i++) {
    childStart[i] = acc;
    acc += childCount[i]!;
  }
  const children = new Int32Array(acc);
  const fill = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const p = parent[i]!;
    if (p >= 0) children[childStart[p]! + fill[p]!++] = i;
  }

  // In pre-order a subtree is contiguous: it ends where the next node at the same or a shallower depth
  // starts. Walking backwards, a node's subtree ends where its last child's subtree ends.
  const subtreeEnd = new Int32Array(n);
  for (let i = n - 1; i >= 0; i--) {
    const c = childCount[i]!;
    subtreeEnd[i] = c === 0 ? i + 1 : subtreeEnd[children[childStart[i]! + c - 1]!]!;
  }

  return { size: n, indexOf, parent, depth, childStart, childCount, children, subtreeEnd };
}
