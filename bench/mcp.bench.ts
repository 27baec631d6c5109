/**
 * `npm run bench:mcp`: what the MCP server (`lamb serve --mcp`) adds to a snapshot + act round trip, against
 * the direct library call in the same run, on gtk3-widget-factory (started by `lamb desktop run --apps
 * widgetFactory`). Clients are the MCP SDK's own (v2, @modelcontextprotocol/client):
 * - direct: `desk.snapshot({pid, visibleOnly})` + its JSON observation within the MCP server's token budget
 *   (20,000: the same library work the server does for a result), then `desk.act(toggle the first enabled
 *   CheckBox)` (verified); the budget's own cost (tokenizing) is printed as a separate row;
 * - tool: the same through the server's tool records in this process, with the MCP server's policy (token budget
 *   20,000): the tool layer's cost without a transport;
 * - stdio: `snapshot {pid, format: 'json'}` + `act {action: toggle}` to a `lamb serve --mcp` child (one
 *   session), over its stdin/stdout;
 * - HTTP: the same to a `lamb serve --mcp --http 0` child: stateless Streamable HTTP, so every call is a POST
 *   that passes the guard (token, Host, Origin) and gets a new McpServer + transport, the session from the store;
 * - HTTP, server in this process (startHttpMcp): the protocol and the socket without a second process to
 *   schedule on a busy 2-core machine.
 * Variants are interleaved run by run in a shuffled order. Medians, p90s, ratios and ms added are printed as
 * Markdown (goal: at most 5 ms added per round trip).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { Desktop, type SnapshotData } from '../lib/index.js';
import { startHttpMcp } from '../lib/server/mcp/http.js';
import { DEFAULT_MCP_MAX_TOKENS } from '../lib/server/mcp/server.js';
import { openServerDesktop } from '../lib/server/session-store.js';
import { serverTools } from '../lib/server/tools/index.js';
import { actTool } from '../lib/server/tools/act.js';
import { snapshotTool } from '../lib/server/tools/snapshot.js';
import type { ToolContext, ToolSession } from '../lib/server/tools/tool.js';
import { pairedRow, putBack, roundTrips, shuffler, timed, times, verified, widgetFactoryCheckBox, type Times } from './round-trip.js';

const ROOT = join(import.meta.dirname, '..', '..');
const LAMB = join(ROOT, 'dist/lib/cli/main.js');
const WARMUP = Number(process.env.BENCH_WARMUP ?? 5);
const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const GOAL_MS = 5;
const TOKEN = `bench-${process.pid}-0123456789abcdef`;
const INFO = { name: 'lam-bridge-bench', version: '1.0.0' };

/** CPU time (user + system) a process has used, in ms, from /proc (10 ms ticks): for the server children. */
function processCpuMs(pid: number): number {
  // Fields after the command's closing parenthesis: state is field 3, utime 14, stime 15.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

function env(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) out[k] = v;
  return { ...out, LAMB_TOKEN: TOKEN };
}

/** `lamb serve --mcp --http 0` as a user starts it; resolves with its URL once the ready line is on stderr. */
function startHttpChild(): Promise<{ url: string; pid: number; stop: () => void }> {
  const child = spawn(process.execPath, [LAMB, 'serve', '--mcp', '--http', '0'], { env: env(), stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  return new Promise((resolve, reject) => {
    child.stderr.on('data', (d: Buffer) => {
      stderr += d;
      const ready = /lamb: ready: (http:\/\/\S+\/mcp)/.exec(stderr);
      if (ready) resolve({ url: ready[1]!, pid: child.pid!, stop: () => child.kill('SIGTERM') });
    });
    child.on('exit', (code) => reject(new Error(`bench: lamb serve --mcp --http exited ${code}: ${stderr}`)));
  });
}

async function httpClient(url: string): Promise<Client> {
  const client = new Client(INFO);
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { authorization: `Bearer ${TOKEN}` } } }));
  return client;
}

