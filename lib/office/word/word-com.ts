import { LambError } from '../../model/errors.js';
import { WORD_SAVE_FORMATS, type WordSaveExtension } from '../../model/office-word.js';
import { Batch, type OfficeObject, type OfficeValue } from '../office-bridge.js';
import type { OpenDocument } from '../office-function.js';
import {
  bgrNumber,
  bgrString,
  type WordDocument,
  type WordFont,
  type WordParagraph,
  type WordRangeTarget,
  type WordRun,
  type WordSelection,
  type WordTableShape,
} from './word-document.js';

/*
 * Word through COM IDispatch (docs/OFFICE.md), written from Microsoft's Word VBA object-model reference: the
 * Document's Paragraphs(i).Range, Range.Font (Bold/Italic are -1 True / 0 False, 9999999 wdUndefined when
 * the range mixes), Tables.Add(Range, NumRows, NumColumns), Range.Find.Execute, the document window's
 * Selection, and SaveAs2(FileName, FileFormat). Each function's member accesses go in as few batches as the
 * data allows (one hop for a whole paragraph scan).
 */

const wdWithInTable = 12;
const wdCollapseEnd = 0;
const wdStyleTitle = -63;
const wdUndefined = 9_999_999;
const wdFindStop = 0;

interface ScannedParagraph extends WordParagraph {
  /** Its position in Word's Paragraphs collection (which also counts the paragraphs of table cells). */
  readonly item: number;
  readonly start: number;
  readonly end: number;
}

export class WordComDocument implements WordDocument {
  readonly suite = 'com' as const;
  readonly saveExtensions = Object.keys(WORD_SAVE_FORMATS) as WordSaveExtension[];
  private readonly doc: OfficeObject;

  constructor(document: OpenDocument) {
    this.doc = document.document;
  }

  private object(v: OfficeValue | undefined, what: string): OfficeObject {
    return this.doc.connection.wrap(v ?? null, `Word (COM): ${what}`);
  }

  private batch(): Batch {
    return this.doc.connection.batch();
  }

  async paragraphs(): Promise<WordParagraph[]> {
    return (await this.scan()).map(({ index, text, style, isTitle }) => ({ index, text, style, isTitle }));
  }

  /** Every paragraph of the document, then the body's (outside tables), numbered from 1. */
  private async scan(): Promise<ScannedParagraph[]> {
    const b = this.batch();
    const paras = b.get(this.doc, 'Paragraphs');
    b.get(Batch.ref(paras), 'Count');
    const styles = b.get(this.doc, 'Styles');
    const title = b.call(Batch.ref(styles), 'Item', wdStyleTitle);
    b.get(Batch.ref(title), 'NameLocal');
    const head = await b.run();
    const count = num(head[1]);
    const titleName = str(head[4]);
    const collection = this.object(head[0], 'Paragraphs');
    const scan = this.batch();
    const objects: number[] = [];
    for (let i = 1; i <= count; i++) {
      const p = scan.call(collection, 'Item', i);
      const r = scan.get(Batch.ref(p), 'Range');
      scan.get(Batch.ref(r), 'Text');
      scan.get(Batch.ref(r), 'Information', wdWithInTable);
      scan.get(Batch.ref(r), 'Start');
      scan.get(Batch.ref(r), 'End');
      const s = scan.get(Batch.ref(p), 'Style');
      scan.get(Batch.ref(s), 'NameLocal');
      objects.push(p, r, s);
    }
    // The scan's Paragraph, Range and Style objects are dropped in the same hop (a long session would keep
    // thousands of handles otherwise); their results come after all the reads.
    for (const o of objects) scan.release(Batch.ref(o));
    const values = await scan.run();
    const out: ScannedParagraph[] = [];
    for (let i = 0; i < count; i++) {
      const v = values.slice(i * 8, i * 8 + 8);
      if (truthy(v[3])) continue;
      const style = str(v[7]);
      out.push({ index: out.length + 1, item: i + 1, text: paragraphText(str(v[2])), style, isTitle: style === titleName, start: num(v[4]), end: num(v[5]) });
    }
    return out;
  }

  async tables(): Promise<WordTableShape[]> {
    const b = this.batch();
    const tables = b.get(this.doc, 'Tables');
    b.get(Batch.ref(tables), 'Count');
    const [collection, count] = await b.run();
    const t = this.batch();
    for (let i = 1; i <= num(count); i++) {
      const table = t.call(this.object(collection, 'Tables'), 'Item', i);
      t.get(Batch.ref(t.get(Batch.ref(table), 'Rows')), 'Count');
      t.get(Batch.ref(t.get(Batch.ref(table), 'Columns')), 'Count');
    }
    const v = await t.run();
    const out: WordTableShape[] = [];
    for (let i = 0; i < num(count); i++) out.push({ rows: num(v[i * 5 + 2]), columns: num(v[i * 5 + 4]) });
    return out;
  }

