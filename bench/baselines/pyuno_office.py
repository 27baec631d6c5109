#!/usr/bin/python3
"""The PyUNO baseline of bench/office.bench.ts: the same two Office actions, done the way a Python LAM stack on
Linux does them (python3-uno, Debian's PyUNO), in the same soffice the bridge uses, each verified by reading
back what it wrote, as lam-bridge's functions do.

  pyuno_office.py PIPE DOCX RUNS WARMUP

set_cell_value: Sheet1.B4 gets =AVERAGE(B1:B3) (and a number in turn), read back (formula and value).
set_font: the first non-empty paragraph of DOCX bold at 16 pt (and back to regular 12 pt in turn), read back.
Prints one JSON object: {"set_cell_value": [ms, ...], "set_font": [ms, ...], "connectMs": ms}.
"""
import json
import sys
import time

import uno
from com.sun.star.beans import PropertyValue


def props(**kw):
    out = []
    for k, v in kw.items():
        p = PropertyValue()
        p.Name = k
        p.Value = v
        out.append(p)
    return tuple(out)


def main():
    pipe, docx, runs, warmup = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    t = time.perf_counter()
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    connect_ms = (time.perf_counter() - t) * 1000

    calc = desktop.loadComponentFromURL("private:factory/scalc", "_blank", 0, props(Hidden=True))
    sheet0 = calc.Sheets.getByIndex(0)
    for r, v in enumerate([120, 150, 90]):
        sheet0.getCellByPosition(1, r).setValue(v)
    cell_times = []
    for i in range(warmup + runs):
        start = time.perf_counter()
        sheet = calc.Sheets.getByName(sheet0.Name)
        cell = sheet.getCellRangeByName("B4")
        formula = "=AVERAGE(B1:B3)" if i % 2 == 0 else "=%d" % (i,)
        cell.setFormula(formula)
        # Read back through the document again, as the bridge's check does.
        again = calc.Sheets.getByName(sheet0.Name).getCellRangeByName("B4")
        ok = again.getFormula() == formula and again.getValue() == (120.0 if i % 2 == 0 else float(i))
        ms = (time.perf_counter() - start) * 1000
        if not ok:
            raise SystemExit("set_cell_value read back wrong: %r %r" % (again.getFormula(), again.getValue()))
        if i >= warmup:
            cell_times.append(ms)
    calc.close(True)

    writer = desktop.loadComponentFromURL(uno.systemPathToFileUrl(docx), "_blank", 0, props(Hidden=True))
    font_times = []
    for i in range(warmup + runs):
        start = time.perf_counter()
        bold = i % 2 == 0
        weight, size = (150.0, 16.0) if bold else (100.0, 12.0)
        # The title: the first non-empty paragraph of the body.
        enum = writer.Text.createEnumeration()
        title = None
        while enum.hasMoreElements():
            p = enum.nextElement()
            if p.supportsService("com.sun.star.text.Paragraph") and p.getString().strip():
                title = p
                break
        title.CharWeight = weight
        title.CharHeight = size
        enum = writer.Text.createEnumeration()
        while enum.hasMoreElements():
            p = enum.nextElement()
            if p.supportsService("com.sun.star.text.Paragraph") and p.getString().strip():
                break
        ok = p.CharWeight == weight and p.CharHeight == size
        ms = (time.perf_counter() - start) * 1000
        if not ok:
            raise SystemExit("set_font read back wrong: %r %r" % (p.CharWeight, p.CharHeight))
        if i >= warmup:
            font_times.append(ms)
    writer.close(True)
    print(json.dumps({"set_cell_value": cell_times, "set_font": font_times, "connectMs": connect_ms}))


main()
