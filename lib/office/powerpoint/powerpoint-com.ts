import { LambError } from '../../model/errors.js';
import type { Bullet, SaveFormat, SlideLayout } from '../../model/office-powerpoint.js';
import { Batch, type OfficeObject } from '../office-bridge.js';
import { PP_LAYOUT } from './layouts.js';
import type { BackgroundFacts, ParagraphFacts, PlaceholderFacts, PlaceholderKind, Presentation, SlideFacts } from './presentation.js';

/*
 * The presentation through PowerPoint's object model over IDispatch (VBA reference: Presentation, Slides,
 * Slide.Shapes.Placeholders, PlaceholderFormat.Type, TextFrame.TextRange.Paragraphs, Slide.Background.Fill,
 * Presentation.SaveAs, Slide.Export). Tested against test/helpers/office-doubles/powerpoint-double.ts; no
 * PowerPoint runs here. Office's booleans are MsoTriState: msoTrue is -1, msoFalse 0. A TextRange's paragraphs
 * are separated by "\r" (a paragraph's own Text ends with it, but the last). IndentLevel counts from 1.
 */

const MSO_TRUE = -1;
const MSO_FALSE = 0;
const MSO_FILL_SOLID = 1;

/** PpPlaceholderType → what the functions call it. */
const PLACEHOLDER_KIND: Readonly<Record<number, [PlaceholderKind, string]>> = {
  1: ['title', 'ppPlaceholderTitle'],
  2: ['body', 'ppPlaceholderBody'],
  3: ['title', 'ppPlaceholderCenterTitle'],
  4: ['subtitle', 'ppPlaceholderSubtitle'],
  5: ['title', 'ppPlaceholderVerticalTitle'],
  6: ['body', 'ppPlaceholderVerticalBody'],
  7: ['body', 'ppPlaceholderObject'],
};

/** PpSaveAsFileType for Presentation.SaveAs (UFO's ppt_ext_to_fileformat). */
export const PP_SAVE_AS: Readonly<Record<SaveFormat, number>> = {
  '.pptx': 24,
  '.ppt': 0,
  '.odp': 35,
  '.pdf': 32,
  '.jpg': 17,
  '.png': 18,
  '.gif': 19,
  '.bmp': 20,
};
/** Slide.Export's FilterName (the graphics filter's short name). */
export const PP_EXPORT_FILTER: Readonly<Partial<Record<SaveFormat, string>>> = { '.png': 'PNG', '.jpg': 'JPG', '.gif': 'GIF', '.bmp': 'BMP' };

/** "RRGGBB" → PowerPoint's RGB long (red in the low byte). */
export function hexToBgr(hex: string): number {
  const n = Number.parseInt(hex, 16);
  return ((n & 0xff) << 16) | (n & 0xff00) | ((n >> 16) & 0xff);
}
export function bgrToHex(bgr: number): string {
  const rgb = ((bgr & 0xff) << 16) | (bgr & 0xff00) | ((bgr >> 16) & 0xff);
  return rgb.toString(16).toUpperCase().padStart(6, '0');
}

export class PowerPointComPresentation implements Presentation {
  constructor(readonly presentation: OfficeObject) {}

  private get connection() {
    return this.presentation.connection;
  }

  async slideCount(): Promise<number> {
    const b = this.connection.batch();
    const slides = b.get(this.presentation, 'Slides');
    b.get(Batch.ref(slides), 'Count');
    const [, count] = await b.run();
    return Number(count);
  }

  /** Slides(index) and its placeholder collection, in one hop. */
  private async placeholders(index: number): Promise<{ placeholders: OfficeObject; count: number; slide: OfficeObject }> {
    const b = this.connection.batch();
    const slides = b.get(this.presentation, 'Slides');
    const slide = b.call(Batch.ref(slides), 'Item', index);
    const shapes = b.get(Batch.ref(slide), 'Shapes');
    const ph = b.get(Batch.ref(shapes), 'Placeholders');
    b.get(Batch.ref(ph), 'Count');
    const values = await b.run();
    return {
      slide: this.connection.wrap(values[slide] ?? null, 'Slides.Item'),
      placeholders: this.connection.wrap(values[ph] ?? null, 'Shapes.Placeholders'),
      count: Number(values[ph + 1]),
    };
  }

  async readSlide(index: number): Promise<SlideFacts> {
    const { placeholders, count } = await this.placeholders(index);
    const out: PlaceholderFacts[] = [];
    for (let n = 1; n <= count; n++) {
      const b = this.connection.batch();
      const shape = b.call(placeholders, 'Item', n);
      const format = b.get(Batch.ref(shape), 'PlaceholderFormat');
      b.get(Batch.ref(format), 'Type');
      b.get(Batch.ref(shape), 'HasTextFrame');
      const [shapeValue, , type, hasText] = await b.run();
      const [kind, typeName] = PLACEHOLDER_KIND[Number(type)] ?? ['other', `PpPlaceholderType ${String(type)}`];
      const paragraphs = hasText === MSO_TRUE ? await this.paragraphs(this.connection.wrap(shapeValue ?? null, 'Placeholders.Item')) : [];
      out.push({ number: n, kind, type: typeName, paragraphs });
    }
    return { index, placeholders: out };
  }

