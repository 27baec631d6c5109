/**
 * `lamb serve --mcp`: MCP over stdio. stdout is the protocol and nothing else: the session is one fixed
 * session (one Desktop with refs 'shown-only', labels in memory), and anything said goes to stderr.
 */
import { StdioServerTransport } from '@modelcontextprotocol/server/stdio';
import { SessionStore } from '../session-store.js';
import type { ServerTool, ToolContext } from '../tools/index.js';
import { createMcpServer } from './server.js';

export interface StdioMcpService {
  /** Resolves when the client closes stdin (or the transport fails). */
  closed: Promise<void>;
  close(): Promise<void>;
}

export async function startStdioMcp(tools: readonly ServerTool<never>[], ctx: ToolContext, version: string): Promise<StdioMcpService> {
  const store = new SessionStore({ maxSessions: 1 });
  const server = createMcpServer(tools, ctx, (fn) => store.use('stdio', fn), version);
  const transport = new StdioServerTransport();
  let done!: () => void;
  const closed = new Promise<void>((r) => (done = r));
  transport.onclose = () => done();
  await server.connect(transport);
  // The SDK closes on stdin's end only through the transport; a client that just exits ends stdin.
  process.stdin.once('end', () => done());
  const close = async () => {
    await server.close().catch(() => undefined);
    await store.close();
  };
  return { closed, close };
}
