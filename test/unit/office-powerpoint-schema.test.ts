import { describe, expect, it } from 'vitest';
import { officeArgNames } from '../../lib/office/office-runner.js';
import { POWERPOINT_FUNCTIONS } from '../../lib/office/powerpoint/index.js';
import { AddSlideArgs, SavePresentationAsArgs, SetBackgroundColorArgs, SetSlideTextArgs } from '../../lib/model/office-powerpoint.js';

/*
 * The PowerPoint functions' argument schemas (lib/model/office-powerpoint.ts): UFO's names and defaults, the
 * lenient coercions models need, refusals with messages that say what was expected, and canonical output that
 * parses to itself.
 */

function ok<T>(schema: { safeParse(v: unknown): { success: boolean; data?: T; error?: unknown } }, input: unknown): T {
  const r = schema.safeParse(input);
  if (!r.success) throw new Error(JSON.stringify(r.error));
  const again = schema.safeParse(r.data);
  expect(again.data).toEqual(r.data); // canonical output is a fixed point
  return r.data as T;
}
function issues(schema: { safeParse(v: unknown): { success: boolean; error?: { issues: { message: string; code: string; path: PropertyKey[] }[] } } }, input: unknown) {
  const r = schema.safeParse(input);
  expect(r.success).toBe(false);
  return r.error?.issues ?? [];
}

describe('set_background_color', () => {
  it('takes UFO\'s "RRGGBB", also with "#", lower case or the short form; [] (and absent) means every slide', () => {
    expect(ok(SetBackgroundColorArgs, { color: 'FF0000', slide_index: [1, 3] })).toEqual({ color: 'FF0000', slide_index: [1, 3] });
    expect(ok(SetBackgroundColorArgs, { color: '#ff8000' })).toEqual({ color: 'FF8000', slide_index: [] });
    expect(ok(SetBackgroundColorArgs, { color: '#0f8', slide_index: null })).toEqual({ color: '00FF88', slide_index: [] });
    expect(ok(SetBackgroundColorArgs, { color: 'abcdef', slide_index: ['2', 2, 4] })).toEqual({ color: 'ABCDEF', slide_index: [2, 4] });
    expect(ok(SetBackgroundColorArgs, { color: 'abcdef', slide_index: 3 })).toEqual({ color: 'ABCDEF', slide_index: [3] });
  });
  it('refuses colour names, bad hex, slide 0, fractions and unknown keys', () => {
    expect(issues(SetBackgroundColorArgs, { color: 'red' })[0]?.message).toMatch(/"RRGGBB" hex/);
    expect(issues(SetBackgroundColorArgs, { color: 'FF00GG' })[0]?.message).toMatch(/"RRGGBB" hex/);
    expect(issues(SetBackgroundColorArgs, { color: 'FF0000', slide_index: [0] })[0]?.message).toMatch(/slide number from 1/);
    expect(issues(SetBackgroundColorArgs, { color: 'FF0000', slide_index: [1.5] })[0]?.message).toMatch(/slide number/);
    expect(issues(SetBackgroundColorArgs, { color: 'FF0000', slides: [1] })[0]?.code).toBe('unrecognized_keys');
    expect(issues(SetBackgroundColorArgs, {})[0]?.path).toEqual(['color']);
  });
});

describe('save_as', () => {
  it('defaults as UFO (folder and name of the deck, ".pptx", not only the current slide)', () => {
    expect(ok(SavePresentationAsArgs, {})).toEqual({ file_dir: '', file_name: '', file_ext: '.pptx', current_slide_only: false });
    expect(ok(SavePresentationAsArgs, { file_dir: null, file_name: 'deck', file_ext: 'PDF', current_slide_only: 'True' })).toEqual({
      file_dir: '', file_name: 'deck', file_ext: '.pdf', current_slide_only: true,
    });
    expect(ok(SavePresentationAsArgs, { file_ext: '' }).file_ext).toBe('.pptx');
    expect(ok(SavePresentationAsArgs, { file_ext: '.PNG' }).file_ext).toBe('.png');
  });
  it('refuses formats neither suite writes here, naming those it does', () => {
    expect(issues(SavePresentationAsArgs, { file_ext: '.mp4' })[0]?.message).toMatch(/\.pptx, \.ppt, \.odp, \.pdf, \.png/);
    expect(issues(SavePresentationAsArgs, { file_ext: '.docx' })[0]?.path).toEqual(['file_ext']);
    expect(issues(SavePresentationAsArgs, { current_slide_only: 'maybe' })[0]?.message).toMatch(/true or false/);
  });
});

