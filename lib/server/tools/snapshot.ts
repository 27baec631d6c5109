import type { z } from 'zod';
import { lazy } from '../../model/lazy-schema.js';
import { targetFields, atMostOneTarget, atMostOneTargetMessage } from '../../model/target.js';
import { OBSERVE_FORMATS, type ObserveFormat } from '../../observe/observe-formats.js';
import { EXTENDED_FACT_FORMATS } from '../../observe/observe-formats.js';
import { LambError } from '../../model/errors.js';
import { appAllowed, checkTargetAllowed } from './allowlist.js';
import type { ServerTool } from './tool.js';

const SnapshotInput = lazy((z) =>
  z
    .object({
      ...targetFields,
      /** ufo-v2 / ufo (labelled control lists a model answers with labels), tree, json (the whole data), osworld… */
      format: z.enum(OBSERVE_FORMATS as [ObserveFormat, ...ObserveFormat[]]).default('ufo-v2'),
      visibleOnly: z.boolean().default(true),
      maxTokens: z.number().int().min(1).max(10_000_000).optional(),
      maxNodes: z.number().int().positive().max(10_000_000).optional(),
      /** diff: what changed since this session's last snapshot of the same root (full when there is none). */
      mode: z.enum(['full', 'diff']).default('full'),
      timeoutMs: z.number().int().min(1).max(600_000).optional(),
    })
    .strict()
    .refine(atMostOneTarget, atMostOneTargetMessage),
);
type SnapshotInput = z.output<typeof SnapshotInput>;

const SnapshotOutput = lazy((z) =>
  z.object({
    format: z.string(),
    app: z.object({ name: z.string(), pid: z.number().nullable() }),
    window: z.object({ ref: z.string(), title: z.string() }).nullable(),
    root: z.string(),
    nodeCount: z.number(),
    truncated: z.boolean(),
    durationMs: z.number(),
    /** The observation (for json without maxTokens: absent, see `snapshot`). */
    mode: z.enum(['full', 'diff']),
    text: z.string().optional(),
    /** mode diff: nodes added, removed and changed since the last snapshot of this root in this session. */
    diff: z.object({ added: z.array(z.unknown()), removed: z.array(z.unknown()), changed: z.array(z.unknown()) }).optional(),
    tokens: z.number().optional(),
    /** format json: the snapshot's data (nodes with refs). */
    snapshot: z.unknown().optional(),
  }),
);

export const snapshotTool: ServerTool<SnapshotInput> = {
  name: 'snapshot',
  title: 'Snapshot',
  description: 'A snapshot of an app, window or subtree as an observation for a model (ufo-v2, ufo, tree, osworld) or as JSON with refs.',
  inputSchema: SnapshotInput,
  outputSchema: SnapshotOutput,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async run(session, args, ctx) {
    const { format, maxTokens, mode, ...options } = args;
    await checkTargetAllowed('snapshot', session.desktop, options, ctx);
    const snap = await session.desktop.snapshot({ ...options, ...((EXTENDED_FACT_FORMATS as readonly string[]).includes(format) ? { extendedFacts: true } : {}) });
    const d = snap.data;
    // The focused window or a ref target could be of an app the allowlist leaves out: checked on the result too.
    if (!appAllowed(d.app.name, ctx)) throw new LambError('ACCESS_DENIED', `snapshot (lamb serve): app '${d.app.name}' is not among the allowed apps`);
    const last = (session.lastSnapshots ??= new Map());
    const before = last.get(d.root);
    last.delete(d.root); // re-insert: the map's order is the forgetting order
    last.set(d.root, d);
    if (last.size > 16) last.delete(last.keys().next().value!);
    const base = { format, app: d.app, window: d.window, root: d.root, nodeCount: d.nodes.length, truncated: d.truncated, durationMs: d.durationMs };
    if (mode === 'diff' && before) {
      const { diffSnapshots, renderDiff } = await import('../../observe/diff.js');
      const diff = diffSnapshots(before, d);
      const text = renderDiff(diff, d);
      return { structured: { ...base, mode: 'diff' as const, diff, text }, text };
    }
    if (format === 'json' && maxTokens === undefined) return { structured: { ...base, mode: 'full' as const, snapshot: d } };
    const observation = snap.observe(format, maxTokens === undefined ? {} : { maxTokens });
    return { structured: { ...base, mode: 'full' as const, text: observation.text, tokens: observation.tokens, truncated: d.truncated || observation.truncated }, text: observation.text };
  },
};
