/** set_edit_text's fallback chain, on a fake adapter whose EditableText call is ignored (pure TS). */
import { describe, expect, it } from 'vitest';
import type { ActEnvironment } from '../../lib/act/act-context.js';
import { executeAction } from '../../lib/act/executor.js';
import { parseActionInput } from '../../lib/act/parse-action.js';
import type { ElementActionRequest, InputRequest } from '../../lib/platform/platform-adapter.js';
import { FakeAdapter } from '../helpers/fake-adapter.js';

/** An app whose SetTextContents answers true and changes nothing; typed keys do land (when `typingWorks`). */
class StubbornEntryFake extends FakeAdapter {
  constructor(readonly typingWorks: boolean) {
    super();
  }
  override async elementAction(request: ElementActionRequest) {
    const r = await super.elementAction(request);
    return request.op === 'setText' ? { ok: true, method: 'setText' as const } : r;
  }
  override async input(request: InputRequest) {
    const r = await super.input(request);
    if (this.typingWorks) {
      const typed = request.events.filter((e) => e.kind === 'typeKey').map((e) => String.fromCodePoint((e as { code: number }).code));
      this.node = { ...this.node, value: typed.join('') };
    }
    return r;
  }
}

function env(adapter: FakeAdapter): ActEnvironment {
  return { adapter, options: { verify: true, settleMs: 50, timeoutMs: 1000, target: {} }, resolveId: async (id) => ({ ref: id }) };
}

const action = parseActionInput({ function: 'set_edit_text', args: { id: 'fake:1', text: 'abc' } }).actions[0]!;

describe('set_edit_text fallback chain', () => {
  it('types the text when the semantic call does not land, and says so', async () => {
    const fake = new StubbornEntryFake(true);
    const r = await executeAction(env(fake), action);
    expect(r).toMatchObject({ ok: true, verdict: 'verified', method: 'input: click, select all, backspace, type' });
    expect(r.warning).toMatch(/EditableText.SetTextContents did not set the text; typed it instead/);
    expect(fake.elementActions.map((a) => a.op)).toEqual(['setText']);
    expect(fake.inputs).toHaveLength(2); // the raise, then click + select all + backspace + typing
  });

  it('reports unverified when neither path lands', async () => {
    const r = await executeAction(env(new StubbornEntryFake(false)), action);
    expect(r).toMatchObject({ ok: true, verdict: 'unverified' });
    expect(r.evidence!.after!.value).toBe('x');
  });
});
