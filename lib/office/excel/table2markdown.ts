import { Table2MarkdownArgs } from '../../model/office-excel.js';
import { check, type OfficeFunctionSpec } from '../office-function.js';
import { address, cellText, resolveSheet, workbookOf } from './excel-sheets.js';
import type { CellRead } from './workbook.js';

/*
 * table2markdown(sheet_name): the sheet's used block as a Markdown table, its first row the header, rows with
 * nothing in them dropped (UFO: pandas' DataFrame(data[1:], columns=data[0]).dropna(how="all").to_markdown()).
 * Unlike UFO, which formats every number with "{:.0f}" (3.75 becomes "4"), a number is written as the shortest
 * decimal that is exactly its value, and dates and errors as the sheet shows them. A "|" in a cell is escaped
 * and a line break becomes <br>, so a cell cannot break the table.
 */

function escapeCell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

export function markdownTable(rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return '';
  const [header, ...body] = rows as [readonly string[], ...(readonly string[])[]];
  const line = (r: readonly string[]) => `| ${r.map(escapeCell).join(' | ')} |`;
  return [line(header), `|${header.map(() => ' --- ').join('|')}|`, ...body.map(line)].join('\n');
}

export const table2markdown: OfficeFunctionSpec<Table2MarkdownArgs> = {
  app: 'excel',
  name: 'table2markdown',
  mutates: false,
  schema: Table2MarkdownArgs,
  async run(doc, args) {
    const wb = workbookOf(doc);
    const sheet = await resolveSheet(wb, args.sheet_name);
    const used = await wb.usedArea(sheet.index);
    if (!used) {
      return {
        method: `${wb.api} used area`,
        result: '',
        expected: `sheet "${sheet.name}" read (it is empty)`,
        checks: [check(`sheet "${sheet.name}" used area`, 'empty', 'empty')],
      };
    }
    const cells = await wb.read(sheet.index, used);
    const texts = cells.map((r) => r.map(cellText));
    const kept = texts.filter((r, i) => i === 0 || r.some((t, j) => t !== '' || (cells[i]?.[j] as CellRead).kind !== 'empty'));
    const markdown = markdownTable(kept);
    // Read the header row again on its own: the table's first line is that row as the sheet has it now.
    const header = await wb.read(sheet.index, { ...used, endRow: used.startRow });
    return {
      method: `${wb.api} used area + block read`,
      result: markdown,
      expected: `sheet "${sheet.name}" ${address(used)} as a table of ${kept.length - 1} rows under a header of ${used.endColumn - used.startColumn + 1} columns`,
      checks: [
        check(`sheet "${sheet.name}" header row`, kept[0], (header[0] ?? []).map(cellText)),
        check('table rows (header included)', kept.length, markdown.split('\n').length - 1),
      ],
    };
  },
};
