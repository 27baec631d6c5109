/**
 * The agent loop as a library API: what `lamb run` does, from the package entry (lib/index.ts), with a desktop
 * and a model of the caller's own (doubles here, no app). Checks that the loop, the model client, the
 * trajectory and its export are exported and typed (the expectTypeOf lines are checked by typecheck:test),
 * and that a run through the entry alone observes, asks, acts and records.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as lamb from '../../lib/index.js';
import {
  exportTrajectory,
  ModelClient,
  observe,
  parseTrajectory,
  runAgent,
  type ActionResult,
  type AgentDesktop,
  type AgentRunOptions,
  type AgentRunResult,
  type AgentSnapshot,
  type ChatCompletion,
  type ChatMessage,
  type ChatModel,
  type Desktop,
  type Snapshot,
  type SnapshotData,
  type TrainingRecord,
  type TrajectoryLine,
  type TrajectorySink,
  type UINode,
} from '../../lib/index.js';

const window: UINode = { ref: 'w:1', parent: null, role: 'Window', rawRole: 'frame', name: 'Form', value: null, automationId: null, states: ['enabled', 'visible'], rect: { x: 0, y: 0, width: 400, height: 300 }, actions: [] };
const entry: UINode = { ...window, ref: 'w:2', parent: 'w:1', role: 'Edit', rawRole: 'text', name: 'Name', value: '', states: ['enabled', 'visible', 'focusable', 'editable'], rect: { x: 10, y: 10, width: 200, height: 24 } };

const data: SnapshotData = {
  platform: 'atspi', app: { name: 'form-app', pid: 7 }, window: { ref: 'w:1', title: 'Form' }, root: 'w:1',
  durationMs: 1, truncated: false, incomplete: false, nodes: [window, entry],
};

/** A desktop of one window with one entry; actAll is recorded and answers verified. */
class FormDesktop implements AgentDesktop {
  readonly platform = 'atspi';
  readonly acted: unknown[] = [];
  async snapshot(): Promise<AgentSnapshot> {
    return { data, observe: (format) => observe(data, format) };
  }
  async screenshot(): Promise<{ png: Buffer; width: number; height: number }> {
    throw new Error('no screenshots without vision');
  }
  async actAll(input: unknown): Promise<ActionResult[]> {
    this.acted.push(input);
    return [{ ok: true, verdict: 'verified', function: 'set_edit_text', target: { ref: 'w:2', role: 'Edit', name: 'Name' }, method: 'test', evidence: null, durationMs: 1 } as ActionResult];
  }
}

/** A ModelClient whose calls are scripted: the entry resolves nothing over HTTP. */
class ScriptedClient extends ModelClient {
  readonly seen: (readonly ChatMessage[])[] = [];
  constructor(readonly answers: ((prompt: string) => string)[]) {
    super({ baseUrl: 'http://127.0.0.1:9/v1', model: 'scripted' });
  }
  override async complete(messages: readonly ChatMessage[]): Promise<ChatCompletion> {
    this.seen.push(messages);
    return { text: this.answers.shift()!(String(messages[1]!.content)), durationMs: 0 };
  }
}

class MemorySink implements TrajectorySink {
  readonly lines: TrajectoryLine[] = [];
  closed = false;
  write(line: TrajectoryLine) {
    this.lines.push(line);
  }
  close() {
    this.closed = true;
  }
}

