import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LambError } from '../../lib/model/errors.js';
import { unoProps } from '../../lib/office/office-bridge.js';
import type { OfficeFunctionSpec, OfficeOutcome, OpenDocument } from '../../lib/office/office-function.js';
import { runOfficeFunction } from '../../lib/office/office-runner.js';
import { OfficeSession } from '../../lib/office/office-session.js';
import { ImpressUnoPresentation } from '../../lib/office/powerpoint/impress-uno.js';
import { POWERPOINT_FUNCTIONS } from '../../lib/office/powerpoint/index.js';

/*
 * The PowerPoint functions on real LibreOffice Impress, headless, through the bridge's own soffice (one per
 * file): each acts and is verified by reading back; the saved .pptx is read independently, by its XML
 * (unzip -p), for the seed task's title, bullet levels and visible bullets, and the background colour; bad
 * input leaves the document untouched (its slides and its modified flag).
 */

const fn = (name: string) => POWERPOINT_FUNCTIONS.find((f) => f.name === name) as OfficeFunctionSpec<unknown>;
async function run(doc: OpenDocument, name: string, input: unknown): Promise<OfficeOutcome> {
  const spec = fn(name);
  const parsed = spec.schema.safeParse(input);
  if (!parsed.success) throw new LambError('INVALID_ARGUMENT', JSON.stringify(parsed.error.issues));
  return spec.run(doc, parsed.data);
}
async function refusal(p: Promise<unknown>): Promise<LambError> {
  const e = await p.then(() => undefined, (x: unknown) => x);
  expect(e).toBeInstanceOf(LambError);
  return e as LambError;
}
const failed = (o: OfficeOutcome) => o.checks.filter((c) => !c.ok);

/** The slides as the document holds them, and whether it is modified: what a refusal must leave alone. */
async function state(doc: OpenDocument): Promise<string> {
  const p = new ImpressUnoPresentation(doc.document);
  const count = await p.slideCount();
  const slides = [];
  for (let i = 1; i <= count; i++) slides.push({ ...(await p.readSlide(i)), background: await p.readBackground(i) });
  return JSON.stringify({ slides, modified: await doc.document.call('isModified') });
}

function unzip(file: string, entry: string): string {
  return execFileSync('unzip', ['-p', file, entry], { encoding: 'utf8' });
}
/** The <p:sp> elements of a slide's XML with their placeholder type and paragraphs (text, lvl, bullet off?). */
function shapesOf(xml: string) {
  return [...xml.matchAll(/<p:sp>([\s\S]*?)<\/p:sp>/g)].map(([, sp]) => {
    const ph = /<p:ph\b([^>]*)\/?>/.exec(sp ?? '')?.[1] ?? '';
    const type = /type="(\w+)"/.exec(ph)?.[1] ?? (ph ? 'body' : 'none');
    const paragraphs = [...(sp ?? '').matchAll(/<a:p>([\s\S]*?)<\/a:p>/g)].map(([, p]) => ({
      text: [...(p ?? '').matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => m[1]).join(''),
      lvl: Number(/<a:pPr[^>]*\blvl="(\d+)"/.exec(p ?? '')?.[1] ?? 0),
      buNone: /<a:buNone\/>/.test(p ?? ''),
    })).filter((p) => p.text !== '');
    return { type, paragraphs };
  });
}

