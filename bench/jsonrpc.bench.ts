/**
 * `npm run bench:jsonrpc`: what JSON-RPC over WebSocket (`lamb serve --port`) adds to a snapshot + act round
 * trip, against the direct library call in the same run, on gtk3-widget-factory (started by
 * `lamb desktop run --apps widgetFactory`):
 * - direct: `desk.snapshot({pid, visibleOnly})` then `desk.act(toggle the first enabled CheckBox)` (verified),
 *   in this process;
 * - tool: the same through the server's tool records (lib/server/tools), in this process: the tool layer's cost
 *   (allowlist, output shape) without a transport;
 * - WebSocket: `snapshot {pid, format: 'json'}` then `act {action: toggle}` to a `lamb serve --port 0` child
 *   process over a real socket: serialization, the socket, the server's dispatch and per-session Desktop.
 * The variants are interleaved run by run in a shuffled order, so drift of the desktop and the after-effects of
 * the previous call (the platform thread, the app) hit all alike.
 * - WebSocket, server in this process: the same server started in the bench process (startJsonRpcService):
 *   what the protocol and the socket cost without a second process to schedule on a busy 2-core machine.
 * A `windows` call gives the transport's cost on the cheapest call. Medians, p90s, ratios and ms added are
 * printed as a Markdown table (goal: at most 5 ms added per round trip).
 */
import { spawn } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { Desktop, type SnapshotData } from '../lib/index.js';
import { connectJsonRpc } from '../lib/server/jsonrpc/client.js';
import { JsonRpcLimits } from '../lib/server/jsonrpc/limits.js';
import { startJsonRpcService } from '../lib/server/jsonrpc/service.js';
import { actTool } from '../lib/server/tools/act.js';
import { snapshotTool } from '../lib/server/tools/snapshot.js';
import type { ToolContext, ToolSession } from '../lib/server/tools/tool.js';
import { pairedRow, putBack, roundTrips, shuffler, timed, times, verified, widgetFactoryCheckBox } from './round-trip.js';

const ROOT = join(import.meta.dirname, '..', '..');
const WARMUP = Number(process.env.BENCH_WARMUP ?? 5);
const RUNS = Number(process.env.BENCH_RUNS ?? 60);
const GOAL_MS = 5;
const TOKEN = `bench-${process.pid}-0123456789abcdef`;

