/**
 * The intent seam on a real GTK 3 app (gtk3-widget-factory), through the adapter: each intent reports the
 * platform method native/linux used, one D-Bus error map gives stable codes (not supported, stale, app gone),
 * bad arguments never reach the app, and a pause in the input honours its budget and cancellation.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../../lib/session/index.js';
import { loadNative } from '../../bindings/index.js';
import { Desktop, type Snapshot, type UINode } from '../../lib/index.js';
import { AtspiAdapter } from '../../lib/platform/atspi/atspi-adapter.js';
import { startApp } from '../fixtures/apps.js';

describe('intents on gtk3-widget-factory', () => {
  let app: RunningApp;
  let desk: Desktop;
  let snap: Snapshot;
  const adapter = new AtspiAdapter();
  const enabled = (n: UINode) => n.states.includes('enabled');
  const entry = () => snap.find({ role: 'Edit' }).find((e) => enabled(e) && e.value !== null && !e.value.includes('combo'))!;

  beforeAll(async () => {
    app = await startApp('widgetFactory');
    desk = await Desktop.open({ timeoutMs: 10_000 });
    snap = await desk.snapshot({ pid: app.pid, visibleOnly: true });
  });
  afterAll(async () => {
    await desk?.close();
    await app?.stop();
  });

  it('setText then readText: the native methods, and the text read back', async () => {
    const target = entry();
    const set = await adapter.perform({ ref: target.ref, intent: 'setText', text: 'intent ✓', timeoutMs: 5000 });
    expect(set).toEqual({ ok: true, method: 'EditableText.SetTextContents' });
    const read = await adapter.perform({ ref: target.ref, intent: 'readText', timeoutMs: 5000 });
    expect(read).toEqual({ ok: true, method: 'Text.GetText', result: 'intent ✓' });
  });

  it('focus and scrollIntoView name the Component calls', async () => {
    const target = entry();
    expect(await adapter.perform({ ref: target.ref, intent: 'focus', timeoutMs: 5000 })).toMatchObject({ method: 'Component.GrabFocus' });
    expect(await adapter.perform({ ref: target.ref, intent: 'scrollIntoView', timeoutMs: 5000 })).toMatchObject({ method: 'Component.ScrollTo' });
  });

  it("an app's refusal (a FALSE answer) is INVALID_OPERATION, not a result with ok: false", async () => {
    // GTK answers GrabFocus with FALSE for a widget that cannot take the focus.
    const label = snap.find({ role: 'Text', name: 'label' }).find(enabled)!;
    await expect(adapter.perform({ ref: label.ref, intent: 'focus', timeoutMs: 5000 })).rejects.toMatchObject({
      code: 'INVALID_OPERATION',
      message: expect.stringMatching(/^Component\.GrabFocus \(AT-SPI\): the application refused it/),
    });
  });

  it('toggle picks the check box action by name and reports it', async () => {
    const box = snap.find({ role: 'CheckBox' }).find(enabled)!;
    const r = await adapter.perform({ ref: box.ref, intent: 'toggle', timeoutMs: 5000 });
    expect(r.method).toMatch(/^Action\.DoAction\((toggle|click|press|activate)\)$/);
    await adapter.perform({ ref: box.ref, intent: 'toggle', timeoutMs: 5000 }); // back as it was
  });

  it('an intent the element cannot do is PATTERN_NOT_SUPPORTED, listing what it offers', async () => {
    const label = snap.find({ role: 'Text', name: 'label' }).find(enabled)!;
    await expect(adapter.perform({ ref: label.ref, intent: 'expand', timeoutMs: 5000 })).rejects.toMatchObject({
      code: 'PATTERN_NOT_SUPPORTED',
    });
    // An entry has no Value interface: the range check reads nothing and the app is never asked to set it.
    await expect(adapter.perform({ ref: entry().ref, intent: 'setValue', value: 3, timeoutMs: 5000 })).rejects.toMatchObject({
      code: 'PATTERN_NOT_SUPPORTED',
    });
  });

  it('an element that does not exist is ELEMENT_STALE; an app that is gone is APP_NOT_RUNNING', async () => {
    const bus = entry().ref.split(':')[0]!;
    await expect(adapter.perform({ ref: `${bus}:987654321`, intent: 'invoke', timeoutMs: 5000 })).rejects.toMatchObject({
      code: 'ELEMENT_STALE',
    });
    await expect(adapter.perform({ ref: '1.999999:1', intent: 'invoke', timeoutMs: 5000 })).rejects.toMatchObject({
      code: 'APP_NOT_RUNNING',
    });
  });

  it('bad arguments are refused before anything reaches the app', () => {
    const native = loadNative() as unknown as Record<string, (o: unknown) => unknown>;
    const ref = entry().ref;
    expect(() => native.perform!({ ref, intent: 'doAction' })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => native.perform!({ ref, intent: 'setValue', value: Number.NaN })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => native.input!({ events: [{ kind: 'buttonDown', button: 4 }] })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    // An embedded NUL would cut the text (or a ref) where the platform's C strings end: refused, not cut.
    expect(() => native.perform!({ ref, intent: 'setText', text: 'cut\u0000here' })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => native.perform!({ ref: `${ref}\u0000x`, intent: 'readText' })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => native.input!({ events: [], window: `${ref}\u0000` })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    // A skipped event would send the rest somewhere else: a non-object event is refused, not skipped.
    expect(() => native.input!({ events: [{ kind: 'move', x: 1, y: 1 }, 7] })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('a pause longer than the budget ends in TIMEOUT instead of running on', async () => {
    await expect(adapter.input({ events: [{ kind: 'pause', ms: 300_000 }], timeoutMs: 200 })).rejects.toMatchObject({ code: 'TIMEOUT' });
  });

  it('an input that fails part way leaves nothing pressed and the spare keycode unbound', async () => {
    // A keysym no layout maps (U+03B1 as a Unicode keysym): typing it binds the spare keycode.
    const alpha = 0x10003b1;
    const held = () =>
      JSON.parse(execFileSync('python3', [join(import.meta.dirname, '..', 'fixtures', 'x11-held.py'), alpha.toString(16)], { encoding: 'utf8' })) as {
        keys: number[];
        buttons: number;
        bound: number[];
        width: number;
        height: number;
      };
    const before = held();
    expect(before).toMatchObject({ keys: [], buttons: 0, bound: [] });
    await expect(
      adapter.input({
        events: [
          // The bottom-right pixel, away from the app's window: the button's release is no click on it.
          { kind: 'move', x: before.width - 1, y: before.height - 1 },
          { kind: 'keyDown', code: 0xffe1 }, // Shift_L
          { kind: 'keyDown', code: alpha },
          { kind: 'buttonDown', button: 'middle' },
          { kind: 'pause', ms: 300_000 },
        ],
        timeoutMs: 300,
      }),
    ).rejects.toMatchObject({ code: 'TIMEOUT' });
    expect(held()).toMatchObject({ keys: [], buttons: 0, bound: [] });
  });

  it('a pause cancelled by a stopping service ends in INTERNAL, the code of every cancelled wait', async () => {
    // The worker's addon exports __stopService: the binary reads the variable (the process's) when it loads.
    process.env.LAM_BRIDGE_TEST_HOOKS = '1';
    const worker = new Worker(
      `const addon = require(${JSON.stringify(join(import.meta.dirname, '..', 'fixtures', 'lifecycle', 'load-addon.cjs'))});
       const { parentPort } = require('node:worker_threads');
       const pausing = addon.input({ events: [{ kind: 'pause', ms: 300000 }], timeoutMs: 600000 })
         .then(() => ({ resolved: true }), (e) => ({ code: e.code, message: e.message }));
       setTimeout(() => { addon.__stopService({ service: 'platform' }); pausing.then((r) => parentPort.postMessage(r)); }, 200);`,
      { eval: true },
    );
    const settled = await new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    delete process.env.LAM_BRIDGE_TEST_HOOKS;
    expect(settled).toMatchObject({ code: 'INTERNAL', message: expect.stringMatching(/cancelled/) });
  });

  it('a worker in a long pause can be terminated (the pause is cancelled)', async () => {
    const worker = new Worker(
      `const addon = require(${JSON.stringify(join(import.meta.dirname, '..', 'fixtures', 'lifecycle', 'load-addon.cjs'))});
       const { parentPort } = require('node:worker_threads');
       addon.input({ events: [{ kind: 'pause', ms: 300000 }], timeoutMs: 600000 }).catch(() => {});
       parentPort.postMessage('pausing');`,
      { eval: true },
    );
    await new Promise((resolve) => worker.once('message', resolve));
    // Terminating joins the worker's platform thread; a pause that ignored cancellation would hold it for
    // five minutes and this test would run into its timeout.
    await worker.terminate();
  });
});
