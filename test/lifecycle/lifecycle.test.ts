/**
 * The addon's lifecycle beyond what the contract suite checks on every app (test/contract: exit with work
 * pending, worker threads): an idle addon lets the process exit, and snapshots do not leak.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../../lib/session/index.js';
import { Desktop } from '../../lib/index.js';
import { startApp } from '../fixtures/apps.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'lifecycle');

function runFixture(script: string, args: string[], nodeFlags: string[] = [], timeout = 30_000) {
  return spawnSync(process.execPath, [...nodeFlags, join(FIXTURES, script), ...args], {
    encoding: 'utf8',
    env: process.env,
    timeout,
  });
}

describe('addon lifecycle', () => {
  let app: RunningApp;
  let root: string;
  beforeAll(async () => {
    app = await startApp('widgetFactory');
    const desk = await Desktop.open();
    root = (await desk.snapshot({ pid: app.pid, maxDepth: 0 })).data.root;
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('does not keep an idle process alive', () => {
    const r = runFixture('idle-exit.cjs', [], [], 10_000);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/apps [1-9]/);
  });

  it('1,000 snapshots grow RSS by less than 5 MB', () => {
    const r = runFixture('memory.cjs', [root, '1000'], ['--expose-gc'], 180_000);
    expect(r.status, r.stderr).toBe(0);
    const { growthBytes, nodes } = JSON.parse(r.stdout) as { growthBytes: number; nodes: number };
    expect(nodes).toBeGreaterThan(1000 * 200);
    expect(growthBytes).toBeLessThan(5 * 1024 * 1024);
  }, 240_000);
});
