import { pathToFileURL } from 'node:url';
import { LambError } from '../../model/errors.js';
import type { WordSaveExtension } from '../../model/office-word.js';
import { Batch, isHandle, typed, unoEnum, unoProps, type OfficeObject, type OfficeValue } from '../office-bridge.js';
import type { OpenDocument } from '../office-function.js';
import {
  rgbNumber,
  rgbString,
  type WordDocument,
  type WordFont,
  type WordParagraph,
  type WordRangeTarget,
  type WordRun,
  type WordSelection,
  type WordTableShape,
} from './word-document.js';

/*
 * Writer through UNO (docs/OFFICE_UNO.md): the body's paragraphs and tables by enumerating getText() (a table is
 * one element of that enumeration), character attributes through each range's XPropertySet (CharWeight 150 is
 * bold, CharHeight in points, CharPosture ITALIC, CharUnderline SINGLE = 1, CharColor 0xRRGGBB, CharFontName),
 * the selection through the controller's XSelectionSupplier, tables through createInstance("TextTable") +
 * initialize + insertTextContent, search through createSearchDescriptor / findFirst, and files through
 * storeToURL with a filter. An enumeration costs one hop per element (hasMoreElements + nextElement in one
 * batch); everything read of the elements goes in one batch after it.
 */

/** Writer's filters for UFO's extensions; LibreOffice writes no MHT, XPS or macro-enabled template. */
const FILTERS: Partial<Record<WordSaveExtension, { filter: string; options?: string }>> = {
  '.doc': { filter: 'MS Word 97' },
  '.dot': { filter: 'MS Word 97 Vorlage' },
  '.txt': { filter: 'Text' },
  // Word's "Unicode Text" is UTF-16 (wdFormatUnicodeText).
  '.unicode.txt': { filter: 'Text (encoded)', options: 'UNICODE' },
  '.rtf': { filter: 'Rich Text Format' },
  '.htm': { filter: 'HTML (StarWriter)' },
  '.html': { filter: 'HTML (StarWriter)' },
  '.xml': { filter: 'MS Word 2003 XML' },
  '.docx': { filter: 'MS Word 2007 XML' },
  '.docm': { filter: 'MS Word 2007 XML VBA' },
  '.dotx': { filter: 'MS Word 2007 XML Template' },
  '.pdf': { filter: 'writer_pdf_Export' },
};

/** Character attributes as Writer's Bold/Italic/size buttons set them: Western, Asian and Complex script alike. */
const WEIGHT = ['CharWeight', 'CharWeightAsian', 'CharWeightComplex'];
const POSTURE = ['CharPosture', 'CharPostureAsian', 'CharPostureComplex'];
const HEIGHT = ['CharHeight', 'CharHeightAsian', 'CharHeightComplex'];
const READ = ['CharFontName', 'CharHeight', 'CharWeight', 'CharPosture', 'CharUnderline', 'CharColor'] as const;

const BOLD = 150;
const NORMAL = 100;

interface Element {
  readonly object: OfficeObject;
  readonly isTable: boolean;
}
interface ScannedParagraph extends WordParagraph {
  readonly object: OfficeObject;
}
interface Scan {
  readonly paragraphs: ScannedParagraph[];
  readonly tables: OfficeObject[];
}

export class WriterUnoDocument implements WordDocument {
  readonly suite = 'uno' as const;
  readonly saveExtensions = Object.keys(FILTERS) as WordSaveExtension[];
  private readonly doc: OfficeObject;

  constructor(document: OpenDocument) {
    this.doc = document.document;
  }

  private batch(): Batch {
    return this.doc.connection.batch();
  }
  private object(v: OfficeValue | undefined, what: string): OfficeObject {
    return this.doc.connection.wrap(v ?? null, `Writer (UNO): ${what}`);
  }

