/**
 * MCP clients of the real `lamb serve --mcp` (the compiled CLI, as a desktop MCP client would start it):
 * over stdio (the SDK's StdioClientTransport spawns it) and over Streamable HTTP (spawned here; the ready
 * line and the generated token are read from its stderr, as a user would).
 */
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { LAMB } from './cli.js';
import { serveChild, type ServedChild } from './serve-child.js';

export const CLIENT_INFO = { name: 'lam-bridge-test-client', version: '1.0.0' };

/** The child's environment as strings (the SDK's StdioClientTransport takes no undefined values). */
export function childEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  return { ...env, ...extra };
}

export interface StdioMcp {
  client: Client;
  transport: StdioClientTransport;
  stderr(): string;
  close(): Promise<void>;
}

export async function connectStdioMcp(args: string[] = []): Promise<StdioMcp> {
  const transport = new StdioClientTransport({ command: process.execPath, args: [LAMB, 'serve', '--mcp', ...args], env: childEnv(), stderr: 'pipe' });
  let stderr = '';
  transport.stderr?.on('data', (d: Buffer) => (stderr += d));
  const client = new Client(CLIENT_INFO);
  await client.connect(transport);
  return { client, transport, stderr: () => stderr, close: () => client.close() };
}

export type ServedHttpMcp = ServedChild;

const READY = /lamb: ready: (http:\/\/\S+?:(\d+)\/mcp)/;

/** `lamb serve --mcp --http 0 ...`, spawned here (serve-child.ts). */
export function serveHttpMcp(args: string[] = [], timeoutMs = 30_000): Promise<ServedHttpMcp> {
  return serveChild(['serve', '--mcp', '--http', '0', ...args], READY, { timeoutMs });
}

/** A v2 SDK client over Streamable HTTP with the bearer token and, optionally, a named session. */
export async function connectHttpMcp(url: string, token: string, session?: string): Promise<Client> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, ...(session ? { 'x-lamb-session': session } : {}) };
  const client = new Client(CLIENT_INFO);
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
  return client;
}
