/**
 * JSON-RPC 2.0 over WebSocket: a Node http server whose upgrades pass the shared guard (http-guard.ts) and the
 * session cap, then one session per connection (the caller's `openSession`: for lamb, its own Desktop, refs
 * and labels), messages dispatched by dispatch.ts one after another per connection.
 *
 * Why each connection's messages are serialized: they drive one desktop session, and an agent pipelining
 * `act` then `snapshot` means that order. Connections run side by side.
 *
 * Limits (limits.ts), each confined to the connection that breaks it:
 * - message size: ws's maxPayload. ws stops reading a frame over it and closes that connection with 1009
 *   (Message Too Big) before buffering it; the other connections see nothing.
 * - request rate: a token bucket per connection; a call over it is answered -32002 and not run. Messages queued
 *   behind a slow call are bounded by the burst: past it they are answered -32002 at once, not queued.
 * - sessions: at most maxSessions connections; the next upgrade is answered HTTP 503 before any session opens.
 * - idle: a connection silent for idleTimeoutMs (and with no call running) is closed with 1001.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { createHttpGuard, type GuardOptions } from '../http-guard.js';
import { handleText, type MethodTable } from './dispatch.js';
import type { JsonRpcLimits } from './limits.js';
import { TokenBucket } from './rate-limit.js';
import { rateLimited } from './rpc-errors.js';

export interface WsRpcServerOptions<Ctx> {
  /** The address to bind, already through resolveBindHost (loopback unless allow-remote). */
  host: string;
  /** 0 picks a free port. */
  port: number;
  token: string;
  limits: JsonRpcLimits;
  methods: MethodTable<Ctx>;
  /** A new session for a new connection; it is closed with the connection. */
  openSession(connectionId: string): Promise<Ctx> | Ctx;
  closeSession(ctx: Ctx, connectionId: string): Promise<void> | void;
  allowedHosts?: readonly string[];
  allowedOrigins?: readonly string[];
  /** Progress and refusals (stderr). */
  log?: (message: string) => void;
}

export interface WsRpcServer {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** Open connections (= sessions) now. */
  readonly connections: number;
  close(): Promise<void>;
}