let session: OfficeSession;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lamb-pp-uno-'));
  session = await OfficeSession.start({ suite: 'uno' });
}, 120_000);
afterAll(async () => {
  await session?.dispose();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A .pptx of one title slide, made by LibreOffice itself (no Python pptx library here), opened through the session. */
async function freshDeck(name: string): Promise<{ doc: OpenDocument; file: string }> {
  const file = join(dir, `${name}.pptx`);
  const maker = await session.open('powerpoint');
  await maker.document.call('storeToURL', pathToFileURL(file).href, unoProps({ FilterName: 'Impress MS PowerPoint 2007 XML' }));
  await session.close(maker);
  return { doc: await session.open('powerpoint', { file }), file };
}

describe('add_slide (Impress)', () => {
  it('the seed task: "a new slide with a bullet-point list summarizing the key findings", verified and saved in place', async () => {
    const { doc, file } = await freshDeck('seed');
    const bullets = ['Revenue grew 12%', { text: 'Europe led the growth', level: 1 }, { text: 'Asia was flat', level: 1 }, 'Costs fell 3%'];
    const out = await run(doc, 'add_slide', { title: 'Key findings', bullets });
    expect(failed(out)).toEqual([]);
    expect(out.result).toEqual({ slide_index: 2, slide_count: 2 });
    await session.save(doc);
    await session.close(doc);

    // Read independently: the saved .pptx's second slide, by its XML.
    const shapes = shapesOf(unzip(file, 'ppt/slides/slide2.xml'));
    expect(shapes.find((s) => s.type === 'title')?.paragraphs.map((p) => p.text)).toEqual(['Key findings']);
    const body = shapes.find((s) => s.type === 'body');
    expect(body?.paragraphs).toEqual([
      { text: 'Revenue grew 12%', lvl: 0, buNone: false },
      { text: 'Europe led the growth', lvl: 1, buNone: false },
      { text: 'Asia was flat', lvl: 1, buNone: false },
      { text: 'Costs fell 3%', lvl: 0, buNone: false },
    ]);
  }, 60_000);

  it('puts a slide first, between, and with another layout', async () => {
    const { doc } = await freshDeck('order');
    expect(failed(await run(doc, 'add_slide', { title: 'last' }))).toEqual([]);
    expect(failed(await run(doc, 'add_slide', { title: 'first', index: 1 }))).toEqual([]);
    expect(failed(await run(doc, 'add_slide', { title: 'middle', index: 2, layout: 'title_only' }))).toEqual([]);
    const p = new ImpressUnoPresentation(doc.document);
    const titles = [];
    for (let i = 1; i <= (await p.slideCount()); i++) titles.push((await p.readSlide(i)).placeholders.find((x) => x.kind === 'title')?.paragraphs[0]?.text ?? null);
    expect(titles).toEqual(['first', 'middle', null, 'last']);
    await session.close(doc);
  }, 60_000);

  it('refuses an index past the end and leaves the document untouched', async () => {
    const { doc } = await freshDeck('refuse-add');
    const before = await state(doc);
    const e = await refusal(run(doc, 'add_slide', { title: 'x', index: 5 }));
    expect([e.code, e.message]).toEqual(['TARGET_NOT_FOUND', expect.stringMatching(/has 1 slides: a new slide can go at index 1 to 2/)]);
    expect(await state(doc)).toBe(before);
    await session.close(doc);
  }, 60_000);
});

describe('the seed task through the runner (what `lamb office` and the act executor call)', () => {
  it('add_slide is "verified"; unknown keys and a level past 8 are INVALID_ARGUMENT before Impress sees them', async () => {
    const { doc } = await freshDeck('runner');
    const r = await runOfficeFunction(doc, 'add_slide', { title: 'Key findings', bullets: ['Sales rose', { text: 'mostly online', level: 1 }] });
    expect([r.ok, r.verdict]).toEqual([true, 'verified']);
    console.log(`[powerpoint-uno] add_slide with 2 bullets, verified, through the runner: ${r.durationMs.toFixed(1)} ms`);
    const before = await state(doc);
    const bad = await runOfficeFunction(doc, 'add_slide', { title: 'x', bulets: ['a'] });
    expect([bad.ok, bad.error?.code]).toEqual([false, 'INVALID_ARGUMENT']);
    expect(bad.error?.message).toMatch(/unknown argument "bulets"; powerpoint add_slide takes title, bullets, layout, index/);
    const deep = await runOfficeFunction(doc, 'add_slide', { bullets: [{ text: 'a', level: 9 }] });
    expect(deep.error?.code).toBe('INVALID_ARGUMENT');
    expect(await state(doc)).toBe(before);
    await session.close(doc);
  }, 60_000);

  it('the bullet check can fail: body text set as a plain string (no outline level) reads back as not bulleted', async () => {
    const { doc } = await freshDeck('plain');
    await run(doc, 'add_slide', { title: 't' });
    const page = await (await doc.document.obj('getDrawPages')).obj('getByIndex', 1);
    const body = await page.obj('getByIndex', 1);
    expect(await body.call('getShapeType')).toBe('com.sun.star.presentation.OutlinerShape');
    await body.call('setString', 'a\nb');
    const read = (await new ImpressUnoPresentation(doc.document).readSlide(2)).placeholders[1]?.paragraphs;
    expect(read).toEqual([{ text: 'a', level: 0, bulleted: false }, { text: 'b', level: 0, bulleted: false }]);
    await session.close(doc);
  }, 60_000);
});

describe('set_text (Impress)', () => {
  it('replaces a title slide\'s title and subtitle, then a content slide\'s body; refuses what is not there', async () => {
    const { doc } = await freshDeck('text');
    expect(failed(await run(doc, 'set_text', { slide_index: 1, placeholder: 'title', text: 'Quarterly review' }))).toEqual([]);
    const sub = await run(doc, 'set_text', { slide_index: 1, placeholder: 'body', text: 'Q3 2026' });
    expect(failed(sub)).toEqual([]);
    expect(sub.result).toMatchObject({ kind: 'subtitle' });
    await run(doc, 'add_slide', { title: 'Plan', bullets: ['old'] });
    expect(failed(await run(doc, 'set_text', { slide_index: 2, placeholder: 'body', text: 'one\ntwo' }))).toEqual([]);
    const slide2 = await new ImpressUnoPresentation(doc.document).readSlide(2);
    expect(slide2.placeholders.find((p) => p.kind === 'body')?.paragraphs.map((p) => p.text)).toEqual(['one', 'two']);

    const before = await state(doc);
    const e1 = await refusal(run(doc, 'set_text', { slide_index: 3, placeholder: 'title', text: 'x' }));
    expect(e1.code).toBe('TARGET_NOT_FOUND');
    const e2 = await refusal(run(doc, 'set_text', { slide_index: 2, placeholder: 9, text: 'x' }));
    expect([e2.code, e2.message]).toEqual(['TARGET_NOT_FOUND', expect.stringMatching(/1 title \(TitleTextShape\), 2 body \(OutlinerShape\)/)]);
    expect(await state(doc)).toBe(before);
    await session.close(doc);
  }, 60_000);
});

describe('set_background_color (Impress)', () => {
  it('colours listed slides, read back and in the saved .pptx; [] colours all; a slide past the end is refused untouched', async () => {
    const { doc, file } = await freshDeck('colour');
    await run(doc, 'add_slide', { title: 'two' });
    await run(doc, 'add_slide', { title: 'three' });
    const out = await run(doc, 'set_background_color', { color: '#ff8000', slide_index: [2] });
    expect(out.checks).toEqual([{ what: 'slide 2 background', expected: 'FF8000', actual: 'FF8000', ok: true }]);
    const p = new ImpressUnoPresentation(doc.document);
    expect(await p.readBackground(1)).toBeNull();
    await session.save(doc);
    expect(unzip(file, 'ppt/slides/slide2.xml')).toMatch(/<p:bg>[\s\S]*<a:srgbClr val="FF8000"/i);
    expect(unzip(file, 'ppt/slides/slide1.xml')).not.toMatch(/<p:bg>/);

    const before = await state(doc);
    const e = await refusal(run(doc, 'set_background_color', { color: '00FF00', slide_index: [1, 4] }));
    expect([e.code, e.message]).toEqual(['TARGET_NOT_FOUND', expect.stringMatching(/has 3 slides.*no slide 4/)]);
    expect(await state(doc)).toBe(before);

    const all = await run(doc, 'set_background_color', { color: '123456', slide_index: [] });
    expect(failed(all)).toEqual([]);
    expect(all.checks.length).toBe(3);
    await session.close(doc);
  }, 60_000);
});

describe('save_as (Impress)', () => {
  it('.pptx and .odp (the deck moves there), .pdf, slide images: a folder of all or the current one; bad paths refused', async () => {
    const { doc } = await freshDeck('saving');
    await run(doc, 'add_slide', { title: 'Key findings', bullets: ['a', { text: 'b', level: 1 }] });
    mkdirSync(join(dir, 'out'));
    const pdf = await run(doc, 'save_as', { file_dir: 'out', file_ext: '.pdf' });
    expect(failed(pdf)).toEqual([]);
    expect(readFileSync(join(dir, 'out', 'saving.pdf'), 'latin1')).toMatch(/^%PDF/);

    const images = await run(doc, 'save_as', { file_dir: 'out', file_ext: '.png' });
    expect(failed(images)).toEqual([]);
    expect(readdirSync(join(dir, 'out', 'saving')).sort()).toEqual(['Slide1.png', 'Slide2.png']);
    const current = await run(doc, 'save_as', { file_dir: 'out', file_name: 'current', file_ext: '.jpg', current_slide_only: true });
    expect(failed(current)).toEqual([]);
    expect(existsSync(join(dir, 'out', 'current.jpg'))).toBe(true);

    const before = await state(doc);
    for (const args of [{ file_dir: '..' }, { file_dir: '/etc' }, { file_name: 'a/b' }, { file_dir: 'missing' }]) {
      const e = await refusal(run(doc, 'save_as', args));
      expect(['INVALID_ARGUMENT', 'TARGET_NOT_FOUND']).toContain(e.code);
    }
    expect(await state(doc)).toBe(before);

    const odp = await run(doc, 'save_as', { file_name: 'moved', file_ext: '.odp' });
    expect(failed(odp)).toEqual([]);
    expect(await doc.info()).toMatchObject({ path: join(dir, 'moved.odp') });
    const pptx = await run(doc, 'save_as', { file_dir: join(dir, 'out'), file_name: 'again' });
    expect(failed(pptx)).toEqual([]);
    expect(shapesOf(unzip(join(dir, 'out', 'again.pptx'), 'ppt/slides/slide2.xml')).find((s) => s.type === 'body')?.paragraphs.map((p) => p.lvl)).toEqual([0, 1]);
    await session.close(doc);
  }, 90_000);
});
