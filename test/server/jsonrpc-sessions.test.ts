/**
 * `lamb serve --port` with 20 concurrent clients on a real gtk3-widget-factory: each connection is its own
 * session. They snapshot and act side by side (reads through the act path, and real toggles), and what one
 * was shown (refs, labels) is unusable by another that was not: it gets a clear error, before anything runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionResult, SnapshotData, UINode } from '../../lib/index.js';
import { connectJsonRpc, JsonRpcCallError, type JsonRpcClient } from '../../lib/server/jsonrpc/client.js';
import { startApp, type RunningApp } from '../fixtures/apps.js';
import { serveJsonRpc, type ServedJsonRpc } from '../helpers/serve-jsonrpc.js';

const CLIENTS = 20;
/**
 * Budgets for this file's calls. The sessions share one platform thread (one app answers one call at a time),
 * so with 20 clients a call waits behind up to 19 others, and the default 2 s budget, which counts that wait,
 * can run out on a loaded 2-core machine: that is a TIMEOUT, not cross-talk, and not what is tested here.
 */
const BUDGET = { timeoutMs: 20_000 };
let app: RunningApp;
let served: ServedJsonRpc;

beforeAll(async () => {
  app = await startApp('widgetFactory');
  served = await serveJsonRpc(['--max-sessions', String(CLIENTS + 5)]);
});
afterAll(async () => {
  await served?.stop();
  await app?.stop();
});

interface ActOut {
  dryRun: boolean;
  results: ActionResult[];
}
const connectAll = (n: number) => Promise.all(Array.from({ length: n }, () => connectJsonRpc(served.url, { token: served.token })));
const closeAll = (clients: JsonRpcClient[]) => Promise.all(clients.map((c) => c.close()));
const snapshotJson = async (c: JsonRpcClient) => (await c.call<{ snapshot: SnapshotData }>('snapshot', { pid: app.pid, format: 'json', ...BUDGET })).snapshot;
const enabled = (n: UINode) => n.states.includes('enabled');
const theEntry = (d: SnapshotData) => d.nodes.find((n) => n.role === 'Edit' && enabled(n) && n.states.includes('singleline') && n.value === 'entry');

describe('20 concurrent JSON-RPC sessions on one real app', () => {
  it('all snapshot and act at once, each through its own session, and all get the right answers', async () => {
    const clients = await connectAll(CLIENTS);
    try {
      const outcomes = await Promise.all(
        clients.map(async (c, k) => {
          const data = await snapshotJson(c);
          const entry = theEntry(data);
          if (!entry) throw new Error(`client ${k}: no "entry" entry in ${data.nodes.length} nodes`);
          // A read through the act path (resolve, check, run, result): the entry's text.
          const read = await c.call<ActOut>('act', { action: { function: 'texts', args: { id: entry.ref } }, ...BUDGET });
          // Two clients also change the app, each its own check box, twice (back to where it was).
          let toggled: string[] = [];
          if (k < 2) {
            const box = data.nodes.filter((n) => n.role === 'CheckBox' && enabled(n))[k]!;
            for (let i = 0; i < 2; i++) {
              const r = await c.call<ActOut>('act', { action: { function: 'toggle', args: { id: box.ref } }, ...BUDGET });
              toggled.push(r.results[0]!.verdict);
            }
          }
          return { nodes: data.nodes.length, text: read.results[0]!.result, verdict: read.results[0]!.verdict, toggled, read: JSON.stringify(read.results[0]) };
        }),
      );
      for (const [k, o] of outcomes.entries()) {
        expect(o.nodes, `client ${k}`).toBeGreaterThan(50);
        expect(o.text, `client ${k}: ${o.read}`).toBe('entry');
        expect(o.verdict, `client ${k}`).not.toBe('failed');
      }
      expect(outcomes[0]!.toggled).toEqual(['verified', 'verified']);
      expect(outcomes[1]!.toggled).toEqual(['verified', 'verified']);
    } finally {
      await closeAll(clients);
    }
  });

  it("one session's refs and labels are unusable by the others: a clear error, and nothing acted on", async () => {
    const clients = await connectAll(CLIENTS);
    try {
      const observers = clients.slice(0, CLIENTS / 2);
      const strangers = clients.slice(CLIENTS / 2);
      // Observers see the app (refs) and take a labelled observation (labels); strangers only list windows.
      const seen = await Promise.all(
        observers.map(async (c) => {
          const data = await snapshotJson(c);
          const ufo = await c.call<{ text: string }>('snapshot', { pid: app.pid, format: 'ufo-v2', ...BUDGET });
          return { entry: theEntry(data)!, box: data.nodes.find((n) => n.role === 'CheckBox' && enabled(n))!, labels: JSON.parse(ufo.text) as { label: string; control_type: string }[] };
        }),
      );
      await Promise.all(strangers.map((c) => c.call('windows')));
      const { entry, box } = seen[0]!;
      const editLabel = seen[0]!.labels.find((l) => l.control_type === 'Edit')!.label;
      const boxBefore = box.states.includes('checked');

      await Promise.all(
        strangers.map(async (c, k) => {
          // Act on an observer's ref: refused before anything runs.
          const act = await c.call<ActOut>('act', { action: { function: 'toggle', args: { id: box.ref } } });
          expect(act.results[0], `stranger ${k}`).toMatchObject({ ok: false, verdict: 'failed', error: { code: 'INVALID_ARGUMENT', message: expect.stringContaining(`ref ${box.ref} was not shown to this session`) } });
          // Read it: refused the same way (a JSON-RPC error with the code in data).
          const read = await c.call('snapshot', { ref: entry.ref, format: 'json' }).catch((e: unknown) => e);
          expect(read, `stranger ${k}`).toBeInstanceOf(JsonRpcCallError);
          expect((read as JsonRpcCallError).rpc).toMatchObject({ code: -32602, data: { code: 'INVALID_ARGUMENT' }, message: expect.stringContaining('was not shown to this session') });
          // A label of an observer's observation: this session made none.
          const label = await c.call<ActOut>('act', { action: { function: 'texts', args: { id: editLabel } } });
          expect(label.results[0], `stranger ${k}`).toMatchObject({ verdict: 'failed', error: { code: 'INVALID_ARGUMENT', message: expect.stringMatching(/this session has made no labelled observation/) } });
        }),
      );
      // Nothing was toggled by the refused calls.
      const after = (await snapshotJson(observers[0]!)).nodes.find((n) => n.ref === box.ref)!;
      expect(after.states.includes('checked')).toBe(boxBefore);
      // Each observer's own label works for it.
      const own = await Promise.all(observers.map((c, k) => c.call<ActOut>('act', { action: { function: 'texts', args: { id: seen[k]!.labels.find((l) => l.control_type === 'Edit')!.label } }, ...BUDGET })));
      for (const r of own) expect(r.results[0]!.verdict, JSON.stringify(r.results[0])).not.toBe('failed');
      // And a stranger that takes its own snapshot may then use the refs it was shown.
      await snapshotJson(strangers[0]!);
      const now = await strangers[0]!.call<ActOut>('act', { action: { function: 'texts', args: { id: entry.ref } } });
      expect(now.results[0]).toMatchObject({ result: 'entry' });
    } finally {
      await closeAll(clients);
    }
  });
});
