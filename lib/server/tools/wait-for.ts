import type { z } from 'zod';
import { LambError } from '../../model/errors.js';
import { ControlType } from '../../model/control-type.js';
import { lazy } from '../../model/lazy-schema.js';
import { StateName, type UINode } from '../../model/node.js';
import { atMostOneTarget, atMostOneTargetMessage } from '../../model/target.js';
import { toolTargetFields } from './target-fields.js';
import { appAllowed, checkTargetAllowed } from './allowlist.js';
import type { ServerTool } from './tool.js';

const WaitForInput = lazy((z) =>
  z
    .object({
      ...toolTargetFields(z),
      role: ControlType.optional(),
      /** Exact name. */
      name: z.string().max(4096).optional(),
      /** States the node must all have. */
      states: z.array(StateName).max(16).optional(),
      /** Wait for no node to match instead. */
      gone: z.boolean().default(false),
      /** The whole wait is bounded by this (default 5 s). */
      timeoutMs: z.number().int().min(1).max(120_000).default(5000),
      intervalMs: z.number().int().min(10).max(10_000).default(100),
      visibleOnly: z.boolean().default(true),
    })
    .strict()
    .refine(atMostOneTarget, atMostOneTargetMessage)
    .refine((a) => a.role !== undefined || a.name !== undefined || (a.states?.length ?? 0) > 0, { message: 'give at least one of role, name, states' }),
);
type WaitForInput = z.output<typeof WaitForInput>;

const WaitForOutput = lazy((z) =>
  z.object({
    satisfied: z.boolean(),
    /** The first node matching (absent when waiting for it to be gone). */
    node: z.object({ ref: z.string(), role: z.string(), name: z.string(), states: z.array(z.string()) }).optional(),
    waitedMs: z.number(),
    polls: z.number(),
  }),
);

/** Polls snapshots of the target until a node matching role/name/states appears (or, with gone, disappears). */
export const waitForTool: ServerTool<WaitForInput> = {
  name: 'wait_for',
  title: 'Wait for',
  description: 'Waits, bounded by timeoutMs, until a node matching role / name / states appears (or, with gone, disappears) in the target.',
  inputSchema: WaitForInput,
  outputSchema: WaitForOutput,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async run(session, args, ctx) {
    const { role, name, states, gone, timeoutMs, intervalMs, visibleOnly, ...target } = args;
    await checkTargetAllowed('wait_for', session.desktop, target, ctx);
    const start = performance.now();
    const matches = (n: UINode) =>
      (role === undefined || n.role === role) && (name === undefined || n.name === name) && (states ?? []).every((s) => n.states.includes(s));
    for (let polls = 1; ; polls++) {
      const left = timeoutMs - (performance.now() - start);
      let snap;
      try {
        snap = await session.desktop.snapshot({ ...target, visibleOnly, timeoutMs: Math.max(1, Math.min(2000, Math.round(left))) });
      } catch (error) {
        // A poll cut short by what is left of the wait is the wait running out, not a failure; an app that does
        // not answer for the whole wait is TIMEOUT as usual.
        if (!(error instanceof LambError && error.code === 'TIMEOUT') || polls === 1) throw error;
        return { structured: { satisfied: false, waitedMs: Math.round(performance.now() - start), polls } };
      }
      if (!appAllowed(snap.data.app.name, ctx)) throw new LambError('ACCESS_DENIED', `wait_for (lamb serve): app '${snap.data.app.name}' is not among the allowed apps`);
      const found = snap.nodes.find(matches);
      const waitedMs = Math.round(performance.now() - start);
      if (found && !gone) return { structured: { satisfied: true, node: { ref: found.ref, role: found.role, name: found.name, states: found.states }, waitedMs, polls } };
      if (!found && gone) return { structured: { satisfied: true, waitedMs, polls } };
      if (performance.now() - start + intervalMs > timeoutMs) return { structured: { satisfied: false, waitedMs, polls } };
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  },
};
