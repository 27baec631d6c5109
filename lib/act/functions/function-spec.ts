import type { Action } from '../../model/index.js';
import type { FunctionContext, Performed } from '../act-context.js';

type ActionOf<F extends Action['function']> = Extract<Action, { function: F }>;

/**
 * One action function: whether it names an element (and must find it enabled and on screen), whether its
 * verification compares the window before and after, and how it is carried out.
 */
export interface FunctionSpec<F extends Action['function'] = Action['function']> {
  /** 'required': args.id names the element; 'optional': it may; 'none': no element. */
  element: 'required' | 'optional' | 'none';
  /** Acting needs the element on screen (input lands there; UFO refuses hidden controls too). */
  needsVisible?: boolean;
  /** A window snapshot is taken before acting, for a 'change' verification. */
  windowBaseline?: (context: FunctionContext<ActionOf<F>>) => boolean;
  perform(context: FunctionContext<ActionOf<F>>): Promise<Performed>;
}
