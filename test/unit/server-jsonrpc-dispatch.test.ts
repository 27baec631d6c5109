/**
 * lib/server/jsonrpc/dispatch.ts against the JSON-RPC 2.0 specification's own examples (section 7) and the
 * rules lam-bridge adds: named params validated by zod with the issues in data, LambErrors mapped to server
 * errors with their code, batches run in order, notifications never answered, the admit hook (rate limit).
 * The methods here are test doubles (no desktop): they record what ran.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { LambError } from '../../lib/model/errors.js';
import { handleText, type MethodTable, type RpcMethod } from '../../lib/server/jsonrpc/dispatch.js';
import { JsonRpcErrorCode, JsonRpcResponse } from '../../lib/server/jsonrpc/protocol.js';
import { rateLimited } from '../../lib/server/jsonrpc/rpc-errors.js';

interface Ctx {
  ran: string[];
}

function method(params: z.ZodType, run: (p: never, ctx: Ctx) => unknown): RpcMethod<Ctx> {
  return { params, run: async (p, ctx) => run(p as never, ctx) };
}

const methods: MethodTable<Ctx> = new Map<string, RpcMethod<Ctx>>([
  ['subtract', method(z.object({ minuend: z.number(), subtrahend: z.number() }).strict(), (p: { minuend: number; subtrahend: number }, ctx) => (ctx.ran.push('subtract'), p.minuend - p.subtrahend))],
  ['update', method(z.object({}).passthrough(), (_p, ctx) => void ctx.ran.push('update'))],
  ['sum', method(z.object({ values: z.array(z.number()) }).strict(), (p: { values: number[] }, ctx) => (ctx.ran.push('sum'), p.values.reduce((a, b) => a + b, 0)))],
  ['stale', method(z.object({}).strict(), () => { throw new LambError('ELEMENT_STALE', 'act (lam-bridge): ref 1.2:9 is gone', { detail: 'org.a11y.atspi.Error.Defunct' }); })],
  ['bad_input', method(z.object({}).strict(), () => { throw new LambError('INVALID_ARGUMENT', 'act (lam-bridge): function clik is unknown'); })],
  ['bug', method(z.object({}).strict(), () => { throw new TypeError('x is undefined'); })],
  ['bigint', method(z.object({}).strict(), () => 10n)],
]);

async function call(text: string, admit?: () => ReturnType<typeof rateLimited> | undefined): Promise<{ answer: unknown; ran: string[] }> {
  const ctx: Ctx = { ran: [] };
  const out = await handleText(text, methods, ctx, { maxBatch: 5, ...(admit ? { admit } : {}) });
  return { answer: out === undefined ? undefined : JSON.parse(out), ran: ctx.ran };
}

/** Every answer must itself be a valid JSON-RPC 2.0 response, whatever went wrong. */
function expectResponses(answer: unknown): void {
  for (const r of Array.isArray(answer) ? answer : [answer]) expect(JsonRpcResponse.safeParse(r).success, JSON.stringify(r)).toBe(true);
}

