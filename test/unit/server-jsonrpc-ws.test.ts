/**
 * lib/server/jsonrpc/ws-server.ts on a real socket (127.0.0.1, the ws client) with test-double methods instead
 * of the desktop: the limits each confined to the connection that breaks them, one session per connection,
 * order within a connection. test/server/jsonrpc-*.test.ts run the same server with the real tools.
 */
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { z } from 'zod';
import type { MethodTable, RpcMethod } from '../../lib/server/jsonrpc/dispatch.js';
import { JsonRpcLimits, type JsonRpcLimitsInput } from '../../lib/server/jsonrpc/limits.js';
import { startWsRpcServer, type WsRpcServer } from '../../lib/server/jsonrpc/ws-server.js';

const token = 'unit-token-0123456789abcdef';

interface DoubleSession {
  id: string;
  log: string[];
}

const opened: DoubleSession[] = [];
const closed: string[] = [];

const methods: MethodTable<DoubleSession> = new Map<string, RpcMethod<DoubleSession>>([
  ['whoami', { params: z.object({}).strict(), run: async (_p, s) => s.id }],
  [
    'record',
    {
      params: z.object({ value: z.string(), delayMs: z.number().default(0) }).strict(),
      run: async (p, s) => {
        const { value, delayMs } = p as { value: string; delayMs: number };
        if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
        s.log.push(value);
        return [...s.log];
      },
    },
  ],
  ['echo', { params: z.object({ text: z.string() }).strict(), run: async (p) => (p as { text: string }).text.length }],
]);

let server: WsRpcServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(limits: JsonRpcLimitsInput = {}): Promise<WsRpcServer> {
  server = await startWsRpcServer<DoubleSession>({
    host: '127.0.0.1',
    port: 0,
    token,
    limits: JsonRpcLimits.parse(limits),
    methods,
    openSession: (id) => {
      const s = { id, log: [] };
      opened.push(s);
      return s;
    },
    closeSession: (s) => void closed.push(s.id),
  });
  return server;
}

/** A connected client with a call helper matching answers by id. */
async function client(url: string): Promise<{ ws: WebSocket; call: (method: string, params?: object) => Promise<any>; closed: Promise<number> }> {
  const ws = new WebSocket(url, { headers: { Authorization: `Bearer ${token}` } });
  const pending = new Map<number, (v: unknown) => void>();
  let next = 1;
  ws.on('message', (data) => {
    const msg = JSON.parse(data.toString());
    for (const m of Array.isArray(msg) ? msg : [msg]) pending.get(m.id)?.(m), pending.delete(m.id);
  });
  const closedP = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  ws.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_q, res) => reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode })));
  });
  return {
    ws,
    closed: closedP,
    call: (method, params) =>
      new Promise((resolve) => {
        const id = next++;
        pending.set(id, resolve);
        ws.send(JSON.stringify({ jsonrpc: '2.0', method, ...(params ? { params } : {}), id }));
      }),
  };
}

