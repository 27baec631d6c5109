/**
 * Reads through libatspi itself (gi Atspi under Debian's /usr/bin/python3, in a separate process), not through
 * lam-bridge's D-Bus code: the independent read-back an intent's effect is checked against, so that an effect
 * lam-bridge reports is also one another AT-SPI client sees. libatspiRead: one element by its ref;
 * libatspiTexts: every element of an app with its text.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const READ_SCRIPT = join(import.meta.dirname, 'libatspi_read.py');

export interface LibatspiReading {
  found: boolean;
  role?: string;
  name?: string;
  /** libatspi's state nicks: "checked", "showing", "editable", ... */
  states?: string[];
  /** Text.GetText of the whole text, when the object has the Text interface. */
  text?: string | null;
  value?: number | null;
}

/** The object behind a lam-bridge AT-SPI ref ("1.6:/org/gtk/..." or "1.6:123", native/linux/atspi_ref.h). */
export function libatspiRead(appName: string, ref: string): LibatspiReading {
  const colon = ref.indexOf(':');
  const bus = `:${ref.slice(0, colon)}`;
  const rest = ref.slice(colon + 1);
  const path = rest.startsWith('/') ? rest : `/org/a11y/atspi/accessible/${rest}`;
  const out = execFileSync('/usr/bin/python3', [READ_SCRIPT, '--app', appName, '--bus', bus, '--path', path], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return JSON.parse(out) as LibatspiReading;
}

const TEXTS_SCRIPT = join(import.meta.dirname, '..', 'fixtures', 'libatspi-texts.py');

export interface LibatspiNode {
  role: string;
  name: string;
  /** The Text interface's content, null without one. */
  text: string | null;
}

export function libatspiTexts(pid: number): LibatspiNode[] {
  const out = execFileSync('/usr/bin/python3', [TEXTS_SCRIPT, String(pid)], { encoding: 'utf8', env: process.env, timeout: 60_000 });
  const parsed = JSON.parse(out) as LibatspiNode[] | { error: string };
  if (!Array.isArray(parsed)) throw new Error(`libatspi read: ${parsed.error}`);
  return parsed;
}