describe('JSON-RPC 2.0 dispatch (spec section 7)', () => {
  it('a call with named params answers result with the same id (string or number)', async () => {
    const { answer } = await call('{"jsonrpc":"2.0","method":"subtract","params":{"subtrahend":23,"minuend":42},"id":3}');
    expect(answer).toEqual({ jsonrpc: '2.0', result: 19, id: 3 });
    expect((await call('{"jsonrpc":"2.0","method":"subtract","params":{"subtrahend":2,"minuend":4},"id":"a"}')).answer).toEqual({ jsonrpc: '2.0', result: 2, id: 'a' });
  });

  it('a notification runs and gets no answer, even when it fails', async () => {
    expect(await call('{"jsonrpc":"2.0","method":"update","params":{"x":1}}')).toEqual({ answer: undefined, ran: ['update'] });
    expect((await call('{"jsonrpc":"2.0","method":"foobar"}')).answer).toBeUndefined();
    expect((await call('{"jsonrpc":"2.0","method":"stale"}')).answer).toBeUndefined();
  });

  it('a method that does not exist: -32601 naming the methods there are', async () => {
    const { answer } = await call('{"jsonrpc":"2.0","method":"foobar","id":"1"}');
    expect(answer).toMatchObject({ jsonrpc: '2.0', id: '1', error: { code: JsonRpcErrorCode.MethodNotFound, data: { code: 'INVALID_ARGUMENT' } } });
    expect((answer as { error: { message: string } }).error.message).toMatch(/foobar.*subtract/);
    // Not fooled by Object.prototype members.
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty'])
      expect((await call(JSON.stringify({ jsonrpc: '2.0', method: name, id: 1 }))).answer).toMatchObject({ error: { code: -32601 } });
  });

  it('invalid JSON: -32700 with id null; an invalid batch text the same', async () => {
    for (const text of ['{"jsonrpc":"2.0","method":"foobar,"params":"bar","baz]', '[{"jsonrpc":"2.0","method":"sum","params":[1,2,4],"id":"1"},{"jsonrpc":"2.0","method"]', '', 'nul'])
      expect((await call(text)).answer, text).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: JsonRpcErrorCode.ParseError, data: { code: 'INVALID_ARGUMENT' } } });
  });

  it('not a request object: -32600 with id null (or the id when it is a valid one)', async () => {
    const cases = [
      '{"jsonrpc":"2.0","method":1,"params":"bar"}',
      '{"jsonrpc":"1.0","method":"subtract","id":1}',
      '{"method":"subtract","id":1}',
      '{"jsonrpc":"2.0","method":"subtract","id":{"a":1}}',
      '{"jsonrpc":"2.0","method":"subtract","params":5,"id":1}',
      '{"jsonrpc":"2.0","method":"subtract","parms":{},"id":1}',
      '"a string"',
      '42',
      'null',
    ];
    for (const text of cases) {
      const { answer, ran } = await call(text);
      expect(answer, text).toMatchObject({ jsonrpc: '2.0', error: { code: JsonRpcErrorCode.InvalidRequest, data: { code: 'INVALID_ARGUMENT' } } });
      expect(ran).toEqual([]);
      expectResponses(answer);
    }
    expect((await call('{"jsonrpc":"1.0","method":"subtract","id":7}')).answer).toMatchObject({ id: 7 });
    expect((await call('{"jsonrpc":"2.0","method":"subtract","id":{"a":1}}')).answer).toMatchObject({ id: null });
    expect(((await call('{"jsonrpc":"2.0","method":"subtract","parms":{},"id":1}')).answer as { error: { message: string } }).error.message).toMatch(/unknown member "parms"/);
  });

  it('an empty batch: one -32600 (not an array); a batch of non-objects: one -32600 each', async () => {
    expect((await call('[]')).answer).toMatchObject({ id: null, error: { code: -32600 } });
    const { answer } = await call('[1,2,3]');
    expect(answer).toHaveLength(3);
    for (const r of answer as unknown[]) expect(r).toMatchObject({ id: null, error: { code: -32600 } });
  });

  it('a mixed batch: answers in order for calls with ids, none for notifications, each error its own', async () => {
    const { answer, ran } = await call(
      JSON.stringify([
        { jsonrpc: '2.0', method: 'sum', params: { values: [1, 2, 4] }, id: '1' },
        { jsonrpc: '2.0', method: 'update', params: { x: 7 } },
        { jsonrpc: '2.0', method: 'subtract', params: { minuend: 42, subtrahend: 23 }, id: '2' },
        { foo: 'boo' },
        { jsonrpc: '2.0', method: 'foo.get', params: { name: 'myself' }, id: '5' },
      ]),
    );
    expect(answer).toEqual([
      { jsonrpc: '2.0', result: 7, id: '1' },
      { jsonrpc: '2.0', result: 19, id: '2' },
      expect.objectContaining({ id: null, error: expect.objectContaining({ code: -32600 }) }),
      expect.objectContaining({ id: '5', error: expect.objectContaining({ code: -32601 }) }),
    ]);
    expect(ran).toEqual(['sum', 'update', 'subtract']);
  });

  it('a batch of notifications only: no answer at all', async () => {
    expect(await call('[{"jsonrpc":"2.0","method":"update","params":{}},{"jsonrpc":"2.0","method":"update","params":{}}]')).toEqual({ answer: undefined, ran: ['update', 'update'] });
  });

  it('a batch over maxBatch: one -32600 and nothing runs', async () => {
    const batch = Array.from({ length: 6 }, (_, i) => ({ jsonrpc: '2.0', method: 'update', params: {}, id: i }));
    expect(await call(JSON.stringify(batch))).toMatchObject({ answer: { id: null, error: { code: -32600, message: expect.stringMatching(/at most 5/) } }, ran: [] });
  });
});

