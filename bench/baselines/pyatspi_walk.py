#!/usr/bin/python3
"""The classic pyatspi walk a Python agent does, as a baseline for lam-bridge's native snapshot.

Run it with Debian's interpreter, which has gi and pyatspi (a pyenv python3 earlier on PATH does not):

    /usr/bin/python3 bench/baselines/pyatspi_walk.py --app NAME [--runs N] [--extents showing|none] [--visible-only]

Same arguments and the same JSON on stdout as bench/baselines/atspi-walk.c:
    {"runs":N,"medianMs":..,"timesMs":[..],"nodes":[{"bus","path","parent","role","name","childCount","showing"}]}
nodes from the last run, pre-order, the application root first. Diagnostics go to stderr.
Exit codes: 0 ok, 2 usage error or app not found, 1 anything else.

Per node it makes the calls such an agent makes and no others: getRoleName(), name, getState(), childCount,
getChildAtIndex() for each child, and queryComponent().getExtents() for SHOWING nodes. pyatspi never starts
libatspi's event loop unless Registry.start() is called, so each of these is a D-Bus round trip, like the C walk.

The JSON needs the role as an integer, but asking getRole() as well would add a round trip no real agent
makes. getRoleName() is atspi_role_get_name(GetRole) for every known role, so the name maps back to the number
locally; only EXTENDED or unknown roles (whose name the app itself supplies) cost an extra getRole().

bus + path identify a node exactly as in the C walk: they are the public AtspiObject fields `app.bus_name` and
`path`, which PyGObject exposes on Atspi.Accessible.
"""

import argparse
import json
import statistics
import sys
import time

import gi

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi, GLib  # noqa: E402

import pyatspi  # noqa: E402

# Guards against a broken app that reports a cycle or an endless tree: a baseline must terminate.
MAX_DEPTH = 512
MAX_NODES = 200000

# Every name libatspi can produce for a known role; Role.LAST_DEFINED is a sentinel, not a role.
ROLE_BY_NAME = {}
for _value in range(int(Atspi.Role.LAST_DEFINED)):
    _name = Atspi.role_get_name(Atspi.Role(_value))
    if _name is not None:
        ROLE_BY_NAME.setdefault(_name, _value)


def warn(what, err):
    # Elements vanish mid-walk in a live app; a baseline records what it could read and moves on.
    print(f"pyatspi_walk: {what}: {err}", file=sys.stderr)


def bus_and_path(acc):
    app = acc.app
    return (app.bus_name if app is not None and app.bus_name else ""), (acc.path or "")


def is_showing(acc):
    try:
        return acc.getState().contains(pyatspi.STATE_SHOWING)
    except GLib.Error as err:
        warn("getState", err)
        return False


class Walk:
    def __init__(self, extents_showing, visible_only):
        self.extents_showing = extents_showing
        self.visible_only = visible_only
        self.nodes = []
        self.hit_limit = False

    def read_node(self, acc, parent, showing):
        bus, path = bus_and_path(acc)
        role = 0
        try:
            role_name = acc.getRoleName()
            role = ROLE_BY_NAME.get(role_name)
            if role is None:
                role = int(acc.getRole())
        except GLib.Error as err:
            warn("getRoleName", err)
            role = 0
        try:
            name = acc.name or ""
        except GLib.Error as err:
            warn("name", err)
            name = ""
        if self.extents_showing and showing:
            try:
                acc.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
            except NotImplementedError:
                pass  # no Component: nothing to ask, exactly like the C walk
            except GLib.Error as err:
                warn("getExtents", err)
        try:
            child_count = acc.childCount
        except GLib.Error as err:
            warn("childCount", err)
            child_count = -1
        self.nodes.append(
            {"bus": bus, "path": path, "parent": parent, "role": role, "name": name,
             "childCount": child_count, "showing": bool(showing)}
        )
        return len(self.nodes) - 1, child_count

    def walk(self, acc, parent, showing, depth):
        if len(self.nodes) >= MAX_NODES:
            self.hit_limit = True
            return
        index, count = self.read_node(acc, parent, showing)
        if depth >= MAX_DEPTH:
            return
        for i in range(count):
            try:
                child = acc.getChildAtIndex(i)
            except GLib.Error as err:
                warn("getChildAtIndex", err)
                continue
            if child is None:
                continue
            child_showing = is_showing(child)
            if not self.visible_only or child_showing:
                self.walk(child, index, child_showing, depth + 1)


def find_app(wanted):
    desktop = pyatspi.Registry.getDesktop(0)
    wanted_fold = wanted.casefold()
    running = []
    for i in range(desktop.childCount):
        try:
            app = desktop.getChildAtIndex(i)
            name = (app.name if app is not None else "") or ""
        except GLib.Error as err:
            warn("desktop child", err)
            continue
        running.append(name)
        if name.casefold() == wanted_fold:
            return app
    print(f"pyatspi_walk: no application named '{wanted}' on the desktop (running: {', '.join(running)})",
          file=sys.stderr)
    return None


def main(argv):
    parser = argparse.ArgumentParser(description="Plain pyatspi walk of one application's accessible tree.")
    parser.add_argument("--app", required=True)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--extents", choices=("showing", "none"), default="showing")
    parser.add_argument("--visible-only", action="store_true")
    args = parser.parse_args(argv)  # exits 2 on bad usage, like the C walk
    if not args.app or args.runs < 1 or args.runs > 100000:
        parser.print_usage(sys.stderr)
        return 2

    # Recursion follows the tree depth, which MAX_DEPTH bounds.
    sys.setrecursionlimit(max(sys.getrecursionlimit(), MAX_DEPTH * 4 + 100))
    app = find_app(args.app)
    if app is None:
        return 2

    times = []
    walk = None
    for _ in range(args.runs):
        walk = Walk(args.extents == "showing", args.visible_only)
        t0 = time.perf_counter()
        # The app root is always output, SHOWING or not (application objects usually are not).
        walk.walk(app, -1, is_showing(app), 0)
        times.append((time.perf_counter() - t0) * 1000.0)
    if walk.hit_limit:
        print(f"pyatspi_walk: stopped at {MAX_NODES} nodes", file=sys.stderr)

    out = {
        "runs": args.runs,
        "medianMs": round(statistics.median(times), 3),
        "timesMs": [round(t, 3) for t in times],
        "nodes": walk.nodes,
    }
    sys.stdout.write(json.dumps(out, ensure_ascii=False, separators=(",", ":")) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
