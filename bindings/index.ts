/**
 * The only importer of the native binary. Loads it with node-gyp-build (build/Release first, then
 * prebuilds/<platform>-<arch>/), types it, parses its JSON results and turns its errors into LambErrors.
 */
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ErrorCode, LambError } from '../lib/model/errors.js';
import type { RawApplication, RawSnapshot, RawWindow } from './raw.js';

export type * from './raw.js';

interface NativeOptions {
  timeoutMs?: number;
}
export interface NativeSnapshotOptions extends NativeOptions {
  root: string;
  visibleOnly?: boolean;
  maxNodes?: number;
  maxDepth?: number;
  /** Containers with more children are listed without them (default 5,000). */
  maxChildren?: number;
  /** Plain per-node walk without bulk calls: the baseline the fast path is checked against. */
  referenceWalk?: boolean;
  /** Report the root's ancestors up to its window (default true; one round trip per level). */
  ancestors?: boolean;
  /**
   * Also read, for every node, the facts OSWorld's formats need (RawAtspiNode text, attributes, range,
   * actionInfo), and list a table too big to list with its showing cells.
   */
  extendedFacts?: boolean;
}

/** The intents every backend maps to its own API (native/core/backend.h Intent). */
export type NativeIntent =
  | 'invoke'
  | 'toggle'
  | 'select'
  | 'expand'
  | 'collapse'
  | 'setValue'
  | 'setText'
  | 'readText'
  | 'focus'
  | 'scrollIntoView';

export interface NativePerformOptions extends NativeOptions {
  ref: string;
  intent: NativeIntent;
  text?: string;
  value?: number;
}

export type NativeMouseButton = 'left' | 'middle' | 'right';

/** One primitive input event; `code` is a key code (an X11 keysym, a Windows virtual key). */
export type NativeInputEvent =
  | { kind: 'move'; x: number; y: number }
  | { kind: 'buttonDown' | 'buttonUp'; button: NativeMouseButton }
  | { kind: 'wheel'; dy: number; dx?: number }
  | { kind: 'keyDown' | 'keyUp' | 'typeKey'; code: number }
  | { kind: 'pause'; ms: number };

export interface NativeInputOptions extends NativeOptions {
  events: NativeInputEvent[];
  /** A ref of a window: that window is raised and focused first (any other element's ref: its app's topmost). */
  window?: string;
}

/** A screen rectangle in pixels (a window's rect); the native side clamps it to the screen. */
export interface NativeCaptureRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface NativeCaptureOptions extends NativeOptions {
  /** Capture this part of the screen; the whole screen when absent. */
  rect?: NativeCaptureRect;
}

/** Pixels as the platform thread converted them: RGBA, top row first, opaque. */
export interface NativeCaptureResult {
  width: number;
  height: number;
  /** Bytes per row (width * 4). */
  stride: number;
  format: 'rgba';
  /** Where the captured area's top-left corner is on the screen (after clamping). */
  x: number;
  y: number;
  screenWidth: number;
  screenHeight: number;
  /** How the pixels were read: 'xshm' | 'xgetimage' on X11, 'bitblt' | 'printwindow' on Windows. */
  method: string;
  data: Buffer;
}

/** `method` names the platform call the backend used. */
export interface NativeIntentResult {
  ok: boolean;
  method: string;
  result?: string | number;
}

export interface NativeInputResult {
  ok: boolean;
  raised: boolean;
}

/**
 * What crosses the office seam (native/core/office_value.h, docs/OFFICE.md "Values"). Plain JSON values, plus
 * objects tagged by their first key: a live object ({$handle}), an earlier op's result in the same batch
 * ({$ref}), a UNO struct, a UNO enum, a scalar of an exact type ({$type}: UNO "byte" | "short" | "long" |
 * "hyper" | "float" | "double" | "char" | "string" | "boolean" | "type", COM "i2" | "i4" | "r4" | "r8" | "cy" |
 * "date" | "bstr" | "bool" | "missing"), and a COM error value ({$error}: an SCODE, e.g. Excel's #DIV/0!).
 */
export type NativeOfficeValue =
  | null
  | boolean
  | number
  | string
  | NativeOfficeValue[]
  | { $handle: number }
  | { $ref: number }
  | { $struct: string; fields: Record<string, NativeOfficeValue> }
  | { $enum: string; value: string }
  | { $type: string; value: NativeOfficeValue }
  | { $error: number }
  | { [key: string]: NativeOfficeValue };

export type NativeOfficeHandleValue = { $handle: number } | { $ref: number };

/** One op of an officeRun batch (native/core/office_value.h OfficeOp). */
export type NativeOfficeOp =
  | { op: 'connect'; target: string; mode?: 'active' | 'create' | 'any' }
  | { op: 'get'; target: NativeOfficeHandleValue; name: string; args?: NativeOfficeValue[] }
  /** args (COM): a parameterized property's arguments, e.g. Dictionary's Item(key) = value. */
  | { op: 'set'; target: NativeOfficeHandleValue; name: string; value: NativeOfficeValue; args?: NativeOfficeValue[] }
  | {
      op: 'call';
      target: NativeOfficeHandleValue;
      name: string;
      args?: NativeOfficeValue[];
      named?: Record<string, NativeOfficeValue>;
    }
  | { op: 'release'; target: NativeOfficeHandleValue };

/**
 * The binary's export table (native/addon.cc). Every call but platform() runs on a service thread and
 * returns JSON text built off the JS thread, except capture, whose pixels arrive as a Buffer beside the
 * fields (no JSON for megabytes).
 */
