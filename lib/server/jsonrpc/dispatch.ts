/**
 * One JSON-RPC 2.0 message in, its answer out (or none): parsing, batches, notifications, params validated by
 * the method's zod schema, errors as error objects. No sockets here: the WebSocket server (ws-server.ts) hands
 * in text and sends back what this returns, so every rule of the spec is tested without a network.
 *
 * Order: a batch's calls run one after another, in order. The spec allows any order, but these methods act on
 * a desktop: `[act(click), snapshot]` must see the click. Its answers come back in the same order.
 */
import type { z } from 'zod';
import { JsonRpcRequest, errorResponse, resultResponse, type JsonRpcErrorObject, type JsonRpcId, type JsonRpcResponse } from './protocol.js';
import { invalidParams, invalidRequest, methodNotFound, parseError, thrownError } from './rpc-errors.js';
import { JsonRpcErrorCode } from './protocol.js';

/** A method: its params' schema (a flat object) and what it does with parsed params. */
export interface RpcMethod<Ctx> {
  params: z.ZodType;
  run(params: unknown, ctx: Ctx): Promise<unknown>;
}
export type MethodTable<Ctx> = ReadonlyMap<string, RpcMethod<Ctx>>;

export interface DispatchOptions {
  /** Most calls in one batch (each still counts against the rate). */
  maxBatch: number;
  /** Asked once per call before it runs: an error object refuses it (the rate limit). */
  admit?: () => JsonRpcErrorObject | undefined;
}

/** The answer to one WebSocket message: text to send, or undefined (only notifications). */
export async function handleText<Ctx>(text: string, methods: MethodTable<Ctx>, ctx: Ctx, options: DispatchOptions): Promise<string | undefined> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return JSON.stringify(errorResponse(null, parseError((error as Error).message)));
  }
  const answer = await handleValue(value, methods, ctx, options);
  return answer === undefined ? undefined : serialize(answer);
}

/** The answer to one parsed message: a response, an array of them (batch), or undefined. */
export async function handleValue<Ctx>(
  value: unknown,
  methods: MethodTable<Ctx>,
  ctx: Ctx,
  options: DispatchOptions,
): Promise<JsonRpcResponse | JsonRpcResponse[] | undefined> {
  if (!Array.isArray(value)) return handleCall(value, methods, ctx, options);
  if (value.length === 0) return errorResponse(null, invalidRequest('an empty batch'));
  if (value.length > options.maxBatch) return errorResponse(null, invalidRequest(`a batch of ${value.length} calls; at most ${options.maxBatch}`));
  const answers: JsonRpcResponse[] = [];
  for (const item of value) {
    const answer = await handleCall(item, methods, ctx, options);
    if (answer !== undefined) answers.push(answer);
  }
  // A batch of notifications only gets no answer at all (spec: "nothing at all"), not an empty array.
  return answers.length === 0 ? undefined : answers;
}

/** The id to answer an invalid request with: its own when that is a valid id, else null (spec). */
function salvageId(value: unknown): JsonRpcId {
  if (typeof value !== 'object' || value === null || !('id' in value)) return null;
  const id = (value as { id: unknown }).id;
  return typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id)) ? id : null;
}

function describeRequestIssues(error: z.ZodError): string {
  return error.issues
    .map((i) => {
      const where = i.path.length ? String(i.path[0]) : 'the message';
      if (i.code === 'unrecognized_keys') return `unknown member${i.keys.length > 1 ? 's' : ''} ${i.keys.map((k) => JSON.stringify(k)).join(', ')}`;
      if (where === 'jsonrpc') return 'jsonrpc must be "2.0"';
      if (where === 'method') return 'method must be a string';
      if (where === 'id') return 'id must be a string, a number or null';
      if (where === 'params') return 'params must be an object or an array';
      return `${where}: ${i.message}`;
    })
    .join('; ');
}

async function handleCall<Ctx>(value: unknown, methods: MethodTable<Ctx>, ctx: Ctx, options: DispatchOptions): Promise<JsonRpcResponse | undefined> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return errorResponse(null, invalidRequest(`expected a request object, got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`));
  const parsed = JsonRpcRequest.safeParse(value);
  if (!parsed.success) return errorResponse(salvageId(value), invalidRequest(describeRequestIssues(parsed.error)));
  const request = parsed.data;
  const notification = !('id' in request) || request.id === undefined;
  const id: JsonRpcId = notification ? null : request.id!;
  const answer = await runCall(request, methods, ctx, options);
  // A notification is never answered, not even with an error (spec 4.1).
  if (notification) return undefined;
  return 'error' in answer ? errorResponse(id, answer.error) : resultResponse(id, answer.result);
}

async function runCall<Ctx>(
  request: JsonRpcRequest,
  methods: MethodTable<Ctx>,
  ctx: Ctx,
  options: DispatchOptions,
): Promise<{ result: unknown } | { error: JsonRpcErrorObject }> {
  const refused = options.admit?.();
  if (refused) return { error: refused };
  const method = methods.get(request.method);
  if (!method) return { error: methodNotFound(request.method, [...methods.keys()]) };
  if (Array.isArray(request.params))
    return {
      error: {
        code: JsonRpcErrorCode.InvalidParams,
        message: `Invalid params of ${request.method}: params must be an object of named parameters, not an array`,
        data: { code: 'INVALID_ARGUMENT' },
      },
    };
  const params = method.params.safeParse(request.params ?? {});
  if (!params.success) return { error: invalidParams(request.method, params.error) };
  try {
    return { result: (await method.run(params.data, ctx)) ?? null };
  } catch (error) {
    return { error: thrownError(error) };
  }
}

/** JSON text of an answer; a result JSON cannot carry (a BigInt, a cycle) becomes an internal error, not a throw. */
function serialize(answer: JsonRpcResponse | JsonRpcResponse[]): string {
  const one = (r: JsonRpcResponse): string => {
    try {
      return JSON.stringify(r);
    } catch (error) {
      return JSON.stringify(errorResponse(r.id, thrownError(new Error(`the result is not JSON: ${(error as Error).message}`))));
    }
  };
  return Array.isArray(answer) ? `[${answer.map(one).join(',')}]` : one(answer);
}