describe('params and errors lam-bridge adds', () => {
  it('params failing the schema: -32602 with the zod issues (path, message) in data, nothing run', async () => {
    const { answer, ran } = await call('{"jsonrpc":"2.0","method":"subtract","params":{"minuend":"42","extra":1},"id":1}');
    expect(ran).toEqual([]);
    expect(answer).toMatchObject({ id: 1, error: { code: JsonRpcErrorCode.InvalidParams, data: { code: 'INVALID_ARGUMENT' } } });
    const issues = (answer as { error: { data: { issues: { path: unknown[]; message: string }[] } } }).error.data.issues;
    expect(issues.map((i) => i.path)).toEqual(expect.arrayContaining([['minuend'], ['subtrahend'], []]));
    expect((answer as { error: { message: string } }).error.message).toMatch(/minuend/);
  });

  it('positional params: -32602 (methods take named params), and absent params mean {}', async () => {
    expect((await call('{"jsonrpc":"2.0","method":"subtract","params":[42,23],"id":1}')).answer).toMatchObject({ error: { code: -32602, message: expect.stringMatching(/named/) } });
    expect((await call('{"jsonrpc":"2.0","method":"subtract","id":1}')).answer).toMatchObject({ error: { code: -32602 } });
    expect((await call('{"jsonrpc":"2.0","method":"update","id":1}')).answer).toEqual({ jsonrpc: '2.0', id: 1, result: null });
  });

  it('a LambError: -32000 with its code and detail in data; INVALID_ARGUMENT from the call: -32602', async () => {
    expect((await call('{"jsonrpc":"2.0","method":"stale","id":1}')).answer).toEqual({
      jsonrpc: '2.0',
      id: 1,
      error: { code: JsonRpcErrorCode.ServerError, message: 'act (lam-bridge): ref 1.2:9 is gone', data: { code: 'ELEMENT_STALE', detail: 'org.a11y.atspi.Error.Defunct' } },
    });
    expect((await call('{"jsonrpc":"2.0","method":"bad_input","id":1}')).answer).toMatchObject({ error: { code: -32602, data: { code: 'INVALID_ARGUMENT' } } });
  });

  it('a bug: -32603 INTERNAL; a result JSON cannot hold: -32603, and the answer is still valid JSON-RPC', async () => {
    const bug = (await call('{"jsonrpc":"2.0","method":"bug","id":1}')).answer;
    expect(bug).toMatchObject({ id: 1, error: { code: JsonRpcErrorCode.InternalError, data: { code: 'INTERNAL' } } });
    const big = (await call('[{"jsonrpc":"2.0","method":"bigint","id":1},{"jsonrpc":"2.0","method":"update","id":2}]')).answer;
    expect(big).toEqual([expect.objectContaining({ id: 1, error: expect.objectContaining({ code: -32603 }) }), { jsonrpc: '2.0', id: 2, result: null }]);
    expectResponses(big);
  });

  it('admit refuses a call: its error object is the answer and the method does not run; every batch call is asked', async () => {
    let asked = 0;
    const admit = () => (++asked > 2 ? rateLimited(50, '1 call/s') : undefined);
    const batch = [1, 2, 3].map((id) => ({ jsonrpc: '2.0', method: 'update', params: {}, id }));
    const { answer, ran } = await call(JSON.stringify(batch), admit);
    expect(ran).toEqual(['update', 'update']);
    expect(asked).toBe(3);
    expect((answer as unknown[])[2]).toMatchObject({ id: 3, error: { code: JsonRpcErrorCode.RateLimited, data: { code: 'INVALID_OPERATION', retryAfterMs: 50 } } });
  });
});
