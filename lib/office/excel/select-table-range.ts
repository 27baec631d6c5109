import { SelectTableRangeArgs } from '../../model/office-excel.js';
import { check, type OfficeFunctionSpec } from '../office-function.js';
import { address, checkInGrid, resolveSheet, workbookOf } from './excel-sheets.js';
import { resolveEnd } from './range-args.js';

/*
 * select_table_range(sheet_name, start_row, start_col, end_row, end_col): selects the block in the document's
 * view (the sheet made active first); -1 is the last used row / column. Verified by reading the view's
 * selection back.
 */

export const selectTableRange: OfficeFunctionSpec<SelectTableRangeArgs> = {
  app: 'excel',
  name: 'select_table_range',
  mutates: false,
  schema: SelectTableRangeArgs,
  async run(doc, args) {
    const wb = workbookOf(doc);
    const sheet = await resolveSheet(wb, args.sheet_name);
    const area = await resolveEnd(wb, sheet.index, args);
    await checkInGrid(wb, sheet, area, 'the range');
    await wb.select(sheet.index, area);
    const sel = await wb.selection();
    return {
      method: `${wb.api} view selection`,
      result: `Range ${area.startRow}:${area.startColumn} to ${area.endRow}:${area.endColumn} (${address(area)}) of sheet "${sheet.name}" is selected.`,
      expected: `${address(area)} of sheet "${sheet.name}" selected`,
      checks: [
        check('selected sheet', sheet.index, sel?.sheet ?? null),
        check('selected range', address(area), sel ? address(sel.area) : null),
      ],
    };
  },
};
