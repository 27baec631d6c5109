import type { z } from 'zod';
import { lazy, memo, zod } from './lazy-schema.js';
import {
  args,
  blankToUndefined,
  boundedString,
  describeLength,
  finiteInRange,
  flag,
  got,
  idToString,
  nullToUndefined,
  numericStringToNumber,
} from './lenient.js';

/*
 * The action vocabulary: every function a model (UFO/LAM style) or a script may ask the bridge to run, with its
 * arguments named and typed exactly as UFO names them (ufo/automator/ui_control/controller.py and the AppAgent
 * MCP tools in ufo/client/mcp/local_servers/ui_mcp_server.py), plus the bridge's own semantic functions.
 *
 * The schemas are lenient on input and canonical on output, because models are sloppy in predictable ways:
 *   - a control id written as a number (12 instead of "12") becomes the string "12";
 *   - booleans written as the strings "true"/"false"/"True"/"False" become booleans (UFO's newest tools are
 *     pydantic-typed and accept them too);
 *   - numbers written as numeric strings ("0.5") become numbers (UFO does float(params["x"]));
 *   - an optional argument given as null is treated as absent.
 * Everything else is validated strictly: strings are length-bounded so that huge inputs fail fast, numbers must be
 * finite and in range, and unknown argument keys are rejected with a message naming the allowed ones. Rejecting
 * (rather than ignoring) extras was chosen because an extra key is almost always a model's mistake (a misspelt
 * argument, an argument of another function) that would otherwise be silently dropped and leave the model
 * believing it had, say, cleared a field. UFO fails on them too, only later: it calls the pywinauto method or
 * the tool function with the arguments as keywords (`method(**params)`), where an unexpected keyword is an error.
 *
 * The canonical output (defaults filled in, coercions applied, absent optionals omitted) is a fixed point: parsing
 * an already parsed Action again yields the same value. That is what `Action` below describes.
 */

/** Upper bounds, chosen to be far above any real use and far below what would hurt a target app or the bridge. */
export const ACTION_LIMITS = {
  /** A ref or a UFO label. */
  idLength: 4096,
  /** A control's name as the model read it (Document names can carry a lot of text). */
  nameLength: 65_536,
  /** Text to type or set, keys to send, a summary. */
  textLength: 1_000_000,
  /** Wheel notches in one wheel_mouse_input. */
  wheelNotches: 1000,
  /** wait(seconds): UFO's own cap (ui_mcp_server.py: "Wait time cannot exceed 300 seconds"). */
  waitSeconds: 300,
  /** drag_on_coordinates duration. */
  dragSeconds: 60,
  /** annotation(control_labels): UFO collects at most 500 controls; leave ample room. */
  annotationLabels: 10_000,
  /** drag_on_coordinates key_hold: a key name such as "shift". */
  keyNameLength: 64,
} as const;

export { describeValue } from './describe-value.js';

// ---- field schemas ----
// Every schema here is built on first use (lazy-schema.ts); the helpers that take zod() run only inside those builds.

/** A ref from a snapshot or a label from a ufo/ufo-v2 observation. */
export const ControlId = lazy((z) => z.preprocess(
  idToString,
  z
    .string({ error: (iss) => `expected a control id (a ref or a label such as "12"), ${got(iss)}` })
    .min(1, { error: () => 'expected a control id (a ref or a label such as "12"), got an empty string' })
    .max(ACTION_LIMITS.idLength, {
      error: (iss) => `expected a control id of at most ${ACTION_LIMITS.idLength} characters, ${describeLength(iss.input)}`,
    }),
));

/** The control's name as the model read it; used to double-check the id (a mismatch is a warning, not an error). */
export const ControlName = lazy((z) => z.preprocess(
  nullToUndefined,
  boundedString(ACTION_LIMITS.nameLength, 'a control name').optional(),
));