describe('the agent loop from the package entry', () => {
  it('exports the loop, the model client, the trajectory and its export', () => {
    for (const name of ['runAgent', 'responseStatus', 'ModelClient', 'modelKeyFromEnv', 'chatCompletionsUrl', 'systemPrompt', 'TrajectoryFile', 'parseTrajectory', 'readTrajectory', 'exportTrajectory', 'trainingJsonLines'] as const)
      expect(typeof lamb[name], name).toBe('function');
    expect(lamb.TRAJECTORY_VERSION).toBe(1);
    expect(lamb.StepLine.safeParse({ type: 'step' }).success).toBe(false);
  });

  it('is typed: a Desktop is an AgentDesktop, the options and the result are the loop\'s', () => {
    // What `lamb run` relies on: the library's Desktop can be handed to the loop as is.
    expectTypeOf<Desktop>().toMatchTypeOf<AgentDesktop<Snapshot>>();
    expectTypeOf(runAgent<Snapshot>).parameter(0).toEqualTypeOf<AgentRunOptions<Snapshot>>();
    expectTypeOf(runAgent).returns.resolves.toEqualTypeOf<AgentRunResult>();
    expectTypeOf<AgentRunResult['outcome']>().toEqualTypeOf<'finished' | 'failed' | 'max_steps' | 'refused' | 'error'>();
    expectTypeOf<ModelClient>().toMatchTypeOf<ChatModel>();
    expectTypeOf<AgentRunOptions['confirm']>().toEqualTypeOf<((question: string) => Promise<boolean>) | undefined>();
    expectTypeOf(exportTrajectory).returns.toEqualTypeOf<TrainingRecord[]>();
  });

  it('runs a request to FINISH with a caller\'s desktop and model, and the trajectory exports', async () => {
    const desktop = new FormDesktop();
    const id = (prompt: string) => /"id": "([^"]+)", "type": "Edit"/.exec(prompt)?.[1] ?? 'missing';
    const model = new ScriptedClient([
      (p) => JSON.stringify({ observation: 'An empty entry', thought: 'Type the name', action: { function: 'set_edit_text', arguments: { id: id(p), name: 'Name', text: 'Ada' }, status: 'CONTINUE' }, plan: ['Finish'] }),
      () => JSON.stringify({ observation: 'Done', thought: 'Finished', action: { function: '', arguments: {}, status: 'FINISH' }, plan: [] }),
    ]);
    const sink = new MemorySink();
    const progress: string[] = [];
    const r = await runAgent({ request: 'Type Ada into the name field', desktop, model, trajectory: sink, progress: (m) => progress.push(m) });

    expect(r).toMatchObject({ outcome: 'finished', steps: 2 });
    expect(model.seen).toHaveLength(2);
    expect(String(model.seen[0]![1]!.content)).toContain('<Overall User Request:> Type Ada into the name field');
    expect(desktop.acted).toHaveLength(1);
    expect(desktop.acted[0]).toMatchObject({ action: { function: 'set_edit_text', arguments: { text: 'Ada' } } });
    expect((desktop.acted[0] as { action: { arguments: { id: string } } }).action.arguments.id).not.toBe('missing');
    expect(String(model.seen[1]![1]!.content)).toContain("set_edit_text(id=");
    expect(progress.at(-1)).toMatch(/^finished: /);

    // modelInfo defaults to the ModelClient's URL and model name.
    expect(sink.closed).toBe(true);
    expect(sink.lines.map((l) => l.type)).toEqual(['run', 'step', 'step', 'end']);
    expect(sink.lines[0]).toMatchObject({ model: { url: 'http://127.0.0.1:9/v1/chat/completions', name: 'scripted', vision: false }, platform: 'atspi' });
    const records = exportTrajectory(parseTrajectory(sink.lines.map((l) => JSON.stringify(l)).join('\n')));
    expect(records.map((x) => x.kind)).toEqual(['task_plan', 'step', 'step']);
    expect(records[0]).toMatchObject({ request: 'Type Ada into the name field', application: 'form-app', outcome: 'finished', steps: 2, plan: ['Type the name'] }); // the no-action FINISH step is no plan step
  });

  it('a model of the caller\'s own (not a ModelClient) is recorded as custom; without confirm a CONFIRM step is refused', async () => {
    const desktop = new FormDesktop();
    const model: ChatModel = {
      complete: async () => ({ text: JSON.stringify({ observation: '', thought: 'Clear it', action: { function: 'set_edit_text', arguments: { id: '1', text: '' }, status: 'CONFIRM' } }), durationMs: 0 }),
    };
    const sink = new MemorySink();
    const r = await runAgent({ request: 'Clear the field', desktop, model, trajectory: sink });
    expect(r.outcome).toBe('refused');
    expect(desktop.acted).toEqual([]);
    expect(sink.lines[0]).toMatchObject({ model: { url: '', name: 'custom' } });

    let asked = '';
    const yes = await runAgent({ request: 'Clear the field', desktop, model, maxSteps: 1, confirm: async (q) => ((asked = q), true) });
    expect(asked).toMatch(/set_edit_text/);
    expect(yes.outcome).toBe('max_steps');
    expect(desktop.acted).toHaveLength(1);
  });
});
