import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { ComDoubleError, isNamed } from '../com-object-double.js';

/*
 * A double of PowerPoint.Application's object model, the subset lib/office/powerpoint/powerpoint-com.ts and
 * the COM session use, behaving as Microsoft's VBA reference documents it: Presentations.Add(WithWindow) makes
 * a deck with no slides; Slides.Add(Index, Layout) puts the new slide at Index (1..Count+1); a layout makes
 * its placeholders (PpPlaceholderType); a TextRange's paragraphs are separated by "\r", IndentLevel counts
 * from 1 (1..9), Paragraphs(Start, Length) is a sub-range; body placeholders show bullets (Bullet.Visible
 * msoTrue), titles do not; Background follows the master until FollowMasterBackground is msoFalse; RGB is a
 * long with red in the low byte; booleans are MsoTriState (-1/0). SaveAs writes real files (a zip package with
 * one ppt/slides/slideN.xml per slide for .pptx, a PDF with one /Type /Page per slide, an image folder of
 * SlideN.PNG for image formats, as PowerPoint does); Slide.Export writes one image. Bad indices throw as
 * DISP_E_BADINDEX / the server's "out of range" DISP_E_EXCEPTION do. No PowerPoint runs here.
 */

export const msoTrue = -1;
export const msoFalse = 0;

function named(args: unknown[]): { positional: unknown[]; named: Record<string, unknown> } {
  const last = args.at(-1);
  return isNamed(last) ? { positional: args.slice(0, -1), named: last.$named } : { positional: args, named: {} };
}

function triState(v: unknown): number {
  if (v === true || v === msoTrue || v === 1) return msoTrue;
  if (v === false || v === msoFalse) return msoFalse;
  throw new ComDoubleError('INVALID_ARGUMENT', `not an MsoTriState: ${String(v)}`, '0x80070057');
}

class Paragraph {
  constructor(
    public text: string,
    public indent = 1,
  ) {}
}

/** The text a placeholder holds. */
class TextStore {
  paragraphs: Paragraph[] = [new Paragraph('')];
  constructor(readonly bulleted: boolean) {}
}

export class BulletFormatDouble {
  constructor(private readonly store: TextStore) {}
  get Visible(): number {
    return this.store.bulleted ? msoTrue : msoFalse;
  }
}
export class ParagraphFormatDouble {
  constructor(private readonly store: TextStore) {}
  get Bullet(): BulletFormatDouble {
    return new BulletFormatDouble(this.store);
  }
}

/** A TextRange: paragraphs [from, from + count) of a store (all of them for the frame's own). */
export class TextRangeDouble {
  constructor(
    private readonly store: TextStore,
    private readonly from = 0,
    private readonly count?: number,
  ) {}
  private get selected(): Paragraph[] {
    return this.store.paragraphs.slice(this.from, this.count === undefined ? undefined : this.from + this.count);
  }
  get Text(): string {
    const sel = this.selected;
    const last = this.from + sel.length === this.store.paragraphs.length;
    return sel.map((p) => p.text).join('\r') + (last || sel.length === 0 ? '' : '\r');
  }
  set Text(value: unknown) {
    if (this.from !== 0 || this.count !== undefined) throw new ComDoubleError('INVALID_OPERATION', 'the double sets text only on a whole frame');
    this.store.paragraphs = String(value).split('\r').map((t) => new Paragraph(t));
  }
  get Count(): number {
    return this.selected.length;
  }
  get IndentLevel(): number {
    return this.selected[0]?.indent ?? 1;
  }
  set IndentLevel(value: unknown) {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > 9) throw new ComDoubleError('INVALID_OPERATION', `IndentLevel ${String(value)} is out of range (1 to 9)`);
    for (const p of this.selected) p.indent = n;
  }
  get ParagraphFormat(): ParagraphFormatDouble {
    return new ParagraphFormatDouble(this.store);
  }
  /** Paragraphs(Start = -1, Length = -1): all, or Length paragraphs from Start (1-based). */
  Paragraphs(start?: unknown, length?: unknown): TextRangeDouble {
    if (start === undefined || start === -1) return new TextRangeDouble(this.store, this.from, this.count);
    const s = Number(start);
    const l = length === undefined || length === -1 ? 1 : Number(length);
    return new TextRangeDouble(this.store, this.from + s - 1, l);
  }
}

