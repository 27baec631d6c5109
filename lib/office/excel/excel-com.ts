import { LambError } from '../../model/errors.js';
import { columnLetters, EXCEL_SAVE_FORMATS, parseRangeReference, type ExcelCellValue, type ExcelSaveExtension } from '../../model/office-excel.js';
import { Batch, type OfficeObject, type OfficeValue } from '../office-bridge.js';
import type { OpenDocument } from '../office-function.js';
import type { CellArea, CellRead, CellSnapshot, Workbook } from './workbook.js';

/*
 * The workbook interface on Microsoft Excel through COM IDispatch (the Excel VBA object model: Workbook.Worksheets,
 * Worksheet.Range(address), Range.Value / Formula / Text, UsedRange, Range.Select, Range.Cut + Insert,
 * Range.AutoFill, Workbook.SaveAs / ExportAsFixedFormat). Cells are addressed by A1 strings through Range(...),
 * the one parameterized property of a Worksheet (Cells(r, c) is Cells.Item(r, c) under IDispatch). A block's
 * Value comes back as a 2-D SAFEARRAY (nested arrays), one cell's as a scalar; dates as VT_DATE, errors as
 * VT_ERROR (docs/OFFICE.md "Values").
 * Written from Microsoft's documentation and run here against a double (test/helpers/office-doubles/); no
 * Excel has run it.
 */

/** XlInsertShiftDirection.xlShiftToRight, XlAutoFillType.xlFillDefault, XlFixedFormatType. */
const XL_SHIFT_TO_RIGHT = -4161;
const XL_FILL_DEFAULT = 0;
const XL_TYPE_PDF = 0;
const XL_TYPE_XPS = 1;

/** Excel's CVErr values (VT_ERROR scodes) and the text a cell shows for them. */
export const EXCEL_ERROR_TEXT: Readonly<Record<number, string>> = {
  [-2146826281]: '#DIV/0!',
  [-2146826246]: '#N/A',
  [-2146826259]: '#NAME?',
  [-2146826288]: '#NULL!',
  [-2146826252]: '#NUM!',
  [-2146826265]: '#REF!',
  [-2146826273]: '#VALUE!',
};

export function a1(area: CellArea): string {
  const tl = `${columnLetters(area.startColumn)}${area.startRow}`;
  const br = `${columnLetters(area.endColumn)}${area.endRow}`;
  return tl === br ? tl : `${tl}:${br}`;
}

function isError(v: OfficeValue): v is { $error: number } {
  return !!v && typeof v === 'object' && !Array.isArray(v) && '$error' in v;
}
function isDate(v: OfficeValue): v is { $type: 'date'; value: number } {
  return !!v && typeof v === 'object' && !Array.isArray(v) && '$type' in v && v.$type === 'date';
}
/** One cell's Value is a scalar, a block's a 2-D array: always rows of cells here. */
function asRows(v: OfficeValue): OfficeValue[][] {
  return Array.isArray(v) && v.every(Array.isArray) ? (v as OfficeValue[][]) : [[v]];
}

export class ExcelWorkbook implements Workbook {
  readonly suite = 'com' as const;
  readonly api = 'COM Excel';

  constructor(private readonly doc: OpenDocument) {}

  private get workbook(): OfficeObject {
    return this.doc.document;
  }

  async sheetNames(): Promise<string[]> {
    const sheets = await this.workbook.prop('Worksheets');
    const count = Number(await sheets.get('Count'));
    const b = this.doc.connection.batch();
    const idx: number[] = [];
    for (let i = 1; i <= count; i++) idx.push(b.get(Batch.ref(b.get(sheets, 'Item', i)), 'Name'));
    const out = await b.run();
    return idx.map((i) => String(out[i]));
  }

  private async sheet(index: number): Promise<OfficeObject> {
    const sheets = await this.workbook.prop('Worksheets');
    return sheets.prop('Item', index + 1);
  }

  private async range(sheet: number, address: string): Promise<OfficeObject> {
    return (await this.sheet(sheet)).prop('Range', address);
  }

  async grid(sheet: number): Promise<{ rows: number; columns: number }> {
    const s = await this.sheet(sheet);
    const b = this.doc.connection.batch();
    const rows = b.get(Batch.ref(b.get(s, 'Rows')), 'Count');
    const cols = b.get(Batch.ref(b.get(s, 'Columns')), 'Count');
    const out = await b.run();
    return { rows: Number(out[rows]), columns: Number(out[cols]) };
  }