export interface NativeAddon {
  platform(): string;
  applications(options: NativeOptions): Promise<string>;
  windows(options: NativeOptions): Promise<string>;
  snapshot(options: NativeSnapshotOptions): Promise<string>;
  perform(options: NativePerformOptions): Promise<string>;
  input(options: NativeInputOptions): Promise<string>;
  waitForEvent(options: NativeOptions & { ref: string }): Promise<string>;
  capture(options: NativeCaptureOptions): Promise<NativeCaptureResult>;
  officeRun(options: NativeOptions & { ops: NativeOfficeOp[] }): Promise<string>;
  /**
   * Lifecycle-test diagnostics, present only when LAM_BRIDGE_TEST_HOOKS=1 is set as the binary loads
   * (native/addon.cc): a job that sleeps `ms` in a system call ignoring cancellation, on either service;
   * a backend hook ('reset-links' drops the D-Bus connections); stopping a service; its retired threads.
   */
  __blockPlatform?(options: NativeOptions & { ms: number }): Promise<string>;
  __blockOffice?(options: NativeOptions & { ms: number }): Promise<string>;
  __testHook?(options: NativeOptions & { name: string }): Promise<string>;
  __stopService?(options: { service?: 'platform' | 'office' }): boolean;
  __retiredThreads?(options: { service?: 'platform' | 'office' }): number;
}

const require = createRequire(import.meta.url);

function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'CMakeLists.txt'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('lam-bridge: cannot find the package root from ' + fileURLToPath(import.meta.url));
    dir = up;
  }
}

let addon: NativeAddon | undefined;

/** Loads the binary once per thread; a clear, guided error when it cannot. */
export function loadNative(): NativeAddon {
  if (addon) return addon;
  const root = packageRoot();
  try {
    const nodeGypBuild = require('node-gyp-build') as (dir: string) => NativeAddon;
    addon = nodeGypBuild(root);
  } catch (cause) {
    throw new LambError(
      'INTERNAL',
      [
        `load (lam-bridge): cannot load the native addon for ${process.platform}-${process.arch} (Node ${process.versions.node}).`,
        `  ${(cause as Error).message.split('\n')[0]}`,
        'Possible solutions:',
        '- Build it from source: `npm rebuild lam-bridge` (needs cmake, a C++17 compiler and, on Linux, libdbus-1-dev).',
        '- Install with scripts enabled (not --ignore-scripts), so that the install step builds it.',
        `- Look in ${join(root, 'build/Release')} and ${join(root, 'prebuilds', `${process.platform}-${process.arch}`)}.`,
      ].join('\n'),
      { cause },
    );
  }
  return addon;
}

/** Rebuilds a native rejection as a LambError with its stable code, keeping the caller's stack. */
function toLambError(cause: unknown, callerStack: string): LambError {
  if (cause instanceof LambError) return cause;
  const native = cause as { code?: string; message?: string; detail?: string };
  const parsed = ErrorCode.safeParse(native.code);
  const error = new LambError(parsed.success ? parsed.data : 'INTERNAL', native.message ?? String(cause), {
    ...(native.detail === undefined ? {} : { detail: native.detail }),
    cause,
  });
  error.stack = `${error.name}: ${error.message}\n${callerStack.split('\n').slice(2).join('\n')}`;
  return error;
}

/** A call whose result is JSON text. */
async function call<T>(operation: () => Promise<string>): Promise<T> {
  const callerStack = new Error().stack ?? '';
  try {
    return JSON.parse(await operation()) as T;
  } catch (cause) {
    throw toLambError(cause, callerStack);
  }
}

/** A call whose result is already an object (its binary part is a Buffer). */
async function callObject<T>(operation: () => Promise<T>): Promise<T> {
  const callerStack = new Error().stack ?? '';
  try {
    return await operation();
  } catch (cause) {
    throw toLambError(cause, callerStack);
  }
}

export function nativePlatform(): string {
  return loadNative().platform();
}

export function nativeApplications(options: NativeOptions): Promise<RawApplication[]> {
  return call(() => loadNative().applications(options));
}

export function nativeWindows(options: NativeOptions): Promise<RawWindow[]> {
  return call(() => loadNative().windows(options));
}

export function nativeSnapshot(options: NativeSnapshotOptions): Promise<RawSnapshot> {
  return call(() => loadNative().snapshot(options));
}

export function nativePerform(options: NativePerformOptions): Promise<NativeIntentResult> {
  return call(() => loadNative().perform(options));
}

export function nativeInput(options: NativeInputOptions): Promise<NativeInputResult> {
  return call(() => loadNative().input(options));
}

/** Screen pixels: the whole screen or a rect of it (clamped to the screen), RGBA, with no JSON in between. */
export function nativeCapture(options: NativeCaptureOptions): Promise<NativeCaptureResult> {
  return callObject(() => loadNative().capture(options));
}

/**
 * One batch of object-bridge ops on the office service's thread (docs/OFFICE.md): one result per op, or a
 * LambError naming the op that failed (the later ones did not run).
 */
export async function nativeOfficeRun(options: NativeOptions & { ops: NativeOfficeOp[] }): Promise<NativeOfficeValue[]> {
  return (await call<{ results: NativeOfficeValue[] }>(() => loadNative().officeRun(options))).results;
}

/** Waits (bounded) for the app owning `ref` to report a change; the event's name, or null at the deadline. */
export async function nativeWaitForEvent(options: NativeOptions & { ref: string }): Promise<string | null> {
  return (await call<{ event: string | null }>(() => loadNative().waitForEvent(options))).event;
}
