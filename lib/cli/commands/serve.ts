import type { Command } from 'commander';
import type { ServeFlags } from '../handlers/serve-flags.js';

/**
 * `lamb serve`: lam-bridge as the back end of other agent front ends.
 *   lamb serve --mcp               MCP over stdio (stdout is the protocol)
 *   lamb serve --mcp --http PORT   MCP Streamable HTTP on 127.0.0.1, bearer token, Host/Origin checked
 *   lamb serve --port N            JSON-RPC 2.0 over WebSocket, the same methods as the MCP tools
 * The shared options (tools, app allowlist, token, bind, dry-run, sessions) mean the same for both servers.
 */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the desktop to agent front ends: MCP (--mcp: stdio, or --http PORT) or JSON-RPC over WebSocket (--port N)')
    .option('--mcp', 'an MCP server: stdio, or Streamable HTTP with --http')
    .option('--http <port>', 'with --mcp: Streamable HTTP on this port instead of stdio')
    .option('--port <port>', 'a JSON-RPC 2.0 over WebSocket server on this port (0: any free port)')
    .option('--tools <list>', 'only these tools / methods, comma-separated (windows,snapshot,act,screenshot,office,wait_for)')
    .option('--exclude-tools <list>', 'all tools but these, comma-separated')
    .option('--allow-apps <list>', 'only these applications may be listed, read or acted on, comma-separated names')
    .option('--token <token>', 'the bearer token clients must send (default: env LAMB_TOKEN, else a random one printed on stderr)')
    .option('--host <address>', 'the address to listen on (default 127.0.0.1; a non-loopback one needs --allow-remote)')
    .option('--allow-remote', 'allow a non-loopback --host (prints a warning: anyone with the token drives this desktop)')
    .option('--dry-run', 'validate and resolve every action, but do not act')
    .option('--max-sessions <n>', 'most client sessions at once (WebSocket: connections)')
    .option('--max-message-bytes <n>', 'WebSocket: largest incoming message; a bigger one closes that connection (1009)')
    .option('--rate <n>', 'WebSocket: sustained calls per second per connection')
    .option('--burst <n>', 'WebSocket: calls a connection may make at once before --rate applies')
    .option('--json', 'WebSocket: when ready, print {url, port, token} as one JSON line on stdout (the token goes nowhere else on stdout)')
    // The servers (the SDK, ws, the library, the addon) load only when the command runs, not for --help.
    .action(async (flags: ServeFlags) => {
      if (flags.mcp) return (await import('../handlers/serve-mcp.js')).serveMcpCommand(flags);
      if (flags.port !== undefined) return (await import('../handlers/serve-jsonrpc.js')).serveJsonRpcCommand(flags);
      process.stderr.write('lamb: INVALID_ARGUMENT: serve (lamb): give --mcp (stdio, or --http PORT) or --port N (JSON-RPC over WebSocket)\n');
      process.exitCode = 2;
    });
}
