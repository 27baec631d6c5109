import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LambError } from '../../lib/model/errors.js';
import { EXCEL_FUNCTIONS } from '../../lib/office/excel/index.js';
import type { OfficeFunctionSpec, OfficeOutcome, OpenDocument } from '../../lib/office/office-function.js';
import { OfficeSession } from '../../lib/office/office-session.js';

/*
 * The Excel functions on real LibreOffice Calc, headless, through the bridge's own soffice (one per file).
 * Workbooks are made by openpyxl (someone else's .xlsx, not ours); each function acts and is verified by
 * reading back through UNO; saved files are read independently with openpyxl (Debian's /usr/bin/python3):
 * the formula as stored, and the cached value LibreOffice writes beside it; bad input leaves every cell
 * (formula and value) and the modified flag as they were.
 */

const PY = '/usr/bin/python3';
const fn = (name: string) => EXCEL_FUNCTIONS.find((f) => f.name === name) as OfficeFunctionSpec<unknown>;
async function run(doc: OpenDocument, name: string, input: unknown): Promise<OfficeOutcome> {
  const spec = fn(name);
  const parsed = spec.schema.safeParse(input);
  if (!parsed.success) throw new LambError('INVALID_ARGUMENT', JSON.stringify(parsed.error.issues));
  return spec.run(doc, parsed.data);
}
function verified(o: OfficeOutcome): OfficeOutcome {
  const bad = o.checks.filter((c) => !c.ok);
  expect(bad, JSON.stringify(bad)).toEqual([]);
  expect(o.checks.length).toBeGreaterThan(0);
  return o;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const SALES = [1200.5, 980, 1105.25, 1320, 1010, 1500.75, 1610, 1555, 1490.5, 1700.25, 1805.5, 2100];

/** openpyxl writes the workbook: sheet "Sales" with (Month, Sales) for a year, a second sheet "Notes". */
function makeSalesXlsx(file: string): void {
  execFileSync(PY, ['-c', `
import sys, json, openpyxl
wb = openpyxl.Workbook()
ws = wb.active
ws.title = 'Sales'
ws.append(['Month', 'Sales'])
for m, s in zip(json.loads(sys.argv[2]), json.loads(sys.argv[3])):
    ws.append([m, s])
wb.create_sheet('Notes')['A1'] = 'checked'
wb.save(sys.argv[1])
`, file, JSON.stringify(MONTHS), JSON.stringify(SALES)]);
}

/** openpyxl reads a cell back: its stored formula (data_only=False) and the cached value (data_only=True). */
function readXlsxCell(file: string, sheet: string, ref: string): { formula: unknown; cached: unknown } {
  const out = execFileSync(PY, ['-c', `
import sys, json, openpyxl
f = openpyxl.load_workbook(sys.argv[1])[sys.argv[2]][sys.argv[3]].value
v = openpyxl.load_workbook(sys.argv[1], data_only=True)[sys.argv[2]][sys.argv[3]].value
print(json.dumps({'formula': f, 'cached': v}))
`, file, sheet, ref], { encoding: 'utf8' });
  return JSON.parse(out);
}
function readXlsxRows(file: string, sheet: string): unknown[][] {
  const out = execFileSync(PY, ['-c', `
import sys, json, openpyxl
ws = openpyxl.load_workbook(sys.argv[1], data_only=True)[sys.argv[2]]
print(json.dumps([list(r) for r in ws.iter_rows(values_only=True)], default=str))
`, file, sheet], { encoding: 'utf8' });
  return JSON.parse(out);
}

/** Every used cell's formula of every sheet, and the modified flag: what a refusal must leave alone. */
async function state(doc: OpenDocument): Promise<string> {
  const b = doc.connection.batch();
  const sheets = b.call(doc.document, 'getSheets');
  const names = b.call({ $ref: sheets }, 'getElementNames');
  const out = await b.run();
  const all: unknown[] = [];
  for (const [i] of (out[names] as string[]).entries()) {
    const s = doc.connection.wrap(await doc.connection.one({ op: 'call', target: { $handle: (out[sheets] as { $handle: number }).$handle }, name: 'getByIndex', args: [i] }), 'sheet');
    const range = await s.obj('getCellRangeByPosition', 0, 0, 9, 29);
    all.push(await range.call('getFormulaArray'), await range.call('getDataArray'));
  }
  return JSON.stringify({ all, modified: await doc.document.call('isModified') });
}
async function refused(doc: OpenDocument, name: string, input: unknown, code: string, message: RegExp): Promise<void> {
  await doc.document.call('setModified', false);
  const before = await state(doc);
  const e = await run(doc, name, input).then(() => undefined, (x: unknown) => x);
  expect(e).toBeInstanceOf(LambError);
  expect((e as LambError).code, (e as Error).message).toBe(code);
  expect((e as LambError).message).toMatch(message);
  expect(await state(doc)).toBe(before);
}

let session: OfficeSession;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lamb-excel-uno-'));
  session = await OfficeSession.start({ suite: 'uno' });
}, 120_000);
afterAll(async () => {
  await session?.dispose();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function open(name: string): Promise<{ doc: OpenDocument; file: string }> {
  const file = join(dir, `${name}.xlsx`);
  makeSalesXlsx(file);
  return { doc: await session.open('excel', { file }), file };
}

describe('the seed task by API: "Calculate the average sales for the last quarter"', () => {
  it('set_cell_value =AVERAGE(B11:B13), verified by formula and computed value, saved in place, read back by openpyxl', async () => {
    const { doc, file } = await open('seed');
    const mean = (SALES[9]! + SALES[10]! + SALES[11]!) / 3;
    const o = verified(await run(doc, 'set_cell_value', { sheet_name: 'Sales', cell_reference: 'D2', formula: '=AVERAGE(B11:B13)' }));
    expect(o.result).toMatchObject({ cell: 'Sales!D2', formula: '=AVERAGE(B11:B13)' });
    expect((o.result as { value: number }).value).toBeCloseTo(mean, 10);
    await session.save(doc);
    await session.close(doc);
    const cell = readXlsxCell(file, 'Sales', 'D2');
    expect(cell.formula).toBe('=AVERAGE(B11:B13)');
    expect(cell.cached as number).toBeCloseTo(mean, 10);
    // The data around it is as openpyxl wrote it.
    expect(readXlsxRows(file, 'Sales').slice(0, 3).map((r) => r.slice(0, 2))).toEqual([['Month', 'Sales'], ['Jan', 1200.5], ['Feb', 980]]);
  });
});

describe('excel functions on LibreOffice Calc', () => {
  let doc: OpenDocument;
  let file: string;
  beforeAll(async () => {
    ({ doc, file } = await open('functions'));
  });

  it('table2markdown keeps the real decimals, drops nothing, by name and by 1-based index', async () => {
    const o = verified(await run(doc, 'table2markdown', { sheet_name: 'Sales' }));
    const lines = String(o.result).split('\n');
    expect(lines[0]).toBe('| Month | Sales |');
    expect(lines[1]).toBe('| --- | --- |');
    expect(lines[2]).toBe('| Jan | 1200.5 |');
    expect(lines[4]).toBe('| Mar | 1105.25 |');
    expect(lines).toHaveLength(14);
    expect((await run(doc, 'table2markdown', { sheet_name: 2 })).result).toBe('| checked |\n| --- |');
  });

  it('get_range_values to the last used row and column (-1)', async () => {
    const o = verified(await run(doc, 'get_range_values', { sheet_name: 'Sales', start_row: 11, start_col: 1 }));
    expect(o.result).toEqual([['Oct', 1700.25], ['Nov', 1805.5], ['Dec', 2100]]);
  });

  it('insert_excel_table writes text, numbers (also as numeric text) and formulas, read back', async () => {
    const o = verified(await run(doc, 'insert_excel_table', { sheet_name: 'Notes', table: [['Item', 'Qty', 'Twice'], ['pen', '12', '=C3*2'], ['ink', 3.5, '=C4*2']], start_row: 2, start_col: 'B' }));
    expect(o.result).toHaveLength(3);
    const back = await run(doc, 'get_range_values', { sheet_name: 'Notes', start_row: 2, start_col: 2, end_row: 4, end_col: 4 });
    expect(back.result).toEqual([['Item', 'Qty', 'Twice'], ['pen', 12, 24], ['ink', 3.5, 7]]);
  });

  it('select_table_range selects in the view, read back from the controller', async () => {
    const o = verified(await run(doc, 'select_table_range', { sheet_name: 'Sales', start_row: 2, start_col: 1, end_row: -1, end_col: -1 }));
    expect(o.result).toMatch(/A2:B13/);
  });

  it('auto_fill continues a series (fillAuto)', async () => {
    await run(doc, 'insert_excel_table', { sheet_name: 'Notes', table: [[10], [20]], start_row: 10, start_col: 1 });
    const o = verified(await run(doc, 'auto_fill', { sheet_name: 'Notes', source_range: 'A10:A11', destination_range: 'A10:A14' }));
    expect((o.result as { values: unknown[][] }).values.map((r) => r[0])).toEqual([10, 20, 30, 40, 50]);
  });

  it('reorder_columns moves whole columns by header (insertByIndex + moveRange + removeByIndex)', async () => {
    await run(doc, 'insert_excel_table', { sheet_name: 'Sales', table: [['Region', 'Units'], ['North', 5], ['South', 7]], start_row: 1, start_col: 3 });
    const o = verified(await run(doc, 'reorder_columns', { sheet_name: 'Sales', desired_order: ['Units', 'Month'] }));
    expect(o.result).toMatch(/Units.*Month.*Sales.*Region/);
    const head = await run(doc, 'get_range_values', { sheet_name: 'Sales', start_row: 1, start_col: 1, end_row: 3 });
    expect(head.result).toEqual([['Units', 'Month', 'Sales', 'Region'], [5, 'Jan', 1200.5, 'North'], [7, 'Feb', 980, 'South']]);
  });

  it('save_as .xlsx and .csv beside the workbook, .pdf in a folder inside it; read back independently', async () => {
    const x = verified(await run(doc, 'save_as', { file_dir: '', file_name: 'copy', file_ext: '.xlsx' }));
    expect(x.result).toBe(`Document is saved to ${join(dir, 'copy.xlsx')}.`);
    expect(readXlsxRows(join(dir, 'copy.xlsx'), 'Sales')[0]).toEqual(['Units', 'Month', 'Sales', 'Region']);
    verified(await run(doc, 'save_as', { file_name: 'copy' }));
    expect(readFileSync(join(dir, 'copy.csv'), 'utf8').split(/\r?\n/)[1]).toBe('5,Jan,1200.5,North');
    mkdirSync(join(dir, 'out'));
    verified(await run(doc, 'save_as', { file_dir: 'out', file_name: 'report', file_ext: 'pdf' }));
    expect(readFileSync(join(dir, 'out', 'report.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
    void file;
  });
});

describe('bad input leaves the workbook untouched', () => {
  let doc: OpenDocument;
  beforeAll(async () => {
    ({ doc } = await open('refusals'));
  });

  it('a missing sheet names the sheets', async () => {
    await refused(doc, 'set_cell_value', { sheet_name: 'Data', cell_reference: 'A1', value: 1 }, 'TARGET_NOT_FOUND', /"Data".*1 "Sales", 2 "Notes"/);
    await refused(doc, 'table2markdown', { sheet_name: 3 }, 'TARGET_NOT_FOUND', /2 sheets/);
  });

  it("a cell outside Calc's own grid (its getColumns().getCount())", async () => {
    const cols = Number(await (await (await (await doc.document.obj('getSheets')).obj('getByIndex', 0)).obj('getColumns')).call('getCount'));
    expect(cols).toBeGreaterThanOrEqual(1024);
    await refused(doc, 'insert_excel_table', { sheet_name: 'Sales', table: [[1, 2]], start_row: 1, start_col: cols }, 'INVALID_ARGUMENT', new RegExp(`${cols} columns`));
  });

  it('a formula Calc rejects (Err:5xx, #NAME?) is refused with its error, the cell put back', async () => {
    await refused(doc, 'set_cell_value', { sheet_name: 'Sales', cell_reference: 'B2', formula: '=SUM(B3:B4))' }, 'INVALID_ARGUMENT', /Err:508/);
    await refused(doc, 'set_cell_value', { sheet_name: 'Sales', cell_reference: 'B2', formula: '=NOSUCHFUNCTION(B3:B4)' }, 'INVALID_ARGUMENT', /#NAME\?/);
  });

  it('a header that is not in row 1, naming the headers', async () => {
    await refused(doc, 'reorder_columns', { sheet_name: 'Sales', desired_order: ['Sales', 'Profit'] }, 'INVALID_ARGUMENT', /"Profit".*"Month", "Sales"/);
  });

  it('a save_as folder outside the workbook\'s, and a format Calc cannot write', async () => {
    await refused(doc, 'save_as', { file_dir: '..', file_name: 'x', file_ext: '.xlsx' }, 'INVALID_ARGUMENT', /outside the workbook's folder/);
    await refused(doc, 'save_as', { file_name: 'x', file_ext: '.xlsb' }, 'INVALID_ARGUMENT', /cannot write \.xlsb/);
  });
});
