import { nativePlatform } from '../../bindings/index.js';
import { executeActions } from '../act/executor.js';
import { parseActionInput } from '../act/parse-action.js';
import {
  ActOptions,
  LambError,
  TimeoutMs,
  type Action,
  type ActionResult,
  type AppInfo,
  type ScreenshotOptions,
  type SnapshotOptions,
  type WindowInfo,
  zodToLambError,
} from '../model/index.js';
import { AtspiAdapter } from '../platform/atspi-adapter.js';
import type { PlatformAdapter } from '../platform/platform-adapter.js';
import { captureSnapshot } from '../snapshot/capture.js';
import { ElementMemory } from './element-memory.js';
import { takeScreenshot, type Screenshot, type ScreenshotExtras } from './screenshot.js';
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
  readonly #memory = new ElementMemory();
  #closed = false;

  private constructor(adapter: PlatformAdapter, timeoutMs: number) {
    this.#adapter = adapter;
    this.#timeoutMs = timeoutMs;
  }

  /** Loads the binary and picks the platform backend; its platform thread starts with the first call. */
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

  /** A snapshot of the target (docs/CONTRACT.md target selection); options are validated before any native call. */
  async snapshot(options: SnapshotOptions = {}): Promise<Snapshot> {
    this.#ensureOpen();
    const data = await captureSnapshot(this.#adapter, { timeoutMs: this.#timeoutMs, ...options });
    this.#memory.rememberSnapshot(data);
    return new Snapshot(data, (labels) => this.#memory.rememberLabels(labels));
  }

  /**
   * A PNG of the screen, or of the target's window (app, pid, window, ref, or a `snapshot` already taken);
   * `annotate` draws the set-of-mark overlay (UFO's labels, the same numbers as the ufo-v2 / ufo control
   * list, and remembered so `act` takes them as ids); `mark` boxes the last acted-on control in red.
   */
  async screenshot(options: ScreenshotOptions & ScreenshotExtras = {}): Promise<Screenshot> {
    this.#ensureOpen();
    const memory = this.#memory;
    return takeScreenshot(
      {
        adapter: this.#adapter,
        timeoutMs: this.#timeoutMs,
        takeSnapshot: (o) => this.snapshot(o),
        rememberLabels: (labels) => memory.rememberLabels(labels),
      },
      options,
    );
  }

  /**
   * Runs one action in any accepted shape (the bridge's own, UFO newest, UFO v1/v2) and verifies its effect.
   * Input is validated before anything reaches the app. For a list of actions use actAll.
   */
  async act(input: unknown, options: ActOptions = {}): Promise<ActionResult> {
    const { actions } = parseActionInput(input);
    if (actions.length !== 1)
      throw new LambError('INVALID_ARGUMENT', `act (lam-bridge): expected one action, got ${actions.length}; use actAll for lists`);
    return (await this.#execute(actions, options))[0]!;
  }

  /** Runs actions in order, stopping at the first failure (UFO's ActionList semantics). */
  async actAll(input: unknown, options: ActOptions = {}): Promise<ActionResult[]> {
    return this.#execute(parseActionInput(input).actions, options);
  }

  async #execute(actions: Action[], options: ActOptions): Promise<ActionResult[]> {
    this.#ensureOpen();
    const parsed = ActOptions.safeParse({ timeoutMs: this.#timeoutMs, ...options });
    if (!parsed.success) throw zodToLambError('act', parsed.error);
    const { verify, settleMs, timeoutMs, ...target } = parsed.data;
    const memory = this.#memory;
    return executeActions(
      { adapter: this.#adapter, options: { verify, settleMs, timeoutMs, target }, resolveId: (id) => memory.resolveId(id) },
      actions,
    );
  }

  /** The platform thread stays up for other Desktops in this thread; it never keeps the process alive. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#memory.flush();
  }

  #ensureOpen(): void {
    if (this.#closed) throw new LambError('INVALID_OPERATION', 'desktop (lam-bridge): this Desktop is closed');
  }
}
