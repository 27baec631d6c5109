import { pathToFileURL, fileURLToPath } from 'node:url';
import { LambError } from '../../model/errors.js';
import type { ExcelCellValue, ExcelSaveExtension } from '../../model/office-excel.js';
import { Batch, typed, unoProps, unoStruct, type OfficeObject, type OfficeValue } from '../office-bridge.js';
import type { OpenDocument } from '../office-function.js';
import { toCalcFormula, toExcelFormula } from './calc-formula.js';
import type { CellArea, CellRead, CellSnapshot, Workbook } from './workbook.js';

/*
 * The workbook interface on LibreOffice Calc through UNO (docs/OFFICE_UNO.md): the document's XSpreadsheets,
 * blocks through XCellRangeData / XCellRangeFormula (one call per block, not one per cell), the used area from
 * a sheet cursor (XUsedAreaCursor), dates and formula errors found with XCellRangesQuery (one call each) so
 * only those cells' shown text is read, the selection through the document's controller, columns moved with
 * insertByIndex + moveRange + removeByIndex (UNO has no column move), XCellSeries.fillAuto, storeToURL /
 * storeAsURL with Calc's filter names. UNO positions are 0-based and column first; this file converts, and
 * formulas go in and come out in Excel's syntax (calc-formula.ts).
 */

/** com.sun.star.sheet.CellFlags.DATETIME and FormulaResult.ERROR. */
const CELL_FLAGS_DATETIME = 2;
const FORMULA_RESULT_ERROR = 4;

/** Calc's export filter per extension; the extensions it cannot write are missing (refused before writing). */
const CALC_FILTERS: Partial<Record<ExcelSaveExtension, { filter: string; options?: string; export: boolean }>> = {
  '.xlsx': { filter: 'Calc MS Excel 2007 XML', export: false },
  '.xlsm': { filter: 'Calc MS Excel 2007 VBA XML', export: false },
  '.xltx': { filter: 'Calc MS Excel 2007 XML Template', export: false },
  '.xls': { filter: 'MS Excel 97', export: false },
  '.ods': { filter: 'calc8', export: false },
  // CSV: comma, double quote, UTF-8 (76), from line 1, as Excel writes it; tab-separated for .txt (Excel's 42).
  '.csv': { filter: 'Text - txt - csv (StarCalc)', options: '44,34,76,1,,0,false,true,true', export: true },
  '.txt': { filter: 'Text - txt - csv (StarCalc)', options: '9,34,76,1,,0,false,true,true', export: true },
  '.pdf': { filter: 'calc_pdf_Export', export: true },
  '.html': { filter: 'HTML (StarCalc)', export: true },
  '.htm': { filter: 'HTML (StarCalc)', export: true },
  '.xml': { filter: 'MS Excel 2003 XML', export: true },
};

export function calcSaveExtensions(): ExcelSaveExtension[] {
  return Object.keys(CALC_FILTERS) as ExcelSaveExtension[];
}

interface RangeAddress {
  Sheet: number;
  StartColumn: number;
  StartRow: number;
  EndColumn: number;
  EndRow: number;
}

function fieldsOf(v: OfficeValue): Record<string, OfficeValue> {
  if (v && typeof v === 'object' && !Array.isArray(v) && 'fields' in v) return v.fields as Record<string, OfficeValue>;
  throw new LambError('INVALID_OPERATION', `office (UNO): expected a struct, got ${JSON.stringify(v)}`);
}
function rangeAddress(v: OfficeValue): RangeAddress {
  const f = fieldsOf(v);
  return { Sheet: Number(f.Sheet), StartColumn: Number(f.StartColumn), StartRow: Number(f.StartRow), EndColumn: Number(f.EndColumn), EndRow: Number(f.EndRow) };
}
function areaOf(a: RangeAddress): CellArea {
  return { startRow: a.StartRow + 1, startColumn: a.StartColumn + 1, endRow: a.EndRow + 1, endColumn: a.EndColumn + 1 };
}

export class CalcWorkbook implements Workbook {
  readonly suite = 'uno' as const;
  readonly api = 'UNO Calc';
  private readonly sheets = new Map<number, OfficeObject>();

  constructor(private readonly doc: OpenDocument) {}

