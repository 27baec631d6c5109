import { describe, it, expect } from 'vitest';
import { parseActionInput } from '../../lib/act/parse-action.js';
import { Action, ACTION_FUNCTIONS, TARGETED_FUNCTIONS, type ActionFunction } from '../../lib/model/action.js';
import { LambError } from '../../lib/model/errors.js';

/** Valid arguments for every function, and what they normalize to (defaults filled in). */
const SAMPLES: Record<ActionFunction, { args: Record<string, unknown>; normalized: Record<string, unknown> }> = {
  click_input: {
    args: { id: '12', name: 'OK', button: 'right', double: true },
    normalized: { id: '12', name: 'OK', button: 'right', double: true },
  },
  click_on_coordinates: {
    args: { x: 0.25, y: 0.75 },
    normalized: { x: 0.25, y: 0.75, button: 'left', double: false },
  },
  drag_on_coordinates: {
    args: { start_x: 0.1, start_y: 0.1, end_x: 0.9, end_y: 0.9, key_hold: 'shift' },
    normalized: { start_x: 0.1, start_y: 0.1, end_x: 0.9, end_y: 0.9, button: 'left', duration: 1, key_hold: 'shift' },
  },
  set_edit_text: {
    args: { id: '5', name: 'Search', text: 'hello world', clear_current_text: true },
    normalized: { id: '5', name: 'Search', text: 'hello world', clear_current_text: true },
  },
  keyboard_input: {
    args: { id: '5', name: 'Search', keys: '{VK_CONTROL}a' },
    normalized: { id: '5', name: 'Search', keys: '{VK_CONTROL}a', control_focus: true },
  },
  wheel_mouse_input: { args: { id: '3', name: 'List', wheel_dist: -5 }, normalized: { id: '3', name: 'List', wheel_dist: -5 } },
  texts: { args: { id: '9', name: 'Body' }, normalized: { id: '9', name: 'Body' } },
  wait: { args: { seconds: 1.5 }, normalized: { seconds: 1.5 } },
  summary: { args: { text: 'The dialog shows 3 items.' }, normalized: { text: 'The dialog shows 3 items.' } },
  annotation: { args: { control_labels: ['1', '36'] }, normalized: { control_labels: ['1', '36'] } },
  no_action: { args: {}, normalized: {} },
  invoke: { args: { id: 'r:1.42', name: 'Save' }, normalized: { id: 'r:1.42', name: 'Save' } },
  toggle: { args: { id: 'r:1.43' }, normalized: { id: 'r:1.43' } },
  select: { args: { id: 'r:1.44', name: 'Item 2' }, normalized: { id: 'r:1.44', name: 'Item 2' } },
  expand: { args: { id: 'r:1.45' }, normalized: { id: 'r:1.45' } },
  collapse: { args: { id: 'r:1.46' }, normalized: { id: 'r:1.46' } },
  focus: { args: { id: 'r:1.47' }, normalized: { id: 'r:1.47' } },
  scroll_into_view: { args: { id: 'r:1.48' }, normalized: { id: 'r:1.48' } },
  set_value: { args: { id: 'r:1.49', name: 'Volume', value: 42 }, normalized: { id: 'r:1.49', name: 'Volume', value: 42 } },
};

function expectInvalid(input: unknown, ...fragments: (string | RegExp)[]): LambError {
  let caught: unknown;
  try {
    parseActionInput(input);
  } catch (e) {
    caught = e;
  }
  expect(caught, `expected ${JSON.stringify(input)?.slice(0, 200)} to be rejected`).toBeInstanceOf(LambError);
  const err = caught as LambError;
  expect(err.code).toBe('INVALID_ARGUMENT');
  for (const f of fragments) {
    if (typeof f === 'string') expect(err.message).toContain(f);
    else expect(err.message).toMatch(f);
  }
  return err;
}