  /**
   * The elements an XEnumerationAccess enumerates, one hop each. The enumeration itself is added to `drop`, for
   * the caller to release at the start of its next batch (a release never fails, so it is not a hop of its own).
   */
  private async enumerate(access: OfficeObject | { $ref: number }, drop: OfficeObject[], prefix?: Batch): Promise<OfficeObject[]> {
    const b = prefix ?? this.batch();
    const e = b.call(access, 'createEnumeration');
    b.call(Batch.ref(e), 'hasMoreElements');
    const first = await b.run();
    const enumeration = this.object(first[e], 'createEnumeration');
    const out: OfficeObject[] = [];
    let more = first[e + 1] === true;
    while (more) {
      const step = this.batch();
      step.call(enumeration, 'nextElement');
      step.call(enumeration, 'hasMoreElements');
      const [el, next] = await step.run();
      out.push(this.object(el, 'nextElement'));
      more = next === true;
    }
    drop.push(enumeration);
    return out;
  }

  /**
   * The body's elements in document order, paragraphs and tables, each probed in the hop that fetches it.
   * A body always has a paragraph, so the first element comes with the enumeration itself. The enumeration is
   * added to `drop` (see enumerate).
   */
  private async body(drop: OfficeObject[]): Promise<Element[]> {
    const b = this.batch();
    const text = b.call(this.doc, 'getText');
    const e = b.call(Batch.ref(text), 'createEnumeration');
    const step = (batch: Batch, enumeration: OfficeObject | { $ref: number }) => {
      const el = batch.call(enumeration, 'nextElement');
      batch.call(Batch.ref(el), 'supportsService', 'com.sun.star.text.TextTable');
      batch.call(enumeration, 'hasMoreElements');
      return el;
    };
    const first = step(b, Batch.ref(e));
    let v = await b.run();
    const enumeration = this.object(v[e], 'createEnumeration');
    const out: Element[] = [{ object: this.object(v[first], 'nextElement'), isTable: v[first + 1] === true }];
    while (v[v.length - 1] === true) {
      const next = this.batch();
      step(next, enumeration);
      v = await next.run();
      out.push({ object: this.object(v[0], 'nextElement'), isTable: v[1] === true });
    }
    drop.push(enumeration);
    return out;
  }

  /**
   * The paragraphs and tables. A scan is kept for the writes of the same call (the objects a function
   * addresses were found by it) until something writes; `fresh` reads from the root again, as every
   * read-back does, and becomes the kept one.
   */
  private async scan(fresh = false): Promise<Scan> {
    if (!fresh && this.kept) return this.kept;
    const drop: OfficeObject[] = [];
    const elements = await this.body(drop);
    const paras = elements.filter((e) => !e.isTable);
    const b = this.batch();
    const released = drop.map((o) => b.release(o)).length;
    for (const p of paras) {
      b.call(p.object, 'getString');
      b.get(p.object, 'ParaStyleName');
    }
    const v = (await b.run()).slice(released);
    const paragraphs = paras.map((p, i) => {
      const style = str(v[i * 2 + 1]);
      return { index: i + 1, text: str(v[i * 2]), style, isTitle: style === 'Title', object: p.object };
    });
    this.kept = { paragraphs, tables: elements.filter((e) => e.isTable).map((e) => e.object) };
    return this.kept;
  }
  private kept: Scan | null = null;
  /** After a write the kept scan may be wrong: the next read scans again. */
  private wrote(): void {
    this.kept = null;
  }

  async paragraphs(): Promise<WordParagraph[]> {
    return (await this.scan()).paragraphs.map(({ index, text, style, isTitle }) => ({ index, text, style, isTitle }));
  }

  async tables(): Promise<WordTableShape[]> {
    const { tables } = await this.scan(true);
    const b = this.batch();
    for (const t of tables) {
      b.call(Batch.ref(b.call(t, 'getRows')), 'getCount');
      b.call(Batch.ref(b.call(t, 'getColumns')), 'getCount');
    }
    const v = await b.run();
    return tables.map((_, i) => ({ rows: num(v[i * 4 + 1]), columns: num(v[i * 4 + 3]) }));
  }

