import { SnapshotOptions, zodToLambError, type SnapshotData } from '../model/index.js';
import type { PlatformAdapter } from '../platform/platform-adapter.js';
import { Budget } from './budget.js';
import { rejectSwitchedOffChromium } from './accessibility-off.js';
import { resolveTarget } from './resolve-target.js';

/**
 * Validates the options (zod, before anything reaches the platform), finds the target and reads it, all
 * within one budget (timeoutMs bounds the whole call).
 */
export async function captureSnapshot(adapter: PlatformAdapter, options: SnapshotOptions): Promise<SnapshotData> {
  const parsed = SnapshotOptions.safeParse(options);
  if (!parsed.success) throw zodToLambError('snapshot', parsed.error);
  const o = parsed.data;
  const budget = new Budget(o.timeoutMs);
  const target = await resolveTarget(adapter, { app: o.app, pid: o.pid, window: o.window, ref: o.ref }, budget);
  const data = await adapter.snapshot({
    root: target.root,
    visibleOnly: o.visibleOnly,
    timeoutMs: budget.remainingMs(),
    ...(o.maxNodes === undefined ? {} : { maxNodes: o.maxNodes }),
    ...(o.maxDepth === undefined ? {} : { maxDepth: o.maxDepth }),
    ...(o.maxChildren === undefined ? {} : { maxChildren: o.maxChildren }),
    ...(o.extendedFacts ? { extendedFacts: true } : {}),
  });
  // A subtree of one node is what the caller asked for; an app or a window of one node may be switched off.
  if (target.kind !== 'ref') await rejectSwitchedOffChromium(adapter, data, budget);
  return data;
}
