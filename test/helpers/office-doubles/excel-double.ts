import { writeFileSync } from 'node:fs';
import { basename, dirname, extname } from 'node:path';
import { ComDoubleError, isNamed } from '../com-object-double.js';

/*
 * A double of Excel.Application's object model, the subset lib/office/excel/excel-com.ts and the COM session
 * use, behaving as Microsoft's VBA reference documents it: Workbooks.Add makes a workbook with one worksheet
 * "Sheet1"; Worksheets.Item takes a 1-based index or a name (DISP_E_BADINDEX otherwise); Worksheet.Range takes
 * an A1 address ("B2", "A1:C3", "C:C"); a one-cell Range's Value is a scalar, a block's a 2-D array (rows of
 * cells); putting text into Value parses it as typing would ("12" a number, "=A1" a formula); Formula reads a
 * constant as its text; an error cell's Value is a VT_ERROR ({$error: CVErr}), a date cell's a VT_DATE
 * ({$type: "date"}) and its Text the date formatted m/d/yyyy; a syntactically broken formula raises
 * DISP_E_EXCEPTION 0x800A03EC and leaves the cell as it was; an unknown function computes to #NAME?; UsedRange
 * of an empty sheet is $A$1; Range.Select needs the sheet active; Range.Cut + Range.Insert moves cut cells
 * before the target, shifting right; AutoFill(xlFillDefault) continues a numeric step series of 2+ cells and
 * copies anything else (formulas with relative references shifted); SaveAs / ExportAsFixedFormat write a file
 * that starts as the format's does (zip, OLE2, %PDF; a real CSV for xlCSV) with the double's cells after it.
 * What it does NOT do: recalculate formulas after their inputs change, update references when columns move,
 * number formats other than dates. No Excel runs here.
 */

export const XL_CVERR = { div0: -2146826281, na: -2146826246, name: -2146826259, value: -2146826273, ref: -2146826265 } as const;
export const EXCEL_ROWS = 1_048_576;
export const EXCEL_COLUMNS = 16_384;

type Scalar = number | string | boolean | null;
interface Cell {
  formula?: string;
  value: Scalar | { $error: number };
  date?: boolean;
}

function named(args: unknown[]): { positional: unknown[]; named: Record<string, unknown> } {
  const last = args.at(-1);
  return isNamed(last) ? { positional: args.slice(0, -1), named: last.$named } : { positional: args, named: {} };
}

