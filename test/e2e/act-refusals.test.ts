/**
 * Refusals before touching an app: text into a control without `editable`, a value into one that cannot be
 * set. Each refusal must come back INVALID_OPERATION naming the state, with the control's text read back
 * unchanged and the focus where it was (nothing clicked, nothing typed); editable controls must still accept.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../../lib/session/index.js';
import { Desktop, type Snapshot, type UINode } from '../../lib/index.js';
import { startApp } from '../fixtures/apps.js';

async function textOf(desk: Desktop, ref: string): Promise<string> {
  const r = await desk.act({ function: 'texts', args: { id: ref } });
  expect(r.ok, JSON.stringify(r.error)).toBe(true);
  return String(r.result);
}

const focusedRef = (snap: Snapshot) => snap.nodes.find((n) => n.states.includes('focused'))?.ref ?? null;

describe('refusals on gtk3-demo: the read-only information pane', () => {
  let app: RunningApp;
  let desk: Desktop;
  let pane: UINode;

  beforeAll(async () => {
    app = await startApp('gtk3Demo');
    desk = await Desktop.open();
    const snap = await desk.snapshot({ pid: app.pid, visibleOnly: true });
    // The demo's description: a GtkTextView set non-editable (role text, no `editable` state).
    pane = snap.nodes.find((n) => n.rawRole === 'text' && !n.states.includes('editable') && (n.value ?? '').length > 20)!;
    expect(pane, 'gtk3-demo shows a read-only text view').toBeDefined();
  });
  afterAll(async () => {
    await desk?.close();
    await app?.stop();
  });

  it.each([
    ['set_edit_text', (id: string) => ({ function: 'set_edit_text', args: { id, text: 'typed by the test' } })],
    ['set_value with text', (id: string) => ({ function: 'set_value', args: { id, value: 'typed by the test' } })],
    ['keyboard_input typing', (id: string) => ({ function: 'keyboard_input', args: { id, keys: 'typed', control_focus: true } })],
  ])('refuses %s with INVALID_OPERATION naming the state; the text and the focus stay as they were', async (_, action) => {
    const before = await textOf(desk, pane.ref);
    const focusBefore = focusedRef(await desk.snapshot({ pid: app.pid, visibleOnly: true }));
    const r = await desk.act(action(pane.ref));
    expect(r).toMatchObject({ ok: false, verdict: 'failed', method: 'none', error: { code: 'INVALID_OPERATION' } });
    expect(r.error!.message).toMatch(/no 'editable' state/);
    expect(r.error!.message).toMatch(/nothing was clicked or typed/);
    expect(await textOf(desk, pane.ref)).toBe(before);
    expect(focusedRef(await desk.snapshot({ pid: app.pid, visibleOnly: true }))).toBe(focusBefore);
  });

  it('still takes shortcuts and navigation keys on the read-only pane (they type nothing)', async () => {
    const before = await textOf(desk, pane.ref);
    const r = await desk.act({ function: 'keyboard_input', args: { id: pane.ref, keys: '{VK_CONTROL}a{END}' } });
    expect(r.ok, JSON.stringify(r.error)).toBe(true);
    expect(await textOf(desk, pane.ref)).toBe(before);
  });
});

describe('refusals and acceptances on gtk3-widget-factory', () => {
  let app: RunningApp;
  let desk: Desktop;
  let snap: Snapshot;

  beforeAll(async () => {
    app = await startApp('widgetFactory');
    desk = await Desktop.open();
    snap = await desk.snapshot({ pid: app.pid, visibleOnly: true });
  });
  afterAll(async () => {
    await desk?.close();
    await app?.stop();
  });

  it('refuses set_value on a progress bar, whose value only the app sets; the value stays', async () => {
    const bar = snap.nodes.find((n) => n.role === 'ProgressBar')!;
    expect(bar, 'the widget factory shows a progress bar').toBeDefined();
    const r = await desk.act({ function: 'set_value', args: { id: bar.ref, value: 13 } });
    expect(r).toMatchObject({ ok: false, method: 'none', error: { code: 'INVALID_OPERATION' } });
    expect(r.error!.message).toMatch(/progress bar cannot be set/);
    expect((await desk.snapshot({ ref: bar.ref, maxDepth: 0 })).root!.value).toBe(bar.value);
  });

  it('still sets an editable entry (state editable) and verifies it', async () => {
    const entry = snap.nodes.find((n) => n.role === 'Edit' && n.states.includes('editable') && n.rawRole === 'text')!;
    expect(entry).toBeDefined();
    const r = await desk.act({ function: 'set_edit_text', args: { id: entry.ref, text: 'still editable' } });
    expect(r, JSON.stringify(r.error)).toMatchObject({ ok: true, verdict: 'verified' });
    expect(await textOf(desk, entry.ref)).toBe('still editable');
  });

  it('does not refuse a combo box whose entry is editable (the entry is its child)', async (ctx) => {
    const full = await desk.snapshot({ pid: app.pid, visibleOnly: false });
    const combo = full.nodes.find(
      (n) => n.role === 'ComboBox' && !n.states.includes('editable') && full.nodes.some((c) => c.parent === n.ref && c.states.includes('editable')),
    );
    if (!combo) {
      console.log('skip: gtk3-widget-factory shows no combo box with an editable entry on this build');
      ctx.skip();
      return;
    }
    const r = await desk.act({ function: 'set_edit_text', args: { id: combo.ref, text: 'combo text' } });
    expect(r.error?.code, JSON.stringify(r.error)).not.toBe('INVALID_OPERATION');
  });

  it('refuses set_edit_text on a combo box without an entry, saying to select', async (ctx) => {
    const full = await desk.snapshot({ pid: app.pid, visibleOnly: true });
    const combo = full.nodes.find(
      (n) => n.role === 'ComboBox' && !full.nodes.some((c) => c.parent === n.ref && c.states.includes('editable')) && n.states.includes('visible'),
    );
    if (!combo) {
      console.log('skip: gtk3-widget-factory shows no combo box without an entry');
      ctx.skip();
      return;
    }
    const r = await desk.act({ function: 'set_edit_text', args: { id: combo.ref, text: 'x' } });
    expect(r).toMatchObject({ ok: false, method: 'none', error: { code: 'INVALID_OPERATION' } });
    expect(r.error!.message).toMatch(/no editable entry.*select/);
  });
});

describe('Writer: document paragraphs stay editable', () => {
  let app: RunningApp;
  let desk: Desktop;

  beforeAll(async () => {
    app = await startApp('writer');
    desk = await Desktop.open({ timeoutMs: 10_000 });
  });
  afterAll(async () => {
    await desk?.close();
    await app?.stop();
  });

  it('a paragraph has the editable state and takes set_edit_text and typed keys', async () => {
    const snap = await desk.snapshot({ pid: app.pid, visibleOnly: true });
    const paragraph = snap.nodes.find((n) => n.rawRole === 'paragraph')!;
    expect(paragraph.states).toContain('editable');
    const set = await desk.act({ function: 'set_edit_text', args: { id: paragraph.ref, text: 'Refusals spare Writer' } });
    expect(set, JSON.stringify(set.error)).toMatchObject({ ok: true, verdict: 'verified' });
    const typed = await desk.act({ function: 'keyboard_input', args: { id: paragraph.ref, keys: '{END}!' } });
    expect(typed.ok, JSON.stringify(typed.error)).toBe(true);
    expect(await textOf(desk, paragraph.ref)).toBe('Refusals spare Writer!');
  });
});
