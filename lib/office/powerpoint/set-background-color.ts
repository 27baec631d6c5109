import { SetBackgroundColorArgs } from '../../model/office-powerpoint.js';
import { check, type OfficeFunctionSpec } from '../office-function.js';
import { presentationOf, requireSlides } from './presentation-of.js';

/*
 * UFO's set_background_color(color, slide_index): a solid background of the colour on the listed slides, every
 * slide when the list is empty (UFO: `if not slide_index`). UFO skips numbers past the end silently; here they
 * are refused before any slide changes (TARGET_NOT_FOUND naming the slide count), so a model learns its mistake.
 * Read back: each slide's own background is solid in that colour.
 */
export const setBackgroundColor: OfficeFunctionSpec<SetBackgroundColorArgs> = {
  app: 'powerpoint',
  name: 'set_background_color',
  mutates: true,
  schema: SetBackgroundColorArgs,
  async run(document, args) {
    const presentation = presentationOf(document);
    const count = await requireSlides(presentation, args.slide_index);
    const slides = args.slide_index.length > 0 ? args.slide_index : Array.from({ length: count }, (_, i) => i + 1);
    for (const s of slides) await presentation.setBackground(s, args.color);
    const checks = [];
    for (const s of slides) checks.push(check(`slide ${s} background`, args.color, (await presentation.readBackground(s))?.color ?? 'the master\'s'));
    return {
      method: document.suite === 'uno' ? 'UNO DrawPage.Background (FillStyle SOLID, FillColor)' : 'COM Slide.FollowMasterBackground, Background.Fill.Solid, ForeColor.RGB (BGR)',
      result: { color: args.color, slide_index: slides },
      expected: `slide${slides.length === 1 ? '' : 's'} ${slides.join(', ')} with a solid #${args.color} background`,
      checks,
    };
  },
};