  /** UFO's insert_table: the document's range collapsed to its end, a paragraph after it, Tables.Add there, borders on. */
  async insertTableAtEnd(rows: number, columns: number): Promise<void> {
    const b = this.batch();
    const end = b.call(this.doc, 'Range');
    b.call(Batch.ref(end), 'Collapse', wdCollapseEnd);
    b.call(Batch.ref(end), 'InsertParagraphAfter');
    const tables = b.get(this.doc, 'Tables');
    const table = b.call(Batch.ref(tables), 'Add', Batch.ref(end), rows, columns);
    b.set(Batch.ref(b.get(Batch.ref(table), 'Borders')), 'Enable', -1);
    await b.run();
  }

  async selectText(text: string): Promise<boolean> {
    const b = this.batch();
    const range = b.call(this.doc, 'Range');
    const find = b.get(Batch.ref(range), 'Find');
    const f = Batch.ref(find);
    // Find keeps its settings from the last search in the session: set every one that changes what matches.
    b.call(f, 'ClearFormatting');
    b.set(f, 'Text', text);
    b.set(f, 'Forward', true);
    b.set(f, 'Wrap', wdFindStop);
    b.set(f, 'Format', false);
    b.set(f, 'MatchCase', false);
    b.set(f, 'MatchWholeWord', false);
    b.set(f, 'MatchWildcards', false);
    const found = b.call(f, 'Execute');
    const v = await b.run();
    if (!truthy(v[found])) return false;
    // Execute moved the range onto the match (Find.Parent is that range): select it.
    await this.object(v[range], 'Range').call('Select');
    return true;
  }

  private async bounds(first: number, last: number | 'end'): Promise<{ start: number; end: number }> {
    const paras = await this.scan();
    const a = paras[first - 1];
    if (!a) throw new LambError('TARGET_NOT_FOUND', `select_paragraph (lam-bridge): the document has ${paras.length} paragraphs, not ${first}`);
    if (last === 'end') {
      const b = this.batch();
      b.get(Batch.ref(b.get(this.doc, 'Content')), 'End');
      const v = await b.run();
      return { start: a.start, end: num(v[1]) };
    }
    const z = paras[last - 1];
    if (!z) throw new LambError('TARGET_NOT_FOUND', `select_paragraph (lam-bridge): the document has ${paras.length} paragraphs, not ${last}`);
    return { start: a.start, end: z.end };
  }

  async selectParagraphs(first: number, last: number | 'end'): Promise<void> {
    const { start, end } = await this.bounds(first, last);
    const b = this.batch();
    b.call(Batch.ref(b.call(this.doc, 'Range', start, end)), 'Select');
    await b.run();
  }

  async selectionSpans(first: number, last: number | 'end'): Promise<boolean> {
    const { start, end } = await this.bounds(first, last);
    const b = this.batch();
    const sel = this.selectionRef(b);
    b.get(sel, 'Start');
    b.get(sel, 'End');
    const v = await b.run();
    return num(v[v.length - 2]) === start && num(v[v.length - 1]) === end;
  }

  async selectTable(number: number): Promise<void> {
    const b = this.batch();
    b.call(Batch.ref(b.call(Batch.ref(b.get(this.doc, 'Tables')), 'Item', number)), 'Select');
    await b.run();
  }

  /** The document window's Selection (not the Application's, which follows whichever window is active). */
  private selectionRef(b: Batch): { $ref: number } {
    return Batch.ref(b.get(Batch.ref(b.get(this.doc, 'ActiveWindow')), 'Selection'));
  }

  async selection(): Promise<WordSelection> {
    const b = this.batch();
    const sel = this.selectionRef(b);
    const type = b.get(sel, 'Type');
    const text = b.get(sel, 'Text');
    const inTable = b.get(sel, 'Information', wdWithInTable);
    const v = await b.run();
    // wdNoSelection (0) and an insertion point (wdSelectionIP, 1) select no text.
    const t = num(v[type]) <= 1 ? '' : str(v[text]);
    if (!truthy(v[inTable])) return { text: t, table: null };
    // Which table: the one whose range starts where the selection's first table does.
    const q = this.batch();
    const s2 = this.selectionRef(q);
    const selTable = q.call(Batch.ref(q.get(s2, 'Tables')), 'Item', 1);
    const selStart = q.get(Batch.ref(q.get(Batch.ref(selTable), 'Range')), 'Start');
    const tables = q.get(this.doc, 'Tables');
    const count = q.get(Batch.ref(tables), 'Count');
    const w = await q.run();
    const starts = this.batch();
    for (let i = 1; i <= num(w[count]); i++) starts.get(Batch.ref(starts.get(Batch.ref(starts.call(this.object(w[tables], 'Tables'), 'Item', i)), 'Range')), 'Start');
    const s = await starts.run();
    const n = s.filter((_, i) => i % 3 === 2).findIndex((x) => num(x) === num(w[selStart]));
    return { text: t, table: n === -1 ? null : n + 1 };
  }