/** A coordinate as a fraction of the application window (0 = left/top edge, 1 = right/bottom edge). */
export const Fraction = lazy(() => finiteInRange(0, 1));

/** Buttons for click_input: pywinauto's click_input takes left, right, middle or x. */
export const ClickButton = lazy((z) => z.preprocess(
  (v) => (typeof v === 'string' && v.length <= 16 ? v.trim().toLowerCase() : v),
  z.enum(['left', 'right', 'middle', 'x'], {
    error: (iss) => `expected one of "left", "right", "middle", "x", ${got(iss)}`,
  }),
));
export type ClickButton = z.infer<typeof ClickButton>;

/** Buttons for coordinate clicks and drags: UFO passes them to pyautogui, which knows left, right and middle. */
export const PointerButton = lazy((z) => z.preprocess(
  (v) => (typeof v === 'string' && v.length <= 16 ? v.trim().toLowerCase() : v),
  z.enum(['left', 'right', 'middle'], { error: (iss) => `expected one of "left", "right", "middle", ${got(iss)}` }),
));
export type PointerButton = z.infer<typeof PointerButton>;

/**
 * click_input's `pressed` (UFO api.yaml: "The keybord key to press while clicking. For example, 'CONTROL'"):
 * pywinauto splits it on whitespace, lower-cases it and holds control/shift/alt; we accept exactly those words
 * and normalize to lower case, one space apart.
 */
export const PressedKeys = lazy((z) => z.preprocess(
  (v) => (typeof v === 'string' && v.length <= 64 ? v.trim().toLowerCase().split(/\s+/).filter(Boolean).join(' ') : v),
  z
    .string({ error: (iss) => `expected modifier names such as "control" or "control shift", ${got(iss)}` })
    .max(64)
    .refine((s) => s.split(' ').every((w) => w === 'control' || w === 'shift' || w === 'alt'), {
      error: (iss) => `expected space-separated modifier names from control, shift, alt, ${got(iss)}`,
    }),
));

/**
 * drag_on_coordinates' `key_hold`: a pyautogui key name held during the drag (e.g. "shift", "ctrl"). pyautogui
 * lower-cases multi-character names, so we do too; the executor resolves the name.
 */
export const KeyHoldName = lazy((z) => z.preprocess(
  (v) => (typeof v === 'string' && v.length > 1 && v.length <= 256 ? v.trim().toLowerCase() : v),
  z
    .string({ error: (iss) => `expected null or a key name such as "shift" or "ctrl", ${got(iss)}` })
    .min(1, { error: () => 'expected null or a key name such as "shift" or "ctrl", got an empty string' })
    .max(ACTION_LIMITS.keyNameLength, {
      error: (iss) => `expected a key name of at most ${ACTION_LIMITS.keyNameLength} characters, ${describeLength(iss.input)}`,
    }),
));

/** Text to type or set. A finite number is accepted and written the way JavaScript prints it (models do send 42). */
const LongText = (what: string) =>
  zod().preprocess(
    (v) => (typeof v === 'number' && Number.isFinite(v) ? String(v) : v),
    boundedString(ACTION_LIMITS.textLength, what),
  );

/**
 * Wheel notches, + up and - down. UFO's tool defaults wheel_dist to 0, which scrolls nothing; the bridge requires
 * a non-zero value so that a forgotten or zero distance is an error the model sees, not a silent no-op.
 */
const WheelDistance = lazy((z) => z.preprocess(
  numericStringToNumber,
  z
    .number({ error: (iss) => `expected a whole number of wheel notches (positive scrolls up, negative down), ${got(iss)}` })
    .int({ error: (iss) => `expected a whole number of wheel notches (positive scrolls up, negative down), ${got(iss)}` })
    .min(-ACTION_LIMITS.wheelNotches, {
      error: (iss) => `expected between -${ACTION_LIMITS.wheelNotches} and ${ACTION_LIMITS.wheelNotches} wheel notches, ${got(iss)}`,
    })
    .max(ACTION_LIMITS.wheelNotches, {
      error: (iss) => `expected between -${ACTION_LIMITS.wheelNotches} and ${ACTION_LIMITS.wheelNotches} wheel notches, ${got(iss)}`,
    })
    .refine((n) => n !== 0, { error: () => 'expected a non-zero number of wheel notches (0 would scroll nothing), got 0' }),
));

