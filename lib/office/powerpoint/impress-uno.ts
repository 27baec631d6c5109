import { fileURLToPath, pathToFileURL } from 'node:url';
import { LambError } from '../../model/errors.js';
import type { Bullet, SaveFormat, SlideLayout } from '../../model/office-powerpoint.js';
import { Batch, unoEnum, unoProps, type OfficeObject, type OfficeValue } from '../office-bridge.js';
import { UNO_AUTOLAYOUT } from './layouts.js';
import type { BackgroundFacts, ParagraphFacts, PlaceholderFacts, PlaceholderKind, Presentation, SlideFacts } from './presentation.js';

/*
 * The presentation through LibreOffice Impress over UNO (docs/OFFICE_UNO.md): the document's getDrawPages()
 * (XDrawPages: getByIndex, insertNewByIndex, which inserts AFTER the page it is given), each page's Layout
 * (AutoLayout) and Background (a com.sun.star.drawing.Background fill), and its presentation objects
 * (com.sun.star.presentation.TitleTextShape, OutlinerShape, ...), whose paragraphs carry NumberingLevel.
 */

const PRESENTATION_SHAPE = 'com.sun.star.presentation.';
const SHAPE_KIND: Readonly<Record<string, PlaceholderKind>> = {
  TitleTextShape: 'title',
  OutlinerShape: 'body',
  SubtitleShape: 'subtitle',
};

/** storeToURL / storeAsURL filter names (LibreOffice's filter configuration). */
export const UNO_FILTER: Readonly<Record<SaveFormat, string>> = {
  '.pptx': 'Impress MS PowerPoint 2007 XML',
  '.ppt': 'MS PowerPoint 97',
  '.odp': 'impress8',
  '.pdf': 'impress_pdf_Export',
  '.png': 'impress_png_Export',
  '.jpg': 'impress_jpg_Export',
  '.gif': 'impress_gif_Export',
  '.bmp': 'impress_bmp_Export',
};
/** Formats the presentation itself is stored in (the document then lives there); the rest are exports. */
const DOCUMENT_FORMATS: readonly SaveFormat[] = ['.pptx', '.ppt', '.odp'];

export class ImpressUnoPresentation implements Presentation {
  constructor(readonly document: OfficeObject) {}

  private get connection() {
    return this.document.connection;
  }

  async slideCount(): Promise<number> {
    const b = this.connection.batch();
    const pages = b.call(this.document, 'getDrawPages');
    b.call(Batch.ref(pages), 'getCount');
    const [, count] = await b.run();
    return Number(count);
  }

  /** Slide `index` (1-based), from the document's root. */
  private async page(index: number): Promise<OfficeObject> {
    const b = this.connection.batch();
    const pages = b.call(this.document, 'getDrawPages');
    b.call(Batch.ref(pages), 'getByIndex', index - 1);
    const [, page] = await b.run();
    return this.connection.wrap(page ?? null, 'getByIndex');
  }

  /** The page's presentation objects, in page order: [shape, its type]. */
  private async placeholderShapes(index: number): Promise<{ shape: OfficeObject; type: string }[]> {
    const page = await this.page(index);
    const count = Number(await page.call('getCount'));
    const b = this.connection.batch();
    for (let i = 0; i < count; i++) {
      const s = b.call(page, 'getByIndex', i);
      b.call(Batch.ref(s), 'getShapeType');
    }
    const values = await b.run();
    const out: { shape: OfficeObject; type: string }[] = [];
    for (let i = 0; i < count; i++) {
      const type = String(values[2 * i + 1] ?? '');
      if (type.startsWith(PRESENTATION_SHAPE)) out.push({ shape: this.connection.wrap(values[2 * i] ?? null, 'getByIndex'), type });
    }
    return out;
  }

  async readSlide(index: number): Promise<SlideFacts> {
    const shapes = await this.placeholderShapes(index);
    const placeholders: PlaceholderFacts[] = [];
    for (const [i, { shape, type }] of shapes.entries()) {
      const short = type.slice(PRESENTATION_SHAPE.length);
      placeholders.push({ number: i + 1, kind: SHAPE_KIND[short] ?? 'other', type, paragraphs: await this.paragraphs(shape, SHAPE_KIND[short] === 'body') });
    }
    return { index, placeholders };
  }