export class TextFrameDouble {
  constructor(private readonly store: TextStore) {}
  get TextRange(): TextRangeDouble {
    return new TextRangeDouble(this.store);
  }
}
export class PlaceholderFormatDouble {
  constructor(readonly Type: number) {}
}

export class ShapeDouble {
  readonly store: TextStore;
  constructor(readonly Name: string, readonly placeholderType: number) {
    // Body (2), vertical body (6) and object (7) placeholders show the master's bullets.
    this.store = new TextStore([2, 6, 7].includes(placeholderType));
  }
  get PlaceholderFormat(): PlaceholderFormatDouble {
    return new PlaceholderFormatDouble(this.placeholderType);
  }
  get HasTextFrame(): number {
    return msoTrue;
  }
  get TextFrame(): TextFrameDouble {
    return new TextFrameDouble(this.store);
  }
  /** For tests: the paragraphs as [text, IndentLevel]. */
  get paragraphs(): [string, number][] {
    return this.store.paragraphs.map((p) => [p.text, p.indent]);
  }
}

export class PlaceholdersDouble {
  constructor(private readonly shapes: ShapeDouble[]) {}
  get Count(): number {
    return this.shapes.length;
  }
  Item(i: unknown): ShapeDouble {
    const s = this.shapes[Number(i) - 1];
    if (!s) throw new ComDoubleError('TARGET_NOT_FOUND', `Placeholders.Item: index ${String(i)} out of bounds`, '0x8002000B');
    return s;
  }
}
export class ShapesDouble {
  constructor(private readonly shapes: ShapeDouble[]) {}
  get Count(): number {
    return this.shapes.length;
  }
  get Placeholders(): PlaceholdersDouble {
    return new PlaceholdersDouble(this.shapes);
  }
}

export class ColorFormatDouble {
  constructor(private readonly fill: FillState) {}
  get RGB(): number {
    return this.fill.rgb;
  }
  set RGB(v: unknown) {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0 || n > 0xffffff) throw new ComDoubleError('INVALID_ARGUMENT', `RGB ${String(v)} is out of range`, '0x80070057');
    this.fill.rgb = n;
  }
}
interface FillState {
  type: number;
  visible: number;
  rgb: number;
}
export class FillFormatDouble {
  constructor(private readonly fill: FillState, private readonly writable: boolean) {}
  private write(): void {
    // A slide that follows the master cannot change its own background (PowerPoint raises this).
    if (!this.writable) throw new ComDoubleError('INVALID_OPERATION', 'This slide follows the master background; set FollowMasterBackground to msoFalse first');
  }
  get Type(): number {
    return this.fill.type;
  }
  get Visible(): number {
    return this.fill.visible;
  }
  set Visible(v: unknown) {
    this.write();
    this.fill.visible = triState(v);
  }
  get ForeColor(): ColorFormatDouble {
    if (!this.writable) return new ColorFormatDouble({ ...this.fill });
    return new ColorFormatDouble(this.fill);
  }
  Solid(): void {
    this.write();
    this.fill.type = 1;
  }
}
export class ShapeRangeDouble {
  constructor(private readonly fill: FillState, private readonly writable: boolean) {}
  get Fill(): FillFormatDouble {
    return new FillFormatDouble(this.fill, this.writable);
  }
}

/** PpSlideLayout → the placeholders it makes (PpPlaceholderType). */
const LAYOUT_PLACEHOLDERS: Readonly<Record<number, number[]>> = {
  1: [3, 4], // ppLayoutTitle: center title, subtitle
  2: [1, 2], // ppLayoutText: title, body
  3: [1, 2, 2], // ppLayoutTwoColumnText
  11: [1], // ppLayoutTitleOnly
  12: [], // ppLayoutBlank
};

