import type { AnyOfficeFunction } from '../office-function.js';
import { autoFill } from './auto-fill.js';
import { getRangeValues } from './get-range-values.js';
import { insertExcelTable } from './insert-excel-table.js';
import { reorderColumns } from './reorder-columns.js';
import { excelSaveAs } from './save-as.js';
import { selectTableRange } from './select-table-range.js';
import { setCellValue } from './set-cell-value.js';
import { table2markdown } from './table2markdown.js';

/** The excel functions (docs/OFFICE.md), each carried out through UNO or COM by the document's suite. */
export const EXCEL_FUNCTIONS: readonly AnyOfficeFunction[] = [
  table2markdown,
  insertExcelTable,
  selectTableRange,
  getRangeValues,
  reorderColumns,
  excelSaveAs,
  setCellValue,
  autoFill,
];
