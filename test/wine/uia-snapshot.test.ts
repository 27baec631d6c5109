/**
 * The UIA backend's read path under Wine 10, for real: Windows node.exe loads the cross-built addon and reads
 * the Win32 test app, once with the app's own UIA providers (what a UIA-aware toolkit gives) and once with
 * stock controls only (what Wine's MSAA proxy gives). One node.exe launch runs every check
 * (test/wine/scripts/uia-snapshot.cjs); this file asserts on its report.
 *
 * Under Wine the fast path is "findall" (Wine 10 refuses the Subtree cache request and GetCachedChildren,
 * docs/WINE10_UIA.md); the one-cache-request path is checked against the double instead. Timings are logged,
 * not asserted: Wine is no Windows benchmark.
 */
import path from 'node:path';
import { describe, expect, it, beforeAll } from 'vitest';
import { mkdirSync } from 'node:fs';
import { runUnderWine, toWinePath, wineSkipReason } from '../helpers/wine.js';

const repo = path.join(import.meta.dirname, '..', '..');
/** What the wine project's global setup builds (npm run prebuild:win32, test programs included). */
const addon = process.env.LAM_WIN_ADDON ?? path.join(repo, 'prebuilds', 'win32-x64', 'node.napi.node');
const testapp = process.env.LAM_WIN_TESTAPP ?? path.join(repo, 'build-win32', 'Release', 'testapp.exe');
const scratch = path.join(repo, 'build-win32', 'wine-scratch');

/** test/native/win/testapp's stock controls, in z-order (what EnumChildWindows / GW_HWNDNEXT gives). */
const STOCK = [
  [50020, 'Name:'], [50004, 'Name:'], [50000, 'Click Me'], [50002, 'Check Me'], [50013, 'Option A'],
  [50013, 'Option B'], [50008, ''], [50003, 'Red'], [50020, 'Notes:'], [50004, 'Notes:'], [50020, 'Status:'],
  [50004, 'Status:'], [50000, 'Disabled'],
];

interface Node {
  ref: string; parent: number; controlType: number; name: string; className: string; value: string | null;
  automationId: string; enabled: boolean; hwnd: number;
  toggle: number | null; selected: boolean | null; source: string; msaaRole: number | null; rect: number[] | null;
}
type NativeFailure = { code: string; message: string } | null;
interface ModeReport {
  fatal?: { message: string };
  providerTree: string | null;
  window: { ref: string; title: string; className: string; pid: number; rect: number[] | null; controlType: number };
  applications: { ref: string; name: string; responding: boolean; toolkit: string | null }[];
  snapshot: { root: string; nodes: Node[]; stats: { method: string; calls: number }; incomplete: boolean; app: { name: string } };
  counts: { fast: number; fast2: number; reference: number };
  fastMs: number; fastMs2: number; referenceMs: number;
  stats: { fast: { method: string; calls: number }; fast2: { method: string; calls: number }; reference: { method: string; calls: number } };
  refsStable: boolean; refsUnique: boolean; equalsReference: boolean;
  resolve: { ref: string; found: string | null; error: string | null }[];
  resolveSampled: boolean;
  subtree?: { root: string; nodes: Node[]; ancestors: { ref: string }[] };
  maxNodes3: { nodes: Node[]; truncated: boolean };
  maxDepth0: { nodes: Node[] };
  appSnapshot: { root: string; nodes: Node[] };
  errors: { malformed: NativeFailure; notUia: NativeFailure; staleId: NativeFailure; windowGone: NativeFailure; appGone: NativeFailure };
}

let report: { platform: string; modes: { uia: ModeReport; msaa: ModeReport } };

const skip = wineSkipReason();

