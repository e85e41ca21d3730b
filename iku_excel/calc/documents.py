"""On-time village documents: RKPDes, APBDes, LPPDes (seeds 001, 002; DOMAIN.md §6).

For the documents of budget year N:
- RKPDes is on time when its Perdes is set no later than 30 September of N−1
  (Permendesa PDTT 21/2020 Pasal 22; Permendagri 114/2014);
- APBDes is on time when its Perdes is set no later than 31 December of N−1
  (Permendagri 20/2018 Pasal 38);
- LPPDes of year N is on time when it reaches the Bupati via the Camat within
  3 months after the year ends, i.e. by 31 March of N+1 (Permendagri 46/2016 Pasal 3).
A date on the deadline itself is on time.
"""

from __future__ import annotations

import datetime as dt
import re

from iku_excel.calc.errors import InvalidInput, MissingValue
from iku_excel.calc.numbers import format_number, parse_number, require_number
from iku_excel.excel import from_serial

DOCUMENTS = ("RKPDes", "APBDes", "LPPDes")

_ALIASES = {
    "rkpdes": "RKPDes", "rkpdesa": "RKPDes", "rkp": "RKPDes", "rkpd": "RKPDes",
    "apbdes": "APBDes", "apbdesa": "APBDes", "apb": "APBDes",
    "lppdes": "LPPDes", "lppdesa": "LPPDes", "lpp": "LPPDes",
}

_DATE_TEXT = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$|^(\d{4})-(\d{1,2})-(\d{1,2})$")


def document_kind(name: object) -> str:
    key = re.sub(r"[\s._-]", "", str(name or "")).lower()
    if key not in _ALIASES:
        raise InvalidInput(f"jenis dokumen '{name}' tidak dikenal; pilih RKPDes, APBDes atau LPPDes")
    return _ALIASES[key]


def deadline(kind: object, budget_year: object) -> dt.date:
    """The last on-time day for document `kind` of budget year `budget_year`."""
    document = document_kind(kind)
    year = int(require_number(budget_year, "tahun anggaran", minimum=1900, whole=True))
    if document == "RKPDes":
        return dt.date(year - 1, 9, 30)
    if document == "APBDes":
        return dt.date(year - 1, 12, 31)
    return dt.date(year + 1, 3, 31)


def to_date(value: object, what: str = "tanggal") -> dt.date | None:
    """A date from what a cell holds: a date or datetime, an Excel serial number
    (what headless engines and LibreOffice-saved files give), or text written
    "30/09/2024" (day first, as in Indonesia) or "2024-09-30". None when blank."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        match = _DATE_TEXT.match(text)
        if not match:
            raise InvalidInput(f"{what} '{value}' bukan tanggal; tulis seperti 30/09/2024")
        d, m, y = (match.group(1), match.group(2), match.group(3)) if match.group(1) else (
            match.group(6), match.group(5), match.group(4))
        try:
            return dt.date(int(y), int(m), int(d))
        except ValueError:
            raise InvalidInput(f"{what} '{value}' bukan tanggal yang ada") from None
    serial = parse_number(value, what)
    if serial is None:
        return None
    if not 61 <= serial <= 2958465:  # 1900-03-01 .. 9999-12-31, Excel's own range
        raise InvalidInput(f"{what} {format_number(serial)} bukan tanggal yang masuk akal")
    return from_serial(int(serial)).date()


def on_time(kind: object, date: object, budget_year: object) -> bool:
    """Whether a document of `budget_year` dated `date` met its deadline.
    Raises MissingValue when no date is recorded: such a desa is not on time,
    and the caller must say which desa lacks a date (DOMAIN.md §6)."""
    limit = deadline(kind, budget_year)
    day = to_date(date, f"tanggal {document_kind(kind)}")
    if day is None:
        raise MissingValue(f"tanggal {document_kind(kind)} belum diisi")
    return day <= limit


def average_on_time(rkp_on_time: object, apb_on_time: object, lpp_on_time: object, villages: object) -> float:
    """Rata-rata persentase desa yang menyusun dokumen administrasi tepat waktu:
    (desa RKPDes tepat waktu + desa APBDes tepat waktu + desa LPPDes tepat waktu)
    ÷ (jumlah desa × 3) × 100% (seeds 000, 001, 002)."""
    n = require_number(villages, "jumlah desa", whole=True)
    if n == 0:
        raise InvalidInput("jumlah desa bernilai 0: persentase tidak dapat dihitung")
    total = 0.0
    for value, name in ((rkp_on_time, "RKPDes"), (apb_on_time, "APBDes"), (lpp_on_time, "LPPDes")):
        number = require_number(value, f"jumlah desa dengan {name} tepat waktu", whole=True)
        if number > n:
            raise InvalidInput(
                f"jumlah desa dengan {name} tepat waktu ({format_number(number)}) melebihi jumlah desa ({format_number(n)})"
            )
        total += number
    return total / (n * 3) * 100.0
