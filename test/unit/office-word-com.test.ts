import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { LambError } from '../../lib/model/errors.js';
import type { OfficeOutcome, OpenDocument } from '../../lib/office/office-function.js';
import { runOfficeFunction } from '../../lib/office/office-runner.js';
import { OfficeSession } from '../../lib/office/office-session.js';
import { WORD_FUNCTIONS } from '../../lib/office/word/index.js';
import { wordDouble, wdUndefined, type WordApplicationDouble, type WordDocumentDouble } from '../helpers/office-doubles/word-double.js';

/*
 * The Word functions over COM (lib/office/word/word-com.ts) against the Word object-model double
 * (test/helpers/office-doubles/word-double.ts): no Microsoft Word runs here. Each function acts, is read back,
 * and refuses bad input leaving the document as it was.
 */

const dir = mkdtempSync(join(tmpdir(), 'lamb-word-com-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let word: WordApplicationDouble;
let session: OfficeSession;
let doc: OpenDocument;
let model: WordDocumentDouble;
let log: string[];

const REPORT = [
  { text: 'Quarterly Report', style: 'Title', font: { size: 26 } },
  { text: '' },
  { text: 'Introduction', style: 'Heading 1' },
  { text: 'Sales rose in every region.' },
  { text: 'Outlook', style: 'Heading 1' },
  { text: 'We expect more of the same.' },
];

beforeEach(async () => {
  const d = wordDouble();
  word = d.word;
  log = d.transport.log;
  session = await OfficeSession.start({ suite: 'com', transport: d.transport });
  doc = await session.open('word');
  model = word.Documents.list[0] as WordDocumentDouble;
  model.load(REPORT);
  model.Path = dir;
  model.Name = 'report.docx';
  model.FullName = join(dir, 'report.docx');
});

async function act(name: string, args: unknown): Promise<OfficeOutcome> {
  const spec = WORD_FUNCTIONS.find((f) => f.name === name);
  if (!spec) throw new Error(`no word function ${name}`);
  const parsed = spec.schema.safeParse(args);
  if (!parsed.success) throw new LambError('INVALID_ARGUMENT', JSON.stringify(parsed.error.issues));
  return spec.run(doc, parsed.data);
}
function verified(o: OfficeOutcome): OfficeOutcome {
  const failed = o.checks.filter((c) => !c.ok);
  expect(failed, JSON.stringify(failed)).toEqual([]);
  expect(o.checks.length).toBeGreaterThan(0);
  return o;
}
async function refused(name: string, args: unknown, code: string, message: RegExp): Promise<void> {
  const before = model.snapshot();
  const err = await act(name, args).then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(LambError);
  expect((err as LambError).code).toBe(code);
  expect((err as LambError).message).toMatch(message);
  expect(model.snapshot()).toEqual(before);
}
function fontOf(paraIndex: number) {
  const p = model.paras[paraIndex];
  if (!p) throw new Error(`no paragraph ${paraIndex}`);
  return p.fmt.slice(0, p.text.length);
}

describe('set_font (COM, Word double)', () => {
  it('the seed task: the title bold at 16 pt in one action, read back from Paragraphs(i).Range.Font; the body unchanged', async () => {
    const o = verified(await act('set_font', { target: 'title', bold: true, font_size: 16 }));
    expect(o.result).toEqual({ paragraphs: [1] });
    expect(o.method).toMatch(/COM Range\.Font/);
    expect(o.checks.map((c) => c.what).join('\n')).toMatch(/bold \(Font\.Bold -1\)/);
    expect(fontOf(0).every((f) => f.bold && f.size === 16)).toBe(true);
    for (const i of [2, 3, 4, 5]) expect(fontOf(i).every((f) => !f.bold && f.size === 11)).toBe(true);
    expect(log).toContain('set Bold');
  });

  it('through the runner: the seed task is verified; an unknown argument fails naming the allowed ones, untouched', async () => {
    const r = await runOfficeFunction(doc, 'set_font', { target: 'title', bold: true, font_size: 16 });
    expect(r).toMatchObject({ ok: true, verdict: 'verified', function: 'set_font', result: { paragraphs: [1] } });
    const before = model.snapshot();
    const bad = await runOfficeFunction(doc, 'set_font', { target: 'title', weight: 700 });
    expect(bad.ok).toBe(false);
    expect(JSON.stringify(bad)).toMatch(/INVALID_ARGUMENT/);
    expect(JSON.stringify(bad)).toMatch(/font_name.*font_size.*bold.*italic.*underline.*color.*target/);
    expect(model.snapshot()).toEqual(before);
  });

  it('without a Title style the title is the first paragraph with text', async () => {
    model.load([{ text: '' }, { text: 'Minutes of the meeting' }, { text: 'Present: all' }]);
    const o = verified(await act('set_font', { target: 'title', italic: true, underline: true }));
    expect(o.result).toEqual({ paragraphs: [2] });
    expect(fontOf(1).every((f) => f.italic && f.underline === 1)).toBe(true);
    expect(fontOf(2).every((f) => !f.italic)).toBe(true);
  });

  it('a paragraph by number, and paragraphs by style; colour goes in BGR-ordered', async () => {
    verified(await act('set_font', { target: { paragraph: 2 }, color: '#FF0000' }));
    // "Introduction" is the 2nd non-empty paragraph; red RGB FF0000 is Word's 0x0000FF (255).
    expect(fontOf(2).every((f) => f.color === 0x0000ff)).toBe(true);
    const o = verified(await act('set_font', { target: { style: 'heading 1' }, font_name: 'Arial', font_size: 14 }));
    expect(o.result).toEqual({ paragraphs: [3, 5] });
    expect(fontOf(4).every((f) => f.name === 'Arial' && f.size === 14)).toBe(true);
  });

  it('the selection (UFO\'s set_font): select_text, then font_name and font_size', async () => {
    verified(await act('select_text', { text: 'sales rose' }));
    verified(await act('set_font', { font_name: 'Times New Roman', font_size: '12' }));
    const p = fontOf(3);
    expect(p.slice(0, 10).every((f) => f.name === 'Times New Roman' && f.size === 12)).toBe(true);
    expect(p.slice(10).every((f) => f.name === 'Calibri' && f.size === 11)).toBe(true);
  });

  it('a check fails (unverified) when the read-back disagrees: a mixed range reads wdUndefined', async () => {
    verified(await act('select_paragraph', { start_index: 3, end_index: 3 }));
    // Something else (a macro, the user) changes one character between the write and the read: simulated by
    // a font whose writes to one character are lost.
    const victim = model.paras[3]?.fmt[0];
    if (!victim) throw new Error('no character');
    Object.defineProperty(victim, 'bold', { get: () => false, set: () => undefined });
    const o = await act('set_font', { bold: true });
    const bad = o.checks.filter((c) => !c.ok);
    expect(bad.length).toBe(1);
    expect(bad[0]?.what).toMatch(new RegExp(`bold \\(Font.Bold ${wdUndefined}\\)`));
  });

  it('refuses with nothing selected, a missing paragraph or style, and bad arguments, leaving the document untouched', async () => {
    await refused('set_font', { bold: true }, 'TARGET_NOT_FOUND', /no text is selected/);
    await refused('set_font', { bold: true, target: { paragraph: 9 } }, 'TARGET_NOT_FOUND', /has 5 non-empty paragraphs, not 9/);
    await refused('set_font', { bold: true, target: { style: 'Heading 2' } }, 'TARGET_NOT_FOUND', /styles in use are "Title", "Heading 1", "Normal"/);
    await refused('set_font', { color: 'red', target: 'title' }, 'INVALID_ARGUMENT', /RRGGBB/);
    await refused('set_font', { target: 'title' }, 'INVALID_ARGUMENT', /at least one of/);
  });
});

describe('selections (COM, Word double)', () => {
  it('select_text selects the first match, case-insensitively, through Range.Find', async () => {
    const o = verified(await act('select_text', { text: 'OUTLOOK' }));
    expect(o.result).toEqual({ selected: 'Outlook' });
    expect(model.selection.end - model.selection.start).toBe(7);
    expect(log).toContain('call Execute');
    await refused('select_text', { text: 'Revenue' }, 'TARGET_NOT_FOUND', /does not occur/);
  });

  it('select_paragraph counts non-empty paragraphs by default, all with non_empty false, -1 to the end', async () => {
    verified(await act('select_paragraph', { start_index: 2, end_index: 3 }));
    expect(model.textOf(model.selection.start, model.selection.end)).toBe('Introduction\rSales rose in every region.\r');
    verified(await act('select_paragraph', { start_index: 2, end_index: 2, non_empty: false }));
    expect(model.textOf(model.selection.start, model.selection.end)).toBe('\r');
    verified(await act('select_paragraph', { start_index: 5 }));
    expect(model.selection.end).toBe(model.length);
    await refused('select_paragraph', { start_index: 6 }, 'TARGET_NOT_FOUND', /has 5 non-empty paragraphs/);
    await refused('select_paragraph', { start_index: 3, end_index: 1 }, 'INVALID_ARGUMENT', /at least start_index/);
  });

  it('insert_table adds rows × columns at the end (UFO\'s way), select_table selects it; paragraph numbers do not count its cells', async () => {
    const o = verified(await act('insert_table', { rows: 2, columns: 3 }));
    expect(o.result).toEqual({ table: 1, rows: 2, columns: 3 });
    expect(log).toEqual(expect.arrayContaining(['call Collapse', 'call InsertParagraphAfter', 'call Add', 'set Enable']));
    // The six cells come after the last body paragraph, and a paragraph follows the table.
    expect(model.paras.slice(6, 12).every((p) => p.table !== null)).toBe(true);
    expect(model.paras[12]?.table).toBeNull();
    verified(await act('insert_table', { rows: 1, columns: 1 }));
    verified(await act('select_table', { number: 1 }));
    verified(await act('select_table', { number: 2 }));
    await refused('select_table', { number: 3 }, 'TARGET_NOT_FOUND', /has 2 tables/);
    await refused('insert_table', { rows: 2, columns: 64 }, 'INVALID_ARGUMENT', /between 1 and 63/);
    // Still 5 non-empty body paragraphs: the cells are not counted.
    await refused('set_font', { bold: true, target: { paragraph: 6 } }, 'TARGET_NOT_FOUND', /has 5 non-empty paragraphs/);
  });
});

describe('save_as (COM, Word double)', () => {
  it('UFO\'s defaults: the document\'s folder and name, as PDF (FileFormat 17)', async () => {
    const o = verified(await act('save_as', {}));
    expect(o.result).toEqual({ path: join(dir, 'report.pdf') });
    expect(model.saves.at(-1)).toEqual([join(dir, 'report.pdf'), 17]);
    expect(readFileSync(join(dir, 'report.pdf'), 'latin1')).toMatch(/^%PDF-/);
  });

  it('.docx is FileFormat 12 (UFO\'s table); a relative folder inside the document\'s folder; an absolute folder', async () => {
    const sub = mkdtempSync(join(dir, 'out-'));
    const rel = sub.slice(dir.length + 1);
    verified(await act('save_as', { file_dir: rel, file_name: 'copy', file_ext: 'docx' }));
    expect(model.saves.at(-1)).toEqual([join(sub, 'copy.docx'), 12]);
    const abs = mkdtempSync(join(tmpdir(), 'lamb-word-abs-'));
    try {
      verified(await act('save_as', { file_dir: abs, file_name: 'x', file_ext: '.rtf' }));
      expect(model.saves.at(-1)).toEqual([join(abs, 'x.rtf'), 6]);
      verified(await act('save_as', { file_dir: abs, file_name: 'old', file_ext: 'DOC' }));
      expect(model.saves.at(-1)).toEqual([join(abs, 'old.doc'), 0]);
    } finally {
      rmSync(abs, { recursive: true, force: true });
    }
  });

  it('refuses a folder outside the document\'s, a system folder, a missing folder and an unknown format, writing nothing', async () => {
    const files = readdirSync(dir).length;
    await refused('save_as', { file_dir: '../elsewhere' }, 'INVALID_ARGUMENT', /outside the document's folder/);
    await refused('save_as', { file_dir: '/etc' }, 'INVALID_ARGUMENT', /system folder \/etc/);
    await refused('save_as', { file_dir: '/tmp/../etc' }, 'INVALID_ARGUMENT', /contains "\.\."/);
    await refused('save_as', { file_dir: 'missing' }, 'TARGET_NOT_FOUND', /does not exist/);
    await refused('save_as', { file_ext: '.odt' }, 'INVALID_ARGUMENT', /file_ext one of/);
    expect(model.saves).toEqual([]);
    expect(readdirSync(dir).length).toBe(files);
  });

  it('a new document has no folder: it needs an absolute file_dir', async () => {
    model.Path = '';
    model.FullName = 'Document1';
    await refused('save_as', {}, 'INVALID_ARGUMENT', /never saved, so it has no folder/);
  });
});
