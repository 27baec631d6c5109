#!/usr/bin/python3
"""Compares two OSWorld accessibility XML files element by element (applications matched by name, since
OSWorld's application order is not deterministic): tag, attributes, text, children in order.

    /usr/bin/python3 test/helpers/osworld_compare.py A.xml B.xml [--max N]

Prints {"elements": [a, b], "apps": [[...], [...]], "differences": N, "first": [...]} on stdout.
"""

import json
import sys

import lxml.etree


def path_of(e):
    parts = []
    while e is not None:
        parts.append(f"{e.tag.split('}')[-1]}[{e.get('name', '')}]")
        e = e.getparent()
    return "/".join(reversed(parts))


def compare(a, b, out):
    if a.tag != b.tag:
        out.append({"at": path_of(a), "what": "tag", "a": a.tag, "b": b.tag})
        return
    if dict(a.attrib) != dict(b.attrib):
        keys = sorted(set(a.attrib) | set(b.attrib))
        diff = {k: [a.get(k), b.get(k)] for k in keys if a.get(k) != b.get(k)}
        out.append({"at": path_of(a), "what": "attributes", "diff": diff})
    if (a.text or "") != (b.text or ""):
        out.append({"at": path_of(a), "what": "text", "a": (a.text or "")[:200], "b": (b.text or "")[:200]})
    ca, cb = list(a), list(b)
    if len(ca) != len(cb):
        out.append({"at": path_of(a), "what": "children", "a": [f"{c.tag}[{c.get('name')}]" for c in ca][:40],
                    "b": [f"{c.tag}[{c.get('name')}]" for c in cb][:40]})
    for x, y in zip(ca, cb):
        compare(x, y, out)


def main():
    a = lxml.etree.parse(sys.argv[1]).getroot()
    b = lxml.etree.parse(sys.argv[2]).getroot()
    limit = int(sys.argv[sys.argv.index("--max") + 1]) if "--max" in sys.argv else 20
    out = []
    if a.tag != b.tag or dict(a.attrib) != dict(b.attrib) or a.nsmap != b.nsmap:
        out.append({"at": "root", "what": "root", "a": [a.tag, a.nsmap], "b": [b.tag, b.nsmap]})
    apps_b = {app.get("name"): app for app in b}
    for app in a:
        other = apps_b.get(app.get("name"))
        if other is None:
            out.append({"at": path_of(app), "what": "missing in b"})
        else:
            compare(app, other, out)
    for name in set(apps_b) - {app.get("name") for app in a}:
        out.append({"at": name, "what": "missing in a"})
    print(json.dumps({"elements": [sum(1 for _ in a.iter()), sum(1 for _ in b.iter())],
                      "apps": [[x.get("name") for x in a], [x.get("name") for x in b]],
                      "differences": len(out), "first": out[:limit]}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
