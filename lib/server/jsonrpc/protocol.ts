/**
 * JSON-RPC 2.0 (https://www.jsonrpc.org/specification) as lam-bridge speaks it over WebSocket: the message
 * shapes (zod, the single source of truth) and the error codes. The spec's reserved codes keep their meaning;
 * the server-error range -32000..-32099 carries lam-bridge's own failures, always with the stable LambError
 * code in `error.data.code` (docs/ARCHITECTURE.md "Errors": codes are the API).
 */
import type { z } from 'zod';
import { lazy } from '../../model/lazy-schema.js';

export const JsonRpcErrorCode = {
  /** The text is not JSON. */
  ParseError: -32700,
  /** JSON, but not a request object (or an empty batch). */
  InvalidRequest: -32600,
  MethodNotFound: -32601,
  /** The params fail the method's schema (`data.issues` lists zod's issues), or the call's input is bad. */
  InvalidParams: -32602,
  /** A bug: not a LambError. */
  InternalError: -32603,
  /** The method ran and failed with a LambError: `data.code` is its code. */
  ServerError: -32000,
  /** Refused at the door (http-guard): no or wrong token, wrong Host or Origin. Sent as an HTTP body. */
  Unauthorized: -32001,
  /** Over this connection's request rate: `data.retryAfterMs` says when the next one is accepted. */
  RateLimited: -32002,
} as const;
export type JsonRpcErrorCode = (typeof JsonRpcErrorCode)[keyof typeof JsonRpcErrorCode];

/** A request id: the spec allows a string, a number or null (null is discouraged but legal). */
export const JsonRpcId = lazy((z) => z.union([z.string(), z.number(), z.null()]));
export type JsonRpcId = z.infer<typeof JsonRpcId>;

/**
 * A request or notification. `id` absent = a notification (no answer, even on error). Params by name only:
 * every method takes one flat object like the MCP tools, so a positional array is refused as invalid params,
 * not as an invalid request (the spec allows arrays structurally).
 */
export const JsonRpcRequest = lazy((z) =>
  z
    .object({
      jsonrpc: z.literal('2.0'),
      method: z.string(),
      params: z.union([z.record(z.string(), z.unknown()), z.array(z.unknown())]).optional(),
      id: JsonRpcId.optional(),
    })
    .strict(),
);
export type JsonRpcRequest = z.infer<typeof JsonRpcRequest>;

export const JsonRpcErrorObject = lazy((z) =>
  z.object({
    code: z.number().int(),
    message: z.string(),
    data: z.unknown().optional(),
  }),
);
export type JsonRpcErrorObject = z.infer<typeof JsonRpcErrorObject>;

export const JsonRpcResponse = lazy((z) =>
  z.union([
    z.object({ jsonrpc: z.literal('2.0'), id: JsonRpcId, result: z.unknown() }).strict(),
    z.object({ jsonrpc: z.literal('2.0'), id: JsonRpcId, error: JsonRpcErrorObject }).strict(),
  ]),
);
export type JsonRpcResponse =
  | { jsonrpc: '2.0'; id: JsonRpcId; result: unknown }
  | { jsonrpc: '2.0'; id: JsonRpcId; error: JsonRpcErrorObject };

export function resultResponse(id: JsonRpcId, result: unknown): JsonRpcResponse {
  return { jsonrpc: '2.0', id, result };
}

export function errorResponse(id: JsonRpcId, error: JsonRpcErrorObject): JsonRpcResponse {
  return { jsonrpc: '2.0', id, error };
}
