/**
 * Office functions inside a model's answer: the three action shapes, the app each function runs in, validation
 * of the whole list before anything runs, and a mixed list run in order (pure TS). The Office functions here are
 * a double registry (set_font, save_as, set_cell_value with small zod schemas, named as doubles) and the host a
 * recording double, so that these rules are tested whatever the real registries hold today.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ActEnvironment } from '../../lib/act/act-context.js';
import { executeActions } from '../../lib/act/executor.js';
import {
  documentTitleOfWindow,
  isOfficeAction,
  officeAppOfWindow,
  type OfficeAction,
  type OfficeHost,
  type OfficeRegistry,
} from '../../lib/act/office-step.js';
import { parseActionInput } from '../../lib/act/parse-action.js';
import type { ActionResult, OfficeApp } from '../../lib/model/index.js';
import { LambError } from '../../lib/model/errors.js';
import type { AnyOfficeFunction } from '../../lib/office/office-function.js';
import { FakeAdapter } from '../helpers/fake-adapter.js';

function doubleSpec(app: OfficeApp, name: string, schema: z.ZodType): AnyOfficeFunction {
  return { app, name, mutates: true, schema, run: async () => ({ method: 'double', expected: '', checks: [] }) } as AnyOfficeFunction;
}

const saveAs = z.strictObject({ file_dir: z.string().default(''), file_name: z.string().default(''), file_ext: z.string().default('.docx') });
/** A double of the registry: word set_font and save_as, excel set_cell_value and save_as (another default). */
const DOUBLE_REGISTRY: OfficeRegistry = {
  word: [
    doubleSpec('word', 'set_font', z.strictObject({ font_name: z.string().optional(), font_size: z.number().min(1).max(1638).optional(), bold: z.boolean().optional() })),
    doubleSpec('word', 'save_as', saveAs),
  ],
  excel: [
    doubleSpec('excel', 'set_cell_value', z.strictObject({ sheet_name: z.string(), cell_reference: z.string(), value: z.unknown().optional(), formula: z.string().optional() })),
    doubleSpec('excel', 'save_as', saveAs.extend({ file_ext: z.enum(['.xlsx', '.csv']).default('.xlsx') })),
  ],
  powerpoint: [],
};

const parse = (input: unknown) => parseActionInput(input, { officeFunctions: DOUBLE_REGISTRY });
const office = (step: unknown): OfficeAction => {
  if (!isOfficeAction(step as { function: string })) throw new Error(`not an Office action: ${JSON.stringify(step)}`);
  return step as OfficeAction;
};
function rejects(input: unknown): string {
  try {
    parse(input);
  } catch (e) {
    expect(e).toBeInstanceOf(LambError);
    expect((e as LambError).code).toBe('INVALID_ARGUMENT');
    return (e as LambError).message;
  }
  throw new Error('accepted');
}

