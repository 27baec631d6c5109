import type { AppInfo, WindowInfo } from '../../model/index.js';
import type { RawUiaApplication, RawUiaWindow } from '../../../bindings/raw.js';
import { uiaRect } from './uia-node.js';

/**
 * desk.windows() on Windows: every visible top-level window native/win listed (EnumWindows order, topmost
 * first), as the model's WindowInfo. A minimized window has no rect a click could use (Windows parks it at
 * -32000, -32000), so it reads null, as an unmapped one does on Linux; focused is the foreground window.
 */
export function uiaWindowInfo(w: RawUiaWindow): WindowInfo {
  return {
    ref: w.ref,
    app: w.app,
    appRef: w.appRef,
    pid: w.pid,
    title: w.title,
    rect: w.minimized ? null : uiaRect(w.rect),
    focused: w.focused,
  };
}

/** desk.applications() on Windows: processes with visible top-level windows; toolkit = FrameworkId. */
export function uiaAppInfo(a: RawUiaApplication): AppInfo {
  return { ref: a.ref, name: a.name, pid: a.pid, toolkit: a.toolkit === '' ? null : a.toolkit };
}