export class SlideDouble {
  FollowMasterBackground = msoTrue;
  private readonly own: FillState = { type: 1, visible: msoTrue, rgb: 0xffffff };
  readonly shapes: ShapeDouble[];
  constructor(
    private readonly presentation: PresentationDouble,
    readonly Layout: number,
    readonly SlideID: number,
  ) {
    const types = LAYOUT_PLACEHOLDERS[Layout];
    if (!types) throw new ComDoubleError('INVALID_ARGUMENT', `the double has no layout ${Layout}`, '0x80070057');
    this.shapes = types.map((t, i) => new ShapeDouble(`Placeholder ${i + 1}`, t));
  }
  get SlideIndex(): number {
    return this.presentation.slides.indexOf(this) + 1;
  }
  get Shapes(): ShapesDouble {
    return new ShapesDouble(this.shapes);
  }
  get Background(): ShapeRangeDouble {
    if (this.FollowMasterBackground !== msoFalse) return new ShapeRangeDouble(this.presentation.masterFill, false);
    return new ShapeRangeDouble(this.own, true);
  }
  /** The RGB long the slide shows. */
  get shownRgb(): number {
    return this.FollowMasterBackground !== msoFalse ? this.presentation.masterFill.rgb : this.own.rgb;
  }
  Export(fileName: unknown, filterName: unknown): void {
    const filter = String(filterName).toUpperCase();
    if (!IMAGE_MAGIC[filter]) throw new ComDoubleError('INVALID_ARGUMENT', `Slide.Export: unknown filter ${String(filterName)}`);
    writeFileSync(String(fileName), Buffer.concat([IMAGE_MAGIC[filter], Buffer.from(`slide ${this.SlideIndex}`)]));
    this.presentation.exports.push({ slide: this.SlideIndex, path: String(fileName), filter });
  }
}

const IMAGE_MAGIC: Readonly<Record<string, Buffer>> = {
  PNG: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  JPG: Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
  GIF: Buffer.from('GIF89a'),
  BMP: Buffer.from('BM'),
};
/** PpSaveAsFileType image formats → the filter and the extension PowerPoint gives the slide images. */
const IMAGE_SAVE: Readonly<Record<number, string>> = { 17: 'JPG', 18: 'PNG', 19: 'GIF', 20: 'BMP' };

export class SlidesDouble {
  constructor(private readonly presentation: PresentationDouble) {}
  get Count(): number {
    return this.presentation.slides.length;
  }
  Item(i: unknown): SlideDouble {
    const s = this.presentation.slides[Number(i) - 1];
    if (!s) throw new ComDoubleError('TARGET_NOT_FOUND', `Slides.Item: Integer out of range. ${String(i)} is not in the valid range of 1 to ${this.Count}.`, '0x80048240');
    return s;
  }
  Add(index: unknown, layout: unknown): SlideDouble {
    const i = Number(index);
    if (!Number.isInteger(i) || i < 1 || i > this.Count + 1) {
      throw new ComDoubleError('TARGET_NOT_FOUND', `Slides.Add: Index out of range (1 to ${this.Count + 1})`, '0x80048240');
    }
    const slide = new SlideDouble(this.presentation, Number(layout), this.presentation.nextSlideId++);
    this.presentation.slides.splice(i - 1, 0, slide);
    return slide;
  }
}

export class DocumentWindowDouble {
  constructor(private readonly presentation: PresentationDouble) {}
  get View(): ViewDouble {
    return new ViewDouble(this.presentation);
  }
}
export class ViewDouble {
  constructor(private readonly presentation: PresentationDouble) {}
  get Slide(): SlideDouble {
    const s = this.presentation.slides[this.presentation.viewedSlide - 1];
    if (!s) throw new ComDoubleError('INVALID_OPERATION', 'View.Slide: no slide is shown');
    return s;
  }
}
export class WindowsDouble {
  constructor(private readonly presentation: PresentationDouble) {}
  get Count(): number {
    return this.presentation.withWindow ? 1 : 0;
  }
  Item(i: unknown): DocumentWindowDouble {
    if (Number(i) !== 1 || !this.presentation.withWindow) throw new ComDoubleError('TARGET_NOT_FOUND', `Windows.Item: index ${String(i)} out of range`, '0x8002000B');
    return new DocumentWindowDouble(this.presentation);
  }
}

export class PresentationDouble {
  readonly slides: SlideDouble[] = [];
  nextSlideId = 256;
  masterFill: FillState = { type: 1, visible: msoTrue, rgb: 0xffffff };
  Saved = msoTrue;
  /** The slide the window's view shows (1-based). */
  viewedSlide = 1;
  readonly saves: { path: string; format: number }[] = [];
  readonly exports: { slide: number; path: string; filter: string }[] = [];
  closed = false;
  constructor(
    public Name: string,
    public Path: string,
    readonly withWindow: boolean,
  ) {}
  get FullName(): string {
    return this.Path ? join(this.Path, this.Name) : this.Name;
  }
  get Slides(): SlidesDouble {
    return new SlidesDouble(this);
  }
  get Windows(): WindowsDouble {
    return new WindowsDouble(this);
  }
  Save(): void {
    if (!this.Path) throw new ComDoubleError('INVALID_OPERATION', 'the presentation has no file yet');
    this.write(this.FullName, 24);
  }
  /** SaveAs(FileName, FileFormat = ppSaveAsDefault, EmbedTrueTypeFonts). */
  SaveAs(...args: unknown[]): void {
    const { positional, named: n } = named(args);
    const fileName = String(n.FileName ?? positional[0]);
    const format = Number(n.FileFormat ?? positional[1] ?? 11);
    this.write(fileName, format);
    this.saves.push({ path: fileName, format });
    if ([0, 24, 35, 11].includes(format)) {
      this.Name = basename(fileName);
      this.Path = dirname(fileName);
      this.Saved = msoTrue;
    }
  }
  Close(): void {
    this.closed = true;
  }