  /** The Range objects of a target, as refs in `b`. */
  private async ranges(b: Batch, target: WordRangeTarget): Promise<{ $ref: number }[]> {
    if (target.kind === 'selection') return [Batch.ref(b.get(this.selectionRef(b), 'Range'))];
    const paras = await this.scan();
    const collection = b.get(this.doc, 'Paragraphs');
    return target.indices.map((i) => {
      const p = paras[i - 1];
      if (!p) throw new LambError('TARGET_NOT_FOUND', `set_font (lam-bridge): the document has ${paras.length} paragraphs, not ${i}`);
      return Batch.ref(b.get(Batch.ref(b.call(Batch.ref(collection), 'Item', p.item)), 'Range'));
    });
  }

  async setFont(target: WordRangeTarget, font: WordFont): Promise<void> {
    const b = this.batch();
    for (const range of await this.ranges(b, target)) {
      const f = Batch.ref(b.get(range, 'Font'));
      if (font.name !== undefined) b.set(f, 'Name', font.name);
      if (font.size !== undefined) b.set(f, 'Size', font.size);
      if (font.bold !== undefined) b.set(f, 'Bold', font.bold ? -1 : 0);
      if (font.italic !== undefined) b.set(f, 'Italic', font.italic ? -1 : 0);
      // wdUnderlineSingle (1) / wdUnderlineNone (0).
      if (font.underline !== undefined) b.set(f, 'Underline', font.underline ? 1 : 0);
      if (font.color !== undefined) b.set(f, 'Color', bgrNumber(font.color));
    }
    await b.run();
  }

  /** Word reports a range's font at once, wdUndefined where it mixes: one run per addressed range. */
  async readFont(target: WordRangeTarget): Promise<WordRun[]> {
    const b = this.batch();
    const ranges = await this.ranges(b, target);
    const at = ranges.map((range) => {
      const text = b.get(range, 'Text');
      const f = Batch.ref(b.get(range, 'Font'));
      return { text, name: b.get(f, 'Name'), size: b.get(f, 'Size'), bold: b.get(f, 'Bold'), italic: b.get(f, 'Italic'), underline: b.get(f, 'Underline'), color: b.get(f, 'Color') };
    });
    const v = await b.run();
    return at.map((a) => {
      const size = num(v[a.size]);
      const color = num(v[a.color]);
      return {
        text: paragraphText(str(v[a.text])),
        name: str(v[a.name]) === '' ? null : str(v[a.name]),
        size: size === wdUndefined ? null : size,
        bold: tri(v[a.bold]),
        italic: tri(v[a.italic]),
        underline: v[a.underline] === wdUndefined ? null : num(v[a.underline]) !== 0,
        color: color === wdUndefined ? null : bgrString(color),
        raw: {
          name: `Font.Name ${JSON.stringify(v[a.name])}`,
          size: `Font.Size ${JSON.stringify(v[a.size])}`,
          bold: `Font.Bold ${JSON.stringify(v[a.bold])}`,
          italic: `Font.Italic ${JSON.stringify(v[a.italic])}`,
          underline: `Font.Underline ${JSON.stringify(v[a.underline])}`,
          color: `Font.Color ${JSON.stringify(v[a.color])}`,
        },
      };
    });
  }

  async saveAs(path: string, ext: WordSaveExtension): Promise<{ method: string }> {
    await this.doc.callNamed('SaveAs2', [], { FileName: path, FileFormat: WORD_SAVE_FORMATS[ext] });
    return { method: `COM Document.SaveAs2(FileFormat ${WORD_SAVE_FORMATS[ext]})` };
  }
}

function num(v: OfficeValue | undefined): number {
  return typeof v === 'number' ? v : typeof v === 'boolean' ? (v ? -1 : 0) : Number.NaN;
}
function str(v: OfficeValue | undefined): string {
  return typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v);
}
function truthy(v: OfficeValue | undefined): boolean {
  return v === true || (typeof v === 'number' && v !== 0);
}
/** Word's tri-state: -1 (or 1) True, 0 False, wdUndefined mixed. */
function tri(v: OfficeValue | undefined): boolean | null {
  if (v === wdUndefined) return null;
  return truthy(v);
}
/** A paragraph's Range.Text without its paragraph mark (and a cell's end-of-cell mark). */
function paragraphText(t: string): string {
  return t.replace(/\r\x07?$/, '').replace(/\x07$/, '');
}
