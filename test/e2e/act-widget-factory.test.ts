/** Grounded, verified actions on a real GTK 3 app (gtk3-widget-factory). */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningApp } from '../../lib/session/index.js';
import { ActionResult, Desktop, type Snapshot, type UINode } from '../../lib/index.js';
import { startApp } from '../fixtures/apps.js';

describe('actions on gtk3-widget-factory', () => {
  let app: RunningApp;
  let desk: Desktop;
  let snap: Snapshot;
  const enabled = (n: UINode) => n.states.includes('enabled');

  beforeAll(async () => {
    app = await startApp('widgetFactory');
    desk = await Desktop.open();
  });
  /** Snapshots until `done` holds: GtkStack animates page changes, so the new page shows up a little later. */
  async function snapshotUntil(done: (s: Snapshot) => boolean, what: string): Promise<Snapshot> {
    const deadline = Date.now() + 5000;
    for (;;) {
      const s = await desk.snapshot({ pid: app.pid, visibleOnly: true });
      if (done(s)) return s;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  const onPageOne = (s: Snapshot) =>
    s.find({ role: 'RadioButton', name: 'Page 1', states: ['checked'] }).length === 1 &&
    s.find({ role: 'CheckBox', name: 'checkbutton' }).length > 0;

  // Every test starts on page 1 (a failed test must not leave the next one on another page).
  beforeEach(async () => {
    snap = await desk.snapshot({ pid: app.pid, visibleOnly: true });
    if (!onPageOne(snap)) {
      const tab = snap.find({ role: 'RadioButton', name: 'Page 1' })[0]!;
      await desk.act({ function: 'click_input', args: { id: tab.ref } });
      snap = await snapshotUntil(onPageOne, 'page 1');
    }
  });
  afterAll(async () => {
    await desk?.close();
    await app?.stop();
  });

  const entry = () => snap.find({ role: 'Edit' }).find((e) => enabled(e) && e.value !== null && !e.value.includes('combo'))!;
  const read = async (ref: string) => (await desk.snapshot({ ref, maxDepth: 0 })).root!;

  it('sets the text of an entry and reads it back, with evidence', async () => {
    const target = entry();
    const r = await desk.act({ function: 'set_edit_text', args: { id: target.ref, name: target.name, text: 'héllo wörld ✓' } });
    ActionResult.parse(r);
    expect(r).toMatchObject({ ok: true, verdict: 'verified', method: 'EditableText.SetTextContents' });
    expect(r.target).toEqual({ ref: target.ref, role: 'Edit', name: target.name });
    expect(r.evidence!.after!.value).toBe('héllo wörld ✓');
    expect(r.evidence!.changes).toContainEqual(expect.objectContaining({ field: 'value', after: 'héllo wörld ✓' }));
    expect((await read(target.ref)).value).toBe('héllo wörld ✓');
    const texts = await desk.act({ function: 'texts', args: { id: target.ref } });
    expect(texts.result).toBe('héllo wörld ✓');
  });

  it('toggles a check button, both ways', async () => {
    const box = snap.find({ role: 'CheckBox' }).find(enabled)!;
    const wasChecked = box.states.includes('checked');
    const first = await desk.act({ function: 'toggle', args: { id: box.ref } });
    expect(first.verdict).toBe('verified');
    expect((await read(box.ref)).states.includes('checked')).toBe(!wasChecked);
    const back = await desk.act({ function: 'click_input', args: { id: box.ref, name: box.name } });
    expect(back.verdict).toBe('verified');
    expect((await read(box.ref)).states.includes('checked')).toBe(wasChecked);
  });

  it('chooses a radio button of the stack switcher and the stack page changes', async () => {
    const pageTwo = snap.find({ role: 'RadioButton', name: 'Page 2' })[0]!;
    const r = await desk.act({ function: 'click_input', args: { id: pageTwo.ref, name: 'Page 2' } });
    expect(r.verdict).toBe('verified');
    // Page 2's controls come on screen (after GtkStack's transition), page 1's leave it.
    const before = new Set(snap.nodes.map((n) => n.ref));
    const arrived = (s: Snapshot) => s.nodes.filter((n) => !before.has(n.ref)).length;
    const after = await snapshotUntil((s) => !onPageOne(s) && arrived(s) > 5, "page 2's controls");
    expect(after.find({ role: 'RadioButton', name: 'Page 2' })[0]!.states).toContain('checked');
    const now = new Set(after.nodes.map((n) => n.ref));
    expect(arrived(after)).toBeGreaterThan(5);
    expect(snap.nodes.filter((n) => !now.has(n.ref)).length).toBeGreaterThan(5);
    const back = await desk.act({ function: 'select', args: { id: snap.find({ role: 'RadioButton', name: 'Page 1' })[0]!.ref } });
    expect(back.verdict).toBe('verified');
  });

  it('opens a combo box and picks an item', async () => {
    const combo = snap.find({ role: 'ComboBox', name: 'Left' })[0]!;
    const opened = await desk.act({ function: 'expand', args: { id: combo.ref } });
    expect(opened.verdict).toBe('verified');
    expect(opened.evidence!.changes).toContainEqual(expect.objectContaining({ kind: 'added', after: "MenuItem 'Middle'" }));
    const menu = await desk.snapshot({ pid: app.pid, visibleOnly: true });
    const middle = menu.find({ role: 'MenuItem', name: 'Middle' })[0]!;
    const picked = await desk.act({ function: 'click_input', args: { id: middle.ref, name: 'Middle' } });
    expect(picked.verdict).toBe('verified');
    expect((await read(combo.ref)).name).toBe('Middle');
  });

  it('types keys with modifiers: Ctrl+A then BackSpace empties the entry, then text goes in', async () => {
    const target = entry();
    await desk.act({ function: 'set_edit_text', args: { id: target.ref, text: 'to be removed' } });
    // BackSpace, not Delete: GTK 3 entries under Xvfb ignore a synthesized Delete (xdotool's too).
    const cleared = await desk.act({ function: 'keyboard_input', args: { id: target.ref, keys: '{VK_CONTROL}a{BACKSPACE}' } });
    expect(cleared.verdict).toBe('verified');
    expect((await read(target.ref)).value).toBe('');
    // UFO's escaping: a raw ^ is a literal caret; spaces are dropped without with_spaces, like UFO.
    const typed = await desk.act({ function: 'keyboard_input', args: { id: target.ref, keys: 'a^b c{ENTER}' } });
    expect(typed.verdict).toBe('verified');
    expect((await read(target.ref)).value).toBe('a^bc');
  });

  it('scrolls a text view with the wheel, and reports a wheel that moves nothing as unverified', async () => {
    const view = snap.find({ role: 'Edit' }).find((n) => (n.value ?? '').startsWith('Lorem ipsum'))!;
    const down = await desk.act({ function: 'wheel_mouse_input', args: { id: view.ref, wheel_dist: -5 } });
    expect(down.verdict).toBe('verified');
    expect(down.evidence!.changes.length).toBeGreaterThan(0);
    const idle = await desk.act({ function: 'wheel_mouse_input', args: { id: entry().ref, wheel_dist: -2 } }, { settleMs: 200 });
    expect(idle).toMatchObject({ ok: true, verdict: 'unverified' });
  });

  it('refuses a disabled control with ELEMENT_DISABLED, touching nothing', async () => {
    const disabled = snap.find({ role: 'CheckBox' }).find((n) => !enabled(n))!;
    const r = await desk.act({ function: 'click_input', args: { id: disabled.ref } });
    expect(r).toMatchObject({ ok: false, verdict: 'failed', error: { code: 'ELEMENT_DISABLED' } });
    expect((await read(disabled.ref)).states).toEqual(disabled.states);
  });

  it('reports a click with no effect as unverified', async () => {
    const label = snap.find({ role: 'Text', name: 'label' }).find(enabled)!;
    const r = await desk.act({ function: 'click_input', args: { id: label.ref, button: 'right' } }, { settleMs: 300 });
    expect(r, JSON.stringify(r.error)).toMatchObject({ ok: true, verdict: "unverified", method: "input: right click" });
    expect(r.evidence!.changes).toEqual([]);
  });

  it('warns with the true name when id and name disagree, and acts on the id (UFO)', async () => {
    const box = snap.find({ role: 'CheckBox' }).find(enabled)!;
    const r = await desk.act({ function: 'toggle', args: { id: box.ref, name: 'Something Else' } });
    expect(r.verdict).toBe('verified');
    expect(r.warning).toMatch(/named 'checkbutton', not 'Something Else'/);
    await desk.act({ function: 'toggle', args: { id: box.ref } });
  });

  it('resolves labels from a ufo-v2 observation, and lists the valid ones for an unknown label', async () => {
    const observation = snap.observe('ufo-v2');
    const [label] = Object.entries(observation.labels!.labels).find(([, e]) => e.name === 'Page 3')!;
    const r = await desk.act({ Function: 'click_input', Args: {}, ControlLabel: label, ControlText: 'Page 3', Status: 'CONTINUE' });
    expect(r.verdict).toBe('verified');
    expect(r.target?.name).toBe('Page 3');
    const bad = await desk.act({ function: 'click_input', args: { id: '99999', name: 'x' } });
    expect(bad.error?.code).toBe('INVALID_ARGUMENT');
    expect(bad.error?.message).toMatch(/valid labels: 1, 2, 3/);
    await desk.act({ function: 'click_input', args: { id: snap.find({ role: 'RadioButton', name: 'Page 1' })[0]!.ref } });
  });

  it('clicks at fractional window coordinates, raising the window first', async () => {
    const pageThree = snap.find({ role: 'RadioButton', name: 'Page 3' })[0]!;
    const [window] = (await desk.windows()).filter((w) => w.pid === app.pid);
    const wr = window!.rect!;
    const x = (pageThree.rect!.x + pageThree.rect!.width / 2 - wr.x) / wr.width;
    const y = (pageThree.rect!.y + pageThree.rect!.height / 2 - wr.y) / wr.height;
    const r = await desk.act({ function: 'click_on_coordinates', args: { x, y } }, { pid: app.pid });
    expect(r.verdict).toBe('verified');
    expect((await read(pageThree.ref)).states).toContain('checked');
    await desk.act({ function: 'click_input', args: { id: snap.find({ role: 'RadioButton', name: 'Page 1' })[0]!.ref } });
  });

  it('runs a UFO ActionList in order and stops at the first failure', async () => {
    const target = entry();
    const disabled = snap.find({ role: 'CheckBox' }).find((n) => !enabled(n))!;
    const results = await desk.actAll({
      ActionList: [
        { Function: 'set_edit_text', Args: { text: 'one' }, ControlLabel: target.ref, ControlText: target.name, Status: 'CONTINUE' },
        { Function: 'click_input', Args: {}, ControlLabel: disabled.ref, ControlText: disabled.name, Status: 'CONTINUE' },
        { Function: 'set_edit_text', Args: { text: 'never' }, ControlLabel: target.ref, ControlText: target.name, Status: 'CONTINUE' },
      ],
    });
    expect(results.map((r) => r.verdict)).toEqual(['verified', 'failed']);
    expect((await read(target.ref)).value).toBe('one');
  });
});
