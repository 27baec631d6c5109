/**
 * `lamb serve --mcp` over stdio, driven by the MCP SDK's own client (v2, and once v1) against the real server
 * on the real desktop with a real gtk3-widget-factory: the tool list (names, annotations, output schemas), a
 * snapshot, a verified action read back by a second snapshot, an annotated screenshot as image content, and
 * an office action on a real .xlsx in LibreOffice. stdout carries the protocol only (the SDK parses every line).
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client as V1Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport as V1StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionResult, SnapshotData } from '../../lib/index.js';
import { startApp, type RunningApp } from '../fixtures/apps.js';
import { LAMB } from '../helpers/cli.js';
import { childEnv, CLIENT_INFO, connectStdioMcp, type StdioMcp } from '../helpers/serve-mcp.js';

let app: RunningApp;
let mcp: StdioMcp;
type Structured<T> = { structuredContent?: T; content: { type: string; text?: string; data?: string; mimeType?: string }[]; isError?: boolean };
const call = async <T>(name: string, args: Record<string, unknown>) => (await mcp.client.callTool({ name, arguments: args })) as Structured<T>;

beforeAll(async () => {
  app = await startApp('widgetFactory');
  mcp = await connectStdioMcp();
});
afterAll(async () => {
  await mcp?.close();
  await app?.stop();
});

describe('MCP over stdio (SDK client, real desktop)', () => {
  it('lists the six tools with annotations and output schemas', async () => {
    const { tools } = await mcp.client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['act', 'office', 'screenshot', 'snapshot', 'wait_for', 'windows']);
    const by = Object.fromEntries(tools.map((t) => [t.name, t]));
    expect(by.snapshot!.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false, idempotentHint: true });
    expect(by.act!.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true });
    for (const t of tools) {
      expect(t.outputSchema?.type, t.name).toBe('object');
      expect(t.inputSchema.type, t.name).toBe('object');
    }
    expect(Object.keys(by.snapshot!.inputSchema.properties ?? {})).toEqual(expect.arrayContaining(['format', 'visibleOnly', 'maxTokens', 'mode', 'pid', 'app']));
  });

  it('snapshot, a verified toggle, read back by a second snapshot; mode diff shows the change', async () => {
    const first = await call<{ snapshot: SnapshotData; app: { pid: number } }>('snapshot', { pid: app.pid, format: 'json' });
    expect(first.isError).toBeFalsy();
    const text = await call<{ text: string; tokens: number }>('snapshot', { pid: app.pid, format: 'ufo-v2' });
    expect(text.structuredContent!.text).toMatch(/"label": "1"/);
    expect(text.structuredContent!.tokens).toBeLessThanOrEqual(20_000);
    const nodes = first.structuredContent!.snapshot.nodes;
    const box = nodes.find((n) => n.role === 'CheckBox' && n.states.includes('enabled') && n.states.includes('visible'))!;
    expect(box).toBeDefined();
    const was = box.states.includes('checked');
    const acted = await call<{ results: ActionResult[] }>('act', { action: { function: 'toggle', args: { id: box.ref } } });
    expect(acted.isError).toBeFalsy();
    expect(acted.structuredContent!.results[0]).toMatchObject({ ok: true, verdict: 'verified' });
    const diff = await call<{ mode: string; diff: { changed: number }; text: string }>('snapshot', { pid: app.pid, format: 'ufo-v2', mode: 'diff' });
    // The diff is against the ufo-v2 snapshot above (same target): the toggled box changed.
    expect(diff.structuredContent).toMatchObject({ mode: 'diff' });
    expect(diff.structuredContent!.diff.changed).toBeGreaterThan(0);
    expect(diff.structuredContent!.text).toContain(box.ref);
    const again = await call<{ snapshot: SnapshotData }>('snapshot', { ref: box.ref, format: 'json' });
    const after = again.structuredContent!.snapshot.nodes[0]!;
    expect(after.states.includes('checked')).toBe(!was);
    await call('act', { action: { function: 'toggle', args: { id: box.ref } } });
  });

  it('screenshot: image content with a PNG, and a label of it acts', async () => {
    const shot = await call<{ labels: Record<string, string> }>('screenshot', { pid: app.pid });
    const image = shot.content.find((c) => c.type === 'image')!;
    expect(image.mimeType).toBe('image/png');
    expect(Buffer.from(image.data!, 'base64').subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    const [label, ref] = Object.entries(shot.structuredContent!.labels)[0]!;
    const read = await call<{ results: ActionResult[] }>('act', { action: { function: 'texts', args: { id: label } } });
    expect(read.structuredContent!.results[0]!.target?.ref).toBe(ref);
  });

  it('bad input: an isError result with a stable code; a ref never shown to this session is refused', async () => {
    const bad = await call('snapshot', { pid: app.pid, format: 'nope' });
    expect(bad.isError).toBe(true);
    // A guessable ref this session never saw: refused before any native call, as the action's error.
    const foreign = await call<{ results: ActionResult[] }>('act', { action: { function: 'click_input', args: { id: '1.999:/org/a11y/atspi/accessible/12345' } } });
    const refused = foreign.isError ? { code: foreign.content[0]!.text!.split(':')[0], message: foreign.content[0]!.text! } : foreign.structuredContent!.results[0]!.error!;
    expect(refused).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('was not shown to this session') });
  });

  it('office: set_cell_value on a real .xlsx in LibreOffice, verified and saved', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lamb-mcp-office-'));
    try {
      const xlsx = join(dir, 'book.xlsx');
      const py = (code: string) => execFileSync('/usr/bin/python3', ['-c', code, xlsx], { encoding: 'utf8' }).trim();
      py('import openpyxl,sys; w=openpyxl.Workbook(); w.active.title="S"; w.active["A1"]=1; w.save(sys.argv[1])');
      const out = await call<{ results: ActionResult[]; saved: boolean }>('office', {
        app: 'excel',
        file: xlsx,
        actions: [{ function: 'set_cell_value', args: { sheet_name: 'S', cell_reference: 'A2', value: 'from mcp' } }],
        timeoutMs: 60_000,
      });
      expect(out.isError, out.content[0]?.text).toBeFalsy();
      expect(out.structuredContent).toMatchObject({ saved: true, results: [{ ok: true, verdict: 'verified' }] });
      expect(py('import openpyxl,sys; print(openpyxl.load_workbook(sys.argv[1])["S"]["A2"].value)')).toBe('from mcp');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('nothing but protocol on stdout: every line is a JSON-RPC message; progress went to stderr; exits when stdin ends', async () => {
    expect(mcp.stderr()).toMatch(/lamb: ready: MCP over stdio/);
    const child = spawn(process.execPath, [LAMB, 'serve', '--mcp'], { env: process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    const lines = () => stdout.split('\n').filter((l) => l !== '');
    const until = async (n: number) => {
      for (let i = 0; i < 300 && lines().length < n; i++) await new Promise((r) => setTimeout(r, 50));
    };
    const send = (m: object) => child.stdin.write(JSON.stringify({ jsonrpc: '2.0', ...m }) + '\n');
    send({ id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } });
    await until(1);
    send({ method: 'notifications/initialized' });
    send({ id: 2, method: 'tools/call', params: { name: 'snapshot', arguments: { pid: app.pid, format: 'tree' } } });
    await until(2);
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.stdin.end();
    expect(await exited).toBe(0);
    const messages = lines().map((l) => JSON.parse(l) as { jsonrpc: string; id: number; result: { structuredContent?: { nodeCount: number } } });
    expect(messages.map((m) => [m.jsonrpc, m.id])).toEqual([['2.0', 1], ['2.0', 2]]);
    expect(messages[1]!.result.structuredContent!.nodeCount).toBeGreaterThan(20);
    expect(stderr).toMatch(/lamb: ready: MCP over stdio/);
  });

  it('a v1 SDK client (Client + StdioClientTransport) lists tools and snapshots too', async () => {
    const client = new V1Client(CLIENT_INFO);
    await client.connect(new V1StdioClientTransport({ command: process.execPath, args: [LAMB, 'serve', '--mcp', '--tools', 'windows,snapshot'], env: childEnv(), stderr: 'ignore' }));
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name).sort()).toEqual(['snapshot', 'windows']);
      const r = (await client.callTool({ name: 'windows', arguments: {} })) as Structured<{ windows: { app: string }[] }>;
      expect(r.isError).toBeFalsy();
      expect(JSON.stringify(r.structuredContent)).toContain('gtk3-widget-factory');
    } finally {
      await client.close();
    }
  });
});
