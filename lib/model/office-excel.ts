import type { z } from 'zod';
import { lazy, zod } from './lazy-schema.js';
import { args, boundedString, got, nullToUndefined, numericStringToNumber } from './lenient.js';

/*
 * The arguments of the Excel functions (docs/OFFICE.md), carried out by Calc through UNO and by Excel through COM.
 * Names, arguments and defaults are UFO's (ufo/automator/app_apis/excel/excelclient.py and the commands that
 * call it: a missing sheet_name, start_row or start_col is 1; get_range_values' end_row / end_col are -1,
 * select_table_range's 1), lenient the way the UI actions are (numbers as numeric strings, null for absent), and
 * strict about the rest: unknown keys are refused naming the allowed ones, and rows, columns and cell references
 * are bounded by Excel's grid (the document's own grid is checked again when the function runs).
 *
 * Where this differs from UFO, on purpose:
 *   - a sheet that does not exist is refused (TARGET_NOT_FOUND naming the sheets) instead of UFO's silent
 *     fallback to the first sheet, which acts on data the model did not name;
 *   - reorder_columns refuses a header that is not in row 1 and keeps the columns the order does not name (after
 *     the named ones) instead of skipping the name and deleting those columns;
 *   - -1 as end_row / end_col means the last used row / column for both select_table_range and
 *     get_range_values (UFO's docstring; its code selects to the sheet's last row, a million empty cells).
 * set_cell_value and auto_fill are the bridge's own: older UFO versions had set_cell_value(sheet_name,
 * cell_reference, value, formula); auto_fill is Excel's Range.AutoFill (UNO XCellSeries.fillAuto).
 */

/** Excel's grid (Excel 2007+; LibreOffice 7.4 has the same 1,048,576 rows and 16,384 columns by default). */
export const EXCEL_LIMITS = {
  rows: 1_048_576,
  columns: 16_384,
  /** A sheet name in Excel is at most 31 characters; Calc allows longer ones, so allow ample room. */
  sheetNameLength: 1024,
  /** Cells one insert_excel_table may write (far above a model's tables, far below what would stall a suite). */
  tableCells: 100_000,
  /** A cell's text or formula (Excel's cell limit is 32,767 characters). */
  cellText: 32_767,
  /** A path component of save_as. */
  pathLength: 4096,
} as const;

/** The formats save_as writes: UFO's table (extension -> Excel's XlFileFormat), plus .ods, Calc's own. */
export const EXCEL_SAVE_FORMATS = {
  '.xlsx': 51,
  '.xlsm': 52,
  '.xlsb': 50,
  '.xls': 56,
  '.xltx': 54,
  '.xltm': 53,
  '.csv': 6,
  '.txt': 42,
  '.pdf': 57,
  '.xps': 58,
  '.xml': 46,
  '.html': 44,
  '.htm': 44,
  '.prn': 36,
  '.ods': 60,
} as const;
export type ExcelSaveExtension = keyof typeof EXCEL_SAVE_FORMATS;

