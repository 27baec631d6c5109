import { LambError } from '../../model/errors.js';
import { parseCellReference, SetCellValueArgs } from '../../model/office-excel.js';
import { check, type OfficeFunctionSpec } from '../office-function.js';
import { address, cellMatches, cellValue, checkInGrid, normalizeFormula, resolveSheet, workbookOf } from './excel-sheets.js';

/*
 * set_cell_value(sheet_name, cell_reference, value=None, formula=None): the bridge's own, with the signature
 * older UFO versions had; exactly one of value and formula. A value is entered as typing it would be (Excel's
 * Range.Value), a formula through Formula / setFormula. A formula the suite does not take (Excel raises;
 * Calc stores the cell with Err:5xx, or #NAME? for an unknown function or name) is refused with
 * INVALID_ARGUMENT and the suite's own error, and the cell gets back what it held. A formula that computes to
 * an error a valid formula can have (#DIV/0!, #VALUE!, #N/A, #REF!, #NUM!) is kept, with a warning.
 * Verified by reading the cell back: its formula as written, its computed value, its text.
 */

/** Errors that mean the formula itself is wrong, not its inputs. */
function rejectedError(text: string): boolean {
  return /^Err:\d+$/.test(text) || text === '#NAME?';
}

export const setCellValue: OfficeFunctionSpec<SetCellValueArgs> = {
  app: 'excel',
  name: 'set_cell_value',
  mutates: true,
  schema: SetCellValueArgs,
  async run(doc, args) {
    const wb = workbookOf(doc);
    const sheet = await resolveSheet(wb, args.sheet_name);
    const { row, column } = parseCellReference(args.cell_reference)!;
    const area = { startRow: row, startColumn: column, endRow: row, endColumn: column };
    await checkInGrid(wb, sheet, area, 'cell');
    const [[prior]] = (await wb.read(sheet.index, area)) as [[NonNullable<Awaited<ReturnType<typeof wb.read>>[number][number]>]];
    const snapshot = { sheet: sheet.index, row, column, read: prior };
    const wasModified = await wb.modified();
    const putBack = async () => {
      await wb.restore(snapshot);
      await wb.setModified(wasModified);
    };
    const where = `${sheet.name}!${address(area)}`;
    const content = args.formula !== undefined ? { formula: args.formula } : { value: args.value ?? null };
    try {
      await wb.setCell(sheet.index, row, column, content);
    } catch (e) {
      if (!(e instanceof LambError) || (e.code !== 'INVALID_OPERATION' && e.code !== 'INVALID_ARGUMENT')) throw e;
      await putBack();
      throw new LambError('INVALID_ARGUMENT', `set_cell_value: ${where} does not take ${JSON.stringify(args.formula ?? args.value)}: ${e.message}; the cell was left as it was`, { detail: e.detail ?? '', cause: e });
    }
    const [[now]] = (await wb.read(sheet.index, area)) as [[typeof prior]];
    if (args.formula !== undefined && now.kind === 'error' && rejectedError(String(now.text ?? now.value))) {
      await putBack();
      const [[back]] = (await wb.read(sheet.index, area)) as [[typeof prior]];
      throw new LambError(
        'INVALID_ARGUMENT',
        `set_cell_value: the ${doc.suite === 'uno' ? 'LibreOffice Calc' : 'Excel'} formula ${args.formula} in ${where} gives ${now.text ?? now.value} (a formula it does not accept: check function names, separators and parentheses); the cell ${back.formula === prior.formula ? 'was put back as it was' : 'could not be put back'} (${JSON.stringify(back.formula)})`,
      );
    }
    const warning = now.kind === 'error' ? `the formula computes to ${now.text ?? now.value}` : undefined;
    const result = { cell: where, formula: now.formula, value: cellValue(now), ...(now.text !== undefined ? { text: now.text } : {}) };
    const checks =
      args.formula !== undefined
        ? [
            check(`${where} formula`, normalizeFormula(args.formula), normalizeFormula(now.formula)),
            check(`${where} computed value`, 'a value', result.value, now.kind !== 'empty' && result.value !== null),
          ]
        : [check(`${where} value`, args.value ?? null, cellValue(now), cellMatches(args.value ?? null, now))];
    return {
      method: `${wb.api} ${args.formula !== undefined ? 'formula' : 'value'} + cell read`,
      result,
      expected: args.formula !== undefined ? `${where} holds ${args.formula} and its computed value` : `${where} holds ${JSON.stringify(args.value ?? null)}`,
      checks,
      ...(warning ? { warning } : {}),
    };
  },
};