describe('every function in every shape', () => {
  for (const fn of ACTION_FUNCTIONS) {
    const { args, normalized } = SAMPLES[fn];
    const expected = { function: fn, args: normalized };

    it(`${fn}: the bridge's own {function, args}`, () => {
      const r = parseActionInput({ function: fn, args });
      expect(r.shape).toBe('bridge');
      expect(r.actions).toEqual([expected]);
      expect(Action.parse(r.actions[0])).toEqual(r.actions[0]);
    });

    it(`${fn}: UFO newest {action: {function, arguments, status}}`, () => {
      const r = parseActionInput({
        observation: 'The window is open.',
        thought: 'Next step.',
        action: { function: fn, arguments: args, status: 'CONTINUE' },
        plan: ['a', 'b'],
        comment: '',
        save_screenshot: { save: false, reason: '' },
      });
      expect(r.shape).toBe('ufo');
      expect(r.actions).toEqual([{ ...expected, status: 'CONTINUE' }]);
    });

    it(`${fn}: UFO v1/v2 {Function, Args, ControlLabel, ControlText, Status}`, () => {
      const { id, name, ...rest } = args;
      const v1: Record<string, unknown> = { Observation: 'o', Thought: 't', Function: fn, Args: rest, Status: 'FINISH', Plan: '' };
      if (TARGETED_FUNCTIONS.has(fn)) {
        v1.ControlLabel = id;
        v1.ControlText = name ?? '';
      } else {
        // UFO v1 sends ControlLabel with every action; a function without a control ignores it.
        v1.ControlLabel = '3';
        v1.ControlText = 'Something';
      }
      const r = parseActionInput(v1);
      expect(r.shape).toBe('ufo-v1');
      expect(r.actions).toEqual([{ ...expected, status: 'FINISH' }]);
    });
  }

  it('a list in each shape, in order', () => {
    const bridge = parseActionInput([
      { function: 'click_input', args: { id: '1' } },
      { function: 'wait', args: { seconds: 0 } },
    ]);
    expect(bridge.shape).toBe('bridge');
    expect(bridge.actions.map((a) => a.function)).toEqual(['click_input', 'wait']);

    const ufo = parseActionInput({
      action: [
        { function: 'set_edit_text', arguments: { id: '4', name: 'Subject', text: 'Hi' }, status: 'CONTINUE' },
        { function: 'keyboard_input', arguments: { id: '4', name: 'Subject', keys: '{ENTER}' }, status: 'FINISH' },
      ],
    });
    expect(ufo.shape).toBe('ufo');
    expect(ufo.actions.map((a) => [a.function, a.status])).toEqual([
      ['set_edit_text', 'CONTINUE'],
      ['keyboard_input', 'FINISH'],
    ]);

    const v2 = parseActionInput({
      Observation: 'o',
      ActionList: [
        { Function: 'click_input', Args: { button: 'left', double: false }, ControlLabel: '3', ControlText: 'Bold', Status: 'CONTINUE' },
        { Function: 'set_edit_text', Args: { text: 'x' }, ControlLabel: 7, ControlText: 'Body', Status: 'FINISH' },
      ],
    });
    expect(v2.shape).toBe('ufo-v1');
    expect(v2.actions).toEqual([
      { function: 'click_input', args: { id: '3', name: 'Bold', button: 'left', double: false }, status: 'CONTINUE' },
      { function: 'set_edit_text', args: { id: '7', name: 'Body', text: 'x', clear_current_text: false }, status: 'FINISH' },
    ]);
  });
});

