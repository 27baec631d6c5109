/**
 * `lamb serve --mcp --http 0` (Streamable HTTP, stateless: a new server and transport per request), driven by
 * the MCP SDK's own client against the real server on the real desktop with a real gtk3-widget-factory.
 * The caller's refs live in the session store: a ref from one request's snapshot resolves in a later request
 * (a new client connection, so a new transport on both sides); another caller (another X-Lamb-Session) cannot
 * use it. The guard refuses requests without the token (401) and with a forged Host or Origin (403).
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionResult, SnapshotData } from '../../lib/index.js';
import { startApp, type RunningApp } from '../fixtures/apps.js';
import { connectHttpMcp, serveHttpMcp, type ServedHttpMcp } from '../helpers/serve-mcp.js';

let app: RunningApp;
let served: ServedHttpMcp;
type Result<T> = { structuredContent?: T; content: { type: string; text?: string; data?: string; mimeType?: string }[]; isError?: boolean };

beforeAll(async () => {
  app = await startApp('widgetFactory');
  served = await serveHttpMcp();
});
afterAll(async () => {
  await served?.stop();
  await app?.stop();
});

/** One raw POST (the SDK client would add the right headers itself): the status and body. */
function post(headers: Record<string, string>, body: unknown): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: served.port, path: '/mcp', method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers } }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}
const listTools = { jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} };

async function withClient<T>(session: string | undefined, fn: (call: <R>(name: string, args: Record<string, unknown>) => Promise<Result<R>>) => Promise<T>): Promise<T> {
  const client = await connectHttpMcp(served.url, served.token, session);
  try {
    return await fn(async (name, args) => (await client.callTool({ name, arguments: args })) as never);
  } finally {
    await client.close();
  }
}

