import { SHAPE_EXAMPLES } from './response-schema.js';

/**
 * The system prompt of `lamb run`: a concise stand-in for UFO's app_agent.yaml `system` (which runs to pages
 * of guidelines and examples). It says what the user prompt holds, which functions exist with their
 * arguments (UFO's, docs/LAM_FORMATS.md "Actions the model emits", plus the bridge's semantic ones), the
 * statuses, and the exact response JSON. Two styles, matching the two control list formats: 'ufo' (newest:
 * ids and the {"observation", "thought", "action": {...}} response) and 'ufo-v1' (what the LAM was trained
 * on: labels and {"Observation", "Thought", "ControlLabel", "Function", "Args", "Status"}).
 */

export type PromptStyle = 'ufo' | 'ufo-v1';

const FUNCTIONS = [
  'click_input(id, name, button="left", double=False): click the control',
  'set_edit_text(id, name, text, clear_current_text=False): put text into an edit control',
  'keyboard_input(id, name, keys, control_focus=True): type keys (pywinauto syntax: {ENTER}, ^a for Ctrl+A)',
  'wheel_mouse_input(id, name, wheel_dist): scroll (+ up, - down)',
  'click_on_coordinates(x, y, button="left", double=False): x, y are 0-1 fractions of the window',
  'drag_on_coordinates(start_x, start_y, end_x, end_y, button="left")',
  'texts(id, name): read the control\'s text',
  'toggle(id, name): flip a check box or toggle button',
  'select(id, name): select a list item, tab or radio button',
  'expand(id, name) / collapse(id, name): open or close a tree item or combo box',
  'set_value(id, name, value): set a slider, spinner or text value',
  'focus(id, name)',
  'wait(seconds)',
  'summary(text): a note for later steps',
  '"" (no action)',
];

export function systemPrompt(style: PromptStyle = 'ufo'): string {
  const v1 = style === 'ufo-v1';
  const idWord = v1 ? 'label' : 'id';
  return [
    'You are an agent that operates a desktop application to complete the user\'s request, one step at a time.',
    `Each turn you get <Available Control Item:>, the controls on screen as a JSON list (${v1 ? '"label", "control_text", "control_type"' : '"id", "name", "type"'}), the request, the actions you took at the last step with their results, and your previous plan.`,
    `Choose the next action on one control, naming it by its ${idWord} and its ${v1 ? 'control_text' : 'name'} exactly as listed. ${idWord === 'id' ? 'Ids' : 'Labels'} are valid for this step only.`,
    'Functions:',
    ...FUNCTIONS.map((f) => '- ' + f),
    'Status: "CONTINUE" (more steps follow), "FINISH" (the request is complete after this action; use function "" if nothing is left to do), "FAIL" (it cannot be done), "CONFIRM" (the action is sensitive, e.g. deletes or sends something: the user is asked first).',
    v1
      ? 'Put the control in "ControlLabel" and "ControlText" and the other arguments in "Args".'
      : 'Put the control\'s id and name in "arguments" with the function\'s other arguments.',
    'Reply with only one JSON object, no code fences or other text:',
    v1 ? SHAPE_EXAMPLES['ufo-v1'] : SHAPE_EXAMPLES.ufo,
  ].join('\n');
}
