"""The Excel functions of iku_excel.udf, registered in the `formulas` engine.

`formulas` hands a custom function numpy arrays (a range, or the result of a
sub-expression), its own EMPTY marker for blank cells and XlError objects for
error values. Excel (through xlwings) hands Python floats, None, nested lists
and error values. The adapter here turns the first into the second, so the
one implementation in iku_excel.udf serves both, and turns the result back
into what `formulas` expects.
"""

from __future__ import annotations

import functools

import numpy as np
import schedula as sh
from formulas.functions import Error, XlError, get_functions, wrap_func

from iku_excel.registers.rows import is_number, matcher
from iku_excel.udf import FUNCTIONS

# The spellings under which Excel may save a call to an add-in or Office.js
# function; `[1]!NAME` and `'path'!NAME` are rewritten to NAME before parsing
# (the engine cannot parse link prefixes), `_xldudf_NAME` is registered as is.
PREFIXES = ("", "_XLDUDF_")


def _to_python(value):
    if value is sh.EMPTY:
        return None
    if isinstance(value, XlError):
        return str(value)
    if isinstance(value, np.generic):
        return value.item()
    return value


def _argument(arg):
    """An engine argument as xlwings would give it: a scalar for one cell,
    a list of rows for a block."""
    if isinstance(arg, np.ndarray):
        if arg.size == 1:
            return _to_python(arg.ravel()[0])
        rows = arg if arg.ndim == 2 else arg.reshape(1, -1)
        return [[_to_python(v) for v in row] for row in rows.tolist()]
    return _to_python(arg)


def _result(value):
    if isinstance(value, str) and value in Error.errors:
        value = Error.errors[value]  # an Excel error passed through stays an error
    if isinstance(value, list):
        return np.asarray(value, object)
    return np.asarray([[value]], object)


def adapt(fn):
    @functools.wraps(fn)
    def call(*args):
        return _result(fn(*(_argument(a) for a in args)))

    return wrap_func(call)


def _cells(arg) -> list:
    return [_to_python(v) for v in np.asarray(arg, object).ravel().tolist()]


def _ifs(sum_range, pairs) -> float:
    """COUNTIFS (sum_range None) or SUMIFS, by Excel's criteria rules (iku_excel.registers.rows)."""
    columns = [(_cells(rng), matcher(_argument(crit))) for rng, crit in pairs]
    n = len(columns[0][0])
    if any(len(cells) != n for cells, _m in columns):
        raise ValueError("#VALUE!")
    total = 0.0
    amounts = _cells(sum_range) if sum_range is not None else None
    for i in range(n):
        if all(match(cells[i]) for cells, match in columns):
            if amounts is None:
                total += 1
            elif is_number(amounts[i]):
                total += amounts[i]
    return total


def _countifs(*args):
    return np.asarray([[_ifs(None, list(zip(args[::2], args[1::2], strict=True)))]], object)


def _sumifs(sum_range, *args):
    return np.asarray([[_ifs(sum_range, list(zip(args[::2], args[1::2], strict=True)))]], object)


@functools.cache
def register() -> dict:
    """Register every UDF under every spelling; idempotent. Returns the engine's function table.
    COUNTIFS and SUMIFS are replaced too: the engine's own read "<>" (not blank) wrongly."""
    table = get_functions()
    for name, fn in FUNCTIONS.items():
        wrapped = adapt(fn)
        for prefix in PREFIXES:
            table[prefix + name] = wrapped
    table["COUNTIFS"] = wrap_func(_countifs)
    table["SUMIFS"] = wrap_func(_sumifs)
    return table
