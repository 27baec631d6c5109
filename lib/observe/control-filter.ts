import type { ControlType } from '../model/control-type.js';
import type { UINode } from '../model/node.js';
import type { SnapshotData } from '../model/snapshot.js';

/**
 * Which controls a LAM is shown: UFO's control collection, as a named preset, plus the knobs to change it.
 *
 * UFO (ufo/automator/ui_control/inspector.py, UIABackendStrategy.find_control_elements_in_descendants) runs one
 * `FindAllBuildCache(TreeScope_Descendants, condition)` with
 *   IsEnabled == True AND IsOffscreen == False AND IsControlElement == True AND ControlType in CONTROL_LIST
 * and keeps `min(com_elem_array.Length, 500)` elements, in the order UIA returns them (document order).
 * TreeScope_Descendants excludes the window itself. The same filter is applied here to the normalized
 * snapshot: `enabled` state, on screen (`visible` state, not `offscreen`, a rect of positive size — a
 * zero-sized or rect-less element cannot be clicked, and UIA reports those as offscreen too), role in the list.
 */

/** CONTROL_LIST of the current UFO configuration. */
export const UFO_CONTROL_LIST: readonly ControlType[] = Object.freeze([
  'Button', 'Edit', 'TabItem', 'Document', 'ListItem', 'MenuItem', 'ScrollBar', 'TreeItem', 'Hyperlink',
  'ComboBox', 'RadioButton', 'Spinner', 'CheckBox', 'Group', 'Text',
] as const);

/**
 * CONTROL_LIST of UFO v2 (ufo/config/config_dev.yaml at the time the LAM was trained):
 * ["Button", "Edit", "TabItem", "Document", "ListItem", "MenuItem", "ScrollBar", "TreeItem", "Hyperlink",
 *  "ComboBox", "RadioButton", "DataItem", "Spinner", "CheckBox"].
 */
export const UFO_V2_CONTROL_LIST: readonly ControlType[] = Object.freeze([
  'Button', 'Edit', 'TabItem', 'Document', 'ListItem', 'MenuItem', 'ScrollBar', 'TreeItem', 'Hyperlink',
  'ComboBox', 'RadioButton', 'DataItem', 'Spinner', 'CheckBox',
] as const);

/** UFO's cap on the number of controls per step. */
export const UFO_MAX_CONTROLS = 500;

export interface ControlFilterOptions {
  /** Roles to keep; `null` keeps every role. */
  roles?: readonly ControlType[] | null;
  /** Keep at most this many (the first ones in document order); `Infinity` for no cap. */
  maxControls?: number;
  /** Only controls with the `enabled` state. */
  requireEnabled?: boolean;
  /** Only controls on screen: `visible`, not `offscreen`, with a rect of positive width and height. */
  requireVisible?: boolean;
  /** Include the snapshot root itself (UFO searches descendants only). */
  includeRoot?: boolean;
  /** A last, caller-supplied test; runs only on nodes that passed the others. */
  predicate?: ((node: UINode) => boolean) | null;
}

export type ResolvedControlFilter = Required<ControlFilterOptions>;

export const UFO_FILTER: ResolvedControlFilter = Object.freeze({
  roles: UFO_CONTROL_LIST,
  maxControls: UFO_MAX_CONTROLS,
  requireEnabled: true,
  requireVisible: true,
  includeRoot: false,
  predicate: null,
});

export const UFO_V2_FILTER: ResolvedControlFilter = Object.freeze({ ...UFO_FILTER, roles: UFO_V2_CONTROL_LIST });

export const CONTROL_FILTER_PRESETS = Object.freeze({ ufo: UFO_FILTER, 'ufo-v2': UFO_V2_FILTER });
export type ControlFilterPreset = keyof typeof CONTROL_FILTER_PRESETS;

/** A preset name, or options laid over a preset (UFO's current one unless `base` says otherwise). */
export function resolveControlFilter(
  filter: ControlFilterPreset | ControlFilterOptions | undefined,
  base: ResolvedControlFilter = UFO_FILTER,
): ResolvedControlFilter {
  if (filter === undefined) return base;
  if (typeof filter === 'string') return CONTROL_FILTER_PRESETS[filter];
  const out: ResolvedControlFilter = { ...base };
  for (const [k, v] of Object.entries(filter)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

/** On screen as UFO means it: showing, not offscreen, and with an area to click. */
export function isOnScreen(node: UINode): boolean {
  const r = node.rect;
  return r !== null && r.width > 0 && r.height > 0 && node.states.includes('visible') && !node.states.includes('offscreen');
}

export interface FilteredControls {
  /** Positions in snapshot.nodes of the kept controls, in document order. */
  readonly indices: number[];
  /** How many nodes passed the filter before the maxControls cap. */
  readonly matched: number;
  /** True when the cap dropped some. */
  readonly capped: boolean;
}

export function filterControls(
  snapshot: Pick<SnapshotData, 'nodes' | 'root'>,
  filter?: ControlFilterPreset | ControlFilterOptions,
): FilteredControls {
  const f = resolveControlFilter(filter);
  const roles = f.roles === null ? null : new Set<string>(f.roles);
  const nodes = snapshot.nodes;
  const indices: number[] = [];
  let matched = 0;
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i]!;
    if (!f.includeRoot && node.ref === snapshot.root) continue;
    if (roles !== null && !roles.has(node.role)) continue;
    if (f.requireEnabled && !node.states.includes('enabled')) continue;
    if (f.requireVisible && !isOnScreen(node)) continue;
    if (f.predicate !== null && !f.predicate(node)) continue;
    matched++;
    if (indices.length < f.maxControls) indices.push(i);
  }
  return { indices, matched, capped: matched > indices.length };
}