describe('add_slide', () => {
  it('bullets as strings or {text, level}; level 0 by default; layout title_content; no index means last', () => {
    expect(ok(AddSlideArgs, { title: 'Key findings', bullets: ['a', { text: 'b', level: '1' }, 42] })).toEqual({
      title: 'Key findings',
      bullets: [{ text: 'a', level: 0 }, { text: 'b', level: 1 }, { text: '42', level: 0 }],
      layout: 'title_content',
    });
    expect(ok(AddSlideArgs, { bullets: 'only one', index: '2', layout: 'Two Content' })).toEqual({
      bullets: [{ text: 'only one', level: 0 }], layout: 'two_content', index: 2,
    });
    expect(ok(AddSlideArgs, { layout: 'Title-Only', title: 't' }).layout).toBe('title_only');
    expect(ok(AddSlideArgs, {})).toEqual({ bullets: [], layout: 'title_content' });
  });
  it('refuses levels past 8, multi-line bullets, bullets on a layout without a body, a title on a blank slide', () => {
    expect(issues(AddSlideArgs, { bullets: [{ text: 'a', level: 9 }] })[0]?.message).toMatch(/level from 0 \(top level\) to 8/);
    expect(issues(AddSlideArgs, { bullets: ['a\nb'] })[0]?.message).toMatch(/one line per bullet/);
    expect(issues(AddSlideArgs, { bullets: ['a'], layout: 'title_only' })[0]?.message).toMatch(/no body for bullets/);
    expect(issues(AddSlideArgs, { title: 't', layout: 'blank' })[0]?.message).toMatch(/no title placeholder/);
    expect(issues(AddSlideArgs, { layout: 'comparison' })[0]?.message).toMatch(/expected a layout from "title_content"/);
    expect(issues(AddSlideArgs, { bullets: [{ text: 'a', indent: 1 }] })[0]?.code).toBe('unrecognized_keys');
    expect(issues(AddSlideArgs, { index: 0 })[0]?.message).toMatch(/slide number from 1/);
  });
});

describe('set_text', () => {
  it('placeholder "title", "body" (any case) or a number; text required, numbers become text', () => {
    expect(ok(SetSlideTextArgs, { slide_index: '1', placeholder: 'Title', text: 'x' })).toEqual({ slide_index: 1, placeholder: 'title', text: 'x' });
    expect(ok(SetSlideTextArgs, { slide_index: 2, placeholder: '2', text: 7 })).toEqual({ slide_index: 2, placeholder: 2, text: '7' });
    expect(issues(SetSlideTextArgs, { slide_index: 1, placeholder: 'footer', text: 'x' })[0]?.message).toMatch(/"title", "body" or a placeholder number/);
    expect(issues(SetSlideTextArgs, { slide_index: 1, placeholder: 'title' })[0]?.path).toEqual(['text']);
  });
});

describe('the functions\' argument names (what an unknown-key message lists)', () => {
  it('are UFO\'s for its functions and the bridge\'s for add_slide / set_text', () => {
    expect(Object.fromEntries(POWERPOINT_FUNCTIONS.map((f) => [f.name, officeArgNames(f)]))).toEqual({
      set_background_color: ['color', 'slide_index'],
      save_as: ['file_dir', 'file_name', 'file_ext', 'current_slide_only'],
      add_slide: ['title', 'bullets', 'layout', 'index'],
      set_text: ['slide_index', 'placeholder', 'text'],
    });
  });
});
