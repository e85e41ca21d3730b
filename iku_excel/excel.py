"""Facts about Excel itself, written once: its error values, what it treats as an empty cell
or a number, and A1 addresses.

"Empty" here is Excel's: a blank cell or the empty string a formula returns, as `=""` and
COUNTIFS see it. A user's notion of blank (only spaces, too) is calc.numbers.is_blank.
"""

from __future__ import annotations

from xlsxwriter.utility import xl_col_to_name

# The error values Excel writes (the last three only Microsoft 365): nothing else is an error cell.
ERRORS = ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA", "#SPILL!", "#CALC!")


def is_empty(value: object) -> bool:
    """A blank cell, or a formula's "": what `=""` tests true for."""
    return value is None or value == ""


def is_number(value: object) -> bool:
    """What ISNUMBER accepts: a number, never a logical value or numeric text."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def a1(row: int, col: int) -> str:
    """The A1 address of a 1-based row and column: a1(6, 3) == "C6"."""
    return f"{xl_col_to_name(col - 1)}{row}"
