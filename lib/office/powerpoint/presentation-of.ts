import { LambError } from '../../model/errors.js';
import type { OpenDocument } from '../office-function.js';
import { ImpressUnoPresentation } from './impress-uno.js';
import { PowerPointComPresentation } from './powerpoint-com.js';
import type { PlaceholderFacts, Presentation, SlideFacts } from './presentation.js';

/** The document's presentation in its suite: Impress over UNO, PowerPoint over COM. */
export function presentationOf(document: OpenDocument): Presentation {
  if (document.app !== 'powerpoint') throw new LambError('INVALID_ARGUMENT', `a PowerPoint function needs a presentation, not a ${document.app} document`);
  return document.suite === 'uno' ? new ImpressUnoPresentation(document.document) : new PowerPointComPresentation(document.document);
}

/** The slide count, after checking `index` is a slide of it: TARGET_NOT_FOUND naming the count otherwise. */
export async function requireSlides(presentation: Presentation, indices: readonly number[]): Promise<number> {
  const count = await presentation.slideCount();
  const missing = indices.filter((i) => i > count);
  if (missing.length > 0) {
    throw new LambError(
      'TARGET_NOT_FOUND',
      `the presentation has ${count} slide${count === 1 ? '' : 's'} (numbered 1 to ${count}); there is no slide ${missing.join(', ')}`,
    );
  }
  return count;
}

/** The first placeholder of a kind: "body" falls back to a subtitle (a title slide's second placeholder). */
export function findPlaceholder(slide: SlideFacts, which: 'title' | 'body' | number): PlaceholderFacts | undefined {
  if (typeof which === 'number') return slide.placeholders[which - 1];
  const first = slide.placeholders.find((p) => p.kind === which);
  return first ?? (which === 'body' ? slide.placeholders.find((p) => p.kind === 'subtitle') : undefined);
}

/** "1 title (ppPlaceholderTitle), 2 body (...)": what a model can pick from. */
export function describePlaceholders(slide: SlideFacts): string {
  return slide.placeholders.length === 0
    ? 'none'
    : slide.placeholders.map((p) => `${p.number} ${p.kind} (${p.type.replace(/^com\.sun\.star\.presentation\./, '')})`).join(', ');
}
