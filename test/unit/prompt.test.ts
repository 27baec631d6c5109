import { describe, expect, it } from 'vitest';
import { actionRepresentation, actionString, type ActionRecord } from '../../lib/agent/action-representation.js';
import { blackboardParts, isBlackboardEmpty } from '../../lib/agent/blackboard.js';
import { buildUserContent, buildUserPrompt, lastActionsText, renderUserTemplate, type LamStepPromptInput } from '../../lib/agent/prompt.js';
import { pyRepr, pyReprString, pyStr } from '../../lib/agent/py-repr.js';

// Expected texts below were produced by CPython 3.11.7 + pydantic 2 running UFO's own code:
// ActionCommandInfo.to_representation (ufo/agents/processors/schemas/actions.py), the app_agent.yaml `user`
// template filled as AppAgentPrompter.user_prompt_construction does (json.dumps of the lists), and
// Blackboard.texts_to_prompt; parts joined with "\n".
const EXPECTED_PROMPT_PY311: string = JSON.parse(String.raw`"\n<Available Control Item:> [{\"label\": \"1\", \"control_text\": \"Open\", \"control_type\": \"Button\"}, {\"label\": \"2\", \"control_text\": \"\\u00d6ffnen\", \"control_type\": \"Button\"}]\n<Overall User Request:> Save the document as report.odt\n<Previous Sub-tasks Results:> [{\"subtask\": \"Open the file dialog\", \"result\": \"done\"}]\n<Sub-task for you to complete:> Save as report.odt in Documents\n<The actions you took at the last step and their results:> [\"[Action] click_input(id='1', name='Open', button='left', double=False)\\n[Target] kind=TargetKind.CONTROL, name=Open, id=1, type=Button\\n[Status] ResultStatus.SUCCESS\\n[Result] None\", \"[Action] set_edit_text(id='7', name='Name', text='it\\\\'s \\\"quoted\\\"\\\\nline2', clear_current_text=True)\\n[Target] kind=TargetKind.CONTROL, name=Name, id=7, type=Edit\\n[Status] ResultStatus.FAILURE\\n[Error] Text not set\\n[Result] {'typed': 3, 'ok': False, 'items': [1.5, None, 'x']}\"]\n<Current Application You are Working on:> gedit\n<Message and Tips from the HostAgent:> [\"The Save dialog is open\", \"Use the Name field\"]\n<Your Next Plan:> [\"Type the name\", \"Click Save\"]\n<Your response:>"`);
const EXPECTED_FULL_PY311: string = JSON.parse(String.raw`"[Blackboard:]\n[Questions & Answers:]\n [{\"question\": \"Which folder?\", \"answer\": \"Documents\"}]\n[Request History:]\n []\n[Step Trajectories Completed Previously:]\n [{\"Step\": 1, \"Subtask\": \"Open the file dialog\", \"Action\": \"click_input(id='3', name='Save As')\"}]\n{\"screenshot application\": \"gedit\", \"saving reason\": \"shows the form\"}\n\n<Available Control Item:> [{\"label\": \"1\", \"control_text\": \"Open\", \"control_type\": \"Button\"}, {\"label\": \"2\", \"control_text\": \"\\u00d6ffnen\", \"control_type\": \"Button\"}]\n<Overall User Request:> Save the document as report.odt\n<Previous Sub-tasks Results:> [{\"subtask\": \"Open the file dialog\", \"result\": \"done\"}]\n<Sub-task for you to complete:> Save as report.odt in Documents\n<The actions you took at the last step and their results:> [\"[Action] click_input(id='1', name='Open', button='left', double=False)\\n[Target] kind=TargetKind.CONTROL, name=Open, id=1, type=Button\\n[Status] ResultStatus.SUCCESS\\n[Result] None\", \"[Action] set_edit_text(id='7', name='Name', text='it\\\\'s \\\"quoted\\\"\\\\nline2', clear_current_text=True)\\n[Target] kind=TargetKind.CONTROL, name=Name, id=7, type=Edit\\n[Status] ResultStatus.FAILURE\\n[Error] Text not set\\n[Result] {'typed': 3, 'ok': False, 'items': [1.5, None, 'x']}\"]\n<Current Application You are Working on:> gedit\n<Message and Tips from the HostAgent:> [\"The Save dialog is open\", \"Use the Name field\"]\n<Your Next Plan:> [\"Type the name\", \"Click Save\"]\n<Your response:>"`);

