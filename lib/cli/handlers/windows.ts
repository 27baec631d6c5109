import { Desktop } from '../../desktop/desktop.js';
import { numberFlag, printResult, runCommand } from '../output.js';

export interface ListFlags {
  json?: boolean;
  timeout?: string;
}

/** `lamb windows`: one line per top-level window, or JSON. */
export function windowsCommand(flags: ListFlags): Promise<void> {
  return runCommand(
    async () => {
      const desk = await Desktop.open({ ...(flags.timeout ? { timeoutMs: numberFlag(flags.timeout)! } : {}) });
      const windows = await desk.windows();
      if (flags.json) return printResult(JSON.stringify(windows, null, 2));
      const lines = windows.map(
        (w) =>
          `${w.focused ? '*' : ' '} ${w.ref.padEnd(14)} ${String(w.pid ?? '-').padEnd(8)} ${w.app.padEnd(24)} ${JSON.stringify(w.title)}`,
      );
      printResult([`  ${'REF'.padEnd(14)} ${'PID'.padEnd(8)} ${'APP'.padEnd(24)} TITLE`, ...lines].join('\n'));
    },
    { json: flags.json },
  );
}

/** `lamb apps`: one line per accessible application, or JSON. */
export function appsCommand(flags: ListFlags): Promise<void> {
  return runCommand(
    async () => {
      const desk = await Desktop.open({ ...(flags.timeout ? { timeoutMs: numberFlag(flags.timeout)! } : {}) });
      const apps = await desk.applications();
      if (flags.json) return printResult(JSON.stringify(apps, null, 2));
      printResult(apps.map((a) => `${a.ref.padEnd(14)} ${String(a.pid ?? '-').padEnd(8)} ${a.name}`).join('\n'));
    },
    { json: flags.json },
  );
}
