import { describe, expect, it } from 'vitest';
import { OfficeSession } from '../../lib/office/office-session.js';
import { runOfficeFunction, runOfficeSequence } from '../../lib/office/office-runner.js';
import { ComDoubleTransport, isNamed } from '../helpers/com-object-double.js';
import { ExcelApplicationDouble } from '../helpers/office-doubles/excel-double.js';
import { PowerPointApplicationDouble } from '../helpers/office-doubles/powerpoint-double.js';
import { WordApplicationDouble } from '../helpers/office-doubles/word-double.js';

/*
 * The COM half of OfficeSession against a double of the object-model subset it uses (Application, Documents /
 * Workbooks / Presentations, Name, FullName, Path, Save, Close): no Microsoft Office runs here. The doubles are
 * minimal and named as such; they record what the session asked, so the tests can say it used the members the
 * real servers have, with the arguments that keep documents hidden and unsaved changes unsaved.
 */

class DocumentDouble {
  Saved = true;
  closedWith: unknown[] | null = null;
  saves = 0;
  constructor(
    readonly Name: string,
    readonly Path: string,
    readonly visible: boolean,
  ) {}
  get FullName(): string {
    return this.Path ? `${this.Path}\\${this.Name}` : this.Name;
  }
  Save(): void {
    this.saves++;
  }
  Close(...args: unknown[]): void {
    this.closedWith = args;
  }
}

class CollectionDouble {
  readonly items: DocumentDouble[] = [];
  readonly calls: { name: string; args: unknown[] }[] = [];
  get Count(): number {
    return this.items.length;
  }
  Item(i: number): DocumentDouble {
    const d = this.items[i - 1];
    if (!d) throw new Error('bad index');
    return d;
  }
  Open(...args: unknown[]): DocumentDouble {
    this.calls.push({ name: 'Open', args });
    const path = String(args[0]);
    const i = path.lastIndexOf('\\');
    const named = isNamed(args.at(-1)) ? (args.at(-1) as { $named: Record<string, unknown> }).$named : {};
    const d = new DocumentDouble(path.slice(i + 1), path.slice(0, i), named.Visible !== false && args[3] !== 0);
    this.items.push(d);
    return d;
  }
  Add(...args: unknown[]): DocumentDouble {
    this.calls.push({ name: 'Add', args });
    const d = new DocumentDouble(`Document${this.items.length + 1}`, '', true);
    this.items.push(d);
    return d;
  }
}

class ApplicationDouble {
  readonly Documents = new CollectionDouble();
  readonly Workbooks = new CollectionDouble();
  readonly Presentations = new CollectionDouble();
  quits = 0;
  get ActiveDocument(): DocumentDouble | null {
    return this.Documents.items.at(-1) ?? null;
  }
  Quit(): void {
    this.quits++;
  }
}

async function session(app = new ApplicationDouble()) {
  const server = app as unknown as Record<string, unknown>;
  const transport = new ComDoubleTransport({ 'Word.Application': server, 'Excel.Application': server, 'PowerPoint.Application': server });
  return { app, transport, s: await OfficeSession.start({ suite: 'com', transport }) };
}

