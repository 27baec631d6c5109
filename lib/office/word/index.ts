import type { AnyOfficeFunction } from '../office-function.js';

/** The word functions (docs/OFFICE.md), each carried out through UNO or COM by the document's suite. */
export const WORD_FUNCTIONS: readonly AnyOfficeFunction[] = [];
