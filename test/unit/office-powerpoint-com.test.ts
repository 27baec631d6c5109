import { mkdtempSync, readdirSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { LambError } from '../../lib/model/errors.js';
import type { OpenDocument, OfficeFunctionSpec, OfficeOutcome } from '../../lib/office/office-function.js';
import { OfficeSession } from '../../lib/office/office-session.js';
import { POWERPOINT_FUNCTIONS } from '../../lib/office/powerpoint/index.js';
import { savedSlideCount } from '../../lib/office/powerpoint/saved-file.js';
import { ComDoubleTransport } from '../helpers/com-object-double.js';
import { msoFalse, msoTrue, PowerPointApplicationDouble, TextRangeDouble, type PresentationDouble } from '../helpers/office-doubles/powerpoint-double.js';

/*
 * The PowerPoint functions through their COM implementation (lib/office/powerpoint/powerpoint-com.ts) against
 * the PowerPoint object-model double (test/helpers/office-doubles/powerpoint-double.ts), opened through the
 * real OfficeSession's COM driver: each function acts, reads back, and refuses bad input leaving the double as
 * it was. No PowerPoint runs here; what the double's members do is what Microsoft's VBA reference says.
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
const verified = (o: OfficeOutcome) => o.checks.every((c) => c.ok);

/** What a test compares to see that a refusal changed nothing. */
function state(p: PresentationDouble) {
  return JSON.stringify({
    slides: p.slides.map((s) => ({ id: s.SlideID, follow: s.FollowMasterBackground, rgb: s.shownRgb, shapes: s.shapes.map((x) => x.paragraphs) })),
    saves: p.saves.length,
    exports: p.exports.length,
    name: p.FullName,
  });
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

let app: PowerPointApplicationDouble;
let transport: ComDoubleTransport;
let session: OfficeSession;
let doc: OpenDocument;
let deck: PresentationDouble;

beforeEach(async () => {
  app = new PowerPointApplicationDouble();
  transport = new ComDoubleTransport({ 'PowerPoint.Application': app as unknown as Record<string, unknown> });
  session = await OfficeSession.start({ suite: 'com', transport });
  doc = await session.open('powerpoint');
  deck = app.Presentations.items[0] as PresentationDouble;
});

describe('add_slide (COM)', () => {
  it('the seed task: a new deck gets a "Key findings" slide whose bullets keep two levels, read back', async () => {
    expect(deck.slides.length).toBe(0); // Presentations.Add makes a deck with no slides
    const out = await run(doc, 'add_slide', {
      title: 'Key findings',
      bullets: ['Revenue grew 12%', { text: 'driven by the EU', level: 1 }, 'Costs fell'],
    });
    expect(out.checks.filter((c) => !c.ok)).toEqual([]);
    expect(out.result).toEqual({ slide_index: 1, slide_count: 1 });
    const slide = deck.slides[0];
    expect(slide?.Layout).toBe(2); // ppLayoutText
    expect(slide?.shapes.map((s) => s.paragraphs)).toEqual([
      [['Key findings', 1]],
      [['Revenue grew 12%', 1], ['driven by the EU', 2], ['Costs fell', 1]],
    ]);
    expect(transport.log).toContain('call Add');
    expect(transport.log).toContain('set IndentLevel');
  });

  it('puts a slide at an index, first included, and a layout without body on its own', async () => {
    await run(doc, 'add_slide', { title: 'one' });
    await run(doc, 'add_slide', { title: 'two' });
    const out = await run(doc, 'add_slide', { title: 'zero', index: 1, layout: 'Title Only' });
    expect(verified(out)).toBe(true);
    expect(deck.slides.map((s) => s.shapes[0]?.paragraphs[0]?.[0])).toEqual(['zero', 'one', 'two']);
    expect(deck.slides[0]?.Layout).toBe(11);
    const blank = await run(doc, 'add_slide', { layout: 'blank' });
    expect(verified(blank)).toBe(true);
    expect(deck.slides.at(-1)?.shapes).toEqual([]);
  });

  it('refuses an index past the end, naming the slide count, and changes nothing', async () => {
    await run(doc, 'add_slide', { title: 'one' });
    const before = state(deck);
    const e = await refusal(run(doc, 'add_slide', { title: 'x', index: 3 }));
    expect(e.code).toBe('TARGET_NOT_FOUND');
    expect(e.message).toMatch(/has 1 slides: a new slide can go at index 1 to 2/);
    expect(state(deck)).toBe(before);
  });

  it('an unverifiable bullet (the suite lost a level) makes the outcome fail its check', async () => {
    // The double's IndentLevel setter is replaced by one that ignores the value: the read-back must notice.
    const descriptor = Object.getOwnPropertyDescriptor(TextRangeDouble.prototype, 'IndentLevel') as PropertyDescriptor;
    Object.defineProperty(TextRangeDouble.prototype, 'IndentLevel', { ...descriptor, set() {} });
    try {
      const out = await run(doc, 'add_slide', { title: 't', bullets: ['a', { text: 'b', level: 2 }] });
      expect(out.checks.find((c) => c.what.includes('(text, level)'))?.ok).toBe(false);
    } finally {
      Object.defineProperty(TextRangeDouble.prototype, 'IndentLevel', descriptor);
    }
  });
});

describe('set_text (COM)', () => {
  beforeEach(async () => {
    await run(doc, 'add_slide', { title: 'old', bullets: ['a', 'b'] });
    await run(doc, 'add_slide', { layout: 'title' });
  });

  it('replaces a title, a body (lines become paragraphs) and a placeholder by number', async () => {
    expect(verified(await run(doc, 'set_text', { slide_index: 1, placeholder: 'title', text: 'New title' }))).toBe(true);
    expect(verified(await run(doc, 'set_text', { slide_index: '1', placeholder: 'BODY', text: 'x\ny' }))).toBe(true);
    expect(deck.slides[0]?.shapes.map((s) => s.paragraphs)).toEqual([[['New title', 1]], [['x', 1], ['y', 1]]]);
    // A title slide: "title" is its centre title, "body" its subtitle, 2 the subtitle by number.
    expect(verified(await run(doc, 'set_text', { slide_index: 2, placeholder: 'title', text: 'Deck' }))).toBe(true);
    const sub = await run(doc, 'set_text', { slide_index: 2, placeholder: 2, text: 'by us' });
    expect(verified(sub)).toBe(true);
    expect(sub.result).toEqual({ slide_index: 2, placeholder: 2, kind: 'subtitle' });
    expect(deck.slides[1]?.shapes.map((s) => s.paragraphs)).toEqual([[['Deck', 1]], [['by us', 1]]]);
  });

  it('refuses a slide or placeholder that is not there, naming what is, and changes nothing', async () => {
    const before = state(deck);
    const e1 = await refusal(run(doc, 'set_text', { slide_index: 3, placeholder: 'title', text: 'x' }));
    expect([e1.code, e1.message]).toEqual(['TARGET_NOT_FOUND', expect.stringMatching(/has 2 slides \(numbered 1 to 2\); there is no slide 3/)]);
    const e2 = await refusal(run(doc, 'set_text', { slide_index: 1, placeholder: 3, text: 'x' }));
    expect(e2.code).toBe('TARGET_NOT_FOUND');
    expect(e2.message).toMatch(/its placeholders: 1 title \(ppPlaceholderTitle\), 2 body \(ppPlaceholderBody\)/);
    expect(state(deck)).toBe(before);
  });
});

describe('set_background_color (COM)', () => {
  beforeEach(async () => {
    for (const t of ['a', 'b', 'c']) await run(doc, 'add_slide', { title: t });
  });

  it('colours the listed slides in BGR order, leaves the others on the master, and reads it back', async () => {
    const out = await run(doc, 'set_background_color', { color: '#ff8000', slide_index: [2] });
    expect(out.checks).toEqual([{ what: 'slide 2 background', expected: 'FF8000', actual: 'FF8000', ok: true }]);
    expect(deck.slides.map((s) => [s.FollowMasterBackground, s.shownRgb])).toEqual([
      [msoTrue, 0xffffff],
      [msoFalse, 0x0080ff], // PowerPoint's RGB: red in the low byte
      [msoTrue, 0xffffff],
    ]);
  });

  it('an empty list colours every slide (UFO: `if not slide_index`)', async () => {
    const out = await run(doc, 'set_background_color', { color: '112233', slide_index: [] });
    expect(verified(out)).toBe(true);
    expect(out.result).toEqual({ color: '112233', slide_index: [1, 2, 3] });
    expect(deck.slides.every((s) => s.shownRgb === 0x332211)).toBe(true);
  });

  it('refuses a slide past the end before colouring any, and a malformed colour in the schema', async () => {
    const before = state(deck);
    const e = await refusal(run(doc, 'set_background_color', { color: '00FF00', slide_index: [1, 5] }));
    expect([e.code, e.message]).toEqual(['TARGET_NOT_FOUND', expect.stringMatching(/has 3 slides.*no slide 5/)]);
    expect((await refusal(run(doc, 'set_background_color', { color: 'green' }))).code).toBe('INVALID_ARGUMENT');
    expect(state(deck)).toBe(before);
  });
});

describe('save_as (COM)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lamb-pp-com-'));
    dirs.push(dir);
    for (const t of ['a', 'b']) await run(doc, 'add_slide', { title: t });
  });

  it('a never-saved deck needs an absolute folder; then .pptx moves it there, holding its slides', async () => {
    const before = state(deck);
    const e = await refusal(run(doc, 'save_as', { file_dir: 'out', file_name: 'deck' }));
    expect([e.code, e.message]).toEqual(['INVALID_ARGUMENT', expect.stringMatching(/never saved.*absolute folder/)]);
    expect(state(deck)).toBe(before);
    const out = await run(doc, 'save_as', { file_dir: dir, file_name: 'deck' });
    expect(out.checks.filter((c) => !c.ok)).toEqual([]);
    expect(deck.saves).toEqual([{ path: join(dir, 'deck.pptx'), format: 24 }]);
    expect(savedSlideCount(join(dir, 'deck.pptx'), '.pptx')).toBe(2);
    expect(deck.FullName).toBe(join(dir, 'deck.pptx'));
  });

  it('a relative folder stays in the deck\'s folder ("" and a subfolder fine, ".." refused); an absolute one is taken, a system one refused', async () => {
    await run(doc, 'save_as', { file_dir: dir, file_name: 'deck' });
    mkdirSync(join(dir, 'sub'));
    const pdf = await run(doc, 'save_as', { file_dir: 'sub', file_ext: 'pdf' });
    expect(verified(pdf)).toBe(true);
    expect(readFileSync(join(dir, 'sub', 'deck.pdf'), 'latin1')).toMatch(/^%PDF/);
    expect(deck.FullName).toBe(join(dir, 'deck.pptx')); // a PDF is an export, the deck stays where it was
    const before = state(deck);
    for (const [file_dir, message] of [['..', /leads outside the presentation's folder/], ['sub/../..', /leads outside/], [`${dir}/sub/../..`, /contains ".."/], ['/etc', /system folder \/etc/]] as const) {
      const e = await refusal(run(doc, 'save_as', { file_dir, file_name: 'x' }));
      expect(e.code).toBe('INVALID_ARGUMENT');
      expect(e.message).toMatch(message);
    }
    expect((await refusal(run(doc, 'save_as', { file_dir: join(dir, 'missing') }))).code).toBe('TARGET_NOT_FOUND');
    expect((await refusal(run(doc, 'save_as', { file_name: '../x' }))).code).toBe('INVALID_ARGUMENT');
    expect((await refusal(run(doc, 'save_as', { file_ext: '.docx' }))).code).toBe('INVALID_ARGUMENT');
    expect(state(deck)).toBe(before);
    const elsewhere = mkdtempSync(join(tmpdir(), 'lamb-pp-com-abs-'));
    dirs.push(elsewhere);
    expect(verified(await run(doc, 'save_as', { file_dir: elsewhere, file_ext: '.odp' }))).toBe(true);
    expect(savedSlideCount(join(elsewhere, 'deck.odp'), '.odp')).toBe(2);
  });

  it('image formats: a folder of one image per slide, or the current slide alone', async () => {
    await run(doc, 'save_as', { file_dir: dir, file_name: 'deck' });
    const all = await run(doc, 'save_as', { file_ext: '.png' });
    expect(all.checks.filter((c) => !c.ok)).toEqual([]);
    expect(readdirSync(join(dir, 'deck')).sort()).toEqual(['Slide1.PNG', 'Slide2.PNG']);
    const one = await run(doc, 'save_as', { file_name: 'current', file_ext: '.jpg', current_slide_only: true });
    expect(verified(one)).toBe(true);
    // A hidden deck has no window: its current slide is the first.
    expect(deck.exports).toEqual([{ slide: 1, path: join(dir, 'current.jpg'), filter: 'JPG' }]);
  });

  it('current_slide_only in a deck with a window exports the slide its view shows', async () => {
    const shown = await session.open('powerpoint', { hidden: false });
    const visible = app.Presentations.items[1] as PresentationDouble;
    for (const t of ['a', 'b', 'c']) await run(shown, 'add_slide', { title: t });
    visible.viewedSlide = 2;
    const out = await run(shown, 'save_as', { file_dir: dir, file_name: 'shown', file_ext: '.png', current_slide_only: true });
    expect(verified(out)).toBe(true);
    expect(out.result).toEqual({ path: join(dir, 'shown.png'), slide_index: 2 });
    expect(visible.exports).toEqual([{ slide: 2, path: join(dir, 'shown.png'), filter: 'PNG' }]);
  });
});
