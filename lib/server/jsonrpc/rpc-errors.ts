/**
 * Builds JSON-RPC error objects. Every error object lam-bridge sends has `data.code`, a LambError code
 * (lib/model/errors.ts), so a client branches on one field whatever the JSON-RPC code: the protocol-level
 * errors say INVALID_ARGUMENT (the caller sent something wrong) or INTERNAL (a bug).
 */
import type { z } from 'zod';
import { LambError, type ErrorCode } from '../../model/errors.js';
import { JsonRpcErrorCode, type JsonRpcErrorObject } from './protocol.js';

export interface RpcErrorData {
  code: ErrorCode;
  detail?: string;
  /** -32602: zod's issues of the params, path and message each. */
  issues?: { path: (string | number)[]; message: string; code: string }[];
  /** -32002: when the next request will be accepted. */
  retryAfterMs?: number;
}

function object(code: JsonRpcErrorCode, message: string, data: RpcErrorData): JsonRpcErrorObject {
  return { code, message, data };
}

export function parseError(detail: string): JsonRpcErrorObject {
  return object(JsonRpcErrorCode.ParseError, `Parse error: ${detail}`, { code: 'INVALID_ARGUMENT' });
}

export function invalidRequest(why: string): JsonRpcErrorObject {
  return object(JsonRpcErrorCode.InvalidRequest, `Invalid Request: ${why}`, { code: 'INVALID_ARGUMENT' });
}

export function methodNotFound(method: string, known: readonly string[]): JsonRpcErrorObject {
  return object(JsonRpcErrorCode.MethodNotFound, `Method not found: '${method}'; methods: ${known.join(', ')}`, { code: 'INVALID_ARGUMENT' });
}

/** -32602 from the params' schema: the message lists the issues as "path: message", data has them whole. */
export function invalidParams(method: string, error: z.ZodError): JsonRpcErrorObject {
  const issues = error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), message: i.message, code: i.code }));
  const text = issues.map((i) => `${i.path.length ? i.path.join('.') : '(params)'}: ${i.message}`).join('; ');
  return object(JsonRpcErrorCode.InvalidParams, `Invalid params of ${method}: ${text}`, { code: 'INVALID_ARGUMENT', issues });
}

export function rateLimited(retryAfterMs: number, limit: string): JsonRpcErrorObject {
  return object(JsonRpcErrorCode.RateLimited, `Rate limited: ${limit}; retry in ${retryAfterMs} ms`, { code: 'INVALID_OPERATION', retryAfterMs });
}

/**
 * What a method threw. A LambError INVALID_ARGUMENT is the caller's input (an action that does not parse, an
 * unknown ref) → -32602; any other LambError → -32000; anything else is a bug → -32603, message kept (it is
 * the server's own process, nothing secret), stack not sent.
 */
export function thrownError(error: unknown): JsonRpcErrorObject {
  if (error instanceof LambError) {
    const data: RpcErrorData = error.detail === undefined ? { code: error.code } : { code: error.code, detail: error.detail };
    const code = error.code === 'INVALID_ARGUMENT' ? JsonRpcErrorCode.InvalidParams : JsonRpcErrorCode.ServerError;
    return object(code, error.message, data);
  }
  const message = error instanceof Error ? error.message : String(error);
  return object(JsonRpcErrorCode.InternalError, `Internal error: ${message}`, { code: 'INTERNAL' });
}
