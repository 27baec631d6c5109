import { LambError } from '../../model/errors.js';
import type { WordFontTarget } from '../../model/office-word.js';
import { nonEmpty, type WordDocument, type WordParagraph, type WordRangeTarget } from './word-document.js';

/*
 * set_font's `target` (lib/model/office-word.ts WordFontTarget) resolved against the document as it is now,
 * before anything is written: a target that does not exist is TARGET_NOT_FOUND with what does exist.
 */

export interface ResolvedTarget {
  readonly range: WordRangeTarget;
  /** In words, for `expected` ("the title, paragraph 1"). */
  readonly description: string;
  /** The paragraphs as they were (empty for the selection). */
  readonly paragraphs: readonly WordParagraph[];
}

/** The title: the first non-empty paragraph styled Title, else the first non-empty paragraph. */
export function titleParagraph(paragraphs: readonly WordParagraph[]): WordParagraph | undefined {
  const withText = paragraphs.filter((p) => nonEmpty(p.text));
  return withText.find((p) => p.isTitle) ?? withText[0];
}

export async function resolveFontTarget(word: WordDocument, target: WordFontTarget): Promise<ResolvedTarget> {
  const fail = (message: string): never => {
    throw new LambError('TARGET_NOT_FOUND', `set_font (lam-bridge): ${message}`);
  };
  if (target === 'selection') {
    const selection = await word.selection();
    // UFO: "No text is selected to set the font." An insertion point selects no text either.
    if (selection.text === '') fail('no text is selected; select some first (select_text, select_paragraph, select_table) or give a target ("title", {"paragraph": N}, {"style": "Heading 1"})');
    return { range: { kind: 'selection' }, description: `the selection ("${clip(selection.text)}")`, paragraphs: [] };
  }
  const all = await word.paragraphs();
  const withText = all.filter((p) => nonEmpty(p.text));
  if (withText.length === 0) fail('the document has no paragraph with text');
  const chosen = (ps: WordParagraph[], description: string): ResolvedTarget => ({
    range: { kind: 'paragraphs', indices: ps.map((p) => p.index) },
    description,
    paragraphs: ps,
  });
  if (target === 'title') {
    const title = titleParagraph(all) as WordParagraph;
    return chosen([title], `the title, paragraph ${title.index} ("${clip(title.text)}"${title.isTitle ? ', styled Title' : ', the first with text'})`);
  }
  if (target === 'document') return chosen(withText, `every paragraph with text (${withText.length})`);
  if ('paragraph' in target) {
    const p = withText[target.paragraph - 1] ?? fail(`the document has ${withText.length} non-empty paragraphs, not ${target.paragraph}`);
    return chosen([p], `non-empty paragraph ${target.paragraph} (paragraph ${p.index}, "${clip(p.text)}")`);
  }
  const wanted = target.style.toLowerCase();
  const styled = withText.filter((p) => p.style.toLowerCase() === wanted);
  if (styled.length === 0) {
    const styles = [...new Set(withText.map((p) => p.style))].map((s) => `"${s}"`).join(', ');
    fail(`no paragraph with text is styled "${target.style}"; the styles in use are ${styles}`);
  }
  return chosen(styled, `the ${styled.length} paragraph(s) styled "${target.style}"`);
}

export function clip(text: string, max = 40): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length <= max ? t : `${t.slice(0, max - 1)}…`;
}