  /** UFO's insert_table puts the table at the end of the document: here after the body's last paragraph. */
  async insertTableAtEnd(rows: number, columns: number): Promise<void> {
    const b = this.batch();
    const table = b.call(this.doc, 'createInstance', 'com.sun.star.text.TextTable');
    b.call(Batch.ref(table), 'initialize', rows, columns);
    const text = b.call(this.doc, 'getText');
    const end = b.call(Batch.ref(text), 'getEnd');
    b.call(Batch.ref(text), 'insertTextContent', Batch.ref(end), Batch.ref(table), false);
    this.wrote();
    await b.run();
  }

  private controller(b: Batch): { $ref: number } {
    return Batch.ref(b.call(this.doc, 'getCurrentController'));
  }

  async selectText(text: string): Promise<boolean> {
    const b = this.batch();
    const desc = b.call(this.doc, 'createSearchDescriptor');
    b.call(Batch.ref(desc), 'setSearchString', text);
    // Word's Find defaults: not case-sensitive, not whole words, no wildcards (regular expressions).
    b.set(Batch.ref(desc), 'SearchCaseSensitive', false);
    b.set(Batch.ref(desc), 'SearchWords', false);
    b.set(Batch.ref(desc), 'SearchRegularExpression', false);
    const found = b.call(this.doc, 'findFirst', Batch.ref(desc));
    const v = await b.run();
    if (!isHandle(v[found])) return false;
    const s = this.batch();
    s.call(this.controller(s), 'select', v[found] as OfficeValue);
    await s.run();
    return true;
  }

  /** Paragraph `first`'s start and paragraph `last`'s end (or the text's end), as refs in `b`. */
  private async bounds(b: Batch, first: number, last: number | 'end'): Promise<{ text: { $ref: number }; start: { $ref: number }; end: { $ref: number } }> {
    const { paragraphs } = await this.scan();
    const a = paragraphs[first - 1];
    const z = last === 'end' ? undefined : paragraphs[last - 1];
    if (!a || (last !== 'end' && !z)) {
      throw new LambError('TARGET_NOT_FOUND', `select_paragraph (lam-bridge): the document has ${paragraphs.length} paragraphs, not ${!a ? first : last}`);
    }
    const text = Batch.ref(b.call(this.doc, 'getText'));
    const start = Batch.ref(b.call(a.object, 'getStart'));
    const end = Batch.ref(z ? b.call(z.object, 'getEnd') : b.call(text, 'getEnd'));
    return { text, start, end };
  }

  async selectParagraphs(first: number, last: number | 'end'): Promise<void> {
    const b = this.batch();
    const { text, start, end } = await this.bounds(b, first, last);
    const cursor = Batch.ref(b.call(text, 'createTextCursorByRange', start));
    b.call(cursor, 'gotoRange', end, true);
    b.call(this.controller(b), 'select', cursor);
    await b.run();
  }

  async selectionSpans(first: number, last: number | 'end'): Promise<boolean> {
    const b = this.batch();
    const { text, start, end } = await this.bounds(b, first, last);
    const sel = b.call(this.controller(b), 'getSelection');
    const isRanges = b.call(Batch.ref(sel), 'supportsService', 'com.sun.star.text.TextRanges');
    const v = await b.run();
    if (v[isRanges] !== true) return false;
    const c = this.batch();
    const range = Batch.ref(c.call(this.object(v[sel], 'getSelection'), 'getByIndex', 0));
    // XTextRangeCompare: 0 when the two positions are the same.
    const s = c.call(this.object(v[text.$ref], 'getText'), 'compareRegionStarts', range, v[start.$ref] as OfficeValue);
    const e = c.call(this.object(v[text.$ref], 'getText'), 'compareRegionEnds', range, v[end.$ref] as OfficeValue);
    const w = await c.run();
    return w[s] === 0 && w[e] === 0;
  }

