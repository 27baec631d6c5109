#!/usr/bin/python3
"""The way a Python agent acts with pyatspi, as a baseline for lam-bridge's verified actions.

Run it with Debian's interpreter, which has gi and pyatspi (a pyenv python3 earlier on PATH does not):

    /usr/bin/python3 bench/baselines/pyatspi_act.py --pid PID [--warmup 5] [--runs 50]

On gtk3-widget-factory it finds, by one visible-only walk outside the timing, the enabled single-line entry
holding "entry" and the first enabled check box (the controls lam-bridge's bench picks, in the same pre-order).
Per action it acts (EditableText.setTextContents, Action.doAction(0)) and re-reads (Text.getText,
getState().contains(CHECKED)) every 10 ms until the change shows, at most 2 s: act+reread is what is timed.
Prints {"entry": {"bus","path","timesMs"}, "checkbox": {...}} on stdout; exit 1 if a change never showed.
"""

import argparse
import json
import sys
import time

import gi

gi.require_version("Atspi", "2.0")
from gi.repository import GLib  # noqa: E402

import pyatspi  # noqa: E402

POLL_S = 0.010
MAX_WAIT_S = 2.0
# Two texts in turn, so that every set really changes the entry; "entry" is put back at the end.
TEXTS = ("lam-bridge bench one", "lam-bridge bench two")


def find_app(pid):
    desktop = pyatspi.Registry.getDesktop(0)
    for i in range(desktop.childCount):
        app = desktop.getChildAtIndex(i)
        if app is not None and app.get_process_id() == pid:
            return app
    return None


def showing_preorder(acc):
    yield acc
    for i in range(acc.childCount):
        try:
            child = acc.getChildAtIndex(i)
            if child is not None and child.getState().contains(pyatspi.STATE_SHOWING):
                yield from showing_preorder(child)
        except GLib.Error:
            continue  # gone mid-walk


def find_controls(app):
    entry = box = None
    for acc in showing_preorder(app):
        role = acc.getRole()
        if role not in (pyatspi.ROLE_TEXT, pyatspi.ROLE_ENTRY, pyatspi.ROLE_CHECK_BOX):
            continue
        state = acc.getState()
        if not state.contains(pyatspi.STATE_ENABLED):
            continue
        if role == pyatspi.ROLE_CHECK_BOX:
            box = box or acc
        elif entry is None and state.contains(pyatspi.STATE_SINGLE_LINE) and read_text(acc) == "entry":
            entry = acc
        if entry and box:
            break
    return entry, box


def read_text(acc):
    text = acc.queryText()
    return text.getText(0, text.characterCount)


def timed(act, landed):
    t0 = time.perf_counter()
    act()
    while not landed():
        if time.perf_counter() - t0 > MAX_WAIT_S:
            raise TimeoutError(f"the change did not show within {MAX_WAIT_S} s")
        time.sleep(POLL_S)
    return (time.perf_counter() - t0) * 1000.0


def set_text(acc, text):
    return timed(lambda: acc.queryEditableText().setTextContents(text), lambda: read_text(acc) == text)


def toggle(acc):
    was = acc.getState().contains(pyatspi.STATE_CHECKED)
    return timed(lambda: acc.queryAction().doAction(0), lambda: acc.getState().contains(pyatspi.STATE_CHECKED) != was)


def where(acc):
    return {"bus": acc.app.bus_name, "path": acc.path}


def main(argv):
    parser = argparse.ArgumentParser(description="pyatspi act + re-read on gtk3-widget-factory.")
    parser.add_argument("--pid", type=int, required=True)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args(argv)

    app = find_app(args.pid)
    if app is None:
        print(f"pyatspi_act: no application with pid {args.pid} on the desktop", file=sys.stderr)
        return 2
    entry, box = find_controls(app)
    if entry is None or box is None:
        print("pyatspi_act: the 'entry' entry or an enabled check box is not showing", file=sys.stderr)
        return 2

    was_checked = box.getState().contains(pyatspi.STATE_CHECKED)
    try:
        entry_times = [set_text(entry, TEXTS[i % 2]) for i in range(args.warmup + args.runs)][args.warmup:]
        box_times = [toggle(box) for _ in range(args.warmup + args.runs)][args.warmup:]
    except TimeoutError as err:
        print(f"pyatspi_act: {err}", file=sys.stderr)
        return 1
    finally:
        entry.queryEditableText().setTextContents("entry")
        if box.getState().contains(pyatspi.STATE_CHECKED) != was_checked:
            box.queryAction().doAction(0)

    out = {
        "entry": {**where(entry), "timesMs": [round(t, 3) for t in entry_times]},
        "checkbox": {**where(box), "timesMs": [round(t, 3) for t in box_times]},
    }
    sys.stdout.write(json.dumps(out) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
