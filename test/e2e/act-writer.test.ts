/** Actions on LibreOffice Writer: the document text, typing, and a toolbar toggle. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../../lib/session/index.js';
import { Desktop, type UINode } from '../../lib/index.js';
import { startApp } from '../fixtures/apps.js';

describe('actions on LibreOffice Writer', () => {
  let app: RunningApp;
  let desk: Desktop;
  let paragraph: UINode;

  beforeAll(async () => {
    app = await startApp('writer');
    desk = await Desktop.open({ timeoutMs: 10_000 });
    const snap = await desk.snapshot({ pid: app.pid, visibleOnly: true });
    paragraph = snap.nodes.find((n) => n.rawRole === 'paragraph')!;
  });
  afterAll(async () => {
    await desk?.close();
    await app?.stop();
  });

  const read = async (ref: string) => (await desk.snapshot({ ref, maxDepth: 0 })).root!;

  it('sets the paragraph text through EditableText', async () => {
    const r = await desk.act({ function: 'set_edit_text', args: { id: paragraph.ref, text: 'Hello from lam-bridge' } });
    expect(r).toMatchObject({ verdict: 'verified', method: 'EditableText.SetTextContents' });
    expect((await read(paragraph.ref)).value).toBe('Hello from lam-bridge');
  });

  it('types into the document with UFO key syntax, a new paragraph on Enter', async () => {
    const r = await desk.act({ function: 'keyboard_input', args: { id: paragraph.ref, keys: '{END}!{ENTER}Second' } });
    expect(r.verdict).toBe('verified');
    const snap = await desk.snapshot({ pid: app.pid, visibleOnly: true });
    const texts = snap.nodes.filter((n) => n.rawRole === 'paragraph').map((n) => n.value);
    expect(texts).toEqual(['Hello from lam-bridge!', 'Second']);
  });

  it('selects all and turns Bold on from the toolbar, verified by its checked state', async () => {
    await desk.act({ function: 'keyboard_input', args: { id: paragraph.ref, keys: '{VK_CONTROL}a' } });
    const bold = (await desk.snapshot({ pid: app.pid, visibleOnly: true })).find({ name: 'Bold' })[0]!;
    const wasChecked = bold.states.includes('checked');
    const r = await desk.act({ function: 'click_input', args: { id: bold.ref, name: 'Bold' } });
    expect(r.verdict, JSON.stringify(r.error ?? r.evidence)).toBe('verified');
    expect(r.evidence!.expected).toBe(`${wasChecked ? 'not ' : ''}checked`);
    expect((await read(bold.ref)).states.includes('checked')).toBe(!wasChecked);
  });

  it('opens a modal dialog from the menu, sees it as a new window, and closes it', async () => {
    let snap = await desk.snapshot({ pid: app.pid, visibleOnly: true });
    const format = snap.find({ role: 'MenuItem', name: 'Format' })[0]!;
    const opened = await desk.act({ function: 'click_input', args: { id: format.ref, name: 'Format' } });
    expect(opened.verdict).toBe('verified');
    snap = await desk.snapshot({ pid: app.pid, visibleOnly: true });
    const character = snap.find({ role: 'MenuItem', name: /^Character/ })[0]!;
    const dialog = await desk.act({ function: 'click_input', args: { id: character.ref } });
    expect(dialog.verdict).toBe('verified');
    const window = (await desk.windows()).find((w) => w.pid === app.pid && w.title === 'Character')!;
    expect(window).toBeDefined();
    // The dialog runs a modal loop: its tree must still be readable, and its buttons usable.
    const inDialog = await desk.snapshot({ ref: window.ref, visibleOnly: true });
    const cancel = inDialog.find({ role: 'Button', name: 'Cancel' })[0]!;
    const closed = await desk.act({ function: 'click_input', args: { id: cancel.ref, name: 'Cancel' } });
    expect(closed.verdict).toBe('verified');
    expect(closed.evidence!.changes).toContainEqual(expect.objectContaining({ kind: 'removed', ref: window.ref }));
    expect((await desk.windows()).filter((w) => w.pid === app.pid).map((w) => w.title)).not.toContain('Character');
  });
});
