import { describe, expect, it } from 'vitest';
import {
  WordInsertTableArgs,
  WordSaveAsArgs,
  WordSelectParagraphArgs,
  WordSelectTableArgs,
  WordSelectTextArgs,
  WordSetFontArgs,
} from '../../lib/model/office-word.js';

/* The Word functions' argument schemas: UFO's defaults filled in, models' sloppiness coerced, the rest refused. */

type Schema = { safeParse(v: unknown): { success: true; data: unknown } | { success: false; error: { issues: readonly { message: string }[] } } };

function parsed(schema: Schema, input: unknown): unknown {
  const r = schema.safeParse(input);
  if (!r.success) throw new Error(`refused: ${r.error.issues.map((i) => i.message).join('; ')}`);
  // The canonical form is a fixed point.
  const again = schema.safeParse(r.data);
  expect(again.success && again.data).toEqual(r.data);
  return r.data;
}
function refusal(schema: Schema, input: unknown): string {
  const r = schema.safeParse(input);
  if (r.success) throw new Error(`accepted ${JSON.stringify(input)} as ${JSON.stringify(r.data)}`);
  return r.error.issues.map((i) => i.message).join('; ');
}

describe('insert_table', () => {
  it('takes rows and columns, numeric strings too', () => {
    expect(parsed(WordInsertTableArgs, { rows: '2', columns: 3 })).toEqual({ rows: 2, columns: 3 });
  });
  it('refuses missing, fractional, zero and too many', () => {
    expect(refusal(WordInsertTableArgs, { rows: 2 })).toMatch(/number of columns/);
    expect(refusal(WordInsertTableArgs, { rows: 1.5, columns: 2 })).toMatch(/integer/);
    expect(refusal(WordInsertTableArgs, { rows: 0, columns: 2 })).toMatch(/between 1 and 32767/);
    expect(refusal(WordInsertTableArgs, { rows: 2, columns: 64 })).toMatch(/between 1 and 63/);
    expect(refusal(WordInsertTableArgs, { rows: 2, columns: 2, cols: 2 })).toMatch(/cols/);
  });
});

describe('select_text', () => {
  it('takes a text up to Word\'s Find limit', () => {
    expect(parsed(WordSelectTextArgs, { text: 'Hello' })).toEqual({ text: 'Hello' });
    expect(refusal(WordSelectTextArgs, { text: '' })).toMatch(/empty/);
    expect(refusal(WordSelectTextArgs, { text: 'x'.repeat(256) })).toMatch(/at most 255/);
  });
});

describe('select_paragraph', () => {
  it('fills UFO\'s defaults: end_index -1, non_empty true', () => {
    expect(parsed(WordSelectParagraphArgs, { start_index: 2 })).toEqual({ start_index: 2, end_index: -1, non_empty: true });
    expect(parsed(WordSelectParagraphArgs, { start_index: 2, end_index: null, non_empty: 'False' })).toEqual({ start_index: 2, end_index: -1, non_empty: false });
  });
  it('clamps start_index to 1 as UFO does (max(1, start_index))', () => {
    expect(parsed(WordSelectParagraphArgs, { start_index: 0 })).toEqual({ start_index: 1, end_index: -1, non_empty: true });
    expect(parsed(WordSelectParagraphArgs, { start_index: '-3', end_index: 2 })).toEqual({ start_index: 1, end_index: 2, non_empty: true });
  });
  it('refuses an end before the start, 0 and other negatives', () => {
    expect(refusal(WordSelectParagraphArgs, { start_index: 3, end_index: 2 })).toMatch(/at least start_index/);
    expect(refusal(WordSelectParagraphArgs, { start_index: 1, end_index: 0 })).toMatch(/got 0/);
    expect(refusal(WordSelectParagraphArgs, { start_index: 1, end_index: -2 })).toMatch(/end_index/);
    expect(refusal(WordSelectParagraphArgs, {})).toMatch(/start_index/);
  });
});

