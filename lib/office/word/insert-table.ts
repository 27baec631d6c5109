import { WordInsertTableArgs } from '../../model/office-word.js';
import { check, type OfficeFunctionSpec } from '../office-function.js';
import { wordDocument } from './word-of.js';

/**
 * UFO's insert_table(rows, columns): a rows × columns table at the end of the document (UFO collapses the
 * document's range to its end and adds the table there, not at the selection). Read back: one table more than
 * before, and the last table (the new one) has the rows and columns asked for.
 */
export const insertTable: OfficeFunctionSpec<WordInsertTableArgs> = {
  app: 'word',
  name: 'insert_table',
  mutates: true,
  schema: WordInsertTableArgs,
  async run(document, { rows, columns }) {
    const word = wordDocument(document);
    const before = (await word.tables()).length;
    await word.insertTableAtEnd(rows, columns);
    const after = await word.tables();
    const last = after[after.length - 1];
    return {
      method: word.suite === 'uno'
        ? 'UNO createInstance("com.sun.star.text.TextTable") + initialize + XText.insertTextContent at the end'
        : 'COM Document.Range().Collapse(wdCollapseEnd) + InsertParagraphAfter + Tables.Add + Borders.Enable',
      result: { table: after.length, rows, columns },
      expected: `table ${before + 1} of ${before + 1} at the end, ${rows} × ${columns}`,
      checks: [
        check('number of tables', before + 1, after.length),
        check(`table ${after.length} rows`, rows, last?.rows ?? null),
        check(`table ${after.length} columns`, columns, last?.columns ?? null),
      ],
    };
  },
};