const clickOpen: ActionRecord = {
  function: 'click_input',
  arguments: { id: '1', name: 'Open', button: 'left', double: false },
  target: { kind: 'control', name: 'Open', id: '1', type: 'Button', rect: [10, 40, 90, 70] },
  result: { status: 'success', result: null },
};
const typeName: ActionRecord = {
  function: 'set_edit_text',
  arguments: { id: '7', name: 'Name', text: 'it\'s "quoted"\nline2', clear_current_text: true },
  target: { kind: 'control', name: 'Name', id: '7', type: 'Edit' },
  result: { status: 'failure', error: 'Text not set', result: { typed: 3, ok: false, items: [1.5, null, 'x'] } },
};

const input: LamStepPromptInput = {
  retrievedDocs: '',
  controlItems: '[{"label": "1", "control_text": "Open", "control_type": "Button"}, {"label": "2", "control_text": "\\u00d6ffnen", "control_type": "Button"}]',
  userRequest: 'Save the document as report.odt',
  prevSubtasks: [{ subtask: 'Open the file dialog', result: 'done' }],
  subtask: 'Save as report.odt in Documents',
  lastActions: [clickOpen, typeName],
  currentApplication: 'gedit',
  hostMessage: ['The Save dialog is open', 'Use the Name field'],
  prevPlan: ['Type the name', 'Click Save'],
};

const blackboard = {
  questions: [{ question: 'Which folder?', answer: 'Documents' }],
  requests: [],
  trajectories: [{ Step: 1, Subtask: 'Open the file dialog', Action: "click_input(id='3', name='Save As')" }],
  screenshots: [{ metadata: { 'screenshot application': 'gedit', 'saving reason': 'shows the form' } }],
};

describe('Python repr', () => {
  it('matches CPython for strings, numbers, literals and containers', () => {
    // CPython 3.11: repr("it's"), repr('say "x"'), repr('both \' and "'), repr('tab\tnl\n\x01\x7f\x85é\u2028💾')
    expect(pyReprString("it's")).toBe('"it\'s"');
    expect(pyReprString('say "x"')).toBe('\'say "x"\'');
    expect(pyReprString('both \' and "')).toBe('\'both \\\' and "\'');
    expect(pyReprString('tab\tnl\n\x01\x7f\x85é\u2028💾')).toBe("'tab\\tnl\\n\\x01\\x7f\\x85é\\u2028💾'");
    expect(pyRepr(1e-5)).toBe('1e-05');
    expect(pyRepr({ a: [1, null, true, 'x'] })).toBe("{'a': [1, None, True, 'x']}");
    expect(pyStr('plain')).toBe('plain');
    expect(pyStr(null)).toBe('None');
  });
});

describe('action representation', () => {
  it('writes the call like ActionCommandInfo.to_string', () => {
    expect(actionString('click_input', { id: '1', name: 'Open', button: 'left', double: false }))
      .toBe("click_input(id='1', name='Open', button='left', double=False)");
    expect(actionString('wait', { seconds: 2.5 })).toBe('wait(seconds=2.5)');
    expect(actionString('summary')).toBe('summary()');
  });

  it('matches CPython 3.11 output with enumStyle: qualified', () => {
    // CPython 3.11.7, pydantic 2: ActionCommandInfo(...).to_representation()
    expect(actionRepresentation(clickOpen, { enumStyle: 'qualified' })).toBe(
      "[Action] click_input(id='1', name='Open', button='left', double=False)\n[Target] kind=TargetKind.CONTROL, name=Open, id=1, type=Button\n[Status] ResultStatus.SUCCESS\n[Result] None");
    expect(actionRepresentation(typeName, { enumStyle: 'qualified' })).toBe(
      "[Action] set_edit_text(id='7', name='Name', text='it\\'s \"quoted\"\\nline2', clear_current_text=True)\n[Target] kind=TargetKind.CONTROL, name=Name, id=7, type=Edit\n[Status] ResultStatus.FAILURE\n[Error] Text not set\n[Result] {'typed': 3, 'ok': False, 'items': [1.5, None, 'x']}");
    expect(actionRepresentation({ function: 'wait', arguments: { seconds: 2.5 } }, { enumStyle: 'qualified' })).toBe(
      '[Action] wait(seconds=2.5)\n[Status] ResultStatus.NONE\n[Result] None');
  });

  it('prints enum values by default (CPython 3.10, the version UFO installs)', () => {
    expect(actionRepresentation(clickOpen)).toBe(
      "[Action] click_input(id='1', name='Open', button='left', double=False)\n[Target] kind=control, name=Open, id=1, type=Button\n[Status] success\n[Result] None");
    expect(actionRepresentation({ function: 'texts', arguments: { id: '3', name: 'Title' }, result: { status: 'success', result: 'Hello' } }))
      .toBe("[Action] texts(id='3', name='Title')\n[Status] success\n[Result] Hello");
  });
});

