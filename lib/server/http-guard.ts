/**
 * The front door shared by every network server of lam-bridge (MCP Streamable HTTP and JSON-RPC over WebSocket).
 * The servers drive the user's desktop, so whoever reaches them can click anything: a request is let in only
 * when all of these hold (each refusal is a LambError ACCESS_DENIED with an HTTP status):
 *
 * - Bind: loopback unless the caller passed the explicit allow-remote flag, which prints a warning
 *   (`resolveBindHost`). A non-loopback bind without it is INVALID_ARGUMENT before any socket opens.
 * - Host: a loopback name (or, with allow-remote, this machine's own addresses and any listed names) with the
 *   server's port. This defeats DNS rebinding: a page on evil.example whose name later resolves to 127.0.0.1
 *   still sends `Host: evil.example`.
 * - Origin: absent (native clients do not send one) or a loopback origin. Browsers always send Origin on
 *   WebSocket upgrades and cross-origin fetches, so a web page in the user's browser is refused even when its
 *   Host is right; `null` (sandboxed frames, file://) is refused too.
 * - Authorization: `Bearer <token>`, compared in constant time on SHA-256 digests (timingSafeEqual needs equal
 *   lengths; hashing first also hides the token's length).
 *
 * Host and Origin are checked before the token so that a browser page learns nothing about the token from
 * the answer. `checkRequest` is pure over the request's headers; `guardHttpRequest` answers a plain
 * http.ServerResponse and `guardUpgrade` a raw socket of an `upgrade` event (before ws.handleUpgrade).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import { hostname, networkInterfaces } from 'node:os';
import type { Duplex } from 'node:stream';
import { LambError } from '../model/errors.js';

/** Where a refusal stops a request. 401 = no or wrong credentials, 403 = a request from the wrong place. */
export type GuardRefusal = { ok: false; status: 401 | 403; reason: string };
export type GuardVerdict = { ok: true } | GuardRefusal;

export interface GuardOptions {
  /** The bearer token every request must carry. */
  token: string;
  /** The port the server listens on: a function when it is only known after listen (port 0). */
  port: number | (() => number);
  /** The address the server binds (after `resolveBindHost`); a non-loopback one widens the accepted Host names. */
  bindHost?: string;
  /** Extra Host names (without port) accepted besides loopback ones, e.g. a DNS name with --allow-remote. */
  allowedHosts?: readonly string[];
  /** Extra exact origins (scheme://host[:port]) accepted besides loopback ones. */
  allowedOrigins?: readonly string[];
}

/** Shortest token accepted from --token / LAMB_TOKEN: a bearer token is the whole of the authentication. */
export const MIN_TOKEN_LENGTH = 16;

/** Loopback names and addresses: localhost, 127.0.0.0/8, ::1 and IPv4-mapped 127.x (brackets allowed). */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
  if (h === 'localhost') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || h === '0:0:0:0:0:0:0:1' || /^::ffff:127\./.test(h);
  return false;
}

export interface BindOptions {
  allowRemote?: boolean;
  /** Where the warning goes; stderr by default (stdout may be a protocol). */
  warn?: (message: string) => void;
}

/**
 * The address to bind: 127.0.0.1 when none is given; a non-loopback address only with allowRemote, and then
 * with a warning, because anyone who can reach it and has the token drives this desktop.
 */
export function resolveBindHost(host: string | undefined, options: BindOptions = {}): string {
  const bind = host === undefined || host === '' ? '127.0.0.1' : host;
  if (isLoopbackHost(bind)) return bind;
  if (!options.allowRemote)
    throw new LambError('INVALID_ARGUMENT', `serve (bind): ${bind} is not a loopback address; pass --allow-remote to listen on it`);
  const warn = options.warn ?? ((m: string) => process.stderr.write(m + '\n'));
  warn(`lamb: WARNING: listening on ${bind}, reachable from other machines: anyone with the token can drive this desktop`);
  return bind;
}

/**
 * The token: the one given (--token, else env LAMB_TOKEN) or a fresh random one. `generated` says whether the
 * caller must print it for the user (on stderr).
 */
export function resolveToken(given: string | undefined, env: NodeJS.ProcessEnv = process.env): { token: string; generated: boolean } {
  const token = given ?? env['LAMB_TOKEN'];
  if (token === undefined || token === '') return { token: randomBytes(32).toString('base64url'), generated: true };
  if (token.length < MIN_TOKEN_LENGTH)
    throw new LambError('INVALID_ARGUMENT', `serve (token): a token needs at least ${MIN_TOKEN_LENGTH} characters, got ${token.length}`);
  if (/\s/.test(token)) throw new LambError('INVALID_ARGUMENT', 'serve (token): a token may not contain whitespace');
  return { token, generated: false };
}

/** Constant-time equality of two secrets of any lengths (digests first: timingSafeEqual needs equal lengths). */
export function tokensEqual(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/** The token of an `Authorization: Bearer <token>` header (scheme case-insensitive, RFC 7235), else undefined. */
export function bearerToken(authorization: string | undefined): string | undefined {
  if (authorization === undefined) return undefined;
  const match = /^Bearer +(\S+) *$/i.exec(authorization);
  return match?.[1];
}

/** Splits a Host header into name and port; undefined when malformed. No port means the scheme's default 80. */
export function parseHostHeader(value: string): { name: string; port: number } | undefined {
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:[\]\s/@]+)(?::(\d{1,5}))?$/.exec(value.trim());
  if (!match) return undefined;
  const port = match[2] === undefined ? 80 : Number(match[2]);
  if (port > 65535) return undefined;
  return { name: match[1]!.toLowerCase(), port };
}

