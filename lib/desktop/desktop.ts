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
import type { ActStep } from '../act/office-step.js';
import type { PlatformAdapter } from '../platform/platform-adapter.js';
import { ElementMemory, type LabelStore, type RefPolicy } from './element-memory.js';
import type { Screenshot, ScreenshotExtras } from './screenshot.js';
import { Snapshot } from './snapshot.js';

/*
 * The platform layer (the addon's loader, the AT-SPI adapter and its tables), the action executor and the
 * screenshot path are imported by the methods that use them, not here: `import('lam-bridge')` and a
 * `lamb snapshot` then load only what they run (bench/cli.bench.ts measures it). Each is imported once per
 * process; later calls find it in the module cache.
 */

export interface DesktopOptions {
  /** Default budget for each call into a target app, in ms (default 2000). */
  timeoutMs?: number;
  /**
   * 'any' (default): any ref of this desktop. 'shown-only' (server sessions): only refs and labels this
   * Desktop has itself shown; any other is INVALID_ARGUMENT before a native call (element-memory.ts).
   */
  refs?: RefPolicy;
  /**
   * 'file' (default): label maps of UFO-style observations are also written to the machine-wide label file,
   * so a later process resolves them. 'memory' (server sessions): this Desktop only (element-memory.ts).
   */
  labelStore?: LabelStore;
}

async function adapterForPlatform(): Promise<PlatformAdapter> {
  return (await import('../platform/index.js')).adapterForPlatform();
}

/** The entry point: one desktop session, backed by the platform's accessibility API. */
export class Desktop {
  readonly #adapter: PlatformAdapter;
  readonly #timeoutMs: number;
  readonly #memory: ElementMemory;
  #closed = false;

  private constructor(adapter: PlatformAdapter, timeoutMs: number, refs: RefPolicy, labelStore: LabelStore) {
    this.#adapter = adapter;
    this.#timeoutMs = timeoutMs;
    this.#memory = new ElementMemory(undefined, { refs, labelStore });
  }

  /** Loads the binary and picks the platform backend; its platform thread starts with the first call. */
  static async open(options: DesktopOptions = {}): Promise<Desktop> {
    const timeout = TimeoutMs.safeParse(options.timeoutMs ?? 2000);
    if (!timeout.success) throw zodToLambError('Desktop.open', timeout.error);
    const refs = options.refs ?? 'any';
    if (refs !== 'any' && refs !== 'shown-only')
      throw new LambError('INVALID_ARGUMENT', `Desktop.open (lam-bridge): refs: expected 'any' or 'shown-only', got ${JSON.stringify(refs)}`);
    const labelStore = options.labelStore ?? 'file';
    if (labelStore !== 'file' && labelStore !== 'memory')
      throw new LambError('INVALID_ARGUMENT', `Desktop.open (lam-bridge): labelStore: expected 'file' or 'memory', got ${JSON.stringify(labelStore)}`);
    return new Desktop(await adapterForPlatform(), timeout.data, refs, labelStore);
  }

  get platform(): string {
    return this.#adapter.platform;
  }

  async applications(): Promise<AppInfo[]> {
    this.#ensureOpen();
    const apps = await this.#adapter.applications(this.#timeoutMs);
    this.#memory.rememberListed(apps.map((a) => a.ref));
    return apps;
  }

  async windows(): Promise<WindowInfo[]> {
    this.#ensureOpen();
    const windows = await this.#adapter.windows(this.#timeoutMs);
    this.#memory.rememberListed(windows.map((w) => w.ref));
    return windows;
  }

  /** A snapshot of the target (docs/CONTRACT.md target selection); options are validated before any native call. */
  async snapshot(options: SnapshotOptions = {}): Promise<Snapshot> {
    this.#ensureOpen();
    if (typeof options.ref === 'string') this.#memory.checkShown(options.ref, 'snapshot');
    const { captureSnapshot } = await import('../snapshot/capture.js');
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
    if (typeof options.ref === 'string') memory.checkShown(options.ref, 'screenshot');
    if (typeof options.mark === 'string') memory.checkShown(options.mark, 'screenshot');
    const { takeScreenshot } = await import('./screenshot.js');
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
    const { parseActionInput } = await import('../act/parse-action.js');
    const { actions } = parseActionInput(input);
    if (actions.length !== 1)
      throw new LambError('INVALID_ARGUMENT', `act (lam-bridge): expected one action, got ${actions.length}; use actAll for lists`);
    return (await this.#execute(actions, options))[0]!;
  }

  /**
   * What an element id (a ref or a UFO label of this Desktop's last labelled observation) stands for, without
   * acting: the same resolution act uses, and the same refusals ('shown-only': refs not shown here).
   */
  async resolveId(id: string): Promise<{ ref: string; label?: string }> {
    this.#ensureOpen();
    const resolved = await this.#memory.resolveId(id);
    return resolved.label === undefined ? { ref: resolved.ref } : { ref: resolved.ref, label: resolved.label };
  }

  /** Runs actions in order, stopping at the first failure (UFO's ActionList semantics). */
  async actAll(input: unknown, options: ActOptions = {}): Promise<ActionResult[]> {
    const { parseActionInput } = await import('../act/parse-action.js');
    return this.#execute(parseActionInput(input).actions, options);
  }

  async #execute(actions: ActStep[], options: ActOptions): Promise<ActionResult[]> {
    this.#ensureOpen();
    const parsed = ActOptions.safeParse({ timeoutMs: this.#timeoutMs, ...options });
    if (!parsed.success) throw zodToLambError('act', parsed.error);
    const { verify, settleMs, timeoutMs, ...target } = parsed.data;
    const memory = this.#memory;
    if (target.ref !== undefined) memory.checkShown(target.ref, 'act');
    const { executeActions } = await import('../act/executor.js');
    const results = await executeActions(
      { adapter: this.#adapter, options: { verify, settleMs, timeoutMs, target }, resolveId: (id) => memory.resolveId(id) },
      actions,
    );
    // What an action result shows (its target, nodes and windows that appeared) this Desktop has shown.
    memory.rememberListed(results.flatMap((r) => [...(r.target ? [r.target.ref] : []), ...(r.evidence?.changes.map((c) => c.ref) ?? [])]));
    return results;
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
