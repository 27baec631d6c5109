import { AutoFillArgs, parseRangeReference } from '../../model/office-excel.js';
import { check, sameValue, type OfficeFunctionSpec } from '../office-function.js';
import { address, cellValue, checkInGrid, resolveSheet, workbookOf } from './excel-sheets.js';
import type { CellArea, CellRead } from './workbook.js';

/*
 * auto_fill(sheet_name, source_range, destination_range): the bridge's own; Excel's Range.AutoFill
 * (xlFillDefault) and Calc's XCellSeries.fillAuto: the destination holds the source and extends it one way;
 * the suite continues the source's series into it (1, 2 -> 3, 4 ...; Jan -> Feb; a formula with its
 * references shifted). Verified by reading the destination back: the source is unchanged, every added cell is
 * filled, and where each source line is a numeric step series (two or more numbers), it continues that step.
 */

function lines(area: CellArea, cells: CellRead[][], vertical: boolean): CellRead[][] {
  if (vertical) return Array.from({ length: area.endColumn - area.startColumn + 1 }, (_, j) => cells.map((r) => r[j] as CellRead));
  return cells;
}

export const autoFill: OfficeFunctionSpec<AutoFillArgs> = {
  app: 'excel',
  name: 'auto_fill',
  mutates: true,
  schema: AutoFillArgs,
  async run(doc, args) {
    const wb = workbookOf(doc);
    const sheet = await resolveSheet(wb, args.sheet_name);
    const source = parseRangeReference(args.source_range)!;
    const destination = parseRangeReference(args.destination_range)!;
    await checkInGrid(wb, sheet, destination, 'destination_range');
    const before = await wb.read(sheet.index, source);
    await wb.autoFill(sheet.index, source, destination);
    const after = await wb.read(sheet.index, destination);
    const vertical = destination.endRow > source.endRow || destination.startRow < source.startRow;
    const offR = source.startRow - destination.startRow;
    const offC = source.startColumn - destination.startColumn;
    const srcAfter = before.map((r, i) => r.map((_, j) => after[i + offR]?.[j + offC] as CellRead));
    const empty: string[] = [];
    after.forEach((r, i) =>
      r.forEach((c, j) => {
        const inSource = i - offR >= 0 && i - offR < before.length && j - offC >= 0 && j - offC < (before[0]?.length ?? 0);
        if (!inSource && c.kind === 'empty') empty.push(address({ startRow: destination.startRow + i, startColumn: destination.startColumn + j, endRow: destination.startRow + i, endColumn: destination.startColumn + j }));
      }),
    );
    const checks = [
      check(`source ${args.source_range} unchanged`, before.map((r) => r.map(cellValue)), srcAfter.map((r) => r.map((c) => (c ? cellValue(c) : null)))),
      check(`added cells of ${args.destination_range} left empty`, [], empty),
    ];
    // Step series: each source line (a column when filling down/up, a row when right/left) of two or more
    // numbers with one constant step must go on with that step.
    const srcLines = lines(source, before, vertical);
    const dstLines = lines(destination, after, vertical);
    const lineOffset = vertical ? offC : offR;
    const along = vertical ? offR : offC;
    srcLines.forEach((line, k) => {
      if (line.length < 2 || !line.every((c) => c.kind === 'number' && !c.formula.startsWith('='))) return;
      const v = line.map((c) => c.value as number);
      const step = (v[1] as number) - (v[0] as number);
      if (!v.every((x, i) => i === 0 || sameValue(x - (v[i - 1] as number), step))) return;
      const dst = dstLines[k + lineOffset] ?? [];
      const want = dst.map((_, i) => (v[0] as number) + (i - along) * step);
      const got = dst.map((c) => (c.kind === 'number' ? (c.value as number) : null));
      checks.push(check(`${vertical ? 'column' : 'row'} ${k + 1} of ${args.destination_range} continues the step ${step}`, want, got));
    });
    return {
      method: `${wb.api} auto fill`,
      result: { destination: `${sheet.name}!${address(destination)}`, values: after.map((r) => r.map(cellValue)) },
      expected: `${args.destination_range} of sheet "${sheet.name}" filled from ${args.source_range}`,
      checks,
    };
  },
};