describe('JSON-RPC over WebSocket (test-double methods)', () => {
  it('each connection gets its own session, closed with the connection', async () => {
    const s = await start();
    const a = await client(s.url);
    const b = await client(s.url);
    const [ida, idb] = [(await a.call('whoami')).result, (await b.call('whoami')).result];
    expect(ida).not.toBe(idb);
    await a.call('record', { value: 'a1' });
    expect((await b.call('record', { value: 'b1' })).result).toEqual(['b1']);
    expect(s.connections).toBe(2);
    a.ws.close();
    await a.closed;
    await expect.poll(() => closed.includes(ida)).toBe(true);
    expect(closed).not.toContain(idb);
    expect(s.connections).toBe(1);
    b.ws.close();
  });

  it('messages of one connection run in the order sent, even when the first is slow', async () => {
    const s = await start();
    const a = await client(s.url);
    const first = a.call('record', { value: 'slow', delayMs: 150 });
    const second = a.call('record', { value: 'fast' });
    expect((await second).result).toEqual(['slow', 'fast']);
    expect((await first).result).toEqual(['slow']);
    a.ws.close();
  });

  it('an oversize message closes only that connection with 1009; the others keep working', async () => {
    const s = await start({ maxMessageBytes: 4096 });
    const big = await client(s.url);
    const others = await Promise.all([client(s.url), client(s.url)]);
    const inFlight = others[0]!.call('record', { value: 'during', delayMs: 100 });
    big.ws.send(JSON.stringify({ jsonrpc: '2.0', method: 'echo', params: { text: 'x'.repeat(5000) }, id: 1 }));
    expect(await big.closed).toBe(1009);
    expect((await inFlight).result).toEqual(['during']);
    for (const o of others) expect((await o.call('echo', { text: 'x'.repeat(3000) })).result).toBe(3000);
    expect(s.connections).toBe(2);
    for (const o of others) o.ws.close();
  });

  it('past maxSessions the upgrade is answered 503 and opens no session; a slot freed is usable again', async () => {
    const s = await start({ maxSessions: 2 });
    const a = await client(s.url);
    const b = await client(s.url);
    const before = opened.length;
    await expect(client(s.url)).rejects.toMatchObject({ status: 503 });
    expect(opened.length).toBe(before);
    expect((await a.call('whoami')).result).toBeTypeOf('string');
    b.ws.close();
    await b.closed;
    await expect.poll(() => s.connections).toBe(1);
    const c = await client(s.url);
    expect((await c.call('whoami')).result).toBeTypeOf('string');
    a.ws.close();
    c.ws.close();
  });

  it('over the rate: -32002 with retryAfterMs and the call does not run; another connection has its own budget', async () => {
    const s = await start({ requestsPerSecond: 1, burst: 3 });
    const a = await client(s.url);
    const answers = await Promise.all(['1', '2', '3', '4', '5'].map((value) => a.call('record', { value })));
    expect(answers.slice(0, 3).map((r) => r.result)).toEqual([['1'], ['1', '2'], ['1', '2', '3']]);
    for (const r of answers.slice(3)) expect(r.error).toMatchObject({ code: -32002, data: { code: 'INVALID_OPERATION', retryAfterMs: expect.any(Number) } });
    // One at a time (the queue is empty): the bucket itself refuses, its 3 tokens spent.
    expect((await a.call('record', { value: '6' })).error).toMatchObject({ code: -32002 });
    const b = await client(s.url);
    expect((await b.call('record', { value: 'b' })).result).toEqual(['b']);
    a.ws.close();
    b.ws.close();
  });

  it('a plain HTTP request with the token: 426 Upgrade Required; without it: 401', async () => {
    const s = await start();
    const status = (headers: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port: s.port, path: '/', headers }, (res) => (res.resume(), resolve(res.statusCode!)));
        req.on('error', reject);
        req.end();
      });
    expect(await status({ Authorization: `Bearer ${token}` })).toBe(426);
    expect(await status({})).toBe(401);
  });

  it('a connection silent past idleTimeoutMs is closed (1001) and its session freed; a busy one is not', async () => {
    const s = await start({ idleTimeoutMs: 300 });
    const quiet = await client(s.url);
    const busy = await client(s.url);
    const id = (await quiet.call('whoami')).result;
    // A call running longer than the idle time keeps its connection open.
    const long = busy.call('record', { value: 'long', delayMs: 700 });
    expect(await quiet.closed).toBe(1001);
    await expect.poll(() => closed.includes(id)).toBe(true);
    expect((await long).result).toEqual(['long']);
    expect((await busy.call('whoami')).result).toBeTypeOf('string');
    busy.ws.close();
  });

  it('close() ends open connections (1001) and their sessions', async () => {
    const s = await start();
    const a = await client(s.url);
    const id = (await a.call('whoami')).result;
    await s.close();
    server = undefined;
    expect(await a.closed).toBe(1001);
    expect(closed).toContain(id);
  });
});
