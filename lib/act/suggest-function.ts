import { ACTION_FUNCTIONS, type ActionFunction } from '../model/action.js';

/*
 * "Did you mean" for an unknown function name, so that a model's next attempt is right: a case or separator slip
 * (Click_Input, click-input), a name from another agent framework (click, type, scroll, hotkey), or a small typo.
 */

const ALIASES: Readonly<Record<string, ActionFunction>> = {
  click: 'click_input',
  double_click: 'click_input',
  right_click: 'click_input',
  left_click: 'click_input',
  click_element: 'click_input',
  tap: 'click_input',
  type: 'set_edit_text',
  type_text: 'set_edit_text',
  input_text: 'set_edit_text',
  set_text: 'set_edit_text',
  fill: 'set_edit_text',
  write: 'set_edit_text',
  type_keys: 'keyboard_input',
  send_keys: 'keyboard_input',
  hotkey: 'keyboard_input',
  key_press: 'keyboard_input',
  keypress: 'keyboard_input',
  press_key: 'keyboard_input',
  press: 'keyboard_input',
  scroll: 'wheel_mouse_input',
  mouse_wheel: 'wheel_mouse_input',
  drag: 'drag_on_coordinates',
  click_at: 'click_on_coordinates',
  get_text: 'texts',
  read_text: 'texts',
  sleep: 'wait',
  finish: 'no_action',
  done: 'no_action',
  none: 'no_action',
  noop: 'no_action',
  expand_collapse: 'expand',
  set_focus: 'focus',
};

/** The function the model probably meant, or undefined. */
export function suggestFunction(name: string): ActionFunction | undefined {
  if (name.length > 100) return undefined;
  const normalized = name.trim().toLowerCase().replace(/[\s-]+/g, '_').replace(/\(\)$/, '');
  const exact = ACTION_FUNCTIONS.find((fn) => fn === normalized);
  if (exact) return exact;
  const alias = ALIASES[normalized];
  if (alias) return alias;
  let best: ActionFunction | undefined;
  let bestDistance = 3;
  for (const fn of ACTION_FUNCTIONS) {
    const d = editDistance(normalized, fn, bestDistance);
    if (d < bestDistance) {
      best = fn;
      bestDistance = d;
    }
  }
  return best;
}

/** The candidate `name` probably means (a case or separator slip, or a typo of at most 2 edits), or undefined. */
export function suggestName(name: string, candidates: readonly string[]): string | undefined {
  if (name.length > 100) return undefined;
  const normalized = name.trim().toLowerCase().replace(/[\s-]+/g, '_').replace(/\(\)$/, '');
  const exact = candidates.find((c) => c.toLowerCase() === normalized);
  if (exact) return exact;
  let best: string | undefined;
  let bestDistance = 3;
  for (const c of candidates) {
    const d = editDistance(normalized, c.toLowerCase(), bestDistance);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/** Levenshtein distance, giving up (returning `limit`) once it cannot be below it. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) >= limit) return limit;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const v = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      row.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin >= limit) return limit;
    prev = row;
  }
  return Math.min(prev[b.length] as number, limit);
}
