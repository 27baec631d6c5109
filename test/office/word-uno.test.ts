import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LambError } from '../../lib/model/errors.js';
import type { OfficeFunctionSpec, OfficeOutcome, OpenDocument } from '../../lib/office/office-function.js';
import { OfficeSession } from '../../lib/office/office-session.js';
import { WORD_FUNCTIONS } from '../../lib/office/word/index.js';
import { WriterUnoDocument } from '../../lib/office/word/writer-uno.js';

/*
 * The Word functions on real LibreOffice Writer, headless, through the bridge's own soffice (one per file).
 * The documents are made by python-docx (someone else's .docx, not ours); each function acts and is verified
 * by reading back through UNO; saved files are read independently: .docx with python-docx (Debian's
 * /usr/bin/python3), .pdf by its header; bad input leaves the document untouched (its paragraphs, fonts
 * and modified flag).
 */

const PY = '/usr/bin/python3';
const fn = (name: string) => WORD_FUNCTIONS.find((f) => f.name === name) as OfficeFunctionSpec<unknown>;
async function run(doc: OpenDocument, name: string, input: unknown): Promise<OfficeOutcome> {
  const spec = fn(name);
  const parsed = spec.schema.safeParse(input);
  if (!parsed.success) throw new LambError('INVALID_ARGUMENT', JSON.stringify(parsed.error.issues));
  return spec.run(doc, parsed.data);
}
function verified(o: OfficeOutcome): OfficeOutcome {
  const bad = o.checks.filter((c) => !c.ok);
  expect(bad, JSON.stringify(bad)).toEqual([]);
  expect(o.checks.length).toBeGreaterThan(0);
  return o;
}

/** python-docx writes the document: a Title paragraph (add_heading level 0), headings and body text. */
function makeDocx(file: string, withTitleStyle: boolean): void {
  execFileSync(PY, ['-c', `
import sys, docx
d = docx.Document()
if ${withTitleStyle ? 'True' : 'False'}:
    d.add_heading('Quarterly Report', 0)
else:
    d.add_paragraph('')
    d.add_paragraph('Minutes of the meeting')
d.add_heading('Introduction', 1)
d.add_paragraph('Sales rose in every region.')
d.add_heading('Outlook', 1)
d.add_paragraph('We expect more of the same.')
d.save(sys.argv[1])
`, file]);
}

/** python-docx reads a .docx back: each paragraph's style, text and its runs' bold / size in pt. */
function readDocx(file: string): { style: string; text: string; runs: { text: string; bold: boolean | null; size: number | null }[] }[] {
  const out = execFileSync(PY, ['-c', `
import sys, json, docx
d = docx.Document(sys.argv[1])
print(json.dumps([{'style': p.style.name, 'text': p.text, 'runs': [{'text': r.text, 'bold': r.bold, 'size': r.font.size.pt if r.font.size else None} for r in p.runs]} for p in d.paragraphs]))
`, file], { encoding: 'utf8' });
  return JSON.parse(out);
}
function docxTables(file: string): number[][] {
  const out = execFileSync(PY, ['-c', `
import sys, json, docx
d = docx.Document(sys.argv[1])
print(json.dumps([[len(t.rows), len(t.columns)] for t in d.tables]))
`, file], { encoding: 'utf8' });
  return JSON.parse(out);
}

/** What a refusal must leave alone: every paragraph's text and runs, the tables, the modified flag. */
async function state(doc: OpenDocument): Promise<string> {
  const w = new WriterUnoDocument(doc);
  const paragraphs = await w.paragraphs();
  const runs = await w.readFont({ kind: 'paragraphs', indices: paragraphs.filter((p) => p.text.trim() !== '').map((p) => p.index) });
  return JSON.stringify({ paragraphs, runs, tables: await w.tables(), modified: await doc.document.call('isModified') });
}
async function refused(doc: OpenDocument, name: string, input: unknown, code: string, message: RegExp): Promise<void> {
  await doc.document.call('setModified', false);
  const before = await state(doc);
  const e = await run(doc, name, input).then(() => undefined, (x: unknown) => x);
  expect(e).toBeInstanceOf(LambError);
  expect((e as LambError).code).toBe(code);
  expect((e as LambError).message).toMatch(message);
  expect(await state(doc)).toBe(before);
}

