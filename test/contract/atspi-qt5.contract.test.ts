/**
 * The backend contract on a Qt 5 widgets app: the findfiles example (editable combo boxes whose QLineEdits
 * serve EditableText, and a Find button that lists the matching files). Qt has no Cache.GetItems, no peer
 * socket, and must never be sent Properties.GetAll (native/linux/app_links.h): everything here goes through
 * the bus one property at a time. Effects are read back twice: from a fresh lam-bridge snapshot, and through
 * libatspi in a separate process.
 */
import { join } from 'node:path';
import type { Snapshot, UINode } from '../../lib/index.js';
import { libatspiTexts } from '../helpers/libatspi-read.js';
import { describeBackendContract } from './backend-contract.js';

const expect = (ok: boolean, what: string) => (ok ? null : what);
// A small directory of the repo's own, so that Find lists a handful of files wherever the tests run.
const FIXTURE_DIR = join(import.meta.dirname, '..', 'fixtures', 'lifecycle');
const FOUND = /^(\d+) file\(s\) found/;

/** The line edit of the combo box that follows the label `label` (Qt names neither the edit nor the combo). */
function editAfter(snap: Snapshot, label: string): UINode | undefined {
  const at = snap.nodes.findIndex((n) => n.role === 'Text' && n.name === label);
  return at < 0 ? undefined : snap.nodes.slice(at + 1).find((n) => n.role === 'Edit');
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The ref of the app's main window: the first top-level of an app snapshot. */
function mainWindow(snap: Snapshot): string | undefined {
  return snap.nodes.find((n) => n.parent === snap.nodes[0]?.ref && n.role === 'Window')?.ref;
}

/** What libatspi reads: null when it sees `text` in an editable text node of the app. */
function libatspiSees(pid: number, text: string): string | null {
  const nodes = libatspiTexts(pid);
  return expect(nodes.some((n) => n.role === 'text' && n.text === text), `libatspi reads no text node holding ${JSON.stringify(text)}`);
}

describeBackendContract({
  backend: 'atspi',
  app: 'qt5Widgets',
  appName: 'findfiles',
  timeoutMs: 5000,
  // Browse... opens a directory chooser, a second top-level window; its Cancel closes and destroys it.
  transient: {
    open: async (desk, app) => {
      const snap = await desk.snapshot({ pid: app.pid, visibleOnly: true });
      await desk.act({ function: 'invoke', args: { id: snap.find({ role: 'Button', name: 'Browse...' })[0]!.ref } });
      for (const deadline = Date.now() + 5000; Date.now() < deadline; await sleep(50)) {
        const chooser = (await desk.windows()).find((w) => w.pid === app.pid && w.ref !== mainWindow(snap));
        const cancel = chooser && (await desk.snapshot({ ref: chooser.ref, visibleOnly: true })).find({ role: 'Button', name: 'Cancel' })[0];
        if (cancel) return cancel.ref;
      }
      throw new Error('Browse... opened no window with a Cancel button');
    },
    close: async (desk, app) => {
      const windows = async () => (await desk.windows()).filter((w) => w.pid === app.pid).length;
      const snap = await desk.snapshot({ pid: app.pid, visibleOnly: true });
      await desk.act({ function: 'invoke', args: { id: snap.find({ role: 'Button', name: 'Cancel' })[0]!.ref } });
      // The animated click lands ~100 ms later, and the dialog is destroyed after that.
      for (const deadline = Date.now() + 5000; (await windows()) > 1 && Date.now() < deadline; ) await sleep(50);
    },
  },
  // The cases run in order: the directory set first is the one Find searches.
  intents: [
    {
      function: 'set_edit_text',
      what: "the directory combo box's line edit holds exactly the new path",
      find: (s) => editAfter(s, 'In directory:'),
      args: { text: FIXTURE_DIR },
      readBack: (after, snap, _before, result) =>
        expect(after?.value === FIXTURE_DIR, `the edit reads ${JSON.stringify(after?.value)}`) ??
        expect(result.method === 'EditableText.SetTextContents', `set through ${result.method}, not EditableText`) ??
        libatspiSees(snap.data.app.pid!, FIXTURE_DIR),
    },
    {
      function: 'set_edit_text',
      what: 'the file-name pattern takes non-ASCII text and is put back',
      find: (s) => editAfter(s, 'Named:'),
      args: { text: 'Grüße ✓ *.cjs' },
      readBack: (after, snap) =>
        expect(after?.value === 'Grüße ✓ *.cjs', `the edit reads ${JSON.stringify(after?.value)}`) ??
        libatspiSees(snap.data.app.pid!, 'Grüße ✓ *.cjs'),
      restore: async (desk, _app, before) => void (await desk.act({ function: 'set_edit_text', args: { id: before.ref, text: '*.cjs' } })),
    },
    {
      function: 'invoke',
      what: 'Find lists the files of the directory and says how many',
      find: (s) => s.find({ role: 'Button', name: 'Find' })[0],
      // Qt's press action is an animated click: the button shows pressed first and clicks ~100 ms later.
      settleMs: 5000,
      readBack: (_after, snap) => {
        const found = snap.nodes.find((n) => n.role === 'Text' && FOUND.test(n.name));
        return (
          expect(found !== undefined, 'no "N file(s) found" label') ??
          expect(Number(FOUND.exec(found!.name)![1]) >= 5, `the label says ${JSON.stringify(found!.name)}`) ??
          // Visible-only: the rows that fit; the directory holds only .cjs files.
          expect(snap.nodes.some((n) => n.role === 'DataItem' && n.name.endsWith('.cjs')), 'the table lists no .cjs file') ??
          expect(
            libatspiTexts(snap.data.app.pid!).some((n) => n.role === 'label' && FOUND.test(n.name)),
            'libatspi reads no "N file(s) found" label',
          )
        );
      },
    },
  ],
});

