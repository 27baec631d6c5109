#!/usr/bin/python3
"""An OSWorld-style accessibility tree walker, rewritten from the format notes (docs/OSWORLD_FORMAT.md),
not from OSWorld's code: the independent reference lam-bridge's osworld-xml is compared with, and the
baseline its speed is measured against.

Run it with Debian's interpreter, which has gi, pyatspi and lxml (python3-pyatspi, python3-lxml):

    /usr/bin/python3 bench/baselines/osworld_walk.py [--app NAME]... [--pid PID]... [--runs N] [--out FILE]

Walks every application on the desktop (or only those named), one after the other, and builds the XML as
the notes describe OSWorld's /accessibility endpoint building it: pyatspi calls one at a time, lxml
elements with the 8 namespaces. Writes the XML of the last run to --out (default stdout, then no JSON) and
prints {"runs", "medianMs", "timesMs", "elements", "errors"} on stdout (errors: child loops an exception
cut short in the last run, each losing the rest of its children, as in OSWorld). Diagnostics go to stderr.

Differences from OSWorld that do not change the XML: applications are walked in turn, not in threads (so
in a fixed order); LibreOffice's version (Calc's column count) is asked once at start, not per request,
and that `libreoffice --version` run (150-200 ms in OSWorld's requests) is not timed.
"""

import argparse
import json
import statistics
import subprocess
import sys
import time

import gi

gi.require_version("Atspi", "2.0")
from gi.repository import GLib  # noqa: E402

import lxml.etree  # noqa: E402
import pyatspi  # noqa: E402
from pyatspi import StateType  # noqa: E402

BASE = "https://accessibility.ubuntu.example.org"
NS = {
    "st": BASE + "/ns/state",
    "attr": BASE + "/ns/attributes",
    "cp": BASE + "/ns/component",
    "doc": BASE + "/ns/document",
    "docattr": BASE + "/ns/document/attributes",
    "txt": BASE + "/ns/text",
    "val": BASE + "/ns/value",
    "act": BASE + "/ns/action",
}
MAX_DEPTH = 50
MAX_WIDTH = 1024
CALC_SEARCH = 500  # rows, and columns in each, searched for the first showing cell


def warn(what, err):
    print(f"osworld_walk: {what}: {err}", file=sys.stderr)


def calc_columns():
    # 1024 columns before LibreOffice 7.4, 16384 from it.
    try:
        out = subprocess.run(["soffice", "--version"], capture_output=True, text=True, timeout=30).stdout
        major, minor = (int(x) for x in out.split()[1].split(".")[:2])
        return 16384 if (major, minor) >= (7, 4) else 1024
    except Exception as err:  # noqa: BLE001 - no LibreOffice: no Calc to walk
        warn("soffice --version", err)
        return 16384


