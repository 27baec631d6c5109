/**
 * `lamb serve --mcp --http PORT`: MCP Streamable HTTP, stateless: every request gets a new McpServer and
 * transport (sessionIdGenerator undefined), so no protocol state lives in the server. One McpServer cannot
 * serve concurrent per-request transports: the SDK's Server.connect refuses a second transport while one is
 * connected ("Use a separate Server instance per connection", AlreadyConnected), and a reused server would
 * carry one caller's initialize (negotiated version, client capabilities) into another's requests. A server
 * is cheap to build (~0.1 ms: the tools' JSON Schemas are converted once per process, see server.ts). The caller's desktop
 * state (refs, labels, last snapshot) lives in the SessionStore, keyed by the caller:
 *   the bearer token's SHA-256 (only an authenticated caller has a session at all) + the `X-Lamb-Session`
 *   header (optional, default "default"), so two clients sharing one token keep apart by naming themselves.
 * Every request passes the guard first (lib/server/http-guard.ts): loopback Host with the right port, Origin
 * absent or loopback (no DNS rebinding from a web page), and the bearer token (constant-time compare).
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NodeStreamableHTTPServerTransport } from '@modelcontextprotocol/node';
import { DEFAULT_MAX_REQUEST_BODY_SIZE, isJsonContentType } from '@modelcontextprotocol/server';
import { LambError } from '../../model/errors.js';
import { bearerToken, createHttpGuard } from '../http-guard.js';
import { SessionStore, type SessionStoreOptions } from '../session-store.js';
import type { ServerTool, ToolContext } from '../tools/index.js';
import { createMcpServer } from './server.js';

/** The header a caller may send to name its session under a shared token. */
export const SESSION_HEADER = 'x-lamb-session';
const SESSION_NAME = /^[A-Za-z0-9._-]{1,128}$/;

export interface HttpMcpOptions {
  host: string;
  port: number;
  token: string;
  tools: readonly ServerTool<never>[];
  ctx: ToolContext;
  version: string;
  maxSessions?: number;
  allowedHosts?: readonly string[];
  allowedOrigins?: readonly string[];
  log?: (message: string) => void;
  /** Opens a session's Desktop (default: the session store's; tests pass a double). */
  openDesktop?: SessionStoreOptions['open'];
}

export interface HttpMcpService {
  readonly url: string;
  readonly port: number;
  readonly sessions: SessionStore;
  close(): Promise<void>;
}

/** The session key of an (already authenticated) request; a malformed session name is INVALID_ARGUMENT. */
export function sessionKeyOf(req: Pick<IncomingMessage, 'headers'>): string {
  const token = bearerToken(req.headers.authorization) ?? '';
  const raw = req.headers[SESSION_HEADER];
  const name = (Array.isArray(raw) ? raw[0] : raw) ?? 'default';
  if (!SESSION_NAME.test(name)) throw new LambError('INVALID_ARGUMENT', `serve --mcp --http (lamb): ${SESSION_HEADER} must be 1-128 of [A-Za-z0-9._-]`);
  return `${createHash('sha256').update(token).digest('hex')}/${name}`;
}

/**
 * A POST's JSON body, read here from the Node stream and handed to the transport as `parsedBody` (the SDK's
 * own hook for a pre-parsed body): the transport would otherwise read it through a web-standard Request's
 * ReadableStream, ~0.5-1 ms of CPU per request more (measured interleaved, in process). The SDK's checks
 * stay its own: it still refuses a wrong Accept or Content-Type first. Body that is not JSON: undefined, so
 * the transport reads the (drained) stream and answers its own 400 "Parse error: Invalid JSON". Over the SDK's
 * size limit: 'too large' (413, the SDK's message); a Content-Length over it is left to the SDK, unread.
 */
export async function readJsonBody(req: IncomingMessage, maxBytes = DEFAULT_MAX_REQUEST_BODY_SIZE): Promise<{ parsed: unknown } | 'too large' | undefined> {
  if (req.method !== 'POST' || !isJsonContentType(req.headers['content-type'] ?? null) || Number(req.headers['content-length']) > maxBytes) return undefined;
  const chunks: Buffer[] = [];
  let received = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    received += chunk.length;
    if (received > maxBytes) return 'too large';
    chunks.push(chunk);
  }
  try {
    return { parsed: JSON.parse(Buffer.concat(chunks, received).toString('utf8')) as unknown };
  } catch {
    return undefined;
  }
}

export async function startHttpMcp(options: HttpMcpOptions): Promise<HttpMcpService> {
  const store = new SessionStore({
    ...(options.maxSessions === undefined ? {} : { maxSessions: options.maxSessions }),
    ...(options.openDesktop === undefined ? {} : { open: options.openDesktop }),
  });
  let server: Server | undefined;
  const port = () => (server?.address() as AddressInfo | null)?.port ?? options.port;
  const guard = createHttpGuard(
    {
      token: options.token,
      port,
      bindHost: options.host,
      ...(options.allowedHosts ? { allowedHosts: options.allowedHosts } : {}),
      ...(options.allowedOrigins ? { allowedOrigins: options.allowedOrigins } : {}),
    },
    (refusal, req) => options.log?.(`refused ${req.method} ${req.url} from ${req.socket.remoteAddress}: ${refusal.status} ${refusal.reason}`),
  );
  server = createServer((req, res) => {
    if (!guard.guardHttpRequest(req, res)) return;
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/mcp') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: the MCP endpoint is /mcp\n');
      return;
    }
    let key: string;
    try {
      key = sessionKeyOf(req);
    } catch (e) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end(`${(e as Error).message}\n`);
      return;
    }
    // Stateless: a new server and transport for this request only; the caller's state is in the store.
    const mcp = createMcpServer(options.tools, options.ctx, (fn) => store.use(key, fn), options.version);
    const transport = new NodeStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on('close', () => {
      void transport.close().catch(() => undefined);
      void mcp.close().catch(() => undefined);
    });
    void (async () => {
      try {
        const body = await readJsonBody(req);
        if (body === 'too large') {
          res.writeHead(413, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message: `Payload Too Large: Request body must not exceed ${DEFAULT_MAX_REQUEST_BODY_SIZE} bytes` }, id: null }));
          return;
        }
        await mcp.connect(transport);
        await transport.handleRequest(req, res, body?.parsed);
      } catch (e) {
        options.log?.(`request failed: ${(e as Error).message}`);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' }).end('internal error\n');
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server!.once('error', (e: NodeJS.ErrnoException) =>
      reject(new LambError('INVALID_OPERATION', `serve --mcp --http (lamb): cannot listen on ${options.host}:${options.port}: ${e.code ?? e.message}`)),
    );
    server!.listen(options.port, options.host, () => resolve());
  });
  const bound = port();
  const hostPart = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${hostPart}:${bound}/mcp`,
    port: bound,
    sessions: store,
    async close() {
      await new Promise<void>((r) => {
        server!.close(() => r());
        server!.closeAllConnections();
      });
      await store.close();
    },
  };
}
