import type { UINode } from '../../model/node.js';
import type { SnapshotData } from '../../model/snapshot.js';
import { filterControls, resolveControlFilter, type ControlFilterOptions, type ControlFilterPreset } from '../control-filter.js';
import { buildLabelMap, type LabelMap } from '../labels.js';
import { cutSummaryText, findRuns, fitToBudget, isHiddenByRun, runSummaryText } from '../token-budget.js';
import { indexTree } from '../../snapshot/tree-index.js';

/**
 * The machinery shared by the UFO control-list formats (ufo-v2 and ufo): filter the controls, label them
 * "1".."N", write each as a JSON record exactly as Python's json.dumps would, join them the way json.dumps
 * joins a list (`[a, b]`), and honour a token budget.
 *
 * Budget: the list stays valid JSON (a model, or UFO tooling, may parse it); summaries of hidden run members
 * and of a tail cut go on lines after the list, e.g. `… 9,850 more ListItem after label "20"`. Labels are
 * given to shown controls only, so they stay "1".."N" without gaps, as UFO's always are.
 *
 * The maxControls cap (UFO: 500) counts shown controls. Without summaries that is UFO's behaviour exactly
 * (the first 500 in document order, silently); when a budget summarizes a long list, the cap applies after
 * the summary, so the OK/Cancel buttons that follow a 10,000-row list are still shown, which UFO's blind
 * cap loses.
 */

/**
 * How one control is written, split around its label so the label can be renumbered cheaply:
 * record = prefix + json(label) + suffix.
 */
export interface RecordParts {
  readonly prefix: string;
  readonly suffix: string;
}

export interface ControlListSpec {
  /** Format name stored in the label map. */
  readonly format: string;
  /** Name of the label field, used in summary lines ("label" or "id"). */
  readonly labelKey: string;
  readonly filter: ControlFilterPreset | ControlFilterOptions;
  readonly record: (node: UINode) => RecordParts;
}

export interface ControlListOptions {
  maxTokens?: number;
  /** Fixed clock for the label map's createdAt (tests). */
  now?: Date;
}

export interface ControlListResult {
  readonly text: string;
  readonly labels: LabelMap;
  /** Controls that passed the filter (before the cap). */
  readonly matched: number;
  /** Controls shown. */
  readonly shown: number;
  /** Controls that passed the filter but are not shown (cap, run summaries, cut). */
  readonly omitted: number;
  readonly truncated: boolean;
}

interface Render {
  readonly text: string;
  readonly entries: number;
  readonly positions: number[];
  /** The cap stopped the list (silently, as in UFO). */
  readonly capped: boolean;
}

export function formatControlList(snapshot: SnapshotData, spec: ControlListSpec, options: ControlListOptions = {}): ControlListResult {
  const nodes = snapshot.nodes;
  const filter = resolveControlFilter(spec.filter);
  const cap = filter.maxControls;
  const { indices, matched } = filterControls(snapshot, { ...filter, maxControls: Infinity });
  const n = indices.length;
  // Record text is made on first use: with a cap of 500 most matched controls of a huge list are never shown.
  const parts: (RecordParts | undefined)[] = new Array<RecordParts | undefined>(n);
  const partsOf = (k: number): RecordParts => (parts[k] ??= spec.record(nodes[indices[k]!]!));

  const runs = findRuns(n, (a, b) => {
    const na = nodes[indices[a]!]!;
    const nb = nodes[indices[b]!]!;
    return na.role === nb.role && na.parent === nb.parent;
  });

  const render = (keep: number, limit: number): Render => {
    const items: string[] = [];
    const notes: string[] = [];
    const positions: number[] = [];
    let cutFrom = -1;
    let capped = false;
    for (let k = 0; k < n; k++) {
      if (isHiddenByRun(runs, k, keep)) {
        if (runs.position[k] === keep && cutFrom < 0) {
          const hidden = runs.length[k]! - keep;
          notes.push(`${runSummaryText(hidden, nodes[indices[k]!]!.role)} after ${spec.labelKey} "${positions.length}"`);
        }
        continue;
      }
      if (positions.length >= cap) {
        capped = true;
        break;
      }
      if (positions.length >= limit) {
        if (cutFrom < 0) cutFrom = k;
        continue;
      }
      positions.push(indices[k]!);
      const p = partsOf(k);
      items.push(p.prefix + '"' + String(positions.length) + '"' + p.suffix);
    }
    if (cutFrom >= 0) {
      let rest = 0;
      for (let k = cutFrom; k < n; k++) if (!isHiddenByRun(runs, k, keep)) rest++;
      rest = Math.min(rest, cap - positions.length);
      notes.push(cutSummaryText(rest, 'controls'));
    }
    const list = '[' + items.join(', ') + ']';
    return { text: notes.length > 0 ? list + '\n' + notes.join('\n') : list, entries: positions.length, positions, capped };
  };

  const fitted = fitToBudget(render, options.maxTokens);
  const positions = fitted.result.positions;
  const labels = buildLabelMap(snapshot, indexTree(nodes), positions, spec.format, options.now);
  return {
    text: fitted.result.text,
    labels,
    matched,
    shown: positions.length,
    omitted: matched - positions.length,
    truncated: fitted.result.capped || fitted.summarized || fitted.cut,
  };
}
