import { LambError } from '../../model/errors.js';
import { GetRangeValuesArgs } from '../../model/office-excel.js';
import { check, type OfficeFunctionSpec } from '../office-function.js';
import { address, cellValue, checkInGrid, resolveSheet, workbookOf } from './excel-sheets.js';
import { resolveEnd } from './range-args.js';

/*
 * get_range_values(sheet_name, start_row, start_col, end_row=-1, end_col=-1): the block's values as rows
 * (always 2-D, as UFO makes them): numbers, text, booleans, null for an empty cell; a date or an error as
 * the sheet shows it. -1 is the last used row / column.
 */

/** Cells one call returns at most: a model cannot read more, and a suite would take seconds. */
export const MAX_RANGE_CELLS = 250_000;

export const getRangeValues: OfficeFunctionSpec<GetRangeValuesArgs> = {
  app: 'excel',
  name: 'get_range_values',
  mutates: false,
  schema: GetRangeValuesArgs,
  async run(doc, args) {
    const wb = workbookOf(doc);
    const sheet = await resolveSheet(wb, args.sheet_name);
    const area = await resolveEnd(wb, sheet.index, args);
    await checkInGrid(wb, sheet, area, 'the range');
    const rows = area.endRow - area.startRow + 1;
    const cols = area.endColumn - area.startColumn + 1;
    if (rows * cols > MAX_RANGE_CELLS) {
      throw new LambError('INVALID_ARGUMENT', `get_range_values: ${address(area)} is ${rows * cols} cells, more than ${MAX_RANGE_CELLS}; read a smaller range`);
    }
    const values = (await wb.read(sheet.index, area)).map((r) => r.map(cellValue));
    return {
      method: `${wb.api} block read`,
      result: values,
      expected: `${rows} rows × ${cols} columns of sheet "${sheet.name}" ${address(area)}`,
      checks: [
        check('rows read', rows, values.length),
        check('columns read in every row', cols, values.every((r) => r.length === cols) ? cols : values.map((r) => r.length)),
      ],
    };
  },
};
