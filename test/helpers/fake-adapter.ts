/**
 * A fake platform adapter (pure TS, no app): one control in one window, every call recorded. For executor
 * tests that need no real desktop: property tests and paths real apps rarely take.
 */
import { LambError, type SnapshotData, type UINode } from '../../lib/model/index.js';
import type { InputRequest, IntentRequest, IntentResult, PlatformAdapter } from '../../lib/platform/platform-adapter.js';

export const FAKE_NODE: UINode = {
  ref: 'fake:1',
  parent: null,
  role: 'Edit',
  rawRole: 'text',
  name: 'Field',
  value: 'x',
  automationId: null,
  states: ['enabled', 'visible', 'focusable', 'editable', 'checkable'],
  rect: { x: 10, y: 10, width: 100, height: 20 },
  actions: ['click', 'toggle', 'select', 'expand or contract'],
};

/** Records every call; answers like a tiny app with one control in one window. */
export class FakeAdapter implements PlatformAdapter {
  readonly platform = 'atspi' as const;
  readonly editability = null;
  readonly calls: string[] = [];
  node: UINode = FAKE_NODE;
  readonly performs: IntentRequest[] = [];
  readonly inputs: InputRequest[] = [];

  async applications() {
    this.calls.push('applications');
    return [{ ref: 'fake:root', name: 'fake', pid: 42, toolkit: null }];
  }
  async windows() {
    this.calls.push('windows');
    return [{ ref: 'fake:w', app: 'fake', appRef: 'fake:root', pid: 42, title: 'Fake', rect: FAKE_NODE.rect, focused: true }];
  }
  async snapshot(request: { root: string }): Promise<SnapshotData> {
    this.calls.push('snapshot');
    if (request.root !== this.node.ref && request.root !== 'fake:w' && request.root !== 'fake:root')
      throw new LambError('ELEMENT_STALE', `fake: ${request.root} is gone`);
    return {
      platform: 'atspi',
      app: { name: 'fake', pid: 42 },
      window: { ref: 'fake:w', title: 'Fake' },
      root: request.root,
      durationMs: 0,
      truncated: false,
      incomplete: false,
      nodes: [this.node],
    };
  }
  /** Every intent succeeds; the method is `fake:<intent>` so tests can see that results report it. */
  async perform(request: IntentRequest): Promise<IntentResult> {
    this.calls.push('perform');
    this.performs.push(request);
    return { ok: true, method: `fake:${request.intent}`, ...(request.intent === 'readText' ? { result: 'x' } : {}) };
  }
  async input(request: InputRequest) {
    this.calls.push('input');
    this.inputs.push(request);
    return { ok: true, raised: true };
  }
  async waitForEvent(_ref: string, timeoutMs: number) {
    this.calls.push('waitForEvent');
    await new Promise((r) => setTimeout(r, Math.min(timeoutMs, 5)));
    return null;
  }
  async capture() {
    this.calls.push('capture');
    return { width: 1, height: 1, data: Buffer.alloc(4), x: 0, y: 0 };
  }
  keyCode(key: string) {
    if (key.length === 0) throw new LambError('INVALID_ARGUMENT', 'empty key');
    return 0xff00;
  }
  charCode(char: string) {
    return char.codePointAt(0)!;
  }
}