describe('normalization', () => {
  it('numeric ids become strings (models write 12 for "12")', () => {
    expect(parseActionInput({ function: 'click_input', args: { id: 12 } }).actions[0]).toEqual({
      function: 'click_input',
      args: { id: '12', button: 'left', double: false },
    });
    expect(parseActionInput({ function: 'annotation', args: { control_labels: [1, '2'] } }).actions[0]?.args).toEqual({
      control_labels: ['1', '2'],
    });
  });

  it('function "" or missing is no_action, status kept, arguments ignored as UFO ignores them', () => {
    expect(parseActionInput({ action: { function: '', arguments: {}, status: 'FINISH' } }).actions).toEqual([
      { function: 'no_action', args: {}, status: 'FINISH' },
    ]);
    expect(parseActionInput({ Function: '', Args: {}, ControlLabel: '', ControlText: '', Status: 'FINISH' }).actions).toEqual([
      { function: 'no_action', args: {}, status: 'FINISH' },
    ]);
    expect(parseActionInput({ action: { arguments: { id: '3' } } }).actions).toEqual([{ function: 'no_action', args: {} }]);
    expect(parseActionInput({ action: null }).actions).toEqual([]);
  });

  it('ControlLabel/ControlText do not override Args that already name the control', () => {
    const r = parseActionInput({ Function: 'click_input', Args: { id: '8', name: 'Eight' }, ControlLabel: '3', ControlText: 'Three' });
    expect(r.actions[0]?.args).toMatchObject({ id: '8', name: 'Eight' });
  });

  it('v1 Args as a JSON string (UFO JSON_SCHEMA mode) and as ""', () => {
    expect(parseActionInput({ Function: 'click_input', Args: '{"button": "right"}', ControlLabel: '7' }).actions[0]?.args).toEqual({
      id: '7',
      button: 'right',
      double: false,
    });
    expect(parseActionInput({ Function: 'texts', Args: '', ControlLabel: '7' }).actions[0]?.args).toEqual({ id: '7' });
  });

  it('v1 single action: backslash-n in string Args becomes a newline (utils.revise_line_breaks); ActionList items do not', () => {
    expect(parseActionInput({ Function: 'set_edit_text', Args: { text: 'a\\nb' }, ControlLabel: '1' }).actions[0]?.args).toMatchObject({
      text: 'a\nb',
    });
    expect(
      parseActionInput({ ActionList: [{ Function: 'set_edit_text', Args: { text: 'a\\nb' }, ControlLabel: '1' }] }).actions[0]?.args,
    ).toMatchObject({ text: 'a\\nb' });
    expect(parseActionInput({ function: 'set_edit_text', args: { id: '1', text: 'a\\nb' } }).actions[0]?.args).toMatchObject({
      text: 'a\\nb',
    });
  });

  it('lenient scalars: "True"/"false" booleans, numeric strings, upper/lower case buttons and statuses, null name', () => {
    const r = parseActionInput({
      action: { function: 'click_input', arguments: { id: '3', name: null, button: 'Right', double: 'True' }, status: 'continue' },
    });
    expect(r.actions[0]).toEqual({ function: 'click_input', args: { id: '3', button: 'right', double: true }, status: 'CONTINUE' });
    expect(parseActionInput({ function: 'click_on_coordinates', args: { x: '0.5', y: ' 1 ' } }).actions[0]?.args).toMatchObject({
      x: 0.5,
      y: 1,
    });
    // pywinauto/pyautogui treat "" as "no key": click_input's pressed and drag's key_hold.
    expect(parseActionInput({ function: 'click_input', args: { id: '1', pressed: '' } }).actions[0]?.args).toEqual({
      id: '1',
      button: 'left',
      double: false,
    });
    expect(parseActionInput({ function: 'click_input', args: { id: '1', pressed: 'CONTROL' } }).actions[0]?.args).toMatchObject({
      pressed: 'control',
    });
    expect(
      parseActionInput({ function: 'drag_on_coordinates', args: { start_x: 0, start_y: 0, end_x: 1, end_y: 1, key_hold: '' } }).actions[0]?.args,
    ).toMatchObject({ key_hold: null });
  });

  it('empty id/name on a function without a control are dropped; keyboard_input may have no control', () => {
    expect(parseActionInput({ function: 'summary', args: { id: '', name: '', text: 'done' } }).actions[0]?.args).toEqual({
      text: 'done',
    });
    expect(
      parseActionInput({ function: 'keyboard_input', args: { id: '', keys: '{VK_CONTROL}s', control_focus: false } }).actions[0]?.args,
    ).toEqual({ keys: '{VK_CONTROL}s', control_focus: false });
  });

  it('JSON inside prose or a ``` fence', () => {
    expect(parseActionInput('```json\n{"function": "wait", "args": {"seconds": 2}}\n```').actions).toEqual([
      { function: 'wait', args: { seconds: 2 } },
    ]);
    const r = parseActionInput('Here you go: {"action": {"function": "texts", "arguments": {"id": "4"}}} Done.');
    expect(r).toEqual({ shape: 'ufo', actions: [{ function: 'texts', args: { id: '4' } }] });
  });

  it('the normalized form is a fixed point', () => {
    for (const fn of ACTION_FUNCTIONS) {
      const once = parseActionInput({ function: fn, args: SAMPLES[fn].args }).actions;
      expect(parseActionInput(once).actions).toEqual(once);
    }
  });
});

