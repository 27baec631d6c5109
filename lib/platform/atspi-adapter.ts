import {
  nativeApplications,
  nativeCapture,
  nativeInput,
  nativePerform,
  nativeSnapshot,
  nativeWaitForEvent,
  nativeWindows,
} from '../../bindings/index.js';
import { keysymFor, keysymForChar, XK } from './x11-keysyms.js';
import type { NativeInputEvent, NativeIntent, NativeMouseButton, RawWindow } from '../../bindings/index.js';
import { LambError, type AppInfo, type Rect, type SnapshotData, type WindowInfo } from '../model/index.js';
import { normalizeAtspiNodes } from './atspi-node.js';
import { AtspiRole, controlTypeForAtspiRole } from './atspi-roles.js';
import { AtspiState, hasAtspiState } from './atspi-states.js';
import type {
  CapturedImage,
  ElementActionRequest,
  ElementActionResult,
  InputRequest,
  InputResult,
  PlatformAdapter,
  SnapshotRequest,
} from './platform-adapter.js';

const ANYWHERE = 6; // ATSPI_SCROLL_ANYWHERE: what scrollIntoView does
const INTENT_FOR_OP: Partial<Record<ElementActionRequest['op'], NativeIntent>> = {
  setText: 'setText',
  readText: 'readText',
  grabFocus: 'focus',
  scrollTo: 'scrollIntoView',
  setValue: 'setValue',
};
const BUTTON_FOR_CODE: Partial<Record<number, NativeMouseButton>> = { 1: 'left', 2: 'middle', 3: 'right' };

function rectOf(raw: [number, number, number, number] | null): Rect | null {
  if (!raw) return null;
  const [x, y, width, height] = raw;
  if (width <= 0 || height <= 0 || x === -2147483648) return null;
  return { x, y, width, height };
}

/** A top-level child of an application root that a person would call a window. */
function isWindow(raw: RawWindow): boolean {
  return controlTypeForAtspiRole(raw.role) === 'Window';
}

export class AtspiAdapter implements PlatformAdapter {
  readonly platform = 'atspi' as const;
  readonly wheel = { up: 4, down: 5 };

  // TRANSITIONAL (issue 7, core owner's branch): the binary now speaks intents; the operations that map
  // onto one are translated, the rest fail until the seam owner's lib/act speaks intents itself.
  elementAction(request: ElementActionRequest): Promise<ElementActionResult> {
    const intent = INTENT_FOR_OP[request.op];
    if (intent === undefined || (request.op === 'scrollTo' && request.index !== undefined && request.index !== ANYWHERE))
      return Promise.reject(
        new LambError('PATTERN_NOT_SUPPORTED', `element action (lam-bridge): '${request.op}' is not an intent`),
      );
    return nativePerform({
      ref: request.ref,
      intent,
      timeoutMs: request.timeoutMs,
      ...(request.text === undefined ? {} : { text: request.text }),
      ...(request.number === undefined ? {} : { value: request.number }),
    });
  }

  // TRANSITIONAL: X11 button numbers -> named buttons and wheel notches, raisePid -> the app's ref.
  async input(request: InputRequest): Promise<InputResult> {
    const events: NativeInputEvent[] = [];
    for (const e of request.events) {
      if (e.kind === 'move' || e.kind === 'pause' || e.kind === 'keyDown' || e.kind === 'keyUp' || e.kind === 'typeKey')
        events.push(e);
      else if (e.code >= 4 && e.code <= 7) {
        // X11 wheel "buttons": 4 up, 5 down, 6 left, 7 right; one press (down + up) is one notch.
        if (e.kind === 'buttonDown')
          events.push(e.code <= 5 ? { kind: 'wheel', dy: e.code === 4 ? 1 : -1 } : { kind: 'wheel', dx: e.code === 7 ? 1 : -1 });
      } else {
        const button = BUTTON_FOR_CODE[e.code];
        if (button === undefined) throw new LambError('INVALID_ARGUMENT', `input (X11): no mouse button ${e.code}`);
        events.push({ kind: e.kind, button });
      }
    }
    let window: string | undefined;
    if (request.raisePid !== undefined) {
      const apps = await nativeApplications({ timeoutMs: request.timeoutMs });
      window = apps.find((a) => a.pid === request.raisePid)?.ref;
    }
    return nativeInput({ events, timeoutMs: request.timeoutMs, ...(window === undefined ? {} : { window }) });
  }

