/**
 * A headless LibreOffice for the UNO bridge's tests: a private profile and a unique pipe, so a test run never
 * touches the user's LibreOffice nor another test's. Test-only: the product's soffice manager is lib/office/uno.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nativeOfficeRun } from '../../bindings/index.js';

export interface TestSoffice {
  /** The UNO URL of its component context. */
  url: string;
  pipe: string;
  process: ChildProcess;
  /** Kills its whole process group (soffice is a wrapper script, oosplash and soffice.bin) and waits. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Kills it and removes the profile. */
  dispose(): Promise<void>;
}

let counter = 0;

/** The soffice the tests start: the wrapper, which handles the first run's restart (exit 81) itself. */
export const SOFFICE = '/usr/bin/soffice';

/**
 * Starts soffice and resolves once its pipe accepts a UNO connection (4–6 s; up to `timeoutMs`). `profile` reuses
 * a profile directory (a restart keeps it), else a fresh one is made.
 */
export async function startSoffice(options: { pipe?: string; profile?: string; timeoutMs?: number } = {}): Promise<TestSoffice> {
  const pipe = options.pipe ?? `lamb-test-${process.pid}-${++counter}-${Date.now().toString(36)}`;
  const profile = options.profile ?? mkdtempSync(join(tmpdir(), 'lamb-soffice-'));
  const url = `uno:pipe,name=${pipe};urp;StarOffice.ComponentContext`;
  const child = spawn(
    SOFFICE,
    [
      '--headless',
      '--invisible',
      '--nologo',
      '--nodefault',
      '--norestore',
      '--nolockcheck',
      `--accept=pipe,name=${pipe};urp;`,
      `-env:UserInstallation=file://${profile}`,
    ],
    // Its own process group, so kill() reaches soffice.bin behind the wrapper; no display: headless needs none.
    { detached: true, stdio: 'ignore', env: { ...process.env, DISPLAY: '' } },
  );
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => { exited = true; resolve(); }));
  const kill = async (signal: NodeJS.Signals = 'SIGKILL') => {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
    if (!exited) await Promise.race([exit, new Promise((r) => setTimeout(r, 5_000))]);
  };
  const soffice: TestSoffice = {
    url,
    pipe,
    process: child,
    kill,
    async dispose() {
      await kill();
      if (!options.profile) rmSync(profile, { recursive: true, force: true });
    },
  };
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    try {
      const [root] = await nativeOfficeRun({ ops: [{ op: 'connect', target: url }] });
      await nativeOfficeRun({ ops: [{ op: 'release', target: root as { $handle: number } }] });
      return soffice;
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code !== 'APP_NOT_RUNNING' || exited || Date.now() > deadline) {
        await soffice.dispose();
        throw new Error(`soffice on pipe ${pipe} did not accept connections (${exited ? 'it exited' : code}): ${(error as Error).message}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}
