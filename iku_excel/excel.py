"""Facts about Excel itself, written once: its error values, what it treats as an empty cell
or a number, its date serial numbers, and A1 addresses.

"Empty" here is Excel's: a blank cell or the empty string a formula returns, as `=""` and
COUNTIFS see it. A user's notion of blank (only spaces, too) is calc.numbers.is_blank.
"""

from __future__ import annotations

import datetime as dt

# The error values Excel writes (the last three only Microsoft 365): nothing else is an error cell.
ERRORS = ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA", "#SPILL!", "#CALC!")


def is_empty(value: object) -> bool:
    """A blank cell, or a formula's "": what `=""` tests true for."""
    return value is None or value == ""


def is_number(value: object) -> bool:
    """What ISNUMBER accepts: a number, never a logical value or numeric text."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


# Excel's 1900 date system: serial 1 is 1900-01-01, and Excel counts the non-existent
# 1900-02-29, so from March 1900 on serial n is n days after 1899-12-30.
EPOCH = dt.datetime(1899, 12, 30)


def serial(value: object) -> float | None:
    """A date cell as Excel's serial number (what ISNUMBER, YEAR and comparisons see): a date,
    a datetime (with its time as the fraction), or a number as it is; None for anything else."""
    if isinstance(value, dt.datetime):
        return (value - EPOCH).total_seconds() / 86400
    if isinstance(value, dt.date):
        return float((value - EPOCH.date()).days)
    return float(value) if is_number(value) else None


def from_serial(number: float) -> dt.datetime:
    """The date and time of a serial number from March 1900 on (Excel's own 1900-02-29 aside)."""
    return EPOCH + dt.timedelta(days=number)


def a1(row: int, col: int) -> str:
    """The A1 address of a 1-based row and column: a1(6, 3) == "C6"."""
    from xlsxwriter.utility import xl_col_to_name  # lazily: the UDF module imports this one and stays light

    return f"{xl_col_to_name(col - 1)}{row}"
