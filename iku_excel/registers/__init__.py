"""The registers an office keeps: one row per thing that happened (an activity, a case, a
respondent, a desa, a pegawai, a document, a permit).

Every register is declared once in `registers.spec` (its columns, its formula
columns, how indicators count its rows); its rows are dicts of raw cell values
keyed by column, as a user types them or as the sample data holds them. The
template writes them and computes every indicator from them through its formula
plan; nothing here computes an indicator a second time.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Registers"]


@dataclass
class Registers:
    """What an office has typed into a workbook: the registers' rows and the few single
    inputs beside them (working days in Profil, the N−1 permits above Reg Izin, ...)."""

    tahun: int
    hari_kerja_efektif: list[float | None]  # per triwulan (Profil)
    # every register's rows, by register key: one dict of raw values per row, keyed by column
    rows: dict[str, list[dict[str, object]]] = field(default_factory=dict)
    skm_populasi: int | None = None  # Profil: the population served, for the SKM sample size
    skm_periode: str | None = None  # the survey's period, as its report states it
    # the inputs typed above a register's table (Reg Izin: Izin_TahunLalu), by defined name
    header: dict[str, object] = field(default_factory=dict)
    # Indicators marked `diketik`, per triwulan: full_id -> {input name -> [TW I..IV]}
    langsung: dict[str, dict[str, list[float | None]]] = field(default_factory=dict)
    target: dict[str, float | str] = field(default_factory=dict)  # sample targets where the catalog has none
