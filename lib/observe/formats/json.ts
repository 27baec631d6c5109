import type { SnapshotData } from '../../model/snapshot.js';
import { siblingRuns } from '../sibling-runs.js';
import { fitToBudget, isHiddenByRun } from '../token-budget.js';
import { indexTree } from '../../snapshot/tree-index.js';

/**
 * The snapshot itself as JSON (docs/CONTRACT.md "Snapshot JSON"): what `lamb snapshot --format json` prints.
 *
 * Without a budget the text is exactly JSON.stringify(snapshot) (or with `indent`). With `maxTokens`, long
 * runs of same-role siblings lose their tail members (with their subtrees), then the node list may be cut;
 * `truncated` becomes true and an `omitted` array says what is missing, so the JSON stays self-describing:
 *
 *   "omitted": [{"parent": "e6", "role": "ListItem", "after": "e26", "count": 9850},
 *               {"parent": null, "role": null, "after": "e90", "count": 120}]      (the second: a tail cut)
 *
 * `count` counts the summarized siblings (not their descendants) for runs, and nodes for a cut.
 */
export interface JsonOptions {
  /** Pretty-print with this many spaces (default: compact, the cheapest in tokens). */
  indent?: number;
  maxTokens?: number;
}

export interface OmittedRange {
  parent: string | null;
  role: string | null;
  after: string | null;
  count: number;
}

export interface JsonResult {
  readonly text: string;
  readonly shown: number;
  readonly omitted: number;
  readonly truncated: boolean;
}

export function formatJson(snapshot: SnapshotData, options: JsonOptions = {}): JsonResult {
  const nodes = snapshot.nodes;
  const n = nodes.length;
  const indent = options.indent;
  if (options.maxTokens === undefined) {
    return { text: JSON.stringify(snapshot, null, indent), shown: n, omitted: 0, truncated: false };
  }

  const index = indexTree(nodes);
  const runs = siblingRuns(nodes, index);
  const { nodes: _nodes, ...rest } = snapshot;
  // Compact output is assembled from per-node strings made once; pretty output goes through JSON.stringify
  // of the reduced object, which is slower but only used by people reading it.
  let nodeJson: string[] | null = null;
  // The last shown member of a summarized run: the sibling just before the first hidden one (a run has
  // position >= 1 there, so it exists). Looked up only once per summarized run.
  const previousSibling = (i: number): string | null => {
    const p = index.parent[i]!;
    if (p < 0) return null;
    const start = index.childStart[p]!;
    const kids = index.children.subarray(start, start + index.childCount[p]!);
    const k = kids.indexOf(i);
    return k > 0 ? nodes[kids[k - 1]!]!.ref : null;
  };

  const render = (keep: number, limit: number) => {
    const kept: number[] = [];
    const omitted: OmittedRange[] = [];
    let cut = 0;
    let lastShown: string | null = null;
    for (let i = 0; i < n; i++) {
      if (isHiddenByRun(runs, i, keep)) {
        if (runs.position[i] === keep && kept.length < limit) {
          const p = index.parent[i]!;
          omitted.push({
            parent: p >= 0 ? nodes[p]!.ref : null,
            role: nodes[i]!.role,
            after: previousSibling(i),
            count: runs.length[i]! - keep,
          });
        }
        i = index.subtreeEnd[i]! - 1;
        continue;
      }
      if (kept.length >= limit) {
        cut++;
        continue;
      }
      kept.push(i);
      lastShown = nodes[i]!.ref;
    }
    if (cut > 0) omitted.push({ parent: null, role: null, after: lastShown, count: cut });
    const reduced = omitted.length > 0;
    let text: string;
    if (!reduced) {
      text = JSON.stringify(snapshot, null, indent);
    } else if (indent === undefined) {
      nodeJson ??= nodes.map((node) => JSON.stringify(node));
      const head = JSON.stringify({ ...rest, truncated: true });
      text = head.slice(0, -1) + ',"nodes":[' + kept.map((i) => nodeJson![i]).join(',') + '],"omitted":' +
        JSON.stringify(omitted) + '}';
    } else {
      text = JSON.stringify({ ...rest, truncated: true, nodes: kept.map((i) => nodes[i]), omitted }, null, indent);
    }
    return { text, entries: kept.length };
  };

  const fitted = fitToBudget(render, options.maxTokens);
  const shown = fitted.result.entries;
  return { text: fitted.result.text, shown, omitted: n - shown, truncated: fitted.summarized || fitted.cut };
}