describe('OfficeSession over COM (object-model double)', () => {
  it('opens a new Word document hidden, reports it as new, and closes it without saving', async () => {
    const { app, transport, s } = await session();
    expect(s.suite).toBe('com');
    const doc = await s.open('word');
    expect(doc).toMatchObject({ app: 'word', suite: 'com', hidden: true });
    expect(app.Documents.calls[0]).toEqual({ name: 'Add', args: [{ $named: { Visible: false } }] });
    expect(await doc.info()).toEqual({ app: 'word', suite: 'com', title: 'Document1', path: null });
    await expect(s.save(doc)).rejects.toMatchObject({ code: 'INVALID_OPERATION' });
    await s.close(doc);
    expect(app.Documents.items[0]?.closedWith).toEqual([false]);
    expect(transport.log).toContain('connect Word.Application');
    await s.dispose();
  });

  it('attaches to the document whose name is in the window title, as UFO does, and saves it in place', async () => {
    const app = new ApplicationDouble();
    app.Documents.items.push(new DocumentDouble('notes.docx', 'C:\\work', true), new DocumentDouble('report.docx', 'C:\\work', true));
    const { s } = await session(app);
    const doc = await s.attach('word', { title: 'report.docx - Word' });
    expect(await doc.info()).toEqual({ app: 'word', suite: 'com', title: 'report.docx', path: 'C:\\work\\report.docx' });
    expect(doc.hidden).toBe(false);
    await s.save(doc);
    expect(app.Documents.items[1]?.saves).toBe(1);
    await expect(s.attach('word', { title: 'budget.docx' })).rejects.toMatchObject({ code: 'TARGET_NOT_FOUND', message: expect.stringContaining('"notes.docx"') });
    // Without a title: the active document.
    expect(await (await s.attach('word')).info()).toMatchObject({ title: 'report.docx' });
    await s.dispose();
    // Attached documents are the user's: dispose does not close them.
    expect(app.Documents.items.every((d) => d.closedWith === null)).toBe(true);
  });

  it('opens PowerPoint without a window (WithWindow msoFalse) and closes it without a prompt', async () => {
    const { app, s } = await session();
    const doc = await s.open('powerpoint');
    expect(app.Presentations.calls[0]).toEqual({ name: 'Add', args: [0] });
    await s.close(doc);
    expect(app.Presentations.items[0]?.closedWith).toEqual([]);
    expect(app.Presentations.items[0]?.Saved).toBe(-1);
    await s.dispose();
  });

  it('refuses a file that is not an Office document before COM sees it', async () => {
    const { transport, s } = await session();
    await expect(s.open('excel', { file: 'package.json' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('is not a excel document') });
    await expect(s.open('word', { file: '/nonexistent/x.docx' })).rejects.toMatchObject({ code: 'TARGET_NOT_FOUND' });
    expect(transport.log).toEqual([]);
    await s.dispose();
  });
});

describe('OfficeSession + the runner over the Word, Excel and PowerPoint doubles (test/helpers/office-doubles)', () => {
  it('runs the three seed tasks on documents the session opened, then closes them without saving', async () => {
    const word = new WordApplicationDouble();
    const excel = new ExcelApplicationDouble();
    const powerpoint = new PowerPointApplicationDouble();
    const transport = new ComDoubleTransport({
      'Word.Application': word as unknown as Record<string, unknown>,
      'Excel.Application': excel as unknown as Record<string, unknown>,
      'PowerPoint.Application': powerpoint as unknown as Record<string, unknown>,
    });
    const s = await OfficeSession.start({ suite: 'com', transport });
    try {
      const doc = await s.open('word');
      word.Documents.list[0]!.load([{ text: 'Quarterly report' }, { text: 'Sales grew.' }]);
      const font = await runOfficeFunction(doc, 'set_font', { target: 'title', bold: true, font_size: 16 });
      expect(font).toMatchObject({ ok: true, verdict: 'verified', document: { app: 'word', suite: 'com', title: 'Document1', path: null } });
      await s.close(doc);
      expect(word.Documents.list[0]!.closed).toBe(true);

      const book = await s.open('excel');
      const cells = await runOfficeSequence(book, [
        { function: 'set_cell_value', args: { sheet_name: 'Sheet1', cell_reference: 'B1', value: 120 } },
        { function: 'set_cell_value', args: { sheet_name: 'Sheet1', cell_reference: 'B2', value: 90 } },
        { function: 'set_cell_value', args: { sheet_name: 'Sheet1', cell_reference: 'B3', formula: '=AVERAGE(B1:B2)' } },
      ]);
      expect(cells.map((r) => r.verdict)).toEqual(['verified', 'verified', 'verified']);
      await expect(s.save(book)).rejects.toMatchObject({ code: 'INVALID_OPERATION' });
      await s.close(book);
      expect(excel.workbooks).toEqual([]);

      const deck = await s.open('powerpoint');
      const slide = await runOfficeFunction(deck, 'add_slide', { title: 'Key findings', bullets: ['Revenue up', { text: 'in every region', level: 2 }] });
      expect(slide).toMatchObject({ ok: true, verdict: 'verified' });
      await s.close(deck);
      expect(powerpoint.Presentations.items.every((p) => p.closed)).toBe(true);
    } finally {
      await s.dispose();
    }
  });
});
