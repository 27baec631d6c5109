/**
 * The pure rules behind the refusals: which writes a control's states refuse (lib/act/editability.ts), and
 * when a label file belongs to this desktop (lib/platform/desktop-identity.ts, lib/desktop/element-memory.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { editRefusal, typesCharacters } from '../../lib/act/editability.js';
import { AtspiAdapter } from '../../lib/platform/atspi/atspi-adapter.js';
import { ufoKeyboardInputEvents } from '../../lib/act/keys/ufo-escape.js';
import { ElementMemory } from '../../lib/desktop/element-memory.js';
import type { Action, StateName, UINode } from '../../lib/model/index.js';
import { currentDesktop, sameDesktop, type DesktopIdentity } from '../../lib/platform/desktop-identity.js';
import { saveLabelMap, type LabelMap } from '../../lib/observe/labels.js';
import { FAKE_NODE } from '../helpers/fake-adapter.js';

const node = (role: UINode['role'], rawRole: string, states: StateName[]): UINode => ({ ...FAKE_NODE, role, rawRole, states: ['enabled', 'visible', ...states] });
const setText: Action = { function: 'set_edit_text', args: { id: 'fake:1', text: 'x' } } as Action;
const setString: Action = { function: 'set_value', args: { id: 'fake:1', value: 'x' } } as Action;
const setNumber: Action = { function: 'set_value', args: { id: 'fake:1', value: 3 } } as Action;
const keys = (k: string): Action => ({ function: 'keyboard_input', args: { id: 'fake:1', keys: k, control_focus: true } }) as Action;
const adapterFacts = new AtspiAdapter().editability;
const refusal = (a: Action, n: UINode, o: Parameters<typeof editRefusal>[3] = {}) => editRefusal(adapterFacts, a, n, o);
const keyRefusal = (k: string, n: UINode) => refusal(keys(k), n, { keyEvents: ufoKeyboardInputEvents(k) });

describe('editRefusal', () => {
  const readOnlyView = node('Text', 'text', []);
  const entry = node('Edit', 'text', ['editable']);
  const readOnlyEntry = node('Edit', 'text', ['readonly']);

  it('refuses text into a control without editable, naming the state; accepts an editable one', () => {
    for (const a of [setText, setString]) {
      const e = refusal(a, readOnlyView);
      expect(e?.code).toBe('INVALID_OPERATION');
      expect(e?.message).toMatch(/no 'editable' state.*nothing was clicked or typed/);
      expect(refusal(a, entry)).toBeNull();
    }
    expect(refusal(setText, node('Text', 'paragraph', ['editable']))).toBeNull(); // Writer's paragraphs
    expect(refusal(setText, node('Group', 'section', ['editable']))).toBeNull(); // contenteditable
  });

  it('refuses a read-only control even when it says editable too', () => {
    expect(refusal(setText, node('Edit', 'entry', ['editable', 'readonly']))?.message).toMatch(/state 'readonly'/);
    expect(refusal(setNumber, node('Spinner', 'spin button', ['readonly']))?.message).toMatch(/value cannot be set/);
  });

  it('refuses a number into a progress bar, not into a slider or spin button', () => {
    expect(refusal(setNumber, node('ProgressBar', 'progress bar', []))?.code).toBe('INVALID_OPERATION');
    expect(refusal(setNumber, node('Slider', 'slider', []))).toBeNull();
    expect(refusal(setNumber, node('Spinner', 'spin button', ['editable']))).toBeNull();
  });

  it('lets a combo box take text only through an editable entry', () => {
    const combo = node('ComboBox', 'combo box', []);
    expect(refusal(setText, combo, { comboHasEntry: true })).toBeNull();
    expect(refusal(setText, combo, { comboHasEntry: false })?.message).toMatch(/no editable entry.*select/);
  });

  it('refuses typed characters into a non-editable text control, not shortcuts or navigation', () => {
    expect(keyRefusal('hello', readOnlyView)?.code).toBe('INVALID_OPERATION');
    expect(keyRefusal('{END}x', readOnlyEntry)?.message).toMatch(/read-only/);
    expect(keyRefusal('{VK_CONTROL}a', readOnlyView)).toBeNull();
    expect(keyRefusal('{DOWN}{PGDN}{ENTER}', readOnlyView)).toBeNull();
    expect(keyRefusal('hello', entry)).toBeNull();
    // Not a text control: a list's type-ahead, a terminal, a web document's key handlers.
    expect(keyRefusal('abc', node('List', 'list', []))).toBeNull();
    expect(keyRefusal('ls', node('Document', 'terminal', []))).toBeNull();
  });

  it('does not judge platforms that report no editability', () => {
    expect(editRefusal(null, setText, readOnlyView)).toBeNull();
  });

  it('typesCharacters: text and unmodified character keys type; chords and named keys do not', () => {
    expect(typesCharacters([{ type: 'text', text: 'a' }])).toBe(true);
    expect(typesCharacters([{ type: 'tap', key: 'a' }])).toBe(true);
    expect(typesCharacters([{ type: 'press', key: 'VK_CONTROL' }, { type: 'tap', key: 'c' }, { type: 'release', key: 'VK_CONTROL' }])).toBe(false);
    expect(typesCharacters([{ type: 'press', key: 'VK_CONTROL' }, { type: 'release', key: 'VK_CONTROL' }, { type: 'tap', key: 'c' }])).toBe(true);
    expect(typesCharacters([{ type: 'tap', key: 'VK_RETURN' }, { type: 'pause', seconds: 0 }])).toBe(false);
  });
});

describe('desktop identity', () => {
  const a: DesktopIdentity = { display: ':1', accessibilityBus: 'unix:path=/a,guid=1', sessionBus: 'unix:path=/s1' };

  it('reads the Linux desktop from DISPLAY and the bus addresses, Windows from the session and user', () => {
    expect(currentDesktop({ DISPLAY: ':1', AT_SPI_BUS_ADDRESS: 'unix:path=/a,guid=1', DBUS_SESSION_BUS_ADDRESS: 'unix:path=/s1' }, 'linux')).toEqual(a);
    expect(currentDesktop({}, 'linux')).toEqual({ display: null, accessibilityBus: null, sessionBus: null });
    expect(currentDesktop({ SESSIONNAME: 'Console', USERDOMAIN: 'D', USERNAME: 'u' }, 'win32')).toEqual({ display: 'Console', accessibilityBus: null, sessionBus: 'D\\u' });
  });

  it('differs by display, by accessibility bus, else by session bus; a field one side lacks is no difference', () => {
    expect(sameDesktop(a, { ...a })).toBe(true);
    expect(sameDesktop(a, { ...a, display: ':2' })).toBe(false);
    expect(sameDesktop(a, { ...a, accessibilityBus: 'unix:path=/a,guid=2' })).toBe(false);
    expect(sameDesktop(a, { ...a, accessibilityBus: null })).toBe(true);
    expect(sameDesktop(a, { ...a, accessibilityBus: null, sessionBus: 'unix:path=/s2' })).toBe(false);
  });
});

describe('label files across desktops', () => {
  let dir: string;
  const saved = process.env.LAM_BRIDGE_LABEL_DIR;
  const here: DesktopIdentity = { display: ':5', accessibilityBus: 'unix:path=/b,guid=5', sessionBus: null };
  const map = (desktop: DesktopIdentity | undefined): LabelMap => ({
    version: desktop ? 2 : 1,
    format: 'ufo-v2',
    createdAt: '2026-01-01T00:00:00.000Z',
    ...(desktop ? { desktop } : {}),
    platform: 'atspi',
    app: { name: 'gtk3-demo', pid: 7 },
    window: { ref: '1.2:/w', title: 'GTK+ Code Demos' },
    root: '1.2:/w',
    labels: { '1': { ref: '1.2:/b', role: 'Button', name: 'Run', automationId: null, ancestors: 'Window' } },
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lamb-labels-unit-'));
    process.env.LAM_BRIDGE_LABEL_DIR = dir;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.LAM_BRIDGE_LABEL_DIR;
    else process.env.LAM_BRIDGE_LABEL_DIR = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  it('resolves a label written on this desktop', async () => {
    await saveLabelMap(map(here), dir);
    expect(await new ElementMemory(here).resolveId('1')).toMatchObject({ ref: '1.2:/b', label: '1' });
  });

  it('refuses a label written on another desktop with INVALID_ARGUMENT naming both and the snapshot', async () => {
    await saveLabelMap(map({ ...here, display: ':9', accessibilityBus: 'unix:path=/c,guid=9' }), dir);
    const error = await new ElementMemory(here).resolveId('1').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT' });
    const message = (error as Error).message;
    expect(message).toContain('display :9');
    expect(message).toContain('this is display :5');
    expect(message).toContain("ufo-v2 snapshot of window 'GTK+ Code Demos' of gtk3-demo taken 2026-01-01T00:00:00.000Z");
  });

  it('refuses a label file of an earlier release, which recorded no desktop', async () => {
    await saveLabelMap(map(undefined), dir);
    await expect(new ElementMemory(here).resolveId('1')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/did not record its desktop/) });
  });

  it('keeps refs (not labels) free of the check: they come from this process', async () => {
    await saveLabelMap(map({ ...here, display: ':9' }), dir);
    expect(await new ElementMemory(here).resolveId('1.2:/b')).toMatchObject({ ref: '1.2:/b' });
  });
});
