import type { z } from 'zod';
import { lazy } from './lazy-schema.js';
import { Rect } from './node.js';
import { Ref } from './ref.js';

/** An accessible application (an AT-SPI application root, a UIA process). */
export const AppInfo = lazy((z) => z.object({
  ref: Ref,
  name: z.string(),
  pid: z.number().int().nullable(),
  toolkit: z.string().nullable(),
}));
export type AppInfo = z.infer<typeof AppInfo>;

/** A top-level window: docs/CONTRACT.md `desk.windows()`. */
export const WindowInfo = lazy((z) => z.object({
  ref: Ref,
  app: z.string(),
  appRef: z.string(),
  pid: z.number().int().nullable(),
  title: z.string(),
  rect: Rect.nullable(),
  focused: z.boolean(),
}));
export type WindowInfo = z.infer<typeof WindowInfo>;
