import type { Command } from 'commander';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description(
      'the whole story on a real app: start a headless desktop if needed, launch gtk3-widget-factory, snapshot it, ' +
        'print the observation a model reads, write the annotated screenshot, run a verified action, and the same step through the MCP server',
    )
    .option('--out <dir>', 'where to write the annotated screenshot (annotated.png; default: a new temporary directory)')
    // The implementation (the headless desktop, the library, the addon) loads only when the command runs.
    .action(async (flags: { out?: string }) => (await import('../handlers/demo.js')).demoCommand(flags));
}
