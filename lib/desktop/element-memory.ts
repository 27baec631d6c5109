import type { Fingerprint, ResolvedId } from '../act/act-context.js';
import { LambError, type SnapshotData } from '../model/index.js';
import { currentDesktop, describeDesktop, sameDesktop, type DesktopIdentity } from '../platform/desktop-identity.js';
import { isLabel, loadLabelMap, resolveLabel, saveLabelMap, type LabelMap } from '../observe/labels.js';
import { ancestorsFingerprint } from '../snapshot/fingerprint.js';
import { indexTree } from '../snapshot/tree-index.js';

/** Past this many remembered elements the oldest snapshots are forgotten (a few full Writer trees). */
const MAX_REMEMBERED = 50_000;
/** Past this many listed window and app refs (windows(), applications(), act results) the oldest go. */
const MAX_LISTED = 10_000;

/**
 * Which refs a Desktop takes. 'any' (the library, the CLI): any ref of this desktop, from any process, since a
 * ref is the element's platform identity. 'shown-only' (a server session): only refs this Desktop itself has
 * shown (in its snapshots, observations, window or app lists, action results) and labels of its own
 * observations, so one client of a server can never resolve, read or act on another's elements by sending
 * their refs: refs are guessable (bus name + object path), so knowing one must not be enough.
 */
export type RefPolicy = 'any' | 'shown-only';

/**
 * Where label maps live. 'file' (the library, the CLI): in this process and in the label file, so a later
 * `lamb act 12` resolves the label a `lamb snapshot` showed. 'memory' (a server session): in this Desktop only,
 * never written to nor read from the machine-wide file, so sessions cannot see or overwrite each other's labels.
 */
export type LabelStore = 'file' | 'memory';

/**
 * What a Desktop remembers of what it has shown: each element's fingerprint (to re-find it when its ref
 * goes stale) and the label maps of UFO-style observations (to turn a model's "12" back into a ref, in
 * this process or, through the label files, in a later one).
 */
export class ElementMemory {
  readonly #fingerprints = new Map<string, { fingerprint: Fingerprint; scopeRef: string; appPid?: number }>();
  #labels: LabelMap | null = null;
  #pendingSave: Promise<unknown> = Promise.resolve();
  /** This process's desktop, read from the environment once (no call: lib/platform/desktop-identity.ts). */
  readonly #desktop: DesktopIdentity;
  readonly #refs: RefPolicy;
  readonly #labelStore: LabelStore;
  /** Refs shown outside snapshots (windows, apps, action results): insertion order is forgetting order. */
  readonly #listed = new Set<string>();

  constructor(desktop: DesktopIdentity = currentDesktop(), options: { refs?: RefPolicy; labelStore?: LabelStore } = {}) {
    this.#desktop = desktop;
    this.#refs = options.refs ?? 'any';
    this.#labelStore = options.labelStore ?? 'file';
  }

