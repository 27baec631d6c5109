import type { Command } from 'commander';
import type { ListFlags } from '../handlers/windows.js';

// The implementations (the library, zod, the addon) load only when a command runs, not for --help.
export function registerWindows(program: Command): void {
  program
    .command('windows')
    .description('list top-level windows of accessible applications')
    .option('--json', 'JSON output: [{ ref, app, appRef, pid, title, rect, focused }]')
    .option('--timeout <ms>', 'budget for each call into an app')
    .action(async (flags: ListFlags) => (await import('../handlers/windows.js')).windowsCommand(flags));

  program
    .command('apps')
    .description('list accessible applications')
    .option('--json', 'JSON output: [{ ref, name, pid, toolkit }]')
    .option('--timeout <ms>', 'budget for each call into an app')
    .action(async (flags: ListFlags) => (await import('../handlers/windows.js')).appsCommand(flags));
}
