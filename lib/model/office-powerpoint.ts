import type { z } from 'zod';
import { lazy, memo, zod } from './lazy-schema.js';
import { args, boundedString, flag, got, nullToUndefined, numericStringToNumber } from './lenient.js';

/*
 * The PowerPoint functions' arguments (docs/OFFICE.md), lenient like the UI actions (lenient.ts): UFO's
 * set_background_color and save_as with UFO's names and defaults (ufo/automator/app_apis/powerpoint/
 * powerpointclient.py), and the bridge's own add_slide and set_text, so that "a slide with a bullet list" can be
 * done by API. Slides are numbered from 1 as in PowerPoint (Slides(1)) and UFO; bullet levels from 0 (top level),
 * as in python-pptx's paragraph.level and the .pptx's own <a:pPr lvl>, which is how models usually meet them.
 */

export const POWERPOINT_LIMITS = {
  /** Slides a presentation may be addressed up to; far above any deck, far below what would hurt. */
  slideIndex: 10_000,
  /** A title, a bullet or a placeholder's text. */
  textLength: 100_000,
  bullets: 1000,
  /** PowerPoint has 9 indent levels (IndentLevel 1..9), LibreOffice 10 outline levels (NumberingLevel 0..9). */
  maxLevel: 8,
  /** save_as' file_dir / file_name. */
  pathLength: 4096,
} as const;

/** 1-based slide number; "3" and 3.0 are accepted. */
export const SlideIndex = lazy((z) => {
  const message = (iss: { input?: unknown }) =>
    `expected a slide number from 1 (the first slide) to ${POWERPOINT_LIMITS.slideIndex}, ${got(iss)}`;
  return z.preprocess(
    numericStringToNumber,
    z.number({ error: message }).int({ error: message }).min(1, { error: message }).max(POWERPOINT_LIMITS.slideIndex, { error: message }),
  );
});

/**
 * UFO's colour: "RRGGBB" hex. Also accepted: a leading "#", lower case, and the 3-digit "#RGB" short form;
 * the canonical form is 6 upper-case hex digits without "#".
 */