  /** Remembers refs shown in a window or app list or an action result (only 'shown-only' needs them). */
  rememberListed(refs: Iterable<string>): void {
    if (this.#refs === 'any') return;
    for (const ref of refs) {
      this.#listed.delete(ref);
      this.#listed.add(ref);
    }
    for (const ref of this.#listed) {
      if (this.#listed.size <= MAX_LISTED) break;
      this.#listed.delete(ref);
    }
  }

  /**
   * Under 'shown-only', refuses a ref this memory never showed (INVALID_ARGUMENT, before any native call).
   * `operation` names the call in the message ("act", "snapshot").
   */
  checkShown(ref: string, operation: string): void {
    if (this.#refs === 'any' || this.#fingerprints.has(ref) || this.#listed.has(ref)) return;
    throw new LambError('INVALID_ARGUMENT', `${operation} (lam-bridge): ref ${ref} was not shown to this session; take a snapshot`);
  }

  rememberSnapshot(data: SnapshotData): void {
    const index = indexTree(data.nodes);
    const scopeRef = data.window?.ref ?? data.root;
    data.nodes.forEach((n, i) => {
      this.#fingerprints.delete(n.ref); // re-insert: the map's order is the forgetting order
      this.#fingerprints.set(n.ref, {
        fingerprint: { role: n.role, name: n.name, automationId: n.automationId, ancestors: ancestorsFingerprint(data.nodes, index, i) },
        scopeRef,
        ...(data.app.pid === null ? {} : { appPid: data.app.pid }),
      });
    });
    for (const ref of this.#fingerprints.keys()) {
      if (this.#fingerprints.size <= MAX_REMEMBERED) break;
      this.#fingerprints.delete(ref);
    }
  }

  /** Keeps the map for this process and writes it for later ones (errors writing it only cost that). */
  rememberLabels(map: LabelMap): void {
    this.#labels = map;
    if (this.#labelStore === 'memory') return;
    // In order: an earlier, slower write must not land after this one and leave its map as the latest.
    this.#pendingSave = this.#pendingSave.then(() => saveLabelMap(map)).catch(() => undefined);
  }

  /** Resolves once label files being written are on disk. */
  async flush(): Promise<void> {
    await this.#pendingSave;
  }

  async resolveId(id: string): Promise<ResolvedId> {
    if (!isLabel(id)) {
      this.checkShown(id, 'act');
      return { ref: id, ...this.#fingerprints.get(id) };
    }
    await this.#pendingSave;
    // 'shown-only': a label file on disk is another process's (or another session's) observation, not ours.
    // 'memory': the file is shared by the whole machine, never ours to read.
    const map = this.#labels ?? (this.#refs === 'shown-only' || this.#labelStore === 'memory' ? null : await loadLabelMap());
    if (!map)
      throw new LambError(
        'INVALID_ARGUMENT',
        this.#refs === 'shown-only'
          ? `act (lam-bridge): '${id}' looks like a control label, but this session has made no labelled observation (ufo, ufo-v2) yet; take one or pass a ref`
          : `act (lam-bridge): '${id}' looks like a control label, but no labelled observation (ufo, ufo-v2) was made yet; take one or pass a ref`,
      );
    // A map made in this process is of this desktop; one read from disk may be of any desktop that wrote there.
    if (map !== this.#labels) checkDesktop(map, id, this.#desktop);
    const entry = resolveLabel(map, id);
    if (!entry) {
      const labels = Object.keys(map.labels);
      const shown = labels.length > 60 ? `${labels.slice(0, 60).join(', ')}, … (${labels.length} in all)` : labels.join(', ');
      throw new LambError('INVALID_ARGUMENT', `act (lam-bridge): no control labelled '${id}' in the last observation; valid labels: ${shown || 'none'}`);
    }
    const { ref, ...fingerprint } = entry;
    return {
      ref,
      label: id,
      fingerprint,
      scopeRef: map.window?.ref ?? map.root,
      ...(map.app.pid === null ? {} : { appPid: map.app.pid }),
    };
  }
}

/** Labels name elements of the desktop and snapshot that made them; on another desktop a ref names anything. */
function checkDesktop(map: LabelMap, id: string, here: DesktopIdentity): void {
  const app = map.app.name || 'an unnamed app';
  const made = `the ${map.format} snapshot of ${map.window ? `window '${map.window.title}' of ${app}` : app} taken ${map.createdAt}`;
  if (!map.desktop)
    throw new LambError(
      'INVALID_ARGUMENT',
      `act (lam-bridge): label '${id}' is from ${made}, written by an earlier lam-bridge that did not record its desktop, so it may name an element of another one; take a new snapshot`,
    );
  if (!sameDesktop(map.desktop, here))
    throw new LambError(
      'INVALID_ARGUMENT',
      `act (lam-bridge): label '${id}' is from ${made} on another desktop (${describeDesktop(map.desktop)}); this is ${describeDesktop(here)}; take a new snapshot here`,
    );
}
