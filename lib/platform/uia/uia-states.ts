import { StateName } from '../../model/index.js';
import type { ControlType } from '../../model/index.js';
import type { RawUiaNode } from '../../../bindings/raw.js';
import { hasUiaPattern } from './uia-patterns.js';

/**
 * Control types whose content is text a user types: a text control takes text unless it says it is
 * read-only. UIA says so through ValuePattern.IsReadOnly (RawUiaNode.readOnly); a Document with only a
 * TextPattern (rich edits, word processors) or an Edit whose pattern properties could not be read (Wine 10
 * answers none for the stock Edit; native/win falls back to accValue and STATE_SYSTEM_READONLY) has no
 * answer, and is taken to take text: refusing would stop every write into it, accepting costs at worst a
 * typed text the verification reports unchanged.
 */
const TEXT_CONTROLS: ReadonlySet<ControlType> = new Set<ControlType>(['Edit', 'Document']);

const ORDER = (): readonly StateName[] => StateName.options;

/**
 * The model's states of a raw UIA node, in StateName order:
 * - enabled (IsEnabled); visible / offscreen (IsOffscreen: UIA's "not showing", for scrolled-out and
 *   minimized elements alike); focusable (IsKeyboardFocusable), focused (HasKeyboardFocus);
 * - checkable with a TogglePattern, checked for ToggleState_On, mixed for Indeterminate;
 * - expandable with an ExpandCollapsePattern that is not a leaf, expanded (also for PartiallyExpanded) or
 *   collapsed;
 * - selectable with a SelectionItemPattern, selected when IsSelected;
 * - readonly when the Value (or RangeValue) pattern says IsReadOnly; editable for a text control that does not
 *   (TEXT_CONTROLS) and for any control whose ValuePattern takes text (an editable combo box's);
 * - for an MSAA-read node native/win has already turned accState into the same fields.
 */
export function uiaStates(r: RawUiaNode, role: ControlType): StateName[] {
  const set = new Set<StateName>();
  if (r.enabled) set.add('enabled');
  set.add(r.offscreen ? 'offscreen' : 'visible');
  if (r.focusable) set.add('focusable');
  if (r.focused) set.add('focused');
  if (r.toggle !== null || hasUiaPattern(r.patterns, 'Toggle')) {
    set.add('checkable');
    if (r.toggle === 1) set.add('checked');
    else if (r.toggle === 2) set.add('mixed');
  }
  if (r.expandCollapse !== null && r.expandCollapse !== 3) {
    set.add('expandable');
    set.add(r.expandCollapse === 0 ? 'collapsed' : 'expanded');
  } else if (r.expandCollapse === null && hasUiaPattern(r.patterns, 'ExpandCollapse')) {
    set.add('expandable');
  }
  if (r.selected !== null || hasUiaPattern(r.patterns, 'SelectionItem')) {
    set.add('selectable');
    if (r.selected === true) set.add('selected');
  }
  if (r.readOnly === true) set.add('readonly');
  else if (TEXT_CONTROLS.has(role) || (r.readOnly === false && hasUiaPattern(r.patterns, 'Value') && !hasUiaPattern(r.patterns, 'RangeValue')))
    set.add('editable');
  const order = ORDER();
  return [...set].sort((a, b) => order.indexOf(a) - order.indexOf(b));
}

/**
 * The raw facts as UIA names them (UINode.facts.states on Windows): the boolean properties that are true and
 * the pattern states, as "Property" or "Property=Value" in the properties' id order.
 */
export function uiaStateNames(r: RawUiaNode): string[] {
  const out: string[] = [];
  if (r.focused) out.push('HasKeyboardFocus');
  if (r.focusable) out.push('IsKeyboardFocusable');
  if (r.enabled) out.push('IsEnabled');
  if (r.offscreen) out.push('IsOffscreen');
  if (r.readOnly !== null) out.push(`IsReadOnly=${r.readOnly}`);
  if (r.expandCollapse !== null)
    out.push(`ExpandCollapseState=${['Collapsed', 'Expanded', 'PartiallyExpanded', 'LeafNode'][r.expandCollapse]}`);
  if (r.selected !== null) out.push(`IsSelected=${r.selected}`);
  if (r.toggle !== null) out.push(`ToggleState=${['Off', 'On', 'Indeterminate'][r.toggle]}`);
  return out;
}
