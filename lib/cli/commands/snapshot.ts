import type { Command } from 'commander';
import type { SnapshotFlags } from '../handlers/snapshot.js';
import { OBSERVE_FORMATS } from '../../observe/observe-formats.js';
import { addTargetFlags } from '../target-flags.js';

export function registerSnapshot(program: Command): void {
  addTargetFlags(
    program
      .command('snapshot')
      .description('capture the control tree of an app, a window or a subtree (default: the focused window)'),
  )
    .option('--format <format>', `output format: ${OBSERVE_FORMATS.join('|')}`, 'json')
    .option('--visible-only', 'only showing controls')
    .option('--max-nodes <n>', 'stop after this many nodes (the result says truncated)')
    .option('--max-depth <n>', 'do not descend below this depth (root = 0)')
    .option('--max-children <n>', 'list containers with more children than this without them (default 5000)')
    .option('--max-tokens <n>', 'observation formats: fit the text in this many tokens (long lists are summarized)')
    .option('--timeout <ms>', 'budget for the whole snapshot; a frozen app gives TIMEOUT', '2000')
    .option('--screenshot <file>', "also write a PNG of the snapshot's window (or app) to this file")
    .option('--annotate', 'with --screenshot: draw the set-of-mark labels (the numbers of the ufo-v2/ufo control list)')
    .option('--mark <ref>', 'with --screenshot: box this element (the last acted-on control) in red')
    // The implementation (the library, zod, the addon, sharp) loads only when the command runs, not for --help.
    .action(async (flags: SnapshotFlags) => (await import('../handlers/snapshot.js')).snapshotCommand(flags));
}
