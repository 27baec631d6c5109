import type { AnyOfficeFunction } from '../office-function.js';

/** The excel functions (docs/OFFICE.md), each carried out through UNO or COM by the document's suite. */
export const EXCEL_FUNCTIONS: readonly AnyOfficeFunction[] = [];