/** "A" -> 1, "AB" -> 28 (UFO's letters_to_number); undefined for anything else. */
export function columnNumber(letters: string): number | undefined {
  if (!/^[A-Za-z]{1,3}$/.test(letters)) return undefined;
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/** 1 -> "A", 28 -> "AB". */
export function columnLetters(column: number): string {
  let s = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** A cell reference "B7" / "$B$7" -> its 1-based row and column; undefined when malformed. */
export function parseCellReference(ref: string): { row: number; column: number } | undefined {
  const m = /^\$?([A-Za-z]{1,3})\$?([1-9]\d{0,6})$/.exec(ref.trim());
  if (!m) return undefined;
  const column = columnNumber(m[1] as string) as number;
  const row = Number(m[2]);
  return { row, column };
}

/** A range "A1:B5" (or one cell "A1") -> its corners, top-left first; undefined when malformed. */
export function parseRangeReference(ref: string): { startRow: number; startColumn: number; endRow: number; endColumn: number } | undefined {
  const parts = ref.split(':');
  if (parts.length > 2) return undefined;
  const a = parseCellReference(parts[0] as string);
  const b = parseCellReference((parts[1] ?? parts[0]) as string);
  if (!a || !b) return undefined;
  return {
    startRow: Math.min(a.row, b.row),
    startColumn: Math.min(a.column, b.column),
    endRow: Math.max(a.row, b.row),
    endColumn: Math.max(a.column, b.column),
  };
}

const sheetNameMessage = (iss: { input?: unknown }) => `expected a sheet name (a string) or a 1-based sheet index, ${got(iss)}`;

/** A sheet by name or by 1-based index (UFO passes either to Sheets(...)); a numeric string stays a name. */
function sheetName() {
  const z = zod();
  return z.preprocess(
    nullToUndefined,
    z
      .union([
        z.string({ error: sheetNameMessage }).min(1, { error: 'expected a sheet name, got an empty string' }).max(EXCEL_LIMITS.sheetNameLength),
        z.number({ error: sheetNameMessage }).int({ error: sheetNameMessage }).min(1, { error: sheetNameMessage }).max(100_000, { error: sheetNameMessage }),
      ], { error: sheetNameMessage })
      .default(1),
  );
}

/** A 1-based row: an integer, or a numeric string. */
function row(opts: { allowLast: boolean; fallback: number }) {
  const z = zod();
  const what = opts.allowLast ? 'a 1-based row number or -1 (the last used row)' : 'a 1-based row number';
  const message = (iss: { input?: unknown }) => `expected ${what} up to ${EXCEL_LIMITS.rows}, ${got(iss)}`;
  return z.preprocess(
    (v) => numericStringToNumber(nullToUndefined(v)),
    z
      .number({ error: message })
      .int({ error: message })
      .max(EXCEL_LIMITS.rows, { error: message })
      .refine((n) => n >= 1 || (opts.allowLast && n === -1), { error: message })
      .default(opts.fallback),
  );
}

/** A 1-based column: an integer, a numeric string, or letters ("C" = 3, as UFO's letters_to_number). */
function column(opts: { allowLast: boolean; fallback: number }) {
  const z = zod();
  const what = opts.allowLast ? 'a 1-based column number, column letters or -1 (the last used column)' : 'a 1-based column number or column letters';
  const message = (iss: { input?: unknown }) => `expected ${what} up to ${EXCEL_LIMITS.columns} (XFD), ${got(iss)}`;
  return z.preprocess(
    (v) => {
      const u = nullToUndefined(v);
      if (typeof u === 'string' && /^\s*[A-Za-z]{1,3}\s*$/.test(u)) return columnNumber(u.trim());
      return numericStringToNumber(u);
    },
    z
      .number({ error: message })
      .int({ error: message })
      .max(EXCEL_LIMITS.columns, { error: message })
      .refine((n) => n >= 1 || (opts.allowLast && n === -1), { error: message })
      .default(opts.fallback),
  );
}

const cellValueMessage = (iss: { input?: unknown }) => `expected a cell value (a string, a finite number, true/false or null), ${got(iss)}`;

/** What a cell can be given: a string, a finite number, a boolean, or null (an empty cell). */
function cellValue() {
  const z = zod();
  return z.union(
    [
      z.string().max(EXCEL_LIMITS.cellText, { error: `expected a cell text of at most ${EXCEL_LIMITS.cellText} characters` }),
      z.number().refine(Number.isFinite, { error: cellValueMessage }),
      z.boolean(),
      z.null(),
    ],
    { error: cellValueMessage },
  );
}

function cellReference() {
  const z = zod();
  const message = (iss: { input?: unknown }) => `expected a cell reference such as "B7" (column letters A..XFD, then a row 1..${EXCEL_LIMITS.rows}), ${got(iss)}`;
  return z
    .string({ error: message })
    .max(32, { error: message })
    .refine((s) => {
      const c = parseCellReference(s);
      return c !== undefined && c.row <= EXCEL_LIMITS.rows && c.column <= EXCEL_LIMITS.columns;
    }, { error: message })
    .transform((s) => s.trim().replace(/\$/g, '').toUpperCase());
}

function rangeReference(what: string) {
  const z = zod();
  const message = (iss: { input?: unknown }) => `expected ${what}: a range such as "A1:A3" or one cell "A1", ${got(iss)}`;
  return z
    .string({ error: message })
    .max(64, { error: message })
    .refine((s) => {
      const r = parseRangeReference(s);
      return r !== undefined && r.endRow <= EXCEL_LIMITS.rows && r.endColumn <= EXCEL_LIMITS.columns;
    }, { error: message })
    .transform((s) => s.trim().replace(/\$/g, '').toUpperCase());
}

/** file_ext: UFO's extensions, with or without the dot, any case; "" is UFO's default, .csv. */
function fileExtension() {
  const z = zod();
  const allowed = Object.keys(EXCEL_SAVE_FORMATS).join(', ');
  const message = (iss: { input?: unknown }) => `expected a file extension, one of ${allowed}, ${got(iss)}`;
  return z.preprocess(
    (v) => {
      const u = nullToUndefined(v);
      if (typeof u !== 'string') return u;
      const s = u.trim().toLowerCase();
      if (s === '') return undefined;
      return s.startsWith('.') ? s : `.${s}`;
    },
    z
      .string({ error: message })
      .refine((s) => Object.prototype.hasOwnProperty.call(EXCEL_SAVE_FORMATS, s), { error: message })
      .transform((s) => s as ExcelSaveExtension)
      .default('.csv'),
  );
}

function optionalPathPart(what: string) {
  const z = zod();
  return z.preprocess(nullToUndefined, boundedString(EXCEL_LIMITS.pathLength, what).default(''));
}

const shapes = () => {
  const z = zod();
  return {
    table2markdown: { sheet_name: sheetName() },
    insert_excel_table: {
      sheet_name: sheetName(),
      table: z
        .array(z.array(cellValue(), { error: (iss) => `expected a table row (a list of cell values), ${got(iss)}` }), {
          error: (iss) => `expected a table: a list of rows, each a list of cell values, ${got(iss)}`,
        })
        .min(1, { error: 'expected a table with at least one row, got an empty list' })
        .refine((t) => t.some((r) => r.length > 0), { error: 'expected a table with at least one cell, got only empty rows' })
        .refine((t) => t.reduce((n, r) => n + r.length, 0) <= EXCEL_LIMITS.tableCells, {
          error: `expected a table of at most ${EXCEL_LIMITS.tableCells} cells`,
        }),
      start_row: row({ allowLast: false, fallback: 1 }),
      start_col: column({ allowLast: false, fallback: 1 }),
    },
    select_table_range: {
      sheet_name: sheetName(),
      start_row: row({ allowLast: false, fallback: 1 }),
      start_col: column({ allowLast: false, fallback: 1 }),
      end_row: row({ allowLast: true, fallback: 1 }),
      end_col: column({ allowLast: true, fallback: 1 }),
    },
    get_range_values: {
      sheet_name: sheetName(),
      start_row: row({ allowLast: false, fallback: 1 }),
      start_col: column({ allowLast: false, fallback: 1 }),
      end_row: row({ allowLast: true, fallback: -1 }),
      end_col: column({ allowLast: true, fallback: -1 }),
    },
    reorder_columns: {
      sheet_name: sheetName(),
      desired_order: z
        .array(boundedString(EXCEL_LIMITS.cellText, 'a column header').transform((s) => s.trim()), {
          error: (iss) => `expected desired_order: a list of column header names, ${got(iss)}`,
        })
        .min(1, { error: 'expected desired_order with at least one header name, got an empty list' })
        .max(EXCEL_LIMITS.columns)
        .refine((names) => new Set(names).size === names.length, { error: 'expected each header name once in desired_order, got a repeated name' }),
    },
    save_as: {
      file_dir: optionalPathPart('a directory'),
      file_name: optionalPathPart('a file name without extension'),
      file_ext: fileExtension(),
    },
    set_cell_value: {
      sheet_name: sheetName(),
      cell_reference: cellReference(),
      // null is "not given" (UFO's value=None); "" clears the cell.
      value: z.preprocess(nullToUndefined, cellValue().optional()),
      formula: z.preprocess(
        nullToUndefined,
        boundedString(EXCEL_LIMITS.cellText, 'a formula starting with "="')
          .transform((s) => s.trim())
          .refine((s) => s.startsWith('=') && s.length > 1, { error: 'expected a formula starting with "=", such as "=AVERAGE(B2:B13)"' })
          .optional(),
      ),
    },
    auto_fill: {
      sheet_name: sheetName(),
      source_range: rangeReference('source_range'),
      destination_range: rangeReference('destination_range'),
    },
  };
};

export const Table2MarkdownArgs = lazy(() => args(shapes().table2markdown));
export const InsertExcelTableArgs = lazy(() => args(shapes().insert_excel_table));
export const SelectTableRangeArgs = lazy(() =>
  args(shapes().select_table_range).superRefine((a, ctx) => startBeforeEnd(a, ctx)),
);
export const GetRangeValuesArgs = lazy(() => args(shapes().get_range_values).superRefine((a, ctx) => startBeforeEnd(a, ctx)));
export const ReorderColumnsArgs = lazy(() => args(shapes().reorder_columns));
export const ExcelSaveAsArgs = lazy(() => args(shapes().save_as));
export const SetCellValueArgs = lazy(() =>
  args(shapes().set_cell_value).superRefine((a, ctx) => {
    const hasValue = a.value !== undefined;
    const hasFormula = a.formula !== undefined;
    if (hasValue === hasFormula) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: hasValue
          ? 'expected exactly one of value and formula, got both'
          : 'expected exactly one of value (a number, text, true/false; "" clears the cell) and formula (starting with "="), got neither',
      });
    }
  }),
);
export const AutoFillArgs = lazy(() =>
  args(shapes().auto_fill).superRefine((a, ctx) => {
    const s = parseRangeReference(a.source_range);
    const d = parseRangeReference(a.destination_range);
    if (!s || !d) return;
    const inside = d.startRow <= s.startRow && d.startColumn <= s.startColumn && d.endRow >= s.endRow && d.endColumn >= s.endColumn;
    const rowsMatch = d.startColumn === s.startColumn && d.endColumn === s.endColumn;
    const colsMatch = d.startRow === s.startRow && d.endRow === s.endRow;
    const anchored = (d.startRow === s.startRow && d.startColumn === s.startColumn) || (d.endRow === s.endRow && d.endColumn === s.endColumn);
    if (!inside || !(rowsMatch || colsMatch) || !anchored || (s.startRow === d.startRow && s.endRow === d.endRow && s.startColumn === d.startColumn && s.endColumn === d.endColumn)) {
      ctx.addIssue({
        code: 'custom',
        path: ['destination_range'],
        message: `expected destination_range to contain source_range ${a.source_range} and extend it in one direction (down, up, right or left, as Excel's Range.AutoFill), got ${a.destination_range}`,
      });
    }
  }),
);

