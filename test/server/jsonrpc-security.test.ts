/**
 * `lamb serve --port` lets no one in uninvited: the real server (the compiled CLI) on the test desktop, probed
 * with the ws client and raw HTTP. Every way of presenting no valid token is refused, and so are a forged
 * Origin (a web page in the user's browser) and a forged Host (DNS rebinding), each with the right token.
 * A non-loopback bind is refused without --allow-remote. The token goes to stderr, never to stdout.
 */
import { request } from 'node:http';
import { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectJsonRpc, UpgradeRefused } from '../../lib/server/jsonrpc/client.js';
import { lamb } from '../helpers/cli.js';
import { serveJsonRpc, type ServedJsonRpc } from '../helpers/serve-jsonrpc.js';

let served: ServedJsonRpc;

beforeAll(async () => {
  served = await serveJsonRpc();
});
afterAll(async () => {
  await served?.stop();
});

/** The HTTP status the server answers an upgrade with (a refusal), or 101 when it let the client in. */
async function upgradeStatus(headers: Record<string, string>, origin?: string): Promise<number> {
  try {
    const client = await connectJsonRpc(served.url, { headers, ...(origin ? { origin } : {}) });
    await client.close();
    return 101;
  } catch (error) {
    if (error instanceof UpgradeRefused) {
      expect(JSON.parse(error.body)).toMatchObject({ jsonrpc: '2.0', id: null, error: { data: { code: 'ACCESS_DENIED' } } });
      return error.status;
    }
    throw error;
  }
}

/** A hand-written upgrade request, for headers a client library would not let us forge (Host). */
function rawUpgrade(lines: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = new Socket();
    let answer = '';
    socket.on('data', (d) => {
      answer += d.toString();
      // The status line and headers are all we look at; a 101 would otherwise stay open.
      if (answer.includes('\r\n\r\n')) (socket.destroy(), resolve(answer));
    });
    socket.on('end', () => resolve(answer));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
    socket.connect(served.port, '127.0.0.1', () =>
      socket.write(
        [...lines, 'Connection: Upgrade', 'Upgrade: websocket', 'Sec-WebSocket-Version: 13', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==', '', ''].join('\r\n'),
      ),
    );
    setTimeout(() => (socket.destroy(), resolve(answer)), 3000);
  });
}

describe('lamb serve --port: authentication', () => {
  it('prints a generated token and the ready line on stderr, nothing on stdout', () => {
    expect(served.token.length).toBeGreaterThanOrEqual(40);
    expect(served.stderr()).toMatch(/lamb: ready: ws:\/\/127\.0\.0\.1:\d+\//);
    expect(served.stdout()).toBe('');
  });

  it('--json: the ready record with the token on stdout, only when asked', async () => {
    const asked = await serveJsonRpc(['--json']);
    try {
      await expect.poll(() => asked.stdout()).toMatch(/\n$/);
      const record = JSON.parse(asked.stdout()) as { url: string; port: number; token: string };
      expect(record).toMatchObject({ url: asked.url, port: asked.port, token: asked.token });
      const client = await connectJsonRpc(record.url, { token: record.token });
      await client.call('windows');
      await client.close();
    } finally {
      await asked.stop();
    }
  });

  it('the right token opens and answers a call', async () => {
    const client = await connectJsonRpc(served.url, { token: served.token });
    expect(await client.call('windows')).toEqual({ windows: expect.any(Array) });
    await client.close();
  });

  it('no Authorization header, a wrong token, the wrong scheme, a token with junk: 401, no session', async () => {
    expect(await upgradeStatus({})).toBe(401);
    expect(await upgradeStatus({ Authorization: 'Bearer wrong-token-that-is-long-enough' })).toBe(401);
    expect(await upgradeStatus({ Authorization: `Bearer ${served.token.slice(0, -1)}` })).toBe(401);
    expect(await upgradeStatus({ Authorization: `Basic ${Buffer.from(`lamb:${served.token}`).toString('base64')}` })).toBe(401);
    expect(await upgradeStatus({ Authorization: `Token ${served.token}` })).toBe(401);
    expect(await upgradeStatus({ Authorization: served.token })).toBe(401);
    expect(await upgradeStatus({ Authorization: `Bearer ${served.token} x` })).toBe(401);
    // The token in the URL is not a credential (it would land in logs and browser history).
    await expect(connectJsonRpc(`${served.url}?token=${served.token}`)).rejects.toMatchObject({ status: 401 });
  });

  it('a plain HTTP request without the token: 401 with WWW-Authenticate: Bearer', async () => {
    const res = await new Promise<{ status: number; www: string | undefined }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: served.port, path: '/' }, (r) => (r.resume(), resolve({ status: r.statusCode!, www: r.headers['www-authenticate'] })));
      req.on('error', reject);
      req.end();
    });
    expect(res).toEqual({ status: 401, www: expect.stringMatching(/^Bearer/) });
  });
});

