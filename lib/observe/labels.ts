import { createHash } from 'node:crypto';
import { mkdir, lstat, readFile, readdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { z } from 'zod';
import { lazy } from '../model/lazy-schema.js';
import { ControlType } from '../model/control-type.js';
import type { UINode } from '../model/node.js';
import { Platform, type SnapshotData } from '../model/snapshot.js';
import type { TreeIndex } from '../snapshot/tree-index.js';
import { ancestorsFingerprint } from '../snapshot/fingerprint.js';
import { currentDesktop, DesktopIdentity } from '../platform/desktop-identity.js';

export { ancestorsFingerprint };

/**
 * Labels "1".."N" for the controls of one observation, and the map back from a label to the element.
 *
 * UFO numbers the collected controls "1".."N" in traversal order (`{str(i + 1): control for i, control in
 * enumerate(controls_list)}`) and the model answers with a label. Labels are only meaningful for the
 * observation they were shown in, but the answer may be acted on by another process (`lamb snapshot` then
 * `lamb act` later): so the map is written to disk and read back there.
 *
 * Each entry keeps, next to the ref, what is needed to re-find the element when the ref has gone stale
 * (the app rebuilt the widget): role, name, automation id and a fingerprint of its ancestor chain.
 */

export const LabelEntry = lazy((z) => z.object({
  ref: z.string(),
  role: ControlType,
  name: z.string(),
  automationId: z.string().nullable(),
  /** Ancestor roles from the top down, each with `#automationId` when it has one: `Window/Pane/ToolBar#main`. */
  ancestors: z.string(),
}));
export type LabelEntry = z.infer<typeof LabelEntry>;

export const LabelMap = lazy((z) => z.object({
  /** 2 records the desktop; 1 (earlier releases) did not, and its labels are refused (element-memory.ts). */
  version: z.union([z.literal(1), z.literal(2)]),
  /** The observation format the labels were shown in. */
  format: z.string(),
  /** When the snapshot the labels number was taken: with format, root and window, which snapshot made them. */
  createdAt: z.string(),
  /** The desktop whose elements the refs name (lib/platform/desktop-identity.ts); absent in version 1. */
  desktop: DesktopIdentity.optional(),
  platform: Platform,
  app: z.object({ name: z.string(), pid: z.number().int().nullable() }),
  window: z.object({ ref: z.string(), title: z.string() }).nullable(),
  root: z.string(),
  labels: z.record(z.string(), LabelEntry),
}));
export type LabelMap = z.infer<typeof LabelMap>;

/** A label map for the given node positions, labelled "1".."N" in the order given. */
export function buildLabelMap(
  snapshot: SnapshotData,
  index: TreeIndex,
  positions: readonly number[],
  format: string,
  now: Date = new Date(),
  desktop: DesktopIdentity = currentDesktop(),
): LabelMap {
  const labels: Record<string, LabelEntry> = {};
  for (let k = 0; k < positions.length; k++) {
    const i = positions[k]!;
    const node = snapshot.nodes[i]!;
    labels[String(k + 1)] = {
      ref: node.ref,
      role: node.role,
      name: node.name,
      automationId: node.automationId,
      ancestors: ancestorsFingerprint(snapshot.nodes, index, i),
    };
  }
  return {
    version: 2,
    format,
    createdAt: now.toISOString(),
    desktop,
    platform: snapshot.platform,
    app: snapshot.app,
    window: snapshot.window,
    root: snapshot.root,
    labels,
  };
}

export function resolveLabel(map: LabelMap, label: string): LabelEntry | undefined {
  return Object.hasOwn(map.labels, label) ? map.labels[label] : undefined;
}

/** True when `id` looks like a label ("1", "42") rather than a ref (the rule: lib/model/ref.ts). */
export { isLabel } from '../model/ref.js';

// ---------------------------------------------------------------------------------------------------------
// On disk.
//
// Directory: $LAM_BRIDGE_LABEL_DIR if set; else $XDG_RUNTIME_DIR/lam-bridge/labels; else
// <os.tmpdir()>/lam-bridge-<uid>/labels. XDG_RUNTIME_DIR is the right home: per user, mode 0700, on tmpfs,
// emptied at logout — exactly the lifetime of labels, which point at live elements of this session. The
// tmpdir fallback carries the uid so users sharing /tmp do not collide, and the directory must be ours and
// not a symlink (a shared /tmp invites planted directories).
//
// Files: one per snapshot scope, `<key>.json`, key = first 16 hex digits of sha256(platform + window ref, or
// the root ref when the snapshot has no window): refs are opaque strings (D-Bus paths, runtime ids) unfit
// for file names, and a later snapshot of the same window replaces the earlier labels, as it should.
// `latest.json` names the file written last, so `loadLabelMap()` with no scope finds the last observation.
// Writes go to a temporary file renamed into place, so a reader never sees half a file.
// ---------------------------------------------------------------------------------------------------------

const MAX_FILES = 256;

export function defaultLabelDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.LAM_BRIDGE_LABEL_DIR) return env.LAM_BRIDGE_LABEL_DIR;
  if (env.XDG_RUNTIME_DIR) return join(env.XDG_RUNTIME_DIR, 'lam-bridge', 'labels');
  const uid = typeof process.getuid === 'function' ? String(process.getuid()) : (env.USERNAME ?? 'user');
  return join(tmpdir(), `lam-bridge-${uid}`, 'labels');
}