beforeAll(async () => {
  if (skip) return;
  mkdirSync(scratch, { recursive: true });
  const runScript = (modes: string) =>
    runUnderWine(
      path.join(repo, 'test/wine/scripts/uia-snapshot.cjs'),
      [toWinePath(addon), toWinePath(testapp), toWinePath(scratch), 'real'],
      { timeoutMs: 200_000, env: { LAM_BRIDGE_TEST_HOOKS: '1', MODES: modes } },
    );
  let run = await runScript('uia,msaa');
  expect(run.status, run.stderr).toBe(0);
  report = JSON.parse(run.stdout);
  // Once more, in a fresh node.exe with a fresh app, when a call into the app's own providers stalled: Wine 10's
  // provider side can deadlock inside combase (docs/WINE10_UIA.md, "provider-side deadlocks"), and a client
  // process with a stuck call was seen to stall again. Printed; a second stall fails the tests.
  const first = report.modes.uia.fatal;
  if (first && /could not be interrupted/.test(first.message)) {
    const stalled = run.stderr.split('\n').filter((l) => l.startsWith('[uia-snapshot uia]')).join('; ');
    console.log(`uia-snapshot: the provider window ran twice, the first run stalled inside Wine: ${first.message} (${stalled})`);
    run = await runScript('uia');
    expect(run.status, run.stderr).toBe(0);
    report.modes.uia = (JSON.parse(run.stdout) as typeof report).modes.uia;
  }
  for (const [mode, m] of Object.entries(report.modes)) {
    if (m.fatal) {
      // Where it stopped: the script's progress lines (stderr), with Wine's own noise left out.
      console.log(`uia-snapshot ${mode} failed: ${m.fatal.message}\n${run.stderr.split('\n').filter((l) => l.startsWith('[uia-snapshot')).join('\n')}`);
      continue;
    }
    console.log(`uia-snapshot ${mode}: ${m.counts.fast} nodes, fast ${m.fastMs}/${m.fastMs2} ms (${m.stats.fast.calls} calls, ` +
      `${m.stats.fast.method}), reference walk ${m.referenceMs} ms (${m.stats.reference.calls} calls) under Wine`);
  }
}, 450_000);

