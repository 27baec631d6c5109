import type { AnyOfficeFunction } from '../office-function.js';

/** The powerpoint functions (docs/OFFICE.md), each carried out through UNO or COM by the document's suite. */
export const POWERPOINT_FUNCTIONS: readonly AnyOfficeFunction[] = [];
