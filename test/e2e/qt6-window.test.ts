/**
 * A Qt 6 app through the bus alone: a tiny PyQt6 window (test/fixtures/qt6-window.py) is listed, windowed
 * and snapshotted, takes set_edit_text through EditableText and a click through its Action, both read back,
 * and survives all of it (Qt 6's adaptor, like Qt 5's, must never be sent Properties.GetAll).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Desktop } from '../../lib/index.js';
import { launchApp, type AppSpec, type RunningApp } from '../../lib/session/index.js';
import { libatspiTexts } from '../helpers/libatspi-read.js';

const QT6_WINDOW: AppSpec = {
  name: 'qt6-window',
  command: '/usr/bin/python3',
  args: [join(import.meta.dirname, '..', 'fixtures', 'qt6-window.py')],
  toolkit: 'qt',
  atspiName: /^lamb-qt6-window$/,
  startupTimeoutMs: 20000,
};

describe('a Qt 6 window through the bus alone', () => {
  let app: RunningApp;
  let desk: Desktop;

  beforeAll(async () => {
    app = await launchApp(QT6_WINDOW, process.env);
    desk = await Desktop.open({ timeoutMs: 5000 });
  });
  afterAll(async () => {
    await desk?.close();
    await app?.stop();
  });

  it('is listed by name, with its window by title', async () => {
    expect((await desk.applications()).find((a) => a.pid === app.pid)).toMatchObject({ name: 'lamb-qt6-window' });
    expect((await desk.windows()).find((w) => w.pid === app.pid)).toMatchObject({ title: 'Qt 6 window' });
    const snap = await desk.snapshot({ window: 'Qt 6 window' });
    expect(snap.root).toMatchObject({ role: 'Window', name: 'Qt 6 window' });
    expect(snap.nodes.map((n) => n.role)).toEqual(['Window', 'Edit', 'Button', 'Text']);
  });

  it('set_edit_text and a click are verified and read back, by lam-bridge and by libatspi', async () => {
    let snap = await desk.snapshot({ pid: app.pid, visibleOnly: true });
    const set = await desk.act({ function: 'set_edit_text', args: { id: snap.find({ role: 'Edit' })[0]!.ref, text: 'Qt six ✓' } });
    expect(set).toMatchObject({ ok: true, verdict: 'verified', method: 'EditableText.SetTextContents' });
    const click = await desk.act({ function: 'invoke', args: { id: snap.find({ role: 'Button', name: 'Copy' })[0]!.ref } });
    expect(click).toMatchObject({ ok: true, verdict: 'verified' });
    // Qt's press action is an animated click: the label changes ~100 ms after the action answered.
    for (const deadline = Date.now() + 5000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
      snap = await desk.snapshot({ pid: app.pid, visibleOnly: true });
      if (snap.find({ role: 'Text', name: 'copied: Qt six ✓' }).length) break;
    }
    expect(snap.find({ role: 'Edit' })[0]!.value).toBe('Qt six ✓');
    expect(snap.find({ role: 'Text', name: 'copied: Qt six ✓' })).toHaveLength(1);
    const seen = libatspiTexts(app.pid);
    expect(seen.some((n) => n.role === 'text' && n.text === 'Qt six ✓')).toBe(true);
    expect(seen.some((n) => n.role === 'label' && n.name === 'copied: Qt six ✓')).toBe(true);
    process.kill(app.pid, 0);  // still running
  });
});