/** `lamb serve --port 0` as a user starts it; resolves with its URL once the ready line is on stderr. */
function startServer(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, [join(ROOT, 'dist/lib/cli/main.js'), 'serve', '--port', '0', '--rate', '10000', '--burst', '10000'], {
    env: { ...process.env, LAMB_TOKEN: TOKEN },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  return new Promise((resolve, reject) => {
    child.stderr.on('data', (d: Buffer) => {
      stderr += d;
      const ready = /lamb: ready: (ws:\/\/\S+\/)/.exec(stderr);
      if (ready) resolve({ url: ready[1]!, stop: () => child.kill('SIGTERM') });
    });
    child.on('exit', (code) => reject(new Error(`bench: lamb serve exited ${code}: ${stderr}`)));
  });
}

async function main(): Promise<void> {
  const desk = await Desktop.open({ timeoutMs: 10_000 });
  const target = await widgetFactoryCheckBox(desk);
  const { pid, ref: boxRef } = target;

  const toolSession: ToolSession = { desktop: await Desktop.open({ timeoutMs: 10_000, refs: 'shown-only' }) };
  const ctx: ToolContext = { dryRun: false };
  const server = await startServer();
  const client = await connectJsonRpc(server.url, { token: TOKEN });
  const local = await startJsonRpcService({ host: '127.0.0.1', port: 0, token: TOKEN, limits: JsonRpcLimits.parse({ requestsPerSecond: 10_000, burst: 10_000 }) });
  const localClient = await connectJsonRpc(local.url, { token: TOKEN });
  const toggle = { function: 'toggle', args: { id: boxRef } };

  const direct = times();
  const tool = times();
  const ws = times();
  const wsLocal = times();
  let nodes = { direct: 0, ws: 0 };
  let toggles = 0;
  const variants: Record<'direct' | 'tool' | 'ws' | 'wsLocal', (keep: boolean) => Promise<void>> = {
    direct: async (keep) => {
      const s = await timed(direct.snapshot, keep, () => desk.snapshot({ pid, visibleOnly: true }));
      nodes.direct = s.nodes.length;
      verified(await timed(direct.act, keep, () => desk.act(toggle)), 'direct');
      await timed(direct.windows, keep, () => desk.windows());
    },
    tool: async (keep) => {
      await timed(tool.snapshot, keep, () => snapshotTool.run(toolSession, { pid, visibleOnly: true, format: 'json' } as never, ctx));
      const tr = await timed(tool.act, keep, () => actTool.run(toolSession, { action: toggle, verify: true } as never, ctx));
      verified((tr.structured as { results: { verdict: string }[] }).results[0]!, 'tool');
      await timed(tool.windows, keep, async () => undefined);
    },
    ws: async (keep) => {
      const r = await timed(ws.snapshot, keep, () => client.call<{ snapshot: SnapshotData }>('snapshot', { pid, visibleOnly: true, format: 'json' }));
      nodes.ws = r.snapshot.nodes.length;
      verified((await timed(ws.act, keep, () => client.call<{ results: { verdict: string }[] }>('act', { action: toggle }))).results[0]!, 'WebSocket');
      await timed(ws.windows, keep, () => client.call('windows'));
    },
    wsLocal: async (keep) => {
      await timed(wsLocal.snapshot, keep, () => localClient.call('snapshot', { pid, visibleOnly: true, format: 'json' }));
      verified((await timed(wsLocal.act, keep, () => localClient.call<{ results: { verdict: string }[] }>('act', { action: toggle }))).results[0]!, 'WebSocket (in process)');
      await timed(wsLocal.windows, keep, () => localClient.call('windows'));
    },
  };
  const shuffled = shuffler();
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const order = shuffled(Object.keys(variants) as (keyof typeof variants)[]);
    for (const k of order) await variants[k](i >= WARMUP);
    toggles += 4;
  }
  await putBack(desk, target, toggles);

  const round = roundTrips;
  const row = (label: string, base: number[], over: number[], goal: boolean) => pairedRow(label, base, over, goal ? GOAL_MS : undefined);
  const lines = [
    `Machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.versions.node}, ` +
      `load ${loadavg()[0]!.toFixed(2)}, ${RUNS} runs after ${WARMUP} warm-up, interleaved; gtk3-widget-factory, ${nodes.direct} nodes ` +
      `(visibleOnly; ${nodes.ws} over WebSocket); act = toggle of a CheckBox with verification; ms wall time.`,
    '',
    '| call | direct median | p90 | JSON-RPC/WS median | p90 | ratio of medians | difference of medians | ms added (median of paired differences) | goal |',
    '|---|---|---|---|---|---|---|---|---|',
    row('snapshot + act round trip', round(direct), round(ws), true),
    row('snapshot (format json)', direct.snapshot, ws.snapshot, false),
    row('act (toggle, verified)', direct.act, ws.act, false),
    row('windows', direct.windows, ws.windows, false),
    '',
    '| call | direct median | p90 | JSON-RPC/WS, server in the same process, median | p90 | ratio of medians | difference of medians | ms added (median of paired differences) | goal |',
    '|---|---|---|---|---|---|---|---|---|',
    row('snapshot + act round trip', round(direct), round(wsLocal), true),
    row('snapshot (format json)', direct.snapshot, wsLocal.snapshot, false),
    row('act (toggle, verified)', direct.act, wsLocal.act, false),
    row('windows', direct.windows, wsLocal.windows, false),
    '',
    '| call | direct median | p90 | tool records in process (no transport) median | p90 | ratio of medians | difference of medians | ms added (median of paired differences) | |',
    '|---|---|---|---|---|---|---|---|---|',
    row('snapshot + act round trip', round(direct), round(tool), false),
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
  await client.close();
  await localClient.close();
  await local.close();
  server.stop();
  await toolSession.desktop.close();
  await desk.close();
}

await main();