export function colNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}
export function colLetters(n: number): string {
  let s = '';
  for (let c = n; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
}

/** An A1 address -> [r1, c1, r2, c2]; whole columns ("C:C") span every row. */
function parseAddress(addr: string): [number, number, number, number] {
  const col = /^\$?([A-Z]{1,3}):\$?([A-Z]{1,3})$/i.exec(addr);
  if (col) return [1, colNumber(col[1]!), EXCEL_ROWS, colNumber(col[2]!)];
  const parts = addr.split(':');
  const cells = parts.map((p) => /^\$?([A-Z]{1,3})\$?(\d+)$/i.exec(p.trim()));
  if (parts.length > 2 || cells.some((m) => !m)) throw new ComDoubleError('INVALID_OPERATION', `Method 'Range' of object '_Worksheet' failed (${addr})`, '0x800A03EC');
  const [a, b] = [cells[0]!, (cells[1] ?? cells[0])!];
  const r = [Number(a[2]), colNumber(a[1]!), Number(b[2]), colNumber(b[1]!)] as const;
  if (r[0] < 1 || r[2] < 1 || r[0] > EXCEL_ROWS || r[2] > EXCEL_ROWS || r[1] > EXCEL_COLUMNS || r[3] > EXCEL_COLUMNS) {
    throw new ComDoubleError('INVALID_OPERATION', `Method 'Range' of object '_Worksheet' failed (${addr})`, '0x800A03EC');
  }
  return [Math.min(r[0], r[2]), Math.min(r[1], r[3]), Math.max(r[0], r[2]), Math.max(r[1], r[3])];
}

class Count {
  constructor(readonly Count: number) {}
}

/** A tiny formula evaluator: numbers, cell references, + - * /, parentheses, SUM/AVERAGE/MIN/MAX/COUNT of a range. */
class Formula {
  private i = 0;
  constructor(
    private readonly src: string,
    private readonly sheet: WorksheetDouble,
  ) {}
  static evaluate(src: string, sheet: WorksheetDouble): Scalar | { $error: number } {
    const f = new Formula(src.slice(1).replace(/\s+/g, ''), sheet);
    try {
      const v = f.expr();
      if (f.i !== f.src.length) throw new SyntaxError('trailing');
      return v;
    } catch (e) {
      if (e instanceof FormulaError) return { $error: e.code };
      throw e;
    }
  }
  /** Excel's syntax check: only a syntax error raises (DISP_E_EXCEPTION 0x800A03EC); #NAME? and the rest are results. */
  static check(src: string, sheet: WorksheetDouble): void {
    try {
      Formula.evaluate(src, sheet);
    } catch (e) {
      if (e instanceof SyntaxError) throw new ComDoubleError('INVALID_OPERATION', 'Exception from HRESULT: 0x800A03EC (the formula contains an error)', '0x800A03EC');
      throw e;
    }
  }
  private peek(): string {
    return this.src[this.i] ?? '';
  }
  private expr(): number {
    let v = this.term();
    while (this.peek() === '+' || this.peek() === '-') v = this.src[this.i++] === '+' ? v + this.term() : v - this.term();
    return v;
  }
  private term(): number {
    let v = this.factor();
    while (this.peek() === '*' || this.peek() === '/') {
      const op = this.src[this.i++];
      const r = this.factor();
      if (op === '/' && r === 0) throw new FormulaError(XL_CVERR.div0);
      v = op === '*' ? v * r : v / r;
    }
    return v;
  }
  private factor(): number {
    const rest = this.src.slice(this.i);
    if (this.peek() === '-') {
      this.i++;
      return -this.factor();
    }
    if (this.peek() === '(') {
      this.i++;
      const v = this.expr();
      if (this.src[this.i++] !== ')') throw new SyntaxError('paren');
      return v;
    }
    const num = /^\d+(\.\d+)?/.exec(rest);
    if (num) {
      this.i += num[0].length;
      return Number(num[0]);
    }
    const fn = /^([A-Z][A-Z0-9.]*)\(/i.exec(rest);
    if (fn) {
      this.i += fn[0].length;
      const range = /^\$?[A-Z]{1,3}\$?\d+(:\$?[A-Z]{1,3}\$?\d+)?/i.exec(this.src.slice(this.i));
      if (!range) throw new SyntaxError('range');
      this.i += range[0].length;
      if (this.src[this.i++] !== ')') throw new SyntaxError('paren');
      const [r1, c1, r2, c2] = parseAddress(range[0]);
      const nums: number[] = [];
      for (let r = r1; r <= r2; r++) for (let c = c1; c <= c2; c++) {
        const v = this.sheet.cell(r, c)?.value;
        if (typeof v === 'number') nums.push(v);
      }
      const name = fn[1]!.toUpperCase();
      if (name === 'SUM') return nums.reduce((a, b) => a + b, 0);
      if (name === 'COUNT') return nums.length;
      if (name === 'AVERAGE') {
        if (nums.length === 0) throw new FormulaError(XL_CVERR.div0);
        return nums.reduce((a, b) => a + b, 0) / nums.length;
      }
      if (name === 'MIN') return nums.length ? Math.min(...nums) : 0;
      if (name === 'MAX') return nums.length ? Math.max(...nums) : 0;
      throw new FormulaError(XL_CVERR.name);
    }
    const ref = /^\$?([A-Z]{1,3})\$?(\d+)/i.exec(rest);
    if (ref) {
      this.i += ref[0].length;
      const v = this.sheet.cell(Number(ref[2]), colNumber(ref[1]!))?.value;
      if (v === undefined || v === null) return 0;
      if (typeof v === 'number') return v;
      if (typeof v === 'object') throw new FormulaError(v.$error);
      throw new FormulaError(XL_CVERR.value);
    }
    throw new SyntaxError('token');
  }
}
class FormulaError extends Error {
  constructor(readonly code: number) {
    super(String(code));
  }
}

const NUMERIC = /^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

export class RangeDouble {
  constructor(
    readonly sheet: WorksheetDouble,
    readonly r1: number,
    readonly c1: number,
    readonly r2: number,
    readonly c2: number,
  ) {}
  private grid<T>(f: (r: number, c: number) => T): T | T[][] {
    if (this.r1 === this.r2 && this.c1 === this.c2) return f(this.r1, this.c1);
    const rows: T[][] = [];
    for (let r = this.r1; r <= this.r2; r++) {
      const row: T[] = [];
      for (let c = this.c1; c <= this.c2; c++) row.push(f(r, c));
      rows.push(row);
    }
    return rows;
  }
  private put(v: unknown, f: (r: number, c: number, x: unknown) => void): void {
    const rows = Array.isArray(v) ? (v as unknown[][]) : null;
    for (let r = this.r1; r <= this.r2; r++)
      for (let c = this.c1; c <= this.c2; c++) f(r, c, rows ? rows[r - this.r1]?.[c - this.c1] ?? null : v);
  }
  get Value(): unknown {
    return this.grid((r, c) => {
      const cell = this.sheet.cell(r, c);
      if (!cell) return null;
      if (cell.date && typeof cell.value === 'number') return { $type: 'date', value: cell.value };
      return cell.value;
    });
  }
  set Value(v: unknown) {
    this.put(v, (r, c, x) => this.sheet.enter(r, c, x));
  }
  get Value2(): unknown {
    return this.grid((r, c) => this.sheet.cell(r, c)?.value ?? null);
  }
  get Formula(): unknown {
    return this.grid((r, c) => {
      const cell = this.sheet.cell(r, c);
      if (!cell) return '';
      if (cell.formula) return cell.formula;
      const v = cell.value;
      return v === null ? '' : typeof v === 'boolean' ? (v ? 'TRUE' : 'FALSE') : typeof v === 'object' ? '' : String(v);
    });
  }
  set Formula(v: unknown) {
    // Excel checks a formula's syntax before it takes it: a broken one raises and changes nothing.
    this.put(v, (_r, _c, x) => {
      if (typeof x === 'string' && x.startsWith('=')) Formula.check(x, this.sheet);
    });
    this.put(v, (r, c, x) => this.sheet.enter(r, c, x));
  }
  get Text(): string {
    const cell = this.sheet.cell(this.r1, this.c1);
    if (!cell || cell.value === null) return '';
    if (cell.date && typeof cell.value === 'number') {
      const d = new Date(Math.round((cell.value - 25569) * 86400000));
      return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()}`;
    }
    const v = cell.value;
    if (typeof v === 'object') return Object.entries(XL_CVERR).find(([, code]) => code === v.$error)?.[0] ?? '#ERR';
    return typeof v === 'boolean' ? (v ? 'TRUE' : 'FALSE') : String(v);
  }
  get Row(): number {
    return this.r1;
  }
  get Column(): number {
    return this.c1;
  }
  get Rows(): Count {
    return new Count(this.r2 - this.r1 + 1);
  }
  get Columns(): Count {
    return new Count(this.c2 - this.c1 + 1);
  }
  get Address(): string {
    const a = `$${colLetters(this.c1)}$${this.r1}`;
    const b = `$${colLetters(this.c2)}$${this.r2}`;
    return a === b ? a : `${a}:${b}`;
  }
  get Worksheet(): WorksheetDouble {
    return this.sheet;
  }
  Select(): boolean {
    const wb = this.sheet.workbook;
    if (wb.ActiveSheet !== this.sheet) throw new ComDoubleError('INVALID_OPERATION', 'Select method of Range class failed', '0x800A03EC');
    wb.app.Selection = this;
    return true;
  }
  Cut(): boolean {
    this.sheet.workbook.app.cut = this;
    this.sheet.workbook.app.CutCopyMode = 2;
    return true;
  }
  Insert(shift?: unknown): boolean {
    const app = this.sheet.workbook.app;
    const cut = app.cut;
    if (!cut || cut.sheet !== this.sheet || cut.r1 !== 1 || cut.r2 !== EXCEL_ROWS || cut.c1 !== cut.c2 || this.c1 !== this.c2 || this.r1 !== 1) {
      throw new ComDoubleError('INVALID_OPERATION', 'Insert method of Range class failed (the double inserts only one cut whole column)', '0x800A03EC');
    }
    if (shift !== undefined && shift !== -4161) throw new ComDoubleError('INVALID_ARGUMENT', `shift ${String(shift)} is not xlShiftToRight for a column`, '0x80070057');
    this.sheet.moveColumn(cut.c1, this.c1);
    app.cut = null;
    app.CutCopyMode = 0;
    return true;
  }
  AutoFill(destination: unknown, type?: unknown): boolean {
    if (!(destination instanceof RangeDouble)) throw new ComDoubleError('INVALID_ARGUMENT', 'Destination is not a Range', '0x80020005');
    if (type !== undefined && type !== 0) throw new ComDoubleError('INVALID_ARGUMENT', 'the double fills with xlFillDefault only', '0x80070057');
    const d = destination;
    const contains = d.r1 <= this.r1 && d.c1 <= this.c1 && d.r2 >= this.r2 && d.c2 >= this.c2;
    const vertical = d.c1 === this.c1 && d.c2 === this.c2;
    const horizontal = d.r1 === this.r1 && d.r2 === this.r2;
    if (!contains || !(vertical || horizontal)) throw new ComDoubleError('INVALID_OPERATION', 'AutoFill method of Range class failed', '0x800A03EC');
    const lines = vertical ? this.c2 - this.c1 + 1 : this.r2 - this.r1 + 1;
    const len = vertical ? this.r2 - this.r1 + 1 : this.c2 - this.c1 + 1;
    const start = vertical ? this.r1 : this.c1;
    const [from, to] = vertical ? [d.r1, d.r2] : [d.c1, d.c2];
    for (let k = 0; k < lines; k++) {
      const at = (p: number): [number, number] => (vertical ? [p, this.c1 + k] : [this.r1 + k, p]);
      const src = Array.from({ length: len }, (_, i) => this.sheet.cell(...at(start + i)));
      const nums = src.map((c) => (c && !c.formula && typeof c.value === 'number' ? c.value : null));
      const step = len >= 2 && nums.every((n) => n !== null) ? (nums[1]! - nums[0]!) : null;
      const linear = step !== null && nums.every((n, i) => i === 0 || Math.abs(n! - nums[i - 1]! - step) < 1e-9);
      for (let p = from; p <= to; p++) {
        if (p >= start && p < start + len) continue;
        const [r, c] = at(p);
        if (linear) {
          this.sheet.enter(r, c, nums[0]! + (p - start) * step!);
          continue;
        }
        const i = (((p - start) % len) + len) % len;
        const s = src[i];
        const [sr, sc] = at(start + i);
        if (!s) this.sheet.enter(r, c, null);
        else if (s.formula) this.sheet.enter(r, c, shiftFormula(s.formula, r - sr, c - sc));
        else this.sheet.enter(r, c, s.value as Scalar);
      }
    }
    return true;
  }
}

/** Relative references move with the fill; $-anchored parts stay. */
function shiftFormula(f: string, dr: number, dc: number): string {
  return f.replace(/(\$?)([A-Z]{1,3})(\$?)(\d+)(?![\w(])/g, (_m, ca: string, col: string, ra: string, row: string) =>
    `${ca}${ca ? col : colLetters(colNumber(col) + dc)}${ra}${ra ? row : Number(row) + dr}`,
  );
}

export class WorksheetDouble {
  private readonly cells = new Map<string, Cell>();
  constructor(
    readonly workbook: WorkbookDouble,
    public Name: string,
  ) {}
  cell(r: number, c: number): Cell | undefined {
    return this.cells.get(`${r},${c}`);
  }
  /** Test setup: a date cell (an OLE serial shown as a date). */
  setDate(r: number, c: number, serial: number): void {
    this.cells.set(`${r},${c}`, { value: serial, date: true });
  }
  /** As typing into the cell would: numbers from numeric text, formulas from "=...", "" empties it. */
  enter(r: number, c: number, x: unknown): void {
    const key = `${r},${c}`;
    this.workbook.Saved = false;
    if (x === null || x === undefined || x === '') return void this.cells.delete(key);
    if (typeof x === 'number' || typeof x === 'boolean') return void this.cells.set(key, { value: x });
    if (typeof x === 'object' && x && '$type' in x && (x as { $type: string }).$type === 'date') {
      return void this.cells.set(key, { value: Number((x as unknown as { value: number }).value), date: true });
    }
    if (typeof x !== 'string') throw new ComDoubleError('INVALID_ARGUMENT', `the double cannot store a ${typeof x}`, '0x80020005');
    if (x.startsWith('=') && x.length > 1) {
      Formula.check(x, this);
      return void this.cells.set(key, { formula: x.toUpperCase() === x ? x : upperOutsideQuotes(x), value: Formula.evaluate(x, this) });
    }
    if (NUMERIC.test(x)) return void this.cells.set(key, { value: Number(x) });
    const u = x.trim().toUpperCase();
    if (u === 'TRUE' || u === 'FALSE') return void this.cells.set(key, { value: u === 'TRUE' });
    this.cells.set(key, { value: x });
  }
  moveColumn(from: number, to: number): void {
    const moved = new Map<string, Cell>();
    for (const [key, cell] of this.cells) {
      const [r, c] = key.split(',').map(Number) as [number, number];
      let nc = c;
      if (c === from) nc = from < to ? to - 1 : to;
      else if (from > to && c >= to && c < from) nc = c + 1;
      else if (from < to && c > from && c < to) nc = c - 1;
      moved.set(`${r},${nc}`, cell);
    }
    this.cells.clear();
    for (const [k, v] of moved) this.cells.set(k, v);
  }
  Range(a: unknown, b?: unknown): RangeDouble {
    if (typeof a !== 'string') throw new ComDoubleError('INVALID_ARGUMENT', 'Range(Cell1) takes an address here', '0x80020005');
    const [r1, c1, r2, c2] = parseAddress(b === undefined ? a : `${a}:${String(b)}`);
    return new RangeDouble(this, r1, c1, r2, c2);
  }
  get UsedRange(): RangeDouble {
    if (this.cells.size === 0) return new RangeDouble(this, 1, 1, 1, 1);
    let [r1, c1, r2, c2] = [Infinity, Infinity, 0, 0];
    for (const key of this.cells.keys()) {
      const [r, c] = key.split(',').map(Number) as [number, number];
      r1 = Math.min(r1, r);
      c1 = Math.min(c1, c);
      r2 = Math.max(r2, r);
      c2 = Math.max(c2, c);
    }
    return new RangeDouble(this, r1, c1, r2, c2);
  }
  get Rows(): Count {
    return new Count(EXCEL_ROWS);
  }
  get Columns(): Count {
    return new Count(EXCEL_COLUMNS);
  }
  Activate(): boolean {
    this.workbook.ActiveSheet = this;
    return true;
  }
  /** Every cell, for a test that says nothing changed. */
  dump(): Record<string, Cell> {
    return Object.fromEntries([...this.cells].sort(([a], [b]) => a.localeCompare(b)));
  }
}

function upperOutsideQuotes(f: string): string {
  return f.split('"').map((part, i) => (i % 2 === 0 ? part.toUpperCase() : part)).join('"');
}

export class WorksheetsDouble {
  constructor(private readonly workbook: WorkbookDouble) {}
  get Count(): number {
    return this.workbook.sheets.length;
  }
  Item(index: unknown): WorksheetDouble {
    const s = typeof index === 'number' ? this.workbook.sheets[index - 1] : this.workbook.sheets.find((x) => x.Name.toLowerCase() === String(index).toLowerCase());
    if (!s) throw new ComDoubleError('TARGET_NOT_FOUND', `Invalid index ${String(index)}`, '0x8002000B');
    return s;
  }
  Add(): WorksheetDouble {
    const s = new WorksheetDouble(this.workbook, `Sheet${this.workbook.sheets.length + 1}`);
    this.workbook.sheets.push(s);
    return s;
  }
}

export class WorkbookDouble {
  readonly sheets: WorksheetDouble[];
  ActiveSheet: WorksheetDouble;
  /** False once a cell changes, true again after a save (or when set). */
  Saved = true;
  Path = '';
  Name: string;
  /** Every SaveAs / ExportAsFixedFormat, in order. */
  readonly saves: { path: string; format: number | string }[] = [];
  constructor(
    readonly app: ExcelApplicationDouble,
    name: string,
  ) {
    this.Name = name;
    this.sheets = [new WorksheetDouble(this, 'Sheet1')];
    this.ActiveSheet = this.sheets[0]!;
  }
  get Worksheets(): WorksheetsDouble {
    return new WorksheetsDouble(this);
  }
  get Sheets(): WorksheetsDouble {
    return this.Worksheets;
  }
  get FullName(): string {
    return this.Path ? `${this.Path}/${this.Name}` : this.Name;
  }
  get Application(): ExcelApplicationDouble {
    return this.app;
  }
  SaveAs(...args: unknown[]): boolean {
    const { positional, named: n } = named(args);
    const path = String(n.Filename ?? n.FileName ?? positional[0] ?? '');
    const format = Number(n.FileFormat ?? positional[1] ?? 51);
    if (!path) throw new ComDoubleError('INVALID_ARGUMENT', 'SaveAs needs a file name', '0x80020005');
    this.write(path, format);
    this.Path = dirname(path);
    this.Name = basename(path);
    return true;
  }
  ExportAsFixedFormat(...args: unknown[]): boolean {
    const { positional, named: n } = named(args);
    const type = Number(positional[0] ?? n.Type);
    const path = String(n.Filename ?? positional[1] ?? '');
    this.write(path, type === 0 ? 'pdf' : 'xps');
    return true;
  }
  Save(): boolean {
    if (!this.Path) throw new ComDoubleError('INVALID_OPERATION', 'the double cannot ask where to save', '0x800A03EC');
    this.write(this.FullName, 51);
    return true;
  }
  Close(): boolean {
    this.app.workbooks.splice(this.app.workbooks.indexOf(this), 1);
    return true;
  }
  private write(path: string, format: number | string): void {
    const payload = JSON.stringify(this.sheets.map((s) => ({ name: s.Name, cells: s.dump() })));
    let head: Buffer;
    if (format === 'pdf') head = Buffer.from('%PDF-1.7 excel double\n');
    else if (format === 6) {
      const s = this.sheets[0]!;
      const used = s.UsedRange;
      const lines: string[] = [];
      for (let r = used.r1; r <= used.r2; r++) {
        const row: string[] = [];
        for (let c = used.c1; c <= used.c2; c++) row.push(new RangeDouble(s, r, c, r, c).Text);
        lines.push(row.map((t) => (/[",\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t)).join(','));
      }
      writeFileSync(path, lines.join('\r\n') + '\r\n');
      this.saves.push({ path, format });
      return;
    } else if (format === 56) head = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    else head = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
    if (extname(path) === '') throw new ComDoubleError('INVALID_ARGUMENT', 'no extension', '0x800A03EC');
    writeFileSync(path, Buffer.concat([head, Buffer.from(payload)]));
    this.saves.push({ path, format });
    this.Saved = true;
  }
}

export class WorkbooksDouble {
  constructor(private readonly app: ExcelApplicationDouble) {}
  get Count(): number {
    return this.app.workbooks.length;
  }
  Item(i: unknown): WorkbookDouble {
    const wb = typeof i === 'number' ? this.app.workbooks[i - 1] : this.app.workbooks.find((w) => w.Name === i);
    if (!wb) throw new ComDoubleError('TARGET_NOT_FOUND', `Invalid index ${String(i)}`, '0x8002000B');
    return wb;
  }
  Add(): WorkbookDouble {
    const wb = new WorkbookDouble(this.app, `Book${++this.app.booksMade}`);
    this.app.workbooks.push(wb);
    this.app.ActiveWorkbook = wb;
    return wb;
  }
  Open(): WorkbookDouble {
    throw new ComDoubleError('INVALID_OPERATION', 'the Excel double does not read files: build the workbook with Add and the functions', '0x800A03EC');
  }
}

export class ExcelApplicationDouble {
  readonly workbooks: WorkbookDouble[] = [];
  booksMade = 0;
  ActiveWorkbook: WorkbookDouble | null = null;
  Selection: RangeDouble | null = null;
  DisplayAlerts = true;
  Visible = false;
  CutCopyMode = 0;
  cut: RangeDouble | null = null;
  get Workbooks(): WorkbooksDouble {
    return new WorkbooksDouble(this);
  }
  Quit(): boolean {
    return true;
  }
}