/** Host names that reach this machine from outside: used only when bound to a non-loopback address. */
function ownAddresses(bindHost: string): Set<string> {
  const names = new Set<string>();
  const wildcard = bindHost === '0.0.0.0' || bindHost === '::' || bindHost === '[::]';
  if (!wildcard) names.add(bindHost.toLowerCase().replace(/^\[(.*)\]$/, '$1'));
  else {
    for (const list of Object.values(networkInterfaces())) for (const info of list ?? []) names.add(info.address.toLowerCase());
    names.add(hostname().toLowerCase());
  }
  return names;
}

/**
 * Checks one request's headers: Host, then Origin, then the bearer token. Pure apart from reading the
 * machine's addresses when bound to a non-loopback address.
 */
export function checkRequest(headers: IncomingHttpHeaders, options: GuardOptions): GuardVerdict {
  const port = typeof options.port === 'function' ? options.port() : options.port;
  const hostValue = headers.host;
  if (hostValue === undefined || hostValue === '') return { ok: false, status: 403, reason: 'no Host header' };
  const host = parseHostHeader(hostValue);
  if (!host) return { ok: false, status: 403, reason: `malformed Host header '${hostValue}'` };
  const bare = host.name.replace(/^\[(.*)\]$/, '$1');
  const remoteNames = options.bindHost !== undefined && !isLoopbackHost(options.bindHost) ? ownAddresses(options.bindHost) : undefined;
  const nameAllowed =
    isLoopbackHost(host.name) ||
    (remoteNames?.has(bare) ?? false) ||
    (options.allowedHosts ?? []).some((h) => h.toLowerCase() === bare);
  if (!nameAllowed || host.port !== port)
    return { ok: false, status: 403, reason: `Host '${hostValue}' is not this server (expected localhost:${port})` };

  const origin = headers.origin;
  if (origin !== undefined && !originAllowed(origin, options.allowedOrigins ?? []))
    return { ok: false, status: 403, reason: `Origin '${origin}' may not connect: browser pages are refused` };

  const auth = headers.authorization;
  if (auth === undefined) return { ok: false, status: 401, reason: 'no Authorization header: send "Authorization: Bearer <token>"' };
  const presented = bearerToken(auth);
  if (presented === undefined) return { ok: false, status: 401, reason: 'Authorization is not "Bearer <token>"' };
  if (!tokensEqual(presented, options.token)) return { ok: false, status: 401, reason: 'wrong bearer token' };
  return { ok: true };
}

/** A loopback http(s) origin (any port: a local tool such as an MCP inspector page) or one listed exactly. */
function originAllowed(origin: string, allowed: readonly string[]): boolean {
  if (allowed.includes(origin)) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // 'null' and garbage
  }
  return (url.protocol === 'http:' || url.protocol === 'https:') && isLoopbackHost(url.hostname);
}

/** The error a refusal stands for (ACCESS_DENIED), e.g. for logs. */
export function refusalError(refusal: GuardRefusal): LambError {
  return new LambError('ACCESS_DENIED', `serve (http guard): ${refusal.reason}`);
}

/** The body of a refusal: a JSON-RPC error (both servers speak JSON-RPC) carrying the LambError code. */
function refusalBody(refusal: GuardRefusal): string {
  const error = refusalError(refusal);
  return JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32001, message: error.message, data: { code: error.code } } });
}

function refusalHeaders(refusal: GuardRefusal, body: string): Record<string, string> {
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'Content-Length': String(Buffer.byteLength(body)),
    Connection: 'close',
  };
  if (refusal.status === 401) headers['WWW-Authenticate'] = 'Bearer realm="lamb"';
  return headers;
}

export type GuardLog = (refusal: GuardRefusal, req: IncomingMessage) => void;

/** The guard of one server: check a plain request (MCP HTTP) or a WebSocket upgrade, answering refusals itself. */
export interface HttpGuard {
  check(req: IncomingMessage): GuardVerdict;
  /** True when `req` may proceed; otherwise the refusal has been written to `res` and ended. */
  guardHttpRequest(req: IncomingMessage, res: ServerResponse): boolean;
  /** True when the upgrade may proceed; otherwise an HTTP refusal has been written to `socket` and it is closed. */
  guardUpgrade(req: IncomingMessage, socket: Duplex): boolean;
}

export function createHttpGuard(options: GuardOptions, log?: GuardLog): HttpGuard {
  const check = (req: IncomingMessage): GuardVerdict => checkRequest(req.headers, options);
  return {
    check,
    guardHttpRequest(req, res) {
      const verdict = check(req);
      if (verdict.ok) return true;
      log?.(verdict, req);
      const body = refusalBody(verdict);
      res.writeHead(verdict.status, refusalHeaders(verdict, body)).end(body);
      return false;
    },
    guardUpgrade(req, socket) {
      const verdict = check(req);
      if (verdict.ok) return true;
      log?.(verdict, req);
      const body = refusalBody(verdict);
      const head = Object.entries(refusalHeaders(verdict, body)).map(([k, v]) => `${k}: ${v}\r\n`).join('');
      const statusText = verdict.status === 401 ? 'Unauthorized' : 'Forbidden';
      // A raw socket: nothing of HTTP is written for us. Ignore write errors of a client already gone.
      socket.on('error', () => {});
      socket.end(`HTTP/1.1 ${verdict.status} ${statusText}\r\n${head}\r\n${body}`);
      return false;
    },
  };
}
