import type { Command } from 'commander';
import { APP_KINDS } from '../../session/app-specs.js';

/**
 * `lamb desktop`: a headless desktop (Xvfb + D-Bus + AT-SPI) for agents on servers and in CI. `start` leaves
 * one running and prints the shell lines that point a shell at it (`eval "$(lamb desktop start)"`); `status`
 * and `stop` find it again through its state file; `run` gives one command a private desktop.
 */
export function registerDesktop(program: Command): void {
  const desktop = program
    .command('desktop')
    .description('a headless desktop (Xvfb + D-Bus + AT-SPI) for agents on servers and in CI');

  desktop
    .command('start')
    .description('start a desktop that outlives this command and print the environment to export (eval "$(lamb desktop start)")')
    .option('--apps <list>', `also launch these apps, comma-separated (${APP_KINDS.join(', ')})`)
    .option('--name <name>', 'several desktops can run side by side under different names', 'default')
    .option('--json', 'print the desktop record as JSON instead of shell lines')
    .action(async (flags: { apps?: string; name: string; json?: boolean }) => (await import('../handlers/desktop.js')).desktopStart(flags));

  desktop
    .command('status')
    .description('say whether the desktop runs (exit code 0 if it does, 1 if not)')
    .option('--name <name>', 'the desktop to look at', 'default')
    .option('--json', 'JSON output: { name, state, alive, record }')
    .action(async (flags: { name: string; json?: boolean }) => (await import('../handlers/desktop.js')).desktopStatusCommand(flags));

  desktop
    .command('stop')
    .description('stop the desktop by its recorded PIDs and remove its files')
    .option('--name <name>', 'the desktop to stop', 'default')
    .action(async (flags: { name: string }) => (await import('../handlers/desktop.js')).desktopStop(flags));

  desktop
    .command('run')
    .description('run a command on a private desktop, stop the desktop afterwards, exit with the command\'s code')
    .option('--apps <list>', `also launch these apps first, comma-separated (${APP_KINDS.join(', ')})`)
    .argument('<command...>', 'the command and its arguments (after --)')
    .action(async (command: string[], flags: { apps?: string }) => (await import('../handlers/desktop.js')).desktopRun(command, flags));
}
