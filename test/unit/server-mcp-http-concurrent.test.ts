/**
 * Stateless MCP Streamable HTTP (lib/server/mcp/http.ts) under concurrent requests, in process with test
 * doubles of a Desktop (no desktop): every request gets its own McpServer + transport (the SDK refuses a
 * second connect on a connected server), the caller's state is the session store's. Two callers (two
 * X-Lamb-Session names under one token) send interleaved calls with the same JSON-RPC ids (each SDK client
 * counts from 0): every answer goes to its own request and names its own session, nothing crosses.
 * The body is read and parsed before the SDK's transport (readJsonBody): its refusals stay the SDK's.
 */
import { request } from 'node:http';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { Client as V1Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as V1StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_HEADER, startHttpMcp, type HttpMcpService } from '../../lib/server/mcp/http.js';
import { serverTools, type ToolSession } from '../../lib/server/tools/index.js';

const TOKEN = 'unit-concurrent-0123456789abcdef0123';
let service: HttpMcpService;
let opened = 0;
let inFlight = 0;
let maxInFlight = 0;

/** A Desktop double whose one window is titled after the session that opened it; answers after a delay. */
function doubleDesktop(): ToolSession['desktop'] {
  const name = `desktop-${++opened}`;
  let calls = 0;
  return {
    windows: async () => {
      const n = ++calls;
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      // Uneven delays so calls of both callers overlap and finish out of order.
      await new Promise((r) => setTimeout(r, 5 + ((n * 7) % 13)));
      inFlight--;
      return [{ ref: `${name}:w`, app: 'gedit', appRef: `${name}:a`, pid: 11, title: `${name} call ${n}`, rect: { x: 0, y: 0, width: 10, height: 10 }, focused: true }];
    },
    close: async () => undefined,
  } as unknown as ToolSession['desktop'];
}

beforeAll(async () => {
  service = await startHttpMcp({ host: '127.0.0.1', port: 0, token: TOKEN, tools: serverTools, ctx: { dryRun: false }, version: 'unit', openDesktop: async () => doubleDesktop() });
});
afterAll(async () => {
  await service?.close();
});

async function client(session: string): Promise<Client> {
  const c = new Client({ name: `unit-${session}`, version: '1' });
  await c.connect(new StreamableHTTPClientTransport(new URL(service.url), { requestInit: { headers: { authorization: `Bearer ${TOKEN}`, [SESSION_HEADER]: session } } }));
  return c;
}

type Windows = { structuredContent: { windows: { ref: string; title: string }[] } };

describe('stateless MCP HTTP, concurrent requests of two sessions', () => {
  it('interleaved calls with the same ids: each answer is its own request\'s, of its own session', async () => {
    const [alice, bob] = await Promise.all([client('alice'), client('bob')]);
    const N = 12;
    const calls = [];
    for (let i = 0; i < N; i++) for (const [who, c] of [['alice', alice], ['bob', bob]] as const) calls.push(c.callTool({ name: 'windows', arguments: {} }).then((r) => ({ who, r: r as unknown as Windows })));
    const results = await Promise.all(calls);
    // One Desktop per session: the refs each caller got name one desktop, a different one per caller.
    const desktopOf = (who: string) => new Set(results.filter((x) => x.who === who).map((x) => x.r.structuredContent.windows[0]!.ref.split(':')[0]));
    expect(desktopOf('alice').size).toBe(1);
    expect(desktopOf('bob').size).toBe(1);
    expect([...desktopOf('alice')][0]).not.toBe([...desktopOf('bob')][0]);
    // Each session's desktop was called N times, each call answered once: titles 1..N, no gaps, no repeats.
    for (const who of ['alice', 'bob']) {
      const titles = results.filter((x) => x.who === who).map((x) => Number(/call (\d+)$/.exec(x.r.structuredContent.windows[0]!.title)![1]));
      expect(titles.sort((a, b) => a - b)).toEqual(Array.from({ length: N }, (_, k) => k + 1));
    }
    expect(service.sessions.size).toBe(2);
    expect(maxInFlight).toBeGreaterThan(2); // the requests did overlap
    await Promise.all([alice.close(), bob.close()]);
  });
});

/** One raw POST: status and body. `chunks` are written one by one (no Content-Length: chunked). */
function post(chunks: string[], headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(service.url);
    const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { host: url.host, authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers } }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    for (const c of chunks) req.write(c);
    req.end();
  });
}

describe('a v1 SDK client over stateless HTTP', () => {
  it('lists the tools and calls one: structuredContent and its text', async () => {
    const c = new V1Client({ name: 'unit-v1', version: '1' });
    await c.connect(new V1StreamableHTTPClientTransport(new URL(service.url), { requestInit: { headers: { authorization: `Bearer ${TOKEN}`, [SESSION_HEADER]: 'v1' } } }));
    expect((await c.listTools()).tools.map((t) => t.name)).toContain('snapshot');
    const r = (await c.callTool({ name: 'windows', arguments: {} })) as unknown as Windows & { content: { type: string; text: string }[] };
    expect(r.structuredContent.windows[0]!.ref).toMatch(/^desktop-\d+:w$/);
    expect(r.content[0]).toMatchObject({ type: 'text', text: expect.stringContaining('gedit') });
    await c.close();
  });
});

describe('the request body, read before the SDK transport', () => {
  const ping = JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'ping' });

  it('a JSON body in pieces is answered', async () => {
    const r = await post([ping.slice(0, 10), ping.slice(10)]);
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ jsonrpc: '2.0', id: 7, result: {} });
  });

  it("not JSON: the SDK's own 400 Parse error; not a JSON-RPC message: its 400 too", async () => {
    const bad = await post(['{"jsonrpc": "2.0", "id": 1, "meth']);
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toMatchObject({ error: { code: -32700, message: expect.stringMatching(/Parse error/) } });
    const empty = await post([]);
    expect(empty.status).toBe(400);
    const notRpc = await post(['{"hello": 1}']);
    expect(notRpc.status).toBe(400);
    expect(JSON.parse(notRpc.body)).toMatchObject({ error: { code: -32700 } });
  });

  it("a wrong Content-Type or Accept: the SDK's 415 / 406, before the body matters", async () => {
    expect((await post([ping], { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await post([ping], { accept: 'application/json' })).status).toBe(406);
  });

  it('over the SDK limit (4 MiB), chunked: 413 with the SDK\'s message', async () => {
    const big = 'x'.repeat(1024 * 1024);
    const chunked = await post(['{"a": "', big, big, big, big, big, '"}']);
    expect(chunked.status).toBe(413);
    expect(JSON.parse(chunked.body)).toMatchObject({ error: { code: -32000, message: expect.stringMatching(/Payload Too Large/) } });
  });
});
