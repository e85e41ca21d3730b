"""Which version counts, and who has sent what: the official submission per kecamatan and
triwulan, and the Kelengkapan matrix of the kabupaten's board. Pure functions over records."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from iku_excel.web.models import ACCEPTABLE

JAKARTA = ZoneInfo("Asia/Jakarta")


def official(versions) -> object | None:
    """The version that counts: one an admin marked (the latest marked), else the newest without
    errors; None when every version has errors (the office must resend)."""
    marked = [v for v in versions if v.official]
    if marked:
        return max(marked, key=lambda v: (v.uploaded_at, v.id))
    good = [v for v in versions if v.status in ACCEPTABLE]
    return max(good, key=lambda v: (v.uploaded_at, v.id)) if good else None


@dataclass(frozen=True)
class Cell:
    state: str  # tepat, terlambat, kirim_ulang, belum
    label: str
    submission: object | None = None


LABELS = {"tepat": "terkirim tepat waktu", "terlambat": "terkirim terlambat", "kirim_ulang": "perlu kirim ulang",
          "belum": "belum mengirim"}


def cell(versions, deadline: dt.date | None) -> Cell:
    """One kecamatan's triwulan on the board."""
    if not versions:
        return Cell("belum", LABELS["belum"])
    chosen = official(versions)
    if chosen is None:
        return Cell("kirim_ulang", LABELS["kirim_ulang"], max(versions, key=lambda v: (v.uploaded_at, v.id)))
    day = chosen.uploaded_at.astimezone(JAKARTA).date()
    late = deadline is not None and day > deadline
    state = "terlambat" if late else "tepat"
    return Cell(state, LABELS[state] + (f" ({day:%d-%m-%Y})" if deadline else ""), chosen)


def by_period(submissions, tahun: int) -> dict[tuple[int, int], list]:
    """A year's versions grouped by (kecamatan id, triwulan): the set one official version is chosen from."""
    by: dict[tuple[int, int], list] = {}
    for s in submissions:
        if s.tahun == tahun and s.triwulan in (1, 2, 3, 4):
            by.setdefault((s.kecamatan_id, s.triwulan), []).append(s)
    return by


def matrix(kecamatan, submissions, deadlines: dict[int, dt.date], tahun: int) -> list[tuple[object, list[Cell]]]:
    """(kecamatan, [TW I..IV cells]) for every kecamatan, in name order."""
    by = by_period(submissions, tahun)
    return [(k, [cell(by.get((k.id, tw), []), deadlines.get(tw)) for tw in (1, 2, 3, 4)]) for k in kecamatan]
