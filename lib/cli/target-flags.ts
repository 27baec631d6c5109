import type { Command } from 'commander';
import { numberFlag } from './number-flag.js';

export interface TargetFlags {
  app?: string;
  pid?: string;
  window?: string;
  ref?: string;
}

/** docs/CONTRACT.md "Target selection", the same flags on every command that works on a target. */
export function addTargetFlags(command: Command): Command {
  return command
    .option('--app <name>', 'application name (case-insensitive; exact match preferred over substring)')
    .option('--pid <pid>', 'application process id')
    .option('--window <title>', 'substring of a top-level window title')
    .option('--ref <ref>', 'an element ref: the subtree below it');
}

export function targetFromFlags(flags: TargetFlags): { app?: string; pid?: number; window?: string; ref?: string } {
  return {
    ...(flags.app === undefined ? {} : { app: flags.app }),
    ...(flags.pid === undefined ? {} : { pid: numberFlag(flags.pid)! }),
    ...(flags.window === undefined ? {} : { window: flags.window }),
    ...(flags.ref === undefined ? {} : { ref: flags.ref }),
  };
}
