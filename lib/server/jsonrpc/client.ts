/**
 * A small JSON-RPC 2.0 over WebSocket client for `lamb serve --port`: what the tests and bench/jsonrpc.bench.ts
 * drive the server with, and a reference for clients in other languages (it does nothing a ws client plus
 * an id counter would not). A call resolves with the result, or rejects with a JsonRpcCallError carrying the
 * error object (its `data.code` is the LambError code).
 */
import { WebSocket } from 'ws';
import type { JsonRpcErrorObject, JsonRpcResponse } from './protocol.js';

export class JsonRpcCallError extends Error {
  readonly rpc: JsonRpcErrorObject;
  constructor(method: string, error: JsonRpcErrorObject) {
    super(`${method}: ${error.message}`);
    this.name = 'JsonRpcCallError';
    this.rpc = error;
  }
  /** The LambError code in error.data. */
  get code(): string | undefined {
    return (this.rpc.data as { code?: string } | undefined)?.code;
  }
}

export interface JsonRpcClient {
  readonly ws: WebSocket;
  call<T = unknown>(method: string, params?: Record<string, unknown>): Promise<T>;
  notify(method: string, params?: Record<string, unknown>): void;
  /** Sends raw text (tests of malformed input) and resolves with the next message, parsed. */
  raw(text: string): Promise<unknown>;
  /** Resolves with the close code once the connection is closed. */
  readonly closed: Promise<number>;
  close(): Promise<number>;
}

export interface ConnectOptions {
  token?: string;
  headers?: Record<string, string>;
  origin?: string;
  /** Largest message accepted from the server (a big snapshot): default 64 MiB. */
  maxPayload?: number;
}

/** An HTTP refusal of the upgrade (401, 403, 503): the status and the JSON-RPC error body. */
export class UpgradeRefused extends Error {
  readonly status: number;
  readonly body: string;
  constructor(status: number, body: string) {
    super(`the server refused the connection: HTTP ${status} ${body}`);
    this.name = 'UpgradeRefused';
    this.status = status;
    this.body = body;
  }
}

export function connectJsonRpc(url: string, options: ConnectOptions = {}): Promise<JsonRpcClient> {
  const headers = { ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}), ...options.headers };
  const ws = new WebSocket(url, { headers, maxPayload: options.maxPayload ?? 64 * 1024 * 1024, ...(options.origin ? { origin: options.origin } : {}) });
  const pending = new Map<number | string, { resolve: (r: JsonRpcResponse) => void }>();
  const rawWaiters: ((v: unknown) => void)[] = [];
  let next = 1;
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));

  ws.on('message', (data) => {
    let message: unknown;
    try {
      message = JSON.parse(data.toString());
    } catch {
      message = data.toString();
    }
    const waiter = rawWaiters.shift();
    if (waiter) return waiter(message);
    for (const m of (Array.isArray(message) ? message : [message]) as JsonRpcResponse[]) {
      const p = m && typeof m === 'object' && m.id !== null ? pending.get(m.id) : undefined;
      if (p) {
        pending.delete(m.id!);
        p.resolve(m);
      }
    }
  });

  return new Promise((resolve, reject) => {
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => reject(new UpgradeRefused(res.statusCode ?? 0, body)));
    });
    ws.once('error', reject);
    ws.once('open', () => {
      ws.off('error', reject);
      // Later errors surface as the close code; a listener keeps them from being thrown.
      ws.on('error', () => {});
      void closed.then((code) => {
        for (const [, p] of pending) p.resolve({ jsonrpc: '2.0', id: null, error: { code: -32000, message: `connection closed (${code})`, data: { code: 'INTERNAL' } } });
        pending.clear();
      });
      resolve({
        ws,
        closed,
        call<T>(method: string, params?: Record<string, unknown>): Promise<T> {
          const id = next++;
          return new Promise<JsonRpcResponse>((done) => {
            pending.set(id, { resolve: done });
            ws.send(JSON.stringify({ jsonrpc: '2.0', method, ...(params ? { params } : {}), id }));
          }).then((r) => {
            if ('error' in r) throw new JsonRpcCallError(method, r.error);
            return r.result as T;
          });
        },
        notify(method, params) {
          ws.send(JSON.stringify({ jsonrpc: '2.0', method, ...(params ? { params } : {}) }));
        },
        raw(text) {
          return new Promise((done) => {
            rawWaiters.push(done);
            ws.send(text);
          });
        },
        close() {
          ws.close();
          return closed;
        },
      });
    });
  });
}