  waitForEvent(ref: string, timeoutMs: number): Promise<string | null> {
    return nativeWaitForEvent({ ref, timeoutMs: Math.max(1, Math.ceil(timeoutMs)) });
  }

  /** X11 (XShm, else XGetImage) on the platform thread; AT-SPI and X share screen coordinates. */
  async capture(rect: Rect | null, timeoutMs: number): Promise<CapturedImage> {
    const r = await nativeCapture({
      timeoutMs,
      ...(rect === null
        ? {}
        : {
            rect: {
              x: Math.round(rect.x),
              y: Math.round(rect.y),
              width: Math.round(rect.width),
              height: Math.round(rect.height),
            },
          }),
    });
    return { width: r.width, height: r.height, data: r.data, x: r.x, y: r.y };
  }

  keyCode(key: string): number {
    const keysym = keysymFor(key);
    if (keysym === XK.VoidSymbol)
      throw new LambError('INVALID_ARGUMENT', `input (X11): the key '${key}' has no X11 equivalent`);
    return keysym;
  }

  charCode(char: string): number {
    return keysymForChar(char);
  }

  async applications(timeoutMs: number): Promise<AppInfo[]> {
    const raw = await nativeApplications({ timeoutMs });
    return raw.map(({ ref, name, pid, toolkit }) => ({ ref, name, pid, toolkit }));
  }

  async windows(timeoutMs: number): Promise<WindowInfo[]> {
    const raw = await nativeWindows({ timeoutMs });
    return raw.filter(isWindow).map((w) => ({
      ref: w.ref,
      app: w.app,
      appRef: w.appRef,
      pid: w.pid,
      title: w.title,
      rect: rectOf(w.rect),
      // No window manager runs under Xvfb, so ACTIVE may be unset everywhere: callers fall back sensibly.
      focused: hasAtspiState(w.states, AtspiState.ACTIVE),
    }));
  }

  async snapshot(request: SnapshotRequest): Promise<SnapshotData> {
    const started = performance.now();
    const raw = await nativeSnapshot({
      root: request.root,
      visibleOnly: request.visibleOnly,
      timeoutMs: request.timeoutMs,
      ...(request.maxNodes === undefined ? {} : { maxNodes: request.maxNodes }),
      ...(request.maxDepth === undefined ? {} : { maxDepth: request.maxDepth }),
      ...(request.maxChildren === undefined ? {} : { maxChildren: request.maxChildren }),
      ...(request.referenceWalk ? { referenceWalk: true } : {}),
      ...(request.ancestors === false ? { ancestors: false } : {}),
    });
    // A subtree root's role can depend on what holds it (a dialog inside a window is a Pane).
    const rootParentRole = raw.root === raw.app.ref ? undefined : (raw.ancestors[0]?.role ?? AtspiRole.APPLICATION);
    const nodes = normalizeAtspiNodes(raw.nodes, rootParentRole === undefined ? {} : { rootParentRole });
    // The window is the root itself when it is a top-level, else the outermost ancestor below the app.
    const top = raw.ancestors.at(-1);
    const rootNode = nodes[0];
    const window =
      top !== undefined
        ? { ref: top.ref, title: top.name }
        : rootNode && rootNode.role === 'Window'
          ? { ref: rootNode.ref, title: rootNode.name }
          : null;
    return {
      platform: 'atspi',
      app: { name: raw.app.name, pid: raw.app.pid },
      window,
      root: raw.root,
      durationMs: Math.round((performance.now() - started) * 100) / 100,
      ...(raw.ancestors.length
        ? { ancestors: raw.ancestors.map((a) => ({ ref: a.ref, role: controlTypeForAtspiRole(a.role), name: a.name })) }
        : {}),
      truncated: raw.truncated,
      incomplete: raw.incomplete,
      nodes,
    };
  }
}
