import { readFileSync } from 'node:fs';
import { LambError } from '../../model/index.js';
import { resolveBindHost, resolveToken } from '../../server/http-guard.js';
import { DEFAULT_MCP_MAX_TOKENS } from '../../server/mcp/server.js';
import { selectTools, type ToolContext } from '../../server/tools/index.js';
import { numberFlag, progress, runCommand } from '../output.js';
import { listFlag, type ServeFlags } from './serve-flags.js';

const pkg = JSON.parse(readFileSync(new URL('../../../../package.json', import.meta.url), 'utf8')) as { version: string };

/** Resolves on SIGINT / SIGTERM (after saying so on stderr). */
function untilSignal(what: () => string): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      progress(`${signal}: ${what()}`);
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/**
 * `lamb serve --mcp` (stdio) and `lamb serve --mcp --http PORT` (Streamable HTTP, stateless per request).
 * Bad flags are refused (exit 2) before anything listens or loads the desktop. Everything said goes to stderr:
 * on stdio, stdout is the protocol; on HTTP, the token is printed on stderr only when generated.
 */
export function serveMcpCommand(flags: ServeFlags): Promise<void> {
  return runCommand(async () => {
    if (flags.port !== undefined) throw new LambError('INVALID_ARGUMENT', 'serve (lamb): --mcp takes --http PORT, not --port (--port is the WebSocket JSON-RPC server)');
    const tools = selectTools(listFlag(flags.tools), listFlag(flags.excludeTools));
    const allowApps = listFlag(flags.allowApps);
    const ctx: ToolContext = { dryRun: flags.dryRun === true, maxTokens: DEFAULT_MCP_MAX_TOKENS, ...(allowApps ? { allowApps } : {}) };
    const maxSessions = flags.maxSessions === undefined ? undefined : numberFlag(flags.maxSessions);
    if (maxSessions !== undefined && !(Number.isInteger(maxSessions) && maxSessions >= 1))
      throw new LambError('INVALID_ARGUMENT', `serve (lamb): --max-sessions must be a positive integer, got '${flags.maxSessions}'`);
    const policy = `tools: ${tools.map((t) => t.name).join(', ')}${allowApps ? `; apps: ${allowApps.join(', ')}` : ''}${ctx.dryRun ? '; dry run: nothing is acted on' : ''}`;

    if (flags.http === undefined) {
      const { startStdioMcp } = await import('../../server/mcp/stdio.js');
      const service = await startStdioMcp(tools, ctx, pkg.version);
      progress(`ready: MCP over stdio (${policy})`);
      await Promise.race([service.closed, untilSignal(() => 'closing')]);
      await service.close();
      return 0;
    }

    const port = numberFlag(flags.http);
    if (port === undefined || !Number.isInteger(port) || port < 0 || port > 65535)
      throw new LambError('INVALID_ARGUMENT', `serve (lamb): --http must be a port 0..65535, got '${flags.http}'`);
    const host = resolveBindHost(flags.host, { allowRemote: flags.allowRemote === true, warn: (m) => process.stderr.write(m + '\n') });
    const { token, generated } = resolveToken(flags.token);
    const { startHttpMcp } = await import('../../server/mcp/http.js');
    const service = await startHttpMcp({ host, port, token, tools, ctx, version: pkg.version, ...(maxSessions === undefined ? {} : { maxSessions }), log: progress });
    progress(generated ? `token: ${token}` : 'token: given by --token / LAMB_TOKEN (not shown)');
    progress(`ready: ${service.url} (MCP Streamable HTTP, stateless; send "Authorization: Bearer <token>"; optional X-Lamb-Session names a session; ${policy})`);
    await untilSignal(() => `closing (${service.sessions.size} session(s))`);
    await service.close();
    return 0;
  });
}
