import { writeFile } from 'node:fs/promises';
import { LambError } from '../../model/index.js';
import { OBSERVE_FORMATS, type ObserveFormat } from '../../observe/observe.js';
import { EXTENDED_FACT_FORMATS } from '../../observe/observe-formats.js';
import { Desktop } from '../../desktop/desktop.js';
import { numberFlag, printResult, progress, runCommand } from '../output.js';
import { targetFromFlags, type TargetFlags } from '../target-flags.js';

export interface SnapshotFlags extends TargetFlags {
  format: string;
  visibleOnly?: boolean;
  maxNodes?: string;
  maxDepth?: string;
  maxChildren?: string;
  maxTokens?: string;
  timeout?: string;
  screenshot?: string;
  annotate?: boolean;
  mark?: string;
}

/** `lamb snapshot`: capture, print JSON or an observation, optionally write a screenshot. */
export function snapshotCommand(flags: SnapshotFlags): Promise<void> {
  return runCommand(
    async () => {
      if (!(OBSERVE_FORMATS as readonly string[]).includes(flags.format))
        throw new LambError(
          'INVALID_ARGUMENT',
          `snapshot (lamb): unknown format '${flags.format}'; use one of ${OBSERVE_FORMATS.join(', ')}`,
        );
      if (flags.screenshot === undefined && (flags.annotate || flags.mark !== undefined))
        throw new LambError('INVALID_ARGUMENT', 'snapshot (lamb): --annotate and --mark need --screenshot <file>');
      if (flags.screenshot === '')
        throw new LambError('INVALID_ARGUMENT', 'snapshot (lamb): --screenshot needs a file name');
      const desk = await Desktop.open();
      const snap = await desk.snapshot({
        ...targetFromFlags(flags),
        visibleOnly: flags.visibleOnly === true,
        ...(flags.maxNodes === undefined ? {} : { maxNodes: numberFlag(flags.maxNodes)! }),
        ...(flags.maxDepth === undefined ? {} : { maxDepth: numberFlag(flags.maxDepth)! }),
        ...(flags.maxChildren === undefined ? {} : { maxChildren: numberFlag(flags.maxChildren)! }),
        // The OSWorld formats are made of facts other formats do without (SnapshotOptions.extendedFacts).
        ...((EXTENDED_FACT_FORMATS as readonly string[]).includes(flags.format) ? { extendedFacts: true } : {}),
        timeoutMs: numberFlag(flags.timeout)!,
      });
      const d = snap.data;
      progress(
        `${d.nodes.length} nodes from ${d.app.name} (pid ${d.app.pid ?? '?'}) in ${d.durationMs} ms` +
          (d.truncated ? ', truncated' : '') +
          (d.incomplete ? ', incomplete (elements vanished while reading)' : ''),
      );
      // ufo and ufo-v2 labels are kept on disk, so that a later `lamb act` can use them as ids.
      let maxTokens: number | undefined;
      if (flags.maxTokens !== undefined) {
        maxTokens = numberFlag(flags.maxTokens)!;
        if (!Number.isInteger(maxTokens) || maxTokens < 1 || maxTokens > 10_000_000)
          throw new LambError('INVALID_ARGUMENT', `snapshot (lamb): --max-tokens must be a whole number from 1, got '${flags.maxTokens}'`);
      }
      const observation =
        flags.format === 'json' && maxTokens === undefined
          ? undefined
          : snap.observe(flags.format as ObserveFormat, maxTokens === undefined ? {} : { maxTokens });
      if (observation && maxTokens !== undefined) progress(`${observation.tokens} tokens (budget ${maxTokens})`);
      if (flags.screenshot !== undefined) {
        // Before printing: a failure must leave stdout with one document (the error), not two.
        const labelled = observation?.labels !== undefined && (flags.format === 'ufo' || flags.format === 'ufo-v2');
        const shot = await desk.screenshot({
          snapshot: snap,
          annotate: flags.annotate === true,
          // The numbers drawn are the ones printed; other formats get the ufo-v2 labels (kept for act too).
          ...(labelled && flags.annotate ? { labels: observation.labels, format: flags.format as 'ufo' | 'ufo-v2' } : {}),
          ...(flags.mark === undefined ? {} : { mark: flags.mark }),
          timeoutMs: numberFlag(flags.timeout)!,
        });
        await writeFile(flags.screenshot, shot.png);
        const t = shot.timings;
        progress(
          `screenshot ${shot.width}x${shot.height} at ${shot.x},${shot.y}` +
            (shot.labels ? `, ${Object.keys(shot.labels.labels).length} labels` : '') +
            (shot.marked === undefined ? '' : shot.marked ? ', marked' : ', mark not found') +
            ` written to ${flags.screenshot} (${shot.png.length} bytes; capture ${t.captureMs} ms, annotate ${t.annotateMs} ms, encode ${t.encodeMs} ms)`,
        );
      }
      printResult(observation ? observation.text : JSON.stringify(d));
      await desk.close();
    },
    { json: flags.format === 'json' },
  );
}
