import type {
  NativeInputEvent,
  NativeInputResult,
  NativeMouseButton,
  NativeInputOptions,
  NativeIntent,
  NativeIntentResult,
  NativePerformOptions,
} from '../../bindings/index.js';
import type { AppInfo, Platform, Rect, SnapshotData, WindowInfo } from '../model/index.js';

/**
 * The seam's request and result shapes are the binary's own (bindings/index.ts types native/core/backend.h),
 * with the budget made mandatory: every call into an app is bounded.
 *
 * Intent: what an action asks of an element, in no platform's vocabulary. Each backend maps an intent to its
 * own API (AT-SPI Action / Selection / EditableText / Value / Component / Text; UIA patterns) and reports the
 * method it used in IntentResult.method ("Action.DoAction(click)", "Selection.SelectChild", ...).
 *
 * InputEvent: one primitive event; buttons by name, the wheel in notches (+dy up, +dx right), keys by the
 * code the adapter's keyCode() / charCode() gives. InputRequest.window: the ref of a window to bring to the
 * front and focus before the events (the ref of any other element: its app's topmost window); InputResult.raised
 * says it was.
 */
export type Intent = NativeIntent;
export type IntentRequest = NativePerformOptions & { timeoutMs: number };
export type IntentResult = NativeIntentResult;
export type InputEvent = NativeInputEvent;
export type MouseButton = NativeMouseButton;
export type InputRequest = NativeInputOptions & { timeoutMs: number };
export type InputResult = NativeInputResult;

export interface SnapshotRequest {
  /** The ref of the subtree root: an app, a window or any element. */
  root: string;
  visibleOnly: boolean;
  maxNodes?: number;
  maxDepth?: number;
  maxChildren?: number;
  timeoutMs: number;
  /** Plain per-node walk without bulk calls (the baseline tests compare the fast path with). */
  referenceWalk?: boolean;
  /** Find the window above the root (default true); element reads while polling skip it. */
  ancestors?: boolean;
  /** Read UINode.facts for every node (what OSWorld's formats need); default false. */
  extendedFacts?: boolean;
}

/** Screen pixels: RGBA, 4 bytes a pixel, rows packed (stride = width * 4), top row first, opaque. */
export interface CapturedImage {
  width: number;
  height: number;
  data: Buffer;
  /** The screen position of the image's top-left pixel: control rects (screen coordinates) minus this. */
  x: number;
  y: number;
}

/**
 * One per platform: turns the binary's raw facts into the model and intents into the platform's calls.
 * Desktop and everything above it speak only this interface, so the UIA adapter slots in beside the AT-SPI one.
 */
/**
 * What a platform says about which controls take text (lib/act/editability.ts refuses writes by it). Null on a
 * platform that reports no `editable` state: a missing state there says nothing.
 */
export interface EditabilityFacts {
  /** Raw roles of text controls: typing characters into one that is not editable is a mistake. */
  textRawRoles: ReadonlySet<string>;
}

export interface PlatformAdapter {
  readonly platform: Platform;
  readonly editability: EditabilityFacts | null;
  applications(timeoutMs: number): Promise<AppInfo[]>;
  windows(timeoutMs: number): Promise<WindowInfo[]>;
  snapshot(request: SnapshotRequest): Promise<SnapshotData>;
  /** One intent on one element; PATTERN_NOT_SUPPORTED when the element offers no way to do it. */
  perform(request: IntentRequest): Promise<IntentResult>;
  /**
   * Resolves when the app owning `ref` reports any change (an AT-SPI or UIA event) with its name, or with
   * null after `timeoutMs`. Verification waits on it between reads instead of sleeping.
   */
  waitForEvent(ref: string, timeoutMs: number): Promise<string | null>;
  /** Synthesized input (XTest, SendInput), after raising `window` when given. */
  input(request: InputRequest): Promise<InputResult>;
  /** Screen pixels of `rect` (screen coordinates, clamped to the screen) or of the whole screen (null). */
  capture(rect: Rect | null, timeoutMs: number): Promise<CapturedImage>;
  /** The platform's code for a key: an X11 keysym, a Windows virtual key. */
  keyCode(key: string): number;
  /** The platform's code that types one character. */
  charCode(char: string): number;
}
