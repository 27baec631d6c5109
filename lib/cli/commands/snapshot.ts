import type { Command } from 'commander';
import { LambError } from '../../model/index.js';
import { OBSERVE_FORMATS, type ObserveFormat } from '../../observe/observe.js';
import { Desktop } from '../../desktop/desktop.js';
import { numberFlag, printResult, progress, runCommand } from '../output.js';
import { addTargetFlags, targetFromFlags, type TargetFlags } from '../target-flags.js';

interface SnapshotFlags extends TargetFlags {
  format: string;
  visibleOnly?: boolean;
  maxNodes?: string;
  maxDepth?: string;
  timeout?: string;
}

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
    .option('--timeout <ms>', 'budget for the whole snapshot; a frozen app gives TIMEOUT', '2000')
    .action((flags: SnapshotFlags) =>
      runCommand(
        async () => {
          if (!(OBSERVE_FORMATS as readonly string[]).includes(flags.format))
            throw new LambError(
              'INVALID_ARGUMENT',
              `snapshot (lamb): unknown format '${flags.format}'; use one of ${OBSERVE_FORMATS.join(', ')}`,
            );
          const desk = await Desktop.open();
          const snap = await desk.snapshot({
            ...targetFromFlags(flags),
            visibleOnly: flags.visibleOnly === true,
            ...(flags.maxNodes === undefined ? {} : { maxNodes: numberFlag(flags.maxNodes)! }),
            ...(flags.maxDepth === undefined ? {} : { maxDepth: numberFlag(flags.maxDepth)! }),
            timeoutMs: numberFlag(flags.timeout)!,
          });
          const d = snap.data;
          progress(
            `${d.nodes.length} nodes from ${d.app.name} (pid ${d.app.pid ?? '?'}) in ${d.durationMs} ms` +
              (d.truncated ? ', truncated' : '') +
              (d.incomplete ? ', incomplete (elements vanished while reading)' : ''),
          );
          if (flags.format === 'json') printResult(JSON.stringify(d));
          // ufo and ufo-v2 labels are kept on disk, so that a later `lamb act` can use them as ids.
          else printResult(snap.observe(flags.format as ObserveFormat).text);
          await desk.close();
        },
        { json: flags.format === 'json' },
      ),
    );
}