let session: OfficeSession;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lamb-word-uno-'));
  session = await OfficeSession.start({ suite: 'uno' });
}, 120_000);
afterAll(async () => {
  await session?.dispose();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function open(name: string, withTitleStyle = true): Promise<{ doc: OpenDocument; file: string }> {
  const file = join(dir, `${name}.docx`);
  makeDocx(file, withTitleStyle);
  return { doc: await session.open('word', { file }), file };
}

describe('the seed task by API: "Make the title of this document bold and increase the font size to 16"', () => {
  it('one set_font action, verified by CharWeight/CharHeight of every run, saved in place, and read back by python-docx', async () => {
    const { doc, file } = await open('seed');
    const before = readDocx(file);
    const o = verified(await run(doc, 'set_font', { target: 'title', bold: true, font_size: 16 }));
    expect(o.result).toEqual({ paragraphs: [1] });
    expect(o.checks.map((c) => c.what).join('\n')).toMatch(/bold \(CharWeight 150\)/);
    expect(o.checks.map((c) => c.what).join('\n')).toMatch(/size in pt \(CharHeight 16\)/);
    await session.save(doc);
    await session.close(doc);

    const after = readDocx(file);
    expect(after.map((p) => p.text)).toEqual(before.map((p) => p.text));
    const [title, ...body] = after;
    expect(title?.style).toBe('Title');
    expect(title?.runs.length).toBeGreaterThan(0);
    for (const r of title?.runs ?? []) expect(r).toMatchObject({ bold: true, size: 16 });
    for (const p of body) for (const r of p.runs) {
      expect(r.bold).not.toBe(true);
      expect(r.size).not.toBe(16);
    }
  });

  it('without a Title style the title is the first paragraph with text', async () => {
    const { doc } = await open('minutes', false);
    const o = verified(await run(doc, 'set_font', { target: 'title', italic: true, underline: true, color: '#C00000' }));
    expect(o.result).toEqual({ paragraphs: [2] });
    await session.close(doc);
  });
});

describe('Writer (UNO)', () => {
  let doc: OpenDocument;
  let file: string;
  beforeAll(async () => {
    ({ doc, file } = await open('functions'));
  });
  afterAll(async () => {
    if (doc) await session.close(doc);
  });

  it('set_font by style and by paragraph number', async () => {
    const o = verified(await run(doc, 'set_font', { target: { style: 'Heading 1' }, font_name: 'DejaVu Serif', font_size: 14 }));
    expect(o.result).toEqual({ paragraphs: [2, 4] });
    verified(await run(doc, 'set_font', { target: { paragraph: 3 }, color: '0000FF' }));
  });

  it('select_text, then UFO\'s set_font on the selection', async () => {
    const o = verified(await run(doc, 'select_text', { text: 'SALES ROSE' }));
    expect(o.result).toEqual({ selected: 'Sales rose' });
    verified(await run(doc, 'set_font', { font_size: 20, bold: true }));
    // Only the selected words changed: the rest of the paragraph keeps its size.
    const runs = await new WriterUnoDocument(doc).readFont({ kind: 'paragraphs', indices: [3] });
    expect(runs.map((r) => [r.text, r.size, r.bold])).toEqual([
      ['Sales rose', 20, true],
      [' in every region.', runs[1]?.size, false],
    ]);
    expect(runs[1]?.size).not.toBe(20);
  });

  it('select_paragraph: a span, and -1 to the end', async () => {
    verified(await run(doc, 'select_paragraph', { start_index: 2, end_index: 3 }));
    verified(await run(doc, 'select_paragraph', { start_index: 4 }));
  });

  it('insert_table at the end, then select_table', async () => {
    const o = verified(await run(doc, 'insert_table', { rows: 3, columns: 2 }));
    expect(o.result).toEqual({ table: 1, rows: 3, columns: 2 });
    // One cell with text, the others empty: both kinds are read back.
    const table = doc.connection.wrap(await (await doc.document.obj('getTextTables')).call('getByIndex', 0), 'table');
    await (await table.obj('getCellByName', 'A1')).call('setString', 'Region');
    verified(await run(doc, 'select_table', { number: 1 }));
    // A selected table is a TextTableCursor, not text ranges: set_font reaches its cells.
    const f = verified(await run(doc, 'set_font', { italic: true }));
    expect(f.result).toEqual({ selection: true });
    // Six cells: "Region" and five empty ones, read by their paragraphs' own attributes.
    expect(f.checks.filter((c) => /italic/.test(c.what)).map((c) => c.what.replace(/ \(CharPosture .*\)$/, ''))).toEqual([
      'run 1 ("Region") italic', 'run 2 ("") italic', 'run 3 ("") italic', 'run 4 ("") italic', 'run 5 ("") italic', 'run 6 ("") italic',
    ]);
  });

  it('refuses bad input and leaves the document untouched', async () => {
    await refused(doc, 'select_table', { number: 2 }, 'TARGET_NOT_FOUND', /has 1 tables/);
    await refused(doc, 'select_text', { text: 'Revenue' }, 'TARGET_NOT_FOUND', /does not occur/);
    await refused(doc, 'select_paragraph', { start_index: 9 }, 'TARGET_NOT_FOUND', /has 5 non-empty paragraphs/);
    await refused(doc, 'set_font', { bold: true, target: { style: 'Heading 7' } }, 'TARGET_NOT_FOUND', /styles in use are/);
    await refused(doc, 'set_font', { color: 'blue', target: 'title' }, 'INVALID_ARGUMENT', /RRGGBB/);
    await refused(doc, 'insert_table', { rows: 0, columns: 2 }, 'INVALID_ARGUMENT', /rows/);
    await refused(doc, 'save_as', { file_dir: '../outside' }, 'INVALID_ARGUMENT', /outside the document's folder/);
    await refused(doc, 'save_as', { file_ext: '.xps' }, 'INVALID_ARGUMENT', /LibreOffice cannot write \.xps/);
  });

  it('save_as: UFO\'s default PDF beside the document, and a .docx python-docx reads with the table and fonts', async () => {
    const pdf = verified(await run(doc, 'save_as', {}));
    expect(pdf.result).toEqual({ path: join(dir, 'functions.pdf') });
    expect(readFileSync(join(dir, 'functions.pdf'), 'latin1').slice(0, 5)).toBe('%PDF-');
    mkdirSync(join(dir, 'out'), { recursive: true });
    const copy = verified(await run(doc, 'save_as', { file_dir: 'out', file_name: 'copy', file_ext: 'docx' }));
    const saved = join(dir, 'out', 'copy.docx');
    expect(copy.result).toEqual({ path: saved });
    expect(docxTables(saved)).toEqual([[3, 2]]);
    const paras = readDocx(saved);
    expect(paras.find((p) => p.text === 'Sales rose in every region.')?.runs[0]).toMatchObject({ text: 'Sales rose', bold: true, size: 20 });
    expect(paras.filter((p) => p.style === 'Heading 1').flatMap((p) => p.runs.map((r) => r.size))).toEqual([14, 14]);
    // The document stays bound to its own file (storeToURL writes a copy).
    expect((await doc.info()).path).toBe(file);
  });
});
