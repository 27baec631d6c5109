/**
 * lib/desktop/element-memory.ts, refs: 'shown-only' (server sessions) against 'any' (library, CLI). Two
 * memories stand for two clients of one server: neither may resolve a ref or label only the other was shown,
 * and a label file on disk (another process's observation) is never read. Pure TS: snapshots are made by hand.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ElementMemory } from '../../lib/desktop/element-memory.js';
import type { UINode } from '../../lib/model/node.js';
import type { SnapshotData } from '../../lib/model/snapshot.js';
import { formatUfoV2 } from '../../lib/observe/formats/ufo-v2.js';
import { currentDesktop } from '../../lib/platform/desktop-identity.js';

// The desktop the observations record (this process's): labels from another desktop are refused for that reason.
const desktop = currentDesktop();
const ON: UINode['states'] = ['enabled', 'sensitive', 'visible', 'focusable'];

function node(ref: string, parent: string | null, role: UINode['role'], name: string): UINode {
  const k = Number(ref.replace(/\D/g, '')) || 0;
  return { ref, parent, role, rawRole: role.toLowerCase(), name, value: null, automationId: null, states: ON, rect: { x: 10 + k * 40, y: 40, width: 30, height: 30 }, actions: ['click'] };
}

/** One window of one app, its nodes named by `prefix` so two clients' snapshots differ. */
function snapshot(prefix: string): SnapshotData {
  const nodes = [node(`${prefix}:0`, null, 'Window', `Window ${prefix}`), node(`${prefix}:1`, `${prefix}:0`, 'Button', 'OK'), node(`${prefix}:2`, `${prefix}:0`, 'CheckBox', 'Check')];
  return { platform: 'atspi', app: { name: 'app', pid: 42 }, window: { ref: `${prefix}:0`, title: `Window ${prefix}` }, root: `${prefix}:0`, durationMs: 1, truncated: false, incomplete: false, nodes };
}

let labelDir: string;
const savedDir = process.env.LAM_BRIDGE_LABEL_DIR;
beforeAll(async () => {
  labelDir = await mkdtemp(join(tmpdir(), 'lamb-labels-'));
  process.env.LAM_BRIDGE_LABEL_DIR = labelDir;
});
afterAll(async () => {
  if (savedDir === undefined) delete process.env.LAM_BRIDGE_LABEL_DIR;
  else process.env.LAM_BRIDGE_LABEL_DIR = savedDir;
  await rm(labelDir, { recursive: true, force: true });
});

const notShown = (ref: string) => expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringContaining(`ref ${ref} was not shown to this session`) });

describe("ElementMemory refs: 'shown-only'", () => {
  it("'any' (the default) resolves any ref, shown or not: the CLI's cross-process refs", async () => {
    const memory = new ElementMemory(desktop);
    expect(await memory.resolveId('9.9:77')).toEqual({ ref: '9.9:77' });
    expect(() => memory.checkShown('9.9:77', 'act')).not.toThrow();
  });

  it("resolves a ref of its own snapshot (with its fingerprint) and refuses another client's", async () => {
    const alice = new ElementMemory(desktop, { refs: 'shown-only' });
    const bob = new ElementMemory(desktop, { refs: 'shown-only' });
    alice.rememberSnapshot(snapshot('1.1'));
    bob.rememberSnapshot(snapshot('2.2'));
    expect(await alice.resolveId('1.1:1')).toMatchObject({ ref: '1.1:1', fingerprint: { role: 'Button', name: 'OK' }, appPid: 42 });
    await expect(alice.resolveId('2.2:1')).rejects.toEqual(notShown('2.2:1'));
    await expect(bob.resolveId('1.1:2')).rejects.toEqual(notShown('1.1:2'));
    expect(() => bob.checkShown('1.1:0', 'snapshot')).toThrow(notShown('1.1:0'));
    expect(() => bob.checkShown('2.2:0', 'snapshot')).not.toThrow();
  });

  it('refs shown in a window list or an action result count as shown, to that memory only', () => {
    const alice = new ElementMemory(desktop, { refs: 'shown-only' });
    const bob = new ElementMemory(desktop, { refs: 'shown-only' });
    alice.rememberListed(['5.5:w1', '5.5:w2']);
    expect(() => alice.checkShown('5.5:w2', 'snapshot')).not.toThrow();
    expect(() => bob.checkShown('5.5:w2', 'snapshot')).toThrow(notShown('5.5:w2'));
  });

  it('labels: only its own observation; a label file on disk written by another client is never read', async () => {
    const cli = new ElementMemory(desktop); // 'any': writes the shared label file as the CLI does
    const other = formatUfoV2(snapshot('3.3')).labels;
    cli.rememberLabels(other);
    await cli.flush();
    // The CLI reads the file back in a later process…
    expect(await new ElementMemory(desktop).resolveId('1')).toMatchObject({ ref: expect.stringMatching(/^3\.3:/), label: '1' });
    // …a server session does not: it has made no observation of its own.
    const session = new ElementMemory(desktop, { refs: 'shown-only' });
    await expect(session.resolveId('1')).rejects.toEqual(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/this session has made no labelled observation/) }));
    // Its own observation's labels resolve to its own refs.
    const own = snapshot('4.4');
    session.rememberSnapshot(own);
    session.rememberLabels(formatUfoV2(own).labels);
    expect(await session.resolveId('1')).toMatchObject({ ref: expect.stringMatching(/^4\.4:/), label: '1' });
  });
});
