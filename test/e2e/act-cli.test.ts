/** `lamb act` in separate processes: exit codes, the three action shapes, labels from an earlier process. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../../lib/session/index.js';
import { ActionResult, Desktop } from '../../lib/index.js';
import { startApp } from '../fixtures/apps.js';
import { lamb } from '../helpers/cli.js';

describe('lamb act', () => {
  let app: RunningApp;
  let desk: Desktop;
  let entryRef: string;
  let checkRef: string;
  let labelDir: string;
  const env = () => ({ ...process.env, LAM_BRIDGE_LABEL_DIR: labelDir });

  beforeAll(async () => {
    app = await startApp('widgetFactory');
    desk = await Desktop.open();
    const snap = await desk.snapshot({ pid: app.pid, visibleOnly: true });
    entryRef = snap.find({ role: 'Edit' }).find((e) => e.value === 'entry' && e.states.includes('enabled'))!.ref;
    checkRef = snap.find({ role: 'CheckBox' }).find((n) => n.states.includes('enabled'))!.ref;
    labelDir = (await import('node:fs')).mkdtempSync((await import('node:path')).join((await import('node:os')).tmpdir(), 'lamb-labels-'));
  });
  afterAll(async () => {
    await app?.stop();
    (await import('node:fs')).rmSync(labelDir, { recursive: true, force: true });
  });

  it('exits 0 with a verified result in the contract shape', async () => {
    const r = await lamb(['act', JSON.stringify({ function: 'set_edit_text', args: { id: entryRef, text: 'from the CLI' } })], { env: env() });
    expect(r.code, r.stderr).toBe(0);
    const result = ActionResult.parse(JSON.parse(r.stdout));
    expect(result).toMatchObject({ ok: true, verdict: 'verified', function: 'set_edit_text' });
    expect(r.stderr).toMatch(/set_edit_text Edit .* verified via EditableText.SetTextContents/);
  });

  it('accepts UFO newest and v1 shapes, also wrapped in prose', async () => {
    const newest = { observation: '...', action: { function: 'toggle', arguments: { id: checkRef }, status: 'CONTINUE' } };
    expect((await lamb(['act', JSON.stringify(newest)], { env: env() })).code).toBe(0);
    const v1 = `Sure! Here is my answer:\n\`\`\`json\n{"Function": "toggle", "Args": {}, "ControlLabel": "${checkRef}", "ControlText": "checkbutton", "Status": "CONTINUE",}\n\`\`\``;
    expect((await lamb(['act', v1], { env: env() })).code).toBe(0);
  });

  it('exits 3 when the action ran but nothing observable changed', async () => {
    const r = await lamb(['act', JSON.stringify({ function: 'wheel_mouse_input', args: { id: entryRef, wheel_dist: -2 } }), '--settle', '200'], { env: env() });
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout).verdict).toBe('unverified');
  });

  it('exits 1 when the action failed, 2 for bad input', async () => {
    const failed = await lamb(['act', JSON.stringify({ function: 'focus', args: { id: '1.99999:1' } })], { env: env() });
    expect(failed.code).toBe(1);
    expect(JSON.parse(failed.stdout).error.code).toMatch(/ELEMENT_STALE|APP_NOT_RUNNING/);
    const bad = await lamb(['act', JSON.stringify({ function: 'click_on_coordinates', args: { x: 1.7, y: 0.5 } })], { env: env() });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/INVALID_ARGUMENT.*x.*between 0 and 1/);
    const unknown = await lamb(['act', JSON.stringify({ function: 'click_it', args: {} })], { env: env() });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/click_input/);
  });

  it('resolves labels from a ufo-v2 observation made by an earlier process', async () => {
    const observed = await lamb(['snapshot', '--pid', String(app.pid), '--visible-only', '--format', 'ufo-v2'], { env: env() });
    expect(observed.code).toBe(0);
    const controls = JSON.parse(observed.stdout) as { label: string; control_text: string; control_type: string }[];
    const page2 = controls.find((c) => c.control_text === 'Page 2' && c.control_type === 'RadioButton')!;
    const r = await lamb(['act', JSON.stringify({ Function: 'click_input', Args: {}, ControlLabel: page2.label, ControlText: 'Page 2', Status: 'CONTINUE' })], { env: env() });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).target.name).toBe('Page 2');
    const back = controls.find((c) => c.control_text === 'Page 1')!;
    expect((await lamb(['act', JSON.stringify({ function: 'click_input', args: { id: back.label } })], { env: env() })).code).toBe(0);
  });
});
