/**
 * The pure parts of the MCP server (lib/server/mcp): the tool table's schemas as JSON Schema (what tools/list
 * sends; zod fails on some schema shapes only at that point), result and error mapping, the HTTP session key,
 * --tools / --exclude-tools, and the server itself through the SDK's in-memory transport with a test double of a
 * Desktop (the real desktop is test/server/mcp-*.test.ts): the allowlist leaves apps out of `windows`, dry-run
 * resolves without acting, bad arguments are refused by the input schema.
 */
import { Client, InMemoryTransport } from '@modelcontextprotocol/client';
import { describe, expect, it } from 'vitest';
import { LambError } from '../../lib/model/errors.js';
import { SESSION_HEADER, sessionKeyOf } from '../../lib/server/mcp/http.js';
import { Snapshot } from '../../lib/desktop/snapshot.js';
import type { SnapshotData, UINode } from '../../lib/model/index.js';
import { countTokens } from '../../lib/observe/token-budget.js';
import { createMcpServer, toCallToolResult, toErrorResult, withJsonSchemaOnce } from '../../lib/server/mcp/server.js';
import { selectTools, serverTools, type ToolContext, type ToolSession } from '../../lib/server/tools/index.js';

describe('tool schemas', () => {
  it('every input and output schema converts to a JSON Schema object (the SDK lists them so)', () => {
    for (const tool of serverTools) {
      const std = (tool.inputSchema as unknown as { '~standard': { jsonSchema: { input(o: object): Record<string, unknown> } } })['~standard'];
      const out = (tool.outputSchema as unknown as { '~standard': { jsonSchema: { output(o: object): Record<string, unknown> } } })['~standard'];
      expect(std.jsonSchema.input({ target: 'draft-2020-12' }).type, tool.name).toBe('object');
      expect(out.jsonSchema.output({ target: 'draft-2020-12' }).type, tool.name).toBe('object');
    }
  });

  it('--tools / --exclude-tools select by name; an unknown name is INVALID_ARGUMENT naming the known ones', () => {
    expect(selectTools(['snapshot', 'act'], undefined).map((t) => t.name)).toEqual(['snapshot', 'act']);
    expect(selectTools(undefined, ['office', 'act']).map((t) => t.name)).toEqual(['windows', 'snapshot', 'screenshot', 'wait_for']);
    expect(() => selectTools(['snapshots'], undefined)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('wait_for') }));
  });
});

describe('results', () => {
  it('structuredContent + a text content (the tool text, else the JSON), + image content when there is one', () => {
    expect(toCallToolResult({ structured: { a: 1 }, text: 'hi' })).toEqual({ content: [{ type: 'text', text: 'hi' }], structuredContent: { a: 1 } });
    const r = toCallToolResult({ structured: { a: 1 }, image: { mimeType: 'image/png', base64: 'iVBO' } });
    expect(r.content).toEqual([{ type: 'text', text: '{"a":1}' }, { type: 'image', data: 'iVBO', mimeType: 'image/png' }]);
  });

  it('a LambError is an isError result starting with its code; anything else is INTERNAL', () => {
    expect(toErrorResult(new LambError('ACCESS_DENIED', 'no'))).toEqual({ content: [{ type: 'text', text: 'ACCESS_DENIED: no' }], isError: true });
    expect(toErrorResult(new Error('boom')).content[0]).toMatchObject({ text: 'INTERNAL: boom' });
  });
});

