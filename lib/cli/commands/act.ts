import type { Command } from 'commander';
import type { ActFlags } from '../handlers/act.js';
import { addTargetFlags } from '../target-flags.js';

export function registerAct(program: Command): void {
  addTargetFlags(
    program
      .command('act')
      .description("run an action (the bridge's own shape, UFO's newest or UFO v1/v2) and verify its effect")
      .argument('<action>', "action JSON, e.g. '{\"function\":\"set_edit_text\",\"args\":{\"id\":\"12\",\"text\":\"hi\"}}'"),
  )
    .option('--no-verify', 'do not check the effect (exit 0 when it ran)')
    .option('--timeout <ms>', 'budget for each action', '2000')
    .option('--settle <ms>', 'how long an effect may take to show before the verdict is unverified', '500')
    // The implementation (the library, zod, the addon) loads only when the command runs, not for --help.
    .action(async (actionText: string, flags: ActFlags) => (await import('../handlers/act.js')).actCommand(actionText, flags));
}
