/**
 * The backend contract on Chromium with a local page (test/fixtures/pages/form.html): web content through
 * Chromium's own AT-SPI bridge, whose fields implement Text but not EditableText.
 */
import type { UINode } from '../../lib/index.js';
import { libatspiFind } from '../helpers/libatspi-read.js';
import { describeBackendContract } from './backend-contract.js';

const has = (n: UINode | undefined, state: string) => n?.states.includes(state as never) ?? false;
const expect = (ok: boolean, what: string) => (ok ? null : what);
const NAME = 'Ada Lovelace';

/** The form's name field, read by libatspi: it must agree with lam-bridge's read. */
function independentText(pid: number, role: string, name: string): string | null {
  return libatspiFind(pid, role, name)?.text ?? null;
}

describeBackendContract({
  backend: 'atspi',
  app: 'chromium',
  start: { page: 'form.html' },
  appName: 'Chromium',
  timeoutMs: 10_000,
  // Chromium's tab strip names each tab with the renderer's memory use ("Form ready - Memory usage - 22.2 MB"),
  // which changes between two walks on its own.
  mask: (n) => ({ ...n, name: n.name.replace(/ - Memory usage - [\d.,]+ [KMG]B$/, ' - Memory usage') }),
  // The page's "Show details" button builds a "Hide details" button, and removes it on the next click.
  transient: {
    open: async (desk, app) => {
      const snap = await desk.snapshot({ pid: app.pid, visibleOnly: true });
      await desk.act({ function: 'invoke', args: { id: snap.find({ role: 'Button', name: 'Show details' })[0]!.ref } });
      for (const deadline = Date.now() + 5000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
        const hide = (await desk.snapshot({ pid: app.pid, visibleOnly: true })).find({ role: 'Button', name: 'Hide details' })[0];
        if (hide) return hide.ref;
      }
      throw new Error('the page built no Hide details button');
    },
    close: async (desk, app) => {
      const snap = await desk.snapshot({ pid: app.pid, visibleOnly: true });
      await desk.act({ function: 'invoke', args: { id: snap.find({ role: 'Button', name: 'Show details' })[0]!.ref } });
    },
  },
  intents: [
    {
      function: 'set_edit_text',
      what: 'a page text input (Text without EditableText) takes the text',
      find: (snap) => snap.find({ role: 'Edit', name: 'Your name' })[0],
      args: { text: NAME },
      readBack: (after, snap) =>
        expect(after?.value === NAME, `lam-bridge reads ${JSON.stringify(after?.value)}`) ??
        expect(independentText(snap.data.app.pid!, 'entry', 'Your name') === NAME, 'libatspi reads another text'),
    },
    {
      function: 'set_edit_text',
      what: 'a page textarea takes two lines',
      find: (snap) => snap.find({ role: 'Edit', name: 'Message' })[0],
      args: { text: 'first line\nsecond line' },
      readBack: (after, snap) =>
        expect(after?.value === 'first line\nsecond line', `lam-bridge reads ${JSON.stringify(after?.value)}`) ??
        expect(independentText(snap.data.app.pid!, 'entry', 'Message') === 'first line\nsecond line', 'libatspi reads another text'),
    },
    {
      function: 'invoke',
      what: "a page button runs its click handler (the status line and the title show the field's text)",
      find: (snap) => snap.find({ role: 'Button', name: 'Send' })[0],
      readBack: (_after, snap) => {
        const status = snap.find({ role: 'StatusBar', name: 'Status' })[0];
        const shown = snap.nodes.some((n) => n.name === `Sent 1: ${NAME}`);
        return (
          expect(status !== undefined && shown, `the status line does not say "Sent 1: ${NAME}"`) ??
          expect(snap.nodes.some((n) => n.role === 'Document' && n.name === 'Form sent 1'), 'the document title did not change') ??
          expect(independentText(snap.data.app.pid!, 'status bar', 'Status') === `Sent 1: ${NAME}`, 'libatspi reads another status')
        );
      },
    },
    {
      function: 'toggle',
      what: 'a page checkbox becomes checked',
      find: (snap) => snap.find({ role: 'CheckBox', name: 'Subscribe' })[0],
      readBack: (after, snap) =>
        expect(has(after, 'checked'), 'the checkbox is not checked') ??
        expect(libatspiFind(snap.data.app.pid!, 'check box', 'Subscribe')?.states.includes('checked') === true, 'libatspi sees it unchecked'),
    },
  ],
});
