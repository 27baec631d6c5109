import type { z } from 'zod';
import type { Desktop } from '../../desktop/desktop.js';
import { ActionResult } from '../../model/action-result.js';
import { LambError } from '../../model/errors.js';
import { lazy } from '../../model/lazy-schema.js';
import { atMostOneTarget, atMostOneTargetMessage } from '../../model/target.js';
import { toolTargetFields } from './target-fields.js';
import { appAllowed, checkTargetAllowed } from './allowlist.js';
import type { ServerTool, ToolContext } from './tool.js';

const ActInput = lazy((z) =>
  z
    .object({
      ...toolTargetFields(z),
      /** One action or a list, in any accepted shape (the bridge's own, UFO newest, UFO v1/v2), or a model's text. */
      action: z.union([z.record(z.string(), z.unknown()), z.array(z.unknown()), z.string()]),
      verify: z.boolean().default(true),
      settleMs: z.number().int().min(0).max(30_000).optional(),
      timeoutMs: z.number().int().min(1).max(600_000).optional(),
    })
    .strict()
    .refine(atMostOneTarget, atMostOneTargetMessage),
);
type ActInput = z.output<typeof ActInput>;

const ResolvedTarget = lazy((z) => z.object({ id: z.string(), ref: z.string(), role: z.string(), name: z.string(), app: z.string() }));
const ActOutput = lazy((z) =>
  z.object({
    dryRun: z.boolean(),
    results: z.array(ActionResult).optional(),
    /** dryRun: each action's function and the element its id resolves to (null: an action without an element). */
    planned: z.array(z.object({ function: z.string(), target: ResolvedTarget.nullable() })).optional(),
  }),
);

/**
 * Each action's element, read (not acted on): what dry-run reports, and what the allowlist checks when
 * actions name elements (a ref may have been shown by a window list taken for another check).
 */
async function resolveTargets(desktop: Desktop, action: unknown, ctx: ToolContext) {
  const { parseActionInput } = await import('../../act/parse-action.js');
  const { actions } = parseActionInput(action);
  if (actions.length === 0) throw new LambError('INVALID_ARGUMENT', 'act (lamb serve): no action to run');
  const planned = [];
  for (const step of actions) {
    const id = (step as { args?: { id?: unknown } }).args?.id;
    if (typeof id !== 'string') {
      planned.push({ function: step.function, target: null });
      continue;
    }
    const { ref } = await desktop.resolveId(id);
    const read = await desktop.snapshot({ ref, maxDepth: 0 });
    const node = read.root;
    if (!node) throw new LambError('TARGET_NOT_FOUND', `act (lamb serve): element ${ref} is gone; take a new snapshot`);
    if (!appAllowed(read.data.app.name, ctx)) throw new LambError('ACCESS_DENIED', `act (lamb serve): app '${read.data.app.name}' is not among the allowed apps`);
    planned.push({ function: step.function, target: { id, ref: node.ref, role: node.role, name: node.name, app: read.data.app.name } });
  }
  return planned;
}

export const actTool: ServerTool<ActInput> = {
  name: 'act',
  title: 'Act',
  description: 'Runs one action or a list (any accepted shape) and verifies its effect; evidence and a verdict per action.',
  inputSchema: ActInput,
  outputSchema: ActOutput,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  async run(session, args, ctx) {
    const { action, ...options } = args;
    const target = { app: options.app, pid: options.pid, window: options.window, ref: options.ref };
    await checkTargetAllowed('act', session.desktop, target, ctx);
    if (ctx.dryRun || ctx.allowApps !== undefined) {
      const planned = await resolveTargets(session.desktop, action, ctx);
      if (ctx.dryRun) return { structured: { dryRun: true, planned }, text: planned.map((p) => `${p.function} ${p.target ? `${p.target.role} '${p.target.name}'` : ''} (dry run: not done)`).join('\n') };
    }
    const results = await session.desktop.actAll(action, options);
    if (results.length === 0) throw new LambError('INVALID_ARGUMENT', 'act (lamb serve): no action to run');
    return { structured: { dryRun: false, results }, text: results.map((r) => `${r.function} → ${r.verdict}${r.error ? `: ${r.error.code}: ${r.error.message}` : ''}`).join('\n') };
  },
};
