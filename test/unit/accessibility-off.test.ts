/**
 * Pure TS: a Chromium or Electron app started without its accessibility switch exposes one childless node,
 * and the snapshot says how to turn accessibility on instead of handing a model an empty app. (No real app
 * here could be put into that state: Debian's Chromium either does not register or registers its whole tree,
 * see docs/LINUX_DESKTOP.md, so the rule is tested on its inputs.)
 */
import { describe, expect, it } from 'vitest';
import type { AppInfo, SnapshotData, UINode } from '../../lib/model/index.js';
import type { PlatformAdapter } from '../../lib/platform/platform-adapter.js';
import { rejectSwitchedOffChromium } from '../../lib/snapshot/accessibility-off.js';
import { Budget } from '../../lib/snapshot/budget.js';

function node(ref: string, parent: string | null, childCount: number): UINode {
  return { ref, parent, role: 'Window', rawRole: 'frame', name: 'x', value: null, automationId: null, states: [], rect: null, actions: [], childCount };
}

function data(nodes: UINode[], pid: number | null = 7): SnapshotData {
  return { platform: 'atspi', app: { name: 'code', pid }, window: null, root: nodes[0]!.ref, durationMs: 1, truncated: false, incomplete: false, nodes };
}

/** A fake adapter: only applications() is asked, and each call is counted. */
function fakeAdapter(apps: AppInfo[]): PlatformAdapter & { asked: number } {
  const fake = { asked: 0, applications: async () => (fake.asked++, apps) };
  return fake as unknown as PlatformAdapter & { asked: number };
}

const app = (toolkit: string | null): AppInfo => ({ ref: '1.2:root', name: 'code', pid: 7, toolkit });

describe('a Chromium-based app with accessibility off', () => {
  it('one childless node of a Chromium, Chrome or Electron app: TARGET_NOT_FOUND naming the switches', async () => {
    for (const toolkit of ['Chromium', 'chrome', 'Electron']) {
      const adapter = fakeAdapter([app(toolkit)]);
      const error = await rejectSwitchedOffChromium(adapter, data([node('1.2:1', null, 0)]), new Budget(1000)).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'TARGET_NOT_FOUND' });
      expect(String((error as Error).message)).toMatch(/--force-renderer-accessibility/);
      expect(String((error as Error).message)).toMatch(/ACCESSIBILITY_ENABLED=1/);
    }
  });

  it('any other toolkit, a node with children, or a real tree: no error, and no call unless the shape matches', async () => {
    const gtk = fakeAdapter([app('GTK')]);
    await expect(rejectSwitchedOffChromium(gtk, data([node('1.2:1', null, 0)]), new Budget(1000))).resolves.toBeUndefined();
    const chromium = fakeAdapter([app('Chromium')]);
    await expect(rejectSwitchedOffChromium(chromium, data([node('1.2:1', null, 3)]), new Budget(1000))).resolves.toBeUndefined();
    await expect(
      rejectSwitchedOffChromium(chromium, data([node('1.2:1', null, 1), node('1.2:2', '1.2:1', 0)]), new Budget(1000)),
    ).resolves.toBeUndefined();
    await expect(rejectSwitchedOffChromium(chromium, data([node('1.2:1', null, 0)], null), new Budget(1000))).resolves.toBeUndefined();
    expect(chromium.asked).toBe(0);
  });
});
