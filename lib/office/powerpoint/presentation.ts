import type { Bullet, SaveFormat, SlideLayout } from '../../model/office-powerpoint.js';

/*
 * What the PowerPoint functions need from a presentation, suite-neutral: Impress through UNO
 * (impress-uno.ts) and PowerPoint through COM (powerpoint-com.ts) implement it. Slides are numbered from 1,
 * bullet levels from 0, colours are "RRGGBB" (each implementation converts: PowerPoint's RGB is BGR-ordered,
 * LibreOffice's FillColor is 0xRRGGBB). Every read starts again from the document's root (its slide
 * collection), never from an object a write went through, so a function's read-back is an independent path.
 */

/** What a placeholder is for. "body": PowerPoint's body/object placeholder, LibreOffice's outline shape. */
export type PlaceholderKind = 'title' | 'body' | 'subtitle' | 'other';

/** One paragraph of a placeholder's text, as read back. */
export interface ParagraphFacts {
  text: string;
  level: number;
  /** A bullet is shown (PowerPoint: ParagraphFormat.Bullet.Visible; LibreOffice: the paragraph is numbered). */
  bulleted: boolean;
}

export interface PlaceholderFacts {
  /** 1-based among the slide's placeholders (PowerPoint's Shapes.Placeholders(n); LibreOffice's presentation objects in page order). */
  number: number;
  kind: PlaceholderKind;
  /** The suite's own name for the kind (ppPlaceholderTitle / com.sun.star.presentation.TitleTextShape). */
  type: string;
  paragraphs: ParagraphFacts[];
}

export interface SlideFacts {
  index: number;
  placeholders: PlaceholderFacts[];
}

/** The slide's own background, or null when it shows the master's (or a non-solid fill). */
export type BackgroundFacts = { color: string } | null;

export interface Presentation {
  slideCount(): Promise<number>;
  /** The slide's placeholders and their paragraphs. */
  readSlide(index: number): Promise<SlideFacts>;
  /** A new slide of `layout` at position `index` (1 = first, count + 1 = last). */
  addSlide(index: number, layout: SlideLayout): Promise<void>;
  /** Replaces placeholder `number`'s text with one paragraph per line, each at its level (a title: one line, level 0). */
  setParagraphs(slide: number, number: number, paragraphs: readonly Bullet[]): Promise<void>;
  readBackground(slide: number): Promise<BackgroundFacts>;
  /** A solid background of its own for the slide (not the master's). */
  setBackground(slide: number, color: string): Promise<void>;
  /** The slide the document's view shows (1 when it has no view). */
  currentSlide(): Promise<number>;
  /** Where the presentation lives (local path), or null when it was never saved. */
  location(): Promise<string | null>;
  /** The whole presentation to `path` in a document format or PDF; a document format moves the presentation there (as PowerPoint's SaveAs does). */
  saveAs(path: string, format: SaveFormat): Promise<void>;
  /** One slide as an image. */
  exportSlide(slide: number, path: string, format: SaveFormat): Promise<void>;
}