describe.skipIf(skip)('UIA backend under Wine 10: a window with its own UIA fragment tree beside stock controls', () => {
  const m = () => report.modes.uia;

  it('lists the test app among windows and applications', () => {
    expect(report.platform).toBe('uia');
    expect(m().fatal).toBeUndefined();
    expect(m().window).toMatchObject({ title: 'LAM Test App', className: 'LamTestAppWindow', controlType: 50032 });
    expect(m().window.rect).toHaveLength(4);
    expect(m().window.ref).toMatch(/^uia:[0-9a-f]+:-?\d+(\.-?\d+)*$/);
    expect(m().applications).toEqual([
      expect.objectContaining({ ref: `uia:pid:${m().window.pid}`, name: 'testapp.exe', responding: true }),
    ]);
  });

  it('reads the provider tree as the app wrote it, and the stock controls beside it', () => {
    const s = m().snapshot;
    expect(s.root).toBe(m().window.ref);
    expect(s.app.name).toBe('testapp.exe');
    // The app's own record of its fragment tree is the oracle, node for node.
    const oracle = JSON.parse(m().providerTree!) as {
      nodes: { id: number; parent: number; name: string; automationId: string; controlType: number; enabled: boolean }[];
    };
    const byId = new Map(s.nodes.map((n, i) => [n.automationId, i]));
    for (const o of oracle.nodes.slice(1)) {
      const i = byId.get(o.automationId);
      expect(i, o.automationId).toBeDefined();
      const n = s.nodes[i!]!;
      expect([n.name, n.controlType, n.enabled, n.source]).toEqual([o.name, o.controlType, o.enabled, 'uia']);
      const parent = oracle.nodes.find((p) => p.id === o.parent)!;
      expect(n.parent).toBe(parent.parent === -1 ? 0 : byId.get(parent.automationId));
    }
    // Wine's window element lists only the fragments: the stock controls come from the child HWNDs + MSAA.
    const stock = s.nodes.filter((n) => n.parent === 0 && n.automationId === '');
    expect(stock.map((n) => [n.controlType, n.name])).toEqual(STOCK);
    expect(stock.every((n) => n.source === 'msaa' && n.hwnd !== 0)).toBe(true);
    expect(s.nodes).toHaveLength(oracle.nodes.length + STOCK.length);
    expect(s.stats.method).toBe('mixed');
    expect(s.incomplete).toBe(false);
    expect(m().equalsReference).toBe(true);
    expect(m().counts.fast2).toBe(s.nodes.length);
    // The fast path's point: a handful of calls where the reference walk makes one a property.
    expect(m().stats.fast.calls).toBeLessThan(m().stats.reference.calls / 5);
  });

  it('gives refs that are unique, stable across snapshots, and resolve to their element', () => {
    const hwnd = m().window.ref.split(':')[1];
    expect(m().snapshot.nodes.every((n) => n.ref.startsWith(`uia:${hwnd}:`))).toBe(true);
    expect(m().refsUnique).toBe(true);
    expect(m().refsStable).toBe(true);
    // The provider window resolves a sample of its refs (see the script), the stock-only window every ref.
    expect(m().resolve.length).toBeGreaterThanOrEqual(m().resolveSampled ? 5 : m().snapshot.nodes.length - 1);
    for (const r of m().resolve) expect(r).toMatchObject({ found: r.ref, error: null });
    expect(m().subtree?.root).toBe(m().subtree?.nodes[0]?.ref);
    expect(m().subtree?.nodes.length).toBe(4);
    expect(m().subtree?.ancestors.map((a) => a.ref)).toEqual([m().window.ref]);
  });

  it('honours maxNodes and maxDepth, and gives an app ref its synthetic root', () => {
    expect(m().maxNodes3.nodes).toHaveLength(3);
    expect(m().maxNodes3.truncated).toBe(true);
    expect(m().maxDepth0.nodes).toHaveLength(1);
    const a = m().appSnapshot;
    expect(a.root).toBe(`uia:pid:${m().window.pid}`);
    expect(a.nodes[0]).toMatchObject({ controlType: 0, name: 'testapp.exe', parent: -1 });
    expect(a.nodes[1]).toMatchObject({ ref: m().window.ref, parent: 0 });
    expect(a.nodes).toHaveLength(m().snapshot.nodes.length + 1);
  });

  it('answers bad, stale and dead refs with the documented codes', () => {
    const e = m().errors;
    expect(e.malformed?.code).toBe('INVALID_ARGUMENT');
    expect(e.notUia?.code).toBe('INVALID_ARGUMENT');
    expect(e.staleId?.code).toBe('ELEMENT_STALE');
    expect(e.windowGone?.code).toBe('APP_NOT_RUNNING');
    expect(e.appGone?.code).toBe('APP_NOT_RUNNING');
  });
});

describe.skipIf(skip)('UIA backend under Wine 10: stock Win32 controls only (HWND enumeration + MSAA)', () => {
  const m = () => report.modes.msaa;

  it('reaches every control through its HWND and names its role through MSAA', () => {
    expect(m().fatal).toBeUndefined();
    const s = m().snapshot;
    expect(s.stats.method).toBe('mixed');
    expect(s.nodes[0]!.controlType).toBe(50032);
    expect(s.nodes.slice(1).map((n) => [n.controlType, n.name])).toEqual(STOCK);
    expect(s.nodes.slice(1).every((n) => n.parent === 0 && n.source === 'msaa')).toBe(true);
    const byName = (name: string, type: number) => s.nodes.find((n) => n.name === name && n.controlType === type)!;
    expect(byName('Click Me', 50000).msaaRole).toBe(43);
    expect(byName('Check Me', 50002).toggle).toBe(0);
    expect(byName('Option A', 50013).selected).toBe(true);
    expect(byName('Option B', 50013).selected).toBe(false);
    expect(byName('Disabled', 50000).enabled).toBe(false);
    expect(byName('Name:', 50004).value).toBe('hello');
    expect(byName('Notes:', 50004).value).toBe('line one\r\nline two');
    expect(byName('Status:', 50004).value).toBe('read only');
    expect(byName('Red', 50003).value).toBe('Red');
    expect(m().equalsReference).toBe(true);
    expect(m().refsStable).toBe(true);
    for (const r of m().resolve) expect(r).toMatchObject({ found: r.ref, error: null });
  });
});
