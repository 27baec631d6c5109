import type { ExcelCellValue, ExcelSaveExtension } from '../../model/office-excel.js';
import type { OfficeSuite } from '../../model/office.js';

/*
 * What the Excel functions need from a workbook, the same for Calc (calc-uno.ts) and Excel (excel-com.ts): the
 * functions (one file each) hold UFO's logic, defaults and the read-back once, and a suite's difference stays in
 * its implementation. Rows and columns are 1-based everywhere here, as UFO's arguments and Excel's Cells; sheets
 * are 0-based indices into sheetNames() (resolved from a name or a 1-based index by sheets.ts).
 */

/** A block of cells, corners inclusive, 1-based. */
export interface CellArea {
  startRow: number;
  startColumn: number;
  endRow: number;
  endColumn: number;
}

/**
 * One cell as read back. `value` is the real value: a number (a date is its serial number), text, a boolean
 * (Excel; Calc has none: TRUE is 1 there), or null when empty; an error cell's value is its error text.
 * `formula` is what the cell holds as typed: "=AVERAGE(B2:B4)", or the constant's text. `text` is the cell as
 * shown, read only where the value alone would mislead (dates and errors): otherwise undefined.
 */
export interface CellRead {
  kind: 'empty' | 'number' | 'text' | 'boolean' | 'date' | 'error';
  value: ExcelCellValue;
  formula: string;
  text?: string;
}

/** What a cell held before set_cell_value wrote it, to put it back when the suite rejects a formula. */
export interface CellSnapshot {
  readonly sheet: number;
  readonly row: number;
  readonly column: number;
  readonly read: CellRead;
}

export interface Workbook {
  readonly suite: OfficeSuite;
  /** "UNO XSpreadsheet" / "COM Worksheet": how the methods reach the suite, for an outcome's `method`. */
  readonly api: string;
  sheetNames(): Promise<string[]>;
  /** The sheet's grid: Excel 1,048,576 × 16,384; Calc as the document says (getRows/getColumns().getCount()). */
  grid(sheet: number): Promise<{ rows: number; columns: number }>;
  /** The block from the first to the last used cell; null when the sheet is empty. */
  usedArea(sheet: number): Promise<CellArea | null>;
  /** Rows of cells, each row endColumn - startColumn + 1 long. */
  read(sheet: number, area: CellArea): Promise<CellRead[][]>;
  /**
   * Writes rows of values from (row, column), as typing them would (Excel's Range.Value, Calc's formula
   * input): "12" becomes a number, "=A1*2" a formula, "" and null an empty cell. Rows may differ in length.
   */
  write(sheet: number, row: number, column: number, rows: readonly (readonly ExcelCellValue[])[]): Promise<void>;
  /** One cell's content: a constant (set_cell_value's value) or a formula. */
  setCell(sheet: number, row: number, column: number, content: { value: ExcelCellValue } | { formula: string }): Promise<void>;
  /** Puts back what a snapshot read. */
  restore(snapshot: CellSnapshot): Promise<void>;
  /** Makes the sheet active and selects the block. */
  select(sheet: number, area: CellArea): Promise<void>;
  /** The current selection read back from the document's view; null when it is not one block of cells. */
  selection(): Promise<{ sheet: number; area: CellArea } | null>;
  /** Moves a whole column left: column `from` ends up at `to` (to < from), the columns between shift right. */
  moveColumnLeft(sheet: number, from: number, to: number): Promise<void>;
  /** Excel's Range.AutoFill / Calc's fillAuto: extends the source's series over the destination that holds it. */
  autoFill(sheet: number, source: CellArea, destination: CellArea): Promise<void>;
  /** Has the workbook unsaved changes (UNO isModified, COM not Saved)? */
  modified(): Promise<boolean>;
  /** Puts the flag back after a refused change was undone, so a refusal leaves no trace. */
  setModified(modified: boolean): Promise<void>;
  /** The file the workbook was loaded from or last saved to; null when it never was. */
  location(): Promise<string | null>;
  /** Writes the workbook (or, for .pdf/.csv..., an export of it) to an absolute path. */
  saveAs(path: string, extension: ExcelSaveExtension): Promise<void>;
}
