import type { InputResult, IntentResult } from '../../bindings/index.js';
import type { AppInfo, Platform, Rect, SnapshotData, WindowInfo } from '../model/index.js';

export type { InputResult };
export type ElementActionResult = IntentResult;

// TRANSITIONAL (issue 7, core owner's branch): the pre-seam request shapes lib/act still speaks. The binary
// now takes intents and named buttons; AtspiAdapter translates. The seam owner's PlatformAdapter replaces
// these with IntentRequest / InputRequest.
/** A semantic operation on one element, in AT-SPI's terms. */
export type ElementOp =
  | 'doAction'
  | 'setText'
  | 'insertText'
  | 'deleteText'
  | 'setValue'
  | 'grabFocus'
  | 'scrollTo'
  | 'selectChild'
  | 'deselectChild'
  | 'clearSelection'
  | 'setCaret'
  | 'readText'
  | 'indexInParent';

export interface ElementActionRequest {
  ref: string;
  op: ElementOp;
  text?: string;
  number?: number;
  index?: number;
  start?: number;
  end?: number;
  timeoutMs: number;
}

/** One primitive input event; `code` is an X11 button number or keysym. */
export type InputEvent =
  | { kind: 'move'; x: number; y: number }
  | { kind: 'buttonDown' | 'buttonUp'; code: number }
  | { kind: 'keyDown' | 'keyUp' | 'typeKey'; code: number }
  | { kind: 'pause'; ms: number };

export interface InputRequest {
  events: InputEvent[];
  /** Raise and focus this app's top-level window first. */
  raisePid?: number;
  timeoutMs: number;
}

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
 * One per platform: turns the binary's raw facts into the model. Desktop and everything above it speak
 * only this interface, so the UIA adapter slots in beside the AT-SPI one.
 */
export interface PlatformAdapter {
  readonly platform: Platform;
  applications(timeoutMs: number): Promise<AppInfo[]>;
  windows(timeoutMs: number): Promise<WindowInfo[]>;
  snapshot(request: SnapshotRequest): Promise<SnapshotData>;
  /** One semantic operation on one element (AT-SPI interfaces, UIA patterns). */
  elementAction(request: ElementActionRequest): Promise<ElementActionResult>;
  /**
   * Resolves when the app owning `ref` reports any change (an AT-SPI or UIA event) with its name, or with
   * null after `timeoutMs`. Verification waits on it between reads instead of sleeping.
   */
  waitForEvent(ref: string, timeoutMs: number): Promise<string | null>;
  /** Synthesized input (XTest, SendInput). */
  input(request: InputRequest): Promise<InputResult>;
  /** Screen pixels of `rect` (screen coordinates, clamped to the screen) or of the whole screen (null). */
  capture(rect: Rect | null, timeoutMs: number): Promise<CapturedImage>;
  /** The platform's code for a key: an X11 keysym, a Windows virtual key. */
  keyCode(key: string): number;
  /** The platform's code that types one character. */
  charCode(char: string): number;
  /** Scroll-wheel input: the button numbers (X11) for one notch up and down. */
  readonly wheel: { up: number; down: number };
}
