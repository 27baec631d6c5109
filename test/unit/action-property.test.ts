import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { parseActionInput } from '../../lib/act/parse-action.js';
import { Action, ACTION_FUNCTIONS, type Action as ActionT } from '../../lib/model/action.js';
import { LambError } from '../../lib/model/errors.js';

/** Runs the parser; returns its result, or null when it rejected the input the only allowed way. */
function parseOrReject(input: unknown): { actions: ActionT[]; shape: string } | null {
  try {
    // The fuzzed functions are UI functions; an Office function (an OfficeAction) would fail Action.safeParse below.
    return parseActionInput(input) as { actions: ActionT[]; shape: string };
  } catch (e) {
    if (!(e instanceof LambError)) throw new Error(`threw a non-LambError: ${String(e)}`, { cause: e });
    if (e.code !== 'INVALID_ARGUMENT') throw new Error(`threw ${e.code}: ${e.message}`);
    expect(e.message.length).toBeGreaterThan(0);
    expect(e.message.length).toBeLessThan(20_000);
    return null;
  }
}

/** Whatever was accepted is canonical: it re-validates strictly, unchanged, and parses again to itself. */
function checkAccepted(result: { actions: ActionT[] }): void {
  for (const action of result.actions) {
    const strict = Action.safeParse(action);
    expect(strict.success, JSON.stringify(action)).toBe(true);
    expect(strict.data).toEqual(action);
    const args = action.args as Record<string, unknown>;
    for (const [k, v] of Object.entries(args)) {
      expect(v, k).not.toBeUndefined();
      if (typeof v === 'number') expect(Number.isFinite(v), k).toBe(true);
      if (k === 'id') expect(typeof v).toBe('string');
    }
  }
  expect(parseActionInput(result.actions).actions).toEqual(result.actions);
}

const ARG_KEYS = [
  'id', 'name', 'x', 'y', 'start_x', 'start_y', 'end_x', 'end_y', 'button', 'double', 'duration', 'key_hold', 'text',
  'clear_current_text', 'keys', 'control_focus', 'wheel_dist', 'seconds', 'control_labels', 'value', 'pressed', 'bogus',
];

/** Values that are sometimes right, sometimes subtly wrong. */
const scalar = fc.oneof(
  fc.constantFrom(
    0, 1, 0.5, -1, 2, 12, 1.7, -0, Number.NaN, Infinity, -Infinity, 1e9, 300, 301,
    '', '12', 'left', 'Right', 'x', 'wheel', 'true', 'False', 'maybe', '0.5', ' 1 ', 'shift', 'control shift', 'meta',
    '{ENTER}', '^a', '{VK_CONTROL}c', '{+}', '{', '}', '(', '{TAB 3}', '{a 99999999}', '{PAUSE 1}', '{enter}',
    true, false, null, 'CONTINUE', 'finish', 'DONE',
  ),
  fc.double(),
  fc.integer(),
  fc.string({ maxLength: 12 }),
);
const value: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: scalar },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);
const fnName = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...ACTION_FUNCTIONS) },
  { weight: 1, arbitrary: fc.constantFrom('', 'Click_Input', 'click', 'bogus', null, 7) },
);
const argsObject = fc.dictionary(fc.constantFrom(...ARG_KEYS), value, { maxKeys: 6 });
const status = fc.option(fc.constantFrom('CONTINUE', 'FINISH', 'continue', '', 'DONE', 3), { nil: undefined });

const bridgeAction = fc.record({ function: fnName, args: argsObject, status }, { requiredKeys: ['function', 'args'] });
const ufoAction = fc.record({ function: fnName, arguments: argsObject, status }, { requiredKeys: ['function', 'arguments'] });
const v1Action = fc.record(
  {
    Function: fnName,
    Args: fc.oneof(argsObject, argsObject.map((a) => JSON.stringify(a)), fc.constant('')),
    ControlLabel: fc.oneof(fc.constantFrom('', '3', 3, null), fc.string({ maxLength: 4 })),
    ControlText: fc.oneof(fc.constantFrom('', 'OK', null), fc.string({ maxLength: 4 })),
    Status: status,
  },
  { requiredKeys: ['Function'] },
);
const actionLike = fc.oneof(
  bridgeAction,
  fc.array(bridgeAction, { maxLength: 3 }),
  fc.record({ observation: fc.string(), action: fc.oneof(ufoAction, fc.array(ufoAction, { maxLength: 3 }), fc.constant(null)) }),
  v1Action,
  fc.record({ Observation: fc.string(), ActionList: fc.array(v1Action, { maxLength: 3 }) }),
);

describe('parseActionInput on arbitrary input', () => {
  it('arbitrary JSON values: only LambError INVALID_ARGUMENT, and anything accepted is canonical', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (input) => {
        const r = parseOrReject(input);
        if (r) checkAccepted(r);
      }),
      { numRuns: 1000 },
    );
  });

  it('arbitrary JS values (NaN, Infinity, undefined, -0, nested)', () => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: false, withMap: false, withSet: false }), (input) => {
        const r = parseOrReject(input);
        if (r) checkAccepted(r);
      }),
      { numRuns: 500 },
    );
  });

  it('arbitrary strings (the lenient JSON-in-text path)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.json().map((j) => `text before \`\`\`json\n${j}\n\`\`\` after`)), (input) => {
        const r = parseOrReject(input);
        if (r) checkAccepted(r);
      }),
      { numRuns: 500 },
    );
  });

  it('action-shaped inputs with sloppy values: accepted ones are canonical, rejected ones say where', () => {
    let accepted = 0;
    fc.assert(
      fc.property(actionLike, (input) => {
        const r = parseOrReject(input);
        if (r) {
          accepted++;
          checkAccepted(r);
        }
      }),
      { numRuns: 3000 },
    );
    // The generator must exercise the accepting path too, not only rejections.
    expect(accepted).toBeGreaterThan(50);
  });

  it('valid actions survive a JSON round trip through every shape', () => {
    const valid = fc.oneof(
      fc.record({ function: fc.constant('click_on_coordinates'), args: fc.record({ x: fc.double({ min: 0, max: 1, noNaN: true }), y: fc.double({ min: 0, max: 1, noNaN: true }) }) }),
      fc.record({ function: fc.constant('set_edit_text'), args: fc.record({ id: fc.string({ minLength: 1, maxLength: 8 }), text: fc.string() }) }),
      fc.record({ function: fc.constant('wheel_mouse_input'), args: fc.record({ id: fc.nat().map(String), wheel_dist: fc.integer({ min: -1000, max: 1000 }).filter((n) => n !== 0) }) }),
    );
    fc.assert(
      fc.property(valid, (a) => {
        const direct = parseActionInput(a).actions;
        const viaText = parseActionInput(JSON.stringify(a)).actions;
        const viaUfo = parseActionInput({ action: { function: a.function, arguments: a.args } }).actions;
        // -0 does not survive JSON; compare through JSON.
        expect(JSON.parse(JSON.stringify(viaText))).toEqual(JSON.parse(JSON.stringify(direct)));
        expect(viaUfo).toEqual(direct);
      }),
      { numRuns: 300 },
    );
  });
});
