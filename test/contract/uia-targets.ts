/**
 * The UIA backend's contract targets, run by test/contract/run-contract.ts inside Windows node.exe:
 * - 'testapp': the project's Win32 test app (test/native/win/testapp; under Wine `--stock-only`, see
 *   run-contract.ts) under Wine 10's real UIA client. Its stock controls reach UIA through Wine's proxies and
 *   MSAA; Wine 10's client answers no pattern (docs/WINE10_UIA.md), so its intents are the ones MSAA and
 *   SendInput carry (put_accValue, a check box's default action).
 * - 'double': the UIA client test double (test/native/win/uia_double, lam_uia_double.dll, loaded with the
 *   "uia-double:<dll>|<scenario>" test hook) with uia-double-scenario.json: what Wine lacks, every pattern.
 * - 'notepad': Windows' own Notepad, on real Windows only (.github/workflows/windows.yml; not yet run): a
 *   stock app whose edit control answers ValuePattern through Windows' own proxies.
 * The double's elements live in node.exe's own process (its windows are real HWNDs it makes), so that target's
 * app is node.exe itself.
 */
import type { UINode } from '../../lib/index.js';
import type { CheckTarget, IntentCase } from './contract-checks.js';

/** A running target app: its pid and, for the test app, the commands file it polls. */
export interface UiaApp {
  pid: number;
  commands?: string;
}

export interface UiaTarget extends CheckTarget {
  name: 'testapp' | 'double' | 'notepad';
  intents: IntentCase<UiaApp>[];
  /**
   * Checks of the contract this target cannot run, each with why: printed by the runner as a skip line, and
   * made a skipped test named after it by test/wine/contract-uia.test.ts.
   */
  skips: Record<string, string>;
}

const byName = (role: UINode['role'], name: string) => (n: UINode) => n.role === role && n.name === name;
const checked = (n: UINode | undefined) => n?.states.includes('checked') ?? false;

/** What cannot run inside node.exe under Wine at all, on any target (the host-only parts of backend-contract.ts). */
export const HOST_ONLY_SKIPS: Record<string, string> = {
  'refs.other-process':
    'needs the CLI (dist/lib/cli/main.js) run by Windows node.exe in a second process; covered for UIA refs by test/wine/testapp-e2e (refs across processes)',
  'faults.frozen':
    'freezes the app with SIGSTOP, which a Windows process inside node.exe cannot send; covered by test/wine/testapp-e2e (hang command → TIMEOUT) and the double (hangMs)',
  'faults.killed': 'kills the app mid-call from the host; covered by test/wine/testapp-e2e (kill → APP_NOT_RUNNING)',
  'lifecycle.exit-pending': 'host process lifecycle around SIGSTOP; covered for node.exe by test/wine/addon-load and the infra lifecycle checks',
  'lifecycle.workers': "worker threads around a SIGSTOPped app; not ported to node.exe yet",
};

export const TESTAPP_TARGET: UiaTarget = {
  name: 'testapp',
  backend: 'uia',
  appName: 'testapp.exe',
  minNodes: 8,
  settleMs: 1500,
  walkTimeoutMs: 120_000,
  skips: {
    'snapshots.one-cache-request':
      'Wine 10 refuses the Subtree cache request and GetCachedChildren (E_NOTIMPL): the fast path under Wine is FindAllBuildCache; the cache path runs against the double',
    'intents.patterns':
      "Wine 10's UIA client returns no pattern objects (GetCurrentPattern answers NULL): Invoke, Toggle, SelectionItem, ExpandCollapse, Value, RangeValue, ScrollItem and Text run against the double",
    'refs.dead-element': 'the test app offers no element that dies while it runs through the contract; the double and testapp-e2e (runtime child) cover ELEMENT_STALE',
  },
  intents: [
    {
      function: 'set_edit_text',
      what: "the stock Edit (MSAA put_accValue under Wine)",
      find: (s) => s.nodes.find((n) => n.role === 'Edit' && n.value === 'hello'),
      args: { text: 'contract' },
      readBack: (after) => (after?.value === 'contract' ? null : `value is ${JSON.stringify(after?.value)}`),
      restore: async (desk, _app, before) => {
        await desk.act({ function: 'set_edit_text', args: { id: before.ref, text: 'hello' } });
      },
    },
    {
      function: 'toggle',
      what: "the stock check box (its MSAA default action under Wine)",
      find: (s) => s.nodes.find(byName('CheckBox', 'Check Me')),
      readBack: (after, _s, before) => (checked(after) !== checked(before) ? null : `checked stayed ${checked(before)}`),
      restore: async (desk, _app, before) => {
        await desk.act({ function: 'toggle', args: { id: before.ref } });
      },
    },
  ],
};

