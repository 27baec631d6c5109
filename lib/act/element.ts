import { LambError, type UINode } from '../model/index.js';
import type { PlatformAdapter } from '../platform/platform-adapter.js';

/**
 * One element as read just now, with what verification and input need: its app's pid (to list the app's
 * windows) and its window (the one input brings to the front).
 */
export interface ElementReading {
  node: UINode;
  pid: number | null;
  window: { ref: string; title: string } | null;
  /** From the parent up to the window, nearest first (empty when read without them). */
  ancestors: { ref: string; role: string; name: string }[];
}

/** Reads one element (no children): its states, value, rect and actions, as a snapshot node. */
export async function readElement(
  adapter: PlatformAdapter,
  ref: string,
  timeoutMs: number,
  options: { withWindow?: boolean } = {},
): Promise<ElementReading> {
  const data = await adapter.snapshot({
    root: ref,
    visibleOnly: false,
    maxDepth: 0,
    timeoutMs,
    ancestors: options.withWindow ?? true,
  });
  const node = data.nodes[0];
  if (!node) throw new LambError('ELEMENT_STALE', `read element (lam-bridge): ${ref} is gone`);
  return { node, pid: data.app.pid, window: data.window, ancestors: data.ancestors ?? [] };
}

/** The element's centre on screen, or NOT_VISIBLE when it has no usable rectangle. */
export function centreOf(node: UINode): { x: number; y: number } {
  const r = node.rect;
  if (!r || r.width <= 0 || r.height <= 0)
    throw new LambError('NOT_VISIBLE', `locate (lam-bridge): ${node.role} '${node.name}' (${node.ref}) has no on-screen rectangle`);
  return { x: Math.round(r.x + r.width / 2), y: Math.round(r.y + r.height / 2) };
}

export const isEnabled = (node: UINode) => node.states.includes('enabled') || node.states.includes('sensitive');
export const isVisible = (node: UINode) => node.states.includes('visible');

/**
 * The ref input names to bring the element's window up: the window itself when the reading knows it (an app
 * may have several windows, and the backend then raises that one), else the element (its app's topmost).
 */
export function windowRefOf(reading: ElementReading): string {
  return reading.window?.ref ?? reading.node.ref;
}

/**
 * Raises the element's window (input lands on whatever is on top) and reads the element again: raising and
 * focusing can re-lay out the window (LibreOffice moves its toolbars), so a click goes where the element is
 * after that, not before.
 */
export async function raiseAndRelocate(adapter: PlatformAdapter, reading: ElementReading, timeoutMs: number): Promise<UINode> {
  const raised = await adapter.input({ events: [], window: windowRefOf(reading), timeoutMs });
  if (!raised.raised) return reading.node;
  return (await readElement(adapter, reading.node.ref, timeoutMs, { withWindow: false })).node;
}
