import { LambError } from '../../model/errors.js';
import { ReorderColumnsArgs } from '../../model/office-excel.js';
import { check, sameValue, type OfficeFunctionSpec } from '../office-function.js';
import { address, cellText, cellValue, resolveSheet, workbookOf } from './excel-sheets.js';
import type { CellArea, Workbook } from './workbook.js';

/*
 * reorder_columns(sheet_name, desired_order): the columns whose row-1 headers are named move, whole (every
 * row, formats, references to them updated), into the order given; as in UFO, columns with an empty header stay
 * where they are, and the named columns take the places of the non-empty-header columns from the left. Unlike
 * UFO, a name that is not a header is refused (naming the headers) instead of skipped, and the columns the
 * order leaves out keep their relative order after the named ones instead of being deleted.
 * Done as whole-column moves (Excel: Cut + Insert; Calc: insertByIndex + moveRange + removeByIndex), at most
 * one per column. Verified by reading row 1 and every moved column's cells back.
 */

/** Cells compared column by column after the move; past this only the header row is compared. */
const MAX_COMPARED_CELLS = 200_000;

/** The moves that turn `current` (original column numbers in place order) into `final`: [from, to] pairs. */
export function columnMoves(current: number[], final: readonly number[]): [number, number][] {
  const order = [...current];
  const moves: [number, number][] = [];
  final.forEach((col, p) => {
    const q = order.indexOf(col);
    if (q !== p) {
      moves.push([q + 1, p + 1]);
      order.splice(q, 1);
      order.splice(p, 0, col);
    }
  });
  return moves;
}

async function columnsOf(wb: Workbook, sheet: number, area: CellArea) {
  return (await wb.read(sheet, area)).map((r) => r.map(cellValue));
}

export const reorderColumns: OfficeFunctionSpec<ReorderColumnsArgs> = {
  app: 'excel',
  name: 'reorder_columns',
  mutates: true,
  schema: ReorderColumnsArgs,
  async run(doc, args) {
    const wb = workbookOf(doc);
    const sheet = await resolveSheet(wb, args.sheet_name);
    const used = await wb.usedArea(sheet.index);
    if (!used) throw new LambError('INVALID_ARGUMENT', `reorder_columns: sheet "${sheet.name}" is empty: there are no headers to reorder`);
    const lastCol = used.endColumn;
    const headerArea = { startRow: 1, startColumn: 1, endRow: 1, endColumn: lastCol };
    const headers = ((await wb.read(sheet.index, headerArea))[0] ?? []).map((c) => cellText(c).trim());
    const named = headers.map((h, i) => ({ h, col: i + 1 })).filter((x) => x.h !== '');
    const listed = named.map((x) => JSON.stringify(x.h)).join(', ');
    for (const name of args.desired_order) {
      const hits = named.filter((x) => x.h === name);
      if (hits.length === 0) throw new LambError('INVALID_ARGUMENT', `reorder_columns: no column of sheet "${sheet.name}" has the header ${JSON.stringify(name)}; the headers in row 1 are ${listed}`);
      if (hits.length > 1) throw new LambError('INVALID_ARGUMENT', `reorder_columns: ${hits.length} columns of sheet "${sheet.name}" have the header ${JSON.stringify(name)}; name columns whose headers are unique`);
    }
    const chosen = args.desired_order.map((n) => named.find((x) => x.h === n)!.col);
    const rest = named.map((x) => x.col).filter((c) => !chosen.includes(c));
    const sequence = [...chosen, ...rest];
    // Empty-header columns keep their places; the others are filled from `sequence` left to right.
    let k = 0;
    const final = headers.map((h, i) => (h === '' ? i + 1 : (sequence[k++] as number)));
    const dataArea = { startRow: 1, startColumn: 1, endRow: used.endRow, endColumn: lastCol };
    const compare = used.endRow * lastCol <= MAX_COMPARED_CELLS;
    const before = compare ? await columnsOf(wb, sheet.index, dataArea) : null;
    const moves = columnMoves(headers.map((_, i) => i + 1), final);
    for (const [from, to] of moves) await wb.moveColumnLeft(sheet.index, from, to);
    const afterHeaders = ((await wb.read(sheet.index, headerArea))[0] ?? []).map((c) => cellText(c).trim());
    const checks = [check(`sheet "${sheet.name}" row 1 headers`, final.map((c) => headers[c - 1]), afterHeaders)];
    if (before) {
      const after = await columnsOf(wb, sheet.index, dataArea);
      const wrong = final.flatMap((orig, p) => {
        const want = before.map((r) => r[orig - 1] ?? null);
        const got = after.map((r) => r[p] ?? null);
        return sameValue(want, got) ? [] : [address({ startRow: 1, startColumn: p + 1, endRow: used.endRow, endColumn: p + 1 })];
      });
      checks.push(check(`columns of ${address(dataArea)} holding the moved column's cells`, [], wrong));
    }
    return {
      method: `${wb.api} column moves (${moves.length})`,
      result: `Columns reordered successfully into: ${JSON.stringify(afterHeaders.filter((h) => h !== ''))}`,
      expected: `row 1 of sheet "${sheet.name}" reads ${JSON.stringify(final.map((c) => headers[c - 1]))}, each column's cells moved with its header`,
      checks,
    };
  },
};
