import { lazy } from './lazy-schema.js';

/**
 * Refs and UFO labels share an action's `id`, so the two can never be mistaken for each other, on any
 * platform. The rule, in this one place:
 *   - a label is all digits, without a leading zero: "1".."N" (lib/observe/labels.ts numbers controls so);
 *   - a ref always contains a character that is not a digit.
 * AT-SPI refs are "<bus>:<path>" ("1.23:45", "1.23:/org/gtk/Application/a11y/3"): always a ':'
 * (native/linux/atspi_ref.h). The UIA encoding (6 of 8) must follow the rule too, e.g. by a prefix or a
 * separator between the runtime id's parts ("uia:42.7.1"), never bare digits.
 */
export const LABEL_PATTERN = /^[1-9][0-9]*$/;

/** True when `id` is spelled like a label ("1", "42") and so cannot be a ref. */
export function isLabel(id: string): boolean {
  return LABEL_PATTERN.test(id);
}

/** True when `id` is spelled like a ref: it has a character that is not a digit. */
export function isRefSpelling(id: string): boolean {
  return /[^0-9]/.test(id);
}

/** An element ref: opaque, platform-made, and never all digits (see above). */
export const Ref = lazy((z) => z.string().refine(isRefSpelling, { message: 'a ref contains a character that is not a digit' }));
