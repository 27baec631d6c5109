/**
 * What every platform adapter sends to the addon the same way: a SnapshotRequest as the binary's options, and
 * a capture (rounded rect in, CapturedImage out). The adapters differ in what they make of the answers
 * (lib/platform/<platform>/), not in how they ask.
 */
import { nativeCapture, type NativeSnapshotOptions } from '../../bindings/index.js';
import type { Rect } from '../model/index.js';
import type { CapturedImage, SnapshotRequest } from './platform-adapter.js';

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
