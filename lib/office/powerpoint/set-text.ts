import { LambError } from '../../model/errors.js';
import { SetSlideTextArgs } from '../../model/office-powerpoint.js';
import { check, type OfficeFunctionSpec } from '../office-function.js';
import { describePlaceholders, findPlaceholder, presentationOf, requireSlides } from './presentation-of.js';

/*
 * The bridge's own set_text: replaces the text of a slide's placeholder ("title", "body" or its number), each
 * line a paragraph at the top level. Read back: the placeholder's paragraphs, and the slide count unchanged.
 */
export const setText: OfficeFunctionSpec<SetSlideTextArgs> = {
  app: 'powerpoint',
  name: 'set_text',
  mutates: true,
  schema: SetSlideTextArgs,
  async run(document, args) {
    const presentation = presentationOf(document);
    const count = await requireSlides(presentation, [args.slide_index]);
    const slide = await presentation.readSlide(args.slide_index);
    const target = findPlaceholder(slide, args.placeholder);
    if (!target) {
      throw new LambError('TARGET_NOT_FOUND', `slide ${args.slide_index} has no ${typeof args.placeholder === 'number' ? `placeholder ${args.placeholder}` : `${args.placeholder} placeholder`}; its placeholders: ${describePlaceholders(slide)}`);
    }
    const lines = args.text.split(/\r\n|\r|\n|\v/);
    await presentation.setParagraphs(args.slide_index, target.number, lines.map((text) => ({ text, level: 0 })));

    const after = await presentation.readSlide(args.slide_index);
    const read = after.placeholders[target.number - 1];
    const expected = args.text === '' ? [] : lines;
    return {
      method: document.suite === 'uno' ? 'UNO XText.setString on the presentation object' : 'COM Placeholders(n).TextFrame.TextRange.Text',
      result: { slide_index: args.slide_index, placeholder: target.number, kind: target.kind },
      expected: `placeholder ${target.number} (${target.kind}) of slide ${args.slide_index} reads ${JSON.stringify(args.text)}`,
      checks: [
        check('slide count', count, await presentation.slideCount()),
        check(`slide ${args.slide_index} placeholder ${target.number} kind`, target.kind, read?.kind ?? null),
        check(`slide ${args.slide_index} placeholder ${target.number} paragraphs`, expected, read?.paragraphs.map((p) => p.text) ?? null),
      ],
    };
  },
};
