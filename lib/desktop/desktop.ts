import { nativePlatform } from '../../bindings/index.js';
import { LambError, TimeoutMs, type AppInfo, type SnapshotOptions, type WindowInfo, zodToLambError } from '../model/index.js';
import { AtspiAdapter } from '../platform/atspi-adapter.js';
import type { PlatformAdapter } from '../platform/platform-adapter.js';
import { captureSnapshot } from '../snapshot/capture.js';
import { Snapshot } from './snapshot.js';


export interface DesktopOptions {
  /** Default budget for each call into a target app, in ms (default 2000). */
  timeoutMs?: number;
}

function adapterForPlatform(): PlatformAdapter {
  const platform = nativePlatform();
  if (platform === 'atspi') return new AtspiAdapter();
  throw new LambError(
    'UNSUPPORTED_PLATFORM',
    `open (lam-bridge): no accessibility backend for ${process.platform} yet (native platform '${platform}')`,
  );
}

/** The entry point: one desktop session, backed by the platform's accessibility API. */
export class Desktop {
  readonly #adapter: PlatformAdapter;
  readonly #timeoutMs: number;
  #closed = false;

  private constructor(adapter: PlatformAdapter, timeoutMs: number) {
    this.#adapter = adapter;
    this.#timeoutMs = timeoutMs;
  }

  /** Picks the platform backend. Loading the binary is lazy and cheap; nothing runs until the first call. */
  static async open(options: DesktopOptions = {}): Promise<Desktop> {
    const timeout = TimeoutMs.safeParse(options.timeoutMs ?? 2000);
    if (!timeout.success) throw zodToLambError('Desktop.open', timeout.error);
    return new Desktop(adapterForPlatform(), timeout.data);
  }

  get platform(): string {
    return this.#adapter.platform;
  }

  async applications(): Promise<AppInfo[]> {
    this.#ensureOpen();
    return this.#adapter.applications(this.#timeoutMs);
  }

  async windows(): Promise<WindowInfo[]> {
    this.#ensureOpen();
    return this.#adapter.windows(this.#timeoutMs);
  }

  /** A snapshot of the target (CONTRACT.md target selection); options are validated before any native call. */
  async snapshot(options: SnapshotOptions = {}): Promise<Snapshot> {
    this.#ensureOpen();
    return new Snapshot(await captureSnapshot(this.#adapter, { timeoutMs: this.#timeoutMs, ...options }));
  }

  /** The platform thread stays up for other Desktops in this thread; it never keeps the process alive. */
  async close(): Promise<void> {
    this.#closed = true;
  }

  #ensureOpen(): void {
    if (this.#closed) throw new LambError('INVALID_OPERATION', 'desktop (lam-bridge): this Desktop is closed');
  }
}
