import type { OfficeSuite } from '../../model/office.js';
import type { WordSaveExtension } from '../../model/office-word.js';

/*
 * What the Word functions need from a text document, written once for both suites: Writer through UNO
 * (writer-uno.ts) and Word through COM (word-com.ts). Paragraphs are the body's, in document order, 1-based;
 * paragraphs inside tables are not counted (Writer's body enumeration yields a table as one element; Word's
 * Paragraphs collection is filtered the same way), so a number means the same paragraph in both suites.
 * Every read goes back to the document's root (a fresh enumeration, Paragraphs(i) again), never through an
 * object an earlier write used: that is what makes a read-back a check.
 */

export interface WordParagraph {
  /** 1-based among all body paragraphs (empty ones included). */
  readonly index: number;
  /** Its text without the paragraph mark. */
  readonly text: string;
  /** Its paragraph style's name (Writer: ParaStyleName; Word: the style's NameLocal). */
  readonly style: string;
  /** Styled as the document's Title style (Writer: "Title"; Word: Styles(wdStyleTitle)). */
  readonly isTitle: boolean;
}

export interface WordTableShape {
  readonly rows: number;
  readonly columns: number;
}

/** The font attributes set_font changes; absent ones stay as they are. color is "RRGGBB". */
export interface WordFont {
  name?: string;
  size?: number;
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
  color?: string;
}

/**
 * One run of text read back: a text portion (Writer), or a whole range whose attributes Word reports at once
 * (null for an attribute that varies inside it: Word's wdUndefined, or an empty font name).
 */
export interface WordRun {
  readonly text: string;
  readonly name: string | null;
  readonly size: number | null;
  readonly bold: boolean | null;
  readonly italic: boolean | null;
  readonly underline: boolean | null;
  /** "RRGGBB", "auto" for the automatic colour, null when mixed. */
  readonly color: string | null;
  /** The suite's own values these were read from ("CharWeight 150", "Font.Bold -1"), for the checks' wording. */
  readonly raw: Readonly<Record<'name' | 'size' | 'bold' | 'italic' | 'underline' | 'color', string>>;
}

/** What set_font and its read-back address. */
export type WordRangeTarget = { kind: 'selection' } | { kind: 'paragraphs'; indices: readonly number[] };

/** The selection as a reader sees it. */
export interface WordSelection {
  /** The selected text ("" for an insertion point). */
  readonly text: string;
  /** The 1-based number of the table the selection is in, when it is in one. */
  readonly table: number | null;
}

export interface WordDocument {
  readonly suite: OfficeSuite;
  paragraphs(): Promise<WordParagraph[]>;
  /** The tables in document order. */
  tables(): Promise<WordTableShape[]>;
  /** A new rows × columns table after the last paragraph (UFO: at the end of the document, after a paragraph break). */
  insertTableAtEnd(rows: number, columns: number): Promise<void>;
  /** Selects the first match of `text` (case-insensitive, as Word's Find by default); false when there is none. */
  selectText(text: string): Promise<boolean>;
  /** Selects from the start of paragraph `first` to the end of paragraph `last`, or to the end of the document. */
  selectParagraphs(first: number, last: number | 'end'): Promise<void>;
  /**
   * Whether the selection spans exactly paragraph `first`'s start to paragraph `last`'s end (or the document's
   * end), read from the controller / Application.Selection anew.
   */
  selectionSpans(first: number, last: number | 'end'): Promise<boolean>;
  selectTable(number: number): Promise<void>;
  selection(): Promise<WordSelection>;
  setFont(target: WordRangeTarget, font: WordFont): Promise<void>;
  /** The runs of each addressed paragraph (or of the selection), read from the root. */
  readFont(target: WordRangeTarget): Promise<WordRun[]>;
  /** The extensions this suite can write (LibreOffice has no writer for some of Word's formats). */
  readonly saveExtensions: readonly WordSaveExtension[];
  /** Writes the document in the format of `ext` to `path` (an absolute path). */
  saveAs(path: string, ext: WordSaveExtension): Promise<{ method: string }>;
}

/** "RRGGBB" to the number UNO's CharColor holds (0xRRGGBB). */
export function rgbNumber(color: string): number {
  return Number.parseInt(color, 16);
}
/** UNO's CharColor back to "RRGGBB" (-1 is COL_AUTO, the automatic colour). */
export function rgbString(n: number): string {
  return n === -1 ? 'auto' : (n & 0xffffff).toString(16).toUpperCase().padStart(6, '0');
}
/** "RRGGBB" to Word's Font.Color, a BGR-ordered long (R + G·256 + B·65536). */
export function bgrNumber(color: string): number {
  const n = rgbNumber(color);
  return ((n & 0xff) << 16) | (n & 0xff00) | ((n >> 16) & 0xff);
}
/** Word's Font.Color back to "RRGGBB" (wdColorAutomatic is -16777216). */
export function bgrString(n: number): string {
  if (n === -16777216) return 'auto';
  return rgbString(((n & 0xff) << 16) | (n & 0xff00) | ((n >> 16) & 0xff));
}

/** Whether the text has anything but white space (UFO's `p.Range.Text.strip()`). */
export function nonEmpty(text: string): boolean {
  return text.trim() !== '';
}