  async selectTable(number: number): Promise<void> {
    const { tables } = await this.scan();
    const table = tables[number - 1];
    if (!table) throw new LambError('TARGET_NOT_FOUND', `select_table (lam-bridge): the document has ${tables.length} tables, not ${number}`);
    // controller.select(table) only puts the cursor into the first cell: a table cursor from the first cell
    // to the last selects every cell, as Word's Tables(n).Select does.
    const names = await table.call('getCellNames');
    const cells = Array.isArray(names) ? names.map(String) : [];
    const b = this.batch();
    const cursor = Batch.ref(b.call(table, 'createCursorByCellName', cells[0] ?? 'A1'));
    b.call(cursor, 'gotoCellByName', cells[cells.length - 1] ?? 'A1', true);
    b.call(this.controller(b), 'select', cursor);
    await b.run();
  }

  async selection(): Promise<WordSelection> {
    const b = this.batch();
    const controller = this.controller(b);
    const sel = b.call(controller, 'getSelection');
    const isRanges = b.call(Batch.ref(sel), 'supportsService', 'com.sun.star.text.TextRanges');
    const inTable = b.get(Batch.ref(b.call(controller, 'getViewCursor')), 'TextTable');
    const v = await b.run();
    let text = '';
    if (v[isRanges] === true) {
      const r = this.batch();
      const selection = this.object(v[sel], 'getSelection');
      r.call(selection, 'getCount');
      r.call(Batch.ref(r.call(selection, 'getByIndex', 0)), 'getString');
      const w = await r.run();
      text = num(w[0]) > 0 ? str(w[2]) : '';
    }
    let table: number | null = null;
    if (isHandle(v[inTable])) {
      // Which table: by name (every Writer table has a unique one).
      const { tables } = await this.scan();
      const n = this.batch();
      n.call(this.object(v[inTable], 'TextTable'), 'getName');
      for (const t of tables) n.call(t, 'getName');
      const names = await n.run();
      const i = names.slice(1).findIndex((x) => x === names[0]);
      table = i === -1 ? null : i + 1;
      // A selected table reads as its cells' text, which TextRanges does not give.
      if (v[isRanges] !== true) text = `table ${table ?? '?'} cells ${str(await this.object(v[sel], 'getSelection').call('getRangeName').catch(() => '?'))}`;
    }
    return { text, table };
  }

  /** The ranges a target addresses: the selection's (all of a multi-selection) or the paragraphs', freshly found. */
  private async ranges(target: WordRangeTarget, fresh = false): Promise<OfficeObject[]> {
    if (target.kind === 'selection') {
      const b = this.batch();
      const sel = b.call(this.controller(b), 'getSelection');
      b.call(Batch.ref(sel), 'supportsService', 'com.sun.star.text.TextRanges');
      const v = await b.run();
      if (v[sel + 1] !== true) return this.tableSelectionRanges(this.object(v[sel], 'getSelection'));
      const selection = this.object(v[sel], 'getSelection');
      const count = num(await selection.call('getCount'));
      const c = this.batch();
      for (let i = 0; i < count; i++) c.call(selection, 'getByIndex', i);
      return (await c.run()).map((r) => this.object(r, 'getByIndex'));
    }
    const { paragraphs } = await this.scan(fresh);
    return target.indices.map((i) => {
      const p = paragraphs[i - 1];
      if (!p) throw new LambError('TARGET_NOT_FOUND', `set_font (lam-bridge): the document has ${paragraphs.length} paragraphs, not ${i}`);
      return p.object;
    });
  }

