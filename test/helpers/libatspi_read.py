#!/usr/bin/python3
"""Reads one accessible object through libatspi (gi Atspi), independently of lam-bridge's own D-Bus code.

    /usr/bin/python3 test/helpers/libatspi_read.py --app NAME --bus :1.6 --path /org/...

Prints {"found":bool,"role":str,"name":str,"states":[..],"text":str|null,"value":float|null} on stdout.
The object is found by walking the app with ChildCount and GetChildAtIndex, as libatspi clients do: libatspi
has no public way to make an object from a bus name and path.
"""

import argparse
import json
import sys

import gi

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi  # noqa: E402


def bus_of(acc):
    # AtspiObject's public app.bus_name, as bench/baselines/pyatspi_walk.py reads it.
    return acc.app.bus_name if acc.app is not None else ""


def find(acc, bus, path, depth=0):
    if acc.path == path and bus_of(acc) == bus:
        return acc
    if depth > 256:
        return None
    for i in range(acc.get_child_count()):
        child = acc.get_child_at_index(i)
        if child is not None:
            hit = find(child, bus, path, depth + 1)
            if hit is not None:
                return hit
    return None


def main(argv):
    parser = argparse.ArgumentParser()
    parser.add_argument("--app", required=True)
    parser.add_argument("--bus", required=True)
    parser.add_argument("--path", required=True)
    args = parser.parse_args(argv)
    desktop = Atspi.get_desktop(0)
    apps = [desktop.get_child_at_index(i) for i in range(desktop.get_child_count())]
    apps = [a for a in apps if a is not None and a.get_name() == args.app and bus_of(a) == args.bus]
    acc = find(apps[0], args.bus, args.path) if apps else None
    if acc is None:
        print(json.dumps({"found": False}))
        return 0
    states = [Atspi.StateType(s).value_nick for s in acc.get_state_set().get_states()]
    text = None
    iface = acc.get_text_iface() if "Text" in acc.get_interfaces() else None
    if iface is not None:
        text = iface.get_text(0, iface.get_character_count())
    value = None
    if "Value" in acc.get_interfaces():
        value = acc.get_value_iface().get_current_value()
    out = {"found": True, "role": acc.get_role_name(), "name": acc.get_name(), "states": states,
           "text": text, "value": value}
    sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