describe('Office functions in the three action shapes', () => {
  it('bridge shape: the function, its app (the only one that has it) and its arguments canonicalized', () => {
    const a = office(parse({ function: 'set_font', args: { font_size: 16, bold: true } }).actions[0]);
    expect(a).toMatchObject({ kind: 'office', function: 'set_font', app: 'word', args: { font_size: 16, bold: true } });
  });

  it('UFO newest: a list mixing a UI action and an Office action keeps its order', () => {
    const r = parse({
      observation: '...',
      action: [
        { function: 'click_input', arguments: { id: '3', name: 'Bold' }, status: 'CONTINUE' },
        { function: 'set_font', arguments: { font_size: 16 }, status: 'FINISH' },
      ],
    });
    expect(r.shape).toBe('ufo');
    expect(r.actions.map((a) => [a.function, isOfficeAction(a)])).toEqual([['click_input', false], ['set_font', true]]);
    expect(office(r.actions[1])).toMatchObject({ status: 'FINISH', args: { font_size: 16 } });
  });

  it('UFO v1/v2: ActionList items; ControlLabel/ControlText are not the Office function\'s arguments; string Args parse', () => {
    const r = parse({
      ActionList: [
        { Function: 'keyboard_input', ControlLabel: '5', ControlText: 'Document', Args: { keys: '{HOME}+{END}' } },
        { Function: 'set_cell_value', ControlLabel: '', ControlText: '', Args: '{"sheet_name": "Sheet1", "cell_reference": "B14", "formula": "=AVERAGE(B11:B13)"}' },
      ],
    });
    expect(r.shape).toBe('ufo-v1');
    expect(office(r.actions[1])).toMatchObject({ app: 'excel', args: { sheet_name: 'Sheet1', cell_reference: 'B14', formula: '=AVERAGE(B11:B13)' } });
  });

  it('the app from the name ("excel.save_as", "writer.set_font") or from args.app (aliases too)', () => {
    expect(office(parse({ function: 'excel.save_as', args: {} }).actions[0])).toMatchObject({ app: 'excel', function: 'save_as', args: { file_ext: '.xlsx' } });
    expect(office(parse({ function: 'writer.set_font', args: { font_size: 12 } }).actions[0])).toMatchObject({ app: 'word' });
    expect(office(parse({ function: 'save_as', args: { app: 'Calc', file_ext: '.csv' } }).actions[0])).toMatchObject({ app: 'excel', args: { file_ext: '.csv' } });
  });

  it('a function several apps have (save_as) waits for the window to tell its app, arguments kept as sent', () => {
    const a = office(parse({ function: 'save_as', args: { file_name: 'out', id: '', name: '' } }).actions[0]);
    expect(a).toMatchObject({ app: null, args: { file_name: 'out' } });
    expect(a.args).not.toHaveProperty('id');
  });

  it('an id names a control in the document\'s window, not an argument', () => {
    const a = office(parse({ function: 'set_font', args: { id: 7, name: 'Document', font_size: 16 } }).actions[0]);
    expect(a.control).toEqual({ id: '7', name: 'Document' });
    expect(a.args).toEqual({ font_size: 16 });
  });

  it('bad arguments are INVALID_ARGUMENT with the path in the model\'s own shape', () => {
    expect(rejects({ action: { function: 'set_font', arguments: { font_size: 'big' } } })).toMatch(/^invalid action: action\.arguments\.font_size: /);
    expect(rejects({ function: 'set_font', args: { font_sise: 16 } })).toMatch(/args: unknown argument "font_sise"; word set_font takes font_name, font_size, bold/);
    expect(rejects({ function: 'save_as', args: { app: 'visio' } })).toMatch(/args\.app: expected "word", "excel" or "powerpoint"/);
    expect(rejects({ function: 'excel.set_font', args: {} })).toMatch(/excel has no function "set_font"; word has it/);
    expect(rejects({ function: 'word.save_as', args: { app: 'excel' } })).toMatch(/contradicts the function name/);
  });

  it('save_as whose arguments fit no app is refused naming each app\'s complaint', () => {
    expect(rejects({ function: 'save_as', args: { file_ext: 7 } })).toMatch(/\(as word's save_as\).*\(as excel's save_as\)/);
  });

  it('the whole list is validated first: one bad Office action rejects a list whose UI actions are fine', () => {
    expect(rejects([{ function: 'click_input', args: { id: '1' } }, { function: 'set_font', args: { font_size: -1 } }])).toMatch(/\[1\]\.args\.font_size/);
  });

  it('an unknown function lists the Office functions too; UI names keep meaning the UI function', () => {
    expect(rejects({ function: 'set_fnt', args: {} })).toMatch(/and the Office functions set_font, save_as, set_cell_value/);
    expect(isOfficeAction(parse({ function: 'texts', args: { id: '1' } }).actions[0]!)).toBe(false);
  });
});

describe('the app a window shows', () => {
  it.each([
    ['Untitled 1 - LibreOffice Writer', 'soffice', 'word'],
    ['Sales.xlsx — LibreOffice Calc', 'soffice', 'excel'],
    ['Untitled 2 - LibreOffice Impress', 'soffice', 'powerpoint'],
    ['report.docx - Word', 'WINWORD.EXE', 'word'],
    ['Book1', 'EXCEL.EXE', 'excel'],
    ['Deck.pptx - PowerPoint', 'POWERPNT.EXE', 'powerpoint'],
    ['Untitled - gedit', 'gedit', null],
  ])('%s (%s) → %s', (title, app, expected) => {
    expect(officeAppOfWindow({ title, app })).toBe(expected);
  });

  it('the document title is the window title without the suite', () => {
    expect(documentTitleOfWindow('Report.docx - LibreOffice Writer')).toBe('Report.docx');
    expect(documentTitleOfWindow('report.docx - Word')).toBe('report.docx');
  });
});

/** A fake adapter whose one window has a title of our choosing. */
class TitledWindowFake extends FakeAdapter {
  constructor(readonly title: string) {
    super();
  }
  override async windows() {
    return (await super.windows()).map((w) => ({ ...w, title: this.title, app: 'soffice' }));
  }
}