  async usedArea(sheet: number): Promise<CellArea | null> {
    const s = await this.sheet(sheet);
    const b = this.doc.connection.batch();
    const used = b.get(s, 'UsedRange');
    const row = b.get(Batch.ref(used), 'Row');
    const col = b.get(Batch.ref(used), 'Column');
    const rows = b.get(Batch.ref(b.get(Batch.ref(used), 'Rows')), 'Count');
    const cols = b.get(Batch.ref(b.get(Batch.ref(used), 'Columns')), 'Count');
    const out = await b.run();
    const area = {
      startRow: Number(out[row]),
      startColumn: Number(out[col]),
      endRow: Number(out[row]) + Number(out[rows]) - 1,
      endColumn: Number(out[col]) + Number(out[cols]) - 1,
    };
    if (area.startRow === area.endRow && area.startColumn === area.endColumn) {
      // An empty sheet's UsedRange is $A$1 alone.
      const [[cell]] = (await this.read(sheet, area)) as [[CellRead]];
      if (cell.kind === 'empty') return null;
    }
    return area;
  }

  async read(sheet: number, area: CellArea): Promise<CellRead[][]> {
    const range = await this.range(sheet, a1(area));
    const b = this.doc.connection.batch();
    const v = b.get(range, 'Value');
    const f = b.get(range, 'Formula');
    const out = await b.run();
    const values = asRows(out[v] ?? null);
    const formulas = asRows(out[f] ?? null);
    const dates: { i: number; j: number }[] = [];
    const cells: CellRead[][] = values.map((row, i) =>
      row.map((x, j): CellRead => {
        const formula = String(formulas[i]?.[j] ?? '');
        if (x === null || x === '') return formula === '' ? { kind: 'empty', value: null, formula } : { kind: 'text', value: '', formula };
        if (typeof x === 'number') return { kind: 'number', value: x, formula };
        if (typeof x === 'boolean') return { kind: 'boolean', value: x, formula };
        if (typeof x === 'string') return { kind: 'text', value: x, formula };
        if (isError(x)) {
          const text = EXCEL_ERROR_TEXT[x.$error] ?? `#ERROR(${x.$error})`;
          return { kind: 'error', value: text, formula, text };
        }
        if (isDate(x)) {
          dates.push({ i, j });
          return { kind: 'date', value: Number(x.value), formula };
        }
        return { kind: 'text', value: JSON.stringify(x), formula };
      }),
    );
    if (dates.length > 0) {
      // A date's shown text is its Range.Text (the number format applied), one cell at a time.
      const s = await this.sheet(sheet);
      const tb = this.doc.connection.batch();
      const idx = dates.map(({ i, j }) => tb.get(Batch.ref(tb.get(s, 'Range', `${columnLetters(area.startColumn + j)}${area.startRow + i}`)), 'Text'));
      const shown = await tb.run();
      dates.forEach(({ i, j }, k) => {
        const cell = cells[i]?.[j];
        if (cell) cell.text = String(shown[idx[k] as number] ?? '');
      });
    }
    return cells;
  }

  async write(sheet: number, row: number, column: number, rows: readonly (readonly ExcelCellValue[])[]): Promise<void> {
    const s = await this.sheet(sheet);
    // One Range.Value put per row (a 1 × n block as a 2-D array): rows may differ in length. Excel parses text
    // put into Value as typing it would ("12" a number, "=A1" a formula), which UFO relies on.
    const b = this.doc.connection.batch();
    rows.forEach((r, i) => {
      if (r.length === 0) return;
      const area = { startRow: row + i, startColumn: column, endRow: row + i, endColumn: column + r.length - 1 };
      b.set(Batch.ref(b.get(s, 'Range', a1(area))), 'Value', [r.map((x) => (x === null ? '' : x))]);
    });
    await b.run();
  }

  async setCell(sheet: number, row: number, column: number, content: { value: ExcelCellValue } | { formula: string }): Promise<void> {
    const cell = await this.range(sheet, `${columnLetters(column)}${row}`);
    if ('formula' in content) await cell.set('Formula', content.formula);
    else await cell.set('Value', content.value === null ? '' : content.value);
  }

