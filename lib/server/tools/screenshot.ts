import type { z } from 'zod';
import { LambError } from '../../model/errors.js';
import { lazy } from '../../model/lazy-schema.js';
import { CaptureRect } from '../../model/screenshot-options.js';
import { atMostOneTarget, atMostOneTargetMessage } from '../../model/target.js';
import { toolTargetFields } from './target-fields.js';
import { checkRefAllowed, checkTargetAllowed } from './allowlist.js';
import type { ServerTool } from './tool.js';

const ScreenshotInput = lazy((z) =>
  z
    .object({
      ...toolTargetFields(z),
      /** The set-of-mark overlay: each control of the observation boxed and numbered (labels act takes as ids). */
      annotate: z.boolean().default(true),
      format: z.enum(['ufo-v2', 'ufo']).default('ufo-v2'),
      /** A ref (shown to this session) to box in red: the last acted-on control. */
      mark: z.string().min(1).max(4096).optional(),
      rect: CaptureRect.optional(),
      timeoutMs: z.number().int().min(1).max(600_000).optional(),
    })
    .strict()
    .refine(atMostOneTarget, atMostOneTargetMessage),
);
type ScreenshotInput = z.output<typeof ScreenshotInput>;

const ScreenshotOutput = lazy((z) =>
  z.object({
    width: z.number(),
    height: z.number(),
    x: z.number(),
    y: z.number(),
    /** Annotated: label → ref of each control drawn. */
    labels: z.record(z.string(), z.string()).optional(),
    marked: z.boolean().optional(),
  }),
);

/** A PNG of the target's window (or the screen), annotated by default; the image rides along as base64. */
export const screenshotTool: ServerTool<ScreenshotInput> = {
  name: 'screenshot',
  title: 'Screenshot',
  description: "A PNG of the target's window, annotated with UFO's numbered labels (the same as the ufo-v2 / ufo control list).",
  inputSchema: ScreenshotInput,
  outputSchema: ScreenshotOutput,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async run(session, args, ctx) {
    await checkTargetAllowed('screenshot', session.desktop, args, ctx);
    if (args.mark !== undefined) await checkRefAllowed('screenshot', session.desktop, args.mark, ctx);
    if (ctx.allowApps !== undefined && args.app === undefined && args.pid === undefined && args.window === undefined && args.ref === undefined)
      throw new LambError('ACCESS_DENIED', 'screenshot (lamb serve): with an app allowlist, give a target (app, pid, window, ref): the whole screen shows every app');
    const shot = await session.desktop.screenshot(args);
    const labels = shot.labels ? Object.fromEntries(Object.entries(shot.labels.labels).map(([label, entry]) => [label, entry.ref])) : undefined;
    const structured = {
      width: shot.width,
      height: shot.height,
      x: shot.x,
      y: shot.y,
      ...(labels ? { labels } : {}),
      ...(shot.marked === undefined ? {} : { marked: shot.marked !== null }),
    };
    return { structured, image: { mimeType: 'image/png', base64: shot.png.toString('base64') } };
  },
};