describe('select_table', () => {
  it('takes a 1-based number', () => {
    expect(parsed(WordSelectTableArgs, { number: '1' })).toEqual({ number: 1 });
    expect(refusal(WordSelectTableArgs, { number: 0 })).toMatch(/table number/);
  });
});

describe('set_font', () => {
  it('the seed task is one action: target title, bold, 16 pt', () => {
    expect(parsed(WordSetFontArgs, { target: 'title', bold: true, font_size: 16 })).toEqual({ target: 'title', bold: true, font_size: 16 });
  });
  it('defaults to the selection (UFO\'s set_font) and keeps UFO\'s font_name / font_size', () => {
    expect(parsed(WordSetFontArgs, { font_name: 'Arial', font_size: '10.5' })).toEqual({ font_name: 'Arial', font_size: 10.5, target: 'selection' });
  });
  it('coerces "True", "#rrggbb", null and "" as models write them', () => {
    expect(parsed(WordSetFontArgs, { bold: 'True', italic: null, color: '#ff0000', font_name: '', target: null }))
      .toEqual({ bold: true, color: 'FF0000', target: 'selection' });
    expect(parsed(WordSetFontArgs, { underline: 'false', target: 'Title' })).toEqual({ underline: false, target: 'title' });
  });
  it('addresses a paragraph or a style', () => {
    expect(parsed(WordSetFontArgs, { italic: true, target: { paragraph: '2' } })).toEqual({ italic: true, target: { paragraph: 2 } });
    expect(parsed(WordSetFontArgs, { italic: true, target: { style: 'Heading 1' } })).toEqual({ italic: true, target: { style: 'Heading 1' } });
  });
  it('refuses a malformed colour, a bad size, an unknown target, nothing to change and unknown keys', () => {
    expect(refusal(WordSetFontArgs, { color: 'red' })).toMatch(/RRGGBB/);
    expect(refusal(WordSetFontArgs, { color: '#12345' })).toMatch(/six hex digits/);
    expect(refusal(WordSetFontArgs, { font_size: 0 })).toMatch(/between 1 and 1638/);
    expect(refusal(WordSetFontArgs, { font_size: 11.3 })).toMatch(/half points/);
    expect(refusal(WordSetFontArgs, { bold: 'yes' })).toMatch(/true or false/);
    expect(refusal(WordSetFontArgs, { bold: true, target: 'heading' })).toMatch(/target "selection", "title"/);
    expect(refusal(WordSetFontArgs, { bold: true, target: { paragraph: 0 } })).toMatch(/paragraph number/);
    expect(refusal(WordSetFontArgs, { target: 'title' })).toMatch(/at least one of font_name, font_size, bold/);
    expect(refusal(WordSetFontArgs, { bold: true, weight: 700 })).toMatch(/weight/);
  });
});

describe('save_as', () => {
  it('keeps UFO\'s empty defaults (resolved against the document at run time)', () => {
    expect(parsed(WordSaveAsArgs, {})).toEqual({ file_dir: '', file_name: '', file_ext: '' });
  });
  it('accepts an extension without its dot and in any case', () => {
    expect(parsed(WordSaveAsArgs, { file_ext: 'PDF', file_name: 'report' })).toEqual({ file_dir: '', file_name: 'report', file_ext: '.pdf' });
    expect(parsed(WordSaveAsArgs, { file_ext: '.docx' })).toEqual({ file_dir: '', file_name: '', file_ext: '.docx' });
  });
  it('refuses an unknown extension (UFO would save it as PDF) and a name with a folder in it', () => {
    expect(refusal(WordSaveAsArgs, { file_ext: '.odt' })).toMatch(/\.doc .*\.docx .*\.pdf/);
    expect(refusal(WordSaveAsArgs, { file_name: '../x' })).toMatch(/without a folder/);
    expect(refusal(WordSaveAsArgs, { file_name: '..' })).toMatch(/without a folder/);
  });
});
