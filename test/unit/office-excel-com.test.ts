import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { LambError } from '../../lib/model/errors.js';
import { EXCEL_FUNCTIONS } from '../../lib/office/excel/index.js';
import type { OfficeOutcome, OpenDocument } from '../../lib/office/office-function.js';
import { OfficeSession } from '../../lib/office/office-session.js';
import { ComDoubleTransport } from '../helpers/com-object-double.js';
import { ExcelApplicationDouble, type WorkbookDouble, type WorksheetDouble } from '../helpers/office-doubles/excel-double.js';

/*
 * The Excel functions' COM implementation (lib/office/excel/excel-com.ts) against the Excel.Application double
 * (no Excel runs here), through the real OfficeSession and object bridge: each function acts, its checks read
 * back what it promised, and bad input is refused with a stable code before the double changes.
 */

const dir = mkdtempSync(join(tmpdir(), 'lamb-excel-com-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let app: ExcelApplicationDouble;
let transport: ComDoubleTransport;
let doc: OpenDocument;
let book: WorkbookDouble;
let sheet1: WorksheetDouble;

beforeEach(async () => {
  app = new ExcelApplicationDouble();
  transport = new ComDoubleTransport({ 'Excel.Application': app as unknown as Record<string, unknown> });
  const session = await OfficeSession.start({ suite: 'com', transport, timeoutMs: 5000 });
  doc = await session.open('excel');
  book = app.workbooks[0]!;
  sheet1 = book.sheets[0]!;
});

async function run(name: string, input: unknown): Promise<OfficeOutcome> {
  const spec = EXCEL_FUNCTIONS.find((f) => f.name === name)!;
  const parsed = spec.schema.safeParse(input);
  if (!parsed.success) throw new Error(`schema refused ${JSON.stringify(input)}: ${JSON.stringify(parsed.error.issues)}`);
  return spec.run(doc, parsed.data);
}

function expectVerified(o: OfficeOutcome): void {
  expect(o.checks.length).toBeGreaterThan(0);
  expect(o.checks.filter((c) => !c.ok), JSON.stringify(o.checks)).toEqual([]);
}

async function expectRefused(name: string, input: unknown, code: string, message: RegExp): Promise<void> {
  const before = JSON.stringify(book.sheets.map((s) => s.dump()));
  const e = await run(name, input).then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(LambError);
  expect((e as LambError).code).toBe(code);
  expect((e as LambError).message).toMatch(message);
  expect(JSON.stringify(book.sheets.map((s) => s.dump()))).toBe(before);
}

const SALES = [
  ['Month', 'Sales'],
  ['Jan', 120], ['Feb', 95.5], ['Mar', 130], ['Apr', 101], ['May', 99], ['Jun', 150],
  ['Jul', 160], ['Aug', 155], ['Sep', 149.25], ['Oct', 170], ['Nov', 180.5], ['Dec', 210],
];

describe('excel functions on Excel COM (double)', () => {
  it('insert_excel_table writes rows from (start_row, start_col) as typed, and reads them back', async () => {
    const o = await run('insert_excel_table', { sheet_name: 'Sheet1', table: [['Name', 'Qty'], ['pen', '12'], ['ink', 3.5, '=C4*2']], start_row: 2, start_col: 'B' });
    expectVerified(o);
    expect(o.result).toEqual([['Name', 'Qty'], ['pen', '12'], ['ink', 3.5, '=C4*2']]);
    expect(sheet1.cell(2, 2)?.value).toBe('Name');
    expect(sheet1.cell(3, 3)?.value).toBe(12); // "12" typed into Value is a number
    expect(sheet1.cell(4, 4)).toEqual({ formula: '=C4*2', value: 7 });
    expect(transport.log).toContain('set Value');
  });

  it('the seed task: =AVERAGE over the last quarter, verified by formula and computed value', async () => {
    await run('insert_excel_table', { sheet_name: 1, table: SALES, start_row: 1, start_col: 1 });
    const o = await run('set_cell_value', { sheet_name: 'Sheet1', cell_reference: 'D2', formula: '=AVERAGE(B11:B13)' });
    expectVerified(o);
    const mean = (170 + 180.5 + 210) / 3;
    expect(o.result).toMatchObject({ cell: 'Sheet1!D2', formula: '=AVERAGE(B11:B13)' });
    expect((o.result as { value: number }).value).toBeCloseTo(mean, 12);
    expect(sheet1.cell(2, 4)?.formula).toBe('=AVERAGE(B11:B13)');
  });

  it('set_cell_value refuses a formula Excel rejects (syntax) or cannot name (#NAME?), the cell put back', async () => {
    await run('set_cell_value', { sheet_name: 'Sheet1', cell_reference: 'A1', value: 'keep me' });
    book.Saved = true;
    await expectRefused('set_cell_value', { sheet_name: 'Sheet1', cell_reference: 'A1', formula: '=SUM(B1:B3' }, 'INVALID_ARGUMENT', /0x800A03EC|formula/);
    await expectRefused('set_cell_value', { sheet_name: 'Sheet1', cell_reference: 'A1', formula: '=NOSUCHFN(B1:B3)' }, 'INVALID_ARGUMENT', /#NAME\?|name/);
    expect(sheet1.cell(1, 1)?.value).toBe('keep me');
    expect(book.Saved).toBe(true);
  });

  it('set_cell_value keeps a valid formula whose result is an error, with a warning', async () => {
    const o = await run('set_cell_value', { cell_reference: 'C1', formula: '=1/0' });
    expect(o.warning).toMatch(/#DIV\/0!/);
    expect(sheet1.cell(1, 3)?.formula).toBe('=1/0');
  });

  it('table2markdown keeps decimals (UFO rounds them away), shows dates as the sheet does, drops empty rows', async () => {
    await run('insert_excel_table', { table: [['Item', 'Price', 'When'], ['tea', 3.75, null], [null, null, null], ['cake', 0.1, null]] });
    sheet1.setDate(2, 3, 45296); // 2024-01-05
    const o = await run('table2markdown', { sheet_name: 'Sheet1' });
    expectVerified(o);
    expect(o.result).toBe(['| Item | Price | When |', '| --- | --- | --- |', '| tea | 3.75 | 1/5/2024 |', '| cake | 0.1 |  |'].join('\n'));
  });

  it('get_range_values reads to the last used row/column with -1, always 2-D', async () => {
    await run('insert_excel_table', { table: SALES });
    const o = await run('get_range_values', { sheet_name: 'Sheet1', start_row: 11, start_col: 1 });
    expectVerified(o);
    expect(o.result).toEqual([['Oct', 170], ['Nov', 180.5], ['Dec', 210]]);
    const one = await run('get_range_values', { start_row: 2, start_col: 2, end_row: 2, end_col: 2 });
    expect(one.result).toEqual([[120]]);
  });

  it('select_table_range activates the sheet and selects the block, read back from Application.Selection', async () => {
    await doc.connection.run([{ op: 'call', target: (await (await doc.document.prop('Worksheets')).prop('Item', 1)).ref, name: 'Activate', args: [] }]);
    book.Worksheets.Add();
    await run('insert_excel_table', { sheet_name: 2, table: [[1, 2], [3, 4]] });
    const o = await run('select_table_range', { sheet_name: 'Sheet2', start_row: 1, start_col: 1, end_row: -1, end_col: -1 });
    expectVerified(o);
    expect(app.Selection?.Address).toBe('$A$1:$B$2');
    expect(book.ActiveSheet.Name).toBe('Sheet2');
  });

  it('reorder_columns moves whole columns by header; columns left out follow; empty-header columns stay', async () => {
    await run('insert_excel_table', { table: [['A', 'B', null, 'C', 'D'], [1, 2, 'x', 3, 4], [5, 6, 'y', 7, 8]] });
    const o = await run('reorder_columns', { sheet_name: 'Sheet1', desired_order: ['D', 'B'] });
    expectVerified(o);
    const rows = await run('get_range_values', { start_row: 1, start_col: 1 });
    expect(rows.result).toEqual([['D', 'B', null, 'A', 'C'], [4, 2, 'x', 1, 3], [8, 6, 'y', 5, 7]]);
    expect(transport.log).toContain('call Cut');
    expect(transport.log).toContain('call Insert');
  });

  it('reorder_columns refuses a header that is not in row 1, naming the headers, and moves nothing', async () => {
    await run('insert_excel_table', { table: [['A', 'B'], [1, 2]] });
    await expectRefused('reorder_columns', { desired_order: ['B', 'Z'] }, 'INVALID_ARGUMENT', /"Z".*"A", "B"/);
  });

  it('auto_fill continues a step series down, verified cell by cell', async () => {
    await run('insert_excel_table', { table: [[10], [20]] });
    const o = await run('auto_fill', { source_range: 'A1:A2', destination_range: 'A1:A6' });
    expectVerified(o);
    expect([3, 4, 5, 6].map((r) => sheet1.cell(r, 1)?.value)).toEqual([30, 40, 50, 60]);
  });

  it('save_as: a never-saved workbook needs an absolute folder; a relative file_dir stays in its folder; an absolute one is taken, system folders never', async () => {
    await run('insert_excel_table', { table: [['Month', 'Sales'], ['Jan', 1]] });
    await expectRefused('save_as', { file_dir: '', file_name: 'x', file_ext: '.xlsx' }, 'INVALID_ARGUMENT', /never saved.*absolute/);
    const first = await run('save_as', { file_dir: dir, file_name: 'sales', file_ext: '.xlsx' });
    expectVerified(first);
    expect(book.saves.at(-1)).toEqual({ path: join(dir, 'sales.xlsx'), format: 51 });
    const csv = await run('save_as', {});
    expectVerified(csv);
    expect(readFileSync(join(dir, 'sales.csv'), 'utf8')).toBe('Month,Sales\r\nJan,1\r\n');
    mkdirSync(join(dir, 'out'), { recursive: true });
    expectVerified(await run('save_as', { file_dir: 'out', file_ext: 'pdf' }));
    expect(readFileSync(join(dir, 'out', 'sales.pdf')).subarray(0, 4).toString()).toBe('%PDF');
    await expectRefused('save_as', { file_dir: '..', file_name: 'escape', file_ext: '.xlsx' }, 'INVALID_ARGUMENT', /outside the workbook's folder/);
    await expectRefused('save_as', { file_dir: `${dir}/../x`, file_name: 'escape', file_ext: '.xlsx' }, 'INVALID_ARGUMENT', /".."/);
    await expectRefused('save_as', { file_dir: '/etc', file_name: 'escape', file_ext: '.xlsx' }, 'INVALID_ARGUMENT', /system folder/);
    await expectRefused('save_as', { file_name: '../escape' }, 'INVALID_ARGUMENT', /path separator/);
    // An absolute folder is taken as given (and, as Excel's SaveAs does, the workbook now lives there).
    const other = mkdtempSync(join(tmpdir(), 'lamb-excel-com-abs-'));
    expectVerified(await run('save_as', { file_dir: other, file_ext: '.xls' }));
    expect([...readFileSync(join(other, 'sales.xls')).subarray(0, 4)]).toEqual([0xd0, 0xcf, 0x11, 0xe0]);
    rmSync(other, { recursive: true, force: true });
    expect(existsSync(join(dir, '..', 'escape.xlsx'))).toBe(false);
  });

  it('refuses a missing sheet naming the sheets, and a cell outside the grid, before writing', async () => {
    await expectRefused('set_cell_value', { sheet_name: 'Data', cell_reference: 'A1', value: 1 }, 'TARGET_NOT_FOUND', /"Data".*1 "Sheet1"/);
    await expectRefused('set_cell_value', { sheet_name: 3, cell_reference: 'A1', value: 1 }, 'TARGET_NOT_FOUND', /1 sheet/);
    await expectRefused('insert_excel_table', { table: [[1, 2, 3]], start_row: 1, start_col: 16_383 }, 'INVALID_ARGUMENT', /16384 columns/);
    await expectRefused('get_range_values', { start_row: 1, start_col: 1, end_row: 1_048_576, end_col: 1000 }, 'INVALID_ARGUMENT', /smaller range/);
  });
});
