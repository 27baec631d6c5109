import { LambError, type StateName, type UINode } from '../../model/index.js';
import type { Intent } from '../../platform/platform-adapter.js';
import type { FunctionContext, Performed } from '../act-context.js';
import type { Expectation } from '../verify.js';
import { clickExpectation } from './expectations.js';
import type { FunctionSpec } from './function-spec.js';

/** Carries out one intent on the action's element; the method is the one the platform reports. */
async function performIntent(c: FunctionContext, intent: Intent, extra: { text?: string; value?: number } = {}): Promise<string> {
  const r = await c.env.adapter.perform({ ref: c.element!.node.ref, intent, ...extra, timeoutMs: c.budget.remainingMs() });
  return r.method;
}

export const invoke: FunctionSpec<'invoke'> = {
  element: 'required',
  needsVisible: true,
  windowBaseline: (c) => clickExpectation(c.element!.node).kind === 'change',
  async perform(c) {
    const method = await performIntent(c, 'invoke');
    return { method, expectation: clickExpectation(c.element!.node) };
  },
};

function checkable(node: UINode): boolean {
  return node.role === 'CheckBox' || node.role === 'RadioButton' || node.states.includes('checkable') || node.states.includes('checked');
}

export const toggle: FunctionSpec<'toggle'> = {
  element: 'required',
  needsVisible: true,
  async perform(c) {
    const node = c.element!.node;
    if (!checkable(node))
      throw new LambError('PATTERN_NOT_SUPPORTED', `toggle (lam-bridge): ${node.role} '${node.name}' cannot be toggled`);
    const method = await performIntent(c, 'toggle');
    return { method, expectation: { kind: 'state', state: 'checked', present: !node.states.includes('checked') } };
  },
};

/** The state that says an item is the chosen one: checked for radio items, selected for the rest. */
function chosenState(node: UINode): StateName {
  return node.role === 'RadioButton' || (node.role === 'MenuItem' && node.states.includes('checkable')) ? 'checked' : 'selected';
}

export const select: FunctionSpec<'select'> = {
  element: 'required',
  async perform(c): Promise<Performed> {
    const node = c.element!.node;
    const state = chosenState(node);
    const expectation: Expectation = { kind: 'state', state, present: true };
    // The platform picks the way: the item's container selects it, else the item's own select action does.
    // Radio items are chosen by checking them.
    return { method: await performIntent(c, 'select'), expectation };
  },
};

function expandable(node: UINode): boolean {
  return node.states.includes('expandable') || node.states.includes('expanded') || node.states.includes('collapsed');
}

function expandCollapse(expand: boolean): FunctionSpec<'expand' | 'collapse'> {
  const purpose = expand ? 'expand' : 'collapse';
  return {
    element: 'required',
    needsVisible: true,
    // GTK 3 combo boxes open a popup without ever reporting EXPANDED: for them the popup showing up (or
    // going away) in the window is the evidence.
    windowBaseline: (c) => !expandable(c.element!.node),
    async perform(c) {
      const node = c.element!.node;
      const stated = expandable(node);
      const expectation: Expectation = stated ? { kind: 'state', state: 'expanded', present: expand } : { kind: 'change' };
      if (stated && node.states.includes('expanded') === expand)
        return { method: 'none (already ' + (expand ? 'expanded' : 'collapsed') + ')', expectation: { kind: 'none' } };
      if (!stated && node.role !== 'ComboBox')
        throw new LambError('PATTERN_NOT_SUPPORTED', `${purpose} (lam-bridge): ${node.role} '${node.name}' does not expand`);
      return { method: await performIntent(c, expand ? 'expand' : 'collapse'), expectation };
    },
  };
}
export const expand = expandCollapse(true) as FunctionSpec<'expand'>;
export const collapse = expandCollapse(false) as FunctionSpec<'collapse'>;

export const focus: FunctionSpec<'focus'> = {
  element: 'required',
  needsVisible: true,
  async perform(c) {
    const node = c.element!.node;
    if (!node.states.includes('focusable'))
      throw new LambError('INVALID_OPERATION', `focus (lam-bridge): ${node.role} '${node.name}' cannot take the focus`);
    return { method: await performIntent(c, 'focus'), expectation: { kind: 'state', state: 'focused', present: true } };
  },
};

export const scrollIntoView: FunctionSpec<'scroll_into_view'> = {
  element: 'required',
  async perform(c) {
    return { method: await performIntent(c, 'scrollIntoView'), expectation: { kind: 'visible' } };
  },
};

export const setValue: FunctionSpec<'set_value'> = {
  element: 'required',
  async perform(c) {
    const value = c.action.args.value;
    if (typeof value === 'number')
      return { method: await performIntent(c, 'setValue', { value }), expectation: { kind: 'value', equals: value } };
    return { method: await performIntent(c, 'setText', { text: value }), expectation: { kind: 'text', equals: value } };
  },
};
