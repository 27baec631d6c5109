/**
 * The backend contract on a GTK 4 app: gtk4-widget-factory (page 1 holds the common widgets). GTK 4 serves
 * AT-SPI itself (no atk-bridge, no peer socket), lists stack pages that its GetChildren skips and sets SHOWING
 * on windows only: the parts of the snapshot these exercise are native/linux/tree_reader.cc CheckChildList
 * and InferShowing. Every effect is also read back through libatspi itself.
 *
 * No focus intent: GTK 4.8 answers Component.GrabFocus with NotSupported on every widget.
 */
import type { UINode } from '../../lib/index.js';
import { libatspiRead } from '../helpers/libatspi-read.js';
import { describeBackendContract } from './backend-contract.js';

const APP = 'gtk4-widget-factory';
const enabled = (n: UINode) => n.states.includes('enabled');
const has = (n: UINode | undefined, state: string) => n?.states.includes(state as never) ?? false;
const expect = (ok: boolean, what: string) => (ok ? null : what);
// The live entry holding "entry" (an insensitive one beside it holds the same text).
const entry = (nodes: UINode[]) => nodes.find((n) => n.role === 'Edit' && enabled(n) && n.value === 'entry');
const toggle = (nodes: UINode[]) =>
  nodes.find((n) => n.role === 'Button' && n.name === 'togglebutton' && enabled(n) && !has(n, 'checked') && !has(n, 'pressed'));

describeBackendContract({
  backend: 'atspi',
  app: 'gtk4WidgetFactory',
  appName: APP,
  timeoutMs: 5000,
  // A snapshot of its window takes 0.25–0.6 s here (949 nodes, no GetItems burst that helps), and under the
  // whole suite's load a toggle's PRESSED was seen to arrive after the default 500 ms.
  settleMs: 2000,
  // The progress bar and the media controls' slider move on their own, and a spinning GtkSpinner's extents
  // wobble as it turns.
  mask: (n) =>
    n.role === 'ProgressBar' || n.role === 'Slider' ? { ...n, value: null } : n.name === 'GtkSpinner' ? { ...n, rect: null } : n,
  intents: [
    {
      function: 'set_edit_text',
      what: 'an entry holds exactly the new text',
      find: (s) => entry(s.nodes),
      args: { text: 'contract: Grüße ✓' },
      readBack: (after, _snap, before) => {
        const independent = libatspiRead(APP, before.ref);
        return (
          expect(after?.value === 'contract: Grüße ✓', `the entry reads ${JSON.stringify(after?.value)}`) ??
          expect(independent.text === 'contract: Grüße ✓', `libatspi reads ${JSON.stringify(independent.text)}`)
        );
      },
      restore: async (desk, _app, before) => void (await desk.act({ function: 'set_edit_text', args: { id: before.ref, text: 'entry' } })),
    },
    {
      function: 'invoke',
      what: 'a toggle button is clicked and stays pressed',
      find: (s) => toggle(s.nodes),
      readBack: (after, _snap, before) => {
        const independent = libatspiRead(APP, before.ref);
        const pressed = (states: readonly string[] | undefined) => (states ?? []).some((s) => s === 'pressed' || s === 'checked');
        return (
          expect(has(after, 'pressed') || has(after, 'checked'), `the toggle button reads ${JSON.stringify(after?.states)}`) ??
          expect(pressed(independent.states), `libatspi reads ${JSON.stringify(independent.states)}`)
        );
      },
      restore: async (desk, _app, before) => void (await desk.act({ function: 'invoke', args: { id: before.ref } })),
    },
    {
      function: 'texts',
      what: "an entry's text is read",
      find: (s) => entry(s.nodes),
      readBack: (after, _snap, before, result) =>
        expect(result.result === before.value && after?.value === before.value, `texts answered ${JSON.stringify(result.result)}`),
    },
  ],
});
