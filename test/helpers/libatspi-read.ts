/**
 * An element read back through libatspi itself (gi Atspi under Debian's /usr/bin/python3), not through
 * lam-bridge's D-Bus code: what an action did is confirmed by a client that shares none of lam-bridge's code.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const SCRIPT = join(import.meta.dirname, 'libatspi_read.py');

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
  const out = execFileSync('/usr/bin/python3', [SCRIPT, '--app', appName, '--bus', bus, '--path', path], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return JSON.parse(out) as LibatspiReading;
}
