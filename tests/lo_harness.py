"""Run the VBA module in LibreOffice Calc: an engine nobody on this project wrote.

Executed by Debian's /usr/bin/python3 (it has the `uno` module), not by the
project's virtual environment. Reads a job (JSON) and writes results (JSON):

    {"module": "macros/IKU_Fungsi.bas" or null (then only the workbooks' own VBA runs),
     "vectors": [{"id": "...", "cells": [[row, col, value, kind], ...], "formula": "=IKU_PERSEN(B1;C1)"}],
     "workbooks": ["/path/a.xlsx", ...], "save": {"/path/a.xlsx": "/out/a.xlsx"}}

Vectors are placed on one sheet (row/col 0-based, each vector on rows of its
own), evaluated, and read back. Workbooks are loaded, recalculated in full
(calculateAll) and every formula cell is read back.

The module goes into the application Basic library "Standard" with
`Option VBASupport 1`; cell formulas then call it by name (EXCEL.md).
"""

import json
import os
import subprocess
import sys
import tempfile
import time

import uno
from com.sun.star.beans import PropertyValue

FORMULA_FLAG = 16  # com.sun.star.sheet.CellFlags.FORMULA


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def start(profile, port):
    proc = subprocess.Popen(
        ["soffice", "--headless", "--invisible", "--nologo", "--norestore", "--nodefault",
         f"-env:UserInstallation=file://{profile}", f"--accept=socket,host=127.0.0.1,port={port};urp;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.time() + 90
    while True:
        try:
            ctx = resolver.resolve(f"uno:socket,host=127.0.0.1,port={port};urp;StarOffice.ComponentContext")
            return proc, ctx
        except Exception:
            if time.time() > deadline or proc.poll() is not None:
                raise RuntimeError("LibreOffice did not answer on its UNO socket") from None
            time.sleep(0.5)


def job_module_name():
    return "IKU_Fungsi"


def install_module(ctx, path):
    source = open(path, encoding="utf-8").read()
    # "Attribute VB_Name" lines are Excel's export header, not Basic. The module is
    # Excel's VBA; LibreOffice runs it as such only with its own "Option VBASupport 1",
    # which Excel would refuse, so it is added here and never in the file (EXCEL.md).
    lines = [line for line in source.splitlines() if not line.startswith("Attribute ")]
    source = "\n".join(["Option VBASupport 1", *lines])
    smgr = ctx.ServiceManager
    container = smgr.createInstanceWithContext("com.sun.star.script.ApplicationScriptLibraryContainer", ctx)
    if not container.hasByName("Standard"):
        container.createLibrary("Standard")
    container.loadLibrary("Standard")
    lib = container.getByName("Standard")
    name = job_module_name()
    if lib.hasByName(name):
        lib.replaceByName(name, source)
    else:
        lib.insertByName(name, source)


def read_cell(cell):
    if cell.getError():
        return {"error": int(cell.getError())}
    kind = cell.FormulaResultType2 if cell.getType().value == "FORMULA" else None
    if cell.getType().value == "FORMULA":
        if kind == 2:  # STRING
            return cell.getString()
        return cell.getValue()
    if cell.getType().value == "TEXT":
        return cell.getString()
    if cell.getType().value == "EMPTY":
        return ""
    return cell.getValue()


def run_vectors(desktop, vectors):
    doc = desktop.loadComponentFromURL("private:factory/scalc", "_blank", 0,
                                       (prop("Hidden", True), prop("MacroExecutionMode", 4)))
    try:
        sheet = doc.Sheets.getByIndex(0)
        formats = doc.NumberFormats
        locale = uno.createUnoStruct("com.sun.star.lang.Locale")
        date_format = formats.queryKey("YYYY-MM-DD", locale, False)
        if date_format == -1:
            date_format = formats.addNew("YYYY-MM-DD", locale)
        for v in vectors:
            for row, col, value, kind in v["cells"]:
                cell = sheet.getCellByPosition(col, row)
                if kind == "text":
                    cell.setString(value)
                elif kind == "date":
                    cell.setValue(value)
                    cell.NumberFormat = date_format
                elif kind == "number":
                    cell.setValue(value)
            target = sheet.getCellByPosition(0, v["row"])
            target.setFormula(v["formula"])
        doc.calculateAll()
        return {v["id"]: read_cell(sheet.getCellByPosition(0, v["row"])) for v in vectors}
    finally:
        doc.close(True)


def run_workbook(desktop, path, save_as=None):
    url = uno.systemPathToFileUrl(os.path.abspath(path))
    doc = desktop.loadComponentFromURL(url, "_blank", 0, (prop("Hidden", True), prop("MacroExecutionMode", 4)))
    try:
        doc.calculateAll()
        if save_as:  # the recalculated workbook as a submitter's LibreOffice would save it
            doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(save_as)),
                           (prop("FilterName", "Calc MS Excel 2007 XML"),))
        out = {}
        for i in range(doc.Sheets.getCount()):
            sheet = doc.Sheets.getByIndex(i)
            ranges = sheet.queryContentCells(FORMULA_FLAG)
            cells = ranges.getCells().createEnumeration()
            while cells.hasMoreElements():
                cell = cells.nextElement()
                a = cell.getCellAddress()
                out[f"{sheet.getName()}!{a.Row + 1},{a.Column + 1}"] = read_cell(cell)
        return out
    finally:
        doc.close(True)


def main():
    job = json.load(open(sys.argv[1], encoding="utf-8"))
    profile = tempfile.mkdtemp(prefix="lo-vba-")
    port = int(job.get("port", 2002))
    proc, ctx = start(profile, port)
    try:
        if job.get("module"):  # none: the functions must come from each workbook's own VBA project
            install_module(ctx, job["module"])
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        result = {"vectors": run_vectors(desktop, job.get("vectors", [])) if job.get("vectors") else {},
                  "workbooks": {p: run_workbook(desktop, p, job.get("save", {}).get(p)) for p in job.get("workbooks", [])}}
        json.dump(result, open(sys.argv[2], "w", encoding="utf-8"))
    finally:
        try:
            desktop.terminate()
        except Exception:
            pass
        try:
            proc.wait(timeout=20)
        except Exception:
            proc.kill()


if __name__ == "__main__":
    main()
