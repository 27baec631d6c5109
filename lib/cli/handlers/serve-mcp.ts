import { LambError } from '../../model/errors.js';
import { runCommand } from '../output.js';
import type { ServeFlags } from './serve-flags.js';

/** Placeholder until helper "server" merges its MCP handler (this file is theirs; theirs wins on merge). */
export function serveMcpCommand(_flags: ServeFlags): Promise<void> {
  return runCommand(async () => {
    throw new LambError('UNSUPPORTED_PLATFORM', 'serve (lamb): the MCP server is not in this build yet');
  });
}
