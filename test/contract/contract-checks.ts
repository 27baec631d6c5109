/**
 * The backend contract's checks with no test framework in them: each is a function that throws (node:assert)
 * when the backend breaks the contract. describeBackendContract (backend-contract.ts) wraps them for vitest
 * on Linux; test/contract/run-contract.ts runs the very same functions inside Windows node.exe under Wine
 * (compiled by tsc, since node 20 does not strip types), printing one JSON line per check. One definition of
 * the contract, run wherever a backend runs.
 *
 * Only lib's public API and the platform adapter (for the reference walk) are used, and nothing of the host:
 * no signals, no spawning of Linux apps. What needs those (a frozen app, a killed one, worker threads, the
 * CLI in another process) stays in backend-contract.ts, and the Windows runner says why it is not run there.
 */
import assert from 'node:assert/strict';
import type { ActionResult, Desktop, Snapshot, UINode } from '../../lib/index.js';
import { LambError } from '../../lib/index.js';
import type { PlatformAdapter } from '../../lib/platform/platform-adapter.js';

/** One intent tried on one control of the target app, and how its effect is read back afterwards. */
export interface IntentCase<App = unknown> {
  /** The bridge function that carries the intent (lam-bridge's own action names). */
  function: 'invoke' | 'toggle' | 'select' | 'expand' | 'collapse' | 'set_value' | 'set_edit_text' | 'texts' | 'focus' | 'scroll_into_view';
  /** What the case is about, for the test name. */
  what: string;
  /** Brings the app into the state the intent needs (a menu to close must be open). */
  prepare?: (desk: Desktop, app: App) => Promise<void>;
  /** The control, found in a visible-only snapshot of the app taken just before. */
  find: (snap: Snapshot) => UINode | undefined;
  args?: Record<string, unknown>;
  /**
   * The effect, read back from a fresh snapshot taken after the action (not from the action's own evidence):
   * `after` is the control as that snapshot lists it (undefined when it is no longer there), `snap` the
   * whole snapshot, `result` the action's answer. Returns a description of what is wrong, or null.
   */
  readBack: (after: UINode | undefined, snap: Snapshot, before: UINode, result: ActionResult) => string | null;
  /** Puts the app back as it was, so later cases start from the same state. */
  restore?: (desk: Desktop, app: App, before: UINode) => Promise<void>;
  /**
   * The effect lands a while after the action answered (Qt presses a button by an animated click, ~100 ms
   * later): the fresh snapshot is taken again until readBack passes or this bound passes. Default 0.
   */
  settleMs?: number;
}

/** What the checks need to know of a target, whatever starts it. */
export interface CheckTarget {
  /** The platform the backend reports (`snapshot.data.platform`). */
  backend: 'atspi' | 'uia';
  /** The application's name as the platform lists it. */
  appName: string;
  /** Fields that change on their own (an animated progress bar) are masked before comparing snapshots. */
  mask?: (node: UINode) => UINode;
  /** The fewest nodes a whole-app snapshot of the target has (default 10). */
  minNodes?: number;
  /** The act option settleMs for the target's intents. */
  settleMs?: number;
  /** Budget of each reference-walk comparison's snapshot (default 30 s; Wine's UIA client is slow). */
  walkTimeoutMs?: number;
}

export interface CheckContext<App = unknown> {
  desk: Desktop;
  adapter: PlatformAdapter;
  /** The running target app. */
  app: App;
  pid: number;
  /** The ref of the app's snapshot root. */
  root: string;
  /**
   * What the whole-app snapshots are taken of: { pid } for an app of its own (the default), { ref } for a
   * target whose elements live in the test's own process (the UIA double's window, which the window list leaves out).
   */
  scope?: { pid: number } | { ref: string };
  target: CheckTarget;
}

/** The snapshot options of the target's whole-app snapshots. */
export function scopeOf(ctx: Pick<CheckContext, 'pid' | 'scope'>): { pid: number } | { ref: string } {
  return ctx.scope ?? { pid: ctx.pid };
}

export interface ContractCheck {
  /** Stable id, the JSON line's key ("snapshots.preorder"). */
  id: string;
  /** The test's title. */
  title: string;
  run: (ctx: CheckContext) => Promise<void>;
}

