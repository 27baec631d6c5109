import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/*
 * Without LibreOffice the addon still loads and every office call fails with OFFICE_UNAVAILABLE and the line
 * that fixes it (issue 7 of 8, docs/OFFICE.md "LibreOffice on Linux"). Two real absences, no stand-ins:
 * - the addon built without the SDK: the real lam_bridge.node copied alone into a folder, so no lam_uno.so
 *   is beside it;
 * - LibreOffice not installed: a child process in its own mount namespace with an empty tmpfs over
 *   /usr/lib/libreoffice, where soffice and every UNO library live (so lam_uno.so's dlopen really fails, and
 *   /usr/bin/soffice is a dangling link). Needs root for the namespace; otherwise that part says why it skips.
 */

const ROOT = resolve(import.meta.dirname, '../..');
const BUILT = join(ROOT, 'build/Release/lam_bridge.node');
const CLI = join(ROOT, 'dist/lib/cli/main.js');
const isRoot = process.getuid?.() === 0;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}
function run(cmd: string, args: string[], timeout = 60_000): Promise<Run> {
  return new Promise((done) => {
    execFile(cmd, args, { timeout, encoding: 'utf8' }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
    });
  });
}
/** Runs a command in a new mount namespace where /usr/lib/libreoffice is empty. */
const withoutLibreOffice = (cmd: string[]) =>
  run('unshare', ['-m', 'sh', '-c', 'mount -t tmpfs lamb-no-libreoffice /usr/lib/libreoffice && exec "$@"', 'sh', ...cmd]);

/** A script for a child node (a binary is loaded once per process): one officeRun through the given binary; prints the error's code, message, detail. */
const officeRunScript = (binary: string) => `
  const addon = require(${JSON.stringify(binary)});
  addon.officeRun({ ops: [{ op: 'connect', target: 'uno:pipe,name=lamb-unused;urp;StarOffice.ComponentContext' }], timeoutMs: 5000 })
    .then((r) => console.log(JSON.stringify({ resolved: r })), (e) => console.log(JSON.stringify({ code: e.code, message: e.message, detail: e.detail })));
`;
function lastJson(stdout: string): Record<string, unknown> {
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;
}

describe('OFFICE_UNAVAILABLE: the addon loads, office calls say how to fix it', () => {
  let lonely: string;
  beforeAll(() => {
    lonely = mkdtempSync(join(tmpdir(), 'lamb-no-uno-'));
    copyFileSync(BUILT, join(lonely, 'lam_bridge.node'));
  });
  afterAll(() => rmSync(lonely, { recursive: true, force: true }));

  it('an addon without lam_uno.so beside it loads, and officeRun answers OFFICE_UNAVAILABLE with the SDK install line', async () => {
    const r = await run(process.execPath, ['-e', officeRunScript(join(lonely, 'lam_bridge.node'))]);
    expect(r.code, r.stderr).toBe(0);
    const out = lastJson(r.stdout);
    expect(out.code).toBe('OFFICE_UNAVAILABLE');
    expect(out.message).toMatch(/apt-get install -y libreoffice-dev libreoffice-dev-common, then npm run build:native/);
    expect(out.detail).toMatch(/lam_uno\.so does not exist/);
  });

  it('with LibreOffice gone, the real plugin fails to load and officeRun names the packages to install', async (ctx) => {
    if (!isRoot) {
      console.log('skipped: hiding /usr/lib/libreoffice needs a mount namespace, which needs root here');
      ctx.skip();
    }
    const r = await withoutLibreOffice([process.execPath, '-e', officeRunScript(BUILT)]);
    expect(r.code, r.stderr).toBe(0);
    const out = lastJson(r.stdout);
    expect(out.code).toBe('OFFICE_UNAVAILABLE');
    expect(out.message).toMatch(/LibreOffice is not installed: apt-get install -y --no-install-recommends libreoffice-writer libreoffice-calc libreoffice-impress/);
    expect(out.detail).toMatch(/libuno_/); // dlopen's own reason: a UNO library it could not find
  });

  it('with LibreOffice gone, `lamb office` fails (exit 1) with OFFICE_UNAVAILABLE and the install line, and starts nothing', async (ctx) => {
    if (!isRoot) {
      console.log('skipped: hiding /usr/lib/libreoffice needs a mount namespace, which needs root here');
      ctx.skip();
    }
    const r = await withoutLibreOffice([process.execPath, CLI, 'office', 'word', 'set_font', '{"target":"title","bold":true}', '--new']);
    expect(r.code).toBe(1);
    const result = lastJson(r.stdout);
    expect(result).toMatchObject({ ok: false, error: { code: 'OFFICE_UNAVAILABLE' } });
    expect(JSON.stringify(result)).toMatch(/apt-get install -y --no-install-recommends libreoffice-writer/);
  });
});
