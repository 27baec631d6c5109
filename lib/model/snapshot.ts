import type { z } from 'zod';
import { lazy } from './lazy-schema.js';
import { ControlType } from './control-type.js';
import { UINode } from './node.js';
import { Ref } from './ref.js';

export const Platform = lazy((z) => z.enum(['atspi', 'uia']));
export type Platform = z.infer<typeof Platform>;

/** docs/CONTRACT.md "Snapshot JSON". Nodes in pre-order (document order). */
export const SnapshotData = lazy((z) => z.object({
  platform: Platform,
  app: z.object({ name: z.string(), pid: z.number().int().nullable() }),
  window: z.object({ ref: Ref, title: z.string() }).nullable(),
  /** The ref the snapshot was taken from (an app, a window or a subtree). */
  root: z.string(),
  durationMs: z.number(),
  /** For a subtree: the root's ancestors from its parent up to its window, nearest first. */
  ancestors: z.array(z.object({ ref: Ref, role: ControlType, name: z.string() })).optional(),
  /** True when maxNodes cut the tree short. */
  truncated: z.boolean(),
  /** True when part of the tree could not be read (elements vanished mid-snapshot). */
  incomplete: z.boolean(),
  nodes: z.array(UINode),
}));
export type SnapshotData = z.infer<typeof SnapshotData>;
