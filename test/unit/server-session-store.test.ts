/**
 * lib/server/session-store.ts (the caller sessions that outlive a stateless server instance) and the Desktop
 * option labelStore: 'memory' (lib/desktop/element-memory.ts) that keeps a server session's labels off the
 * machine-wide label file. Pure TS: the store opens a test double instead of a Desktop.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ElementMemory } from '../../lib/desktop/element-memory.js';
import type { UINode } from '../../lib/model/node.js';
import type { SnapshotData } from '../../lib/model/snapshot.js';
import { formatUfoV2 } from '../../lib/observe/formats/ufo-v2.js';
import { currentDesktop } from '../../lib/platform/desktop-identity.js';
import { SessionStore } from '../../lib/server/session-store.js';
import type { ToolSession } from '../../lib/server/tools/tool.js';

/** A double of a Desktop: counts opens and closes, nothing else is called by the store. */
function doubleDesktops() {
  const opened: { id: number; closed: boolean }[] = [];
  const open = async () => {
    const d = { id: opened.length, closed: false };
    opened.push(d);
    return { close: async () => void (d.closed = true), id: d.id } as unknown as ToolSession['desktop'];
  };
  return { opened, open };
}
const idOf = (s: ToolSession) => (s.desktop as unknown as { id: number }).id;

describe('SessionStore', () => {
  it('one session per key, kept across uses (a later stateless request finds the same Desktop and state)', async () => {
    const d = doubleDesktops();
    const store = new SessionStore({ open: d.open });
    const first = await store.use('alice', async (s) => {
      s.lastSnapshot = { key: 'k', nodes: [] };
      return idOf(s);
    });
    const again = await store.use('alice', async (s) => ({ id: idOf(s), last: s.lastSnapshot?.key }));
    const bob = await store.use('bob', async (s) => ({ id: idOf(s), last: s.lastSnapshot?.key }));
    expect(again).toEqual({ id: first, last: 'k' });
    expect(bob.id).not.toBe(first);
    expect(bob.last).toBeUndefined();
    expect(d.opened).toHaveLength(2);
  });

  it('concurrent first uses of one key share one Desktop', async () => {
    const d = doubleDesktops();
    const store = new SessionStore({ open: d.open });
    const ids = await Promise.all([1, 2, 3].map(() => store.use('k', async (s) => idOf(s))));
    expect(new Set(ids).size).toBe(1);
    expect(d.opened).toHaveLength(1);
  });

  it('expires idle sessions (closing their Desktop) and evicts the longest idle one past maxSessions', async () => {
    const d = doubleDesktops();
    let now = 0;
    const store = new SessionStore({ open: d.open, idleMs: 1000, maxSessions: 2, now: () => now });
    await store.use('a', async () => undefined);
    now = 10;
    await store.use('b', async () => undefined);
    now = 20;
    await store.use('c', async () => undefined); // full: 'a' (idle longest) goes
    expect(store.has('a')).toBe(false);
    expect(d.opened[0]?.closed).toBe(true);
    now = 5000;
    await store.use('d', async () => undefined); // 'b' and 'c' idle past 1 s
    expect(store.has('b') || store.has('c')).toBe(false);
    expect(store.size).toBe(1);
  });

  it('refuses a new key when every session is busy, and does not evict a busy one', async () => {
    const d = doubleDesktops();
    const store = new SessionStore({ open: d.open, maxSessions: 1 });
    let release!: () => void;
    const busy = store.use('a', () => new Promise<void>((r) => (release = r)));
    await new Promise((r) => setTimeout(r, 0));
    await expect(store.use('b', async () => undefined)).rejects.toMatchObject({ code: 'INVALID_OPERATION' });
    release();
    await busy;
    expect(d.opened[0]?.closed).toBe(false);
  });

  it('a failed open is not cached; bad options are INVALID_ARGUMENT; close closes all', async () => {
    let fail = true;
    const d = doubleDesktops();
    const store = new SessionStore({ open: async () => (fail ? Promise.reject(new Error('no desktop')) : d.open()) });
    await expect(store.use('a', async () => undefined)).rejects.toThrow('no desktop');
    fail = false;
    await store.use('a', async () => undefined);
    await store.close();
    expect(d.opened[0]?.closed).toBe(true);
    await expect(store.use('a', async () => undefined)).rejects.toMatchObject({ code: 'INVALID_OPERATION' });
    expect(() => new SessionStore({ maxSessions: 0 })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});

const ON: UINode['states'] = ['enabled', 'sensitive', 'visible', 'focusable'];
function snapshot(prefix: string): SnapshotData {
  const node = (ref: string, parent: string | null, role: UINode['role'], name: string, k: number): UINode => ({
    ref, parent, role, rawRole: role.toLowerCase(), name, value: null, automationId: null, states: ON, rect: { x: 10 + k * 40, y: 40, width: 30, height: 30 }, actions: ['click'],
  });
  const nodes = [node(`${prefix}:0`, null, 'Window', 'W', 0), node(`${prefix}:1`, `${prefix}:0`, 'Button', 'OK', 1)];
  return { platform: 'atspi', app: { name: 'app', pid: 42 }, window: { ref: `${prefix}:0`, title: 'W' }, root: `${prefix}:0`, durationMs: 1, truncated: false, incomplete: false, nodes };
}

describe("ElementMemory labelStore: 'memory'", () => {
  let labelDir: string;
  const saved = process.env.LAM_BRIDGE_LABEL_DIR;
  beforeAll(async () => {
    labelDir = await mkdtemp(join(tmpdir(), 'lamb-labels-'));
    process.env.LAM_BRIDGE_LABEL_DIR = labelDir;
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.LAM_BRIDGE_LABEL_DIR;
    else process.env.LAM_BRIDGE_LABEL_DIR = saved;
    await rm(labelDir, { recursive: true, force: true });
  });

  it('resolves its own labels, writes no label file, and never reads the file another process wrote', async () => {
    const desktop = currentDesktop();
    const server = new ElementMemory(desktop, { labelStore: 'memory' });
    server.rememberLabels(formatUfoV2(snapshot('1.1')).labels);
    await server.flush();
    expect(await server.resolveId('1')).toMatchObject({ ref: expect.stringMatching(/^1\.1:/), label: '1' });
    expect(await readdir(labelDir)).toEqual([]);
    const cli = new ElementMemory(desktop); // 'file' (default): the CLI's shared file
    cli.rememberLabels(formatUfoV2(snapshot('2.2')).labels);
    await cli.flush();
    expect((await readdir(labelDir)).length).toBeGreaterThan(0);
    const fresh = new ElementMemory(desktop, { labelStore: 'memory' });
    await expect(fresh.resolveId('1')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(await new ElementMemory(desktop).resolveId('1')).toMatchObject({ ref: expect.stringMatching(/^2\.2:/) });
  });
});
