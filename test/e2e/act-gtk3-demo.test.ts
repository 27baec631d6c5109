/** Actions on gtk3-demo: selecting tree rows, windows that open and close, stale refs and re-finding. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../../lib/session/index.js';
import { Desktop, type ActionResult, type Snapshot } from '../../lib/index.js';
import { startApp } from '../fixtures/apps.js';

const addedWindow = (r: ActionResult) =>
  r.evidence?.changes.find((c) => c.kind === 'added' && String(c.after).startsWith('Window'))?.ref;

describe('actions on gtk3-demo', () => {
  let app: RunningApp;
  let desk: Desktop;
  let main: Snapshot;
  let run: string;

  beforeAll(async () => {
    app = await startApp('gtk3Demo');
    desk = await Desktop.open();
    main = await desk.snapshot({ pid: app.pid, visibleOnly: true });
    run = main.find({ role: 'Button', name: 'Run' })[0]!.ref;
  });
  afterAll(async () => {
    await desk?.close();
    await app?.stop();
  });

  it('selects a row of the demo tree through its Selection container', async () => {
    const row = main.find({ name: 'Dialogs and Message Boxes' })[0]!;
    const r = await desk.act({ function: 'select', args: { id: row.ref, name: row.name } });
    expect(r).toMatchObject({ verdict: 'verified', method: 'Selection.SelectChild' });
    expect(r.evidence!.after!.states).toContain('selected');
  });

  it('sees a new window open and close as the effect of a click, and a stale ref when its widgets die', async () => {
    const opened = await desk.act({ function: 'click_input', args: { id: run, name: 'Run' } });
    expect(opened.verdict).toBe('verified');
    const windowRef = addedWindow(opened)!;
    expect(windowRef).toBeDefined();
    const dialogs = await desk.snapshot({ ref: windowRef, visibleOnly: true });
    const button = dialogs.find({ role: 'Button', name: 'Message Dialog' })[0]!;
    expect(button).toBeDefined();

    // gtk3-demo's Run destroys a demo window that is showing.
    const closed = await desk.act({ function: 'click_input', args: { id: run } });
    expect(closed.verdict).toBe('verified');
    expect(closed.evidence!.changes).toContainEqual(expect.objectContaining({ kind: 'removed', ref: windowRef }));

    const stale = await desk.act({ function: 'click_input', args: { id: button.ref, name: 'Message Dialog' } });
    expect(stale).toMatchObject({ ok: false, verdict: 'failed', error: { code: 'ELEMENT_STALE' } });
    expect(stale.error!.message).toMatch(/Message Dialog/);

    // Opened again, the window is built anew: the old ref is re-found by its fingerprint.
    const reopened = await desk.act({ function: 'click_input', args: { id: run } });
    expect(reopened.verdict).toBe('verified');
    const refound = await desk.act({ function: 'click_input', args: { id: button.ref, name: 'Message Dialog' } });
    expect(refound.ok, JSON.stringify(refound.error)).toBe(true);
    expect(refound.warning).toMatch(/re-found Button 'Message Dialog'/);
    expect(refound.target!.ref).not.toBe(button.ref);
    expect(refound.target!.name).toBe('Message Dialog');
    // The message dialog it opened is the evidence; dismiss it.
    expect(refound.verdict).toBe('verified');
    const messageWindow = addedWindow(refound);
    expect(messageWindow).toBeDefined();
    const message = await desk.snapshot({ ref: messageWindow!, visibleOnly: true });
    const ok = message.find({ role: 'Button', name: /^_?OK$/ })[0]!;
    const dismissed = await desk.act({ function: 'click_input', args: { id: ok.ref } });
    expect(dismissed.verdict).toBe('verified');
  });
});
