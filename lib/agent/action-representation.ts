import { pyRepr, pyStr } from './py-repr.js';

/**
 * How UFO shows a model the actions it took at the last step and what came of them.
 *
 * UFO (ufo/agents/processors/schemas/actions.py):
 *
 *   def to_string(command_name, params):
 *       args_str = ", ".join(f"{k}={v!r}" for k, v in params.items())
 *       return f"{command_name}({args_str})"
 *
 *   def to_representation(self):
 *       components = []
 *       components.append(f"[Action] {self.action_string}")
 *       if self.target:
 *           target_info = ", ".join(f"{k}={v}" for k, v in self.target.model_dump(exclude_none=True).items()
 *                                   if k not in {"rect"})
 *           components.append(f"[Target] {target_info}")
 *       if self.result:
 *           components.append(f"[Status] {self.result.status}")
 *           if self.result.error:
 *               components.append(f"[Error] {self.result.error}")
 *           components.append(f"[Result] {self.result.result}")
 *       return "\n".join(components)
 *
 * `self.result` is a pydantic model and always truthy (default `Result(status="none")`), so [Status] and
 * [Result] are always there. The target is a TargetInfo (kind, name, id, type, rect[, source]).
 *
 * Enums: TargetInfo.kind (TargetKind) and Result.status (ResultStatus, aip/messages.py) are `(str, Enum)`
 * members after pydantic validation, and f-strings format those differently by Python version: CPython 3.10
 * prints the value ("kind=control", "[Status] success"); CPython 3.11 changed Enum.__format__ to match
 * __str__, so 3.11+ prints "kind=TargetKind.CONTROL", "[Status] ResultStatus.SUCCESS" (checked on 3.11.7
 * with pydantic 2). The default here is 'value', the Python 3.10 environment UFO's setup instructions
 * create; `enumStyle: 'qualified'` reproduces 3.11+. The AppAgent then puts
 * `json.dumps(list_of_representations)` into the prompt (see prompt.ts).
 */

export type TargetKind = 'window' | 'control' | 'third_party_agent';

export interface ActionTarget {
  kind: TargetKind;
  name: string;
  id?: string | null;
  type?: string | null;
  /** [left, top, right, bottom]; never shown in the representation. */
  rect?: readonly number[] | null;
  /** Newer TargetInfo revisions carry the control's source ("uia", "omniparser"). */
  source?: string | null;
}

export type ResultStatus = 'success' | 'failure' | 'skipped' | 'none';

export interface ActionOutcome {
  status: ResultStatus;
  error?: string | null;
  result?: unknown;
}

/** One executed action, as UFO's ActionCommandInfo holds it. */
export interface ActionRecord {
  function: string;
  arguments?: Readonly<Record<string, unknown>>;
  target?: ActionTarget | null;
  result?: ActionOutcome | null;
}

export interface RepresentationOptions {
  /** How enum fields print: 'value' ("control", CPython 3.10; default) or 'qualified' ("TargetKind.CONTROL", CPython 3.11+). */
  enumStyle?: 'value' | 'qualified';
}

/** `click_input(id='12', name='Open', button='left', double=False)`. */
export function actionString(fn: string, args: Readonly<Record<string, unknown>> = {}): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(args)) if (v !== undefined) parts.push(k + '=' + pyRepr(v));
  return fn + '(' + parts.join(', ') + ')';
}

const TARGET_FIELDS = ['kind', 'name', 'id', 'type', 'rect', 'source'] as const;

function enumText(enumName: string, value: string, style: RepresentationOptions['enumStyle']): string {
  return style === 'qualified' ? enumName + '.' + value.toUpperCase() : value;
}

export function actionRepresentation(action: ActionRecord, options: RepresentationOptions = {}): string {
  const lines = ['[Action] ' + actionString(action.function, action.arguments)];
  const target = action.target;
  if (target) {
    const parts: string[] = [];
    // model_dump(exclude_none=True) in TargetInfo's field order; rect is dropped by UFO.
    for (const k of TARGET_FIELDS) {
      const v = target[k];
      if (v === null || v === undefined || k === 'rect') continue;
      parts.push(k + '=' + (k === 'kind' ? enumText('TargetKind', v as TargetKind, options.enumStyle) : pyStr(v)));
    }
    lines.push('[Target] ' + parts.join(', '));
  }
  const result = action.result ?? { status: 'none' as const };
  lines.push('[Status] ' + enumText('ResultStatus', result.status, options.enumStyle));
  if (result.error) lines.push('[Error] ' + result.error);
  lines.push('[Result] ' + pyStr(result.result ?? null));
  return lines.join('\n');
}
