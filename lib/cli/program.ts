/** The `lamb` command table (docs/CONTRACT.md "CLI"), built without running it: main.ts parses argv with it. */
import { existsSync, readFileSync } from 'node:fs';
import { Command, type OutputConfiguration } from 'commander';
import { registerAct } from './commands/act.js';
import { registerDemo } from './commands/demo.js';
import { registerDesktop } from './commands/desktop.js';
import { registerOffice } from './commands/office.js';
import { registerRun } from './commands/run.js';
import { registerServe } from './commands/serve.js';
import { registerSnapshot } from './commands/snapshot.js';
import { registerTrajectory } from './commands/trajectory.js';
import { registerWindows } from './commands/windows.js';

/** The package's package.json: three levels up from dist/lib/cli/ (the binary), two from lib/cli/ (the source, in tests). */
function packageJson(): URL {
  const built = new URL('../../../package.json', import.meta.url);
  return existsSync(built) ? built : new URL('../../package.json', import.meta.url);
}

export interface ProgramOptions {
  /** Where commander writes help (stdout) and usage errors (stderr); default the process's streams. */
  output?: Pick<OutputConfiguration, 'writeOut' | 'writeErr'>;
  /** How a usage error or --help ends the process; default process.exit. */
  exit?: (code: number) => never;
}

/**
 * The program with every command registered. Usage errors are bad input: exit 2 with
 * `lamb: INVALID_ARGUMENT: <what commander found>` on stderr, the same "CODE: message" line the commands
 * write, then the command's help (docs/CONTRACT.md). --help and --version print on stdout and exit 0.
 * Subcommands inherit the output and exit settings: commander copies them when a command is added, so they
 * are set before any command is registered.
 */
export function createProgram(options: ProgramOptions = {}): Command {
  const pkg = JSON.parse(readFileSync(packageJson(), 'utf8')) as { version: string };
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const program = new Command()
    .name('lamb')
    .description('lam-bridge: read desktop UIs fast and act on them, for action-taking AI models')
    .version(pkg.version)
    .showHelpAfterError()
    .configureOutput({
      ...options.output,
      outputError: (text, write) => write(`lamb: INVALID_ARGUMENT: ${text.replace(/^error: /, '')}`),
    })
    .exitOverride((err) => {
      // A group (lamb, lamb desktop, lamb trajectory) given no command prints its help on stderr and lands here.
      if (err.code === 'commander.help' && err.exitCode !== 0)
        program.configureOutput().writeErr!('lamb: INVALID_ARGUMENT: a command is needed: see the commands above\n');
      return exit(err.exitCode === 0 ? 0 : 2);
    });

  registerWindows(program);
  registerSnapshot(program);
  registerAct(program);
  registerDemo(program);
  registerDesktop(program);
  registerOffice(program);
  registerServe(program);
  registerRun(program);
  registerTrajectory(program);
  return program;
}
