"""The VBA module against the Python functions, and whole workbooks recalculated by LibreOffice.

LibreOffice runs the VBA module (Option VBASupport 1, application Basic
library) — an engine nobody on this project wrote. Every vector must give the
same result as iku_excel.udf; every formula cell of every template and demo
submission, recalculated in full by LibreOffice, must equal the value the
project's own engine computes.
"""

import pytest
from openpyxl.utils.cell import get_column_letter

from iku_excel import udf
from iku_excel.demo.submissions import make_submissions
from iku_excel.process import validate_file

from .conftest import SEED_INSTANSI, require_uno, run_harness, same
from .vectors import VECTORS, D, python_argument


def layout(vectors):
    """Place every vector's arguments on a sheet; return harness vectors."""
    out = []
    row = 0
    for i, (name, args) in enumerate(vectors):
        cells, refs, col, height = [], [], 1, 1
        for arg in args:
            if isinstance(arg, list):
                h, w = len(arg), max(len(r) for r in arg)
                for r, line in enumerate(arg):
                    for c, v in enumerate(line):
                        cells.extend(cell(row + r, col + c, v))
                refs.append(f"{get_column_letter(col + 1)}{row + 1}:{get_column_letter(col + w)}{row + h}")
                col += w
                height = max(height, h)
            else:
                cells.extend(cell(row, col, arg))
                refs.append(f"{get_column_letter(col + 1)}{row + 1}")
                col += 1
        out.append({"id": str(i), "row": row, "cells": cells, "formula": f"={name}({';'.join(refs)})"})
        row += height
    return out


def cell(row, col, value):
    if value is None:
        return []
    if isinstance(value, D):
        return [[row, col, value.serial(), "date"]]
    if isinstance(value, str):
        return [[row, col, value, "text"]]
    return [[row, col, float(value), "number"]]


def test_every_vector_gives_the_same_result_in_vba_and_python(tmp_path):
    require_uno()
    result = run_harness(tmp_path, vectors=layout(VECTORS))["vectors"]
    differences = []
    for i, (name, args) in enumerate(VECTORS):
        expected = udf.FUNCTIONS[name](*[python_argument(a) for a in args])
        got = result[str(i)]
        if not same(got, expected):
            differences.append(f"{name}{args}: VBA {got!r}, Python {expected!r}")
    assert not differences, "\n".join(differences)


def test_the_vectors_cover_every_function_and_both_outcomes():
    names = {name for name, _ in VECTORS}
    assert names == set(udf.FUNCTIONS)
    for name in udf.FUNCTIONS:
        results = [udf.FUNCTIONS[name](*[python_argument(a) for a in args]) for n, args in VECTORS if n == name]
        assert any(isinstance(r, str) and r.startswith("#") for r in results), f"{name}: no bad-input vector"
        assert any(not (isinstance(r, str) and r.startswith("#")) for r in results), f"{name}: no good vector"


@pytest.fixture(scope="module")
def submissions(workbooks, tmp_path_factory):
    folder = tmp_path_factory.mktemp("kiriman")
    samples = {i: workbooks[(i, "contoh")] for i in SEED_INSTANSI}
    files = [f for f in make_submissions(samples, folder) if validate_file(f).status != "unreadable"]
    return [workbooks[(i, "templat")] for i in SEED_INSTANSI] + files


def test_libreoffice_with_the_vba_module_recalculates_every_workbook_like_our_engine(submissions, tmp_path):
    require_uno()
    lo = run_harness(tmp_path, workbooks=submissions)["workbooks"]
    problems = []
    compared = 0
    for path in submissions:
        report, ours = validate_file(path, with_values=True)
        theirs = lo[str(path)]
        for (sheet, row, col), value in ours.items():
            key = f"{sheet}!{row},{col}"
            if key not in theirs:
                continue  # a formula the user overwrote is a value now, in both
            compared += 1
            if not same(theirs[key], "" if value is None else value):
                problems.append(f"{path.name} {sheet}!{get_column_letter(col)}{row}: LibreOffice+VBA {theirs[key]!r}, "
                                f"iku-excel {value!r}")
    assert compared > 3000
    assert not problems, "\n".join(problems[:30])
