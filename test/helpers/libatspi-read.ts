/**
 * Reads through libatspi itself (gi Atspi under Debian's /usr/bin/python3, in a separate process), not through
 * lam-bridge's D-Bus code: the independent read-back an intent's effect is checked against, so that an effect
 * lam-bridge reports is also one another AT-SPI client sees. libatspiRead: one element by its ref;
 * libatspiTexts: every element of an app with its text; libatspiFind: the first element with a role and name.
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

const TEXTS_SCRIPT = join(import.meta.dirname, 'libatspi_texts.py');

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

const FIND_SCRIPT = String.raw`
import json, sys
import gi
gi.require_version('Atspi', '2.0')
from gi.repository import Atspi
pid, role, name = int(sys.argv[1]), sys.argv[2], sys.argv[3]
desktop = Atspi.get_desktop(0)
found = None
def walk(node, depth):
    global found
    if found is not None or depth > 60:
        return
    if node.get_role_name() == role and node.get_name() == name:
        found = node
        return
    for i in range(node.get_child_count()):
        child = node.get_child_at_index(i)
        if child is not None:
            walk(child, depth + 1)
for i in range(desktop.get_child_count()):
    app = desktop.get_child_at_index(i)
    if app is not None and app.get_process_id() == pid:
        walk(app, 0)
if found is None:
    print(json.dumps(None))
else:
    text = None
    if found.get_text_iface() is not None:
        text = Atspi.Text.get_text(found, 0, Atspi.Text.get_character_count(found))
    states = [s.value_nick for s in found.get_state_set().get_states()]
    print(json.dumps({'name': found.get_name(), 'text': text, 'states': states}))
`;

export interface LibatspiFound {
  name: string;
  /** The Text interface's content, or null without one. */
  text: string | null;
  /** libatspi's state nicks ('checked', 'editable', ...). */
  states: string[];
}

/** The first node of app `pid` with this AT-SPI role name ('entry', 'status bar') and name, or null. */
export function libatspiFind(pid: number, role: string, name: string): LibatspiFound | null {
  const out = execFileSync('/usr/bin/python3', ['-c', FIND_SCRIPT, String(pid), role, name], {
    encoding: 'utf8',
    env: process.env,
    timeout: 30_000,
  });
  return JSON.parse(out) as LibatspiFound | null;
}
