import type { Command } from 'commander';

/** `lamb trajectory export`: a `lamb run` trajectory → LAM-style training records (lib/agent/trajectory-export.ts). */
export function registerTrajectory(program: Command): void {
  const trajectory = program.command('trajectory').description('work with the trajectories `lamb run --trajectory` writes');
  trajectory
    .command('export')
    .description('convert a trajectory to LAM-style training data: a task-plan pair and one record per step, JSON lines')
    .argument('<file>', 'the trajectory (JSON lines)')
    .option('--out <file>', 'write the records here instead of stdout')
    .action(async (file: string, flags: { out?: string }) => (await import('../handlers/trajectory.js')).trajectoryExport(file, flags));
}
