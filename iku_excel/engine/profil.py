"""What a submission's Profil sheet says: the triwulan it reports and the date it is signed.

The checker reads them for every file (which period a file is, which of two files is newer),
the recap and the SKM report for theirs.
"""

from __future__ import annotations

import datetime as dt
import re

from iku_excel.engine.reader import Workbook
from iku_excel.templates.layout import PROFIL, SHEET_PROFIL

MONTHS = ("januari", "februari", "maret", "april", "mei", "juni", "juli", "agustus", "september", "oktober",
          "november", "desember")


def signing_date(text: object) -> dt.date | None:
    """The date in Profil's "tempat, tanggal": 15 Januari 2026, 15/01/2026 or 2026-01-15."""
    if not isinstance(text, str):
        return None
    lowered = text.lower()
    match = re.search(r"(\d{1,2})\s+(" + "|".join(MONTHS) + r")\s+(\d{4})", lowered)
    try:
        if match:
            return dt.date(int(match.group(3)), MONTHS.index(match.group(2)) + 1, int(match.group(1)))
        match = re.search(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", lowered)
        if match:
            return dt.date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        match = re.search(r"(\d{4})-(\d{1,2})-(\d{1,2})", lowered)
        if match:
            return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None
    return None


def profil_value(book: Workbook, name: str) -> object:
    row = PROFIL[name].row
    return book.value(SHEET_PROFIL, row + 1, 2)


def reported_triwulan(book: Workbook) -> int | None:
    value = profil_value(book, "Profil_Triwulan")
    return int(value) if isinstance(value, float) and value in (1.0, 2.0, 3.0, 4.0) else None