/** The element `ref` as a fresh one-node snapshot reads it, or undefined when it is gone. */
export async function readNode(desk: Desktop, ref: string): Promise<UINode | undefined> {
  try {
    return (await desk.snapshot({ ref, maxDepth: 0 })).root ?? undefined;
  } catch (error) {
    if (error instanceof LambError && error.code === 'ELEMENT_STALE') return undefined;
    throw error;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The code of a rejection, or 'resolved'. */
async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'resolved';
  } catch (e) {
    return e instanceof LambError ? e.code : `non-LambError: ${String(e)}`;
  }
}

export const SNAPSHOT_CHECKS: readonly ContractCheck[] = [
  {
    id: 'snapshots.preorder',
    title: 'reports the platform, the app and a pre-order tree',
    async run(ctx) {
      const { desk, pid, target } = ctx;
      const snap = await desk.snapshot(scopeOf(ctx));
      assert.equal(snap.data.platform, target.backend);
      assert.deepEqual(snap.data.app, { name: target.appName, pid });
      assert.ok(snap.nodes.length > (target.minNodes ?? 10), `only ${snap.nodes.length} nodes`);
      const seen = new Set<string>();
      snap.nodes.forEach((n, i) => {
        if (i === 0) assert.equal(n.parent, null);
        else assert.ok(seen.has(n.parent!), `parent of ${n.ref} listed before it`);
        seen.add(n.ref);
      });
      assert.equal(seen.size, snap.nodes.length);
    },
  },
  {
    id: 'snapshots.reference',
    title: 'the fast snapshot equals the reference walk, field for field',
    async run({ adapter, root, target }) {
      const mask = target.mask ?? ((n: UINode) => n);
      for (const visibleOnly of [false, true]) {
        const request = { root, visibleOnly, timeoutMs: target.walkTimeoutMs ?? 30_000 };
        // A live app may change between two walks (LibreOffice updates its menus' states for a while after it
        // starts): a difference counts only if it is still there on the third try, which a systematic one always is.
        for (let attempt = 1; ; attempt++) {
          const fast = await adapter.snapshot(request);
          const reference = await adapter.snapshot({ ...request, referenceWalk: true });
          const same = JSON.stringify(fast.nodes.map(mask)) === JSON.stringify(reference.nodes.map(mask));
          if (!same && attempt < 3) {
            await sleep(1000);
            continue;
          }
          assert.ok(fast.nodes.length > 1, `visibleOnly=${visibleOnly}: ${fast.nodes.length} nodes`);
          assert.deepEqual(fast.nodes.map(mask), reference.nodes.map(mask), `visibleOnly=${visibleOnly}`);
          assert.equal(fast.truncated, reference.truncated);
          break;
        }
      }
    },
  },
  {
    id: 'snapshots.refs-unique',
    title: 'every ref is unique, and none could be taken for a UFO label',
    async run(ctx) {
      const snap = await ctx.desk.snapshot(scopeOf(ctx));
      assert.equal(new Set(snap.nodes.map((n) => n.ref)).size, snap.nodes.length);
      for (const n of snap.nodes) assert.doesNotMatch(n.ref, /^\d+$/);
    },
  },
];

export const REF_CHECKS: readonly ContractCheck[] = [
  {
    id: 'refs.consecutive',
    title: 'are the same in consecutive snapshots',
    async run(ctx) {
      const a = await ctx.desk.snapshot(scopeOf(ctx));
      const b = await ctx.desk.snapshot(scopeOf(ctx));
      assert.deepEqual(b.nodes.map((n) => n.ref), a.nodes.map((n) => n.ref));
    },
  },
];

/**
 * Checks written with the Windows runner that describeBackendContract does not wrap yet: they have not been
 * run against the AT-SPI targets (a Linux target adds them when it has been).
 */
