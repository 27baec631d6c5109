/** Process facts read from /proc, independently of lib/session's own bookkeeping. */
import { readFileSync } from 'node:fs';

/** Alive and not a zombie (kill(pid, 0) alone would call an unreaped zombie alive). */
export function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}
