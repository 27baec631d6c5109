import { LambError } from '../../model/errors.js';
import { AddSlideArgs } from '../../model/office-powerpoint.js';
import { check, type OfficeFunctionSpec } from '../office-function.js';
import { describePlaceholders, findPlaceholder, presentationOf } from './presentation-of.js';

/*
 * The bridge's own add_slide: a slide of a layout at a position, its title and bullets (each a paragraph of the
 * body placeholder at its level). Read back from the slide collection: one slide more, the new slide's title,
 * its bullets' texts and levels, and that each shows a bullet (LibreOffice's string-set text has none until
 * the paragraphs are numbered: impress-uno.ts).
 */
export const addSlide: OfficeFunctionSpec<AddSlideArgs> = {
  app: 'powerpoint',
  name: 'add_slide',
  mutates: true,
  schema: AddSlideArgs,
  async run(document, args) {
    const presentation = presentationOf(document);
    const before = await presentation.slideCount();
    const index = args.index ?? before + 1;
    if (index > before + 1) {
      throw new LambError('TARGET_NOT_FOUND', `the presentation has ${before} slides: a new slide can go at index 1 to ${before + 1}, not ${index}`);
    }
    await presentation.addSlide(index, args.layout);
    const made = await presentation.readSlide(index);
    const title = findPlaceholder(made, 'title');
    const body = made.placeholders.find((p) => p.kind === 'body');
    if ((args.title !== undefined && !title) || (args.bullets.length > 0 && !body)) {
      throw new LambError('INVALID_OPERATION', `the new slide ${index} (layout ${args.layout}) has no ${!title ? 'title' : 'body'} placeholder; it has ${describePlaceholders(made)}`);
    }
    if (args.title !== undefined && title) await presentation.setParagraphs(index, title.number, [{ text: args.title, level: 0 }]);
    if (args.bullets.length > 0 && body) await presentation.setParagraphs(index, body.number, args.bullets);

    const after = await presentation.slideCount();
    const slide = await presentation.readSlide(index);
    const checks = [check('slide count', before + 1, after)];
    if (args.title !== undefined) {
      checks.push(check(`slide ${index} title`, args.title, findPlaceholder(slide, 'title')?.paragraphs.map((p) => p.text).join('\n') ?? null));
    }
    if (args.bullets.length > 0) {
      const read = slide.placeholders.find((p) => p.kind === 'body')?.paragraphs ?? [];
      checks.push(check(`slide ${index} bullets (text, level)`, args.bullets, read.map((p) => ({ text: p.text, level: p.level }))));
      checks.push(check(`slide ${index} bullets shown`, args.bullets.map(() => true), read.map((p) => p.bulleted)));
    }
    return {
      method: document.suite === 'uno' ? 'UNO XDrawPages.insertNewByIndex, Layout, XText.setString, NumberingLevel' : 'COM Slides.Add, Placeholders TextRange.Text, Paragraphs.IndentLevel',
      result: { slide_index: index, slide_count: after },
      expected: `a ${args.layout} slide at ${index} of ${before + 1}${args.title !== undefined ? ` titled ${JSON.stringify(args.title)}` : ''}${args.bullets.length ? ` with ${args.bullets.length} bullets at their levels` : ''}`,
      checks,
    };
  },
};