describe('MCP over Streamable HTTP (SDK client, real desktop)', () => {
  it('the token was generated and printed on stderr only; stdout stays empty', () => {
    expect(served.token.length).toBeGreaterThanOrEqual(32);
    expect(served.stdout()).toBe('');
  });

  it('lists the tools with annotations and output schemas', async () => {
    const client = await connectHttpMcp(served.url, served.token);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name).sort()).toEqual(['act', 'office', 'screenshot', 'snapshot', 'wait_for', 'windows']);
      expect(tools.find((t) => t.name === 'windows')!.annotations).toMatchObject({ readOnlyHint: true });
      expect(tools.every((t) => t.outputSchema?.type === 'object')).toBe(true);
    } finally {
      await client.close();
    }
  });

  it('a ref from a snapshot resolves in a LATER stateless request: a verified toggle, read back', async () => {
    const box = await withClient('alice', async (call) => {
      const snap = await call<{ snapshot: SnapshotData }>('snapshot', { pid: app.pid, format: 'json' });
      return snap.structuredContent!.snapshot.nodes.find((n) => n.role === 'CheckBox' && n.states.includes('enabled') && n.states.includes('visible'))!;
    });
    expect(box).toBeDefined();
    await withClient('alice', async (call) => {
      const acted = await call<{ results: ActionResult[] }>('act', { action: { function: 'toggle', args: { id: box.ref } } });
      expect(acted.isError, acted.content[0]?.text).toBeFalsy();
      expect(acted.structuredContent!.results[0]).toMatchObject({ ok: true, verdict: 'verified' });
    });
    await withClient('alice', async (call) => {
      const again = await call<{ snapshot: SnapshotData }>('snapshot', { ref: box.ref, format: 'json' });
      expect(again.structuredContent!.snapshot.nodes[0]!.states.includes('checked')).toBe(!box.states.includes('checked'));
      await call('act', { action: { function: 'toggle', args: { id: box.ref } } });
    });
  });

  it("one caller cannot use another caller's refs or labels", async () => {
    const { ref } = await withClient('alice', async (call) => {
      const obs = await call<{ text: string }>('snapshot', { pid: app.pid, format: 'ufo-v2' });
      expect(obs.structuredContent!.text).toContain('"label": "1"');
      const snap = await call<{ snapshot: SnapshotData }>('snapshot', { pid: app.pid, format: 'json' });
      return snap.structuredContent!.snapshot.nodes.find((n) => n.role === 'CheckBox')!;
    });
    await withClient('bob', async (call) => {
      const byRef = await call('snapshot', { ref, format: 'json' });
      expect(byRef.isError).toBe(true);
      expect(byRef.content[0]!.text).toMatch(/^INVALID_ARGUMENT: .*was not shown to this session/);
      const byLabel = await call<{ results: ActionResult[] }>('act', { action: { function: 'texts', args: { id: '1' } } });
      const error = byLabel.isError ? { code: 'INVALID_ARGUMENT', message: byLabel.content[0]!.text! } : byLabel.structuredContent!.results[0]!.error;
      expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/no labelled observation/) });
    });
  });

  it('concurrent requests of two sessions do not cross: each answer is its own request\'s', async () => {
    const [carol, dave] = await Promise.all([connectHttpMcp(served.url, served.token, 'carol'), connectHttpMcp(served.url, served.token, 'dave')]);
    try {
      type Snap = Result<{ format: string; snapshot?: SnapshotData; text?: string }>;
      const calls: Promise<{ who: string; r: Snap }>[] = [];
      for (let i = 0; i < 4; i++) {
        calls.push(carol.callTool({ name: 'snapshot', arguments: { pid: app.pid, format: 'json' } }).then((r) => ({ who: 'carol', r: r as Snap })));
        calls.push(dave.callTool({ name: 'snapshot', arguments: { pid: app.pid, format: 'ufo-v2' } }).then((r) => ({ who: 'dave', r: r as Snap })));
      }
      const results = await Promise.all(calls);
      for (const { who, r } of results) {
        expect(r.isError, r.content[0]?.text).toBeFalsy();
        if (who === 'carol') expect(r.structuredContent!.snapshot!.nodes.length).toBeGreaterThan(10);
        else expect(r.structuredContent!.text).toContain('"label": "1"');
        expect(r.structuredContent!.format).toBe(who === 'carol' ? 'json' : 'ufo-v2');
      }
    } finally {
      await Promise.all([carol.close(), dave.close()]);
    }
  });

  it('screenshot: image content with a PNG', async () => {
    await withClient(undefined, async (call) => {
      const shot = await call('screenshot', { pid: app.pid });
      const image = shot.content.find((c) => c.type === 'image')!;
      expect(image.mimeType).toBe('image/png');
      expect(Buffer.from(image.data!, 'base64').subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    });
  });

  it('refuses: no token or a wrong one → 401; a forged Host or a web Origin → 403; nothing served to them', async () => {
    const host = `127.0.0.1:${served.port}`;
    const ok = await post({ host, authorization: `Bearer ${served.token}` }, listTools);
    expect(ok.status).toBe(200);
    expect(ok.body).toContain('"snapshot"');
    for (const headers of <Record<string, string>[]>[{ host }, { host, authorization: `Bearer ${'x'.repeat(served.token.length)}` }, { host, authorization: served.token }]) {
      const r = await post(headers, listTools);
      expect(r.status).toBe(401);
      expect(r.body).not.toContain('"snapshot"');
    }
    for (const headers of <Record<string, string>[]>[{ host: `evil.example:${served.port}` }, { host: `127.0.0.1:${served.port + 1}` }, { host, origin: 'https://evil.example' }, { host, origin: `http://attacker.test:${served.port}` }]) {
      const r = await post({ ...headers, authorization: `Bearer ${served.token}` }, listTools);
      expect(r.status, JSON.stringify(headers)).toBe(403);
      expect(r.body).not.toContain('"snapshot"');
    }
    const local = await post({ host, origin: `http://localhost:${served.port}`, authorization: `Bearer ${served.token}` }, listTools);
    expect(local.status).toBe(200);
  });
});
