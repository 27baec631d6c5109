import type { z } from 'zod';
import { lazy } from './lazy-schema.js';

const NonEmpty = lazy((z) => z.string().min(1).max(4096));

/** The target fields (CLI flags and library options alike); none means the focused window. */
export const targetFields = {
  /** Application name, case-insensitive; an exact match wins over a substring. */
  app: lazy(() => NonEmpty.optional()),
  pid: lazy((z) => z.number().int().positive().max(2 ** 31 - 1).optional()),
  /** Substring of a top-level window title. */
  window: lazy(() => NonEmpty.optional()),
  /** An element ref: the subtree below it. */
  ref: lazy(() => NonEmpty.optional()),
};

export const atMostOneTarget = (t: { app?: string; pid?: number; window?: string; ref?: string }) =>
  [t.app, t.pid, t.window, t.ref].filter((v) => v !== undefined).length <= 1;
export const atMostOneTargetMessage = { message: 'give at most one of app, pid, window, ref' };

export const TargetOptions = lazy((z) => z.object(targetFields).strict().refine(atMostOneTarget, atMostOneTargetMessage));
export type TargetOptions = z.infer<typeof TargetOptions>;

/** Bounds every wait on a target app: a hung app costs this much, never a hung caller. */
export const TimeoutMs = lazy((z) => z.number().int().min(1).max(600_000));

export const SnapshotOptions = lazy((z) =>
  z
    .object({
      ...targetFields,
      /** Only showing nodes (and only below showing ancestors). */
      visibleOnly: z.boolean().default(false),
      maxNodes: z.number().int().positive().max(10_000_000).optional(),
      maxDepth: z.number().int().min(0).max(100_000).optional(),
      /**
       * A container with more children than this is listed without them, and the snapshot says truncated
       * (default 5,000): a spreadsheet reports 2^31 cells, and asking for them stalls the app.
       */
      maxChildren: z.number().int().min(1).max(65_536).optional(),
      /**
       * Also read each node's platform facts (UINode.facts: raw states, attributes, the whole text, the
       * value range, action descriptions and key bindings), which the OSWorld formats need, and list a table
       * too big to list (a spreadsheet) with its showing cells. Costs a few more calls a node.
       */
      extendedFacts: z.boolean().optional(),
      timeoutMs: TimeoutMs.default(2000),
    })
    .strict()
    .refine(atMostOneTarget, atMostOneTargetMessage));
export type SnapshotOptions = z.input<typeof SnapshotOptions>;
export type ResolvedSnapshotOptions = z.output<typeof SnapshotOptions>;
