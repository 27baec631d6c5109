import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { LambError } from '../../model/errors.js';
import type { OfficeConnection } from '../office-bridge.js';
import type { AttachOptions } from '../suite-driver.js';
import { unoPipeTarget } from './soffice.js';

/*
 * Where a LibreOffice the user runs with its UI accepts UNO connections. lam-bridge's launcher
 * (lib/session/app-specs.ts) starts LibreOffice with --accept on a pipe of its own and writes the pipe's name
 * into the profile (UNO_PIPE_FILE). A LibreOffice started otherwise is asked to accept: running
 * `soffice --accept=...` again with the same profile hands the arguments to the running instance over
 * LibreOffice's own single-instance IPC, and that process exits (measured on LibreOffice 7.4).
 */

/** The file in a LibreOffice profile directory that names the pipe its soffice accepts on. */
export const UNO_PIPE_FILE = 'lamb-uno-pipe';

export interface AttachPipe {
  pipe: string;
  target: string;
}

/** A LibreOffice with a UI running on this machine: its process and profile (null: the user's default one). */
export interface RunningLibreOffice {
  pid: number;
  profileDir: string | null;
  headless: boolean;
}

/** soffice.bin processes of this user, from /proc. */
export function runningLibreOffices(): RunningLibreOffice[] {
  const out: RunningLibreOffice[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return out;
  }
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    let argv: string[];
    try {
      argv = readFileSync(`/proc/${e}/cmdline`, 'utf8').split('\0').filter(Boolean);
    } catch {
      continue;
    }
    if (!argv[0] || !/(^|\/)soffice\.bin$/.test(argv[0])) continue;
    const env = argv.find((a) => a.startsWith('-env:UserInstallation='));
    let profileDir: string | null = null;
    if (env) {
      const url = env.slice('-env:UserInstallation='.length);
      try {
        profileDir = url.startsWith('file:') ? fileURLToPath(url) : url;
      } catch {
        profileDir = url;
      }
    }
    out.push({ pid: Number(e), profileDir, headless: argv.includes('--headless') });
  }
  return out;
}

export async function resolveAttachPipe(connection: OfficeConnection, sofficeCommand: string, options: AttachOptions): Promise<AttachPipe> {
  const named = (pipe: string): AttachPipe => ({ pipe, target: unoPipeTarget(pipe) });
  if (options.pipe !== undefined) return named(options.pipe);
  if (options.profileDir !== undefined) {
    const fromFile = pipeFromProfile(options.profileDir);
    if (fromFile) return named(fromFile);
  }
  if (process.env.LAMB_OFFICE_PIPE) return named(process.env.LAMB_OFFICE_PIPE);

  const withUi = runningLibreOffices().filter((p) => !p.headless);
  const candidates = options.profileDir === undefined ? withUi : withUi.filter((p) => p.profileDir !== null && samePath(p.profileDir, options.profileDir as string));
  if (candidates.length === 0) {
    throw new LambError(
      'APP_NOT_RUNNING',
      `no LibreOffice with a UI is running${options.profileDir ? ` with the profile ${options.profileDir}` : ''}: start one (lamb desktop launch writer, or soffice) and open the document`,
    );
  }
  // The launcher's LibreOffice names its pipe in its profile; prefer those (the bridge started them). Its window
  // can show before its acceptor listens (seen on a loaded machine), so wait for the pipe as for one we asked for.
  for (const c of candidates) {
    const pipe = c.profileDir ? pipeFromProfile(c.profileDir) : null;
    if (pipe) return acceptingPipe(connection, pipe, c.pid);
  }
  if (candidates.length > 1) {
    throw new LambError('INVALID_ARGUMENT', `${candidates.length} LibreOffice instances are running (pids ${candidates.map((c) => c.pid).join(', ')}): pass profileDir or pipe to say which`);
  }
  const only = candidates[0] as RunningLibreOffice;
  const pipe = `lamb-attach-${createHash('sha1').update(only.profileDir ?? 'default').digest('hex').slice(0, 12)}`;
  if (await accepts(connection, unoPipeTarget(pipe))) return named(pipe);
  await askToAccept(sofficeCommand, only.profileDir, pipe);
  return acceptingPipe(connection, pipe, only.pid);
}

/** The pipe once the running LibreOffice `pid` accepts on it, polled for up to 10 s. */
async function acceptingPipe(connection: OfficeConnection, pipe: string, pid: number): Promise<AttachPipe> {
  const target = unoPipeTarget(pipe);
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (await accepts(connection, target)) return { pipe, target };
    if (Date.now() >= deadline) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new LambError('TIMEOUT', `the running LibreOffice (pid ${pid}) did not start accepting on pipe ${pipe} within 10 s`);
}

function pipeFromProfile(profileDir: string): string | null {
  const file = join(profileDir, UNO_PIPE_FILE);
  if (!existsSync(file)) return null;
  const name = readFileSync(file, 'utf8').trim();
  return /^[\w.-]+$/.test(name) ? name : null;
}

function samePath(a: string, b: string): boolean {
  return pathToFileURL(a).href.replace(/\/$/, '') === pathToFileURL(b).href.replace(/\/$/, '');
}

async function accepts(connection: OfficeConnection, target: string): Promise<boolean> {
  try {
    const ctx = await connection.connect(target);
    await ctx.release();
    return true;
  } catch (e) {
    if (e instanceof LambError && e.code === 'APP_NOT_RUNNING') return false;
    throw e;
  }
}

/** Runs soffice once more with the running one's profile and --accept; it forwards and exits. */
function askToAccept(command: string, profileDir: string | null, pipe: string): Promise<void> {
  const args = [`--accept=pipe,name=${pipe};urp;`, '--norestore', '--nologo'];
  if (profileDir) args.push(`-env:UserInstallation=${pathToFileURL(profileDir).href}`);
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout: 15_000 }, (err) => {
      if (err) reject(new LambError('APP_NOT_RUNNING', `soffice ${args.join(' ')} failed: ${err.message}`));
      else resolve();
    });
  });
}
