import type { z } from 'zod';
import { lazy } from './lazy-schema.js';
import { atMostOneTarget, atMostOneTargetMessage, targetFields, TimeoutMs } from './target.js';

/** A part of the screen in pixels: whole numbers, some area. The platform clamps it to the screen. */
export const CaptureRect = lazy((z) =>
  z
    .object({
      x: z.number().int().min(-(2 ** 20)).max(2 ** 20),
      y: z.number().int().min(-(2 ** 20)).max(2 ** 20),
      width: z.number().int().positive().max(2 ** 20),
      height: z.number().int().positive().max(2 ** 20),
    })
    .strict());
export type CaptureRect = z.infer<typeof CaptureRect>;

/**
 * `desk.screenshot(options)`. The target (docs/CONTRACT.md target selection) picks what is captured — its window,
 * or for an app the box around its windows — and whose controls are annotated; with no target the whole
 * screen is captured (and annotation, if asked for, labels the focused window's controls).
 */
export const ScreenshotOptions = lazy((z) =>
  z
    .object({
      ...targetFields,
      /** Capture exactly this screen rect instead of the target's window (the target still gives the labels). */
      rect: CaptureRect.optional(),
      /** Draw the set-of-mark overlay: a fill and a numbered label per control of the observation. */
      annotate: z.boolean().default(false),
      /** Which observation's labels to draw (they match its control list). */
      format: z.enum(['ufo-v2', 'ufo']).default('ufo-v2'),
      /** The ref of the last acted-on control: boxed in red. */
      mark: z.string().min(1).max(4096).optional(),
      /** PNG zlib level. */
      compressionLevel: z.number().int().min(0).max(9).default(6),
      timeoutMs: TimeoutMs.default(2000),
    })
    .strict()
    .refine(atMostOneTarget, atMostOneTargetMessage));
export type ScreenshotOptions = z.input<typeof ScreenshotOptions>;
