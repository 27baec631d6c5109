import type { z } from 'zod';
import { lazy } from '../../model/lazy-schema.js';
import { atMostOneTarget, atMostOneTargetMessage } from '../../model/target.js';
import { toolTargetFields } from './target-fields.js';
import { OBSERVE_FORMATS, type ObserveFormat } from '../../observe/observe-formats.js';
import { EXTENDED_FACT_FORMATS } from '../../observe/observe-formats.js';
import { LambError } from '../../model/errors.js';
import { appAllowed, checkTargetAllowed } from './allowlist.js';
import type { ServerTool } from './tool.js';

const SnapshotInput = lazy((z) =>
  z
    .object({
      ...toolTargetFields(z),
      /** ufo-v2 / ufo (labelled control lists a model answers with labels), tree, json (the whole data), osworld… */
      format: z.enum(OBSERVE_FORMATS as [ObserveFormat, ...ObserveFormat[]]).default('ufo-v2'),
      visibleOnly: z.boolean().default(true),
      maxTokens: z.number().int().min(1).max(10_000_000).optional(),
      maxNodes: z.number().int().positive().max(10_000_000).optional(),
      timeoutMs: z.number().int().min(1).max(600_000).optional(),
      /** full: the observation; diff: what changed since this session's last snapshot of the same target. */
      mode: z.enum(['full', 'diff']).default('full'),
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
    text: z.string().optional(),
    tokens: z.number().optional(),
    /** format json: the snapshot's data (nodes with refs). */
    snapshot: z.unknown().optional(),
    mode: z.enum(['full', 'diff']).optional(),
    /** mode diff: counts of what changed (the text lists them); absent when there was no earlier snapshot. */
    diff: z.object({ added: z.number(), removed: z.number(), changed: z.number() }).optional(),
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
    const { format, maxTokens: askedTokens, mode, ...options } = args;
    const maxTokens = askedTokens ?? ctx.maxTokens;
    await checkTargetAllowed('snapshot', session.desktop, options, ctx);
    const snap = await session.desktop.snapshot({ ...options, ...((EXTENDED_FACT_FORMATS as readonly string[]).includes(format) ? { extendedFacts: true } : {}) });
    const d = snap.data;
    // The focused window or a ref target could be of an app the allowlist leaves out: checked on the result too.
    if (!appAllowed(d.app.name, ctx)) throw new LambError('ACCESS_DENIED', `snapshot (lamb serve): app '${d.app.name}' is not among the allowed apps`);
    const base = { format, app: d.app, window: d.window, root: d.root, nodeCount: d.nodes.length, truncated: d.truncated, durationMs: d.durationMs };
    // The diff compares like with like: the same target (and visibility) as the last snapshot.
    const key = JSON.stringify([options.app, options.pid, options.window, options.ref, options.visibleOnly]);
    const last = session.lastSnapshot;
    session.lastSnapshot = { key, nodes: d.nodes };
    if (mode === 'diff' && last && last.key === key) {
      const { diffSnapshots, renderDiff } = await import('../../observe/diff.js');
      const diff = diffSnapshots(last.nodes, d.nodes);
      let text = renderDiff(diff, d.nodes);
      const { countTokens } = await import('../../observe/token-budget.js');
      let tokens = countTokens(text);
      let cut = false;
      if (maxTokens !== undefined && tokens > maxTokens) {
        // A diff has no smarter cut than its length: keep whole lines within the budget.
        text = text.slice(0, Math.max(0, Math.floor((text.length * maxTokens) / tokens) - 40)).replace(/\n[^\n]*$/, '') + '\n… (diff cut to the token budget)';
        tokens = countTokens(text);
        cut = true;
      }
      const counts = { added: diff.added.length, removed: diff.removed.length, changed: diff.changed.length };
      // Labels of an earlier observation stay valid: a diff shows refs, which resolve as shown.
      return { structured: { ...base, mode, diff: counts, text, tokens, truncated: d.truncated || cut }, text };
    }
    if (format === 'json' && maxTokens === undefined) return { structured: { ...base, mode: 'full' as const, snapshot: d } };
    const observation = snap.observe(format, maxTokens === undefined ? {} : { maxTokens });
    // json within a budget: the (possibly cut, self-describing) snapshot data itself, not a string of it.
    // Uncut, the text is JSON.stringify(d) (formatJson), so the data is d itself: no parse of the text back.
    if (format === 'json')
      return { structured: { ...base, mode: 'full' as const, snapshot: observation.truncated ? (JSON.parse(observation.text) as unknown) : d, tokens: observation.tokens, truncated: d.truncated || observation.truncated }, text: observation.text };
    return { structured: { ...base, mode: 'full' as const, text: observation.text, tokens: observation.tokens, truncated: d.truncated || observation.truncated }, text: observation.text };
  },
};
