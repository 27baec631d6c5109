/**
 * The policy flags of `lamb serve --mcp` end to end (stdio, the SDK's own client, a real gtk3-widget-factory):
 * --allow-apps leaves other apps out and refuses them as targets; --dry-run resolves an action without doing it
 * (the check box is read back unchanged); --exclude-tools removes tools from the list; bad flags exit 2 before
 * anything serves.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SnapshotData } from '../../lib/index.js';
import { startApp, type RunningApp } from '../fixtures/apps.js';
import { lamb } from '../helpers/cli.js';
import { connectStdioMcp, type StdioMcp } from '../helpers/serve-mcp.js';

let app: RunningApp;
const opened: StdioMcp[] = [];
type Result<T> = { structuredContent?: T; content: { text?: string }[]; isError?: boolean };

beforeAll(async () => {
  app = await startApp('widgetFactory');
});
afterAll(async () => {
  for (const m of opened) await m.close();
  await app?.stop();
});

async function serve(args: string[]) {
  const m = await connectStdioMcp(args);
  opened.push(m);
  return async <T>(name: string, a: Record<string, unknown>) => (await m.client.callTool({ name, arguments: a })) as Result<T>;
}

describe('lamb serve --mcp policy flags', () => {
  it('--allow-apps: only that app is listed; another app is refused as a target', async () => {
    const call = await serve(['--allow-apps', 'some-other-app']);
    const w = await call<{ windows: unknown[] }>('windows', {});
    expect(w.structuredContent!.windows).toEqual([]);
    const r = await call('snapshot', { pid: app.pid });
    expect(r.isError).toBe(true);
    expect(r.content[0]!.text).toMatch(/^ACCESS_DENIED: /);
    const allowed = await serve(['--allow-apps', 'gtk3-widget-factory']);
    const w2 = await allowed<{ windows: { app: string }[] }>('windows', {});
    expect(w2.structuredContent!.windows.map((x) => x.app)).toContain('gtk3-widget-factory');
  });

  it('--dry-run: the action is resolved to its element and not done', async () => {
    const call = await serve(['--dry-run', '--exclude-tools', 'office,screenshot']);
    const snap = await call<{ snapshot: SnapshotData }>('snapshot', { pid: app.pid, format: 'json' });
    const box = snap.structuredContent!.snapshot.nodes.find((n) => n.role === 'CheckBox' && n.states.includes('enabled'))!;
    const r = await call<{ dryRun: boolean; planned: { function: string; target: { ref: string; role: string } }[] }>('act', { action: { function: 'toggle', args: { id: box.ref } } });
    expect(r.structuredContent).toMatchObject({ dryRun: true, planned: [{ function: 'toggle', target: { ref: box.ref, role: 'CheckBox' } }] });
    const again = await call<{ snapshot: SnapshotData }>('snapshot', { ref: box.ref, format: 'json' });
    expect(again.structuredContent!.snapshot.nodes[0]!.states.includes('checked')).toBe(box.states.includes('checked'));
    const tools = (await opened.at(-1)!.client.listTools()).tools.map((t) => t.name);
    expect(tools).not.toContain('office');
    expect(tools).not.toContain('screenshot');
  });

  it('bad flags exit 2 with a stable code before anything serves', async () => {
    for (const args of [['--tools', 'snapshots'], ['--http', 'x'], ['--http', '0', '--host', '0.0.0.0'], ['--max-sessions', '0']]) {
      const r = await lamb(['serve', '--mcp', ...args], { timeoutMs: 20_000 });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/lamb: INVALID_ARGUMENT: /);
      expect(r.stdout).toBe('');
    }
  });
});
