import { writeFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { ComDoubleError, ComDoubleTransport, isNamed } from '../com-object-double.js';

/*
 * A double of Word.Application's object model: the subset lib/office/word/word-com.ts uses, with the
 * behaviour Microsoft's Word VBA reference documents — no Microsoft Word runs here. The document is a list of
 * paragraphs, each occupying its text plus one paragraph mark in Word's character positions; every character
 * (marks included) has its own font. Range.Font reports a value when the whole range agrees and wdUndefined
 * (9999999; "" for Name) when it mixes; Bold and Italic read -1 (True) / 0 (False); Color is a BGR long
 * (wdColorAutomatic -16777216). Find.Execute moves its range onto the match. Tables.Add turns the range's
 * paragraph into rows × columns cell paragraphs (which Paragraphs counts, as Word's does) and keeps a
 * paragraph after the table. SaveAs2 writes a stand-in file that begins as the format's real files do
 * (%PDF-, a ZIP's PK, an OLE header ...) and holds the paragraphs' text: a double's file, not Word's.
 */

export const wdUndefined = 9_999_999;
export const wdColorAutomatic = -16_777_216;

interface Fmt {
  name: string;
  size: number;
  bold: boolean;
  italic: boolean;
  underline: number;
  color: number;
}
interface Para {
  text: string;
  style: string;
  /** The table it is a cell of (its id), or null for a body paragraph. */
  table: number | null;
  /** One per character and one for the paragraph mark. */
  fmt: Fmt[];
}

const DEFAULT_FMT: Fmt = { name: 'Calibri', size: 11, bold: false, italic: false, underline: 0, color: wdColorAutomatic };

export interface ParagraphSpec {
  text: string;
  style?: string;
  font?: Partial<Fmt>;
}

export class WordDocumentDouble {
  Name: string;
  FullName: string;
  Path: string;
  Saved = true;
  paras: Para[] = [];
  selection = { start: 0, end: 0 };
  private nextTable = 1;
  /** [path, FileFormat] of every SaveAs2 call. */
  readonly saves: [string, number][] = [];
  closed = false;

  constructor(name: string, path = '') {
    this.Name = name;
    this.Path = path;
    this.FullName = path ? `${path}/${name}` : name;
    this.paras = [para('', 'Normal')];
  }

  /** Test setup: the document's content. */
  load(paragraphs: ParagraphSpec[]): this {
    this.paras = paragraphs.map((p) => para(p.text, p.style ?? 'Normal', p.font));
    if (this.paras.length === 0) this.paras = [para('', 'Normal')];
    return this;
  }

  /** A deep copy of the content, for "left untouched" comparisons. */
  snapshot(): unknown {
    return JSON.parse(JSON.stringify({ paras: this.paras, selection: this.selection }));
  }

  starts(): number[] {
    const out: number[] = [];
    let pos = 0;
    for (const p of this.paras) {
      out.push(pos);
      pos += p.text.length + 1;
    }
    out.push(pos);
    return out;
  }
  get length(): number {
    return this.starts()[this.paras.length] as number;
  }
  /** Every character position's paragraph and offset in it. */
  at(pos: number): { para: Para; index: number; offset: number } {
    const s = this.starts();
    for (let i = 0; i < this.paras.length; i++) {
      if (pos < (s[i + 1] as number)) return { para: this.paras[i] as Para, index: i, offset: pos - (s[i] as number) };
    }
    const last = this.paras.length - 1;
    return { para: this.paras[last] as Para, index: last, offset: (this.paras[last] as Para).text.length };
  }
  textOf(start: number, end: number): string {
    return this.paras.map((p) => `${p.text}\r`).join('').slice(start, end);
  }
  fmtOf(start: number, end: number): Fmt[] {
    const out: Fmt[] = [];
    for (let pos = start; pos < end; pos++) {
      const { para: p, offset } = this.at(pos);
      out.push(p.fmt[offset] as Fmt);
    }
    return out;
  }

  // ---- the COM members ----
  get Paragraphs(): ParagraphsDouble {
    return new ParagraphsDouble(this);
  }
  get Styles(): StylesDouble {
    return new StylesDouble();
  }
  get Tables(): TablesDouble {
    return new TablesDouble(this, null);
  }
  get Content(): RangeDouble {
    return new RangeDouble(this, 0, this.length);
  }
  get ActiveWindow(): WindowDouble {
    return new WindowDouble(this);
  }
  Range(start?: number, end?: number): RangeDouble {
    const len = this.length;
    const s = start ?? 0;
    const e = end ?? len;
    if (s < 0 || e > len || s > e) throw new ComDoubleError('INVALID_OPERATION', `Range(${s}, ${e}): the document has ${len} characters`, '0x800A1066');
    return new RangeDouble(this, s, e);
  }
  SaveAs2(named?: unknown): void {
    const args = isNamed(named) ? named.$named : {};
    const file = String(args.FileName ?? '');
    const format = Number(args.FileFormat ?? 16);
    if (!file) throw new ComDoubleError('INVALID_ARGUMENT', 'SaveAs2: FileName is required by this double');
    const body = this.paras.map((p) => p.text).join('\n');
    const zip = Buffer.from('504b0304', 'hex');
    const ole = Buffer.from('d0cf11e0a1b11ae1', 'hex');
    const text = (t: string) => Buffer.from(t, 'utf8');
    const head: Record<number, Buffer> = { 0: ole, 1: ole, 6: text('{\\rtf1 '), 8: text('<html><body>'), 11: text('<?xml version="1.0"?>'), 12: zip, 13: zip, 14: zip, 15: zip, 16: zip, 17: text('%PDF-1.7\n') };
    writeFileSync(file, Buffer.concat([head[format] ?? Buffer.alloc(0), text(body)]));
    this.saves.push([file, format]);
    // SaveAs2 rebinds the document to the new file (Word does, for every format but the fixed-layout ones).
    if (format !== 17 && format !== 18) {
      this.Path = dirname(file);
      this.Name = basename(file);
      this.FullName = file;
    }
  }
  Save(): void {
    this.Saved = true;
  }
  Close(_save?: unknown): void {
    this.closed = true;
  }

  /** Tables.Add: the paragraph at `start` becomes rows × columns empty cells; a body paragraph stays after it. */
  addTable(start: number, rows: number, columns: number): number {
    const { index } = this.at(start);
    const id = this.nextTable++;
    const cells: Para[] = [];
    for (let i = 0; i < rows * columns; i++) cells.push({ ...para('', 'Normal'), table: id });
    this.paras.splice(index, 1, ...cells);
    if (index + cells.length >= this.paras.length) this.paras.push(para('', 'Normal'));
    return id;
  }
  tableIds(): number[] {
    return [...new Set(this.paras.filter((p) => p.table !== null).map((p) => p.table as number))];
  }
  tableShape(id: number): { rows: number; columns: number; start: number; end: number } {
    const s = this.starts();
    const idx = this.paras.flatMap((p, i) => (p.table === id ? [i] : []));
    const meta = this.shapes.get(id) ?? { rows: idx.length, columns: 1 };
    return { ...meta, start: s[idx[0] as number] as number, end: s[(idx[idx.length - 1] as number) + 1] as number };
  }
  readonly shapes = new Map<number, { rows: number; columns: number }>();
}

function para(text: string, style: string, font: Partial<Fmt> = {}): Para {
  const fmt = { ...DEFAULT_FMT, ...font };
  return { text, style, table: null, fmt: Array.from({ length: text.length + 1 }, () => ({ ...fmt })) };
}

export class ParagraphsDouble {
  constructor(private readonly doc: WordDocumentDouble) {}
  get Count(): number {
    return this.doc.paras.length;
  }
  Item(i: number): ParagraphDouble {
    if (!Number.isInteger(i) || i < 1 || i > this.doc.paras.length) throw new ComDoubleError('TARGET_NOT_FOUND', 'The requested member of the collection does not exist.', '0x800A16D1');
    return new ParagraphDouble(this.doc, i - 1);
  }
}

export class ParagraphDouble {
  constructor(private readonly doc: WordDocumentDouble, private readonly index: number) {}
  get Range(): RangeDouble {
    const s = this.doc.starts();
    return new RangeDouble(this.doc, s[this.index] as number, s[this.index + 1] as number);
  }
  get Style(): StyleDouble {
    return new StyleDouble((this.doc.paras[this.index] as Para).style);
  }
}

export class StyleDouble {
  constructor(readonly NameLocal: string) {}
}
export class StylesDouble {
  /** Built-in styles by WdBuiltinStyle (wdStyleTitle -63, wdStyleNormal -1, wdStyleHeading1 -2) or by name. */
  Item(which: number | string): StyleDouble {
    const builtin: Record<number, string> = { [-63]: 'Title', [-1]: 'Normal', [-2]: 'Heading 1', [-3]: 'Heading 2' };
    if (typeof which === 'number') {
      const name = builtin[which];
      if (!name) throw new ComDoubleError('TARGET_NOT_FOUND', `no built-in style ${which} in this double`, '0x800A16D1');
      return new StyleDouble(name);
    }
    return new StyleDouble(which);
  }
}

export class RangeDouble {
  constructor(
    private readonly doc: WordDocumentDouble,
    public Start: number,
    public End: number,
  ) {}
  get Text(): string {
    return this.doc.textOf(this.Start, this.End);
  }
  get Font(): FontDouble {
    return new FontDouble(this.doc, () => [this.Start, this.End]);
  }
  get Find(): FindDouble {
    return new FindDouble(this.doc, this);
  }
  get Tables(): TablesDouble {
    return new TablesDouble(this.doc, [this.Start, this.End]);
  }
  /** Information(wdWithInTable = 12): whether the range's start is in a table. */
  Information(type: number): boolean {
    if (type !== 12) throw new ComDoubleError('INVALID_ARGUMENT', `Information(${type}) is not in this double`);
    return this.doc.at(this.Start).para.table !== null;
  }
  /** wdCollapseStart 1 (default), wdCollapseEnd 0. */
  Collapse(direction = 1): void {
    if (direction === 0) this.Start = this.End;
    else this.End = this.Start;
  }
  /** A paragraph mark after the range, which then includes the new paragraph (Word's documented behaviour). */
  InsertParagraphAfter(): void {
    if (this.End >= this.doc.length) {
      this.doc.paras.push(para('', 'Normal'));
      this.Start = this.doc.length - 1;
      this.End = this.doc.length;
      return;
    }
    const { para: p, index, offset } = this.doc.at(this.End);
    const rest: Para = { text: p.text.slice(offset), style: p.style, table: p.table, fmt: p.fmt.slice(offset) };
    p.text = p.text.slice(0, offset);
    p.fmt = [...p.fmt.slice(0, offset), { ...(p.fmt[offset] ?? DEFAULT_FMT) }];
    this.doc.paras.splice(index + 1, 0, rest);
    this.End += 1;
  }
  Select(): void {
    this.doc.selection = { start: this.Start, end: this.End };
  }
}

export class FontDouble {
  constructor(
    private readonly doc: WordDocumentDouble,
    private readonly span: () => [number, number],
  ) {}
  private fmts(): Fmt[] {
    const [s, e] = this.span();
    return this.doc.fmtOf(s, e);
  }
  private read<K extends keyof Fmt>(key: K): Fmt[K] | undefined {
    const all = this.fmts().map((f) => f[key]);
    return all.length > 0 && all.every((v) => v === all[0]) ? all[0] : undefined;
  }
  private write<K extends keyof Fmt>(key: K, value: Fmt[K]): void {
    for (const f of this.fmts()) f[key] = value;
  }
  get Name(): string {
    return this.read('name') ?? '';
  }
  set Name(v: string) {
    this.write('name', String(v));
  }
  get Size(): number {
    return this.read('size') ?? wdUndefined;
  }
  set Size(v: number) {
    // Word keeps sizes in half points.
    this.write('size', Math.round(Number(v) * 2) / 2);
  }
  get Bold(): number {
    const v = this.read('bold');
    return v === undefined ? wdUndefined : v ? -1 : 0;
  }
  set Bold(v: number | boolean) {
    this.write('bold', v === true || (typeof v === 'number' && v !== 0));
  }
  get Italic(): number {
    const v = this.read('italic');
    return v === undefined ? wdUndefined : v ? -1 : 0;
  }
  set Italic(v: number | boolean) {
    this.write('italic', v === true || (typeof v === 'number' && v !== 0));
  }
  get Underline(): number {
    return this.read('underline') ?? wdUndefined;
  }
  set Underline(v: number) {
    this.write('underline', Number(v));
  }
  get Color(): number {
    return this.read('color') ?? wdUndefined;
  }
  set Color(v: number) {
    this.write('color', Number(v));
  }
}

export class FindDouble {
  Text = '';
  Forward = true;
  Wrap = 0;
  Format = false;
  MatchCase = false;
  MatchWholeWord = false;
  MatchWildcards = false;
  constructor(
    private readonly doc: WordDocumentDouble,
    readonly Parent: RangeDouble,
  ) {}
  ClearFormatting(): void {}
  /** Searches the parent range; on a match the range becomes the match. */
  Execute(): boolean {
    const hay = this.doc.textOf(this.Parent.Start, this.Parent.End);
    const i = this.MatchCase ? hay.indexOf(this.Text) : hay.toLowerCase().indexOf(this.Text.toLowerCase());
    if (i === -1 || this.Text === '') return false;
    const start = this.Parent.Start + i;
    this.Parent.Start = start;
    this.Parent.End = start + this.Text.length;
    return true;
  }
}

export class TablesDouble {
  constructor(
    private readonly doc: WordDocumentDouble,
    private readonly within: [number, number] | null,
  ) {}
  private ids(): number[] {
    return this.doc.tableIds().filter((id) => {
      if (!this.within) return true;
      const t = this.doc.tableShape(id);
      return t.start < this.within[1] && t.end > this.within[0];
    });
  }
  get Count(): number {
    return this.ids().length;
  }
  Item(i: number): TableDouble {
    const id = this.ids()[i - 1];
    if (id === undefined) throw new ComDoubleError('TARGET_NOT_FOUND', 'The requested member of the collection does not exist.', '0x800A16D1');
    return new TableDouble(this.doc, id);
  }
  Add(range: unknown, rows: number, columns: number): TableDouble {
    if (!(range instanceof RangeDouble)) throw new ComDoubleError('INVALID_ARGUMENT', 'Tables.Add: Range must be a Range', '0x80020005');
    if (!Number.isInteger(rows) || !Number.isInteger(columns) || rows < 1 || columns < 1 || columns > 63) {
      throw new ComDoubleError('INVALID_OPERATION', 'The number must be between 1 and 63.', '0x800A1772');
    }
    const id = this.doc.addTable(range.Start, rows, columns);
    this.doc.shapes.set(id, { rows, columns });
    return new TableDouble(this.doc, id);
  }
}

export class TableDouble {
  readonly Borders = new BordersDouble();
  constructor(
    private readonly doc: WordDocumentDouble,
    private readonly id: number,
  ) {}
  get Rows(): CountDouble {
    return new CountDouble(this.doc.tableShape(this.id).rows);
  }
  get Columns(): CountDouble {
    return new CountDouble(this.doc.tableShape(this.id).columns);
  }
  get Range(): RangeDouble {
    const t = this.doc.tableShape(this.id);
    return new RangeDouble(this.doc, t.start, t.end);
  }
  Select(): void {
    const t = this.doc.tableShape(this.id);
    this.doc.selection = { start: t.start, end: t.end };
  }
}
export class BordersDouble {
  Enable: number | boolean = 0;
}
export class CountDouble {
  constructor(readonly Count: number) {}
}

export class WindowDouble {
  constructor(private readonly doc: WordDocumentDouble) {}
  get Selection(): SelectionDouble {
    return new SelectionDouble(this.doc);
  }
}

/** The window's Selection: wdNoSelection 0 never happens in a document window; an insertion point is wdSelectionIP 1. */
export class SelectionDouble {
  constructor(private readonly doc: WordDocumentDouble) {}
  get Type(): number {
    return this.doc.selection.start === this.doc.selection.end ? 1 : 2;
  }
  get Start(): number {
    return this.doc.selection.start;
  }
  get End(): number {
    return this.doc.selection.end;
  }
  get Text(): string {
    return this.doc.textOf(this.doc.selection.start, this.doc.selection.end);
  }
  get Range(): RangeDouble {
    return new RangeDouble(this.doc, this.doc.selection.start, this.doc.selection.end);
  }
  get Font(): FontDouble {
    return new FontDouble(this.doc, () => [this.doc.selection.start, this.doc.selection.end]);
  }
  get Tables(): TablesDouble {
    return new TablesDouble(this.doc, [this.doc.selection.start, Math.max(this.doc.selection.end, this.doc.selection.start + 1)]);
  }
  Information(type: number): boolean {
    return this.Range.Information(type);
  }
}

export class DocumentsDouble {
  readonly list: WordDocumentDouble[] = [];
  private counter = 1;
  get Count(): number {
    return this.list.filter((d) => !d.closed).length;
  }
  Item(i: number | string): WordDocumentDouble {
    const open = this.list.filter((d) => !d.closed);
    const d = typeof i === 'number' ? open[i - 1] : open.find((x) => x.Name === i);
    if (!d) throw new ComDoubleError('TARGET_NOT_FOUND', 'The requested member of the collection does not exist.', '0x800A16D1');
    return d;
  }
  Add(_named?: unknown): WordDocumentDouble {
    const d = new WordDocumentDouble(`Document${this.counter++}`);
    this.list.push(d);
    return d;
  }
  Open(path: string, _named?: unknown): WordDocumentDouble {
    throw new ComDoubleError('INVALID_OPERATION', `this double opens no files (${path}): build the document with WordDocumentDouble.load`);
  }
}

export class WordApplicationDouble {
  readonly Documents = new DocumentsDouble();
  Visible = false;
  get ActiveDocument(): WordDocumentDouble {
    const open = this.Documents.list.filter((d) => !d.closed);
    const d = open[open.length - 1];
    if (!d) throw new ComDoubleError('INVALID_OPERATION', 'This command is not available because no document is open.', '0x800A1098');
    return d;
  }
  Quit(): void {}
}

/** A transport with Word.Application registered, and the Application to set documents up with. */
export function wordDouble(): { transport: ComDoubleTransport; word: WordApplicationDouble } {
  const word = new WordApplicationDouble();
  return { transport: new ComDoubleTransport({ 'Word.Application': word as unknown as Record<string, unknown> }), word };
}
