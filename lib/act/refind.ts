import { LambError, type UINode } from '../model/index.js';
import type { PlatformAdapter } from '../platform/platform-adapter.js';
import type { Budget } from '../snapshot/budget.js';
import { ancestorsFingerprint } from '../snapshot/fingerprint.js';
import { indexTree } from '../snapshot/tree-index.js';
import type { Fingerprint, ResolvedId } from './act-context.js';

function describe(n: UINode): string {
  return `${n.role} '${n.name}' (${n.ref})`;
}

const gone = (error: unknown) =>
  error instanceof LambError && (error.code === 'ELEMENT_STALE' || error.code === 'APP_NOT_RUNNING');

/** The nodes to search: the observed scope, or the whole app when the scope itself was rebuilt. */
async function scopeNodes(adapter: PlatformAdapter, resolved: ResolvedId & { scopeRef: string }, budget: Budget, stale: string): Promise<UINode[]> {
  const read = (root: string) => adapter.snapshot({ root, visibleOnly: false, timeoutMs: budget.remainingMs(), ancestors: false });
  try {
    return (await read(resolved.scopeRef)).nodes;
  } catch (error) {
    if (!gone(error)) throw error;
    const app = resolved.appPid === undefined ? undefined : (await adapter.applications(budget.remainingMs())).find((a) => a.pid === resolved.appPid);
    if (!app) throw new LambError('ELEMENT_STALE', `act (lam-bridge): ${stale}, and so is its window and app`, { cause: error });
    return (await read(app.ref)).nodes;
  }
}

/**
 * Finds an element again after its ref went stale (the app rebuilt the widget): same role, same name, the
 * same automation id when it had one, best by matching ancestor chain. One clear winner is returned;
 * otherwise ELEMENT_STALE names the closest candidates so a model can choose.
 */
export async function refind(
  adapter: PlatformAdapter,
  resolved: ResolvedId & { fingerprint: Fingerprint; scopeRef: string },
  budget: Budget,
): Promise<UINode> {
  const f = resolved.fingerprint;
  const stale = `element ${resolved.label ? `labelled ${resolved.label} ` : ''}${resolved.ref} (${f.role} '${f.name}') is gone`;
  const nodes = await scopeNodes(adapter, resolved, budget, stale);
  const index = indexTree(nodes);
  const chainOf = (n: UINode) => ancestorsFingerprint(nodes, index, index.indexOf.get(n.ref)!);
  const sameKind = nodes.filter((n) => n.role === f.role);
  const matches = sameKind.filter(
    (n) => n.name === f.name && (f.automationId === null || n.automationId === f.automationId),
  );
  // The chain is relative to the observed root; the scope snapshot may start higher or lower.
  const sameChain = matches.filter((n) => chainOf(n).endsWith(f.ancestors) || f.ancestors.endsWith(chainOf(n)));
  const winner = sameChain.length === 1 ? sameChain[0] : matches.length === 1 ? matches[0] : undefined;
  if (winner) return winner;
  const closest = (matches.length ? matches : sameKind.filter((n) => n.name.toLowerCase().includes(f.name.toLowerCase()) || f.name.toLowerCase().includes(n.name.toLowerCase())))
    .slice(0, 5)
    .map(describe);
  throw new LambError(
    'ELEMENT_STALE',
    `act (lam-bridge): ${stale}; ${matches.length > 1 ? `${matches.length} elements match it equally` : 'nothing matches it'}` +
      (closest.length ? `; closest: ${closest.join(', ')}` : '') +
      '; take a new snapshot',
  );
}