describe('lamb serve --port: browsers and DNS rebinding', () => {
  it('a forged Origin (a web page) is refused with 403 even with the right token; a loopback one is let in', async () => {
    const auth = { Authorization: `Bearer ${served.token}` };
    for (const origin of ['https://evil.example', `http://evil.example:${served.port}`, 'null', 'http://127.0.0.1.nip.io'])
      expect(await upgradeStatus(auth, origin), origin).toBe(403);
    expect(await upgradeStatus(auth, `http://127.0.0.1:${served.port}`)).toBe(101);
  });

  it('a forged Host (DNS rebinding) is refused with 403 even with the right token', async () => {
    for (const host of [`evil.example:${served.port}`, 'evil.example', `127.0.0.1:${served.port + 1}`, `localhost.evil.example:${served.port}`]) {
      const answer = await rawUpgrade([`GET / HTTP/1.1`, `Host: ${host}`, `Authorization: Bearer ${served.token}`]);
      expect(answer.split('\r\n')[0], host).toBe('HTTP/1.1 403 Forbidden');
    }
    const ok = await rawUpgrade([`GET / HTTP/1.1`, `Host: localhost:${served.port}`, `Authorization: Bearer ${served.token}`]);
    expect(ok.split('\r\n')[0]).toBe('HTTP/1.1 101 Switching Protocols');
  });
});

describe('lamb serve --port: binding', () => {
  it('a non-loopback bind without --allow-remote: exit 2, INVALID_ARGUMENT naming the flag, nothing listened', async () => {
    for (const host of ['0.0.0.0', '::']) {
      const r = await lamb(['serve', '--port', '0', '--host', host], { timeoutMs: 20_000 });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/INVALID_ARGUMENT.*--allow-remote/);
      expect(r.stderr).not.toMatch(/ready/);
      expect(r.stdout).toBe('');
    }
  });

  it('with --allow-remote it listens and warns on stderr, and still wants the token', async () => {
    const remote = await serveJsonRpc(['--host', '0.0.0.0', '--allow-remote']);
    try {
      expect(remote.stderr()).toMatch(/WARNING.*0\.0\.0\.0/);
      await expect(connectJsonRpc(`ws://127.0.0.1:${remote.port}/`)).rejects.toMatchObject({ status: 401 });
      const client = await connectJsonRpc(`ws://127.0.0.1:${remote.port}/`, { token: remote.token });
      await client.call('windows');
      await client.close();
    } finally {
      await remote.stop();
    }
  });

  it('a given token (LAMB_TOKEN) is used and not echoed; a short one is refused', async () => {
    const token = 'given-token-for-the-test-0123456789';
    const given = await serveJsonRpc([], { env: { ...process.env, LAMB_TOKEN: token } });
    try {
      expect(given.stderr()).not.toContain(token);
      const client = await connectJsonRpc(given.url, { token });
      await client.call('windows');
      await client.close();
    } finally {
      await given.stop();
    }
    const short = await lamb(['serve', '--port', '0', '--token', 'short'], { timeoutMs: 20_000 });
    expect(short.code).toBe(2);
    expect(short.stderr).toMatch(/INVALID_ARGUMENT.*token/);
  });

  it('bad limits, port or tool names: exit 2 naming the flag, before anything listens', async () => {
    for (const [args, flag] of [
      [['--rate', '-1'], /--rate/],
      [['--max-sessions', '0'], /--max-sessions/],
      [['--max-message-bytes', 'lots'], /--max-message-bytes/],
      [['--tools', 'windows,nope'], /unknown tool 'nope'/],
    ] as const) {
      const r = await lamb(['serve', '--port', '0', ...args], { timeoutMs: 20_000 });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(flag);
      expect(r.stderr).not.toMatch(/ready/);
    }
    const port = await lamb(['serve', '--port', '70000'], { timeoutMs: 20_000 });
    expect(port.code).toBe(2);
  });
});
