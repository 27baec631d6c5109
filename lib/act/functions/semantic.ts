import { LambError, type StateName, type UINode } from '../../model/index.js';
import type { FunctionContext, Performed } from '../act-context.js';
import type { Expectation } from '../verify.js';
import { actionIndex, readElement } from '../element.js';
import { ACTION_NAMES, clickExpectation } from './expectations.js';
import type { FunctionSpec } from './function-spec.js';

/** Runs the element's first action among `names`; PATTERN_NOT_SUPPORTED naming what it offers otherwise. */
export async function doNamedAction(context: FunctionContext, names: readonly string[], purpose: string): Promise<string> {
  const node = context.element!.node;
  const index = actionIndex(node, names);
  if (index < 0)
    throw new LambError(
      'PATTERN_NOT_SUPPORTED',
      `${purpose} (lam-bridge): ${node.role} '${node.name}' offers no suitable action (it offers: ${node.actions.join(', ') || 'none'})`,
    );
  await context.env.adapter.elementAction({ ref: node.ref, op: 'doAction', index, timeoutMs: context.budget.remainingMs() });
  return `Action.DoAction(${node.actions[index]})`;
}

const timeout = (c: FunctionContext) => c.budget.remainingMs();

export const invoke: FunctionSpec<'invoke'> = {
  element: 'required',
  needsVisible: true,
  windowBaseline: (c) => clickExpectation(c.element!.node).kind === 'change',
  async perform(c) {
    const method = await doNamedAction(c, ACTION_NAMES.click, 'invoke');
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
    const method = await doNamedAction(c, ACTION_NAMES.toggle, 'toggle');
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
    // The container's Selection interface picks the item by index, without the side effects a click has.
    // The container is the nearest ancestor that has one (GTK tree views nest cells in row cells).
    if (state === 'selected') {
      let item = node.ref;
      const { ancestors } = await readElement(c.env.adapter, node.ref, timeout(c));
      for (const container of ancestors.slice(0, 3)) {
        try {
          const index = await c.env.adapter.elementAction({ ref: item, op: 'indexInParent', timeoutMs: timeout(c) });
          if (typeof index.result !== 'number' || index.result < 0) break;
          const r = await c.env.adapter.elementAction({ ref: container.ref, op: 'selectChild', index: index.result, timeoutMs: timeout(c) });
          if (r.ok) return { method: 'Selection.SelectChild', expectation };
          break;
        } catch (error) {
          if (!(error instanceof LambError) || error.code !== 'PATTERN_NOT_SUPPORTED') throw error;
          item = container.ref;
        }
      }
    }
    return { method: await doNamedAction(c, ACTION_NAMES.select, 'select'), expectation };
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
      return { method: await doNamedAction(c, expand ? ACTION_NAMES.expand : ACTION_NAMES.collapse, purpose), expectation };
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
    await c.env.adapter.elementAction({ ref: node.ref, op: 'grabFocus', timeoutMs: timeout(c) });
    return { method: 'Component.GrabFocus', expectation: { kind: 'state', state: 'focused', present: true } };
  },
};

export const scrollIntoView: FunctionSpec<'scroll_into_view'> = {
  element: 'required',
  async perform(c) {
    const ANYWHERE = 6; // ATSPI_SCROLL_ANYWHERE: the least movement that shows it
    await c.env.adapter.elementAction({ ref: c.element!.node.ref, op: 'scrollTo', index: ANYWHERE, timeoutMs: timeout(c) });
    return { method: 'Component.ScrollTo', expectation: { kind: 'visible' } };
  },
};

export const setValue: FunctionSpec<'set_value'> = {
  element: 'required',
  async perform(c) {
    const node = c.element!.node;
    const value = c.action.args.value;
    if (typeof value === 'number') {
      await c.env.adapter.elementAction({ ref: node.ref, op: 'setValue', number: value, timeoutMs: timeout(c) });
      return { method: 'Value.CurrentValue', expectation: { kind: 'value', equals: value } };
    }
    await c.env.adapter.elementAction({ ref: node.ref, op: 'setText', text: value, timeoutMs: timeout(c) });
    return { method: 'EditableText.SetTextContents', expectation: { kind: 'text', equals: value } };
  },
};
