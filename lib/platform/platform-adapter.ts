import type { AppInfo, Platform, SnapshotData, WindowInfo } from '../model/index.js';

export interface SnapshotRequest {
  /** The ref of the subtree root: an app, a window or any element. */
  root: string;
  visibleOnly: boolean;
  maxNodes?: number;
  maxDepth?: number;
  timeoutMs: number;
  /** Plain per-node walk without bulk calls (the baseline tests compare the fast path with). */
  referenceWalk?: boolean;
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
}