  /**
   * The shape's paragraphs, one hop each (the count is not known before the enumeration ends). An empty
   * placeholder (its one paragraph empty) reads as none. `outline`: the shape is an outline, whose paragraphs
   * show a bullet when they have an outline level and are numbered; other shapes' are never bulleted here.
   */
  private async paragraphs(shape: OfficeObject, outline: boolean): Promise<ParagraphFacts[]> {
    const first = this.connection.batch();
    first.call(shape, 'getString');
    const e = first.call(shape, 'createEnumeration');
    first.call(Batch.ref(e), 'hasMoreElements');
    const [text, enumerationValue, hasFirst] = await first.run();
    const enumeration = this.connection.wrap(enumerationValue ?? null, 'createEnumeration');
    const out: ParagraphFacts[] = [];
    const done: OfficeValue[] = [];
    // One hop per paragraph: its facts and whether another follows.
    let more = text === '' || text === null ? false : hasFirst;
    for (let i = 0; i < 10_000 && more === true; i++) {
      const b = this.connection.batch();
      const p = b.call(enumeration, 'nextElement');
      b.call(Batch.ref(p), 'getString');
      b.get(Batch.ref(p), 'NumberingLevel');
      b.get(Batch.ref(p), 'NumberingIsNumber');
      b.call(enumeration, 'hasMoreElements');
      const [para, s, level, isNumber, next] = await b.run();
      done.push(para ?? null);
      more = next ?? false;
      // Measured (LibreOffice 7.4): text set with setString has NumberingLevel void and NumberingIsNumber
      // true, and is saved without bullets (buNone); with NumberingLevel set it is saved with a bullet.
      out.push({ text: String(s ?? ''), level: Number(level ?? 0), bulleted: outline && level !== null && isNumber !== false });
    }
    await this.release([...done, enumeration.ref]);
    return out;
  }

  private async release(values: OfficeValue[]): Promise<void> {
    const b = this.connection.batch();
    for (const v of values) if (v && typeof v === 'object' && '$handle' in v) b.release(this.connection.wrap(v, 'release'));
    await b.run();
  }

  async addSlide(index: number, layout: SlideLayout): Promise<void> {
    const count = await this.slideCount();
    if (index === 1 && count >= 1) {
      await this.newFirst(layout);
      return;
    }
    const b = this.connection.batch();
    const pages = b.call(this.document, 'getDrawPages');
    // insertNewByIndex(i) puts the new page after page i (0-based).
    const page = b.call(Batch.ref(pages), 'insertNewByIndex', index - 2);
    b.set(Batch.ref(page), 'Layout', UNO_AUTOLAYOUT[layout]);
    await b.run();
  }

  /**
   * A new first slide. XDrawPages inserts only after a page and cannot reorder, and the slide sorter's
   * "Move Slide to Start" (.uno:MovePageFirst) does nothing in a hidden document (measured: the order stays).
   * So the first page is duplicated (XDrawPageDuplicator puts the copy, with its shapes, notes, background
   * and transition, right after it, as slide 2) and the first page itself is made the new slide: its shapes
   * removed, its layout applied afresh (Layout NONE then the layout, which makes new placeholders), its own
   * background and its notes' text cleared. What stays on it from the old first slide: its transition
   * settings and its identity (a macro holding that page object now holds the new slide).
   */
  private async newFirst(layout: SlideLayout): Promise<void> {
    const first = await this.page(1);
    await this.document.call('duplicate', first.ref);
    const count = Number(await first.call('getCount'));
    const b = this.connection.batch();
    for (let i = count - 1; i >= 0; i--) {
      const shape = b.call(first, 'getByIndex', i);
      b.call(first, 'remove', Batch.ref(shape));
    }
    b.set(first, 'Layout', UNO_AUTOLAYOUT.blank);
    b.set(first, 'Layout', UNO_AUTOLAYOUT[layout]);
    b.set(first, 'Background', null);
    const notes = b.call(first, 'getNotesPage');
    b.call(Batch.ref(notes), 'getCount');
    const values = await b.run();
    const notesPage = this.connection.wrap(values[notes] ?? null, 'getNotesPage');
    const n = Number(values[notes + 1]);
    const t = this.connection.batch();
    for (let i = 0; i < n; i++) {
      const shape = t.call(notesPage, 'getByIndex', i);
      t.call(Batch.ref(shape), 'getShapeType');
    }
    const shapes = await t.run();
    const c = this.connection.batch();
    for (let i = 0; i < n; i++) {
      if (shapes[2 * i + 1] === 'com.sun.star.presentation.NotesShape') c.call(this.connection.wrap(shapes[2 * i] ?? null, 'getByIndex'), 'setString', '');
    }
    await c.run();
  }

