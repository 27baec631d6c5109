/**
 * The record of a detached desktop (`lamb desktop start`), so that later commands, in other processes, can
 * tell whether it still runs and stop it by its PIDs. One JSON file per desktop name, in
 * $XDG_RUNTIME_DIR/lam-bridge, or <tmpdir>/lam-bridge-<uid> without a usable runtime dir;
 * LAMB_DESKTOP_STATE_DIR overrides both (`lamb desktop start` exports it, because the desktop's environment
 * may bring an XDG_RUNTIME_DIR of its own).
 */
import { lstatSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, isAbsolute, join } from 'node:path';
import type { z } from 'zod';
import { lazy } from '../model/lazy-schema.js';
import type { DesktopSession } from './desktop-session.js';
import { desktopIsUsable, removeStaleDisplayFiles, stopDesktopProcesses, usableRuntimeDir } from './headless-desktop.js';
import { groupMembers, killGroup, readStat, signallableGroup } from './process-group.js';

// Built on first use with the package's one (CommonJS) zod, like lib/model's schemas (lazy-schema.ts), so
// that `lamb desktop` does not load a second, ES module copy of zod.
const ProcessRecord = lazy((z) =>
  z.object({
    role: z.string(),
    /** The group's number (its leader's pid); never 0 or 1, which process.kill(-n) would turn into "everyone". */
    pid: z.number().int().min(2),
    /**
     * /proc start time of the leader (of the group's oldest member if the leader had already exited when the
     * record was written): a recorded pid that now names another process is not ours to kill. Required: a
     * record that cannot tell our process from a stranger's authorises no signal.
     */
    startTime: z.number().int().nonnegative(),
  }),
);
type ProcessRecord = z.infer<typeof ProcessRecord>;

export const DesktopState = lazy((z) =>
  z.object({
    version: z.literal(1),
    name: z.string(),
    startedAt: z.string(),
    display: z.number().int().nonnegative(),
    env: z.object({
      DISPLAY: z.string(),
      DBUS_SESSION_BUS_ADDRESS: z.string(),
      AT_SPI_BUS_ADDRESS: z.string(),
      XDG_RUNTIME_DIR: z.string(),
    }),
    /** What startHeadlessDesktop made: a lamb-desktop-XXXXXX directory directly in the tmpdir (checked on read). */
    sessionDir: z.string(),
    /** Process groups (leader pid = pgid), in start order: desktop first, then apps. */
    processes: z.array(ProcessRecord),
    apps: z.array(z.object({ kind: z.string(), pid: z.number().int().min(2), busName: z.string() })),
  }),
);
export type DesktopState = z.infer<typeof DesktopState>;

export const DESKTOP_NAME = /^[A-Za-z0-9_.-]{1,64}$/;

export function stateDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.LAMB_DESKTOP_STATE_DIR) return env.LAMB_DESKTOP_STATE_DIR;
  if (usableRuntimeDir(env.XDG_RUNTIME_DIR)) return join(env.XDG_RUNTIME_DIR, 'lam-bridge');
  return join(tmpdir(), `lam-bridge-${process.getuid?.() ?? 'user'}`);
}

export function stateFile(name: string, env: NodeJS.ProcessEnv = process.env): string {
  if (!DESKTOP_NAME.test(name)) throw new Error(`desktop name '${name}' must match ${DESKTOP_NAME}`);
  return join(stateDir(env), `desktop-${name}.json`);
}

function ensureStateDir(env: NodeJS.ProcessEnv): string {
  const dir = stateDir(env);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // In a shared tmpdir someone else could have made the directory first, to read or plant state files.
  if (!usableRuntimeDir(dir)) throw new Error(`state directory ${dir} is not private to this user (want mode 0700, owned by us)`);
  return dir;
}

/** Name of the directories startHeadlessDesktop makes with mkdtemp(join(tmpdir(), 'lamb-desktop-')). */
const SESSION_DIR_NAME = /^lamb-desktop-[A-Za-z0-9]{6}$/;

/**
 * Reads a desktop record. A record decides which process groups `stop` signals and which directory it
 * removes, so it is trusted only from a directory private to us (mode 0700, ours: in the shared-tmpdir
 * fallback another user could have made it) in a file of ours that nobody else can write, and only for a
 * session directory of the kind `start` makes. Throws when any of that does not hold; null when there is no
 * record.
 */
export function readState(name: string, env: NodeJS.ProcessEnv = process.env): DesktopState | null {
  const file = stateFile(name, env);
  let st;
  try {
    st = lstatSync(file);
  } catch {
    return null;
  }
  const uid = process.getuid?.();
  const dir = stateDir(env);
  if (!usableRuntimeDir(dir)) throw new Error(`refusing ${file}: its directory ${dir} is not private to this user (want mode 0700, owned by us)`);
  if (!st.isFile() || (uid !== undefined && st.uid !== uid) || (st.mode & 0o022) !== 0)
    throw new Error(`refusing ${file}: not a regular file of ours that only we can write`);
  const text = readFileSync(file, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`${file} is not a lam-bridge desktop record: ${(err as Error).message}`);
  }
  const parsed = DesktopState.safeParse(json);
  if (!parsed.success) throw new Error(`${file} is not a lam-bridge desktop record: ${parsed.error.message}`);
  const problem = sessionDirProblem(parsed.data.sessionDir);
  if (problem) throw new Error(`${file} is not a lam-bridge desktop record: sessionDir ${JSON.stringify(parsed.data.sessionDir)} ${problem}`);
  return parsed.data;
}

