/** Trajectory lines read back strictly, and exported to task-plan pairs and step records (the shapes trajectory-export.ts documents). */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { responseStatus } from '../../lib/agent/agent-loop.js';
import { parseModelResponse } from '../../lib/agent/parse-response.js';
import { exportTrajectory, trainingJsonLines } from '../../lib/agent/trajectory-export.js';
import { parseTrajectory, readTrajectory, TrajectoryFile, type StepLine, type TrajectoryLine } from '../../lib/agent/trajectory.js';

const run: TrajectoryLine = {
  type: 'run', version: 1, request: 'Type hi and tick the box', startedAt: '2026-12-03T15:00:00.000Z',
  model: { url: 'http://127.0.0.1:1/v1/chat/completions', name: 'lam', vision: false }, style: 'ufo', target: { app: 'gedit' }, maxSteps: 5, platform: 'atspi',
};

const result = (fn: string, verdict: 'verified' | 'unverified' | 'failed') => ({
  ok: verdict !== 'failed', verdict, function: fn, target: { ref: 'r1', role: 'Edit' as const, name: '' }, method: 'm',
  evidence: null, durationMs: 3, ...(verdict === 'failed' ? { error: { code: 'ELEMENT_STALE' as const, message: 'gone' } } : {}),
});

function step(n: number, over: Partial<StepLine>): StepLine {
  return {
    type: 'step', step: n, startedAt: '2026-12-03T15:00:01.000Z',
    observation: { app: { name: 'gedit', pid: 42 }, window: { ref: 'w', title: 'Untitled' }, format: 'ufo', text: `[{"name": "", "id": "${n}", "type": "Edit"}]`, tokens: 12, controls: 1, screenshot: null },
    prompt: { system: 'sys', user: 'user' }, attempts: [{ text: '{}', ok: true, durationMs: 5 }],
    response: null, shape: 'ufo', status: 'CONTINUE', actions: [], results: [], verdicts: [], records: [],
    timings: { observeMs: 1, screenshotMs: 0, modelMs: 5, actMs: 3, totalMs: 9 },
    ...over,
  };
}

const steps: StepLine[] = [
  step(1, {
    response: { observation: 'o', thought: 'Type hi', action: { function: 'set_edit_text', arguments: { id: '1', text: 'hi' }, status: 'CONTINUE' }, plan: ['Tick'] },
    actions: [{ function: 'set_edit_text', args: { id: '1', text: 'hi' }, status: 'CONTINUE' }],
    results: [result('set_edit_text', 'verified')], verdicts: ['verified'], records: ['[Action] set_edit_text(id=\'1\', text=\'hi\')'],
  }),
  // A failed click: in the step records, left out of the plan.
  step(2, {
    shape: 'ufo-v1', status: 'CONTINUE',
    response: { Observation: 'o', Thought: 'Click the box', Function: 'click_input', Args: {}, ControlLabel: '7', ControlText: 'box', Status: 'CONTINUE', Plan: '<FINISH>' },
    actions: [{ function: 'click_input', args: { id: '7', name: 'box' } }],
    results: [result('click_input', 'failed')], verdicts: ['failed'], records: ['[Action] click_input(id=\'7\')\n[Status] failure'],
  }),
  // No usable answer: no step record.
  step(3, { response: null, shape: null, status: null, attempts: [{ text: 'x', ok: false, error: 'bad', durationMs: 1 }] }),
  step(4, {
    status: 'FINISH',
    response: { observation: 'o', thought: '', action: { function: 'toggle', arguments: { id: '7' }, status: 'FINISH' } },
    actions: [{ function: 'toggle', args: { id: '7' }, status: 'FINISH' }],
    results: [result('toggle', 'verified')], verdicts: ['verified'],
  }),
];
const end: TrajectoryLine = { type: 'end', outcome: 'finished', steps: 4, message: 'done', durationMs: 99, endedAt: '2026-12-03T15:00:09.000Z' };
const text = [run, ...steps, end].map((l) => JSON.stringify(l)).join('\n') + '\n';

