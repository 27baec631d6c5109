import type { Action, ActionResult } from '../model/index.js';
import type { ActionRecord } from './action-representation.js';

/**
 * An executed action as UFO's ActionCommandInfo records it, for the next step's prompt
 * ("The actions you took at the last step and their results"). `label` is the id the model used.
 */
export function actionRecordFromResult(action: Action, result: ActionResult): ActionRecord {
  const args = action.args as Record<string, unknown>;
  const status = result.verdict === 'failed' ? 'failure' : 'success';
  const outcome =
    result.verdict === 'failed'
      ? { status, error: `${result.error?.code}: ${result.error?.message}` }
      : {
          status,
          result: result.result ?? (result.verdict === 'verified' ? `verified: ${result.evidence?.expected}` : 'ran, but no effect was observed'),
        };
  return {
    function: action.function === 'no_action' ? '' : action.function,
    arguments: args,
    target: result.target
      ? { kind: 'control', name: result.target.name, id: typeof args.id === 'string' ? args.id : result.target.ref, type: result.target.role }
      : null,
    result: outcome as ActionRecord['result'],
  };
}
