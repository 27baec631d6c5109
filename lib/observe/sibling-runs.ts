import type { UINode } from '../model/node.js';
import { findRuns, type Runs } from './token-budget.js';
import type { TreeIndex } from '../snapshot/tree-index.js';

/**
 * Runs of consecutive same-role siblings, per node: the unit the token budget summarizes in tree-shaped
 * formats ("… 9,850 more ListItem"). Found in one pass along the child lists, which the index keeps grouped
 * by parent in document order; a root is a run of its own.
 */
export function siblingRuns(nodes: readonly UINode[], index: TreeIndex): Runs {
  const kids = index.children;
  const byChild = findRuns(kids.length, (a, b) => {
    const x = kids[a]!;
    const y = kids[b]!;
    return index.parent[x] === index.parent[y] && nodes[x]!.role === nodes[y]!.role;
  });
  const position = new Int32Array(index.size);
  const length = new Int32Array(index.size).fill(1);
  for (let k = 0; k < kids.length; k++) {
    const c = kids[k]!;
    position[c] = byChild.position[k]!;
    length[c] = byChild.length[k]!;
  }
  return { position, length };
}