  private get document(): OfficeObject {
    return this.doc.document;
  }

  async sheetNames(): Promise<string[]> {
    const b = this.doc.connection.batch();
    const s = b.call(this.document, 'getSheets');
    b.call(Batch.ref(s), 'getElementNames');
    const [, names] = await b.run();
    return (names as string[]).map(String);
  }

  private async sheet(index: number): Promise<OfficeObject> {
    let s = this.sheets.get(index);
    if (!s) {
      const b = this.doc.connection.batch();
      const all = b.call(this.document, 'getSheets');
      b.call(Batch.ref(all), 'getByIndex', index);
      const [, sheet] = await b.run();
      s = this.doc.connection.wrap(sheet ?? null, 'getByIndex');
      // Why a cache that is dropped on every structural change is not needed: a sheet object stays valid while
      // its sheet exists, and these functions never remove sheets.
      this.sheets.set(index, s);
    }
    return s;
  }

  private async range(sheet: number, area: CellArea): Promise<OfficeObject> {
    const s = await this.sheet(sheet);
    return s.obj('getCellRangeByPosition', area.startColumn - 1, area.startRow - 1, area.endColumn - 1, area.endRow - 1);
  }

  async grid(sheet: number): Promise<{ rows: number; columns: number }> {
    const s = await this.sheet(sheet);
    const b = this.doc.connection.batch();
    const r = b.call(s, 'getRows');
    b.call(Batch.ref(r), 'getCount');
    const c = b.call(s, 'getColumns');
    b.call(Batch.ref(c), 'getCount');
    const out = await b.run();
    return { rows: Number(out[1]), columns: Number(out[3]) };
  }

  async usedArea(sheet: number): Promise<CellArea | null> {
    const s = await this.sheet(sheet);
    const b = this.doc.connection.batch();
    const cur = b.call(s, 'createCursor');
    b.call(Batch.ref(cur), 'gotoStartOfUsedArea', false);
    b.call(Batch.ref(cur), 'gotoEndOfUsedArea', true);
    const addr = b.call(Batch.ref(cur), 'getRangeAddress');
    b.release(Batch.ref(cur));
    const out = await b.run();
    const area = areaOf(rangeAddress(out[addr] ?? null));
    if (area.startRow === area.endRow && area.startColumn === area.endColumn) {
      // An empty sheet's used area is A1 alone: empty unless that cell has something.
      const [[cell]] = (await this.read(sheet, area)) as [[CellRead]];
      if (cell.kind === 'empty') return null;
    }
    return area;
  }

  async read(sheet: number, area: CellArea): Promise<CellRead[][]> {
    const range = await this.range(sheet, area);
    const b = this.doc.connection.batch();
    const data = b.call(range, 'getDataArray');
    const formulas = b.call(range, 'getFormulaArray');
    const dates = b.call(range, 'queryContentCells', typed('short', CELL_FLAGS_DATETIME));
    const dateAddrs = b.call(Batch.ref(dates), 'getRangeAddresses');
    const errors = b.call(range, 'queryFormulaCells', FORMULA_RESULT_ERROR);
    const errorAddrs = b.call(Batch.ref(errors), 'getRangeAddresses');
    b.release(Batch.ref(dates));
    b.release(Batch.ref(errors));
    b.release(range);
    const out = await b.run();
    const values = out[data] as OfficeValue[][];
    const texts = out[formulas] as string[][];
    const cells: CellRead[][] = values.map((row, i) =>
      row.map((v, j) => {
        const formula = toExcelFormula(String(texts[i]?.[j] ?? ''));
        if (typeof v === 'number') return { kind: 'number', value: v, formula };
        const s = String(v ?? '');
        return s === '' && formula === '' ? { kind: 'empty', value: null, formula } : { kind: 'text', value: s, formula };
      }),
    );
    // Only dates and errors need their shown text: a date's value is a serial number, an error's is nothing.
    const marked: { i: number; j: number; kind: 'date' | 'error' }[] = [];
    const mark = (addrs: OfficeValue, kind: 'date' | 'error') => {
      for (const a of (addrs as OfficeValue[]) ?? []) {
        const r = rangeAddress(a);
        for (let row = r.StartRow; row <= r.EndRow; row++)
          for (let col = r.StartColumn; col <= r.EndColumn; col++) marked.push({ i: row - (area.startRow - 1), j: col - (area.startColumn - 1), kind });
      }
    };
    mark(out[dateAddrs] ?? [], 'date');
    mark(out[errorAddrs] ?? [], 'error');
    if (marked.length > 0) {
      const s = await this.sheet(sheet);
      const tb = this.doc.connection.batch();
      const idx = marked.map(({ i, j }) => {
        const cell = tb.call(s, 'getCellByPosition', area.startColumn - 1 + j, area.startRow - 1 + i);
        const text = tb.call(Batch.ref(cell), 'getString');
        tb.release(Batch.ref(cell));
        return text;
      });
      const shown = await tb.run();
      marked.forEach(({ i, j, kind }, k) => {
        const cell = cells[i]?.[j];
        if (!cell) return;
        const text = String(shown[idx[k] as number] ?? '');
        cells[i]![j] = kind === 'error' ? { kind, value: text, formula: cell.formula, text } : { ...cell, kind, text };
      });
    }
    return cells;
  }

