import { Desktop } from '../../desktop/desktop.js';
import { LambError, type ActionResult } from '../../model/index.js';
import { numberFlag, printResult, progress, runCommand } from '../output.js';
import { targetFromFlags, type TargetFlags } from '../target-flags.js';

export interface ActFlags extends TargetFlags {
  verify: boolean;
  timeout?: string;
  settle?: string;
}

/** docs/CONTRACT.md exit codes: 0 verified, 3 ran but not observed, 1 failed, 2 bad input. */
function exitCode(results: ActionResult[], verify: boolean): number {
  const failed = results.find((r) => r.verdict === 'failed');
  if (failed) return failed.error?.code === 'INVALID_ARGUMENT' ? 2 : 1;
  return verify && results.some((r) => r.verdict === 'unverified') ? 3 : 0;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    // Not strict JSON: hand the text over as it is; the action parser finds JSON inside prose and fences.
    void error;
    return text;
  }
}

/** `lamb act`: parse the action, run it, print the evidence. */
export function actCommand(actionText: string, flags: ActFlags): Promise<void> {
  return runCommand(
    async () => {
      const desk = await Desktop.open();
      const input = parseJson(actionText);
      const results = await desk.actAll(input, {
        ...targetFromFlags(flags),
        verify: flags.verify,
        timeoutMs: numberFlag(flags.timeout)!,
        settleMs: numberFlag(flags.settle)!,
      });
      if (results.length === 0) throw new LambError('INVALID_ARGUMENT', 'act (lamb): no action to run');
      for (const r of results)
        progress(`${r.function} ${r.target ? `${r.target.role} '${r.target.name}' ` : ''}→ ${r.verdict} via ${r.method} in ${r.durationMs} ms${r.warning ? ` (${r.warning})` : ''}${r.error ? `: ${r.error.code}: ${r.error.message}` : ''}`);
      printResult(JSON.stringify(results.length === 1 ? results[0] : results, null, 2));
      await desk.close();
      return exitCode(results, flags.verify);
    },
    { json: true },
  );
}
