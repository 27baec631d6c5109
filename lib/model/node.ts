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
}));
export type UINode = z.infer<typeof UINode>;