/** An upgrade answered before the WebSocket handshake (the session cap): same body shape as the guard's. */
function refuseUpgrade(socket: Duplex, status: number, text: string, message: string): void {
  const body = JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32000, message, data: { code: 'INVALID_OPERATION' } } });
  socket.on('error', () => {});
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nRetry-After: 1\r\nConnection: close\r\n\r\n${body}`,
  );
}

export async function startWsRpcServer<Ctx>(options: WsRpcServerOptions<Ctx>): Promise<WsRpcServer> {
  const log = options.log ?? (() => {});
  const { limits } = options;
  let port = options.port;
  const guardOptions: GuardOptions = {
    token: options.token,
    port: () => port,
    bindHost: options.host,
    ...(options.allowedHosts ? { allowedHosts: options.allowedHosts } : {}),
    ...(options.allowedOrigins ? { allowedOrigins: options.allowedOrigins } : {}),
  };
  const guard = createHttpGuard(guardOptions, (refusal, req) => log(`refused ${req.socket.remoteAddress ?? '?'}: ${refusal.status} ${refusal.reason}`));
  // perMessageDeflate off (ws's server default, said here on purpose): a compressed frame could inflate past
  // maxPayload's intent, and JSON-RPC on loopback gains nothing from compression.
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxMessageBytes, perMessageDeflate: false });
  /** Connections admitted (upgrading or open): the session cap counts from the upgrade, not the open. */
  let admitted = 0;
  const closing = new Set<Promise<void>>();

  const server: Server = createServer((req, res) => {
    if (!guard.guardHttpRequest(req, res)) return;
    const body = JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32600, message: 'Invalid Request: this is a JSON-RPC over WebSocket server; upgrade to WebSocket', data: { code: 'INVALID_ARGUMENT' } } });
    res.writeHead(426, { 'Content-Type': 'application/json', Upgrade: 'websocket', Connection: 'Upgrade' }).end(body);
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!guard.guardUpgrade(req, socket)) return;
    if (admitted >= limits.maxSessions) {
      log(`refused a connection: ${admitted} sessions open, the limit is ${limits.maxSessions}`);
      refuseUpgrade(socket, 503, 'Service Unavailable', `Too many sessions: at most ${limits.maxSessions} connections at once`);
      return;
    }
    admitted++;
    let counted = true;
    const release = () => {
      if (counted) (counted = false), admitted--;
    };
    socket.once('close', release);
    wss.handleUpgrade(req, socket, head, (ws) => serveConnection(ws, release));
  });

  function serveConnection(ws: WebSocket, release: () => void): void {
    const id = randomUUID();
    const bucket = new TokenBucket({ perSecond: limits.requestsPerSecond, burst: limits.burst });
    const admit = () => {
      const wait = bucket.take();
      return wait === 0 ? undefined : rateLimited(wait, `${limits.requestsPerSecond} calls/s, bursts of ${limits.burst}`);
    };
    const refuseAll = () => rateLimited(Math.ceil(1000 / limits.requestsPerSecond), `at most ${limits.burst} messages waiting per connection`);
    const session = Promise.resolve().then(() => options.openSession(id));
    let queued = 0;
    let chain: Promise<unknown> = session;
    let open = true;

    const send = (text: string | undefined) => {
      if (text !== undefined && open) ws.send(text);
    };

    // Re-armed by every message; a long call does not count as idle (the timer fires only with none queued).
    let idle: NodeJS.Timeout;
    const armIdle = () => {
      clearTimeout(idle);
      idle = setTimeout(() => {
        if (queued > 0) return armIdle();
        log(`connection ${id}: idle for ${limits.idleTimeoutMs} ms, closing`);
        ws.close(1001, 'idle');
      }, limits.idleTimeoutMs);
      idle.unref();
    };
    armIdle();

    ws.on('message', (data: RawData) => {
      armIdle();
      const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
      if (queued >= limits.burst) {
        // Answered now, not queued: a flood cannot grow this connection's memory behind one slow call.
        void session.then((ctx) => handleText(text, options.methods, ctx, { maxBatch: limits.maxBatch, admit: refuseAll })).then(send, () => {});
        return;
      }
      queued++;
      chain = chain
        .then(() => session)
        .then((ctx) => handleText(text, options.methods, ctx, { maxBatch: limits.maxBatch, admit }))
        .then(send)
        .catch((error: unknown) => log(`connection ${id}: ${(error as Error)?.message ?? String(error)}`))
        .finally(() => queued--);
    });

    // ws reports protocol breaches here (an oversize frame: WS_ERR_UNSUPPORTED_MESSAGE_LENGTH, then it closes
    // with 1009). Without a listener the error would be thrown and take the whole server down.
    ws.on('error', (error: Error & { code?: string }) => log(`connection ${id}: ${error.code ?? 'error'}: ${error.message}`));

    ws.on('close', (code) => {
      open = false;
      clearTimeout(idle);
      release();
      log(`connection ${id} closed (${code})`);
      // The session closes after the calls already running (they hold its Desktop).
      const done = chain
        .then(() => session)
        .then((ctx) => options.closeSession(ctx, id))
        .catch((error: unknown) => log(`connection ${id}: closing its session: ${(error as Error)?.message ?? String(error)}`))
        .finally(() => closing.delete(done));
      closing.add(done);
    });

    session.catch((error: unknown) => {
      log(`connection ${id}: no session: ${(error as Error)?.message ?? String(error)}`);
      ws.close(1011, 'no session');
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const urlHost = options.host.includes(':') && !options.host.startsWith('[') ? `[${options.host}]` : options.host;

  return {
    url: `ws://${urlHost}:${port}/`,
    host: options.host,
    port,
    get connections() {
      return admitted;
    },
    async close() {
      const clients = [...wss.clients];
      const closed = clients.map((ws) => new Promise<void>((resolve) => (ws.readyState === ws.CLOSED ? resolve() : ws.once('close', () => resolve()))));
      for (const ws of clients) ws.close(1001, 'server closing');
      // A client that does not answer the closing handshake within a second is cut off.
      const cut = setTimeout(() => clients.forEach((ws) => ws.terminate()), 1000);
      await Promise.all(closed);
      clearTimeout(cut);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all([...closing]);
    },
  };
}
