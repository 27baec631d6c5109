import { LambError, type Action, type UINode } from '../model/index.js';
import type { EditabilityFacts } from '../platform/platform-adapter.js';
import type { KeyEvent } from './keys/parse-keys.js';

/**
 * Refusals before touching an app: writing text or a value into a control that says it takes none.
 *
 * Without them set_edit_text falls back to clicking and typing, the keys land nowhere (a read-only text view
 * ignores them) or somewhere else (the focus owner), and the answer is a vague "unverified" after the app has
 * already been clicked. The states decide, read with the element just before acting, so the check costs no
 * call of its own:
 * - `readonly` (Chromium's readonly inputs, Qt's read-only widgets) refuses always;
 * - text (set_edit_text, set_value with a string) needs `editable`: GTK 3/4, Qt, Chromium and LibreOffice
 *   all set EDITABLE on what accepts text (entries, text views, contenteditable, Writer's paragraphs);
 * - a number (set_value) is refused on a read-only value and on a progress bar, whose value only the app sets;
 * - keys typing characters into a text control (keyboard_input with an id) need `editable` too; shortcuts and
 *   navigation keys do not type, and a read-only text view takes them (Ctrl+C copies from it).
 *
 * Only platforms whose adapter reports editability take part: on the others a missing `editable` says nothing.
 */


/** A combo box takes text through the entry inside it, when it has one (GTK's has-entry combo, Qt's editable one). */
export const comboNeedsEntry = (node: UINode) => node.role === 'ComboBox';

function describe(node: UINode): string {
  return `${node.role} '${node.name}' (${node.ref})`;
}

function statesOf(node: UINode): string {
  return node.states.length ? node.states.join(', ') : 'none';
}

/** Whether the element says it takes text: `editable` and not `readonly`. */
export function takesText(node: UINode): boolean {
  return node.states.includes('editable') && !node.states.includes('readonly');
}

const CHORD_MODIFIERS = ['VK_CONTROL', 'VK_LCONTROL', 'VK_RCONTROL', 'VK_MENU', 'VK_LMENU', 'VK_RMENU', 'VK_LWIN', 'VK_RWIN'];

/** Whether `keys` (parsed) would type characters, as opposed to pressing keys and shortcuts only. */
export function typesCharacters(events: readonly KeyEvent[]): boolean {
  const held = new Set<string>();
  for (const e of events) {
    if (e.type === 'press') held.add(e.key);
    else if (e.type === 'release') held.delete(e.key);
    else if (e.type === 'text' && e.text.length > 0) return true;
    // Text events type Unicode whatever is held; a character key tapped types only without a chord modifier.
    else if (e.type === 'tap' && [...e.key].length === 1 && !CHORD_MODIFIERS.some((m) => held.has(m))) return true;
  }
  return false;
}

/**
 * INVALID_OPERATION when `action` would write into `node` and its states say it takes nothing; null when the
 * action may go ahead. `comboHasEntry` answers for a combo box (its entry is a child the reading lacks).
 */
export function editRefusal(
  facts: EditabilityFacts | null,
  action: Action,
  node: UINode,
  options: { keyEvents?: readonly KeyEvent[]; comboHasEntry?: boolean } = {},
): LambError | null {
  if (!facts) return null;
  const fn = action.function;
  const readonly = node.states.includes('readonly');
  const refuse = (why: string) =>
    new LambError('INVALID_OPERATION', `${fn} (lam-bridge): ${describe(node)} ${why} (states: ${statesOf(node)}); nothing was clicked or typed`);

  const wantsText = fn === 'set_edit_text' || (fn === 'set_value' && typeof (action.args as { value: unknown }).value === 'string');
  if (wantsText) {
    if (readonly) return refuse(`is read-only (state 'readonly'): it takes no text`);
    if (node.states.includes('editable')) return null;
    if (comboNeedsEntry(node)) {
      return options.comboHasEntry ? null : refuse(`has no editable entry: pick one of its items with select`);
    }
    return refuse(`is not editable (no 'editable' state): it takes no text`);
  }

  if (fn === 'set_value') {
    if (readonly) return refuse(`is read-only (state 'readonly'): its value cannot be set`);
    if (node.role === 'ProgressBar') return refuse(`shows a value only the app sets: a progress bar cannot be set`);
    return null;
  }

  if (fn === 'keyboard_input' && options.keyEvents && typesCharacters(options.keyEvents)) {
    const textControl = node.role === 'Edit' || facts.textRawRoles.has(node.rawRole);
    if (!textControl || takesText(node)) return null;
    return refuse(
      readonly
        ? `is read-only (state 'readonly'): typed characters would go nowhere; shortcuts and navigation keys are still accepted`
        : `is not editable (no 'editable' state): typed characters would go nowhere; shortcuts and navigation keys are still accepted`,
    );
  }
  return null;
}
