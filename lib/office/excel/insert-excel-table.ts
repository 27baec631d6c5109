import { InsertExcelTableArgs } from '../../model/office-excel.js';
import { check, type OfficeFunctionSpec } from '../office-function.js';
import { address, cellMatches, cellValue, checkInGrid, resolveSheet, workbookOf } from './excel-sheets.js';

/*
 * insert_excel_table(sheet_name, table, start_row, start_col): writes the rows from (start_row, start_col),
 * 1-based, start_col also as letters (UFO), each value as typing it would be ("12" a number, "=B2*2" a
 * formula). The block is checked against the sheet's grid before anything is written; the cells are read
 * back from the sheet afterwards. Returns the table, as UFO does.
 */

export const insertExcelTable: OfficeFunctionSpec<InsertExcelTableArgs> = {
  app: 'excel',
  name: 'insert_excel_table',
  mutates: true,
  schema: InsertExcelTableArgs,
  async run(doc, args) {
    const wb = workbookOf(doc);
    const sheet = await resolveSheet(wb, args.sheet_name);
    const width = Math.max(...args.table.map((r) => r.length));
    const area = { startRow: args.start_row, startColumn: args.start_col, endRow: args.start_row + args.table.length - 1, endColumn: args.start_col + width - 1 };
    await checkInGrid(wb, sheet, area, 'the table');
    await wb.write(sheet.index, args.start_row, args.start_col, args.table);
    const read = await wb.read(sheet.index, area);
    const mismatches: string[] = [];
    args.table.forEach((r, i) =>
      r.forEach((v, j) => {
        const got = read[i]?.[j];
        if (!got || !cellMatches(v, got)) mismatches.push(`${address({ startRow: area.startRow + i, startColumn: area.startColumn + j, endRow: area.startRow + i, endColumn: area.startColumn + j })}: wrote ${JSON.stringify(v)}, reads ${JSON.stringify(got ? cellValue(got) : null)}`);
      }),
    );
    const cells = args.table.reduce((n, r) => n + r.length, 0);
    return {
      method: `${wb.api} block write + read`,
      result: args.table,
      expected: `${cells} cells of sheet "${sheet.name}" from ${address(area)} as written`,
      checks: [
        check(`cells of ${address(area)} that read back as written`, cells, cells - mismatches.length),
        ...(mismatches.length ? [check('cells that differ', [], mismatches.slice(0, 20))] : []),
      ],
    };
  },
};
