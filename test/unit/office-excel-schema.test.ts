import { describe, expect, it } from 'vitest';
import {
  AutoFillArgs,
  columnLetters,
  columnNumber,
  ExcelSaveAsArgs,
  GetRangeValuesArgs,
  InsertExcelTableArgs,
  parseCellReference,
  ReorderColumnsArgs,
  SelectTableRangeArgs,
  SetCellValueArgs,
  Table2MarkdownArgs,
} from '../../lib/model/office-excel.js';
import { EXCEL_FUNCTIONS } from '../../lib/office/excel/index.js';

/* The Excel functions' argument schemas: UFO's defaults, the lenient coercions, and what they refuse. */

function issues(schema: { safeParse(x: unknown): { success: boolean; error?: { issues: { message: string }[] } } }, input: unknown): string {
  const r = schema.safeParse(input);
  expect(r.success, `accepted ${JSON.stringify(input)}`).toBe(false);
  return (r.error?.issues ?? []).map((i) => i.message).join('; ');
}

describe('excel argument schemas', () => {
  it('lists every function once, with UFO names and the bridge\'s own', () => {
    expect(EXCEL_FUNCTIONS.map((f) => f.name)).toEqual([
      'table2markdown', 'insert_excel_table', 'select_table_range', 'get_range_values', 'reorder_columns', 'save_as', 'set_cell_value', 'auto_fill',
    ]);
  });

  it("fills UFO's defaults: sheet 1, row/col 1, get_range_values' ends -1, select's ends 1, save_as .csv", () => {
    expect(Table2MarkdownArgs.parse({})).toEqual({ sheet_name: 1 });
    expect(GetRangeValuesArgs.parse({})).toEqual({ sheet_name: 1, start_row: 1, start_col: 1, end_row: -1, end_col: -1 });
    expect(SelectTableRangeArgs.parse({ sheet_name: 'Data' })).toEqual({ sheet_name: 'Data', start_row: 1, start_col: 1, end_row: 1, end_col: 1 });
    expect(ExcelSaveAsArgs.parse({})).toEqual({ file_dir: '', file_name: '', file_ext: '.csv' });
    expect(ExcelSaveAsArgs.parse({ file_ext: '' })).toEqual({ file_dir: '', file_name: '', file_ext: '.csv' });
  });

  it('coerces what models send: numeric strings, column letters, null for absent, extensions without a dot', () => {
    expect(GetRangeValuesArgs.parse({ sheet_name: 2, start_row: '3', start_col: 'c', end_row: null, end_col: 'AA' })).toEqual({ sheet_name: 2, start_row: 3, start_col: 3, end_row: -1, end_col: 27 });
    expect(ExcelSaveAsArgs.parse({ file_ext: 'XLSX', file_dir: null })).toEqual({ file_dir: '', file_name: '', file_ext: '.xlsx' });
    expect(SetCellValueArgs.parse({ cell_reference: '$b$7', value: null, formula: ' =SUM(A1:A3) ' })).toEqual({ sheet_name: 1, cell_reference: 'B7', formula: '=SUM(A1:A3)' });
    // A numeric string sheet_name stays a name (UFO passes it to Sheets(...) as a string).
    expect(Table2MarkdownArgs.parse({ sheet_name: '2024' })).toEqual({ sheet_name: '2024' });
  });

  it('is a fixed point: parsing a parsed value changes nothing', () => {
    const once = InsertExcelTableArgs.parse({ table: [['a', 1, true, null]], start_col: 'B', start_row: '4' });
    expect(InsertExcelTableArgs.parse(once)).toEqual(once);
    const fill = AutoFillArgs.parse({ source_range: 'a1:a2', destination_range: 'A1:A10' });
    expect(AutoFillArgs.parse(fill)).toEqual(fill);
  });

  it('refuses unknown keys, start after end, rows and columns off the grid, malformed references', () => {
    expect(SelectTableRangeArgs.safeParse({ sheet: 'x' }).success).toBe(false);
    expect(issues(GetRangeValuesArgs, { start_row: 5, end_row: 2 })).toMatch(/end_row >= start_row \(5\)/);
    expect(issues(SelectTableRangeArgs, { start_col: 4, end_col: 'B' })).toMatch(/end_col >= start_col \(4\)/);
    expect(issues(GetRangeValuesArgs, { start_row: 0 })).toMatch(/1-based row/);
    expect(issues(GetRangeValuesArgs, { start_row: 1_048_577 })).toMatch(/1048576/);
    expect(issues(InsertExcelTableArgs, { table: [[1]], start_col: 16_385 })).toMatch(/16384/);
    expect(issues(InsertExcelTableArgs, { table: [[1]], start_col: 'XFE' })).toMatch(/16384/);
    expect(issues(InsertExcelTableArgs, { table: [[1]], start_row: -1 })).toMatch(/1-based row/);
    expect(issues(SetCellValueArgs, { cell_reference: 'A0', value: 1 })).toMatch(/cell reference/);
    expect(issues(SetCellValueArgs, { cell_reference: '1A', value: 1 })).toMatch(/cell reference/);
    expect(issues(SetCellValueArgs, { cell_reference: 'XFE1', value: 1 })).toMatch(/cell reference/);
    expect(issues(SetCellValueArgs, { cell_reference: 'A1048577', value: 1 })).toMatch(/cell reference/);
  });

  it('set_cell_value takes exactly one of value and formula; a formula starts with "="', () => {
    expect(issues(SetCellValueArgs, { cell_reference: 'A1' })).toMatch(/got neither/);
    expect(issues(SetCellValueArgs, { cell_reference: 'A1', value: 1, formula: '=1' })).toMatch(/got both/);
    expect(issues(SetCellValueArgs, { cell_reference: 'A1', formula: 'SUM(A1:A2)' })).toMatch(/starting with "="/);
    expect(issues(SetCellValueArgs, { cell_reference: 'A1', value: Number.NaN })).toMatch(/cell value/);
    expect(SetCellValueArgs.parse({ cell_reference: 'a1', value: '' })).toEqual({ sheet_name: 1, cell_reference: 'A1', value: '' });
  });

  it('refuses empty tables, empty or repeated orders, unknown extensions, a fill that does not extend its source', () => {
    expect(issues(InsertExcelTableArgs, { table: [] })).toMatch(/at least one row/);
    expect(issues(InsertExcelTableArgs, { table: [[]] })).toMatch(/at least one cell/);
    expect(issues(InsertExcelTableArgs, { table: [[{ a: 1 }]] })).toMatch(/cell value/);
    expect(issues(ReorderColumnsArgs, { desired_order: [] })).toMatch(/at least one/);
    expect(issues(ReorderColumnsArgs, { desired_order: ['a', 'a'] })).toMatch(/repeated/);
    expect(issues(ExcelSaveAsArgs, { file_ext: '.docx' })).toMatch(/\.xlsx/);
    expect(issues(AutoFillArgs, { source_range: 'A1:A2', destination_range: 'B1:B5' })).toMatch(/contain source_range/);
    expect(issues(AutoFillArgs, { source_range: 'A1:A2', destination_range: 'A1:A2' })).toMatch(/extend it/);
    expect(issues(AutoFillArgs, { source_range: 'A1:A2', destination_range: 'A1:C5' })).toMatch(/one direction/);
    expect(AutoFillArgs.safeParse({ source_range: 'B5:B6', destination_range: 'B1:B6' }).success).toBe(true);
    expect(issues(AutoFillArgs, { source_range: 'A1:', destination_range: 'A1:A3' })).toMatch(/a range such as/);
  });

  it('converts columns and references as Excel numbers them', () => {
    expect([columnNumber('A'), columnNumber('z'), columnNumber('AA'), columnNumber('XFD')]).toEqual([1, 26, 27, 16_384]);
    expect([columnLetters(1), columnLetters(26), columnLetters(27), columnLetters(16_384)]).toEqual(['A', 'Z', 'AA', 'XFD']);
    expect(parseCellReference('$AB$12')).toEqual({ row: 12, column: 28 });
    expect(parseCellReference('A1B')).toBeUndefined();
  });
});
