import type { z } from 'zod';
import { lazy } from './lazy-schema.js';
import { ControlType } from './control-type.js';
import { Ref } from './ref.js';

/** Screen rectangle in physical pixels, origin at the top-left of the primary screen. */
export const Rect = lazy((z) => z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() }));
export type Rect = z.infer<typeof Rect>;

/**
 * Normalized state names. Platforms report more; these are the ones with the same meaning everywhere.
 * `visible` means the element is showing on screen (AT-SPI SHOWING, UIA !IsOffscreen).
 */
export const StateName = lazy((z) => z.enum([
  'enabled', 'visible', 'offscreen', 'focusable', 'focused', 'selectable', 'selected', 'checkable', 'checked',
  'mixed', 'pressed', 'expandable', 'expanded', 'collapsed', 'editable', 'readonly', 'multiline', 'singleline',
  'multiselectable', 'modal', 'active', 'busy', 'required', 'invalid', 'defunct', 'horizontal', 'vertical',
  'sensitive', 'resizable', 'iconified', 'default', 'has-popup', 'visited', 'animated', 'transient',
]));
export type StateName = z.infer<typeof StateName>;

/**
 * A node's platform facts as the platform names them, read only when a snapshot asks for them
 * (SnapshotOptions.extendedFacts): what OSWorld's formats (osworld-xml, osworld) are made of.
 */
export const PlatformFacts = lazy((z) => z.object({
  /** The platform's own names of the states set, in its order (AT-SPI: pyatspi's STATE_* names lower-cased, without STATE_). */
  states: z.array(z.string()),
  /** The platform's interfaces/patterns the element offers (AT-SPI: 'Action', 'Component', 'Image', 'Selection', ...). */
  interfaces: z.array(z.string()),
  /** The screen extents as the platform gives them (no off-screen or empty-box filtering); null when not read. */
  extents: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable(),
  /** Object attributes as [key, value] pairs, in the app's order. */
  attributes: z.array(z.tuple([z.string(), z.string()])),
  /** The whole text (AT-SPI Text interface); null when the element has none or it could not be read. */
  text: z.string().nullable(),
  /** The Value interface's numbers, each null when it could not be read; null without the interface. */
  range: z.object({
    current: z.number().nullable(),
    min: z.number().nullable(),
    max: z.number().nullable(),
    step: z.number().nullable(),
  }).nullable(),
  /** Actions with their descriptions and key bindings ('' when none), in action index order. */
  actions: z.array(z.object({ name: z.string(), description: z.string(), keyBinding: z.string() })),
}));
export type PlatformFacts = z.infer<typeof PlatformFacts>;

/** One control in a snapshot: docs/CONTRACT.md "Snapshot JSON", node for node. */
export const UINode = lazy((z) => z.object({
  /** Stable for the element's life, across snapshots and processes. */
  ref: Ref,
  /** The parent's ref; null for the snapshot root. */
  parent: Ref.nullable(),
  role: ControlType,
  /** The platform's own role name (AT-SPI role name, UIA control type or localized type). */
  rawRole: z.string(),
  name: z.string(),
  /** Current value or text, where the platform gives it cheaply (edits, sliders, spinners). */
  value: z.string().nullable(),
  /** AT-SPI accessible id / UIA AutomationId. */
  automationId: z.string().nullable(),
  states: z.array(StateName),
  rect: Rect.nullable(),
  /** Actions the element offers (AT-SPI action names / UIA patterns as verbs). */
  actions: z.array(z.string()),
  /** Extra platform facts kept for fingerprints and debugging. */
  description: z.string().optional(),
  childCount: z.number().int().optional(),
  /** Only in snapshots taken with extendedFacts. */
  facts: PlatformFacts.optional(),
}));
export type UINode = z.infer<typeof UINode>;
