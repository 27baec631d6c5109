import type { UINode } from '../../model/index.js';
import type { Expectation } from '../verify.js';

/**
 * What clicking (or invoking) this control should do, by what it is: a check box or toggle flips, a radio
 * button or tab becomes the chosen one, anything else changes something in the window.
 */
export function clickExpectation(node: UINode): Expectation {
  if (node.role === 'RadioButton') return { kind: 'state', state: 'checked', present: true };
  if (node.role === 'TabItem') return { kind: 'state', state: 'selected', present: true };
  if (node.role === 'CheckBox' || node.states.includes('checkable'))
    return { kind: 'state', state: 'checked', present: !node.states.includes('checked') };
  return { kind: 'change' };
}
