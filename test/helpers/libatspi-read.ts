/**
 * Reads an application through libatspi in a separate process (test/fixtures/libatspi-texts.py, Debian's
 * /usr/bin/python3 with gir1.2-atspi-2.0): the independent read-back an intent's effect is checked against,
 * so that an effect lam-bridge reports is also one another AT-SPI client sees.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const SCRIPT = join(import.meta.dirname, '..', 'fixtures', 'libatspi-texts.py');

export interface LibatspiNode {
  role: string;
  name: string;
  /** The Text interface's content, null without one. */
  text: string | null;
}

export function libatspiTexts(pid: number): LibatspiNode[] {
  const out = execFileSync('/usr/bin/python3', [SCRIPT, String(pid)], { encoding: 'utf8', env: process.env, timeout: 60_000 });
  const parsed = JSON.parse(out) as LibatspiNode[] | { error: string };
  if (!Array.isArray(parsed)) throw new Error(`libatspi read: ${parsed.error}`);
  return parsed;
}
