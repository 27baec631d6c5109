/**
 * The real `lamb serve --port` speaking JSON-RPC 2.0 on the test desktop: malformed input gets the spec's
 * error objects (with the LambError code in data) and leaves the connection usable; a bad call's params get
 * zod's issues; an oversize message closes only its own connection (1009) while other clients, one of them
 * mid-snapshot, carry on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SnapshotData } from '../../lib/index.js';
import { connectJsonRpc, JsonRpcCallError, type JsonRpcClient } from '../../lib/server/jsonrpc/client.js';
import { startApp, type RunningApp } from '../fixtures/apps.js';
import { serveJsonRpc, type ServedJsonRpc } from '../helpers/serve-jsonrpc.js';

const MAX_BYTES = 256 * 1024;
let app: RunningApp;
let served: ServedJsonRpc;
let client: JsonRpcClient;

beforeAll(async () => {
  app = await startApp('widgetFactory');
  served = await serveJsonRpc(['--max-message-bytes', String(MAX_BYTES)]);
  client = await connectJsonRpc(served.url, { token: served.token });
});
afterAll(async () => {
  await client?.close();
  await served?.stop();
  await app?.stop();
});

describe('malformed JSON-RPC against the real server', () => {
  it('not JSON: -32700 Parse error, id null; the connection still answers', async () => {
    expect(await client.raw('{"jsonrpc":"2.0","method":"windows",')).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32700, data: { code: 'INVALID_ARGUMENT' } } });
    expect(await client.call('windows')).toEqual({ windows: expect.any(Array) });
  });

  it('not a request: -32600; an empty batch: one -32600; a batch of junk: one each', async () => {
    expect(await client.raw('{"jsonrpc":"1.0","method":"windows","id":1}')).toMatchObject({ id: 1, error: { code: -32600 } });
    expect(await client.raw('{"method":"windows","id":2}')).toMatchObject({ id: 2, error: { code: -32600, message: expect.stringMatching(/jsonrpc/) } });
    expect(await client.raw('[]')).toMatchObject({ id: null, error: { code: -32600 } });
    const junk = (await client.raw('[1,"x",null]')) as unknown[];
    expect(junk).toHaveLength(3);
    for (const r of junk) expect(r).toMatchObject({ id: null, error: { code: -32600 } });
  });

  it('an unknown method: -32601 listing the methods; the MCP tools are all there', async () => {
    const answer = (await client.raw('{"jsonrpc":"2.0","method":"shutdown","id":"x"}')) as { error: { message: string } };
    expect(answer).toMatchObject({ id: 'x', error: { code: -32601, data: { code: 'INVALID_ARGUMENT' } } });
    for (const m of ['windows', 'snapshot', 'act']) expect(answer.error.message).toContain(m);
  });

  it('bad params: -32602 with zod issues naming the field; nothing runs', async () => {
    const bad = await client.call('snapshot', { pid: app.pid, format: 'html', visibleOnly: 'yes' }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(JsonRpcCallError);
    const rpc = (bad as JsonRpcCallError).rpc as { code: number; data: { code: string; issues: { path: string[] }[] } };
    expect(rpc.code).toBe(-32602);
    expect(rpc.data.code).toBe('INVALID_ARGUMENT');
    expect(rpc.data.issues.map((i) => i.path[0]).sort()).toEqual(['format', 'visibleOnly']);
    const two = await client.call('snapshot', { pid: app.pid, app: 'x' }).catch((e: unknown) => e);
    expect((two as JsonRpcCallError).rpc).toMatchObject({ code: -32602, message: expect.stringMatching(/at most one of app, pid, window, ref/) });
    const action = await client.call('act', { action: { function: 'clik_input', args: {} } }).catch((e: unknown) => e);
    expect((action as JsonRpcCallError).rpc).toMatchObject({ code: -32602, data: { code: 'INVALID_ARGUMENT' }, message: expect.stringMatching(/clik_input/) });
  });

  it('a failure of the desktop: -32000 with its LambError code', async () => {
    const gone = await client.call('snapshot', { app: 'no-such-app-here' }).catch((e: unknown) => e);
    expect((gone as JsonRpcCallError).rpc).toMatchObject({ code: -32000, data: { code: 'TARGET_NOT_FOUND' } });
  });

  it('a batch runs in order and answers each call; notifications get no answer', async () => {
    const batch = [
      { jsonrpc: '2.0', method: 'windows', id: 1 },
      { jsonrpc: '2.0', method: 'windows' },
      { jsonrpc: '2.0', method: 'snapshot', params: { pid: app.pid, format: 'tree' }, id: 2 },
      { jsonrpc: '2.0', method: 'nope', id: 3 },
    ];
    const answers = (await client.raw(JSON.stringify(batch))) as { id: number }[];
    expect(answers.map((a) => a.id)).toEqual([1, 2, 3]);
    expect(answers[1]).toMatchObject({ result: { format: 'tree', text: expect.stringContaining('gtk3-widget-factory') } });
    expect(answers[2]).toMatchObject({ error: { code: -32601 } });
  });
});

describe('an oversize message', () => {
  it('closes only its own connection with 1009; the others, one mid-snapshot, carry on', async () => {
    const [big, ...others] = await Promise.all(Array.from({ length: 4 }, () => connectJsonRpc(served.url, { token: served.token })));
    try {
      const during = others.map((c) => c.call<{ snapshot: SnapshotData }>('snapshot', { pid: app.pid, format: 'json' }));
      big!.ws.send(JSON.stringify({ jsonrpc: '2.0', method: 'act', params: { action: 'x'.repeat(MAX_BYTES + 1) }, id: 1 }));
      expect(await big!.closed).toBe(1009);
      for (const s of await Promise.all(during)) expect(s.snapshot.nodes.length).toBeGreaterThan(50);
      for (const c of [...others, client]) expect(await c.call('windows')).toEqual({ windows: expect.any(Array) });
      // Just under the limit is fine (the action text is refused as an action, not as a message).
      const fits = await others[0]!.call('act', { action: 'x'.repeat(MAX_BYTES - 200) }).catch((e: unknown) => e);
      expect((fits as JsonRpcCallError).rpc).toMatchObject({ code: -32602 });
      expect(served.stderr()).toMatch(/WS_ERR_UNSUPPORTED_MESSAGE_LENGTH|Max payload size exceeded/);
    } finally {
      await Promise.all(others.map((c) => c.close()));
    }
  });
});