/** A value for set_value: text, or a finite number for sliders and spinners. */
const SetValueValue = lazy((z) => z.union([
  z.number().refine(Number.isFinite, { error: (iss) => `expected a finite number, ${got(iss)}` }),
  boundedString(ACTION_LIMITS.textLength, 'a value'),
], { error: (iss) => `expected a string or a number, ${got(iss)}` }));

// ---- arguments of each function ----

const targetShape = { id: ControlId, name: ControlName };

// Built on first use, like every schema here (lazy-schema.ts); ACTION_ARG_NAMES below lists the same keys.
const shapes = memo((z) => ({
  click_input: {
    ...targetShape,
    button: ClickButton.default('left'),
    double: flag().default(false),
    /** Modifiers held during the click (UFO api.yaml documents it; pywinauto's click_input takes it). */
    pressed: z.preprocess(blankToUndefined, PressedKeys.optional()),
  },
  click_on_coordinates: {
    x: Fraction,
    y: Fraction,
    button: PointerButton.default('left'),
    double: flag().default(false),
  },
  drag_on_coordinates: {
    start_x: Fraction,
    start_y: Fraction,
    end_x: Fraction,
    end_y: Fraction,
    button: PointerButton.default('left'),
    duration: finiteInRange(0, ACTION_LIMITS.dragSeconds, 'a duration in seconds').default(1.0),
    // pyautogui holds nothing for a falsy key_hold (`if key_hold:`), so "" is null too.
    key_hold: z.preprocess((v) => blankToUndefined(v) ?? null, KeyHoldName.nullable()),
  },
  set_edit_text: {
    ...targetShape,
    text: LongText('the text to set'),
    clear_current_text: flag().default(false),
  },
  keyboard_input: {
    /** Optional: with control_focus false (or no id) the keys go to the application window. */
    id: z.preprocess((v) => (v === null || v === '' ? undefined : v), ControlId.optional()),
    name: ControlName,
    keys: LongText('a key sequence in pywinauto syntax').refine((s) => s.length > 0, {
      error: () => 'expected a non-empty key sequence in pywinauto syntax such as "{VK_CONTROL}c" or "{TAB 2}", got an empty string',
    }),
    control_focus: flag().default(true),
  },
  wheel_mouse_input: { ...targetShape, wheel_dist: WheelDistance },
  texts: { ...targetShape },
  wait: { seconds: finiteInRange(0, ACTION_LIMITS.waitSeconds, 'a number of seconds') },
  summary: { text: LongText('the summary text') },
  annotation: {
    control_labels: z
      .array(ControlId, { error: (iss) => `expected a list of control labels such as ["1", "5"], ${got(iss)}` })
      .max(ACTION_LIMITS.annotationLabels, {
        error: (iss) => `expected at most ${ACTION_LIMITS.annotationLabels} labels, ${got(iss)}`,
      })
      .default([]),
  },
  no_action: {},
  invoke: { ...targetShape },
  toggle: { ...targetShape },
  select: { ...targetShape },
  expand: { ...targetShape },
  collapse: { ...targetShape },
  focus: { ...targetShape },
  scroll_into_view: { ...targetShape },
  set_value: { ...targetShape, value: SetValueValue },
}) as const);