  /**
   * A selection of table cells (select_table gives one) is a TextTableCursor, not text ranges: its cells'
   * texts, each spanned by a cursor, are what the selection's characters are.
   */
  private async tableSelectionRanges(selection: OfficeObject): Promise<OfficeObject[]> {
    const b = this.batch();
    b.call(selection, 'supportsService', 'com.sun.star.text.TextTableCursor');
    const name = b.call(selection, 'getRangeName');
    const table = b.get(Batch.ref(b.call(this.controller(b), 'getViewCursor')), 'TextTable');
    const v = await b.run().catch(() => [false]);
    if (v[0] !== true || typeof v[name] !== 'string' || !isHandle(v[table])) return [];
    const c = this.batch();
    for (const cell of cellNames(v[name] as string)) {
      const text = c.call(this.object(v[table], 'TextTable'), 'getCellByName', cell);
      const cursor = c.call(Batch.ref(text), 'createTextCursor');
      c.call(Batch.ref(cursor), 'gotoEnd', true);
    }
    const w = await c.run();
    return w.filter((_, i) => i % 3 === 1).map((x) => this.object(x, 'createTextCursor'));
  }

  async setFont(target: WordRangeTarget, font: WordFont): Promise<void> {
    const ranges = await this.ranges(target);
    // Each value of the declared type exactly (setPropertyValues converts nothing).
    const values: [string, OfficeValue][] = [];
    if (font.name !== undefined) values.push(['CharFontName', font.name]);
    if (font.size !== undefined) for (const p of HEIGHT) values.push([p, typed('float', font.size)]);
    if (font.bold !== undefined) for (const p of WEIGHT) values.push([p, typed('float', font.bold ? BOLD : NORMAL)]);
    if (font.italic !== undefined) for (const p of POSTURE) values.push([p, unoEnum('com.sun.star.awt.FontSlant', font.italic ? 'ITALIC' : 'NONE')]);
    // com.sun.star.awt.FontUnderline: SINGLE 1, NONE 0.
    if (font.underline !== undefined) values.push(['CharUnderline', typed('short', font.underline ? 1 : 0)]);
    if (font.color !== undefined) values.push(['CharColor', typed('long', rgbNumber(font.color))]);
    const b = this.batch();
    for (const r of ranges) {
      // A paragraph (SwXParagraph) has XMultiPropertySet: every attribute in one call, one round trip to
      // soffice instead of one per attribute. A selection's ranges (SwXTextRange) have only XPropertySet.
      if (target.kind === 'paragraphs') b.call(r, 'setPropertyValues', values.map(([n]) => n), values.map(([, v]) => v));
      else for (const [n, v] of values) b.set(r, n, v);
    }
    this.wrote();
    await b.run();
  }

  /** Every text portion of the addressed paragraphs (or of the selection's paragraphs, clipped to it). */
  async readFont(target: WordRangeTarget): Promise<WordRun[]> {
    const ranges = await this.ranges(target, true);
    const paragraphs: OfficeObject[] = [];
    const drop: OfficeObject[] = [];
    if (target.kind === 'selection') for (const r of ranges) paragraphs.push(...(await this.enumerate(r, drop)));
    else paragraphs.push(...ranges);
    // Each paragraph's portions, and the paragraph's own attributes for a paragraph without characters (an
    // empty table cell): they are what text typed there gets. All read in one batch, which first drops the
    // enumerations.
    const perParagraph: OfficeObject[][] = [];
    for (const p of paragraphs) perParagraph.push(await this.enumerate(p, drop));
    const portions = perParagraph.flat();
    const b = this.batch();
    for (const o of drop) b.release(o);
    const own = paragraphs.map((p) => b.call(p, 'getPropertyValues', [...READ]));
    const at = portions.map((p) => [b.call(p, 'getString'), b.call(p, 'getPropertyValues', [...READ])] as const);
    // Dropped in the same hop, after their reads.
    for (const o of [...portions, ...(target.kind === 'selection' ? paragraphs : [])]) b.release(o);
    const v = await b.run();
    const runs: WordRun[] = [];
    let k = 0;
    paragraphs.forEach((_, pi) => {
      const mine = at.slice(k, k + (perParagraph[pi]?.length ?? 0));
      k += mine.length;
      // Bookmarks, reference marks and other empty portions carry no characters.
      const withText = mine.filter(([t]) => str(v[t]) !== '');
      if (withText.length === 0) runs.push(toRun('', v[own[pi] as number]));
      for (const [t, values] of withText) runs.push(toRun(str(v[t]), v[values]));
    });
    return runs;
  }

