/**
 * The record of a detached desktop (`lamb desktop start`), so that later commands, in other processes, can
 * tell whether it still runs and stop it by its PIDs. One JSON file per desktop name, in
 * $XDG_RUNTIME_DIR/lam-bridge, or <tmpdir>/lam-bridge-<uid> without a usable runtime dir;
 * LAMB_DESKTOP_STATE_DIR overrides both (`lamb desktop start` exports it, because the desktop's environment
 * may bring an XDG_RUNTIME_DIR of its own).
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { z } from 'zod';
import { lazy } from '../model/lazy-schema.js';
import type { DesktopSession } from './desktop-session.js';
import { desktopIsUsable, removeStaleDisplayFiles, stopDesktopProcesses, usableRuntimeDir } from './headless-desktop.js';
import { groupMembers, killGroup, readStat } from './process-group.js';

// Built on first use with the package's one (CommonJS) zod, like lib/model's schemas (lazy-schema.ts), so
// that `lamb desktop` does not load a second, ES module copy of zod.
const ProcessRecord = lazy((z) =>
  z.object({
    role: z.string(),
    pid: z.number().int().positive(),
    /** /proc start time: a recorded pid that now names another process is not ours to kill. */
    startTime: z.number().int().nonnegative().nullable(),
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
    sessionDir: z.string(),
    /** Process groups (leader pid = pgid), in start order: desktop first, then apps. */
    processes: z.array(ProcessRecord),
    apps: z.array(z.object({ kind: z.string(), pid: z.number().int().positive(), busName: z.string() })),
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

export function readState(name: string, env: NodeJS.ProcessEnv = process.env): DesktopState | null {
  let text: string;
  try {
    text = readFileSync(stateFile(name, env), 'utf8');
  } catch {
    return null;
  }
  const parsed = DesktopState.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`${stateFile(name, env)} is not a lam-bridge desktop record: ${parsed.error.message}`);
  return parsed.data;
}

export function recordSession(name: string, session: DesktopSession, env: NodeJS.ProcessEnv = process.env): DesktopState {
  const record = (role: string, pid: number) => ({ role, pid, startTime: readStat(pid)?.startTime ?? null });
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
 * A recorded group still has members of ours. A pid is not handed out again while a group of that number
 * exists, so members of the group are ours; only a leader that is alive with another start time is a
 * different process that reused the number (and then the group is not ours).
 */
function groupIsOurs(p: ProcessRecord): boolean {
  const leader = readStat(p.pid);
  if (leader && p.startTime !== null && leader.startTime !== p.startTime) return false;
  return groupMembers(p.pid).length > 0;
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