/** Why `stop` must not remove this directory, or null: it is one `start` made (or it is already gone). */
function sessionDirProblem(dir: string): string | null {
  if (!isAbsolute(dir) || dirname(dir) !== tmpdir() || !SESSION_DIR_NAME.test(basename(dir)))
    return `is not a lamb-desktop-XXXXXX directory directly in ${tmpdir()}`;
  let st;
  try {
    st = lstatSync(dir);
  } catch {
    return null;
  }
  const uid = process.getuid?.();
  if (!st.isDirectory() || (uid !== undefined && st.uid !== uid)) return 'is not a directory of ours';
  return null;
}

export function recordSession(name: string, session: DesktopSession, env: NodeJS.ProcessEnv = process.env): DesktopState {
  const record = (role: string, pid: number) => ({ role, pid, startTime: groupStartTime(role, pid) });
  const state: DesktopState = {
    version: 1,
    name,
    startedAt: new Date().toISOString(),
    display: session.desktop.display,
    env: session.desktop.env,
    sessionDir: session.desktop.sessionDir,
    processes: [
      ...session.desktop.groups.map((g) => record(g.role, g.pid)),
      ...session.apps.flatMap(({ kind, app }) => app.groups.map((pgid) => record(kind, pgid))),
    ],
    apps: session.apps.map(({ kind, app }) => ({ kind, pid: app.pid, busName: app.busName })),
  };
  ensureStateDir(env);
  const file = stateFile(name, env);
  // Write and rename, so that a concurrent `status` never reads half a file.
  writeFileSync(`${file}.tmp`, JSON.stringify(state, null, 2) + '\n', { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
  return state;
}

/**
 * The start time to record for a group: its leader's, or, when the leader has already exited (a launcher
 * that handed off to a child in its group), its oldest live member's. A group with no live member at all
 * is an app that died during start-up: an error, not a record.
 */
function groupStartTime(role: string, pgid: number): number {
  const leader = readStat(pgid);
  if (leader && leader.state !== 'Z' && leader.state !== 'X') return leader.startTime;
  const times = groupMembers(pgid).map((pid) => readStat(pid)?.startTime ?? Infinity);
  const oldest = Math.min(...times);
  if (!Number.isFinite(oldest)) throw new Error(`${role} (process group ${pgid}) exited while the desktop was starting`);
  return oldest;
}

/**
 * A recorded group still has members of ours. A leader that is alive must have the recorded start time
 * (else the number was reused: not ours). Without a leader, the members must not be older than the record:
 * a pid is not handed out again while a group of that number exists, and our group's members all started
 * after its leader. Never our own group, nor a number that cannot be signalled on its own.
 */
function groupIsOurs(p: ProcessRecord): boolean {
  if (!signallableGroup(p.pid) || p.pid === readStat(process.pid)?.pgid) return false;
  const leader = readStat(p.pid);
  if (leader && leader.state !== 'Z' && leader.state !== 'X') return leader.startTime === p.startTime;
  const members = groupMembers(p.pid);
  return members.length > 0 && members.every((pid) => (readStat(pid)?.startTime ?? -1) >= p.startTime);
}

export interface DesktopStatus {
  name: string;
  state: 'running' | 'stopped' | 'broken';
  /** Recorded processes that are still alive. */
  alive: { role: string; pid: number }[];
  record: DesktopState | null;
}

export async function desktopStatus(name: string, env: NodeJS.ProcessEnv = process.env): Promise<DesktopStatus> {
  const record = readState(name, env);
  if (!record) return { name, state: 'stopped', alive: [], record: null };
  const alive = record.processes.filter(groupIsOurs).map(({ role, pid }) => ({ role, pid }));
  const complete = alive.length === record.processes.length;
  const usable = complete && (await desktopIsUsable({ ...env, ...record.env }));
  return { name, state: usable ? 'running' : alive.length === 0 ? 'stopped' : 'broken', alive, record };
}

/** Stops a recorded desktop by its PIDs (apps first) and removes its files. Returns the record it stopped. */
export async function stopRecordedDesktop(name: string, env: NodeJS.ProcessEnv = process.env): Promise<DesktopState | null> {
  const record = readState(name, env);
  if (!record) return null;
  const ours = record.processes.filter(groupIsOurs);
  const desktopRoles = new Set(['Xvfb', 'dbus-daemon', 'at-spi-bus-launcher']);
  for (const p of [...ours].reverse()) if (!desktopRoles.has(p.role)) await killGroup(p.pid);
  await stopDesktopProcesses({
    display: record.display,
    sessionDir: record.sessionDir,
    groups: ours.filter((p) => desktopRoles.has(p.role)),
  });
  // Also when Xvfb had died before (then it is not among the groups stopped above).
  const xvfb = record.processes.find((p) => p.role === 'Xvfb');
  if (xvfb) removeStaleDisplayFiles(record.display, xvfb.pid);
  rmSync(stateFile(name, env), { force: true });
  return record;
}