class Walker:
    def __init__(self, columns):
        self.columns = columns
        self.elements = 0
        self.errors = 0  # child loops cut short by an exception (OSWorld drops the rest silently)

    def node(self, acc, depth, calc):
        raw_role = acc.getRoleName()
        tag = raw_role.strip().replace(" ", "-") or "unknown"
        calc = calc or raw_role == "document spreadsheet"
        attrs = {"name": acc.name}
        states = acc.getState().get_states()
        for st in states:
            name = StateType._enum_lookup[st].split("_", 1)[1].lower()
            if name:
                attrs["{%s}%s" % (NS["st"], name)] = "true"
        for key, value in acc.get_attributes().items():
            attrs["{%s}%s" % (NS["attr"], key)] = value
        if pyatspi.STATE_VISIBLE in states and pyatspi.STATE_SHOWING in states:
            try:
                comp = acc.queryComponent()
            except NotImplementedError:
                comp = None
            if comp is not None:
                x, y, w, h = comp.getExtents(pyatspi.XY_SCREEN)
                attrs["{%s}screencoord" % NS["cp"]] = str((x, y))
                attrs["{%s}size" % NS["cp"]] = str((w, h))
        for iface, key in ((acc.queryImage, "image"), (acc.querySelection, "selection")):
            try:
                iface()
                attrs[key] = "true"
            except NotImplementedError:
                pass
        try:
            value = acc.queryValue()
        except NotImplementedError:
            value = None
        if value is not None:
            for key, read in (("value", "currentValue"), ("min", "minimumValue"), ("max", "maximumValue"),
                              ("step", "minimumIncrement")):
                try:
                    attrs["{%s}%s" % (NS["val"], key)] = str(getattr(value, read))
                except Exception:  # noqa: BLE001 - "only if it can be read"
                    pass
        try:
            action = acc.queryAction()
        except NotImplementedError:
            action = None
        if action is not None:
            for i in range(action.nActions):
                name = action.getName(i).replace(" ", "-")
                attrs["{%s}%s_desc" % (NS["act"], name)] = action.getDescription(i)
                attrs["{%s}%s_kb" % (NS["act"], name)] = action.getKeyBinding(i)
        text = ""
        try:
            t = acc.queryText()
            text = t.getText(0, t.characterCount).replace("\ufffc", "").replace("\ufffd", "")
        except NotImplementedError:
            pass
        element = lxml.etree.Element(tag, attrib=attrs, nsmap=NS)
        self.elements += 1
        if text:
            element.text = text
        if depth == MAX_DEPTH:
            return element
        if calc and raw_role == "table":
            for cell in self.showing_cells(acc):
                element.append(self.node(cell, depth + 1, calc))
            return element
        try:
            for i, child in enumerate(acc):
                if i == MAX_WIDTH:
                    warn("width", f"more than {MAX_WIDTH} children under {tag}")
                    break
                element.append(self.node(child, depth + 1, calc))
        except Exception as err:  # noqa: BLE001 - the first failure drops this child and its later siblings
            warn("child", err)
            self.errors += 1
        return element

    def showing_cells(self, table):
        def cell(row, col):
            return table.getChildAtIndex(row * self.columns + col)

        def showing(c):
            return c is not None and c.getState().contains(pyatspi.STATE_SHOWING)

        cells = []
        start = None
        row = 0
        while True:
            if start is None:
                if row >= CALC_SEARCH:
                    break
                for col in range(CALC_SEARCH):
                    if showing(cell(row, col)):
                        start = col
                        break
                if start is None:
                    row += 1
                    continue
            col = start
            c = cell(row, col)
            if not showing(c):
                break
            while showing(c):
                cells.append(c)
                col += 1
                c = cell(row, col)
            row += 1
        return cells


def walk(names, columns, pids=()):
    walker = Walker(columns)
    root = lxml.etree.Element("desktop-frame", nsmap=NS)
    desktop = pyatspi.Registry.getDesktop(0)
    for app in desktop:
        if app is None or (names and app.name not in names):
            continue
        if pids and app.get_process_id() not in pids:
            continue
        root.append(walker.node(app, 1, False))
    return lxml.etree.tostring(root, encoding="unicode"), walker.elements, walker.errors


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--app", action="append", default=[], help="walk only this application (repeatable)")
    parser.add_argument("--pid", type=int, action="append", default=[], help="walk only the application of this process")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--out", help="write the XML of the last run here")
    args = parser.parse_args()
    columns = calc_columns()
    times = []
    xml, count, errors = "", 0, 0
    for _ in range(max(1, args.runs)):
        started = time.perf_counter()
        try:
            xml, count, errors = walk(set(args.app), columns, set(args.pid))
        except GLib.Error as err:
            warn("walk", err)
            return 1
        times.append((time.perf_counter() - started) * 1000)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(xml)
        print(json.dumps({"runs": len(times), "medianMs": statistics.median(times), "timesMs": times,
                          "elements": count, "errors": errors}))
    else:
        sys.stdout.write(xml)
    return 0


if __name__ == "__main__":
    sys.exit(main())
