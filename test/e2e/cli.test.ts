/** The `lamb` CLI against a real app: output formats, target flags, exit codes, help. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../../lib/session/index.js';
import { SnapshotData, WindowInfo } from '../../lib/model/index.js';
import { startApp } from '../fixtures/apps.js';
import { lamb } from '../helpers/cli.js';

describe('lamb CLI', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp('widgetFactory');
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('lists windows as JSON', async () => {
    const r = await lamb(['windows', '--json']);
    expect(r.code).toBe(0);
    const windows = WindowInfo.array().parse(JSON.parse(r.stdout));
    expect(windows.some((w) => w.pid === app.pid && w.app === 'gtk3-widget-factory')).toBe(true);
  });

  it('prints a snapshot as JSON that matches the contract schema, progress on stderr', async () => {
    const r = await lamb(['snapshot', '--app', 'gtk3-widget-factory', '--format', 'json']);
    expect(r.code).toBe(0);
    const data = SnapshotData.parse(JSON.parse(r.stdout));
    expect(data.app.name).toBe('gtk3-widget-factory');
    expect(data.nodes.length).toBeGreaterThan(200);
    expect(data.nodes.some((n) => n.role === 'RadioButton' && n.name === 'Page 1')).toBe(true);
    expect(r.stderr).toMatch(/nodes from gtk3-widget-factory/);
  });

  it('prints the compact tree format', async () => {
    const r = await lamb(['snapshot', '--pid', String(app.pid), '--format', 'tree', '--visible-only']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/RadioButton.*"Page 1"/);
    expect(r.stdout).toMatch(/CheckBox.*"checkbutton"/);
    expect(() => JSON.parse(r.stdout)).toThrow();
  });

  it('exits 2 with TARGET_NOT_FOUND listing the running apps for an unknown app', async () => {
    const r = await lamb(['snapshot', '--app', 'no-such-app-xyz']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/TARGET_NOT_FOUND/);
    expect(r.stderr).toMatch(/gtk3-widget-factory/);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, error: { code: 'TARGET_NOT_FOUND' } });
  });

  it('exits 2 with INVALID_ARGUMENT for bad options', async () => {
    for (const args of [
      ['snapshot', '--pid', String(app.pid), '--max-nodes', '-5'],
      ['snapshot', '--pid', 'abc'],
      ['snapshot', '--pid', String(app.pid), '--timeout', 'NaN'],
      ['snapshot', '--app', 'x', '--pid', '1'],
      ['snapshot', '--pid', String(app.pid), '--format', 'xml'],
    ]) {
      const r = await lamb(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(/INVALID_ARGUMENT/);
    }
  });

  it('exits 2 on usage errors and 0 with --help', async () => {
    expect((await lamb(['no-such-command'])).code).toBe(2);
    const help = await lamb(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/snapshot/);
    expect(help.stdout).toMatch(/windows/);
    const snapHelp = await lamb(['snapshot', '--help']);
    expect(snapHelp.stdout).toMatch(/--visible-only/);
    expect(snapHelp.stdout).toMatch(/--app <name>/);
  });
});