export const ClickInputArgs = lazy(() => args(shapes().click_input));
export const ClickOnCoordinatesArgs = lazy(() => args(shapes().click_on_coordinates));
export const DragOnCoordinatesArgs = lazy(() => args(shapes().drag_on_coordinates));
export const SetEditTextArgs = lazy(() => args(shapes().set_edit_text));
export const KeyboardInputArgs = lazy(() => args(shapes().keyboard_input));
export const WheelMouseInputArgs = lazy(() => args(shapes().wheel_mouse_input));
export const TextsArgs = lazy(() => args(shapes().texts));
export const WaitArgs = lazy(() => args(shapes().wait));
export const SummaryArgs = lazy(() => args(shapes().summary));
export const AnnotationArgs = lazy(() => args(shapes().annotation));
export const NoActionArgs = lazy(() => args(shapes().no_action));
export const InvokeArgs = lazy(() => args(shapes().invoke));
export const ToggleArgs = lazy(() => args(shapes().toggle));
export const SelectArgs = lazy(() => args(shapes().select));
export const ExpandArgs = lazy(() => args(shapes().expand));
export const CollapseArgs = lazy(() => args(shapes().collapse));
export const FocusArgs = lazy(() => args(shapes().focus));
export const ScrollIntoViewArgs = lazy(() => args(shapes().scroll_into_view));
export const SetValueArgs = lazy(() => args(shapes().set_value));

export type ClickInputArgs = z.output<typeof ClickInputArgs>;
export type ClickOnCoordinatesArgs = z.output<typeof ClickOnCoordinatesArgs>;
export type DragOnCoordinatesArgs = z.output<typeof DragOnCoordinatesArgs>;
export type SetEditTextArgs = z.output<typeof SetEditTextArgs>;
export type KeyboardInputArgs = z.output<typeof KeyboardInputArgs>;
export type WheelMouseInputArgs = z.output<typeof WheelMouseInputArgs>;
export type TextsArgs = z.output<typeof TextsArgs>;
export type WaitArgs = z.output<typeof WaitArgs>;
export type SummaryArgs = z.output<typeof SummaryArgs>;
export type AnnotationArgs = z.output<typeof AnnotationArgs>;
export type NoActionArgs = z.output<typeof NoActionArgs>;
export type TargetArgs = z.output<typeof InvokeArgs>;
export type SetValueArgs = z.output<typeof SetValueArgs>;

/** Every function's arguments schema, by function name. */
export const ACTION_ARGS = {
  click_input: ClickInputArgs,
  click_on_coordinates: ClickOnCoordinatesArgs,
  drag_on_coordinates: DragOnCoordinatesArgs,
  set_edit_text: SetEditTextArgs,
  keyboard_input: KeyboardInputArgs,
  wheel_mouse_input: WheelMouseInputArgs,
  texts: TextsArgs,
  wait: WaitArgs,
  summary: SummaryArgs,
  annotation: AnnotationArgs,
  no_action: NoActionArgs,
  invoke: InvokeArgs,
  toggle: ToggleArgs,
  select: SelectArgs,
  expand: ExpandArgs,
  collapse: CollapseArgs,
  focus: FocusArgs,
  scroll_into_view: ScrollIntoViewArgs,
  set_value: SetValueArgs,
} as const;

/** UFO's AppAgent functions, then the bridge's own semantic ones (docs/CONTRACT.md "Action JSON"). */
export const UFO_FUNCTIONS = [
  'click_input', 'click_on_coordinates', 'drag_on_coordinates', 'set_edit_text', 'keyboard_input',
  'wheel_mouse_input', 'texts', 'wait', 'summary', 'annotation', 'no_action',
] as const;
export const BRIDGE_FUNCTIONS = [
  'invoke', 'toggle', 'select', 'expand', 'collapse', 'focus', 'scroll_into_view', 'set_value',
] as const;

export const ActionFunction = lazy((z) => z.enum([...UFO_FUNCTIONS, ...BRIDGE_FUNCTIONS]));
export type ActionFunction = z.infer<typeof ActionFunction>;
export const ACTION_FUNCTIONS: readonly ActionFunction[] = [...UFO_FUNCTIONS, ...BRIDGE_FUNCTIONS];