describe('blackboard', () => {
  it('is empty only when all four memories are', () => {
    expect(isBlackboardEmpty(undefined)).toBe(true);
    expect(isBlackboardEmpty({ questions: [], requests: [] })).toBe(true);
    expect(blackboardParts({})).toEqual([]);
    expect(isBlackboardEmpty({ screenshots: [{ metadata: {} }] })).toBe(false);
  });

  it('renders the sections like Blackboard.blackboard_to_prompt (text parts)', () => {
    expect(blackboardParts(blackboard)).toEqual([
      '[Blackboard:]',
      '[Questions & Answers:]\n [{"question": "Which folder?", "answer": "Documents"}]',
      '[Request History:]\n []',
      '[Step Trajectories Completed Previously:]\n [{"Step": 1, "Subtask": "Open the file dialog", "Action": "click_input(id=\'3\', name=\'Save As\')"}]',
      '{"screenshot application": "gedit", "saving reason": "shows the form"}',
    ]);
  });
});

describe('user prompt', () => {
  it('is byte for byte the app_agent.yaml user template as UFO fills it', () => {
    expect(renderUserTemplate(input, { enumStyle: 'qualified' })).toBe(EXPECTED_PROMPT_PY311);
    expect(buildUserPrompt({ ...input, blackboard }, { enumStyle: 'qualified' })).toBe(EXPECTED_FULL_PY311);
  });

  it('returns UFO content parts: blackboard first, then the prompt', () => {
    const parts = buildUserContent({ ...input, blackboard });
    expect(parts.length).toBe(6);
    expect(parts[0]).toBe('[Blackboard:]');
    expect(parts[5]).toBe(renderUserTemplate(input));
    expect(buildUserContent(input)).toEqual([renderUserTemplate(input)]);
  });

  it('has the template lines in order, with json.dumps defaults for empty fields', () => {
    const text = renderUserTemplate({ controlItems: [], userRequest: 'r', subtask: 's', currentApplication: 'a' });
    expect(text).toBe([
      '',
      '<Available Control Item:> []',
      '<Overall User Request:> r',
      '<Previous Sub-tasks Results:> []',
      '<Sub-task for you to complete:> s',
      '<The actions you took at the last step and their results:> []',
      '<Current Application You are Working on:> a',
      '<Message and Tips from the HostAgent:> []',
      '<Your Next Plan:> []',
      '<Your response:>',
    ].join('\n'));
  });

  it('accepts control items as records or as an observation, and retrieved docs as text', () => {
    const text = renderUserTemplate({
      ...input,
      retrievedDocs: '[Help Documents]\nUse Ctrl+S.',
      controlItems: [{ label: '1', control_text: 'Öffnen', control_type: 'Button' }],
    });
    expect(text.startsWith('[Help Documents]\nUse Ctrl+S.\n<Available Control Item:> [{"label": "1", "control_text": "\\u00d6ffnen", "control_type": "Button"}]\n')).toBe(true);
    expect(renderUserTemplate({ ...input, controlItems: { text: '[]' } })).toContain('<Available Control Item:> []\n');
  });

  it('passes pre-rendered and v2-era last actions through json.dumps', () => {
    expect(lastActionsText(['[Action] wait(seconds=1)'])).toBe('["[Action] wait(seconds=1)"]');
    expect(lastActionsText([{ Function: 'click_input', Args: { button: 'left', double: false }, ControlText: 'Open', Results: { status: 'success', error: '', return_value: null }, RepeatTimes: 0 }]))
      .toBe('[{"Function": "click_input", "Args": {"button": "left", "double": false}, "ControlText": "Open", "Results": {"status": "success", "error": "", "return_value": null}, "RepeatTimes": 0}]');
  });

  it('has the earlier template revision without the last-actions line', () => {
    const text = renderUserTemplate(input, { template: 'ufo-v1' });
    expect(text).not.toContain('<The actions you took');
    expect(text).toContain('<Message and Information from the HostAgent:> ["The Save dialog is open", "Use the Name field"]\n<Your Next Plan:>');
  });
});
