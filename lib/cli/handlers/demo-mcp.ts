/**
 * The demo's last step: the same kind of step through the MCP server. `lamb serve --mcp` is started as an MCP
 * client would start it (a child on stdio) and spoken to in plain MCP JSON-RPC, one JSON message a line:
 * initialize, a snapshot (ufo-v2), and a verified set_edit_text. Why no SDK client here: the SDK's client is a
 * development dependency, and what the demo shows is the protocol the server speaks, in a few readable lines.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { LambError } from '../../model/index.js';

const MAIN = fileURLToPath(new URL('../main.js', import.meta.url));

interface ToolResult {
  isError?: boolean;
  content: { type: string; text?: string }[];
  structuredContent?: Record<string, unknown>;
}

export interface McpDemoStep {
  tools: string[];
  observationTokens: number;
  verdict: string;
}

export async function mcpDemoStep(pid: number, ref: string, text: string, log: (m: string) => void): Promise<McpDemoStep> {
  const child = spawn(process.execPath, [MAIN, 'serve', '--mcp', '--tools', 'snapshot,act'], { env: process.env, stdio: ['pipe', 'pipe', 'ignore'] });
  const pending = new Map<number, (msg: { result?: unknown; error?: { message: string } }) => void>();
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const msg = JSON.parse(line) as { id?: number; result?: unknown; error?: { message: string } };
    if (msg.id !== undefined) pending.get(msg.id)?.(msg);
  });
  let next = 1;
  const send = (msg: object) => child.stdin!.write(JSON.stringify({ jsonrpc: '2.0', ...msg }) + '\n');
  const request = <T>(method: string, params: object): Promise<T> =>
    new Promise((resolve, reject) => {
      const id = next++;
      const timer = setTimeout(() => reject(new LambError('TIMEOUT', `demo (lamb): the MCP server did not answer ${method} in 30 s`)), 30_000);
      pending.set(id, (msg) => {
        clearTimeout(timer);
        if (msg.error) reject(new LambError('INTERNAL', `demo (lamb): MCP ${method}: ${msg.error.message}`));
        else resolve(msg.result as T);
      });
      send({ id, method, params });
    });
  const call = async (name: string, args: object) => {
    const r = await request<ToolResult>('tools/call', { name, arguments: args });
    if (r.isError) throw new LambError('INTERNAL', `demo (lamb): MCP ${name}: ${r.content[0]?.text ?? ''}`);
    return r;
  };
  try {
    await request('initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'lamb-demo', version: '1' } });
    send({ method: 'notifications/initialized' });
    const { tools } = await request<{ tools: { name: string }[] }>('tools/list', {});
    log(`MCP server (stdio) up; tools: ${tools.map((t) => t.name).join(', ')}`);
    const snap = await call('snapshot', { pid, format: 'ufo-v2' });
    const tokens = Number(snap.structuredContent?.['tokens'] ?? -1);
    log(`MCP snapshot: ${String(snap.structuredContent?.['nodeCount'])} nodes, ufo-v2 observation of ${tokens} tokens`);
    const acted = await call('act', { action: { function: 'set_edit_text', args: { id: ref, text } } });
    const result = (acted.structuredContent?.['results'] as { verdict: string; method?: string }[] | undefined)?.[0];
    log(`MCP act set_edit_text: ${result?.verdict ?? 'no result'}${result?.method ? ` via ${result.method}` : ''}`);
    return { tools: tools.map((t) => t.name), observationTokens: tokens, verdict: result?.verdict ?? 'none' };
  } finally {
    child.stdin!.end();
    const exited = new Promise((r) => child.once('exit', r));
    const timer = setTimeout(() => child.kill('SIGTERM'), 3000);
    await exited;
    clearTimeout(timer);
  }
}