describe('HTTP session key', () => {
  const req = (token: string, session?: string) => ({ headers: { authorization: `Bearer ${token}`, ...(session === undefined ? {} : { [SESSION_HEADER]: session }) } });
  it('one key per token and session name; the token itself is not in it', () => {
    const a = sessionKeyOf(req('t'.repeat(32)));
    expect(sessionKeyOf(req('t'.repeat(32), 'default'))).toBe(a);
    expect(sessionKeyOf(req('t'.repeat(32), 'bob'))).not.toBe(a);
    expect(sessionKeyOf(req('u'.repeat(32)))).not.toBe(a);
    expect(a).not.toContain('tttt');
  });
  it('a malformed session name is INVALID_ARGUMENT', () => {
    for (const bad of ['', 'a b', 'x'.repeat(129), '../etc']) expect(() => sessionKeyOf(req('t'.repeat(32), bad))).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});

/** A test double of the few Desktop methods these tools call: two apps' windows, nothing acts. */
function doubleSession(): { session: ToolSession; acted: unknown[] } {
  const acted: unknown[] = [];
  const windows = [
    { ref: '1.1:w', app: 'gedit', appRef: '1.1:a', pid: 11, title: 'notes', rect: { x: 0, y: 0, width: 10, height: 10 }, focused: true },
    { ref: '2.2:w', app: 'firefox', appRef: '2.2:a', pid: 22, title: 'bank', rect: { x: 0, y: 0, width: 10, height: 10 }, focused: false },
  ];
  const desktop = {
    windows: async () => windows,
    applications: async () => [{ name: 'gedit', pid: 11, ref: '1.1:a' }, { name: 'firefox', pid: 22, ref: '2.2:a' }],
    actAll: async (a: unknown) => {
      acted.push(a);
      return [];
    },
    act: async (a: unknown) => void acted.push(a),
  } as unknown as ToolSession['desktop'];
  return { session: { desktop }, acted };
}

async function connect(ctx: ToolContext, tools = serverTools) {
  const { session, acted } = doubleSession();
  const server = createMcpServer(tools, ctx, (fn) => fn(session), 'test');
  const [a, b] = InMemoryTransport.createLinkedPair();
  await server.connect(a);
  const client = new Client({ name: 'unit', version: '1' });
  await client.connect(b);
  return { client, acted };
}

describe('MCP server (in-memory transport, test double desktop)', () => {
  it('the allowlist leaves other apps out of windows and refuses them as targets, before any action', async () => {
    const { client, acted } = await connect({ dryRun: false, allowApps: ['gedit'] });
    const w = (await client.callTool({ name: 'windows', arguments: {} })) as { structuredContent: { windows: { app: string }[] } };
    expect(w.structuredContent.windows.map((x) => x.app)).toEqual(['gedit']);
    const r = (await client.callTool({ name: 'act', arguments: { app: 'firefox', action: { function: 'click_input', args: { id: '2.2:w' } } } })) as { isError?: boolean; content: { text: string }[] };
    expect(r.isError).toBe(true);
    expect(r.content[0]!.text).toMatch(/^ACCESS_DENIED: /);
    expect(acted).toEqual([]);
    await client.close();
  });

  it('bad arguments are refused by the input schema (flat, strict) and nothing runs', async () => {
    const { client, acted } = await connect({ dryRun: false });
    for (const args of [{ action: { function: 'toggle' }, bogus: 1 }, { action: 5 }, { app: 'a', pid: 3, action: 'x' }]) {
      const r = (await client.callTool({ name: 'act', arguments: args as Record<string, unknown> })) as { isError?: boolean; content: { text: string }[] };
      expect(r.isError, JSON.stringify(args)).toBe(true);
      expect(r.content[0]!.text).toMatch(/Invalid arguments|at most one/);
    }
    expect(acted).toEqual([]);
    await client.close();
  });

  it('dry-run plans an action without an element and acts on nothing', async () => {
    const { client, acted } = await connect({ dryRun: true });
    const r = (await client.callTool({ name: 'act', arguments: { action: { function: 'wait', args: { seconds: 0 } } } })) as { structuredContent: { dryRun: boolean; planned: unknown[] } };
    expect(r.structuredContent).toMatchObject({ dryRun: true, planned: [{ function: 'wait', target: null }] });
    expect(acted).toEqual([]);
    await client.close();
  });

  it('only the selected tools are listed', async () => {
    const { client } = await connect({ dryRun: false }, selectTools(undefined, ['office', 'act']));
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(['windows', 'snapshot', 'screenshot', 'wait_for']);
    await client.close();
  });
});

/** A recorded-like snapshot: a window with a long list (so a small budget cuts it) and a check box. */
function listSnapshot(rows: number): SnapshotData {
  const node = (ref: string, parent: string | null, role: UINode['role'], name: string): UINode => ({
    ref, parent, role, rawRole: role.toLowerCase(), name, value: null, automationId: null,
    states: ['enabled', 'visible'], rect: { x: 0, y: 0, width: 100, height: 20 }, actions: [],
  });
  const nodes = [node('w', null, 'Window', 'Files'), node('ls', 'w', 'List', 'Files')];
  for (let i = 0; i < rows; i++) nodes.push(node(`r${i}`, 'ls', 'ListItem', `photo-${i}.jpg`));
  nodes.push(node('cb', 'w', 'CheckBox', 'Hidden files'));
  return { platform: 'atspi', app: { name: 'files', pid: 7 }, window: { ref: 'w', title: 'Files' }, root: 'w', durationMs: 1, truncated: false, incomplete: false, nodes };
}

describe('snapshot format json over MCP', () => {
  async function connectWith(data: SnapshotData, maxTokens: number) {
    const desktop = { snapshot: async () => new Snapshot(structuredClone(data)) } as unknown as ToolSession['desktop'];
    const session: ToolSession = { desktop };
    const server = createMcpServer(serverTools, { dryRun: false, maxTokens }, (fn) => fn(session), 'test');
    const [a, b] = InMemoryTransport.createLinkedPair();
    await server.connect(a);
    const client = new Client({ name: 'unit', version: '1' });
    await client.connect(b);
    return client;
  }
  type JsonResult = { structuredContent: { snapshot: SnapshotData & { omitted?: unknown[] }; truncated: boolean; tokens: number }; content: { type: string; text: string }[] };

  it('within the budget: structuredContent.snapshot is the data, the text content is its JSON, tokens its count', async () => {
    const data = listSnapshot(20);
    const client = await connectWith(data, 20_000);
    const r = (await client.callTool({ name: 'snapshot', arguments: { format: 'json' } })) as unknown as JsonResult;
    expect(r.structuredContent.truncated).toBe(false);
    expect(r.structuredContent.snapshot).toEqual(data);
    expect(r.content).toEqual([{ type: 'text', text: JSON.stringify(data) }]);
    expect(r.structuredContent.tokens).toBe(countTokens(JSON.stringify(data)));
    await client.close();
  });

  it('cut to the budget: structuredContent.snapshot is the cut, self-describing JSON the text content holds', async () => {
    const client = await connectWith(listSnapshot(400), 1_000);
    const r = (await client.callTool({ name: 'snapshot', arguments: { format: 'json' } })) as unknown as JsonResult;
    expect(r.structuredContent.truncated).toBe(true);
    expect(r.structuredContent.snapshot).toEqual(JSON.parse(r.content[0]!.text));
    expect(r.structuredContent.snapshot.omitted?.length).toBeGreaterThan(0);
    expect(r.structuredContent.tokens).toBeLessThanOrEqual(1_000);
    await client.close();
  });
});

describe('tool schemas converted once per process', () => {
  it('the same frozen JSON Schema each time, equal to zod\'s own conversion; validation is zod\'s', async () => {
    const tool = serverTools.find((t) => t.name === 'act')!;
    const once = withJsonSchemaOnce(tool.outputSchema);
    expect(withJsonSchemaOnce(tool.outputSchema)).toBe(once);
    const std = (tool.outputSchema as unknown as { '~standard': { jsonSchema: { output(o: object): unknown } } })['~standard'];
    const first = once['~standard'].jsonSchema.output({ target: 'draft-2020-12' });
    expect(once['~standard'].jsonSchema.output({ target: 'draft-2020-12' })).toBe(first);
    expect(first).toEqual(std.jsonSchema.output({ target: 'draft-2020-12' }));
    expect(Object.isFrozen(first)).toBe(true);
    const input = withJsonSchemaOnce(serverTools.find((t) => t.name === 'snapshot')!.inputSchema)['~standard'];
    expect(await input.validate({ format: 'nope' })).toMatchObject({ issues: expect.any(Array) });
    expect(await input.validate({})).toMatchObject({ value: { format: 'ufo-v2', visibleOnly: true, mode: 'full' } });
  });

  it('two servers list the same tools (the shared schemas survive the SDK)', async () => {
    const lists = [];
    for (let i = 0; i < 2; i++) {
      const { client } = await connect({ dryRun: false });
      lists.push((await client.listTools()).tools);
      await client.close();
    }
    expect(lists[1]).toEqual(lists[0]);
    expect(lists[0]!.find((t) => t.name === 'snapshot')!.inputSchema).toMatchObject({ type: 'object', properties: { format: expect.any(Object) } });
  });
});