  private async paragraphs(shape: OfficeObject): Promise<ParagraphFacts[]> {
    const b = this.connection.batch();
    const frame = b.get(shape, 'TextFrame');
    const range = b.get(Batch.ref(frame), 'TextRange');
    b.get(Batch.ref(range), 'Text');
    const all = b.call(Batch.ref(range), 'Paragraphs');
    b.get(Batch.ref(all), 'Count');
    const values = await b.run();
    const text = String(values[range + 1] ?? '');
    const count = Number(values[all + 1]);
    // An empty placeholder has one empty paragraph; it reads as no paragraphs.
    if (text === '' || count === 0) return [];
    const rangeObject = this.connection.wrap(values[range] ?? null, 'TextFrame.TextRange');
    const p = this.connection.batch();
    const indices: number[] = [];
    for (let i = 1; i <= count; i++) {
      const para = p.call(rangeObject, 'Paragraphs', i, 1);
      p.get(Batch.ref(para), 'Text');
      p.get(Batch.ref(para), 'IndentLevel');
      const pf = p.get(Batch.ref(para), 'ParagraphFormat');
      const bullet = p.get(Batch.ref(pf), 'Bullet');
      p.get(Batch.ref(bullet), 'Visible');
      indices.push(para);
    }
    const got = await p.run();
    return indices.map((at) => ({
      text: String(got[at + 1] ?? '').replace(/[\r\n\v]+$/, ''),
      level: Number(got[at + 2]) - 1,
      bulleted: got[at + 5] === MSO_TRUE,
    }));
  }

  async addSlide(index: number, layout: SlideLayout): Promise<void> {
    // Slides.Add(Index, Layout): the new slide becomes slide Index (AddSlide would need a CustomLayout object).
    const b = this.connection.batch();
    const slides = b.get(this.presentation, 'Slides');
    b.call(Batch.ref(slides), 'Add', index, PP_LAYOUT[layout]);
    await b.run();
  }

  async setParagraphs(slide: number, number: number, paragraphs: readonly Bullet[]): Promise<void> {
    const { placeholders } = await this.placeholders(slide);
    const b = this.connection.batch();
    const shape = b.call(placeholders, 'Item', number);
    const frame = b.get(Batch.ref(shape), 'TextFrame');
    const range = b.get(Batch.ref(frame), 'TextRange');
    b.set(Batch.ref(range), 'Text', paragraphs.map((p) => p.text).join('\r'));
    // Each paragraph's level once the text is in: Paragraphs(i, 1).IndentLevel = level + 1.
    paragraphs.forEach((p, i) => {
      const para = b.call(Batch.ref(range), 'Paragraphs', i + 1, 1);
      b.set(Batch.ref(para), 'IndentLevel', p.level + 1);
    });
    await b.run();
  }

  async readBackground(slide: number): Promise<BackgroundFacts> {
    const b = this.connection.batch();
    const slides = b.get(this.presentation, 'Slides');
    const s = b.call(Batch.ref(slides), 'Item', slide);
    b.get(Batch.ref(s), 'FollowMasterBackground');
    const bg = b.get(Batch.ref(s), 'Background');
    const fill = b.get(Batch.ref(bg), 'Fill');
    b.get(Batch.ref(fill), 'Type');
    const fore = b.get(Batch.ref(fill), 'ForeColor');
    b.get(Batch.ref(fore), 'RGB');
    const v = await b.run();
    if (v[s + 1] !== MSO_FALSE || v[fill + 1] !== MSO_FILL_SOLID) return null;
    return { color: bgrToHex(Number(v[fore + 1])) };
  }

  async setBackground(slide: number, color: string): Promise<void> {
    // As UFO: the slide stops following the master, then a visible solid fill in the colour.
    const b = this.connection.batch();
    const slides = b.get(this.presentation, 'Slides');
    const s = b.call(Batch.ref(slides), 'Item', slide);
    b.set(Batch.ref(s), 'FollowMasterBackground', MSO_FALSE);
    const bg = b.get(Batch.ref(s), 'Background');
    const fill = b.get(Batch.ref(bg), 'Fill');
    b.set(Batch.ref(fill), 'Visible', MSO_TRUE);
    b.call(Batch.ref(fill), 'Solid');
    const fore = b.get(Batch.ref(fill), 'ForeColor');
    b.set(Batch.ref(fore), 'RGB', hexToBgr(color));
    await b.run();
  }

  async currentSlide(): Promise<number> {
    // The document window's view (UFO reads SlideShowWindow's, which exists only while a show runs).
    const b = this.connection.batch();
    const windows = b.get(this.presentation, 'Windows');
    b.get(Batch.ref(windows), 'Count');
    const [windowsValue, count] = await b.run();
    if (Number(count) < 1) return 1;
    const w = this.connection.batch();
    const win = w.call(this.connection.wrap(windowsValue ?? null, 'Windows'), 'Item', 1);
    const view = w.get(Batch.ref(win), 'View');
    const s = w.get(Batch.ref(view), 'Slide');
    w.get(Batch.ref(s), 'SlideIndex');
    const values = await w.run();
    return Number(values[s + 1]) || 1;
  }

  async location(): Promise<string | null> {
    // Path is "" until the presentation was saved (FullName is then its bare name, "Presentation1").
    const b = this.connection.batch();
    b.get(this.presentation, 'Path');
    b.get(this.presentation, 'FullName');
    const [path, fullName] = await b.run();
    return path ? String(fullName) : null;
  }

  async saveAs(path: string, format: SaveFormat): Promise<void> {
    const fileFormat = PP_SAVE_AS[format];
    await this.presentation.callNamed('SaveAs', [path], { FileFormat: fileFormat });
  }

  async exportSlide(slide: number, path: string, format: SaveFormat): Promise<void> {
    const filter = PP_EXPORT_FILTER[format];
    if (!filter) throw new LambError('INVALID_ARGUMENT', `${format} is not an image format a slide exports to`);
    const b = this.connection.batch();
    const slides = b.get(this.presentation, 'Slides');
    const s = b.call(Batch.ref(slides), 'Item', slide);
    b.call(Batch.ref(s), 'Export', path, filter);
    await b.run();
  }
}

