import type { UINode } from '../../model/node.js';
import type { SnapshotData } from '../../model/snapshot.js';
import { UFO_FILTER, resolveControlFilter, type ControlFilterOptions, type ControlFilterPreset } from '../control-filter.js';
import { pyJsonNumber, pyJsonString } from '../py-json.js';
import { formatControlList, type ControlListResult, type RecordParts } from './control-list.js';

/**
 * The control list of the current UFO (the MCP / TargetInfo generation):
 *
 *   [{"name": "New Email", "id": "1", "type": "Button"}, ...]
 *
 * UFO keeps each control as a pydantic `TargetInfo(kind, name, id, type, rect)`
 * (ufo/agents/processors/schemas/target.py) and the AppAgent prompt gets
 * `target_registry.to_list(keep_keys=["id", "name", "type"])`
 * (ufo/agents/processors/strategies/app_agent_processing_strategy.py), which is
 * `{k: v for k, v in t.model_dump().items() if k in keep_keys}`: the keys come out in the model's field
 * order — name, id, type — not in keep_keys order. The prompter then writes `json.dumps(control_item)`.
 * The full record (`kind: true, rect: true`) is the whole model_dump: kind, name, id, type, rect, with
 * rect = [left, top, right, bottom] in screen pixels (the inspector's control_rect), null when unknown.
 *
 * `keyOrder: 'id-first'` writes {"id", "name", "type"} for consumers written against that spelling.
 */
export interface UfoOptions {
  /** Control filter: a preset name or options over the current UFO preset. Default: UFO's CONTROL_LIST, enabled, on screen, ≤ 500. */
  filter?: ControlFilterPreset | ControlFilterOptions;
  /** Add `"kind": "control"` (first, as in TargetInfo). */
  kind?: boolean;
  /** Add `"rect": [left, top, right, bottom]` (last, as in TargetInfo). */
  rect?: boolean;
  keyOrder?: 'ufo' | 'id-first';
  maxTokens?: number;
  now?: Date;
}

function rectJson(node: UINode): string {
  const r = node.rect;
  if (r === null) return 'null';
  // UFO's rect comes from a Win32 RECT: integers.
  const l = Math.round(r.x);
  const t = Math.round(r.y);
  return '[' + pyJsonNumber(l) + ', ' + pyJsonNumber(t) + ', ' + pyJsonNumber(Math.round(r.x + r.width)) + ', ' +
    pyJsonNumber(Math.round(r.y + r.height)) + ']';
}

export function formatUfo(snapshot: SnapshotData, options: UfoOptions = {}): ControlListResult {
  const idFirst = options.keyOrder === 'id-first';
  const record = (node: UINode): RecordParts => {
    const kind = options.kind ? '"kind": "control", ' : '';
    const name = '"name": ' + pyJsonString(node.name);
    const type = '"type": ' + pyJsonString(node.role);
    const rect = options.rect ? ', "rect": ' + rectJson(node) : '';
    return idFirst
      ? { prefix: '{' + kind + '"id": ', suffix: ', ' + name + ', ' + type + rect + '}' }
      : { prefix: '{' + kind + name + ', "id": ', suffix: ', ' + type + rect + '}' };
  };
  return formatControlList(
    snapshot,
    { format: 'ufo', labelKey: 'id', filter: resolveControlFilter(options.filter, UFO_FILTER), record },
    options,
  );
}