  private write(path: string, format: number): void {
    const image = IMAGE_SAVE[format];
    if (image) {
      // PowerPoint: a folder named as the file (without its extension), one SlideN.<EXT> per slide.
      const folder = join(dirname(path), basename(path, extname(path)));
      mkdirSync(folder, { recursive: true });
      this.slides.forEach((s, i) => writeFileSync(join(folder, `Slide${i + 1}.${image}`), Buffer.concat([IMAGE_MAGIC[image] as Buffer, Buffer.from(`slide ${i + 1}`)])));
      return;
    }
    if (format === 32) {
      writeFileSync(path, `%PDF-1.7\n${this.slides.map((_, i) => `${i + 3} 0 obj\n<< /Type /Page /Parent 2 0 R >>\nendobj\n`).join('')}%%EOF\n`, 'latin1');
      return;
    }
    if (format === 24 || format === 11) {
      writeFileSync(path, storedZip([['[Content_Types].xml', '<Types/>'], ...this.slides.map((_, i): [string, string] => [`ppt/slides/slide${i + 1}.xml`, '<p:sld/>'])]));
      return;
    }
    if (format === 35) {
      writeFileSync(path, storedZip([['mimetype', 'application/vnd.oasis.opendocument.presentation'], ['content.xml', `<office:document-content>${this.slides.map(() => '<draw:page/>').join('')}</office:document-content>`]]));
      return;
    }
    if (format === 0) {
      writeFileSync(path, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));
      return;
    }
    throw new ComDoubleError('INVALID_ARGUMENT', `the double cannot write FileFormat ${format}`);
  }
}

export class PresentationsDouble {
  readonly items: PresentationDouble[] = [];
  private untitled = 1;
  get Count(): number {
    return this.items.filter((p) => !p.closed).length;
  }
  Item(i: unknown): PresentationDouble {
    const p = this.items.filter((x) => !x.closed)[Number(i) - 1];
    if (!p) throw new ComDoubleError('TARGET_NOT_FOUND', `Presentations.Item: index ${String(i)} out of range`, '0x8002000B');
    return p;
  }
  /** Add(WithWindow = msoTrue): a new deck with no slides. */
  Add(withWindow: unknown = msoTrue): PresentationDouble {
    const p = new PresentationDouble(`Presentation${this.untitled++}`, '', triState(withWindow) === msoTrue);
    this.items.push(p);
    return p;
  }
  /** Open(FileName, ReadOnly, Untitled, WithWindow): the double opens a deck of one title-and-content slide. */
  Open(fileName: unknown, _readOnly?: unknown, _untitled?: unknown, withWindow: unknown = msoTrue): PresentationDouble {
    const path = String(fileName);
    const p = new PresentationDouble(basename(path), dirname(path), triState(withWindow) === msoTrue);
    p.Slides.Add(1, 2);
    this.items.push(p);
    return p;
  }
}

export class PowerPointApplicationDouble {
  readonly Name = 'Microsoft PowerPoint';
  readonly Presentations = new PresentationsDouble();
  get ActivePresentation(): PresentationDouble {
    const p = this.Presentations.items.filter((x) => !x.closed).at(-1);
    if (!p) throw new ComDoubleError('INVALID_OPERATION', 'ActivePresentation: no presentation is open');
    return p;
  }
}

// ---- a stored (uncompressed) zip, for the .pptx and .odp the double saves ----

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(b: Buffer): number {
  let c = 0xffffffff;
  for (const x of b) c = (CRC_TABLE[(c ^ x) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function storedZip(files: [string, string][]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of files) {
    const data = Buffer.from(text);
    const nameBytes = Buffer.from(name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}