  async write(sheet: number, row: number, column: number, rows: readonly (readonly ExcelCellValue[])[]): Promise<void> {
    const s = await this.sheet(sheet);
    // Formula input is how typing a value parses in Calc ("12" a number, "=A1" a formula), which is what
    // Excel's Range.Value does with text; FormulaArray takes a whole row in one call. A boolean is Calc's
    // TRUE()/FALSE() (Calc has no boolean cells: a number shown as TRUE/FALSE).
    const b = this.doc.connection.batch();
    rows.forEach((r, i) => {
      if (r.length === 0) return;
      const range = b.call(s, 'getCellRangeByPosition', column - 1, row - 1 + i, column - 1 + r.length - 1, row - 1 + i);
      b.call(Batch.ref(range), 'setFormulaArray', [r.map(formulaInput)]);
      b.release(Batch.ref(range));
    });
    await b.run();
  }

  private async cell(sheet: number, row: number, column: number): Promise<OfficeObject> {
    const s = await this.sheet(sheet);
    return s.obj('getCellByPosition', column - 1, row - 1);
  }

  async setCell(sheet: number, row: number, column: number, content: { value: ExcelCellValue } | { formula: string }): Promise<void> {
    const cell = await this.cell(sheet, row, column);
    const b = this.doc.connection.batch();
    if ('formula' in content) b.call(cell, 'setFormula', toCalcFormula(content.formula));
    else if (typeof content.value === 'number') b.call(cell, 'setValue', typed('double', content.value));
    // Text is parsed as typing it would be, as Excel's Range.Value does ("12" a number), the same as write().
    else b.call(cell, 'setFormula', formulaInput(content.value));
    b.release(cell);
    await b.run();
  }

  async restore(snapshot: CellSnapshot): Promise<void> {
    const { read } = snapshot;
    if (read.kind === 'text') {
      // setString, not formula input: the text comes back as it was ("007" stays text).
      const cell = await this.cell(snapshot.sheet, snapshot.row, snapshot.column);
      await cell.call('setString', String(read.value));
      return cell.release();
    }
    if (read.kind === 'number' && !read.formula.startsWith('=')) return this.setCell(snapshot.sheet, snapshot.row, snapshot.column, { value: read.value });
    // A formula (whatever its result), a date (its formula text is the date as typed) or an empty cell.
    return this.setCell(snapshot.sheet, snapshot.row, snapshot.column, { formula: read.formula });
  }

  private async controller(): Promise<OfficeObject> {
    return this.document.obj('getCurrentController');
  }

  async select(sheet: number, area: CellArea): Promise<void> {
    const [controller, s, range] = [await this.controller(), await this.sheet(sheet), await this.range(sheet, area)];
    const b = this.doc.connection.batch();
    b.call(controller, 'setActiveSheet', s.ref);
    b.call(controller, 'select', range.ref);
    b.release(range);
    await b.run();
  }

