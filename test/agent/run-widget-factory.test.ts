/**
 * `lamb run` end to end: the real CLI drives a real gtk3-widget-factory, with a scripted model server (a test
 * server, test/helpers/scripted-model-server.ts) in place of the model. The scripted answers read the labels
 * from the control list the loop sent, as a model would; the test then checks the app itself (a fresh
 * snapshot), what the loop sent (prompts, re-asks, images), the trajectory, and its export.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Desktop, type UINode } from '../../lib/index.js';
import type { RunningApp } from '../../lib/session/index.js';
import { startApp } from '../fixtures/apps.js';
import { lamb } from '../helpers/cli.js';
import { controlIn, messageText, promptOf, ScriptedModelServer, type RecordedRequest } from '../helpers/scripted-model-server.js';

const TYPED = 'typed by the agent';

describe('lamb run on gtk3-widget-factory', () => {
  let app: RunningApp;
  let desk: Desktop;
  let dir: string;
  const env = () => ({ ...process.env, LAM_BRIDGE_LABEL_DIR: join(dir, 'labels'), LAMB_MODEL_KEY: 'test-key' });
  const servers: ScriptedModelServer[] = [];
  const serve = async (...args: Parameters<typeof ScriptedModelServer.start>) => {
    const s = await ScriptedModelServer.start(...args);
    servers.push(s);
    return s;
  };
  const checkBoxes = async (): Promise<UINode[]> =>
    (await desk.snapshot({ pid: app.pid, visibleOnly: true })).find({ role: 'CheckBox', name: 'checkbutton', states: ['enabled'] });

  beforeAll(async () => {
    app = await startApp('widgetFactory');
    desk = await Desktop.open();
    dir = mkdtempSync(join(tmpdir(), 'lamb-run-'));
  });
  afterAll(async () => {
    for (const s of servers) await s.close();
    await desk?.close();
    await app?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('completes a two-step task, recovering from a malformed answer by re-asking, and writes a trajectory that exports', async () => {
    const before = new Map((await checkBoxes()).map((n) => [n.ref, n.states.includes('checked')]));
    expect(before.size).toBeGreaterThan(0);
    let boxName = '';
    const model = await serve([
      // Step 1, first answer: JSON cut off mid-way.
      'Sure, here is my answer: {"observation": "A window with entries", "thought": "Type into the entry", "action": {"function": "set_edit_text", "arguments": {"id": ',
      // Step 1, re-asked: the newest UFO shape, the entry found in the control list sent.
      (req) => {
        const edit = controlIn(req, 'Edit');
        return JSON.stringify({
          observation: 'An empty entry', thought: 'Type the text into the entry',
          action: { function: 'set_edit_text', arguments: { id: edit.id, name: edit.name, text: TYPED }, status: 'CONTINUE' },
          plan: ['Tick the check button'], comment: '',
        });
      },
      // Step 2: UFO v1 shape (what the LAM was trained on), in a code fence.
      (req) => {
        const box = controlIn(req, 'CheckBox', 'checkbutton');
        boxName = box.name;
        return '```json\n' + JSON.stringify({
          Observation: 'The text is in the entry', Thought: 'Tick the check button',
          ControlLabel: box.id, ControlText: box.name, Function: 'click_input', Args: { button: 'left', double: false },
          Status: 'FINISH', Plan: '<FINISH>', Comment: 'done',
        }) + '\n```';
      },
    ]);
    const trajectory = join(dir, 'task.jsonl');
    const r = await lamb(['run', 'Type a text into the entry and tick the check button', '--model', model.url, '--model-name', 'scripted-lam',
      '--pid', String(app.pid), '--trajectory', trajectory], { env: env(), timeoutMs: 60_000 });
    expect(model.errors).toEqual([]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ outcome: 'finished', steps: 2, trajectory });
    expect(r.stderr).toMatch(/step 1: the answer could not be used, asking again/);
    expect(r.stderr).toMatch(/set_edit_text Edit .*→ verified/);

    // The app itself: the text is in an entry, and exactly one check button flipped.
    const after = (await desk.snapshot({ pid: app.pid, visibleOnly: true }));
    expect(after.find({ role: 'Edit' }).map((n) => n.value)).toContain(TYPED);
    const flipped = (await checkBoxes()).filter((n) => before.has(n.ref) && before.get(n.ref) !== n.states.includes('checked'));
    expect(flipped.map((n) => n.name)).toEqual([boxName]);

    // What the model was sent.
    expect(model.requests).toHaveLength(3);
    const [first, reask, second] = model.requests as [RecordedRequest, RecordedRequest, RecordedRequest];
    expect(first.path).toBe('/v1/chat/completions');
    expect(first.headers.authorization).toBe('Bearer test-key');
    expect(first.body.model).toBe('scripted-lam');
    expect(first.body.messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(typeof first.body.messages[1]!.content).toBe('string'); // text-only: no content array without --vision
    expect(messageText(first.body.messages[0]!)).toMatch(/set_edit_text\(id, name, text/);
    expect(promptOf(first)).toMatch(/^<Overall User Request:> Type a text into the entry and tick the check button$/m);
    expect(promptOf(first)).toMatch(/^<The actions you took at the last step and their results:> \[\]$/m);
    expect(controlIn(first, 'Edit')).toBeDefined();
    expect(reask.body.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(messageText(reask.body.messages[2]!)).toMatch(/^Sure, here is my answer/);
    expect(messageText(reask.body.messages[3]!)).toMatch(/^Your previous answer could not be used: it is not complete JSON.*Reply with only the corrected JSON object/);
    // Step 2 carries step 1's result (UFO's action representation) and step 1's plan.
    const lastActions = promptOf(second).split('\n').find((l) => l.startsWith('<The actions you took at the last step'))!;
    expect(lastActions).toContain(`[Action] set_edit_text(id='${controlIn(first, 'Edit').id}'`);
    expect(lastActions).toContain(TYPED);
    expect(lastActions).toContain('[Status] success');
    expect(lastActions).toContain('verified');
    expect(promptOf(second)).toMatch(/^<Your Next Plan:> \["Tick the check button"\]$/m);

    // The trajectory: run line, two steps, end line.
    const lines = readFileSync(trajectory, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, any>);
    expect(lines.map((l) => l.type)).toEqual(['run', 'step', 'step', 'end']);
    expect(lines[0]).toMatchObject({ version: 1, request: 'Type a text into the entry and tick the check button', model: { name: 'scripted-lam', vision: false }, target: { pid: app.pid }, platform: 'atspi' });
    const [s1, s2] = [lines[1]!, lines[2]!];
    expect(s1.attempts.map((a: { ok: boolean }) => a.ok)).toEqual([false, true]);
    expect(s1.attempts[0].error).toMatch(/not complete JSON/);
    expect(s1.observation.text).toContain('"type": "Edit"');
    expect(s1.prompt.user).toBe(promptOf(first));
    expect(s1).toMatchObject({ shape: 'ufo', status: 'CONTINUE', verdicts: ['verified'], actions: [{ function: 'set_edit_text', args: { text: TYPED } }] });
    expect(s1.results[0].evidence.after.value).toBe(TYPED);
    expect(s2).toMatchObject({ shape: 'ufo-v1', status: 'FINISH', verdicts: ['verified'], actions: [{ function: 'click_input' }] });
    for (const s of [s1, s2]) for (const k of ['observeMs', 'modelMs', 'actMs', 'totalMs']) expect(s.timings[k]).toBeGreaterThanOrEqual(0);
    expect(lines[3]).toMatchObject({ outcome: 'finished', steps: 2 });

    // The export: a task-plan pair and two step records.
    const out = join(dir, 'train.jsonl');
    const x = await lamb(['trajectory', 'export', trajectory, '--out', out], { env: env() });
    expect(x.code, x.stderr).toBe(0);
    expect(x.stderr).toMatch(/exported 1 task-plan pair and 2 step records/);
    const records = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, any>);
    expect(records).toHaveLength(3);
    expect(records[0]).toEqual({
      kind: 'task_plan', request: 'Type a text into the entry and tick the check button', application: 'gtk3-widget-factory',
      plan: ['Type the text into the entry', 'Tick the check button'], outcome: 'finished', steps: 2,
    });
    expect(records[1]).toMatchObject({
      kind: 'step', step: 1, application: 'gtk3-widget-factory', previous_actions: [], thought: 'Type the text into the entry',
      plan: ['Tick the check button'], status: 'CONTINUE', outcome: 'finished',
      action: [{ function: 'set_edit_text', arguments: { text: TYPED } }], result: [{ function: 'set_edit_text', verdict: 'verified', ok: true }],
    });
    expect(records[1]!.observation).toBe(s1.observation.text);
    expect(records[2]).toMatchObject({ kind: 'step', step: 2, thought: 'Tick the check button', status: 'FINISH', previous_actions: s1.records });
    expect(records[2]!.previous_actions[0]).toContain('[Action] set_edit_text(');
    // Without --out: the same records on stdout.
    const y = await lamb(['trajectory', 'export', trajectory], { env: env() });
    expect(y.stdout).toBe(readFileSync(out, 'utf8'));
  });

  it('stops at --max-steps, sending the annotated screenshot with --vision and each step\'s result to the next', async () => {
    const model = await serve([], {
      repeat: JSON.stringify({ observation: '...', thought: 'Note it', action: { function: 'summary', arguments: { text: 'still looking' }, status: 'CONTINUE' } }),
    });
    const trajectory = join(dir, 'max.jsonl');
    const r = await lamb(['run', 'Look around', '--model', model.url, '--pid', String(app.pid), '--max-steps', '2', '--vision', '--trajectory', trajectory], { env: env() });
    expect(r.code, r.stderr).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ outcome: 'max_steps', steps: 2 });
    expect(model.requests).toHaveLength(2);
    for (const req of model.requests) {
      const content = req.body.messages[1]!.content;
      expect(Array.isArray(content)).toBe(true);
      const parts = content as { type: string; text?: string; image_url?: { url: string } }[];
      expect(parts.map((p) => p.type)).toEqual(['text', 'image_url']);
      const url = parts[1]!.image_url!.url;
      expect(url.startsWith('data:image/png;base64,')).toBe(true);
      expect(Buffer.from(url.slice('data:image/png;base64,'.length), 'base64').subarray(1, 4).toString()).toBe('PNG');
    }
    expect(promptOf(model.requests[1]!)).toContain("[Action] summary(text='still looking')");
    const lines = readFileSync(trajectory, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, any>);
    expect(lines.map((l) => l.type)).toEqual(['run', 'step', 'step', 'end']);
    expect(lines[1]!.observation.screenshot.bytes).toBeGreaterThan(1000);
    expect(lines[3]).toMatchObject({ outcome: 'max_steps', steps: 2 });
  });

  it('fails after three re-asks that do not help, and when the model says FAIL', async () => {
    const model = await serve(['no JSON here', 'still none', '{"thought": }', 'I cannot answer in JSON']);
    const r = await lamb(['run', 'Do something', '--model', model.url, '--pid', String(app.pid)], { env: env() });
    expect(r.code, r.stderr).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ outcome: 'failed', steps: 1 });
    expect(JSON.parse(r.stdout).message).toMatch(/no usable answer in 4 attempts/);
    expect(model.requests.map((q) => q.body.messages.length)).toEqual([2, 4, 6, 8]);

    const gaveUp = await serve([JSON.stringify({ observation: '...', thought: 'There is no such control', action: { function: '', arguments: {}, status: 'FAIL' }, comment: 'no Save button here' })]);
    const g = await lamb(['run', 'Save the file', '--model', gaveUp.url, '--pid', String(app.pid)], { env: env() });
    expect(g.code, g.stderr).toBe(1);
    expect(JSON.parse(g.stdout)).toMatchObject({ outcome: 'failed', steps: 1 });
    expect(JSON.parse(g.stdout).message).toMatch(/gave up at step 1: no Save button here/);
  });

  it('exits 2 on bad input and 1 when the model endpoint does not answer', async () => {
    const noModel = await lamb(['run', 'x', '--pid', String(app.pid)], { env: env() });
    expect(noModel.code).toBe(2);
    expect(noModel.stderr).toMatch(/--model/);
    const badSteps = await lamb(['run', 'x', '--model', 'http://127.0.0.1:9/v1', '--max-steps', '0'], { env: env() });
    expect(badSteps.code).toBe(2);
    expect(badSteps.stderr).toMatch(/INVALID_ARGUMENT: run \(lamb\): --max-steps must be a whole number from 1 to 1000/);
    const badUrl = await lamb(['run', 'x', '--model', 'not a url'], { env: env() });
    expect(badUrl.code).toBe(2);
    expect(badUrl.stderr).toMatch(/is not a URL/);
    const down = await serve([{ httpStatus: 401, body: '{"error": {"message": "bad key"}}' }]);
    const denied = await lamb(['run', 'x', '--model', down.url, '--pid', String(app.pid)], { env: env() });
    expect(denied.code).toBe(1);
    expect(denied.stderr).toMatch(/ACCESS_DENIED: model \(lamb run\): .* answered HTTP 401 .*LAMB_MODEL_KEY/);
  });

  // Last: were the refusal broken, the click would close the app.
  it('refuses a CONFIRM step when stdin is not a terminal, running nothing', async () => {
    const model = await serve([(req) => {
      const close = controlIn(req, 'Button', 'Close');
      return JSON.stringify({ observation: '...', thought: 'Close the window', action: { function: 'click_input', arguments: { id: close.id, name: 'Close' }, status: 'CONFIRM' } });
    }]);
    const trajectory = join(dir, 'confirm.jsonl');
    const r = await lamb(['run', 'Close the window', '--model', model.url, '--pid', String(app.pid), '--trajectory', trajectory], { env: env() });
    expect(model.errors).toEqual([]);
    expect(r.code, r.stderr).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ outcome: 'refused', steps: 1 });
    expect(r.stderr).toMatch(/refused: step 1 asked for confirmation \(CONFIRM\) and there is no terminal to ask \(stdin is not a TTY\); nothing was run/);
    const lines = readFileSync(trajectory, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, any>);
    expect(lines[1]).toMatchObject({ status: 'CONFIRM', confirm: { answer: 'not-interactive' }, results: [], verdicts: [] });
    expect(lines[2]).toMatchObject({ type: 'end', outcome: 'refused' });
    // The app is still there, its window too.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await desk.windows()).some((w) => w.pid === app.pid)).toBe(true);
  });
});