describe('trajectory export', () => {
  it('makes one task-plan pair (thoughts of the steps that ran without failing) and a step record per usable answer', () => {
    const records = exportTrajectory(parseTrajectory(text));
    expect(records[0]).toEqual({ kind: 'task_plan', request: 'Type hi and tick the box', application: 'gedit', plan: ['Type hi', 'toggle(id="7")'], outcome: 'finished', steps: 4 });
    expect(records.slice(1).map((r) => r.kind === 'step' && r.step)).toEqual([1, 2, 4]);
    expect(records[1]).toEqual({
      kind: 'step', request: 'Type hi and tick the box', application: 'gedit', step: 1, observation: '[{"name": "", "id": "1", "type": "Edit"}]',
      previous_actions: [], thought: 'Type hi', plan: ['Tick'],
      action: [{ function: 'set_edit_text', arguments: { id: '1', text: 'hi' }, status: 'CONTINUE' }], status: 'CONTINUE',
      result: [{ function: 'set_edit_text', verdict: 'verified', ok: true }], outcome: 'finished',
    });
    expect(records[2]).toMatchObject({
      step: 2, thought: 'Click the box', plan: ['<FINISH>'], previous_actions: steps[0]!.records,
      action: [{ function: 'click_input', arguments: { id: '7', name: 'box' }, status: 'CONTINUE' }],
      result: [{ verdict: 'failed', ok: false, error: { code: 'ELEMENT_STALE', message: 'gone' } }],
    });
    // Step 4's previous actions are step 3's (none: it had no usable answer).
    expect(records[3]).toMatchObject({ step: 4, previous_actions: [], status: 'FINISH', thought: '' });
    const jsonl = trainingJsonLines(records);
    expect(jsonl.split('\n')).toHaveLength(records.length + 1);
    expect(JSON.parse(jsonl.split('\n')[0]!)).toEqual(records[0]);
  });

  it('marks a trajectory without its end line as incomplete', () => {
    const cut = [run, steps[0]].map((l) => JSON.stringify(l)).join('\n');
    expect(exportTrajectory(parseTrajectory(cut))[0]).toMatchObject({ outcome: 'incomplete', steps: 1, plan: ['Type hi'] });
  });

  it('refuses what is not a trajectory with INVALID_ARGUMENT naming the line', () => {
    const bad = (t: string) => { try { parseTrajectory(t, 'f.jsonl'); } catch (e) { return `${(e as { code: string }).code}: ${(e as Error).message}`; } return 'parsed'; };
    expect(bad('')).toMatch(/INVALID_ARGUMENT: trajectory: f.jsonl is empty/);
    expect(bad(JSON.stringify(steps[0]))).toMatch(/f.jsonl line 1: the first line must be the "run" line/);
    expect(bad(JSON.stringify(run) + '\n{nope')).toMatch(/f.jsonl line 2 is not JSON/);
    expect(bad(JSON.stringify(run) + '\n' + JSON.stringify({ type: 'note' }))).toMatch(/line 2 has type "note"; expected "run", "step" or "end"/);
    expect(bad(JSON.stringify(run) + '\n' + JSON.stringify({ ...steps[0], step: 0 }))).toMatch(/line 2 \(step\): step: /);
    expect(bad(JSON.stringify(run) + '\n' + JSON.stringify(run))).toMatch(/a second "run" line/);
    expect(() => readTrajectory('/nonexistent/t.jsonl')).toThrow(/cannot read \/nonexistent\/t.jsonl/);
  });

  it('writes each line as it comes (TrajectoryFile) and reads the file back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lamb-traj-'));
    try {
      const file = new TrajectoryFile(join(dir, 't.jsonl'));
      file.write(run);
      file.write(steps[0]!);
      expect(readFileSync(file.path, 'utf8').split('\n')).toHaveLength(3);
      file.close();
      expect(readTrajectory(file.path).steps).toHaveLength(1);
      expect(() => new TrajectoryFile(join(dir, 'no/such/dir/t.jsonl'))).toThrow(/cannot write/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('responseStatus', () => {
  const status = (text: string) => {
    const r = parseModelResponse(text);
    if (!r.ok) throw new Error(r.error);
    return responseStatus(r.response, r.shape);
  };
  it('is the action\'s status, the last one\'s in a list, in both UFO generations', () => {
    expect(status('{"Observation": "", "Thought": "", "Function": "", "Args": {}, "Status": "FINISH"}')).toBe('FINISH');
    expect(status('{"Observation": "", "Thought": "", "ActionList": [{"Function": "wait", "Args": {}, "Status": "CONTINUE"}, {"Function": "", "Args": {}, "Status": "CONFIRM"}]}')).toBe('CONFIRM');
    expect(status('{"observation": "", "thought": "", "action": {"function": "", "arguments": {}, "status": "FAIL"}}')).toBe('FAIL');
    expect(status('{"observation": "", "thought": "", "action": [{"function": "wait", "arguments": {}, "status": "CONTINUE"}, {"function": "", "arguments": {}, "status": "FINISH"}]}')).toBe('FINISH');
    expect(status('{"observation": "", "thought": "", "action": null}')).toBeNull();
  });
});
