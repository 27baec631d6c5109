import type { z } from 'zod';
import { lazy } from './lazy-schema.js';

/*
 * What every Office function shares (docs/OFFICE.md): the apps, and the result each run gives. The arguments of
 * each app's functions are in office-word.ts, office-excel.ts and office-powerpoint.ts; OFFICE_FUNCTIONS
 * (office-functions.ts) joins them into the action vocabulary.
 */

export const OfficeApp = lazy((z) => z.enum(['word', 'excel', 'powerpoint']));
export type OfficeApp = z.infer<typeof OfficeApp>;

/** Which suite carries the functions out: LibreOffice through UNO (Linux) or Microsoft Office through COM (Windows). */
export const OfficeSuite = lazy((z) => z.enum(['uno', 'com']));
export type OfficeSuite = z.infer<typeof OfficeSuite>;

/**
 * One fact read back after a function ran, through a path independent of the one that acted where the suite
 * has one (the document model re-read from its root, not the object that was written): "paragraph 1 CharWeight"
 * expected 150, actual 150.
 */
export const OfficeCheck = lazy((z) => z.object({
  what: z.string(),
  expected: z.unknown(),
  actual: z.unknown(),
  ok: z.boolean(),
}));
export type OfficeCheck = z.infer<typeof OfficeCheck>;

/** The document a function ran on. */
export const OfficeDocumentInfo = lazy((z) => z.object({
  app: OfficeApp,
  suite: OfficeSuite,
  /** The document's title as its window shows it (what UFO matches the window title against). */
  title: z.string(),
  /** The file it was loaded from or last saved to; null for a new, unsaved document. */
  path: z.string().nullable(),
}));
export type OfficeDocumentInfo = z.infer<typeof OfficeDocumentInfo>;
