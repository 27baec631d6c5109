/**
 * Labels belong to the desktop that made them. Two real desktops share one label directory (as every
 * `lamb desktop` of a login shares XDG_RUNTIME_DIR): labels written by a `lamb snapshot` on desktop B must
 * be refused by `lamb act` on desktop A with INVALID_ARGUMENT naming both desktops, and nothing on A may be
 * clicked — before, the label's fingerprint was re-found on A and the look-alike clicked.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../../lib/session/index.js';
import { lamb } from '../helpers/cli.js';
import { startApp } from '../fixtures/apps.js';

/** The variables of `export NAME=value` lines (bare or single-quoted values). */
function parseExports(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/^export ([A-Z_]+)=(?:'((?:[^']|'\\'')*)'|(\S*))$/gm))
    out[m[1]!] = m[2] === undefined ? m[3]! : m[2].replace(/'\\''/g, "'");
  return out;
}

interface UfoControl {
  label: string;
  control_text: string;
  control_type: string;
}

describe('labels from another desktop', () => {
  let app: RunningApp;
  let labelDir: string;
  let stateDir: string;
  let envA: NodeJS.ProcessEnv;
  let envB: NodeJS.ProcessEnv;
  let bareEnv: NodeJS.ProcessEnv;

  beforeAll(async () => {
    labelDir = mkdtempSync(join(tmpdir(), 'lamb-labels-'));
    stateDir = mkdtempSync(join(tmpdir(), 'lamb-desktop-state-'));
    app = await startApp('gtk3Demo');
    envA = { ...process.env, LAM_BRIDGE_LABEL_DIR: labelDir };
    bareEnv = { ...process.env, LAMB_DESKTOP_STATE_DIR: stateDir, LAM_BRIDGE_LABEL_DIR: labelDir };
    for (const k of ['DISPLAY', 'DBUS_SESSION_BUS_ADDRESS', 'AT_SPI_BUS_ADDRESS']) delete bareEnv[k];
    const started = await lamb(['desktop', 'start', '--name', 'labels-b', '--apps', 'gtk3Demo'], { env: bareEnv, timeoutMs: 90_000 });
    expect(started.code, started.stderr).toBe(0);
    envB = { ...bareEnv, ...parseExports(started.stdout) };
    expect(envB.DISPLAY).not.toBe(process.env.DISPLAY);
  }, 120_000);
  afterAll(async () => {
    await lamb(['desktop', 'stop', '--name', 'labels-b'], { env: bareEnv, timeoutMs: 60_000 });
    await app?.stop();
    rmSync(labelDir, { recursive: true, force: true });
    rmSync(stateDir, { recursive: true, force: true });
  });

  const windowsOfA = async () => {
    const r = await lamb(['windows', '--json'], { env: envA });
    expect(r.code, r.stderr).toBe(0);
    return (JSON.parse(r.stdout) as { pid: number; title: string }[]).filter((w) => w.pid === app.pid).map((w) => w.title).sort();
  };

  it("refuses B's label on A with INVALID_ARGUMENT naming both desktops, and clicks nothing on A", async () => {
    const observed = await lamb(['snapshot', '--app', 'gtk3-demo', '--visible-only', '--format', 'ufo-v2'], { env: envB });
    expect(observed.code, observed.stderr).toBe(0);
    const run = (JSON.parse(observed.stdout) as UfoControl[]).find((c) => c.control_text === 'Run' && c.control_type === 'Button')!;
    expect(run, "B's gtk3-demo shows its Run button").toBeDefined();

    // A's gtk3-demo has the same Run button: a label resolved here would re-find it and open a demo window.
    const before = await windowsOfA();
    const r = await lamb(['act', JSON.stringify({ function: 'click_input', args: { id: run.label, name: 'Run' } })], { env: envA });
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stderr).toMatch(/INVALID_ARGUMENT/);
    expect(r.stderr).toContain(`display ${envB.DISPLAY}`);
    expect(r.stderr).toContain(`this is display ${process.env.DISPLAY}`);
    expect(r.stderr).toMatch(/take a new snapshot/);
    expect(await windowsOfA()).toEqual(before);
  });

  it("takes A's own labels on A once A has been observed", async () => {
    const observed = await lamb(['snapshot', '--pid', String(app.pid), '--visible-only', '--format', 'ufo-v2'], { env: envA });
    expect(observed.code, observed.stderr).toBe(0);
    const run = (JSON.parse(observed.stdout) as UfoControl[]).find((c) => c.control_text === 'Run' && c.control_type === 'Button')!;
    const r = await lamb(['act', JSON.stringify({ function: 'texts', args: { id: run.label } })], { env: envA });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, target: { name: 'Run' } });
  });
});