/**
 * The argument names each function accepts, for messages that list them: the keys of its schema's shape,
 * written out so that reading them does not build the schemas (a unit test checks that they match).
 */
export const ACTION_ARG_NAMES: { readonly [F in ActionFunction]: readonly string[] } = {
  click_input: ['id', 'name', 'button', 'double', 'pressed'],
  click_on_coordinates: ['x', 'y', 'button', 'double'],
  drag_on_coordinates: ['start_x', 'start_y', 'end_x', 'end_y', 'button', 'duration', 'key_hold'],
  set_edit_text: ['id', 'name', 'text', 'clear_current_text'],
  keyboard_input: ['id', 'name', 'keys', 'control_focus'],
  wheel_mouse_input: ['id', 'name', 'wheel_dist'],
  texts: ['id', 'name'],
  wait: ['seconds'],
  summary: ['text'],
  annotation: ['control_labels'],
  no_action: [],
  invoke: ['id', 'name'],
  toggle: ['id', 'name'],
  select: ['id', 'name'],
  expand: ['id', 'name'],
  collapse: ['id', 'name'],
  focus: ['id', 'name'],
  scroll_into_view: ['id', 'name'],
  set_value: ['id', 'name', 'value'],
};

/** Functions that act on one control and so take `id` (and `name`); UFO's ControlLabel/ControlText map onto them. */
export const TARGETED_FUNCTIONS: ReadonlySet<ActionFunction> = new Set(
  ACTION_FUNCTIONS.filter((fn) => ACTION_ARG_NAMES[fn].includes('id')),
);

/**
 * The step status a model attaches to an action (UFO: CONTINUE, FINISH, FAIL, CONFIRM = ask the user before a
 * sensitive action, SCREENSHOT in v2 lite, PENDING while waiting on a question). Any case is accepted; the
 * canonical form is upper case. An empty string (UFO's default) means no status.
 */
export const ActionStatus = lazy((z) => z.preprocess(
  (v) => (typeof v === 'string' && v.length <= 32 ? v.trim().toUpperCase() : v),
  z.enum(['CONTINUE', 'FINISH', 'FAIL', 'CONFIRM', 'SCREENSHOT', 'PENDING'], {
    error: (iss) => `expected one of CONTINUE, FINISH, FAIL, CONFIRM, SCREENSHOT, PENDING, ${got(iss)}`,
  }),
));
export type ActionStatus = z.infer<typeof ActionStatus>;

function actionOf<F extends ActionFunction>(fn: F) {
  const z = zod();
  return z.strictObject({
    function: z.literal(fn),
    args: ACTION_ARGS[fn] as (typeof ACTION_ARGS)[F],
    status: ActionStatus.optional(),
  });
}

/**
 * One action in the bridge's normalized internal form: `{ function, args, status? }`, discriminated on `function`.
 * parse-action (lib/act) turns the bridge, UFO-newest and UFO v1/v2 shapes into this.
 */
export const Action = lazy((z) => z.discriminatedUnion('function', [
  actionOf('click_input'),
  actionOf('click_on_coordinates'),
  actionOf('drag_on_coordinates'),
  actionOf('set_edit_text'),
  actionOf('keyboard_input'),
  actionOf('wheel_mouse_input'),
  actionOf('texts'),
  actionOf('wait'),
  actionOf('summary'),
  actionOf('annotation'),
  actionOf('no_action'),
  actionOf('invoke'),
  actionOf('toggle'),
  actionOf('select'),
  actionOf('expand'),
  actionOf('collapse'),
  actionOf('focus'),
  actionOf('scroll_into_view'),
  actionOf('set_value'),
]));
export type Action = z.output<typeof Action>;
export type ActionInput = z.input<typeof Action>;

/** The action of one function, e.g. `ActionOf<'set_edit_text'>`. */
export type ActionOf<F extends ActionFunction> = Extract<Action, { function: F }>;