function startBeforeEnd(
  a: { start_row: number; start_col: number; end_row: number; end_col: number },
  ctx: { addIssue(issue: { code: 'custom'; path: string[]; message: string }): void },
): void {
  if (a.end_row !== -1 && a.end_row < a.start_row) {
    ctx.addIssue({ code: 'custom', path: ['end_row'], message: `expected end_row >= start_row (${a.start_row}) or -1, got ${a.end_row}` });
  }
  if (a.end_col !== -1 && a.end_col < a.start_col) {
    ctx.addIssue({ code: 'custom', path: ['end_col'], message: `expected end_col >= start_col (${a.start_col}) or -1, got ${a.end_col}` });
  }
}

export type Table2MarkdownArgs = z.infer<typeof Table2MarkdownArgs>;
export type InsertExcelTableArgs = z.infer<typeof InsertExcelTableArgs>;
export type SelectTableRangeArgs = z.infer<typeof SelectTableRangeArgs>;
export type GetRangeValuesArgs = z.infer<typeof GetRangeValuesArgs>;
export type ReorderColumnsArgs = z.infer<typeof ReorderColumnsArgs>;
export type ExcelSaveAsArgs = z.infer<typeof ExcelSaveAsArgs>;
export type SetCellValueArgs = z.infer<typeof SetCellValueArgs>;
export type AutoFillArgs = z.infer<typeof AutoFillArgs>;
export type ExcelCellValue = string | number | boolean | null;
