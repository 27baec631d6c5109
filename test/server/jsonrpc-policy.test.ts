/**
 * The server's policy over JSON-RPC on real apps: --dry-run validates and resolves actions (ids, labels) but
 * acts on nothing, read back from the app; --allow-apps serves one app and refuses another (gtk3-demo running
 * beside gtk3-widget-factory) by name, pid, window list and action target, with ACCESS_DENIED.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Desktop, type SnapshotData, type UINode } from '../../lib/index.js';
import { connectJsonRpc, JsonRpcCallError, type JsonRpcClient } from '../../lib/server/jsonrpc/client.js';
import { startApp, type RunningApp } from '../fixtures/apps.js';
import { serveJsonRpc, type ServedJsonRpc } from '../helpers/serve-jsonrpc.js';

let factory: RunningApp;
let demo: RunningApp;

beforeAll(async () => {
  [factory, demo] = await Promise.all([startApp('widgetFactory'), startApp('gtk3Demo')]);
});
afterAll(async () => {
  await Promise.all([factory?.stop(), demo?.stop()]);
});

const enabled = (n: UINode) => n.states.includes('enabled');
const snapshotJson = async (c: JsonRpcClient, pid: number) => (await c.call<{ snapshot: SnapshotData }>('snapshot', { pid, format: 'json' })).snapshot;
const refusal = (e: unknown) => (e as JsonRpcCallError).rpc;

describe('--dry-run', () => {
  let served: ServedJsonRpc;
  let client: JsonRpcClient;
  beforeAll(async () => {
    served = await serveJsonRpc(['--dry-run']);
    client = await connectJsonRpc(served.url, { token: served.token });
  });
  afterAll(async () => {
    await client?.close();
    await served?.stop();
  });

  it('resolves refs and labels into the elements they name, and acts on nothing (read back)', async () => {
    expect(served.stderr()).toMatch(/dry run/);
    const before = await snapshotJson(client, factory.pid);
    const box = before.nodes.find((n) => n.role === 'CheckBox' && enabled(n))!;
    const entry = before.nodes.find((n) => n.role === 'Edit' && enabled(n) && n.value === 'entry')!;
    const planned = await client.call<{ dryRun: boolean; planned: unknown[]; results?: unknown }>('act', {
      action: [
        { function: 'toggle', args: { id: box.ref } },
        { function: 'set_edit_text', args: { id: entry.ref, text: 'dry run must not write this' } },
      ],
    });
    expect(planned).toMatchObject({
      dryRun: true,
      planned: [
        { function: 'toggle', target: { ref: box.ref, role: 'CheckBox', name: box.name, app: 'gtk3-widget-factory' } },
        { function: 'set_edit_text', target: { ref: entry.ref, role: 'Edit' } },
      ],
    });
    expect(planned.results).toBeUndefined();
    // A label of this session's observation resolves too.
    const ufo = JSON.parse((await client.call<{ text: string }>('snapshot', { pid: factory.pid, format: 'ufo-v2' })).text) as { label: string; control_text: string; control_type: string }[];
    const label = ufo.find((l) => l.control_type === 'CheckBox')!;
    const byLabel = await client.call<{ planned: { target: { role: string; name: string } }[] }>('act', { action: { function: 'click_input', args: { id: label.label } } });
    expect(byLabel.planned[0]!.target).toMatchObject({ role: 'CheckBox', name: label.control_text });
    // Read back: nothing changed.
    const after = await snapshotJson(client, factory.pid);
    expect(after.nodes.find((n) => n.ref === box.ref)!.states.includes('checked')).toBe(box.states.includes('checked'));
    expect(after.nodes.find((n) => n.ref === entry.ref)!.value).toBe('entry');
  });

  it('still refuses what would fail: a bad action, a ref not shown to the session', async () => {
    const bad = await client.call('act', { action: { function: 'toggle', args: {} } }).catch((e: unknown) => e);
    expect(refusal(bad)).toMatchObject({ code: -32602, data: { code: 'INVALID_ARGUMENT' } });
    const other = await connectJsonRpc(served.url, { token: served.token });
    const unseen = (await snapshotJson(client, factory.pid)).nodes.find((n) => n.role === 'CheckBox')!;
    const e = await other.call('act', { action: { function: 'toggle', args: { id: unseen.ref } } }).catch((x: unknown) => x);
    expect(refusal(e)).toMatchObject({ code: -32602, message: expect.stringContaining('was not shown to this session') });
    await other.close();
  });
});

describe('--allow-apps', () => {
  let served: ServedJsonRpc;
  let client: JsonRpcClient;
  beforeAll(async () => {
    served = await serveJsonRpc(['--allow-apps', 'gtk3-widget-factory']);
    client = await connectJsonRpc(served.url, { token: served.token });
  });
  afterAll(async () => {
    await client?.close();
    await served?.stop();
  });

  it('lists only the allowed app\'s windows', async () => {
    const { windows } = await client.call<{ windows: { app: string; pid: number }[] }>('windows');
    expect(windows.length).toBeGreaterThan(0);
    expect(new Set(windows.map((w) => w.app))).toEqual(new Set(['gtk3-widget-factory']));
  });

  it('refuses the other app by name, pid and window title (ACCESS_DENIED), and serves the allowed one', async () => {
    for (const target of [{ app: 'gtk3-demo' }, { pid: demo.pid }]) {
      const e = await client.call('snapshot', { ...target, format: 'tree' }).catch((x: unknown) => x);
      expect(refusal(e), JSON.stringify(target)).toMatchObject({ code: -32000, data: { code: 'ACCESS_DENIED' } });
    }
    const act = await client.call('act', { pid: demo.pid, action: { function: 'keyboard_input', args: { keys: 'a' } } }).catch((x: unknown) => x);
    expect(refusal(act)).toMatchObject({ data: { code: 'ACCESS_DENIED' } });
    const data = await snapshotJson(client, factory.pid);
    expect(data.app.name).toBe('gtk3-widget-factory');
  });

  it("refuses the other app's refs too, even those the server's own window and app lists saw", async () => {
    // The test's own Desktop (the library, not the server) knows gtk3-demo's refs: a client that guessed them.
    const desk = await Desktop.open();
    const demoApp = (await desk.applications()).find((a) => a.pid === demo.pid)!;
    const demoWindow = (await desk.windows()).find((w) => w.pid === demo.pid)!;
    await desk.close();
    // The refusals above made the session's Desktop list every app and window (to learn their apps).
    await client.call('windows');
    for (const [method, params] of [
      ['snapshot', { ref: demoWindow.ref, format: 'tree' }],
      ['screenshot', { ref: demoWindow.ref }],
      ['screenshot', { ref: demoApp.ref }],
      ['wait_for', { ref: demoWindow.ref, role: 'Button', timeoutMs: 200 }],
      ['act', { ref: demoWindow.ref, action: { function: 'keyboard_input', args: { keys: 'a' } } }],
      ['act', { action: { function: 'click_input', args: { id: demoWindow.ref } } }],
    ] as const) {
      const e = await client.call(method, params).catch((x: unknown) => x);
      expect(e, `${method} ${JSON.stringify(params)}`).toBeInstanceOf(JsonRpcCallError);
      // A window ref was shown to the session's Desktop (by the window list): it is the allowlist that refuses.
      // The app's root ref only if an earlier refusal listed the apps; otherwise it was never shown at all.
      const allowed = 'ref' in params && params.ref === demoApp.ref ? ['ACCESS_DENIED', 'INVALID_ARGUMENT'] : ['ACCESS_DENIED'];
      expect(allowed, `${method} ${JSON.stringify(params)}: ${(e as Error).message}`).toContain((e as JsonRpcCallError).code);
    }
  });
});
