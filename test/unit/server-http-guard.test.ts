/**
 * lib/server/http-guard.ts: the checks on their own (headers in, verdict out), then the same guard in front of a
 * real Node http server on 127.0.0.1, for a plain request (as MCP HTTP uses it) and a WebSocket upgrade (as
 * JSON-RPC uses it) with the ws client, so what a refused caller actually receives is asserted too.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import {
  bearerToken,
  checkRequest,
  createHttpGuard,
  isLoopbackHost,
  parseHostHeader,
  resolveBindHost,
  resolveToken,
  tokensEqual,
  type GuardOptions,
} from '../../lib/server/http-guard.js';

const token = 'test-token-0123456789abcdef';
const options: GuardOptions = { token, port: 7777 };
const good = { host: '127.0.0.1:7777', authorization: `Bearer ${token}` };

describe('bind address', () => {
  it('defaults to 127.0.0.1 and accepts loopback names without a warning', () => {
    const warnings: string[] = [];
    const warn = (m: string) => warnings.push(m);
    expect(resolveBindHost(undefined, { warn })).toBe('127.0.0.1');
    for (const h of ['127.0.0.1', 'localhost', '::1', '[::1]', '127.1.2.3']) expect(resolveBindHost(h, { warn })).toBe(h);
    expect(warnings).toEqual([]);
  });

  it('refuses a non-loopback bind without allowRemote (INVALID_ARGUMENT), allows it with a warning', () => {
    for (const h of ['0.0.0.0', '::', '192.168.1.5', 'example.com'])
      expect(() => resolveBindHost(h, { warn: () => {} })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/--allow-remote/) }));
    const warnings: string[] = [];
    expect(resolveBindHost('0.0.0.0', { allowRemote: true, warn: (m) => warnings.push(m) })).toBe('0.0.0.0');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/WARNING.*0\.0\.0\.0/);
  });

  it('knows loopback from look-alikes', () => {
    for (const h of ['localhost', 'LOCALHOST', '127.0.0.1', '127.255.0.9', '::1', '[::1]', '::ffff:127.0.0.1', 'localhost.'])
      expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ['localhost.evil.com', '127.0.0.1.nip.io', '128.0.0.1', '0.0.0.0', '::', '10.0.0.1', 'evil.com', ''])
      expect(isLoopbackHost(h), h).toBe(false);
  });
});

describe('token', () => {
  it('generates a fresh random token when none is given, and takes --token over LAMB_TOKEN', () => {
    const a = resolveToken(undefined, {});
    const b = resolveToken(undefined, {});
    expect(a.generated).toBe(true);
    expect(a.token).not.toBe(b.token);
    expect(a.token.length).toBeGreaterThanOrEqual(40);
    expect(resolveToken(undefined, { LAMB_TOKEN: token })).toEqual({ token, generated: false });
    expect(resolveToken('given-token-000000000', { LAMB_TOKEN: token })).toEqual({ token: 'given-token-000000000', generated: false });
  });

  it('refuses a short or whitespace token with INVALID_ARGUMENT', () => {
    expect(() => resolveToken('short', {})).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => resolveToken('has a space in it 0123', {})).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('compares tokens of any lengths (no throw from timingSafeEqual) and only equal ones match', () => {
    expect(tokensEqual(token, token)).toBe(true);
    expect(tokensEqual(token + 'x', token)).toBe(false);
    expect(tokensEqual('', token)).toBe(false);
    expect(tokensEqual(token.slice(0, -1) + 'X', token)).toBe(false);
  });

  it('reads only the Bearer scheme, case-insensitively', () => {
    expect(bearerToken(`Bearer ${token}`)).toBe(token);
    expect(bearerToken(`bearer ${token}`)).toBe(token);
    expect(bearerToken(`Basic ${token}`)).toBeUndefined();
    expect(bearerToken(token)).toBeUndefined();
    expect(bearerToken('Bearer ')).toBeUndefined();
    expect(bearerToken(`Bearer ${token} extra`)).toBeUndefined();
  });
});

describe('checkRequest', () => {
  it('lets a loopback Host with the right port, no Origin and the right token in', () => {
    for (const host of ['127.0.0.1:7777', 'localhost:7777', '[::1]:7777']) expect(checkRequest({ ...good, host }, options)).toEqual({ ok: true });
    expect(checkRequest({ ...good, origin: 'http://localhost:6274' }, options)).toEqual({ ok: true });
  });

  it('refuses a missing, wrong-scheme or wrong token with 401', () => {
    expect(checkRequest({ host: good.host }, options)).toMatchObject({ ok: false, status: 401 });
    expect(checkRequest({ ...good, authorization: `Basic ${token}` }, options)).toMatchObject({ ok: false, status: 401 });
    expect(checkRequest({ ...good, authorization: 'Bearer not-the-token-000000' }, options)).toMatchObject({ ok: false, status: 401 });
    expect(checkRequest({ ...good, authorization: token }, options)).toMatchObject({ ok: false, status: 401 });
  });

  it('refuses a rebinding Host, a wrong port, no Host or a malformed one with 403 even with the right token', () => {
    for (const host of ['evil.example:7777', 'evil.example', '127.0.0.1:7778', '127.0.0.1', 'localhost.evil.com:7777', '127.0.0.1:7777@evil', '', 'a b'])
      expect(checkRequest({ ...good, host }, options), host).toMatchObject({ ok: false, status: 403 });
    expect(checkRequest({ authorization: good.authorization }, options)).toMatchObject({ ok: false, status: 403 });
  });

  it('refuses a browser page (a non-loopback Origin, or null) with 403 even with the right token', () => {
    for (const origin of ['https://evil.example', 'http://evil.example:7777', 'null', 'file://', 'chrome-extension://abc', 'http://127.0.0.1.nip.io'])
      expect(checkRequest({ ...good, origin }, options), origin).toMatchObject({ ok: false, status: 403 });
    expect(checkRequest({ ...good, origin: 'https://app.example' }, { ...options, allowedOrigins: ['https://app.example'] })).toEqual({ ok: true });
  });

  it('checks Host and Origin before the token: a page learns nothing about the token', () => {
    expect(checkRequest({ host: 'evil.example:7777' }, options)).toMatchObject({ status: 403 });
    expect(checkRequest({ host: good.host, origin: 'https://evil.example' }, options)).toMatchObject({ status: 403 });
  });

  it('reads the port late (a server on port 0) and with allow-remote accepts listed names and the bind address', () => {
    let port = 0;
    const late: GuardOptions = { token, port: () => port };
    port = 9000;
    expect(checkRequest({ ...good, host: 'localhost:9000' }, late)).toEqual({ ok: true });
    const remote: GuardOptions = { token, port: 7777, bindHost: '192.168.7.7', allowedHosts: ['box.lan'] };
    expect(checkRequest({ ...good, host: '192.168.7.7:7777' }, remote)).toEqual({ ok: true });
    expect(checkRequest({ ...good, host: 'box.lan:7777' }, remote)).toEqual({ ok: true });
    expect(checkRequest({ ...good, host: 'evil.example:7777' }, remote)).toMatchObject({ status: 403 });
  });

  it('parses Host headers: names, IPv4, bracketed IPv6, default port', () => {
    expect(parseHostHeader('LocalHost:80')).toEqual({ name: 'localhost', port: 80 });
    expect(parseHostHeader('[::1]:9')).toEqual({ name: '[::1]', port: 9 });
    expect(parseHostHeader('example.com')).toEqual({ name: 'example.com', port: 80 });
    for (const bad of ['a:b', 'x:99999', '::1:80', 'a/b:1', 'user@host:1']) expect(parseHostHeader(bad), bad).toBeUndefined();
  });
});

describe('the guard in front of a real server on 127.0.0.1', () => {
  let server: Server;
  let port = 0;
  const refusals: string[] = [];
  let upgrades = 0;

  beforeAll(async () => {
    const guard = createHttpGuard({ token, port: () => port }, (r) => refusals.push(r.reason));
    const wss = new WebSocketServer({ noServer: true });
    server = createServer((req, res) => {
      if (guard.guardHttpRequest(req, res)) res.writeHead(200, { 'Content-Type': 'text/plain' }).end('in');
    });
    server.on('upgrade', (req, socket, head) => {
      if (!guard.guardUpgrade(req, socket)) return;
      upgrades++;
      wss.handleUpgrade(req, socket, head, (ws) => ws.send('welcome'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  function get(headers: Record<string, string>): Promise<{ status: number; body: string; www?: string }> {
    return new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/mcp', headers }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode!, body, ...(res.headers['www-authenticate'] ? { www: res.headers['www-authenticate'] } : {}) }));
      });
      req.on('error', reject);
      req.end();
    });
  }

  it('plain HTTP: the right token passes; none gets 401 with WWW-Authenticate and a JSON-RPC error naming ACCESS_DENIED', async () => {
    expect(await get({ Authorization: `Bearer ${token}` })).toMatchObject({ status: 200, body: 'in' });
    const refused = await get({});
    expect(refused.status).toBe(401);
    expect(refused.www).toMatch(/^Bearer/);
    expect(JSON.parse(refused.body)).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32001, data: { code: 'ACCESS_DENIED' } } });
    expect(await get({ Authorization: `Bearer ${token}`, Host: `evil.example:${port}` })).toMatchObject({ status: 403 });
    expect(await get({ Authorization: `Bearer ${token}`, Origin: 'https://evil.example' })).toMatchObject({ status: 403 });
  });

  function connect(headers: Record<string, string>, origin?: string): Promise<{ opened: boolean; status?: number; message?: string }> {
    return new Promise((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/`, { headers, ...(origin ? { origin } : {}) });
      ws.on('message', (data) => {
        resolve({ opened: true, message: data.toString() });
        ws.close();
      });
      ws.on('unexpected-response', (_req, res) => {
        resolve({ opened: false, status: res.statusCode! });
        res.resume();
      });
      ws.on('error', () => resolve({ opened: false }));
    });
  }

  it('WebSocket upgrade: only the right token from a non-browser client with a loopback Host opens', async () => {
    const before = upgrades;
    expect(await connect({ Authorization: `Bearer ${token}` })).toEqual({ opened: true, message: 'welcome' });
    expect(await connect({})).toEqual({ opened: false, status: 401 });
    expect(await connect({ Authorization: 'Bearer wrong-token-0000000000' })).toEqual({ opened: false, status: 401 });
    expect(await connect({ Authorization: `Token ${token}` })).toEqual({ opened: false, status: 401 });
    expect(await connect({ Authorization: `Bearer ${token}` }, 'https://evil.example')).toEqual({ opened: false, status: 403 });
    expect(await connect({ Authorization: `Bearer ${token}`, Host: `evil.example:${port}` })).toEqual({ opened: false, status: 403 });
    expect(upgrades - before).toBe(1);
    expect(refusals.length).toBeGreaterThanOrEqual(5);
  });
});
