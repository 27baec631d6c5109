import { nativeApplications, nativeSnapshot, nativeWindows } from '../../../bindings/index.js';
import type { RawApplication, RawSnapshot, RawUiaApplication, RawUiaSnapshot, RawUiaWindow, RawWindow } from '../../../bindings/index.js';
import { isCharKey, type KeyName } from '../../model/key-names.js';
import { LambError, type AppInfo, type SnapshotData, type WindowInfo } from '../../model/index.js';
import type { EditabilityFacts, PlatformAdapter, SnapshotRequest } from '../platform-adapter.js';
import { NativeForwarding, nativeSnapshotOptions } from '../native-forwarding.js';
import { controlTypeForUia } from './uia-control-types.js';
import { normalizeUiaNodes } from './uia-node.js';
import { uiaAppInfo, uiaWindowInfo } from './uia-windows.js';
import { windowsKeyFor } from './virtual-keys.js';

/** The binary answered for another platform than this adapter's: a build or loading mix-up, never the user's. */
function wrongPlatform(what: string, platform: string): LambError {
  return new LambError('INTERNAL', `${what} (lam-bridge): the native backend answered for '${platform}', not 'uia'`);
}

function uiaApplication(a: RawApplication): RawUiaApplication {
  if (a.platform !== 'uia') throw wrongPlatform('applications', a.platform);
  return a;
}

function uiaWindow(w: RawWindow): RawUiaWindow {
  if (w.platform !== 'uia') throw wrongPlatform('windows', w.platform);
  return w;
}

function uiaSnapshot(s: RawSnapshot): RawUiaSnapshot {
  if (s.platform !== 'uia') throw wrongPlatform('snapshot', s.platform);
  return s;
}

/**
 * What lib/act/editability.ts needs on Windows. UIA tells a read-only control through ValuePattern.IsReadOnly
 * and lib/platform/uia/uia-states.ts turns that into `readonly` / `editable` as AT-SPI's states read, so the
 * refusals are the same rules; the text controls (for keys typed into a non-editable one) are the Edit and
 * Document control types and, for controls read through IAccessible, their MSAA roles.
 */
export const UIA_EDITABILITY: EditabilityFacts = {
  textRawRoles: new Set(['Edit', 'Document', 'ROLE_SYSTEM_TEXT', 'ROLE_SYSTEM_DOCUMENT']),
};

/**
 * The UIA adapter. Intents, input and events go to native/win as they are: the mapping to patterns
 * (Invoke, Toggle, SelectionItem, ExpandCollapse, Value, RangeValue, ScrollItem, Text), LegacyIAccessible,
 * MSAA and SendInput, and the raising of the request's window, lives there (native/win/uia_actions.cc,
 * send_input.cc); this side normalizes what comes back.
 */
export class UiaAdapter extends NativeForwarding implements PlatformAdapter {
  readonly platform = 'uia' as const;
  readonly editability = UIA_EDITABILITY;

  // perform, input, waitForEvent and capture are NativeForwarding's. Capture is GDI (BitBlt of the virtual
  // screen, or a rect of it) on the platform thread; UIA rects are the same physical pixels.

  /**
   * The virtual key (lib/platform/uia/virtual-keys.ts) of a key name or a character key. A character no key
   * types on a US layout has no virtual key to hold down: it can be typed (text, charCode) but not pressed.
   */
  keyCode(key: string): number {
    const k = windowsKeyFor(key as KeyName);
    if (k.unicode) {
      throw new LambError(
        'INVALID_ARGUMENT',
        `input (SendInput): the key '${key}' has no Windows virtual key${isCharKey(key as KeyName) ? '; type it as text instead' : ''}`,
      );
    }
    return k.vk;
  }

  /** The code point: native/win maps it with VkKeyScanW of the foreground layout, else KEYEVENTF_UNICODE. */
  charCode(char: string): number {
    const cp = char.codePointAt(0);
    if (cp === undefined) throw new LambError('INVALID_ARGUMENT', 'input (SendInput): an empty character cannot be typed');
    return cp;
  }

  async applications(timeoutMs: number): Promise<AppInfo[]> {
    return (await nativeApplications({ timeoutMs })).map(uiaApplication).map(uiaAppInfo);
  }

  async windows(timeoutMs: number): Promise<WindowInfo[]> {
    return (await nativeWindows({ timeoutMs })).map(uiaWindow).map(uiaWindowInfo);
  }

  async snapshot(request: SnapshotRequest): Promise<SnapshotData> {
    const started = performance.now();
    const raw = uiaSnapshot(await nativeSnapshot(nativeSnapshotOptions(request)));
    return uiaSnapshotData(raw, { extendedFacts: request.extendedFacts === true, durationMs: performance.now() - started });
  }
}

/**
 * A raw UIA snapshot as the model's SnapshotData. The window is the outermost ancestor (ancestors stop below
 * the desktop, so the last is the top-level) or, with no ancestors, the root itself unless the root is the
 * application (a `uia:pid:` snapshot spans windows). Subtrees UIA could not read (unfilled) make it incomplete.
 */
export function uiaSnapshotData(raw: RawUiaSnapshot, options: { extendedFacts?: boolean; durationMs?: number } = {}): SnapshotData {
  const nodes = normalizeUiaNodes(raw.nodes, { extendedFacts: options.extendedFacts === true });
  const top = raw.ancestors.at(-1);
  const rootNode = nodes[0];
  const window =
    top !== undefined
      ? { ref: top.ref, title: top.name }
      : rootNode !== undefined && raw.root !== raw.app.ref && rootNode.ref !== raw.app.ref
        ? { ref: rootNode.ref, title: rootNode.name }
        : null;
  return {
    platform: 'uia',
    app: { name: raw.app.name, pid: raw.app.pid },
    window,
    root: raw.root,
    durationMs: Math.round((options.durationMs ?? 0) * 100) / 100,
    ...(raw.ancestors.length
      ? { ancestors: raw.ancestors.map((a) => ({ ref: a.ref, role: controlTypeForUia(a.controlType), name: a.name })) }
      : {}),
    truncated: raw.truncated,
    incomplete: raw.incomplete || raw.unfilled.length > 0,
    nodes,
  };
}
