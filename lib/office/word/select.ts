import { LambError } from '../../model/errors.js';
import { WordSelectParagraphArgs, WordSelectTableArgs, WordSelectTextArgs } from '../../model/office-word.js';
import { check, type OfficeFunctionSpec } from '../office-function.js';
import { nonEmpty, type WordParagraph } from './word-document.js';
import { wordDocument } from './word-of.js';

/*
 * UFO's three selections. Each is read back from the document's controller / window Selection anew. Where UFO
 * answers "not found" / "out of range" as a success message, the bridge answers TARGET_NOT_FOUND and leaves the
 * selection as it was.
 */

/** UFO's select_text(text): the first match in the document (Word's Find defaults: case-insensitive). */
export const selectText: OfficeFunctionSpec<WordSelectTextArgs> = {
  app: 'word',
  name: 'select_text',
  mutates: false,
  schema: WordSelectTextArgs,
  async run(document, { text }) {
    const word = wordDocument(document);
    if (!(await word.selectText(text))) {
      throw new LambError('TARGET_NOT_FOUND', `select_text (lam-bridge): "${text}" does not occur in the document (the search ignores case)`);
    }
    const selection = await word.selection();
    return {
      method: word.suite === 'uno' ? 'UNO XSearchable.findFirst + XSelectionSupplier.select' : 'COM Range.Find.Execute + Range.Select',
      result: { selected: selection.text },
      expected: `the selection is "${text}" (ignoring case)`,
      checks: [check('selected text (case-insensitive)', text.toLowerCase(), selection.text.toLowerCase())],
    };
  },
};

/** The paragraphs select_paragraph counts: all, or (UFO's default) those with text. */
function counted(paragraphs: WordParagraph[], nonEmptyOnly: boolean): WordParagraph[] {
  return nonEmptyOnly ? paragraphs.filter((p) => nonEmpty(p.text)) : paragraphs;
}

/**
 * UFO's select_paragraph(start_index, end_index=-1, non_empty=True): from the start of the start_index-th
 * paragraph to the end of the end_index-th one, or to the end of the document for -1.
 */
export const selectParagraph: OfficeFunctionSpec<WordSelectParagraphArgs> = {
  app: 'word',
  name: 'select_paragraph',
  mutates: false,
  schema: WordSelectParagraphArgs,
  async run(document, { start_index, end_index, non_empty }) {
    const word = wordDocument(document);
    const list = counted(await word.paragraphs(), non_empty);
    const kind = non_empty ? 'non-empty paragraphs' : 'paragraphs';
    const last = end_index === -1 ? undefined : list[end_index - 1];
    const first = list[start_index - 1];
    if (!first || (end_index !== -1 && !last)) {
      throw new LambError('TARGET_NOT_FOUND', `select_paragraph (lam-bridge): the document has ${list.length} ${kind}; start_index and end_index must be 1 to ${list.length} (end_index -1: to the end)`);
    }
    const to = last ? last.index : 'end';
    await word.selectParagraphs(first.index, to);
    const spans = await word.selectionSpans(first.index, to);
    return {
      method: word.suite === 'uno' ? 'UNO XTextCursor.gotoRange + XSelectionSupplier.select' : 'COM Document.Range(Start, End).Select',
      result: { paragraphs: [first.index, last ? last.index : list[list.length - 1]?.index ?? first.index] },
      expected: `the selection runs from paragraph ${first.index}'s start to ${last ? `paragraph ${last.index}'s end` : 'the end of the document'}`,
      checks: [check('selection spans exactly those paragraphs', true, spans)],
    };
  },
};

/** UFO's select_table(number): the number-th table, 1-based. */
export const selectTable: OfficeFunctionSpec<WordSelectTableArgs> = {
  app: 'word',
  name: 'select_table',
  mutates: false,
  schema: WordSelectTableArgs,
  async run(document, { number }) {
    const word = wordDocument(document);
    const count = (await word.tables()).length;
    if (number > count) throw new LambError('TARGET_NOT_FOUND', `select_table (lam-bridge): the document has ${count} tables; number must be 1 to ${count}`);
    await word.selectTable(number);
    const selection = await word.selection();
    return {
      method: word.suite === 'uno' ? 'UNO XSelectionSupplier.select(table)' : 'COM Tables(n).Select',
      result: { table: number },
      expected: `the selection is in table ${number}`,
      checks: [check('table the selection is in', number, selection.table)],
    };
  },
};
