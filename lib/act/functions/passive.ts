import type { FunctionSpec } from './function-spec.js';
import { sleep } from '../settle.js';

/** Functions that touch no control: they run and are their own evidence. */
export const wait: FunctionSpec<'wait'> = {
  element: 'none',
  async perform({ action }) {
    await sleep(action.args.seconds * 1000);
    return { method: 'wait', expectation: { kind: 'none' } };
  },
};

export const summary: FunctionSpec<'summary'> = {
  element: 'none',
  async perform({ action }) {
    return { method: 'none', expectation: { kind: 'none' }, result: action.args.text };
  },
};

export const annotation: FunctionSpec<'annotation'> = {
  element: 'none',
  async perform({ action }) {
    return { method: 'none', expectation: { kind: 'none' }, result: action.args.control_labels };
  },
};

export const noAction: FunctionSpec<'no_action'> = {
  element: 'none',
  async perform() {
    return { method: 'none', expectation: { kind: 'none' } };
  },
};