/** A double of the Office host: records what it was asked and answers verified (or fails when told to). */
class RecordingHostDouble implements OfficeHost {
  readonly runs: { app: OfficeApp; fn: string; args: Record<string, unknown>; title: string }[] = [];
  constructor(readonly fail = false) {}
  async run(request: Parameters<OfficeHost['run']>[0]): Promise<ActionResult> {
    this.runs.push({ app: request.app, fn: request.spec.name, args: request.args, title: request.title });
    const base = { function: request.spec.name, target: null, method: 'double', durationMs: 0 };
    if (this.fail) return { ...base, ok: false, verdict: 'failed', evidence: null, error: { code: 'INVALID_ARGUMENT', message: 'double says no' } };
    return { ...base, ok: true, verdict: 'verified', evidence: { before: null, after: null, changes: [], expected: 'double', checks: [] } };
  }
}

function env(adapter: FakeAdapter, host: OfficeHost): ActEnvironment {
  return { adapter, office: host, options: { verify: false, settleMs: 10, timeoutMs: 1000, target: {} }, resolveId: async (id) => ({ ref: id }) };
}

describe('a mixed list run by the executor', () => {
  it('runs UI and Office actions in order on the document the target window shows', async () => {
    const adapter = new TitledWindowFake('Report.odt - LibreOffice Writer');
    const host = new RecordingHostDouble();
    const { actions } = parse([
      { function: 'keyboard_input', args: { keys: '{HOME}', control_focus: false } },
      { function: 'set_font', args: { font_size: 16 } },
      { function: 'save_as', args: { file_name: 'copy' } },
    ]);
    const results = await executeActions(env(adapter, host), actions);
    expect(results.map((r) => [r.function, r.verdict])).toEqual([['keyboard_input', 'unverified'], ['set_font', 'verified'], ['save_as', 'verified']]);
    // save_as took Writer's app from the window, and word's defaults.
    expect(host.runs).toEqual([
      { app: 'word', fn: 'set_font', args: { font_size: 16 }, title: 'Report.odt' },
      { app: 'word', fn: 'save_as', args: { file_dir: '', file_name: 'copy', file_ext: '.docx' }, title: 'Report.odt' },
    ]);
  });

  it('stops at the first failed Office action', async () => {
    const adapter = new TitledWindowFake('Report.odt - LibreOffice Writer');
    const host = new RecordingHostDouble(true);
    const { actions } = parse([{ function: 'set_font', args: { font_size: 16 } }, { function: 'keyboard_input', args: { keys: 'x', control_focus: false } }]);
    const results = await executeActions(env(adapter, host), actions);
    expect(results.map((r) => r.verdict)).toEqual(['failed']);
    expect(adapter.inputs).toHaveLength(0);
  });

  it('an Office action for another app than the window shows fails with TARGET_NOT_FOUND, nothing acted', async () => {
    const adapter = new TitledWindowFake('Report.odt - LibreOffice Writer');
    const host = new RecordingHostDouble();
    const { actions } = parse([{ function: 'set_cell_value', args: { sheet_name: 'Sheet1', cell_reference: 'A1', value: 1 } }]);
    const [r] = await executeActions(env(adapter, host), actions);
    expect(r).toMatchObject({ ok: false, verdict: 'failed', error: { code: 'TARGET_NOT_FOUND' } });
    expect(r!.error!.message).toMatch(/shows a word document, not excel/);
    expect(host.runs).toHaveLength(0);
  });

  it('save_as valid for excel but not for the Writer window is refused before the first action runs', async () => {
    const adapter = new TitledWindowFake('Report.odt - LibreOffice Writer');
    const host = new RecordingHostDouble();
    // word's save_as of this registry takes .docx and .pdf only; excel's takes .csv.
    const strictWord: OfficeRegistry = {
      ...DOUBLE_REGISTRY,
      word: [DOUBLE_REGISTRY.word[0]!, doubleSpec('word', 'save_as', saveAs.extend({ file_ext: z.enum(['.docx', '.pdf']).default('.docx') }))],
    };
    const { actions } = parseActionInput(
      [{ function: 'keyboard_input', args: { keys: 'x', control_focus: false } }, { function: 'save_as', args: { file_ext: '.csv' } }],
      { officeFunctions: strictWord },
    );
    await expect(executeActions(env(adapter, host), actions)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/\[1\]\.args\.file_ext.*shows a word document/) });
    expect(adapter.inputs).toHaveLength(0);
    expect(host.runs).toHaveLength(0);
  });

  it('an app-less Office function in a window that is no Office app is refused before anything runs', async () => {
    const adapter = new TitledWindowFake('Untitled - gedit');
    const host = new RecordingHostDouble();
    const { actions } = parse([{ function: 'keyboard_input', args: { keys: 'x', control_focus: false } }, { function: 'save_as', args: {} }]);
    await expect(executeActions(env(adapter, host), actions)).rejects.toMatchObject({ code: 'TARGET_NOT_FOUND' });
    expect(adapter.inputs).toHaveLength(0);
  });
});
