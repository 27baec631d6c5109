/**
 * `lamb run` on a terminal: a CONFIRM step asks `[y/N]` and the answer decides. The real CLI runs with stdin
 * and stderr on a pseudo-terminal (test/helpers/pty_run.py; stdout stays a pipe, as in `lamb run ... >
 * result.json`) against a scripted model server (a test server, test/helpers/scripted-model-server.ts) and a
 * real gtk3-widget-factory. The test types the answer when the question shows, then reads the entry back from
 * the app and the answer back from the trajectory. (Without a terminal the step is refused unasked:
 * run-widget-factory.test.ts.)
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Desktop } from '../../lib/index.js';
import type { RunningApp } from '../../lib/session/index.js';
import { startApp } from '../fixtures/apps.js';
import { lambOnTerminal } from '../helpers/cli.js';
import { controlIn, ScriptedModelServer } from '../helpers/scripted-model-server.js';

describe('lamb run: CONFIRM answered on a terminal (gtk3-widget-factory)', () => {
  let app: RunningApp;
  let desk: Desktop;
  let dir: string;
  const env = () => ({ ...process.env, LAM_BRIDGE_LABEL_DIR: join(dir, 'labels'), LAMB_MODEL_KEY: 'test-key' });
  const servers: ScriptedModelServer[] = [];
  const entryTexts = async (): Promise<string[]> =>
    (await desk.snapshot({ pid: app.pid, visibleOnly: true })).find({ role: 'Edit' }).map((n) => n.value ?? '');

  /** Step 1 asks to type `text` into the first entry with status CONFIRM; step 2 (if reached) says FINISH. */
  const confirmThenFinish = async (text: string) => {
    const s = await ScriptedModelServer.start([
      (req) => {
        const edit = controlIn(req, 'Edit');
        return JSON.stringify({
          observation: 'An entry', thought: 'Type the text, after asking',
          action: { function: 'set_edit_text', arguments: { id: edit.id, name: edit.name, text }, status: 'CONFIRM' },
          plan: ['Finish'], comment: 'Overwrites the entry',
        });
      },
      JSON.stringify({ observation: 'The text is there', thought: 'Done', action: { function: '', arguments: {}, status: 'FINISH' }, plan: [], comment: 'done' }),
    ]);
    servers.push(s);
    return s;
  };
  const run = (model: ScriptedModelServer, trajectory: string, answers: string[], typeAhead?: string) =>
    lambOnTerminal(['run', 'Type a text into the entry', '--model', model.url, '--pid', String(app.pid), '--trajectory', trajectory], {
      env: env(), answers, timeoutMs: 60_000, ...(typeAhead ? { typeAhead } : {}),
    });
  const readTrajectory = (file: string) => readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, any>);

  beforeAll(async () => {
    app = await startApp('widgetFactory');
    desk = await Desktop.open();
    dir = mkdtempSync(join(tmpdir(), 'lamb-confirm-'));
  });
  afterAll(async () => {
    for (const s of servers) await s.close();
    await desk?.close();
    await app?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('y runs the step\'s actions (the entry holds the text) and the run goes on to FINISH', async () => {
    const text = 'confirmed on the terminal';
    expect(await entryTexts()).not.toContain(text);
    const model = await confirmThenFinish(text);
    const trajectory = join(dir, 'yes.jsonl');
    const r = await run(model, trajectory, ['y\r']);
    expect(model.errors).toEqual([]);
    expect(r.answered, r.terminal).toBe(1);
    expect(r.code, r.terminal).toBe(0);
    // The question is on the terminal, naming the action; stdout has only the result line.
    expect(r.terminal).toMatch(/lamb: The model wants to run set_edit_text\(.*"confirmed on the terminal".*\) and asks for confirmation\. Run it\? \[y\/N\] /);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ outcome: 'finished', steps: 2, trajectory });
    expect(r.terminal).toMatch(/set_edit_text Edit .*→ verified/);
    expect(model.requests).toHaveLength(2);

    expect(await entryTexts()).toContain(text);
    const lines = readTrajectory(trajectory);
    expect(lines.map((l) => l.type)).toEqual(['run', 'step', 'step', 'end']);
    expect(lines[1]).toMatchObject({ status: 'CONFIRM', confirm: { answer: 'yes' }, verdicts: ['verified'] });
    expect(lines[1]!.confirm.question).toMatch(/set_edit_text/);
    expect(lines[1]!.results[0].evidence.after.value).toBe(text);
    expect(lines[2]).toMatchObject({ status: 'FINISH' });
    expect(lines[3]).toMatchObject({ outcome: 'finished', steps: 2 });
  });

  it('a y typed before the question showed is not taken as the answer: the answer given after it (Enter: no) is', async () => {
    const text = 'typed ahead';
    const model = await confirmThenFinish(text);
    const trajectory = join(dir, 'type-ahead.jsonl');
    const r = await run(model, trajectory, ['\r'], 'y\r');
    expect(model.errors).toEqual([]);
    expect(r.answered, r.terminal).toBe(1);
    expect(r.code, r.terminal).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ outcome: 'refused', steps: 1 });
    expect(await entryTexts()).not.toContain(text);
    expect(readTrajectory(trajectory)[1]).toMatchObject({ status: 'CONFIRM', confirm: { answer: 'no' }, results: [] });
  });

  for (const [name, key, recorded, said] of [
    ['n', 'n\r', 'no', null],
    ['an empty line', '\r', 'no', null],
    ['Ctrl-D', '\x04', 'no', /lamb: no answer \(Ctrl\+D\): taken as no/],
    ['Ctrl-C', '\x03', 'no', /lamb: no answer \(Ctrl\+C\): taken as no/],
  ] as const) {
    it(`${name} refuses: nothing runs, the run ends refused, and the trajectory records the answer`, async () => {
      const text = `not confirmed (${name})`;
      const model = await confirmThenFinish(text);
      const trajectory = join(dir, `no-${recorded}-${key.charCodeAt(0)}.jsonl`);
      const r = await run(model, trajectory, [key]);
      expect(model.errors).toEqual([]);
      expect(r.answered, r.terminal).toBe(1);
      expect(r.code, r.terminal).toBe(1);
      expect(JSON.parse(r.stdout)).toMatchObject({ outcome: 'refused', steps: 1 });
      expect(r.terminal).toMatch(/refused: step 1 asked for confirmation \(CONFIRM\) and the user said no; nothing was run/);
      expect(model.requests).toHaveLength(1); // no step 2
      if (said) expect(r.terminal).toMatch(said);

      expect(await entryTexts()).not.toContain(text);
      const lines = readTrajectory(trajectory);
      expect(lines.map((l) => l.type)).toEqual(['run', 'step', 'end']);
      expect(lines[1]).toMatchObject({ status: 'CONFIRM', confirm: { answer: recorded }, results: [], verdicts: [] });
      expect(lines[2]).toMatchObject({ outcome: 'refused', steps: 1 });
    });
  }
});
