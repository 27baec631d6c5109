import type { z } from 'zod';
import { lazy, zod } from './lazy-schema.js';
import { args, blankToUndefined, boundedString, flag, got, nullToUndefined, numericStringToNumber } from './lenient.js';

/*
 * The arguments of the Word functions (docs/OFFICE.md), lenient like the UI actions (lenient.ts): UFO's names,
 * arguments and defaults (ufo/automator/app_apis/word/wordclient.py) for insert_table, select_text,
 * select_paragraph, select_table, set_font and save_as, and the bridge's own additions to set_font (bold,
 * italic, underline, color and `target`, so that "make the title bold and 16 pt" is one action without a
 * prior select). Unknown keys are refused naming the allowed ones (args()).
 */

export const WORD_LIMITS = {
  /** Word's own limits of Tables.Add (LibreOffice accepts more; one rule for both suites). */
  tableRows: 32_767,
  tableColumns: 63,
  /** Word's Find.Text takes at most 255 characters. */
  findTextLength: 255,
  /** Word's font sizes: 1 to 1638 pt in half points. */
  fontSizeMin: 1,
  fontSizeMax: 1638,
  nameLength: 255,
  /** A paragraph or table number; far above any real document. */
  index: 10_000_000,
  pathLength: 4096,
} as const;

/**
 * UFO's save_as extensions and the Word FileFormat (WdSaveFormat) each maps to (wordclient.py's table).
 * UFO saves an unknown extension as PDF; the bridge refuses it instead, naming these.
 */
export const WORD_SAVE_FORMATS = {
  '.doc': 0,
  '.dot': 1,
  '.txt': 2,
  '.rtf': 6,
  '.unicode.txt': 7,
  '.htm': 8,
  '.html': 8,
  '.mht': 9,
  '.xml': 11,
  '.docx': 12,
  '.docm': 13,
  '.dotx': 14,
  '.dotm': 15,
  '.pdf': 17,
  '.xps': 18,
} as const;
export type WordSaveExtension = keyof typeof WORD_SAVE_FORMATS;
/** UFO's default when file_ext is empty. */
export const WORD_DEFAULT_SAVE_EXTENSION: WordSaveExtension = '.pdf';

/** An integer in [min, max]; numeric strings are numbers (UFO passes the model's JSON through). */
function integerIn(min: number, max: number, what: string) {
  const z = zod();
  const message = (iss: { input?: unknown }) => `expected ${what}, an integer between ${min} and ${max}, ${got(iss)}`;
  return z.preprocess(numericStringToNumber, z.number({ error: message }).int({ error: message }).min(min, { error: message }).max(max, { error: message }));
}