/** The scope a label map belongs to: its window, or its root when it has none. */
export function labelScopeKey(platform: string, scopeRef: string): string {
  return createHash('sha256').update(platform + '\0' + scopeRef).digest('hex').slice(0, 16);
}

function scopeOf(map: Pick<LabelMap, 'platform' | 'window' | 'root'>): string {
  return labelScopeKey(map.platform, map.window?.ref ?? map.root);
}

async function ensurePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const st = await lstat(dir);
  if (!st.isDirectory()) throw new Error(`label directory ${dir} is not a directory`);
  if (typeof process.getuid === 'function' && st.uid !== process.getuid()) {
    throw new Error(`label directory ${dir} belongs to another user (uid ${st.uid})`);
  }
}

async function writeAtomic(file: string, text: string): Promise<void> {
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await writeFile(tmp, text, { mode: 0o600 });
  await rename(tmp, file);
}

/** Writes the map and points `latest.json` at it; returns the file written. */
export async function saveLabelMap(map: LabelMap, dir: string = defaultLabelDir()): Promise<string> {
  await ensurePrivateDir(dir);
  const name = scopeOf(map) + '.json';
  const file = join(dir, name);
  await writeAtomic(file, JSON.stringify(map));
  await writeAtomic(
    join(dir, 'latest.json'),
    JSON.stringify({ file: name, window: map.window?.ref ?? null, root: map.root, savedAt: map.createdAt }),
  );
  await prune(dir);
  return file;
}

const LatestPointer = lazy((z) => z.object({ file: z.string().regex(/^[0-9a-f]{16}\.json$/) }));

export interface LabelScope {
  platform: string;
  /** The window ref (or the root ref for a snapshot without a window). */
  scopeRef: string;
}

/**
 * Reads the map of the given scope, or the latest one written. Returns null when there is none; throws when
 * a file exists but is not a label map (that is corruption, not absence).
 */
export async function loadLabelMap(dir: string = defaultLabelDir(), scope?: LabelScope): Promise<LabelMap | null> {
  let name: string;
  if (scope) {
    name = labelScopeKey(scope.platform, scope.scopeRef) + '.json';
  } else {
    const pointer = await readJson(join(dir, 'latest.json'));
    if (pointer === undefined) return null;
    name = LatestPointer.parse(pointer).file;
  }
  const data = await readJson(join(dir, name));
  if (data === undefined) return null;
  return LabelMap.parse(data);
}

async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  return JSON.parse(text) as unknown;
}

/** Keeps the directory bounded: one file per window ever observed would otherwise grow without limit. */
async function prune(dir: string): Promise<void> {
  const names = (await readdir(dir)).filter((n) => /^[0-9a-f]{16}\.json$/.test(n));
  if (names.length <= MAX_FILES) return;
  const aged = await Promise.all(
    names.map(async (n) => ({ n, t: await stat(join(dir, n)).then((s) => s.mtimeMs, () => 0) })),
  );
  aged.sort((a, b) => a.t - b.t);
  await Promise.all(aged.slice(0, names.length - MAX_FILES).map((a) => unlink(join(dir, a.n)).catch(() => {})));
}
