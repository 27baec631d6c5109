import type { UINode } from '../../model/node.js';
import type { SnapshotData } from '../../model/snapshot.js';
import { buildLabelMap, type LabelMap } from '../labels.js';
import { siblingRuns } from '../sibling-runs.js';
import { cutSummaryText, fitToBudget, isHiddenByRun, runSummaryText } from '../token-budget.js';
import { indexTree } from '../../snapshot/tree-index.js';

/**
 * Compact indented text of the whole tree: the most token-efficient form that still lets a model act.
 *
 * Grammar (one line per shown node, document order):
 *
 *   text    := line *("\n" line)
 *   line    := indent (entry | summary)
 *   indent  := "  " repeated depth times; depth counts shown ancestors only (see hoisting)
 *   entry   := role [" " name] " #" id *(" [" state "]") [" value=" value]
 *   role    := a ControlType name: Button, Edit, ListItem, ...
 *   name    := JSON string literal of the accessible name; omitted when empty; cut at maxNameLength with "…"
 *   id      := the node's ref (ids: 'ref', default) or its label "1".."N" (ids: 'label'); a ref with spaces,
 *              '#' or '"' is written as a JSON string literal
 *   state   := focused | checked | mixed | pressed | selected | expanded | collapsed | disabled | readonly
 *              | required | invalid | modal | busy      ("disabled" = the node lacks the enabled state;
 *              readonly only for editable roles, where it matters)
 *   value   := JSON string literal of the value, when it is non-empty and differs from the name
 *   summary := "… " count " more " role                      (the rest of a run of same-role siblings)
 *            | "… " count " more nodes not shown (token budget)"  (after a tail cut)
 *
 * Example:
 *   Window "gedit" #w1
 *     ToolBar #e2
 *       Button "Open" #e3
 *       CheckBox "Bold" #e5 [checked]
 *     Edit "Search" #e4 [focused] value="hello"
 *     List "Files" #e6
 *       ListItem "a.txt" #e7
 *       … 9,850 more ListItem
 *
 * Hoisting: an unnamed structural container (Pane, Group, Custom) with exactly one child, no value, no
 * actions and no state worth showing is not printed; its child takes its place and depth. Such wrappers are
 * most of a GTK or WinUI tree and carry nothing a model can use. Unnamed structural leaves with nothing to
 * offer are dropped for the same reason (dropEmpty).
 */

export interface TreeOptions {
  ids?: 'ref' | 'label';
  /** Hoist unnamed single-child structural containers (default true). */
  hoist?: boolean;
  /** Drop unnamed structural leaves without value, actions or states (default true). */
  dropEmpty?: boolean;
  /** Skip nodes (and their subtrees) that are not showing. */
  visibleOnly?: boolean;
  maxNameLength?: number;
  maxValueLength?: number;
  maxTokens?: number;
  now?: Date;
}

export interface TreeResult {
  readonly text: string;
  /** With ids: 'label', the label of every shown node. */
  readonly labels?: LabelMap;
  readonly shown: number;
  readonly omitted: number;
  readonly truncated: boolean;
}