export const DOUBLE_TARGET: UiaTarget = {
  name: 'double',
  backend: 'uia',
  appName: 'node.exe',
  minNodes: 10,
  skips: {
    'intents.invoke':
      "the double's Invoke changes nothing a snapshot shows, and the bridge verifies an invoke by an observable change: InvokePattern dispatch is the double's own test (test/wine/uia-double)",
    'windows.listed':
      "the double's window lives in node.exe's own process, which the window list leaves out by design (native/win windows()); the list is checked on the test app",
  },
  intents: [
    {
      function: 'toggle',
      what: 'a CheckBox (TogglePattern.Toggle)',
      find: (s) => s.nodes.find(byName('CheckBox', 'Bold')),
      readBack: (after, _s, before) => (checked(after) !== checked(before) ? null : `checked stayed ${checked(before)}`),
      restore: async (desk, _app, before) => {
        await desk.act({ function: 'toggle', args: { id: before.ref } });
      },
    },
    {
      function: 'set_edit_text',
      what: 'an Edit (ValuePattern.SetValue)',
      find: (s) => s.nodes.find(byName('Edit', 'Name')),
      args: { text: 'contract' },
      readBack: (after) => (after?.value === 'contract' ? null : `value is ${JSON.stringify(after?.value)}`),
      restore: async (desk, _app, before) => {
        await desk.act({ function: 'set_edit_text', args: { id: before.ref, text: 'hello' } });
      },
    },
    {
      function: 'select',
      what: 'a ListItem (SelectionItemPattern.Select)',
      find: (s) => s.nodes.find(byName('ListItem', 'Banana')),
      readBack: (after) => (after?.states.includes('selected') ? null : `states ${after?.states.join(',')}`),
      restore: async (desk, _app, before) => {
        const apple = (await desk.snapshot({ ref: before.parent! })).nodes.find(byName('ListItem', 'Apple'));
        if (apple) await desk.act({ function: 'select', args: { id: apple.ref } });
      },
    },
    {
      function: 'expand',
      what: 'a TreeItem (ExpandCollapsePattern.Expand)',
      find: (s) => s.nodes.find(byName('TreeItem', 'Home')),
      readBack: (after) => (after?.states.includes('expanded') ? null : `states ${after?.states.join(',')}`),
      restore: async (desk, _app, before) => {
        await desk.act({ function: 'collapse', args: { id: before.ref } });
      },
    },
    {
      function: 'set_value',
      what: 'a Slider (RangeValuePattern.SetValue)',
      find: (s) => s.nodes.find(byName('Slider', 'Volume')),
      args: { value: 70 },
      readBack: (after) => (after?.value !== undefined && Number(after.value) === 70 ? null : `value is ${JSON.stringify(after?.value)}`),
      restore: async (desk, _app, before) => {
        await desk.act({ function: 'set_value', args: { id: before.ref, value: 30 } });
      },
    },
  ],
};

export const NOTEPAD_TARGET: UiaTarget = {
  name: 'notepad',
  backend: 'uia',
  appName: 'notepad.exe',
  minNodes: 5,
  settleMs: 1000,
  skips: {
    'refs.dead-element': 'Notepad offers no element that dies on command; the double and testapp-e2e cover ELEMENT_STALE',
  },
  intents: [
    {
      function: 'set_edit_text',
      what: "Notepad's text area (ValuePattern.SetValue; classic Notepad's Edit, Windows 11's RichEdit Document)",
      find: (s) => s.nodes.find((n) => (n.role === 'Edit' || n.role === 'Document') && !n.states.includes('readonly')),
      args: { text: 'contract' },
      readBack: (after) => (after?.value === 'contract' ? null : `value is ${JSON.stringify(after?.value)}`),
      restore: async (desk, _app, before) => {
        await desk.act({ function: 'set_edit_text', args: { id: before.ref, text: '' } });
      },
    },
  ],
};
