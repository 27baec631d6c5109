/**
 * MCP clients of the real `lamb serve --mcp` (the compiled CLI, as a desktop MCP client would start it):
 * over stdio (the SDK's StdioClientTransport spawns it) and over Streamable HTTP (spawned here; the ready
 * line and the generated token are read from its stderr, as a user would).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { LAMB } from './cli.js';

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

export interface ServedHttpMcp {
  url: string;
  port: number;
  token: string;
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  stop(): Promise<number | null>;
}

const READY = /lamb: ready: (http:\/\/\S+?:(\d+)\/mcp)/;
const TOKEN = /lamb: token: (\S+)/;

export function serveHttpMcp(args: string[] = [], timeoutMs = 30_000): Promise<ServedHttpMcp> {
  const child = spawn(process.execPath, [LAMB, 'serve', '--mcp', '--http', '0', ...args], { env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d));
  let exited: Promise<number | null> = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      exited = exited.finally(() => clearTimeout(timer));
    }
    return exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`lamb serve --mcp --http did not get ready in ${timeoutMs} ms; stderr: ${stderr}`));
    }, timeoutMs);
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d;
      const ready = READY.exec(stderr);
      if (!ready) return;
      clearTimeout(timer);
      resolve({ url: ready[1]!, port: Number(ready[2]), token: TOKEN.exec(stderr)?.[1] ?? '', child, stdout: () => stdout, stderr: () => stderr, stop });
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`lamb serve --mcp --http exited ${code} before it was ready; stderr: ${stderr}`));
    });
  });
}

/** A v2 SDK client over Streamable HTTP with the bearer token and, optionally, a named session. */
export async function connectHttpMcp(url: string, token: string, session?: string): Promise<Client> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, ...(session ? { 'x-lamb-session': session } : {}) };
  const client = new Client(CLIENT_INFO);
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
  return client;
}