  async restore(snapshot: CellSnapshot): Promise<void> {
    const { read } = snapshot;
    const cell = await this.range(snapshot.sheet, `${columnLetters(snapshot.column)}${snapshot.row}`);
    // Formula puts back formulas, numbers and dates as they were typed; text through Value stays text as read.
    if (read.kind === 'text' || read.kind === 'boolean') await cell.set('Value', read.value);
    else await cell.set('Formula', read.formula);
  }

  async select(sheet: number, area: CellArea): Promise<void> {
    const s = await this.sheet(sheet);
    // Range.Select fails on a sheet that is not active: activate it first.
    const b = this.doc.connection.batch();
    b.call(s, 'Activate');
    b.call(Batch.ref(b.get(s, 'Range', a1(area))), 'Select');
    await b.run();
  }

  async selection(): Promise<{ sheet: number; area: CellArea } | null> {
    const b = this.doc.connection.batch();
    const sel = b.get(this.doc.application, 'Selection');
    const out = await b.run();
    const selected = out[sel] ?? null;
    if (!selected || typeof selected !== 'object' || !('$handle' in selected)) return null;
    const range = this.doc.connection.wrap(selected, 'Selection');
    let address: OfficeValue;
    let sheetName: OfficeValue;
    try {
      const rb = this.doc.connection.batch();
      const a = rb.get(range, 'Address');
      const n = rb.get(Batch.ref(rb.get(range, 'Worksheet')), 'Name');
      const res = await rb.run();
      address = res[a] ?? null;
      sheetName = res[n] ?? null;
    } catch (e) {
      // The selection is a shape or a chart, not cells.
      if (e instanceof LambError && e.code === 'INVALID_ARGUMENT') return null;
      throw e;
    }
    const parsed = typeof address === 'string' && !address.includes(',') ? parseRangeReference(address) : undefined;
    if (!parsed) return null;
    const sheet = (await this.sheetNames()).indexOf(String(sheetName));
    return sheet < 0 ? null : { sheet, area: { startRow: parsed.startRow, startColumn: parsed.startColumn, endRow: parsed.endRow, endColumn: parsed.endColumn } };
  }

  async moveColumnLeft(sheet: number, from: number, to: number): Promise<void> {
    if (!(to < from)) throw new LambError('INTERNAL', `moveColumnLeft(${from}, ${to}): to must be left of from`);
    const s = await this.sheet(sheet);
    // Excel's column move: cut the column, insert the cut cells before the target (Range.Insert shifts right).
    const b = this.doc.connection.batch();
    b.call(Batch.ref(b.get(s, 'Range', `${columnLetters(from)}:${columnLetters(from)}`)), 'Cut');
    b.call(Batch.ref(b.get(s, 'Range', `${columnLetters(to)}:${columnLetters(to)}`)), 'Insert', XL_SHIFT_TO_RIGHT);
    await b.run();
  }

  async autoFill(sheet: number, source: CellArea, destination: CellArea): Promise<void> {
    const s = await this.sheet(sheet);
    const b = this.doc.connection.batch();
    const dest = b.get(s, 'Range', a1(destination));
    b.call(Batch.ref(b.get(s, 'Range', a1(source))), 'AutoFill', Batch.ref(dest), XL_FILL_DEFAULT);
    await b.run();
  }

  async modified(): Promise<boolean> {
    return (await this.workbook.get('Saved')) !== true;
  }

  async setModified(modified: boolean): Promise<void> {
    await this.workbook.set('Saved', !modified);
  }

  async location(): Promise<string | null> {
    const b = this.doc.connection.batch();
    const path = b.get(this.workbook, 'Path');
    const full = b.get(this.workbook, 'FullName');
    const out = await b.run();
    // An unsaved workbook's Path is "" and its FullName just "Book1".
    return out[path] ? String(out[full]) : null;
  }

  async saveAs(path: string, extension: ExcelSaveExtension): Promise<void> {
    const app = this.doc.application;
    const alerts = await app.get('DisplayAlerts');
    // Why DisplayAlerts off: SaveAs over an existing file asks "replace it?" in a dialog and waits for a user.
    await app.set('DisplayAlerts', false);
    try {
      if (extension === '.pdf' || extension === '.xps') {
        await this.workbook.callNamed('ExportAsFixedFormat', [extension === '.pdf' ? XL_TYPE_PDF : XL_TYPE_XPS], { Filename: path });
      } else {
        await this.workbook.callNamed('SaveAs', [path], { FileFormat: EXCEL_SAVE_FORMATS[extension] });
      }
    } finally {
      await app.set('DisplayAlerts', alerts ?? true);
    }
  }
}
