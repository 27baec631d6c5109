/**
 * The screenshot and wait_for methods over `lamb serve --port` on a real gtk3-widget-factory: an annotated PNG
 * whose labels this session can act with, and a bounded wait for a state an action brings about.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionResult, SnapshotData } from '../../lib/index.js';
import { connectJsonRpc, type JsonRpcClient } from '../../lib/server/jsonrpc/client.js';
import { startApp, type RunningApp } from '../fixtures/apps.js';
import { serveJsonRpc, type ServedJsonRpc } from '../helpers/serve-jsonrpc.js';

let app: RunningApp;
let served: ServedJsonRpc;
let client: JsonRpcClient;
/** Where the CLI would keep label files: a server session must write none (labels stay in its memory). */
let labelDir: string;

beforeAll(async () => {
  app = await startApp('widgetFactory');
  labelDir = join(mkdtempSync(join(tmpdir(), 'lamb-jsonrpc-labels-')), 'labels');
  served = await serveJsonRpc([], { env: { ...process.env, LAM_BRIDGE_LABEL_DIR: labelDir } });
  client = await connectJsonRpc(served.url, { token: served.token });
});
afterAll(async () => {
  await client?.close();
  await served?.stop();
  await app?.stop();
  rmSync(join(labelDir, '..'), { recursive: true, force: true });
});

describe('screenshot and wait_for over JSON-RPC', () => {
  it('screenshot: an annotated PNG (base64) of the window, and its labels are ids this session can act with', async () => {
    const shot = await client.call<{ width: number; height: number; labels: Record<string, string>; image: { mimeType: string; base64: string } }>('screenshot', { pid: app.pid });
    const png = Buffer.from(shot.image.base64, 'base64');
    expect(shot.image.mimeType).toBe('image/png');
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(png.readUInt32BE(16)).toBe(shot.width);
    expect(png.readUInt32BE(20)).toBe(shot.height);
    expect(Object.keys(shot.labels).length).toBeGreaterThan(20);
    const [label, ref] = Object.entries(shot.labels)[0]!;
    const read = await client.call<{ results: ActionResult[] }>('act', { action: { function: 'texts', args: { id: label } } });
    expect(read.results[0]!.target?.ref).toBe(ref);
    // Labelled observations (the annotated screenshot, a ufo snapshot) left no label file for other processes.
    await client.call('snapshot', { pid: app.pid, format: 'ufo' });
    expect(existsSync(labelDir) ? readdirSync(labelDir) : []).toEqual([]);
  });

  it("snapshot mode diff: what an action changed since this session's last snapshot; another session starts full", async () => {
    // A fresh session: no earlier snapshot, so the first diff is a full snapshot.
    const fresh = await connectJsonRpc(served.url, { token: served.token });
    const first = await fresh.call<{ mode: string; snapshot?: SnapshotData }>('snapshot', { pid: app.pid, format: 'json', mode: 'diff' });
    await fresh.close();
    const data = (await client.call<{ snapshot: SnapshotData }>('snapshot', { pid: app.pid, format: 'json' })).snapshot;
    expect(first.mode).toBe('full');
    const box = data.nodes.find((n) => n.role === 'CheckBox' && n.states.includes('enabled'))!;
    await client.call('act', { action: { function: 'toggle', args: { id: box.ref } } });
    const diff = await client.call<{ mode: string; text: string; diff: { added: number; removed: number; changed: number } }>('snapshot', { pid: app.pid, mode: 'diff' });
    expect(diff.mode).toBe('diff');
    expect(diff.diff.changed).toBeGreaterThanOrEqual(1);
    // The text lists the box's change by its ref, and names the state that flipped.
    const line = diff.text.split('\n').find((l) => l.includes(box.ref));
    expect(line, diff.text).toMatch(/checked/);
    const other = await connectJsonRpc(served.url, { token: served.token });
    expect((await other.call<{ mode: string }>('snapshot', { pid: app.pid, mode: 'diff' })).mode).toBe('full');
    await other.close();
    await client.call('act', { action: { function: 'toggle', args: { id: box.ref } } });
  });

  it('wait_for: a state an action brings about is seen; an absent node times out within the bound; gone is at once', async () => {
    const data = (await client.call<{ snapshot: SnapshotData }>('snapshot', { pid: app.pid, format: 'json' })).snapshot;
    const box = data.nodes.find((n) => n.role === 'CheckBox' && n.states.includes('enabled'))!;
    const want = box.states.includes('checked') ? 'unchecked' : 'checked';
    await client.call('act', { action: { function: 'toggle', args: { id: box.ref } } });
    const seen = await client.call<{ satisfied: boolean; node?: { ref: string; states: string[] } }>('wait_for', {
      pid: app.pid,
      role: 'CheckBox',
      name: box.name,
      ...(want === 'checked' ? { states: ['checked'] } : {}),
      timeoutMs: 3000,
    });
    expect(seen.satisfied).toBe(true);
    const absent = await client.call<{ satisfied: boolean; waitedMs: number; polls: number }>('wait_for', { pid: app.pid, name: 'no such control anywhere', timeoutMs: 400 });
    expect(absent).toMatchObject({ satisfied: false });
    expect(absent.polls).toBeGreaterThan(1);
    expect((await client.call<{ satisfied: boolean; polls: number }>('wait_for', { pid: app.pid, name: 'no such control anywhere', gone: true })).polls).toBe(1);
    await client.call('act', { action: { function: 'toggle', args: { id: box.ref } } });
  });
});