describe('bad input is INVALID_ARGUMENT with a message a model can act on', () => {
  it('unknown function: names the path, suggests, lists the valid functions', () => {
    const err = expectInvalid({ action: { function: 'Click_Input', arguments: { id: '1' } } }, 'action.function', '"Click_Input"', 'did you mean "click_input"');
    for (const fn of ACTION_FUNCTIONS) expect(err.message).toContain(fn);
    expectInvalid({ function: 'type', args: {} }, 'did you mean "set_edit_text"');
    expectInvalid({ Function: 'frobnicate' }, 'Function: unknown function "frobnicate"', 'valid functions are click_input');
    expectInvalid({ function: 42 }, 'function: expected a function name (a string)', 'got 42');
  });

  it('coordinates: out of range, NaN, Infinity, wrong type', () => {
    expectInvalid(
      { action: { function: 'click_on_coordinates', arguments: { x: 1.7, y: 0.5 } } },
      'action.arguments.x: expected a number between 0 and 1, got 1.7',
    );
    expectInvalid({ function: 'click_on_coordinates', args: { x: -0.1, y: 0.5 } }, 'args.x: expected a number between 0 and 1, got -0.1');
    expectInvalid({ function: 'click_on_coordinates', args: { x: Number.NaN, y: 0.5 } }, 'args.x', 'got NaN');
    expectInvalid({ function: 'click_on_coordinates', args: { x: 0.5, y: Infinity } }, 'args.y', 'got Infinity');
    expectInvalid({ function: 'drag_on_coordinates', args: { start_x: 0, start_y: 0, end_x: 'abc', end_y: 1 } }, 'args.end_x', 'got "abc"');
    expectInvalid({ action: [{ function: 'wait', arguments: { seconds: 1 } }, { function: 'click_on_coordinates', arguments: { x: 2, y: 0 } }] }, 'action[1].arguments.x');
  });

  it('missing and mistyped arguments', () => {
    expectInvalid({ function: 'set_edit_text', args: { id: '1' } }, 'args.text: missing');
    expectInvalid({ function: 'click_input', args: {} }, 'args.id: missing', 'control id');
    expectInvalid({ Function: 'click_input', Args: {} }, 'ControlLabel: missing');
    expectInvalid({ function: 'click_input', args: { id: '1', double: 'maybe' } }, 'args.double: expected true or false, got "maybe"');
    expectInvalid({ function: 'click_input', args: { id: '1', button: 'wheel' } }, 'args.button: expected one of "left", "right", "middle", "x"');
    expectInvalid({ function: 'click_input', args: { id: true } }, 'args.id', 'got true');
    expectInvalid({ function: 'click_input', args: { id: '' } }, 'args.id', 'empty string');
    expectInvalid({ function: 'wheel_mouse_input', args: { id: '1', wheel_dist: 2.5 } }, 'args.wheel_dist: expected a whole number');
    expectInvalid({ function: 'wheel_mouse_input', args: { id: '1', wheel_dist: 0 } }, 'non-zero');
    expectInvalid({ function: 'wheel_mouse_input', args: { id: '1', wheel_dist: 1e9 } }, 'between -1000 and 1000');
    expectInvalid({ function: 'set_value', args: { id: '1', value: { a: 1 } } }, 'args.value');
    expectInvalid({ function: 'click_input', args: { id: '1', pressed: 'meta' } }, 'args.pressed', 'control, shift, alt');
    expectInvalid({ function: 'click_input', args: [1, 2] }, 'args: expected an object of named arguments');
    expectInvalid({ ControlLabel: '1', Function: 'click_input', Args: 'not json' }, 'Args: expected an object');
  });

  it('negative and out-of-range durations and waits', () => {
    expectInvalid({ function: 'wait', args: { seconds: -1 } }, 'args.seconds: expected a number of seconds between 0 and 300, got -1');
    expectInvalid({ function: 'wait', args: { seconds: 301 } }, 'got 301');
    expectInvalid({ function: 'drag_on_coordinates', args: { start_x: 0, start_y: 0, end_x: 1, end_y: 1, duration: -2 } }, 'args.duration', 'got -2');
  });

  it('huge strings fail fast with the limit in the message', () => {
    expectInvalid({ function: 'set_edit_text', args: { id: '1', text: 'x'.repeat(1_000_001) } }, 'args.text', 'at most 1000000 characters', 'got 1000001 characters');
    expectInvalid({ function: 'click_input', args: { id: 'r'.repeat(4097) } }, 'args.id', 'at most 4096');
    expectInvalid({ function: 'keyboard_input', args: { keys: 'a'.repeat(1_000_001) } }, 'args.keys');
  });

  it('unknown argument keys are rejected, naming the allowed ones', () => {
    expectInvalid({ function: 'click_input', args: { id: '1', dobule: true } }, 'args: unknown argument "dobule"', 'click_input takes id, name, button, double');
    expectInvalid({ function: 'no_action', args: { x: 1 } }, 'no_action takes no arguments');
    expectInvalid({ function: 'summary', args: { id: '4', text: 'x' } }, 'unknown argument "id"', 'summary takes text');
    expectInvalid({ action: { function: 'click_input', id: '3' } }, 'action: unknown key "id"', 'inside "arguments"');
    expectInvalid({ function: 'click_input', args: { id: '1' }, extra: 1 }, 'unknown key "extra"');
  });

  it('keyboard_input key syntax is checked the way UFO will send it', () => {
    expectInvalid({ function: 'keyboard_input', args: { keys: '{ENTER' } }, 'args.keys', 'no closing "}"');
    expectInvalid({ function: 'keyboard_input', args: { keys: '{enter}' } }, 'Did you mean {ENTER}?');
    expectInvalid({ function: 'keyboard_input', args: { keys: '{+}' } }, 'after UFO\'s escaping', '{{+}}');
    expectInvalid({ function: 'keyboard_input', args: { keys: '' } }, 'non-empty key sequence');
    // Parentheses are escaped by UFO, so they are never unbalanced.
    expect(parseActionInput({ function: 'keyboard_input', args: { keys: 'f(x' } }).actions).toHaveLength(1);
  });

  it('statuses, shapes and non-objects', () => {
    expectInvalid({ action: { function: 'wait', arguments: { seconds: 1 }, status: 'DONE' } }, 'action.status: expected one of CONTINUE, FINISH');
    expectInvalid(42, 'expected an action object', 'got 42');
    expectInvalid(null, 'got null');
    expectInvalid('not json at all', 'expected an action in JSON');
    expectInvalid({ observation: 'o', thought: 't' }, 'the response has no action');
    expectInvalid({ ActionList: 'x' }, 'ActionList: expected a list of actions');
    expectInvalid(new Array(1001).fill({ function: 'wait', args: { seconds: 0 } }), 'more than 1000');
  });

  it('several problems are reported together', () => {
    const err = expectInvalid({ function: 'drag_on_coordinates', args: { start_x: 2, start_y: -1, end_x: 0, end_y: 0 } });
    expect(err.message).toContain('args.start_x');
    expect(err.message).toContain('args.start_y');
  });
});