  async saveAs(path: string, ext: WordSaveExtension): Promise<{ method: string }> {
    const f = FILTERS[ext];
    if (!f) throw new LambError('INVALID_ARGUMENT', `save_as (lam-bridge): LibreOffice cannot write ${ext}; it writes ${this.saveExtensions.join(' ')}`);
    const props: Record<string, OfficeValue> = { FilterName: f.filter, Overwrite: true };
    if (f.options) props.FilterOptions = f.options;
    // storeToURL writes a copy: the document stays bound to its own file (Word's SaveAs2 rebinds it).
    await this.doc.call('storeToURL', pathToFileURL(path).href, unoProps(props));
    return { method: `UNO XStorable.storeToURL(FilterName "${f.filter}")` };
  }
}

/** The cells of a simple table range name ("A1:C3"; columns A..Z, then AA.. as Writer names them). */
function cellNames(range: string): string[] {
  const m = /^([A-Za-z]+)(\d+)(?::([A-Za-z]+)(\d+))?$/.exec(range);
  if (!m) return [];
  const col = (s: string) => [...s].reduce((n, ch) => n * 52 + (ch >= 'a' ? ch.charCodeAt(0) - 97 + 26 : ch.charCodeAt(0) - 65) + 1, 0) - 1;
  const name = (c: number): string => (c < 52 ? letter(c) : name(Math.floor(c / 52) - 1) + letter(c % 52));
  const letter = (c: number) => String.fromCharCode(c < 26 ? 65 + c : 97 + c - 26);
  const [c1, r1] = [col(m[1] as string), Number(m[2])];
  const [c2, r2] = m[3] ? [col(m[3]), Number(m[4])] : [c1, r1];
  const out: string[] = [];
  for (let r = Math.min(r1, r2); r <= Math.max(r1, r2); r++) for (let c = Math.min(c1, c2); c <= Math.max(c1, c2); c++) out.push(`${name(c)}${r}`);
  return out;
}

/** A run from getPropertyValues(READ) (CharFontName, CharHeight, CharWeight, CharPosture, CharUnderline, CharColor). */
function toRun(text: string, read: OfficeValue | undefined): WordRun {
  const values = (Array.isArray(read) ? read : []) as OfficeValue[];
  const [name, height, weight, posture, underline, color] = values;
  const slant = enumValue(posture);
  return {
    text,
    name: str(name),
    size: num(height),
    bold: num(weight) >= BOLD,
    italic: slant === 'ITALIC' || slant === 'OBLIQUE',
    underline: num(underline) !== 0,
    color: rgbString(num(color)),
    raw: {
      name: `CharFontName ${JSON.stringify(name)}`,
      size: `CharHeight ${JSON.stringify(height)}`,
      bold: `CharWeight ${JSON.stringify(weight)}`,
      italic: `CharPosture ${slant ?? JSON.stringify(posture)}`,
      underline: `CharUnderline ${JSON.stringify(underline)}`,
      color: `CharColor ${JSON.stringify(color)}`,
    },
  };
}

function num(v: OfficeValue | undefined): number {
  return typeof v === 'number' ? v : Number.NaN;
}
function str(v: OfficeValue | undefined): string {
  return typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v);
}
function enumValue(v: OfficeValue | undefined): string | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) && '$enum' in v ? String((v as { value?: unknown }).value) : typeof v === 'string' ? v : undefined;
}
