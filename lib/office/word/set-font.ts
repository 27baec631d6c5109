import { WordSetFontArgs } from '../../model/office-word.js';
import type { OfficeCheck } from '../../model/office.js';
import { check, type OfficeFunctionSpec } from '../office-function.js';
import { clip, resolveFontTarget } from './font-target.js';
import type { WordFont, WordRun } from './word-document.js';
import { wordDocument } from './word-of.js';

/**
 * UFO's set_font(font_name=None, font_size=None) on the selection, plus the bridge's bold, italic, underline,
 * color and target (font-target.ts), so "make the title bold, 16 pt" is
 * {"function": "set_font", "args": {"target": "title", "bold": true, "font_size": 16}}.
 * Read back from the document's root: every character run of every addressed paragraph (Writer: each text
 * portion's CharWeight, CharHeight ...; Word: each paragraph range's Font, which reports wdUndefined where
 * the range mixes), and that the paragraphs' text did not change.
 */
export const setFont: OfficeFunctionSpec<WordSetFontArgs> = {
  app: 'word',
  name: 'set_font',
  mutates: true,
  schema: WordSetFontArgs,
  async run(document, args) {
    const word = wordDocument(document);
    const target = await resolveFontTarget(word, args.target);
    const font: WordFont = {};
    if (args.font_name !== undefined) font.name = args.font_name;
    if (args.font_size !== undefined) font.size = args.font_size;
    if (args.bold !== undefined) font.bold = args.bold;
    if (args.italic !== undefined) font.italic = args.italic;
    if (args.underline !== undefined) font.underline = args.underline;
    if (args.color !== undefined) font.color = args.color;
    await word.setFont(target.range, font);

    const runs = await word.readFont(target.range);
    const checks: OfficeCheck[] = [check('character runs read back', true, runs.length > 0)];
    runs.forEach((run, i) => checks.push(...runChecks(`run ${i + 1} ("${clip(run.text, 24)}")`, font, run)));
    if (target.range.kind === 'paragraphs') {
      const after = await word.paragraphs();
      const texts = target.paragraphs.map((p) => after[p.index - 1]?.text ?? null);
      checks.push(check('text of the addressed paragraphs unchanged', target.paragraphs.map((p) => p.text), texts));
    }
    return {
      method: word.suite === 'uno'
        ? 'UNO XPropertySet CharFontName/CharHeight/CharWeight/CharPosture/CharUnderline/CharColor'
        : 'COM Range.Font.Name/Size/Bold/Italic/Underline/Color',
      result: target.range.kind === 'paragraphs' ? { paragraphs: target.range.indices } : { selection: true },
      expected: `${describe(font)} on ${target.description}`,
      checks,
    };
  },
};

function runChecks(where: string, font: WordFont, run: WordRun): OfficeCheck[] {
  const out: OfficeCheck[] = [];
  if (font.name !== undefined) out.push(check(`${where} font name (${run.raw.name})`, font.name, run.name));
  if (font.size !== undefined) out.push(check(`${where} size in pt (${run.raw.size})`, font.size, run.size));
  if (font.bold !== undefined) out.push(check(`${where} bold (${run.raw.bold})`, font.bold, run.bold));
  if (font.italic !== undefined) out.push(check(`${where} italic (${run.raw.italic})`, font.italic, run.italic));
  if (font.underline !== undefined) out.push(check(`${where} underline (${run.raw.underline})`, font.underline, run.underline));
  if (font.color !== undefined) out.push(check(`${where} colour (${run.raw.color})`, font.color, run.color));
  return out;
}

function describe(font: WordFont): string {
  const parts: string[] = [];
  if (font.bold !== undefined) parts.push(font.bold ? 'bold' : 'not bold');
  if (font.italic !== undefined) parts.push(font.italic ? 'italic' : 'not italic');
  if (font.underline !== undefined) parts.push(font.underline ? 'underlined' : 'not underlined');
  if (font.size !== undefined) parts.push(`${font.size} pt`);
  if (font.name !== undefined) parts.push(`font "${font.name}"`);
  if (font.color !== undefined) parts.push(`colour ${font.color}`);
  return parts.join(', ');
}
