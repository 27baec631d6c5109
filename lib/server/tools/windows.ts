import { lazy } from '../../model/lazy-schema.js';
import { WindowInfo } from '../../model/window.js';
import { appAllowed } from './allowlist.js';
import type { ServerTool } from './tool.js';

const WindowsInput = lazy((z) => z.object({}).strict());
const WindowsOutput = lazy((z) => z.object({ windows: z.array(WindowInfo) }));

/** The top-level windows; with an app allowlist, only the allowed apps' windows are listed at all. */
export const windowsTool: ServerTool<Record<string, never>, { windows: WindowInfo[] }> = {
  name: 'windows',
  title: 'List windows',
  description: 'The top-level windows of the desktop: ref, app, pid, title, rect, focused.',
  inputSchema: WindowsInput,
  outputSchema: WindowsOutput,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async run(session, _args, ctx) {
    const windows = (await session.desktop.windows()).filter((w) => appAllowed(w.app, ctx));
    return { structured: { windows }, text: windows.map((w) => `${w.ref}\t${w.app}\t${w.title}${w.focused ? '\t(focused)' : ''}`).join('\n') };
  },
};