  async selection(): Promise<{ sheet: number; area: CellArea } | null> {
    const controller = await this.controller();
    const selected = await controller.call('getSelection');
    if (!selected || typeof selected !== 'object' || !('$handle' in selected)) return null;
    const sel = this.doc.connection.wrap(selected, 'getSelection');
    try {
      // A single block supports XCellRangeAddressable; several blocks or a shape do not (INVALID_ARGUMENT).
      const addr = rangeAddress(await sel.call('getRangeAddress'));
      return { sheet: addr.Sheet, area: areaOf(addr) };
    } catch (e) {
      if (e instanceof LambError && e.code === 'INVALID_ARGUMENT') return null;
      throw e;
    }
  }

  async moveColumnLeft(sheet: number, from: number, to: number): Promise<void> {
    if (!(to < from)) throw new LambError('INTERNAL', `moveColumnLeft(${from}, ${to}): to must be left of from`);
    const s = await this.sheet(sheet);
    const { rows } = await this.grid(sheet);
    const b = this.doc.connection.batch();
    const cols = b.call(s, 'getColumns');
    // An empty column at `to` (0-based to-1) shifts the source one right; moving the source into it carries
    // its contents and formats and updates references to it, as Excel's cut-and-insert does; then the emptied
    // source column goes.
    b.call(Batch.ref(cols), 'insertByIndex', to - 1, 1);
    b.call(
      s,
      'moveRange',
      unoStruct('com.sun.star.table.CellAddress', { Sheet: typed('short', sheet), Column: to - 1, Row: 0 }),
      unoStruct('com.sun.star.table.CellRangeAddress', { Sheet: typed('short', sheet), StartColumn: from, StartRow: 0, EndColumn: from, EndRow: rows - 1 }),
    );
    b.call(Batch.ref(cols), 'removeByIndex', from, 1);
    b.release(Batch.ref(cols));
    await b.run();
  }

  async autoFill(sheet: number, source: CellArea, destination: CellArea): Promise<void> {
    const range = await this.range(sheet, destination);
    // fillAuto(direction, sourceCount): the source is the first sourceCount rows/columns of the range in the
    // fill direction (TO_BOTTOM: the top rows; TO_TOP: the bottom rows ...).
    const down = destination.endRow > source.endRow;
    const up = destination.startRow < source.startRow;
    const right = destination.endColumn > source.endColumn;
    const direction = down ? 'TO_BOTTOM' : up ? 'TO_TOP' : right ? 'TO_RIGHT' : 'TO_LEFT';
    const count = down || up ? source.endRow - source.startRow + 1 : source.endColumn - source.startColumn + 1;
    const b = this.doc.connection.batch();
    b.call(range, 'fillAuto', { $enum: 'com.sun.star.sheet.FillDirection', value: direction }, count);
    b.release(range);
    await b.run();
  }

  async modified(): Promise<boolean> {
    return (await this.document.call('isModified')) === true;
  }

  async setModified(modified: boolean): Promise<void> {
    await this.document.call('setModified', modified);
  }

  async location(): Promise<string | null> {
    const url = await this.document.call('getURL');
    if (typeof url !== 'string' || url === '') return null;
    return url.startsWith('file:') ? fileURLToPath(url) : url;
  }

  async saveAs(path: string, extension: ExcelSaveExtension): Promise<void> {
    const f = CALC_FILTERS[extension];
    if (!f) throw new LambError('INVALID_ARGUMENT', `save_as: LibreOffice Calc cannot write ${extension}; it writes ${calcSaveExtensions().join(', ')}`);
    const props = unoProps({ FilterName: f.filter, Overwrite: true, ...(f.options ? { FilterOptions: f.options } : {}) });
    // Exports (pdf, csv, html ...) go through storeToURL: the document stays bound to its own file, as a Calc
    // export does (storeAsURL refuses an export filter). Workbook formats rebind, like Excel's SaveAs.
    await this.document.call(f.export ? 'storeToURL' : 'storeAsURL', pathToFileURL(path).href, props);
  }
}

/** A value as Calc's formula input parses it, which is how Excel's Range.Value parses text. */
function formulaInput(v: ExcelCellValue): string {
  if (v === null) return '';
  if (typeof v === 'boolean') return v ? '=TRUE()' : '=FALSE()';
  if (typeof v === 'number') return String(v);
  return toCalcFormula(v);
}
