#!/usr/bin/env node
/** The `lamb` command: docs/CONTRACT.md "CLI". Machine output on stdout, progress on stderr. */
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { registerAct } from './commands/act.js';
import { registerDemo } from './commands/demo.js';
import { registerDesktop } from './commands/desktop.js';
import { registerOffice } from './commands/office.js';
import { registerRun } from './commands/run.js';
import { registerServe } from './commands/serve.js';
import { registerSnapshot } from './commands/snapshot.js';
import { registerTrajectory } from './commands/trajectory.js';
import { registerWindows } from './commands/windows.js';

const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };

const program = new Command()
  .name('lamb')
  .description('lam-bridge: read desktop UIs fast and act on them, for action-taking AI models')
  .version(pkg.version)
  .showHelpAfterError()
  .exitOverride((err) => {
    // Usage errors are bad input: exit 2 (docs/CONTRACT.md). Help and version exit 0.
    process.exit(err.exitCode === 0 ? 0 : 2);
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

await program.parseAsync(process.argv);
