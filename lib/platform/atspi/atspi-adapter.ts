import { nativeApplications, nativeSnapshot, nativeWindows } from '../../../bindings/index.js';
import { keysymFor, keysymForChar, XK } from '../x11/keysyms.js';
import type { RawAtspiWindow, RawWindow } from '../../../bindings/index.js';
import { LambError, type AppInfo, type Rect, type SnapshotData, type WindowInfo } from '../../model/index.js';
import { normalizeAtspiNodes } from './atspi-node.js';
import { AtspiRole, controlTypeForAtspi, controlTypeForAtspiRole } from './atspi-roles.js';
import { AtspiState, hasAtspiState } from './atspi-states.js';
import type { EditabilityFacts, PlatformAdapter, SnapshotRequest } from '../platform-adapter.js';
import { NativeForwarding, nativeSnapshotOptions } from '../native-forwarding.js';

function rectOf(raw: [number, number, number, number] | null): Rect | null {
  if (!raw) return null;
  const [x, y, width, height] = raw;
  if (width <= 0 || height <= 0 || x === -2147483648) return null;
  return { x, y, width, height };
}

/**
 * A top-level child of an application root that a person would call a window: its role read as a child of
 * the application (a top-level dialog, or Qt's top-level filler, is a window there).
 */
function isWindow(raw: RawAtspiWindow): boolean {
  return controlTypeForAtspi({ role: raw.role, name: raw.title, states: raw.states, interfaces: 0 }, AtspiRole.APPLICATION) === 'Window';
}

/** Narrows a window to AT-SPI's; another platform's is a loading mix-up (wrongPlatform). */
function isAtspiWindow(w: RawWindow): w is RawAtspiWindow {
  if (w.platform !== 'atspi') throw wrongPlatform('windows', w.platform);
  return true;
}

/** The binary answered for another platform than this adapter's: a build or loading mix-up, never the user's. */
function wrongPlatform(what: string, platform: string): LambError {
  return new LambError('INTERNAL', `${what} (lam-bridge): the native backend answered for '${platform}', not 'atspi'`);
}

/**
 * The AT-SPI adapter. Intents and input go to native/linux as they are: the mapping to AT-SPI calls (action
 * names, Selection, EditableText, ...) and to X11 (buttons, wheel, raising the ref's window) lives there.
 */
const ATSPI_EDITABILITY: EditabilityFacts = {
  textRawRoles: new Set(['text', 'entry', 'password text', 'paragraph', 'heading']),
};

export class AtspiAdapter extends NativeForwarding implements PlatformAdapter {
  readonly platform = 'atspi' as const;
  // GTK 3/4, Qt, Chromium and LibreOffice all set EDITABLE on what accepts text (entries, text views,
  // contenteditable, Writer's paragraphs), and READ_ONLY on read-only fields.
  readonly editability = ATSPI_EDITABILITY;

  // perform, input, waitForEvent and capture are NativeForwarding's. Capture is X11 (XShm, else XGetImage) on
  // the platform thread; AT-SPI and X share screen coordinates.

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
    for (const a of raw) if (a.platform !== 'atspi') throw wrongPlatform('applications', a.platform);
    return raw.map(({ ref, name, pid, toolkit }) => ({ ref, name, pid, toolkit }));
  }

  async windows(timeoutMs: number): Promise<WindowInfo[]> {
    const raw = (await nativeWindows({ timeoutMs })).filter(isAtspiWindow);
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
    const raw = await nativeSnapshot(nativeSnapshotOptions(request));
    if (raw.platform !== 'atspi') throw wrongPlatform('snapshot', raw.platform);
    // A subtree root's role can depend on what holds it (a dialog inside a window is a Pane).
    const rootParentRole = raw.root === raw.app.ref ? undefined : (raw.ancestors[0]?.role ?? AtspiRole.APPLICATION);
    const nodes = normalizeAtspiNodes(raw.nodes, {
      ...(rootParentRole === undefined ? {} : { rootParentRole }),
      ...(raw.showingInferred ? { showingInferred: true } : {}),
    });
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