const STRUCTURAL = new Set<string>(['Pane', 'Group', 'Custom']);
const EDITABLE_ROLES = new Set<string>(['Edit', 'Document', 'ComboBox', 'Spinner']);
const SHOWN_STATES = ['focused', 'checked', 'mixed', 'pressed', 'selected', 'expanded', 'collapsed'] as const;
const EXTRA_STATES = ['required', 'invalid', 'modal', 'busy'] as const;
const SAFE_ID = /^[^\s#"]+$/;

function clip(s: string, max: number): string {
  return s.length <= max ? s : s.slice(0, Math.max(0, max - 1)) + '…';
}

/** " [focused] [checked]" etc.; empty when nothing is worth showing. */
function stateText(node: UINode): string {
  const st = node.states;
  let out = '';
  for (const s of SHOWN_STATES) if (st.includes(s)) out += ' [' + s + ']';
  if (!st.includes('enabled')) out += ' [disabled]';
  if (st.includes('readonly') && EDITABLE_ROLES.has(node.role)) out += ' [readonly]';
  for (const s of EXTRA_STATES) if (st.includes(s)) out += ' [' + s + ']';
  return out;
}

export function formatTree(snapshot: SnapshotData, options: TreeOptions = {}): TreeResult {
  const nodes = snapshot.nodes;
  const n = nodes.length;
  const index = indexTree(nodes);
  const useLabels = options.ids === 'label';
  const hoist = options.hoist ?? true;
  const dropEmpty = options.dropEmpty ?? true;
  const visibleOnly = options.visibleOnly ?? false;
  const maxName = options.maxNameLength ?? 120;
  const maxValue = options.maxValueLength ?? 120;

  // Per node, computed once: the line without its id (head + " #" + id + tail), whether it is printed
  // (not hoisted or dropped), and its printed depth.
  const indents: string[] = [''];
  const indent = (d: number): string => {
    while (indents.length <= d) indents.push(indents[indents.length - 1]! + '  ');
    return indents[d]!;
  };
  const head: string[] = new Array<string>(n);
  const tail: string[] = new Array<string>(n);
  const printed = new Uint8Array(n);
  const pdepth = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const node = nodes[i]!;
    const states = stateText(node);
    const name = node.name.trim();
    const value = node.value !== null && node.value !== '' && node.value !== node.name ? node.value : null;
    const plain = name === '' && value === null && states === '' && node.actions.length === 0 && STRUCTURAL.has(node.role);
    const kids = index.childCount[i]!;
    const p = index.parent[i]!;
    pdepth[i] = p < 0 ? 0 : pdepth[p]! + printed[p]!;
    if (plain && ((hoist && kids === 1) || (dropEmpty && kids === 0))) continue;
    printed[i] = 1;
    head[i] = indent(pdepth[i]!) + node.role + (name === '' ? '' : ' ' + JSON.stringify(clip(name, maxName))) + ' #';
    tail[i] = states + (value === null ? '' : ' value=' + JSON.stringify(clip(value, maxValue)));
  }
  const idText = (i: number): string => {
    const ref = nodes[i]!.ref;
    return SAFE_ID.test(ref) ? ref : JSON.stringify(ref);
  };

  const runs = siblingRuns(nodes, index);

  // A summarized member may itself be a hoisted wrapper: name the summary after what would have been printed.
  const summaryRole = (i: number): string => {
    for (let j = i; j < index.subtreeEnd[i]!; j++) if (printed[j] === 1) return nodes[j]!.role;
    return nodes[i]!.role;
  };

  const visible = (node: UINode) => node.states.includes('visible') && !node.states.includes('offscreen');

  const render = (keep: number, limit: number) => {
    const lines: string[] = [];
    const positions: number[] = [];
    let rest = 0; // printable nodes past the cut
    for (let i = 0; i < n; i++) {
      if (isHiddenByRun(runs, i, keep)) {
        if (runs.position[i] === keep && positions.length < limit) {
          lines.push(indent(pdepth[i]!) + runSummaryText(runs.length[i]! - keep, summaryRole(i)));
        }
        i = index.subtreeEnd[i]! - 1; // skip the hidden member and its subtree
        continue;
      }
      if (visibleOnly && !visible(nodes[i]!)) {
        i = index.subtreeEnd[i]! - 1;
        continue;
      }
      if (printed[i] === 0) continue;
      if (positions.length >= limit) {
        rest++;
        continue;
      }
      positions.push(i);
      lines.push(head[i]! + (useLabels ? String(positions.length) : idText(i)) + tail[i]!);
    }
    if (rest > 0) lines.push(cutSummaryText(rest, 'nodes'));
    return { text: lines.join('\n'), entries: positions.length, positions, rest };
  };

  const fitted = fitToBudget(render, options.maxTokens);
  const r = fitted.result;
  // Omitted = printable nodes of the full render that this one does not show.
  const full = fitted.summarized || fitted.cut ? render(Infinity, Infinity).entries : r.entries;
  const base = { text: r.text, shown: r.entries, omitted: full - r.entries, truncated: fitted.summarized || fitted.cut };
  return useLabels ? { ...base, labels: buildLabelMap(snapshot, index, r.positions, 'tree', options.now) } : base;
}