  async setParagraphs(slide: number, number: number, paragraphs: readonly Bullet[]): Promise<void> {
    const target = (await this.placeholderShapes(slide))[number - 1];
    if (!target) throw new LambError('TARGET_NOT_FOUND', `slide ${slide} has no placeholder ${number}`);
    const outline = SHAPE_KIND[target.type.slice(PRESENTATION_SHAPE.length)] === 'body';
    await target.shape.call('setString', paragraphs.map((p) => p.text).join('\n'));
    if (!outline) return;
    // Text set as a string has no bullets in a saved .pptx (buNone) until each paragraph's level is set.
    const enumeration = await target.shape.obj('createEnumeration');
    const done: OfficeValue[] = [];
    for (const p of paragraphs) {
      const b = this.connection.batch();
      const para = b.call(enumeration, 'nextElement');
      b.set(Batch.ref(para), 'NumberingLevel', p.level);
      b.set(Batch.ref(para), 'NumberingIsNumber', true);
      const [value] = await b.run();
      done.push(value ?? null);
    }
    await this.release([...done, enumeration.ref]);
  }

  async readBackground(slide: number): Promise<BackgroundFacts> {
    const page = await this.page(slide);
    const bg = await page.get('Background');
    if (bg === null) return null;
    const b = this.connection.batch();
    const bgObject = this.connection.wrap(bg, 'Background');
    b.get(bgObject, 'FillStyle');
    b.get(bgObject, 'FillColor');
    const [style, color] = await b.run();
    const styleName = style && typeof style === 'object' && 'value' in style ? String(style.value) : String(style);
    if (styleName !== 'SOLID') return null;
    return { color: (Number(color) & 0xffffff).toString(16).toUpperCase().padStart(6, '0') };
  }

  async setBackground(slide: number, color: string): Promise<void> {
    const page = await this.page(slide);
    const b = this.connection.batch();
    const bg = b.call(this.document, 'createInstance', 'com.sun.star.drawing.Background');
    b.set(Batch.ref(bg), 'FillStyle', unoEnum('com.sun.star.drawing.FillStyle', 'SOLID'));
    b.set(Batch.ref(bg), 'FillColor', Number.parseInt(color, 16));
    b.set(page, 'Background', Batch.ref(bg));
    await b.run();
  }

  async currentSlide(): Promise<number> {
    const b = this.connection.batch();
    const controller = b.call(this.document, 'getCurrentController');
    const page = b.call(Batch.ref(controller), 'getCurrentPage');
    b.get(Batch.ref(page), 'Number');
    try {
      const values = await b.run();
      return Number(values[page + 1]) || 1;
    } catch {
      return 1;
    }
  }

  async location(): Promise<string | null> {
    const url = await this.document.call('getURL');
    if (typeof url !== 'string' || url === '') return null;
    return url.startsWith('file:') ? fileURLToPath(url) : null;
  }

  async saveAs(path: string, format: SaveFormat): Promise<void> {
    const url = pathToFileURL(path).href;
    const props = unoProps({ FilterName: UNO_FILTER[format], Overwrite: true });
    await this.document.call(DOCUMENT_FORMATS.includes(format) ? 'storeAsURL' : 'storeToURL', url, props);
  }

  /** The image filters export the view's current page: that page is made current for the export, then put back. */
  async exportSlide(slide: number, path: string, format: SaveFormat): Promise<void> {
    const page = await this.page(slide);
    const controller = await this.document.obj('getCurrentController');
    const before = await controller.call('getCurrentPage');
    await controller.call('setCurrentPage', page.ref);
    try {
      await this.document.call('storeToURL', pathToFileURL(path).href, unoProps({ FilterName: UNO_FILTER[format], Overwrite: true }));
    } finally {
      if (before) await controller.call('setCurrentPage', before);
    }
  }
}
