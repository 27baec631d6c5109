import { writeFileSync } from 'node:fs';
import { exportTrajectory, trainingJsonLines } from '../../agent/trajectory-export.js';
import { readTrajectory } from '../../agent/trajectory.js';
import { LambError } from '../../model/index.js';
import { printResult, progress, runCommand } from '../output.js';

/** `lamb trajectory export FILE [--out FILE]`: JSON lines on stdout (or to --out), a count on stderr. */
export function trajectoryExport(file: string, flags: { out?: string }): Promise<void> {
  return runCommand(async () => {
    const trajectory = readTrajectory(file);
    const records = exportTrajectory(trajectory);
    const text = trainingJsonLines(records);
    if (flags.out) {
      try {
        writeFileSync(flags.out, text);
      } catch (error) {
        throw new LambError('INVALID_ARGUMENT', `trajectory export (lamb): cannot write ${flags.out}: ${(error as Error).message}`);
      }
    } else printResult(text);
    progress(`exported 1 task-plan pair and ${records.length - 1} step records from ${trajectory.steps.length} steps (${trajectory.end?.outcome ?? 'incomplete'})${flags.out ? ` to ${flags.out}` : ''}`);
    return 0;
  });
}