type CallResult = { structuredContent?: Record<string, unknown>; isError?: boolean; content: unknown[] };
async function mcpCall(client: Client, name: string, args: Record<string, unknown>): Promise<CallResult> {
  const r = (await client.callTool({ name, arguments: args })) as CallResult;
  if (r.isError) throw new Error(`bench: ${name}: ${JSON.stringify(r.content)}`);
  return r;
}
function verifiedMcp(r: CallResult, where: string): void {
  verified((r.structuredContent as { results: { verdict: string }[] }).results[0]!, where);
}

async function main(): Promise<void> {
  const desk = await Desktop.open({ timeoutMs: 10_000 });
  const target = await widgetFactoryCheckBox(desk);
  const { pid, ref: boxRef } = target;

  const ctx: ToolContext = { dryRun: false, maxTokens: DEFAULT_MCP_MAX_TOKENS };
  const toolSession: ToolSession = { desktop: await openServerDesktop() };
  const stdio = new Client(INFO);
  const stdioTransport = new StdioClientTransport({ command: process.execPath, args: [LAMB, 'serve', '--mcp'], env: env(), stderr: 'ignore' });
  await stdio.connect(stdioTransport);
  const stdioPid = stdioTransport.pid!;
  const httpChild = await startHttpChild();
  const http = await httpClient(httpChild.url);
  const local = await startHttpMcp({ host: '127.0.0.1', port: 0, token: TOKEN, tools: serverTools, ctx, version: 'bench' });
  const httpLocal = await httpClient(local.url);
  const toggle = { function: 'toggle', args: { id: boxRef } };

  const direct = times();
  const tool = times();
  const viaStdio = times();
  const viaHttp = times();
  const viaHttpLocal = times();
  const nodes = { direct: 0, mcp: 0 };
  const rawSnapshot: number[] = [];
  // Each MCP session must be shown the box before it may act on it (refs 'shown-only'): the first snapshot does.
  const mcpVariant = (client: Client, into: Times, where: string) => async (keep: boolean) => {
    const s = await timed(into.snapshot, keep, () => mcpCall(client, 'snapshot', { pid, visibleOnly: true, format: 'json' }));
    nodes.mcp = (s.structuredContent!.snapshot as SnapshotData).nodes.length;
    verifiedMcp(await timed(into.act, keep, () => mcpCall(client, 'act', { action: toggle })), where);
    await timed(into.windows, keep, () => mcpCall(client, 'windows', {}));
  };
  const variants: Record<string, (keep: boolean) => Promise<void>> = {
    direct: async (keep) => {
      // The same library work the server does for the result: the snapshot, and its JSON within the budget.
      const t0 = performance.now();
      const s = await desk.snapshot({ pid, visibleOnly: true });
      const t1 = performance.now();
      s.observe('json', { maxTokens: DEFAULT_MCP_MAX_TOKENS });
      if (keep) {
        rawSnapshot.push(t1 - t0);
        direct.snapshot.push(performance.now() - t0);
      }
      nodes.direct = s.nodes.length;
      const r = await timed(direct.act, keep, () => desk.act(toggle));
      if (r.verdict !== 'verified') throw new Error(`bench: direct: not verified: ${JSON.stringify(r)}`);
      await timed(direct.windows, keep, () => desk.windows());
    },
    tool: async (keep) => {
      await timed(tool.snapshot, keep, () => snapshotTool.run(toolSession, { pid, visibleOnly: true, format: 'json', mode: 'full' } as never, ctx));
      const tr = await timed(tool.act, keep, () => actTool.run(toolSession, { action: toggle, verify: true } as never, ctx));
      const v = (tr.structured as { results: { verdict: string }[] }).results[0]!;
      if (v.verdict !== 'verified') throw new Error(`bench: tool: not verified: ${JSON.stringify(v)}`);
      await timed(tool.windows, keep, () => toolSession.desktop.windows());
    },
    stdio: mcpVariant(stdio, viaStdio, 'stdio'),
    http: mcpVariant(http, viaHttp, 'HTTP'),
    httpLocal: mcpVariant(httpLocal, viaHttpLocal, 'HTTP (in process)'),
  };
  const shuffled = shuffler();
  let toggles = 0;
  // CPU per round trip (snapshot + act + windows): this process's (client, and the direct/tool/in-process
  // server work) and the server child's, if any. Less sensitive than wall time to a busy machine, where the
  // scheduler favours the mostly idle children over this busy process.
  const serverPid: Record<string, number | undefined> = { stdio: stdioPid, http: httpChild.pid };
  const cpu: Record<string, { own: number; server: number }> = Object.fromEntries(Object.keys(variants).map((k) => [k, { own: 0, server: 0 }]));
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const order = shuffled(Object.keys(variants));
    for (const k of order) {
      const pid = serverPid[k];
      const own0 = process.cpuUsage();
      const server0 = pid === undefined ? 0 : processCpuMs(pid);
      await variants[k]!(i >= WARMUP);
      if (i >= WARMUP) {
        const own = process.cpuUsage(own0);
        cpu[k]!.own += (own.user + own.system) / 1000;
        if (pid !== undefined) cpu[k]!.server += processCpuMs(pid) - server0;
      }
    }
    toggles += order.length;
  }
  await putBack(desk, target, toggles);

  const round = roundTrips;
  const row = (label: string, base: number[], over: number[], goal: boolean) => pairedRow(label, base, over, goal ? GOAL_MS : undefined);
  const table = (title: string, t: Times) => [
    `| call | direct median | p90 | ${title} median | p90 | ratio of medians | difference of medians | ms added (median of paired differences) | goal |`,
    '|---|---|---|---|---|---|---|---|---|',
    row('snapshot + act round trip', round(direct), round(t), true),
    row('snapshot (format json)', direct.snapshot, t.snapshot, false),
    row('act (toggle, verified)', direct.act, t.act, false),
    row('windows', direct.windows, t.windows, false),
    '',
  ];
  const lines = [
    `Machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.versions.node}, ` +
      `load ${loadavg()[0]!.toFixed(2)}, ${RUNS} runs after ${WARMUP} warm-up, interleaved; gtk3-widget-factory, ${nodes.direct} nodes ` +
      `(visibleOnly; ${nodes.mcp} over MCP within the 20,000-token budget); act = toggle of a CheckBox with verification; ms wall time; MCP SDK client v2.`,
    '',
    ...table('MCP stdio (child process)', viaStdio),
    ...table('MCP Streamable HTTP, stateless (child process)', viaHttp),
    ...table('MCP Streamable HTTP, server in this process', viaHttpLocal),
    '| call | desk.snapshot only median | p90 | + observe json within 20,000 tokens median | p90 | ratio of medians | difference of medians | ms added (median of paired differences) | |',
    '|---|---|---|---|---|---|---|---|---|',
    row('snapshot: what the token budget costs in the library', rawSnapshot, direct.snapshot, false),
    '',
    '| call | direct median | p90 | tool records in process (no transport) median | p90 | ratio of medians | difference of medians | ms added (median of paired differences) | |',
    '|---|---|---|---|---|---|---|---|---|',
    row('snapshot + act round trip', round(direct), round(tool), false),
    '',
    '| CPU per snapshot + act + windows (mean over the runs) | this process ms | server child ms | total ms | added to direct ms |',
    '|---|---|---|---|---|',
    ...Object.entries({ direct: 'direct', tool: 'tool records', stdio: 'MCP stdio', http: 'MCP HTTP (child)', httpLocal: 'MCP HTTP (in process)' }).map(([k, label]) => {
      const c = cpu[k]!;
      const total = (c.own + c.server) / RUNS;
      const base = cpu.direct!.own / RUNS;
      return `| ${label} | ${(c.own / RUNS).toFixed(2)} | ${serverPid[k] === undefined ? '-' : (c.server / RUNS).toFixed(2)} | ${total.toFixed(2)} | ${k === 'direct' ? '' : `${total - base >= 0 ? '+' : ''}${(total - base).toFixed(2)}`} |`;
    }),
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
  await stdio.close();
  await http.close();
  await httpLocal.close();
  await local.close();
  httpChild.stop();
  await toolSession.desktop.close();
  await desk.close();
}

await main();
