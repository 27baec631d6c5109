import { z } from 'zod';
import { Rect } from './node.js';

/** An accessible application (an AT-SPI application root, a UIA process). */
export const AppInfo = z.object({
  ref: z.string(),
  name: z.string(),
  pid: z.number().int().nullable(),
  toolkit: z.string().nullable(),
});
export type AppInfo = z.infer<typeof AppInfo>;

/** A top-level window: docs/CONTRACT.md `desk.windows()`. */
export const WindowInfo = z.object({
  ref: z.string(),
  app: z.string(),
  appRef: z.string(),
  pid: z.number().int().nullable(),
  title: z.string(),
  rect: Rect.nullable(),
  focused: z.boolean(),
});
export type WindowInfo = z.infer<typeof WindowInfo>;