/** "RRGGBB" or "#RRGGBB" (any case), canonically "RRGGBB" upper case. */
export const WordColor = lazy((z) => z.preprocess(
  (v) => (typeof v === 'string' ? v.trim().replace(/^#/, '').toUpperCase() : v),
  z.string({ error: (iss) => `expected a colour as "RRGGBB" or "#RRGGBB" (hex), ${got(iss)}` })
    .regex(/^[0-9A-F]{6}$/, { error: (iss) => `expected a colour as "RRGGBB" or "#RRGGBB" (six hex digits, e.g. "FF0000" for red), ${got(iss)}` }),
));

/**
 * What set_font acts on (the bridge's own argument; UFO's set_font acts on the selection only):
 * - "selection" (the default, UFO's behaviour): the current selection; nothing selected is an error;
 * - "title": the paragraph styled Title (the first such, non-empty) when the document has one, else the first
 *   non-empty paragraph — a Heading is not a title (a report's first line is its title even when headings
 *   follow);
 * - "document": every paragraph of the body;
 * - {"paragraph": N}: the N-th non-empty paragraph, counted as select_paragraph counts by default (1-based);
 * - {"style": "Heading 1"}: every non-empty paragraph of that paragraph style (its name, case-insensitive).
 * Paragraphs are those of the body; tables' cells are not counted (the same in both suites).
 */
export const WordFontTarget = lazy((z) => z.preprocess(
  (v) => (typeof v === 'string' ? v.trim().toLowerCase() : nullToUndefined(v)),
  z.union([
    z.enum(['selection', 'title', 'document']),
    z.strictObject({ paragraph: integerIn(1, WORD_LIMITS.index, 'a paragraph number (1 = the first non-empty paragraph)') }),
    z.strictObject({ style: boundedString(WORD_LIMITS.nameLength, 'a paragraph style name').min(1, { error: () => 'expected a paragraph style name, got an empty string' }) }),
  ], {
    error: (iss) => `expected target "selection", "title", "document", {"paragraph": N} or {"style": "<style name>"}, ${got(iss)}`,
  }),
));
export type WordFontTarget = z.infer<typeof WordFontTarget>;

export const WordInsertTableArgs = lazy(() => args({
  rows: integerIn(1, WORD_LIMITS.tableRows, 'a number of rows'),
  columns: integerIn(1, WORD_LIMITS.tableColumns, 'a number of columns'),
}));
export type WordInsertTableArgs = z.infer<typeof WordInsertTableArgs>;

export const WordSelectTextArgs = lazy(() => args({
  text: boundedString(WORD_LIMITS.findTextLength, 'the text to select')
    .min(1, { error: () => 'expected the text to select, got an empty string' }),
}));
export type WordSelectTextArgs = z.infer<typeof WordSelectTextArgs>;

/**
 * UFO's select_paragraph: start_index is clamped to at least 1 (UFO does max(1, start_index)); end_index -1
 * selects to the end of the document; non_empty (default true) counts only paragraphs with text.
 */
export const WordSelectParagraphArgs = lazy((z) => args({
  start_index: z.preprocess(
    (v) => { const n = numericStringToNumber(v); return typeof n === 'number' && Number.isInteger(n) && n < 1 ? 1 : n; },
    integerIn(1, WORD_LIMITS.index, 'start_index (1 = the first paragraph)'),
  ),
  end_index: z.preprocess(
    (v) => (v === null || v === undefined ? -1 : numericStringToNumber(v)),
    integerIn(-1, WORD_LIMITS.index, 'end_index (-1 = to the end of the document)')
      .refine((n) => n !== 0, { error: () => 'expected end_index -1 (to the end of the document) or a paragraph number from 1, got 0' }),
  ),
  non_empty: z.preprocess((v) => (v === null || v === undefined ? true : v), flag()),
}).refine((a) => a.end_index === -1 || a.end_index >= a.start_index, {
  error: () => 'expected end_index -1 or at least start_index',
}));
export type WordSelectParagraphArgs = z.infer<typeof WordSelectParagraphArgs>;

export const WordSelectTableArgs = lazy(() => args({
  number: integerIn(1, WORD_LIMITS.index, 'a table number (1 = the first table)'),
}));
export type WordSelectTableArgs = z.infer<typeof WordSelectTableArgs>;

const FONT_FIELDS = ['font_name', 'font_size', 'bold', 'italic', 'underline', 'color'] as const;

/**
 * UFO's set_font(font_name=None, font_size=None) and the bridge's bold, italic, underline, color and target.
 * An empty font_name is "not given" (UFO tests `if font_name:`); font_size is in points, in half points as Word
 * keeps it. At least one attribute must be given (UFO would silently change nothing).
 */
export const WordSetFontArgs = lazy((z) => args({
  font_name: z.preprocess(blankToUndefined, boundedString(WORD_LIMITS.nameLength, 'a font name').optional()),
  font_size: z.preprocess(
    (v) => numericStringToNumber(blankToUndefined(v)),
    z.number({ error: (iss) => `expected a font size in points between ${WORD_LIMITS.fontSizeMin} and ${WORD_LIMITS.fontSizeMax}, ${got(iss)}` })
      .min(WORD_LIMITS.fontSizeMin, { error: (iss) => `expected a font size in points between ${WORD_LIMITS.fontSizeMin} and ${WORD_LIMITS.fontSizeMax}, ${got(iss)}` })
      .max(WORD_LIMITS.fontSizeMax, { error: (iss) => `expected a font size in points between ${WORD_LIMITS.fontSizeMin} and ${WORD_LIMITS.fontSizeMax}, ${got(iss)}` })
      .refine((n) => Number.isInteger(n * 2), { error: (iss) => `expected a font size in whole or half points (e.g. 16 or 10.5), ${got(iss)}` })
      .optional(),
  ),
  bold: z.preprocess(nullToUndefined, flag().optional()),
  italic: z.preprocess(nullToUndefined, flag().optional()),
  underline: z.preprocess(nullToUndefined, flag().optional()),
  color: z.preprocess(blankToUndefined, WordColor.optional()),
  target: z.preprocess((v) => nullToUndefined(v) ?? 'selection', WordFontTarget),
}).refine((a) => FONT_FIELDS.some((k) => a[k] !== undefined), {
  error: () => `expected at least one of ${FONT_FIELDS.join(', ')} (set_font would change nothing)`,
}));
export type WordSetFontArgs = z.infer<typeof WordSetFontArgs>;

const EXTENSIONS = Object.keys(WORD_SAVE_FORMATS) as WordSaveExtension[];

/**
 * UFO's save_as(file_dir="", file_name="", file_ext=""): empty means the document's folder, the document's own
 * name and ".pdf" (UFO's defaults). file_ext may be given without its dot and in any case ("PDF"). Where a
 * file_dir may point is decided at run time against the document's folder (lib/office/save-target.ts).
 */
export const WordSaveAsArgs = lazy((z) => args({
  file_dir: z.preprocess((v) => nullToUndefined(v) ?? '', boundedString(WORD_LIMITS.pathLength, 'a folder')
    .refine((s) => !s.includes('\0'), { error: () => 'expected a folder without NUL characters' })),
  file_name: z.preprocess((v) => nullToUndefined(v) ?? '', boundedString(WORD_LIMITS.nameLength, 'a file name without extension')
    .refine((s) => !/[\\/\0]/.test(s) && s.trim() !== '.' && s.trim() !== '..', {
      error: (iss) => `expected a file name without a folder (put the folder in file_dir), ${got(iss)}`,
    })),
  file_ext: z.preprocess(
    (v) => {
      const s = nullToUndefined(v) ?? '';
      if (typeof s !== 'string') return s;
      const t = s.trim().toLowerCase();
      return t === '' || t.startsWith('.') ? t : `.${t}`;
    },
    z.string({ error: (iss) => `expected a file extension (${EXTENSIONS.join(' ')}), ${got(iss)}` })
      .refine((s) => s === '' || (EXTENSIONS as string[]).includes(s), {
        error: (iss) => `expected file_ext one of ${EXTENSIONS.join(' ')} (or "" for ${WORD_DEFAULT_SAVE_EXTENSION}), ${got(iss)}`,
      }),
  ),
}));
export type WordSaveAsArgs = z.infer<typeof WordSaveAsArgs>;
