import { LambError } from '../../model/index.js';
import { resolveBindHost, resolveToken } from '../../server/http-guard.js';
import { JsonRpcLimits } from '../../server/jsonrpc/limits.js';
import { startJsonRpcService } from '../../server/jsonrpc/service.js';
import { numberFlag, printResult, progress, runCommand } from '../output.js';
import { listFlag, type ServeFlags } from './serve-flags.js';

/** Only the flags given: the limits' schema fills in the rest (its defaults are the documented ones). */
function limitsFromFlags(flags: ServeFlags): JsonRpcLimits {
  const given = {
    ...(flags.maxMessageBytes === undefined ? {} : { maxMessageBytes: numberFlag(flags.maxMessageBytes) }),
    ...(flags.rate === undefined ? {} : { requestsPerSecond: numberFlag(flags.rate) }),
    ...(flags.burst === undefined ? {} : { burst: numberFlag(flags.burst) }),
    ...(flags.maxSessions === undefined ? {} : { maxSessions: numberFlag(flags.maxSessions) }),
  };
  const parsed = JsonRpcLimits.safeParse(given);
  if (!parsed.success) {
    // The flag's name, not the schema's: the user typed --rate, not requestsPerSecond.
    const flag: Record<string, string> = { maxMessageBytes: '--max-message-bytes', requestsPerSecond: '--rate', burst: '--burst', maxSessions: '--max-sessions' };
    const issues = parsed.error.issues.map((i) => `${flag[String(i.path[0])] ?? String(i.path[0])}: ${i.message}`);
    throw new LambError('INVALID_ARGUMENT', `serve (lamb): ${issues.join('; ')}`);
  }
  return parsed.data;
}

/**
 * `lamb serve --port N`: JSON-RPC 2.0 over WebSocket until SIGINT / SIGTERM. Everything it says goes to
 * stderr (the token too, so a pipe on stdout never captures it): the token line, then the ready line with
 * the URL, which scripts and tests wait for.
 */
export function serveJsonRpcCommand(flags: ServeFlags): Promise<void> {
  return runCommand(async () => {
    const port = numberFlag(flags.port)!;
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new LambError('INVALID_ARGUMENT', `serve (lamb): --port must be 0..65535, got '${flags.port}'`);
    const limits = limitsFromFlags(flags);
    // Refused before anything listens or loads: a non-loopback address without --allow-remote, a short token.
    const host = resolveBindHost(flags.host, { allowRemote: flags.allowRemote === true, warn: (m) => process.stderr.write(m + '\n') });
    const { token, generated } = resolveToken(flags.token);
    const tools = listFlag(flags.tools);
    const excludeTools = listFlag(flags.excludeTools);
    const allowApps = listFlag(flags.allowApps);

    const service = await startJsonRpcService({
      host,
      port,
      token,
      limits,
      ...(tools ? { tools } : {}),
      ...(excludeTools ? { excludeTools } : {}),
      ...(allowApps ? { allowApps } : {}),
      dryRun: flags.dryRun === true,
      log: (m: string) => progress(m),
    });
    if (generated) progress(`token: ${token}`);
    else progress('token: given by --token / LAMB_TOKEN (not shown)');
    progress(
      `ready: ${service.url} (JSON-RPC 2.0 over WebSocket; send "Authorization: Bearer <token>"; methods: ${service.methods.join(', ')}` +
        `${allowApps ? `; apps: ${allowApps.join(', ')}` : ''}${flags.dryRun ? '; dry run: nothing is acted on' : ''})`,
    );
    // Asked for (--json): a script that started the server reads where it is and the token from one line.
    if (flags.json) printResult(JSON.stringify({ url: service.url, port: service.port, token, methods: service.methods }));

    await new Promise<void>((resolve) => {
      const stop = (signal: NodeJS.Signals) => {
        progress(`${signal}: closing ${service.connections} connection(s)`);
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        void service.close().then(resolve, resolve);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    return 0;
  });
}
