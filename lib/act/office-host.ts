import type { WindowInfo } from '../model/window.js';
import type { AttachOptions } from '../office/office-session.js';
import type { OfficeHost } from './office-step.js';

/*
 * The executor's default Office host: attach to the suite that shows the target window (OfficeSession.attach,
 * docs/OFFICE.md "Attach") and run the function there (office-runner.ts runValidated: the arguments were
 * validated when the list was read). One session per action: connecting to a running suite costs ~17 ms
 * (docs/OFFICE_UNO.md), and a session held between actions would outlive the act call that needed it.
 * Disposing an attach-only session leaves the user's suite and document as they are.
 */

/**
 * Which LibreOffice shows the window: the soffice.bin whose pid is the window's, by its profile (the launcher
 * writes its UNO pipe there). Elsewhere (COM) the document is found by its title alone.
 */
async function attachOptions(window: WindowInfo, title: string): Promise<AttachOptions> {
  const options: AttachOptions = { title };
  if (process.platform === 'win32' || window.pid === null) return options;
  const { runningLibreOffices } = await import('../office/uno/attach-pipe.js');
  const shown = runningLibreOffices().find((p) => p.pid === window.pid && !p.headless);
  if (shown?.profileDir) options.profileDir = shown.profileDir;
  return options;
}

export async function attachedOfficeHost(): Promise<OfficeHost> {
  const [{ OfficeSession }, { runValidated }] = await Promise.all([
    import('../office/office-session.js'),
    import('../office/office-runner.js'),
  ]);
  return {
    async run(request) {
      const started = performance.now();
      const session = await OfficeSession.start({ timeoutMs: request.timeoutMs });
      try {
        const doc = await session.attach(request.app, await attachOptions(request.window, request.title));
        return await runValidated(doc, request.spec, request.args, started);
      } finally {
        await session.dispose();
      }
    },
  };
}