export const HexColor = lazy((z) => z.preprocess(
  (v) => {
    if (typeof v !== 'string' || v.length > 16) return v;
    let s = v.trim().replace(/^#/, '').toUpperCase();
    if (/^[0-9A-F]{3}$/.test(s)) s = s.replace(/./g, (c) => c + c);
    return s;
  },
  z.string({ error: (iss) => `expected a colour as "RRGGBB" hex such as "FF0000" (red), ${got(iss)}` }).regex(/^[0-9A-F]{6}$/, {
    error: (iss) => `expected a colour as "RRGGBB" hex such as "FF0000" (red), ${got(iss)}`,
  }),
));

/** 0 = top level. */
export const BulletLevel = lazy((z) => {
  const message = (iss: { input?: unknown }) =>
    `expected a bullet level from 0 (top level) to ${POWERPOINT_LIMITS.maxLevel}, ${got(iss)}`;
  return z.preprocess(
    numericStringToNumber,
    z.number({ error: message }).int({ error: message }).min(0, { error: message }).max(POWERPOINT_LIMITS.maxLevel, { error: message }),
  );
});

const Text = (what: string) => zod().preprocess(
  (v) => (typeof v === 'number' && Number.isFinite(v) ? String(v) : v),
  boundedString(POWERPOINT_LIMITS.textLength, what),
);

/** A bullet: a string (level 0) or {text, level}; canonically {text, level}. A bullet is one paragraph. */
export const Bullet = lazy((z) => z.preprocess(
  (v) => (typeof v === 'string' || typeof v === 'number' ? { text: v } : v),
  z.strictObject({
    text: Text('the bullet text').refine((s) => !/[\r\n\v\u2028\u2029]/.test(s), {
      error: () => 'expected one line per bullet (a line break would make a second, level-less paragraph); give each line as its own bullet',
    }),
    level: z.preprocess(nullToUndefined, BulletLevel.default(0)),
  }, { error: (iss) => `expected a bullet as a string or {"text": ..., "level": 0}, ${got(iss)}` }),
));
export type Bullet = z.infer<typeof Bullet>;

/**
 * add_slide's layouts, by what they hold, mapped to PowerPoint's ppLayout* and LibreOffice's AutoLayout
 * (lib/office/powerpoint/layouts.ts). Spaces and hyphens are accepted for underscores ("Title Content").
 */
export const SLIDE_LAYOUTS = ['title_content', 'title', 'title_only', 'two_content', 'blank'] as const;
export const SlideLayout = lazy((z) => z.preprocess(
  (v) => (typeof v === 'string' && v.length <= 64 ? v.trim().toLowerCase().replace(/[\s-]+/g, '_').replace(/_and_/g, '_') : v),
  z.enum(SLIDE_LAYOUTS, { error: (iss) => `expected a layout from ${SLIDE_LAYOUTS.map((l) => `"${l}"`).join(', ')}, ${got(iss)}` }),
));
export type SlideLayout = z.infer<typeof SlideLayout>;
/** Layouts with a body (outline) placeholder that bullets go into. */
export const LAYOUTS_WITH_BODY: readonly SlideLayout[] = ['title_content', 'two_content'];
/** Layouts with a title placeholder. */
export const LAYOUTS_WITH_TITLE: readonly SlideLayout[] = ['title_content', 'title', 'title_only', 'two_content'];

/** set_text's placeholder: "title", "body" (the outline / content placeholder) or its 1-based number on the slide. */
export const PlaceholderRef = lazy((z) => z.preprocess(
  (v) => {
    const n = numericStringToNumber(v);
    if (typeof n === 'number') return n;
    return typeof v === 'string' && v.length <= 16 ? v.trim().toLowerCase() : v;
  },
  z.union([
    z.enum(['title', 'body']),
    z.number().int().min(1).max(1000),
  ], { error: (iss) => `expected "title", "body" or a placeholder number from 1, ${got(iss)}` }),
));
export type PlaceholderRef = z.infer<typeof PlaceholderRef>;

/**
 * save_as' formats: UFO's ppt_ext_to_fileformat keys that both suites can write. Image formats export slides,
 * as UFO does: one file for a one-slide deck or current_slide_only, else a folder of one image per slide.
 */
export const SAVE_FORMATS = ['.pptx', '.ppt', '.odp', '.pdf', '.png', '.jpg', '.gif', '.bmp'] as const;
export type SaveFormat = (typeof SAVE_FORMATS)[number];
export const IMAGE_FORMATS: readonly SaveFormat[] = ['.png', '.jpg', '.gif', '.bmp'];

const shapes = memo((z) => ({
  /** UFO's. An empty (or absent) slide_index means every slide, as in UFO (`if not slide_index`). */
  set_background_color: {
    color: HexColor,
    slide_index: z.preprocess(
      (v) => (v === null || v === undefined ? [] : typeof v === 'number' || typeof v === 'string' ? [v] : v),
      z.array(SlideIndex, { error: (iss) => `expected a list of slide numbers such as [1, 3] ([] = every slide), ${got(iss)}` })
        .max(POWERPOINT_LIMITS.slideIndex)
        .transform((list) => [...new Set(list)]),
    ),
  },
  /**
   * UFO's. Defaults as UFO: file_dir = the presentation's folder, file_name = its name, file_ext = ".pptx".
   * "pdf" is accepted for ".pdf" and the extension is lower-cased (UFO's table is lower case).
   */
  save_as: {
    file_dir: z.preprocess(nullToUndefined, boundedString(POWERPOINT_LIMITS.pathLength, 'a folder').default('')),
    file_name: z.preprocess(nullToUndefined, boundedString(255, 'a file name without extension').default('')),
    file_ext: z.preprocess(
      (v) => (v === null || v === undefined || v === '' ? '.pptx' : typeof v === 'string' && v.length <= 16 ? `.${v.trim().toLowerCase().replace(/^\./, '')}` : v),
      z.enum(SAVE_FORMATS, { error: (iss) => `expected a file extension from ${SAVE_FORMATS.join(', ')}, ${got(iss)}` }),
    ),
    current_slide_only: z.preprocess(nullToUndefined, flag().default(false)),
  },
  /** The bridge's own: a new slide with a title and bullets. index: where it lands (1 = first; default: last). */
  add_slide: {
    title: z.preprocess(nullToUndefined, Text('the slide title').optional()),
    bullets: z.preprocess(
      (v) => (v === null || v === undefined ? [] : typeof v === 'string' ? [v] : v),
      z.array(Bullet, { error: (iss) => `expected a list of bullets (strings or {"text", "level"}), ${got(iss)}` })
        .max(POWERPOINT_LIMITS.bullets, { error: () => `expected at most ${POWERPOINT_LIMITS.bullets} bullets` }),
    ),
    layout: z.preprocess(nullToUndefined, SlideLayout.optional()),
    index: z.preprocess(nullToUndefined, SlideIndex.optional()),
  },
  /** The bridge's own: replaces a placeholder's text; lines ("\n") become paragraphs (top level in a body). */
  set_text: {
    slide_index: SlideIndex,
    placeholder: PlaceholderRef,
    text: Text('the text'),
  },
}) as const);

export const SetBackgroundColorArgs = lazy(() => args(shapes().set_background_color));
export type SetBackgroundColorArgs = z.infer<typeof SetBackgroundColorArgs>;

export const SavePresentationAsArgs = lazy(() => args(shapes().save_as));
export type SavePresentationAsArgs = z.infer<typeof SavePresentationAsArgs>;

/** The layout defaults to title_content; bullets need a layout with a body, a title one with a title. */
export const AddSlideArgs = lazy(() => args(shapes().add_slide)
  .transform((a) => ({ ...a, layout: a.layout ?? ('title_content' as SlideLayout) }))
  .superRefine((a, ctx) => {
    if (a.bullets.length > 0 && !LAYOUTS_WITH_BODY.includes(a.layout)) {
      ctx.addIssue({ code: 'custom', path: ['layout'], message: `layout "${a.layout}" has no body for bullets; use ${LAYOUTS_WITH_BODY.map((l) => `"${l}"`).join(' or ')}`, input: a.layout });
    }
    if (a.title !== undefined && !LAYOUTS_WITH_TITLE.includes(a.layout)) {
      ctx.addIssue({ code: 'custom', path: ['layout'], message: `layout "${a.layout}" has no title placeholder; use ${LAYOUTS_WITH_TITLE.map((l) => `"${l}"`).join(', ')}`, input: a.layout });
    }
  }));
export type AddSlideArgs = z.infer<typeof AddSlideArgs>;

export const SetSlideTextArgs = lazy(() => args(shapes().set_text));
export type SetSlideTextArgs = z.infer<typeof SetSlideTextArgs>;
