import type { Command } from 'commander';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description(
      'start a headless desktop if needed, launch gtk3-widget-factory, print its tree, run a verified action',
    )
    // The implementation (the headless desktop, the library, the addon) loads only when the command runs.
    .action(async () => (await import('../handlers/demo.js')).demoCommand());
}
