import { LambError } from '../../model/errors.js';
import { columnLetters, type ExcelCellValue } from '../../model/office-excel.js';
import { NUMERIC_STRING } from '../../model/lenient.js';
import { sameValue } from '../office-function.js';
import type { OpenDocument } from '../office-function.js';
import { CalcWorkbook } from './calc-uno.js';
import { ExcelWorkbook } from './excel-com.js';
import type { CellArea, CellRead, Workbook } from './workbook.js';

/*
 * What every Excel function does the same way before and after acting: the workbook of the document's suite,
 * the sheet a name or 1-based index means (refused naming the sheets when there is none), blocks checked
 * against the sheet's own grid before anything is written, and the comparison of what was written with what
 * is read back.
 */

export function workbookOf(doc: OpenDocument): Workbook {
  if (doc.app !== 'excel') throw new LambError('INVALID_ARGUMENT', `an Excel function needs a spreadsheet, and this document is a ${doc.app} document`);
  return doc.suite === 'uno' ? new CalcWorkbook(doc) : new ExcelWorkbook(doc);
}

export interface ResolvedSheet {
  index: number;
  name: string;
}

/** sheet_name as UFO passes it to Sheets(...): a name (exact, then case-insensitive as Excel matches) or a 1-based index. */
export async function resolveSheet(wb: Workbook, sheet: string | number): Promise<ResolvedSheet> {
  const names = await wb.sheetNames();
  const list = names.map((n, i) => `${i + 1} "${n}"`).join(', ');
  if (typeof sheet === 'number') {
    const name = names[sheet - 1];
    if (name === undefined) throw new LambError('TARGET_NOT_FOUND', `sheet ${sheet} does not exist: the workbook has ${names.length} sheet${names.length === 1 ? '' : 's'} (${list})`);
    return { index: sheet - 1, name };
  }
  let index = names.indexOf(sheet);
  if (index < 0) index = names.findIndex((n) => n.toLowerCase() === sheet.toLowerCase());
  if (index < 0) throw new LambError('TARGET_NOT_FOUND', `sheet "${sheet}" does not exist; the sheets are ${list}`);
  return { index, name: names[index] as string };
}

export function address(area: CellArea): string {
  const tl = `${columnLetters(area.startColumn)}${area.startRow}`;
  const br = `${columnLetters(area.endColumn)}${area.endRow}`;
  return tl === br ? tl : `${tl}:${br}`;
}

/** INVALID_ARGUMENT unless the block lies in the sheet's grid (Calc's may be smaller than Excel's). */
export async function checkInGrid(wb: Workbook, sheet: ResolvedSheet, area: CellArea, what: string): Promise<void> {
  const grid = await wb.grid(sheet.index);
  if (area.endRow > grid.rows || area.endColumn > grid.columns) {
    throw new LambError(
      'INVALID_ARGUMENT',
      `${what} ${address(area)} is outside sheet "${sheet.name}", which has ${grid.rows} rows and ${grid.columns} columns (last cell ${columnLetters(grid.columns)}${grid.rows})`,
    );
  }
}

/** A formula as both suites may echo it back: case and spaces aside ("=sum(a1:a2)" reads "=SUM(A1:A2)"). */
export function normalizeFormula(f: string): string {
  let out = '';
  let quoted = false;
  for (const ch of f.trim()) {
    if (ch === '"') quoted = !quoted;
    if (!quoted && /\s/.test(ch)) continue;
    out += quoted ? ch : ch.toUpperCase();
  }
  return out;
}

/** Did a cell written with `expected` (as typed: "12" is a number, "=A1" a formula) read back as it? */
export function cellMatches(expected: ExcelCellValue, actual: CellRead): boolean {
  if (expected === null || expected === '') return actual.kind === 'empty';
  if (typeof expected === 'number') return typeof actual.value === 'number' && sameValue(expected, actual.value);
  if (typeof expected === 'boolean') {
    if (actual.value === expected) return true;
    // Calc has no boolean cells: TRUE() is the number 1.
    return actual.value === (expected ? 1 : 0) && normalizeFormula(actual.formula) === (expected ? '=TRUE()' : '=FALSE()');
  }
  if (expected.startsWith('=') && expected.length > 1) return normalizeFormula(actual.formula) === normalizeFormula(expected);
  if (NUMERIC_STRING.test(expected) && typeof actual.value === 'number') return sameValue(Number(expected), actual.value);
  return actual.value === expected || actual.text === expected || actual.formula === expected;
}

/** A number as the shortest decimal that reads back as the same double (JS's own Number-to-String). */
export function shortestDecimal(n: number): string {
  return Object.is(n, -0) ? '0' : String(n);
}

/** A cell as shown for a model: numbers exactly (not as formatted), dates and errors as the sheet shows them. */
export function cellText(c: CellRead): string {
  if (c.kind === 'empty') return '';
  if (c.kind === 'date' || c.kind === 'error') return c.text ?? String(c.value);
  if (c.kind === 'boolean') return c.value ? 'TRUE' : 'FALSE';
  if (typeof c.value === 'number') return shortestDecimal(c.value);
  return String(c.value ?? '');
}

/** A cell as get_range_values returns it: the real value; a date or an error as its shown text. */
export function cellValue(c: CellRead): ExcelCellValue {
  if (c.kind === 'empty') return null;
  if (c.kind === 'date' || c.kind === 'error') return c.text ?? String(c.value);
  return c.value;
}