export const EXTRA_CHECKS: readonly ContractCheck[] = [
  {
    id: 'snapshots.limits',
    title: 'maxNodes truncates and maxDepth 0 reads the root alone',
    async run(ctx) {
      const { desk, root } = ctx;
      const cut = await desk.snapshot({ ...scopeOf(ctx), maxNodes: 3 });
      assert.ok(cut.nodes.length <= 3, `${cut.nodes.length} nodes for maxNodes 3`);
      assert.equal(cut.data.truncated, true);
      const one = await desk.snapshot({ ref: root, maxDepth: 0 });
      assert.equal(one.nodes.length, 1);
      assert.equal(one.nodes[0]!.ref, root);
    },
  },
  {
    id: 'windows.listed',
    title: "the app's windows are listed with title, pid and a rect",
    async run({ desk, pid, target }) {
      const mine = (await desk.windows()).filter((w) => w.pid === pid);
      assert.ok(mine.length > 0, `no window of pid ${pid}`);
      for (const w of mine) {
        assert.equal(w.app, target.appName);
        assert.ok(w.rect === null || (w.rect.width > 0 && w.rect.height > 0), `window ${w.ref} rect ${JSON.stringify(w.rect)}`);
      }
    },
  },
  {
    id: 'refs.resolve',
    title: 'each ref of a snapshot resolves to the same element on its own',
    async run(ctx) {
      const { desk } = ctx;
      const snap = await desk.snapshot({ ...scopeOf(ctx), visibleOnly: true });
      // A handful spread over the tree: every one costs a resolve.
      const picks = snap.nodes.filter((_, i) => i % Math.max(1, Math.floor(snap.nodes.length / 6)) === 0);
      for (const n of picks) {
        const node = await readNode(desk, n.ref);
        assert.ok(node, `${n.ref} did not resolve`);
        const seen = (u: UINode) => ({ ref: u.ref, role: u.role, rawRole: u.rawRole, name: u.name });
        assert.deepEqual(seen(node), seen(n), `${n.ref} read alone differs from the tree's`);
      }
    },
  },
  {
    id: 'refs.invalid',
    title: 'a malformed ref is INVALID_ARGUMENT',
    async run({ desk, target }) {
      const malformed = target.backend === 'uia' ? 'uia:not-a-ref' : 'not-a-ref';
      assert.match(await codeOf(desk.snapshot({ ref: malformed })), /^(INVALID_ARGUMENT|TARGET_NOT_FOUND)$/);
    },
  },
];

/**
 * One intent case: the action is verified by the bridge and its effect read back from a fresh snapshot.
 * Throws what is wrong.
 */
export async function runIntentCase<App>(ctx: CheckContext<App>, c: IntentCase<App>): Promise<ActionResult> {
  const { desk, app, target } = ctx;
  const scope = scopeOf(ctx);
  await c.prepare?.(desk, app);
  const snap = await desk.snapshot({ ...scope, visibleOnly: true });
  const before = c.find(snap);
  assert.ok(before, `the control for ${c.function} (${c.what})`);
  try {
    const result = await desk.act({ function: c.function, args: { id: before.ref, ...c.args } } as never, target.settleMs === undefined ? {} : { settleMs: target.settleMs });
    assert.equal(result.ok, true, JSON.stringify(result.error));
    assert.equal(result.verdict, 'verified', JSON.stringify(result.evidence));
    assert.match(result.method ?? '', /\S/, 'the backend names the method it used');
    const settleBy = Date.now() + (c.settleMs ?? 0);
    for (;;) {
      const fresh = await desk.snapshot({ ...scope, visibleOnly: true });
      const after = fresh.nodes.find((n) => n.ref === before.ref) ?? (await readNode(desk, before.ref));
      const wrong = c.readBack(after, fresh, before, result);
      if (wrong !== null && Date.now() < settleBy) {
        await sleep(50);
        continue;
      }
      assert.equal(wrong, null);
      return result;
    }
  } finally {
    await c.restore?.(desk, app, before);
  }
}

/** The intent cases as checks, ids "intents.<function>.<n>". */
export function intentChecks<App>(cases: readonly IntentCase<App>[]): ContractCheck[] {
  return cases.map((c, i) => ({
    id: `intents.${c.function}.${i}`,
    title: `${c.function}: ${c.what}, verified and read back`,
    run: async (ctx) => {
      await runIntentCase(ctx as CheckContext<App>, c);
    },
  }));
}
