import type { UINode } from '../../model/node.js';
import type { SnapshotData } from '../../model/snapshot.js';
import { UFO_V2_FILTER, resolveControlFilter, type ControlFilterOptions, type ControlFilterPreset } from '../control-filter.js';
import { pyJsonString } from '../py-json.js';
import { formatControlList, type ControlListResult, type RecordParts } from './control-list.js';

/**
 * The control list of UFO v1/v2, the format the LAM was trained on:
 *
 *   [{"label": "1", "control_text": "New Email", "control_type": "Button"}, ...]
 *
 * UFO builds one dict per control and the prompter writes `control_item=json.dumps(control_item)`
 * (ufo/prompter/agent_prompter.py, AppAgentPrompter.user_prompt_construction): default separators
 * `", "` / `": "` and ensure_ascii, so "Öffnen" is written "\u00d6ffnen". control_text is the element's
 * UIA Name; control_type its UIA control type name (here: the normalized role, which uses the same names).
 * With the win32 backend UFO writes `control_class` (the window class name) instead: `typeKey: 'control_class'`
 * writes the platform's raw role there.
 *
 * Key order differs between UFO revisions, and json.dumps keeps dict insertion order:
 * - 'label-first' (default): {"label", "control_text", "control_type"}: the processor that builds the dicts
 *   itself (`{"label": item[0], "control_text": item[1].name, "control_type": item[1].control_type}`), and
 *   the order the app_agent.yaml system prompt documents.
 * - 'text-type-label': {"control_text", "control_type", "label"}: v1-era
 *   `ControlInspectorFacade.get_control_info_list_of_dict(annotation_dict, ["control_text", "control_type"])`,
 *   which projects onto field_list in its order and appends "label".
 * - 'type-text-label': {"control_type", "control_text", "label"}: the later inspector whose `assign(...)` fills
 *   fields in a fixed order (control_type before control_text) and then appends "label".
 */
export type UfoV2KeyOrder = 'label-first' | 'text-type-label' | 'type-text-label';

export interface UfoV2Options {
  /** Control filter: a preset name or options over the v2 preset. Default: UFO v2's CONTROL_LIST, enabled, on screen, ≤ 500. */
  filter?: ControlFilterPreset | ControlFilterOptions;
  keyOrder?: UfoV2KeyOrder;
  typeKey?: 'control_type' | 'control_class';
  maxTokens?: number;
  now?: Date;
}

export function formatUfoV2(snapshot: SnapshotData, options: UfoV2Options = {}): ControlListResult {
  const keyOrder = options.keyOrder ?? 'label-first';
  const typeKey = options.typeKey ?? 'control_type';
  const typeOf = typeKey === 'control_class' ? (n: UINode) => n.rawRole : (n: UINode) => n.role;
  const record = (node: UINode): RecordParts => {
    const text = '"control_text": ' + pyJsonString(node.name);
    const type = '"' + typeKey + '": ' + pyJsonString(typeOf(node));
    switch (keyOrder) {
      case 'label-first': return { prefix: '{"label": ', suffix: ', ' + text + ', ' + type + '}' };
      case 'text-type-label': return { prefix: '{' + text + ', ' + type + ', "label": ', suffix: '}' };
      case 'type-text-label': return { prefix: '{' + type + ', ' + text + ', "label": ', suffix: '}' };
    }
  };
  return formatControlList(
    snapshot,
    { format: 'ufo-v2', labelKey: 'label', filter: resolveControlFilter(options.filter, UFO_V2_FILTER), record },
    options,
  );
}
