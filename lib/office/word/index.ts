import type { AnyOfficeFunction } from '../office-function.js';
import { insertTable } from './insert-table.js';
import { saveAs } from './save-as.js';
import { selectParagraph, selectTable, selectText } from './select.js';
import { setFont } from './set-font.js';

/** The word functions (docs/OFFICE.md), each carried out through UNO or COM by the document's suite. */
export const WORD_FUNCTIONS: readonly AnyOfficeFunction[] = [insertTable, selectText, selectParagraph, selectTable, setFont, saveAs];
