import type { z } from 'zod';
import { ActionResult } from '../../model/action-result.js';
import { LambError } from '../../model/errors.js';
import { lazy } from '../../model/lazy-schema.js';
import type { ServerTool, ToolContext } from './tool.js';

/** LibreOffice's names of the three apps: an allowlist may name either. */
const SUITE_NAMES = { word: ['writer'], excel: ['calc'], powerpoint: ['impress'] } as const;

const OfficeInput = lazy((z) =>
  z
    .object({
      app: z.enum(['word', 'excel', 'powerpoint']),
      /** UFO's Office functions of the app, in order (`lamb office <app> --list` shows them). */
      actions: z.array(z.object({ function: z.string().min(1).max(200), args: z.record(z.string(), z.unknown()).optional() }).strict()).min(1).max(50),
      /** The document: a file (saved after a sequence that changed it and all ran, unless save is false)… */
      file: z.string().min(1).max(4096).optional(),
      /** …or a new empty document (not saved: use save_as)… */
      new: z.boolean().optional(),
      /** …or the document a running LibreOffice / Office shows (its window title, a substring). */
      attach: z.boolean().optional(),
      title: z.string().min(1).max(4096).optional(),
      save: z.boolean().default(true),
      timeoutMs: z.number().int().min(1).max(600_000).default(15_000),
    })
    .strict()
    .refine((a) => [a.file !== undefined, a.new === true, a.attach === true].filter(Boolean).length === 1, { message: 'give exactly one of file, new: true, attach: true' })
    .refine((a) => a.title === undefined || a.attach === true, { message: 'title goes with attach' }),
);
type OfficeInput = z.output<typeof OfficeInput>;

const OfficeOutput = lazy((z) =>
  z.object({
    dryRun: z.boolean(),
    results: z.array(ActionResult).optional(),
    planned: z.array(z.object({ function: z.string(), mutates: z.boolean() })).optional(),
    saved: z.boolean(),
  }),
);

function officeAllowed(app: OfficeInput['app'], ctx: ToolContext): boolean {
  if (ctx.allowApps === undefined) return true;
  const names: string[] = [app, ...SUITE_NAMES[app], 'soffice', 'libreoffice'];
  return ctx.allowApps.some((a) => names.includes(a.toLowerCase()));
}

/** Word / Excel / PowerPoint actions (LibreOffice Writer / Calc / Impress over UNO), as `lamb office` runs them. */
export const officeTool: ServerTool<OfficeInput> = {
  name: 'office',
  title: 'Office',
  description: "Runs UFO's Office functions (Word, Excel, PowerPoint; LibreOffice over UNO) on a file, a new document or an open one, verified by reading the document back.",
  inputSchema: OfficeInput,
  outputSchema: OfficeOutput,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  async run(_session, args, ctx) {
    if (!officeAllowed(args.app, ctx))
      throw new LambError('ACCESS_DENIED', `office (lamb serve): ${args.app} is not among the allowed apps (${(ctx.allowApps ?? []).join(', ')})`);
    const { checkOfficeFile } = await import('../../office/office-file.js');
    const { resolveOfficeFunction, runOfficeSequence, validateOfficeArgs } = await import('../../office/office-runner.js');
    // Everything a model could get wrong, before LibreOffice starts.
    const specs = args.actions.map((step, i) => {
      try {
        const spec = resolveOfficeFunction(args.app, step.function);
        validateOfficeArgs(spec, step.args);
        return spec;
      } catch (e) {
        if (e instanceof LambError) throw new LambError(e.code, `office (lamb serve): actions[${i}]: ${e.message}`);
        throw e;
      }
    });
    const file = args.file === undefined ? undefined : checkOfficeFile(args.app, args.file);
    if (ctx.dryRun) return { structured: { dryRun: true, planned: specs.map((s) => ({ function: s.name, mutates: s.mutates })), saved: false } };

    const { OfficeSession } = await import('../../office/office-session.js');
    const session = await OfficeSession.start({ timeoutMs: args.timeoutMs });
    try {
      const doc = args.attach
        ? await session.attach(args.app, args.title === undefined ? {} : { title: args.title })
        : await session.open(args.app, file === undefined ? {} : { file });
      const results = await runOfficeSequence(doc, args.actions);
      const allRan = results.length === args.actions.length && results.every((r) => r.ok);
      let saved = false;
      if (file !== undefined && args.save && allRan && specs.some((s) => s.mutates)) {
        await session.save(doc);
        saved = true;
      }
      if (!args.attach) await session.close(doc);
      return { structured: { dryRun: false, results, saved }, text: results.map((r) => `${r.function} → ${r.verdict}${r.error ? `: ${r.error.code}: ${r.error.message}` : ''}`).join('\n') };
    } finally {
      await session.dispose();
    }
  },
};
