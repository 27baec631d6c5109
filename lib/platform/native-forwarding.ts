/**
 * What every platform adapter sends to the addon the same way: intents, input, event waits and captures go
 * through unchanged (NativeForwarding, the adapters' base class), and a SnapshotRequest becomes the binary's
 * options. The adapters differ in what they make of the answers (lib/platform/<platform>/), not in how they ask.
 */
import {
  nativeCapture,
  nativeInput,
  nativePerform,
  nativeWaitForEvent,
  type NativeSnapshotOptions,
} from '../../bindings/index.js';
import type { Rect } from '../model/index.js';
import type { CapturedImage, InputRequest, InputResult, IntentRequest, IntentResult, SnapshotRequest } from './platform-adapter.js';

/** The part of PlatformAdapter every backend forwards as it is: the native side maps intents and input. */
export abstract class NativeForwarding {
  perform(request: IntentRequest): Promise<IntentResult> {
    return nativePerform(request);
  }

  input(request: InputRequest): Promise<InputResult> {
    return nativeInput(request);
  }

  waitForEvent(ref: string, timeoutMs: number): Promise<string | null> {
    return nativeWaitForEvent({ ref, timeoutMs: Math.max(1, Math.ceil(timeoutMs)) });
  }

  capture(rect: Rect | null, timeoutMs: number): Promise<CapturedImage> {
    return captureScreen(rect, timeoutMs);
  }
}

/** The native snapshot options for `request`: the optional limits and switches only when set. */
export function nativeSnapshotOptions(request: SnapshotRequest): NativeSnapshotOptions {
  return {
    root: request.root,
    visibleOnly: request.visibleOnly,
    timeoutMs: request.timeoutMs,
    ...(request.maxNodes === undefined ? {} : { maxNodes: request.maxNodes }),
    ...(request.maxDepth === undefined ? {} : { maxDepth: request.maxDepth }),
    ...(request.maxChildren === undefined ? {} : { maxChildren: request.maxChildren }),
    ...(request.referenceWalk ? { referenceWalk: true } : {}),
    ...(request.ancestors === false ? { ancestors: false } : {}),
    ...(request.extendedFacts ? { extendedFacts: true } : {}),
  };
}

/** The screen, or `rect` of it (rounded to whole pixels), as the platform thread captured it. */
export async function captureScreen(rect: Rect | null, timeoutMs: number): Promise<CapturedImage> {
  const r = await nativeCapture({
    timeoutMs,
    ...(rect === null
      ? {}
      : { rect: { x: Math.round(rect.x), y: Math.round(rect.y), width: Math.round(rect.width), height: Math.round(rect.height) } }),
  });
  return { width: r.width, height: r.height, data: r.data, x: r.x, y: r.y };
}
