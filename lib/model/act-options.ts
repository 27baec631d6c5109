import type { z } from 'zod';
import { lazy } from './lazy-schema.js';
import { atMostOneTarget, atMostOneTargetMessage, targetFields, TimeoutMs } from './target.js';

/** Options of `desk.act()` and `lamb act`. The target matters only to actions without an element id. */
export const ActOptions = lazy((z) =>
  z
    .object({
      ...targetFields,
      /** Check the postcondition after acting (default true). */
      verify: z.boolean().default(true),
      /** How long an effect may take to show before the verdict is "unverified", in ms. */
      settleMs: z.number().int().min(0).max(30_000).default(500),
      /** Budget for each action's calls into the app, in ms. */
      timeoutMs: TimeoutMs.default(2000),
    })
    .strict()
    .refine(atMostOneTarget, atMostOneTargetMessage));
export type ActOptions = z.input<typeof ActOptions>;
