/**
 * `lamb serve --port`: the tool table served as JSON-RPC methods over the guarded WebSocket server, one session
 * per connection. A session is its own Desktop opened with refs 'shown-only', so a connection resolves only
 * refs and labels it was itself shown: one client can never resolve, read or act on another's elements.
 */
import { openServerDesktop } from '../session-store.js';
import { selectTools, type ToolContext, type ToolSession } from '../tools/index.js';
import type { JsonRpcLimits } from './limits.js';
import { methodsFromTools, type MethodContext } from './tool-methods.js';
import { startWsRpcServer } from './ws-server.js';

export interface JsonRpcServiceOptions {
  host: string;
  port: number;
  token: string;
  limits: JsonRpcLimits;
  tools?: readonly string[];
  excludeTools?: readonly string[];
  allowApps?: readonly string[];
  dryRun?: boolean;
  allowedHosts?: readonly string[];
  allowedOrigins?: readonly string[];
  log?: (message: string) => void;
}

export interface JsonRpcService {
  readonly url: string;
  readonly port: number;
  readonly methods: readonly string[];
  readonly connections: number;
  close(): Promise<void>;
}

export async function startJsonRpcService(options: JsonRpcServiceOptions): Promise<JsonRpcService> {
  const tools = selectTools(options.tools, options.excludeTools);
  const methods = methodsFromTools<ToolSession, ToolContext>(tools);
  const ctx: ToolContext = { dryRun: options.dryRun === true, ...(options.allowApps ? { allowApps: options.allowApps } : {}) };
  const server = await startWsRpcServer<MethodContext<ToolSession, ToolContext>>({
    host: options.host,
    port: options.port,
    token: options.token,
    limits: options.limits,
    methods,
    // A connection's session lives exactly as long as the connection (ws-server.ts caps and expires them), so
    // it is not kept in a SessionStore, whose LRU eviction is for stateless HTTP callers; its Desktop is
    // opened the same way (refs 'shown-only', labelStore 'memory').
    openSession: async () => ({ session: { desktop: await openServerDesktop() }, ctx }),
    closeSession: async ({ session }) => session.desktop.close(),
    ...(options.allowedHosts ? { allowedHosts: options.allowedHosts } : {}),
    ...(options.allowedOrigins ? { allowedOrigins: options.allowedOrigins } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  return {
    url: server.url,
    port: server.port,
    methods: [...methods.keys()],
    get connections() {
      return server.connections;
    },
    close: () => server.close(),
  };
}
