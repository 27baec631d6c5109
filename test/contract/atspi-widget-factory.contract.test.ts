/** The backend contract on a GTK 3 app: gtk3-widget-factory (every common widget, on page 1). */
import type { UINode } from '../../lib/index.js';
import { describeBackendContract } from './backend-contract.js';

const enabled = (n: UINode) => n.states.includes('enabled');
const has = (n: UINode | undefined, state: string) => n?.states.includes(state as never) ?? false;
const expect = (ok: boolean, what: string) => (ok ? null : what);
const entry = (nodes: UINode[]) => nodes.find((n) => n.role === 'Edit' && enabled(n) && n.value === 'entry');

describeBackendContract({
  backend: 'atspi',
  app: 'widgetFactory',
  appName: 'gtk3-widget-factory',
  timeoutMs: 5000,
  // The progress bar and the spinner animate on their own.
  mask: (n) => (n.role === 'ProgressBar' ? { ...n, value: null } : n),
  intents: [
    {
      function: 'invoke',
      what: 'a toggle button flips',
      find: (s) => s.nodes.find((n) => n.name === 'togglebutton' && enabled(n) && !has(n, 'checked')),
      readBack: (after) => expect(has(after, 'checked'), 'the toggle button is not checked'),
      restore: async (desk, _app, before) => void (await desk.act({ function: 'invoke', args: { id: before.ref } })),
    },
    {
      function: 'toggle',
      what: 'a check button turns on',
      find: (s) => s.find({ role: 'CheckBox', name: 'checkbutton' }).find((n) => enabled(n) && !has(n, 'checked')),
      readBack: (after) => expect(has(after, 'checked'), 'the check button is not checked'),
      restore: async (desk, _app, before) => void (await desk.act({ function: 'toggle', args: { id: before.ref } })),
    },
    {
      function: 'select',
      what: 'a notebook tab becomes the selected one',
      find: (s) => s.find({ role: 'TabItem', name: 'page 2' })[0],
      readBack: (after, snap) =>
        expect(has(after, 'selected'), 'page 2 is not selected') ??
        expect(!has(snap.find({ role: 'TabItem', name: 'page 1' })[0], 'selected'), 'page 1 is still selected'),
      restore: async (desk, app) => {
        const snap = await desk.snapshot({ pid: app.pid, visibleOnly: true });
        await desk.act({ function: 'select', args: { id: snap.find({ role: 'TabItem', name: 'page 1' })[0]!.ref } });
      },
    },
    {
      function: 'expand',
      what: 'a combo box opens its menu',
      find: (s) => s.find({ role: 'ComboBox', name: 'Left' })[0],
      readBack: (_after, snap) => expect(snap.find({ role: 'MenuItem', name: 'Middle' }).length > 0, 'no menu item is showing'),
      restore: async (desk, _app, before) => void (await desk.act({ function: 'collapse', args: { id: before.ref } })),
    },
    {
      function: 'collapse',
      what: 'an open combo box closes its menu',
      prepare: async (desk, app) => {
        const snap = await desk.snapshot({ pid: app.pid, visibleOnly: true });
        await desk.act({ function: 'expand', args: { id: snap.find({ role: 'ComboBox', name: 'Left' })[0]!.ref } });
      },
      find: (s) => s.find({ role: 'ComboBox', name: 'Left' })[0],
      readBack: (_after, snap) => expect(snap.find({ role: 'MenuItem', name: 'Middle' }).length === 0, 'the menu is still showing'),
    },
    {
      function: 'set_value',
      what: 'a slider takes a new value',
      find: (s) => s.nodes.find((n) => n.role === 'Slider' && enabled(n) && n.value === '50'),
      args: { value: 30 },
      readBack: (after) => expect(after?.value === '30', `the slider reads ${after?.value}`),
      restore: async (desk, _app, before) => void (await desk.act({ function: 'set_value', args: { id: before.ref, value: 50 } })),
    },
    {
      function: 'set_edit_text',
      what: 'an entry holds exactly the new text',
      find: (s) => entry(s.nodes),
      args: { text: 'contract: Grüße ✓' },
      readBack: (after) => expect(after?.value === 'contract: Grüße ✓', `the entry reads ${JSON.stringify(after?.value)}`),
      restore: async (desk, _app, before) => void (await desk.act({ function: 'set_edit_text', args: { id: before.ref, text: 'entry' } })),
    },
    {
      function: 'texts',
      what: "an entry's text is read",
      find: (s) => entry(s.nodes),
      readBack: (after, _snap, before, result) =>
        expect(result.result === before.value && after?.value === before.value, `texts answered ${JSON.stringify(result.result)}`),
    },
    {
      function: 'focus',
      what: 'an entry takes the keyboard focus',
      find: (s) => entry(s.nodes),
      readBack: (after) => expect(has(after, 'focused'), 'the entry is not focused'),
    },
    {
      function: 'scroll_into_view',
      what: 'a control on screen stays on screen (nothing here scrolls out of view)',
      find: (s) => s.find({ role: 'Button', name: 'Close' })[0],
      readBack: (after) => expect(has(after, 'visible'), 'the control is not visible'),
    },
  ],
});
