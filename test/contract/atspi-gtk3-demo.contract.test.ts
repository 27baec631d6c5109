/** The backend contract on a GTK 3 app with a tree and windows that come and go: gtk3-demo. */
import type { ActionResult, Desktop, UINode } from '../../lib/index.js';
import type { RunningApp } from '../../lib/session/index.js';
import { describeBackendContract } from './backend-contract.js';

const has = (n: UINode | undefined, state: string) => n?.states.includes(state as never) ?? false;
const expect = (ok: boolean, what: string) => (ok ? null : what);
const row = (name: string) => (s: { find: (q: { role: 'DataItem'; name: string }) => UINode[] }) => s.find({ role: 'DataItem', name })[0];

/** Clicks Run: it opens the selected demo's window, or destroys the one showing. */
async function clickRun(desk: Desktop, app: RunningApp): Promise<ActionResult> {
  const snap = await desk.snapshot({ pid: app.pid, visibleOnly: true });
  const run = await desk.act({ function: 'click_input', args: { id: snap.find({ role: 'Button', name: 'Run' })[0]!.ref } });
  if (run.verdict !== 'verified') throw new Error(`Run did not open or close a window: ${JSON.stringify(run.error ?? run.evidence)}`);
  return run;
}

describeBackendContract({
  backend: 'atspi',
  app: 'gtk3Demo',
  appName: 'gtk3-demo',
  timeoutMs: 5000,
  // gtk3-demo's Run builds the selected demo's window anew each time and destroys it on the next Run.
  transient: {
    open: async (desk, app) => {
      const snap = await desk.snapshot({ pid: app.pid, visibleOnly: true });
      await desk.act({ function: 'select', args: { id: row('Dialogs and Message Boxes')(snap)!.ref } });
      const opened = await clickRun(desk, app);
      const windowRef = opened.evidence?.changes.find((c) => c.kind === 'added' && String(c.after).startsWith('Window'))?.ref;
      if (!windowRef) throw new Error(`Run opened no window: ${JSON.stringify(opened.evidence?.changes)}`);
      // The window maps first and shows its widgets a moment later.
      for (const deadline = Date.now() + 5000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
        const button = (await desk.snapshot({ ref: windowRef, visibleOnly: true })).find({ role: 'Button', name: 'Message Dialog' })[0];
        if (button) return button.ref;
      }
      throw new Error('the demo window shows no Message Dialog button');
    },
    close: async (desk, app) => void (await clickRun(desk, app)),
  },
  intents: [
    {
      function: 'select',
      what: 'a tree row becomes the selected one',
      find: row('Builder'),
      readBack: (after) => expect(has(after, 'selected'), 'the row is not selected'),
    },
    {
      function: 'expand',
      what: 'a tree row with children expands',
      find: row('Benchmark'),
      readBack: (after, snap) =>
        expect(has(after, 'expanded'), 'the row is not expanded') ?? expect(snap.nodes.length > 0, 'no snapshot'),
    },
    {
      function: 'collapse',
      what: 'the expanded row collapses',
      find: row('Benchmark'),
      readBack: (after) => expect(!has(after, 'expanded'), 'the row is still expanded'),
    },
    {
      function: 'select',
      what: 'a notebook tab becomes the selected one',
      find: (s) => s.find({ role: 'TabItem', name: 'Source' })[0],
      readBack: (after) => expect(has(after, 'selected'), 'the Source tab is not selected'),
      restore: async (desk, app) => {
        const snap = await desk.snapshot({ pid: app.pid, visibleOnly: true });
        await desk.act({ function: 'select', args: { id: snap.find({ role: 'TabItem', name: 'Info' })[0]!.ref } });
      },
    },
  ],
});
