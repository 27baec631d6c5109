/** The backend contract on LibreOffice Writer (VCL's own accessibility through the GTK 3 bridge). */
import type { UINode } from '../../lib/index.js';
import { describeBackendContract } from './backend-contract.js';

const has = (n: UINode | undefined, state: string) => n?.states.includes(state as never) ?? false;
const expect = (ok: boolean, what: string) => (ok ? null : what);
const paragraph = (nodes: UINode[]) => nodes.find((n) => n.rawRole === 'paragraph');

describeBackendContract({
  backend: 'atspi',
  app: 'writer',
  appName: 'soffice',
  timeoutMs: 10_000,
  // A modal dialog opened from the menu is built when it opens and destroyed when it closes.
  transient: {
    open: async (desk, app) => {
      let snap = await desk.snapshot({ pid: app.pid, visibleOnly: true });
      await desk.act({ function: 'click_input', args: { id: snap.find({ role: 'MenuItem', name: 'Format' })[0]!.ref } });
      snap = await desk.snapshot({ pid: app.pid, visibleOnly: true });
      await desk.act({ function: 'click_input', args: { id: snap.find({ role: 'MenuItem', name: /^Character/ })[0]!.ref } });
      const window = (await desk.windows()).find((w) => w.pid === app.pid && w.title === 'Character');
      if (!window) throw new Error('the Character dialog did not open');
      return (await desk.snapshot({ ref: window.ref, visibleOnly: true })).find({ role: 'Button', name: 'Cancel' })[0]!.ref;
    },
    close: async (desk, app) => {
      const window = (await desk.windows()).find((w) => w.pid === app.pid && w.title === 'Character')!;
      const cancel = (await desk.snapshot({ ref: window.ref, visibleOnly: true })).find({ role: 'Button', name: 'Cancel' })[0]!;
      const closed = await desk.act({ function: 'click_input', args: { id: cancel.ref } });
      if (closed.verdict !== 'verified') throw new Error('the Character dialog did not close');
    },
  },
  intents: [
    {
      function: 'set_edit_text',
      what: 'the first paragraph holds exactly the new text',
      find: (s) => paragraph(s.nodes),
      args: { text: 'Contract paragraph' },
      readBack: (_after, snap) => {
        const now = paragraph(snap.nodes);
        return expect(now?.value === 'Contract paragraph', `the paragraph reads ${JSON.stringify(now?.value)}`);
      },
    },
    {
      function: 'texts',
      what: "the paragraph's text is read",
      find: (s) => paragraph(s.nodes),
      readBack: (_after, _snap, before, result) =>
        expect(result.result === before.value, `texts answered ${JSON.stringify(result.result)}, the paragraph holds ${JSON.stringify(before.value)}`),
    },
    {
      function: 'focus',
      what: 'the paragraph takes the keyboard focus',
      find: (s) => paragraph(s.nodes),
      readBack: (after) => expect(has(after, 'focused'), 'the paragraph is not focused'),
    },
  ],
});
