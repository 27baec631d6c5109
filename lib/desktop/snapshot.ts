import type { ControlType, SnapshotData, StateName, UINode } from '../model/index.js';
import type { LabelMap } from '../observe/labels.js';
import { observe, type Observation, type ObserveFormat, type ObserveOptions } from '../observe/observe.js';

/** What `Snapshot.find` matches on; every given field must match. */
export interface NodeQuery {
  role?: ControlType;
  /** Exact name, or a RegExp. */
  name?: string | RegExp;
  automationId?: string;
  /** Every listed state must be present. */
  states?: StateName[];
  /** Only nodes below this ref. */
  within?: string;
}

/** A control tree captured at one moment: the data of docs/CONTRACT.md plus lookups. */
export class Snapshot {
  readonly data: SnapshotData;
  #byRef: Map<string, UINode> | undefined;
  readonly #onLabels: ((labels: LabelMap) => void) | undefined;

  /** `onLabels` receives the label map of each labelled observation (the Desktop keeps it for act). */
  constructor(data: SnapshotData, onLabels?: (labels: LabelMap) => void) {
    this.data = data;
    this.#onLabels = onLabels;
  }

  get nodes(): UINode[] {
    return this.data.nodes;
  }

  get root(): UINode | undefined {
    return this.data.nodes[0];
  }

  node(ref: string): UINode | undefined {
    this.#byRef ??= new Map(this.data.nodes.map((n) => [n.ref, n]));
    return this.#byRef.get(ref);
  }

  children(ref: string): UINode[] {
    return this.data.nodes.filter((n) => n.parent === ref);
  }

  /** The refs from the root down to `ref`'s parent. */
  ancestors(ref: string): UINode[] {
    const chain: UINode[] = [];
    for (let n = this.node(ref); n?.parent != null; ) {
      n = this.node(n.parent);
      if (n) chain.unshift(n);
    }
    return chain;
  }

  find(query: NodeQuery): UINode[] {
    const inside = query.within === undefined ? undefined : this.#subtreeRefs(query.within);
    return this.data.nodes.filter(
      (n) =>
        (query.role === undefined || n.role === query.role) &&
        (query.name === undefined ||
          (typeof query.name === 'string' ? n.name === query.name : query.name.test(n.name))) &&
        (query.automationId === undefined || n.automationId === query.automationId) &&
        (query.states === undefined || query.states.every((s) => n.states.includes(s))) &&
        (inside === undefined || inside.has(n.ref)),
    );
  }

  /** The observation a model reads: UFO's control lists (ufo-v2, ufo), the compact tree, or JSON. */
  observe<F extends ObserveFormat>(format: F, options?: ObserveOptions<F>): Observation {
    const observation = observe(this.data, format, options);
    if (observation.labels) this.#onLabels?.(observation.labels);
    return observation;
  }

  toJSON(): SnapshotData {
    return this.data;
  }

  // Pre-order means a subtree is one contiguous run: from the node until the first node outside it.
  #subtreeRefs(ref: string): Set<string> {
    const refs = new Set<string>();
    const start = this.data.nodes.findIndex((n) => n.ref === ref);
    if (start < 0) return refs;
    refs.add(ref);
    for (let i = start + 1; i < this.data.nodes.length; i++) {
      const node = this.data.nodes[i]!;
      if (node.parent === null || !refs.has(node.parent)) break;
      refs.add(node.ref);
    }
    return refs;
  }
}
