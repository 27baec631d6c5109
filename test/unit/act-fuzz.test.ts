/**
 * Property test over the executor with a fake platform adapter (pure TS, no app): no input crashes the
 * bridge, input the schemas reject never reaches the platform, and what does reach it is well-formed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ActEnvironment } from '../../lib/act/act-context.js';
import { executeActions } from '../../lib/act/executor.js';
import { parseActionInput } from '../../lib/act/parse-action.js';
import { ACTION_FUNCTIONS, ActionResult, LambError } from '../../lib/model/index.js';
import { FakeAdapter } from '../helpers/fake-adapter.js';

const id = fc.constant('fake:1');
const INTENTS = ['invoke', 'toggle', 'select', 'expand', 'collapse', 'setValue', 'setText', 'readText', 'focus', 'scrollIntoView'];
const fraction = fc.double({ min: 0, max: 1, noNaN: true });
/** Valid actions of every function that touches the platform, with arbitrary valid argument values. */
const validAction = fc.oneof(
  fc.record({ function: fc.constant('click_input'), args: fc.record({ id, name: fc.string(), button: fc.constantFrom('left', 'right', 'middle'), double: fc.boolean() }) }),
  fc.record({ function: fc.constant('set_edit_text'), args: fc.record({ id, text: fc.string({ unit: 'grapheme', maxLength: 200 }) }) }),
  fc.record({ function: fc.constant('keyboard_input'), args: fc.record({ id, keys: fc.string({ minLength: 1, maxLength: 40 }) }) }),
  fc.record({ function: fc.constant('wheel_mouse_input'), args: fc.record({ id, wheel_dist: fc.integer({ min: -20, max: 20 }).filter((n) => n !== 0) }) }),
  fc.record({ function: fc.constant('click_on_coordinates'), args: fc.record({ x: fraction, y: fraction }) }),
  fc.record({ function: fc.constant('drag_on_coordinates'), args: fc.record({ start_x: fraction, start_y: fraction, end_x: fraction, end_y: fraction, duration: fc.double({ min: 0, max: 0.05, noNaN: true }) }) }),
  fc.record({ function: fc.constantFrom('texts', 'toggle', 'select', 'expand', 'collapse', 'focus', 'scroll_into_view', 'invoke'), args: fc.record({ id }) }),
  fc.record({ function: fc.constant('set_value'), args: fc.record({ id, value: fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.string()) }) }),
);

const actionLike = fc.oneof(
  validAction,
  validAction,
  fc.jsonValue(),
  fc.record({ function: fc.constantFrom(...ACTION_FUNCTIONS, '', 'nope'), args: fc.dictionary(fc.constantFrom('id', 'name', 'text', 'x', 'y', 'keys', 'wheel_dist', 'seconds', 'value', 'button', 'double', 'start_x', 'end_y'), fc.oneof(fc.jsonValue(), fc.constant('fake:1'), fc.double())) }),
  fc.record({ Function: fc.constantFrom(...ACTION_FUNCTIONS), Args: fc.dictionary(fc.string(), fc.jsonValue()), ControlLabel: fc.oneof(fc.constant('fake:1'), fc.string()), Status: fc.string() }),
  fc.record({ action: fc.record({ function: fc.constantFrom(...ACTION_FUNCTIONS), arguments: fc.dictionary(fc.constantFrom('id', 'text', 'keys', 'x', 'y'), fc.oneof(fc.constant('fake:1'), fc.string(), fc.double())) }) }),
);

describe('executor property test (fake adapter)', () => {
  it('never crashes, never calls the platform for rejected input, and calls it only with sane arguments', async () => {
    let executed = 0;
    await fc.assert(
      fc.asyncProperty(actionLike, async (input) => {
        const adapter = new FakeAdapter();
        let parsed;
        try {
          parsed = parseActionInput(input);
        } catch (error) {
          expect(error).toBeInstanceOf(LambError);
          expect((error as LambError).code).toBe('INVALID_ARGUMENT');
          expect(adapter.calls).toEqual([]);
          return;
        }
        // Waiting for real seconds is not what this test is about.
        const actions = parsed.actions.filter((a) => a.function !== 'wait');
        const env: ActEnvironment = {
          adapter,
          options: { verify: true, settleMs: 0, timeoutMs: 1000, target: {} },
          resolveId: async (id) => ({ ref: id }),
        };
        const results = await executeActions(env, actions);
        if (adapter.performs.length + adapter.inputs.length > 0) executed++;
        for (const r of results) {
          ActionResult.parse(r);
          if (!r.ok) expect(r.error?.code).toMatch(/^[A-Z_]+$/);
        }
        for (const call of adapter.performs) {
          expect(call.ref).toBe('fake:1');
          expect(INTENTS).toContain(call.intent);
          if (call.text !== undefined) expect(call.text.length).toBeLessThanOrEqual(1_000_000);
          if (call.value !== undefined) expect(Number.isFinite(call.value)).toBe(true);
        }
        for (const request of adapter.inputs) {
          if (request.window !== undefined) expect(request.window).toMatch(/^fake:/);
          for (const e of request.events) {
            if (e.kind === 'move') expect(Number.isInteger(e.x) && Number.isInteger(e.y)).toBe(true);
            if (e.kind === 'pause') expect(e.ms).toBeGreaterThanOrEqual(0);
            if (e.kind === 'buttonDown' || e.kind === 'buttonUp') expect(['left', 'middle', 'right']).toContain(e.button);
            if (e.kind === 'wheel') expect(Number.isInteger(e.dy)).toBe(true);
          }
        }
      }),
      { numRuns: 200 },
    );
    // The generators must reach the platform often enough for the checks above to mean something.
    expect(executed).toBeGreaterThan(20);
  });
});
