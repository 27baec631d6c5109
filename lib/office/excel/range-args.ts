import type { CellArea, Workbook } from './workbook.js';

/** -1 as end_row / end_col: the last used row / column (or the start, when the sheet has nothing past it). */
export async function resolveEnd(
  wb: Workbook,
  sheet: number,
  a: { start_row: number; start_col: number; end_row: number; end_col: number },
): Promise<CellArea> {
  const used = a.end_row === -1 || a.end_col === -1 ? await wb.usedArea(sheet) : null;
  const endRow = a.end_row === -1 ? Math.max(a.start_row, used?.endRow ?? a.start_row) : a.end_row;
  const endColumn = a.end_col === -1 ? Math.max(a.start_col, used?.endColumn ?? a.start_col) : a.end_col;
  return { startRow: a.start_row, startColumn: a.start_col, endRow, endColumn };
}
