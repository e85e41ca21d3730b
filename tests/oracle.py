"""Realisasi tahunan worked out from a workbook's register rows by the rules as the seeds and
DOMAIN.md state them, written out plainly here and independently of the template's formulas,
its plan and the register spec's tallies. The tests hold the workbook (its cached values, the
checker's recalculation, LibreOffice's) against this.

Only the formula library's published formulas are borrowed (IKM, on-time deadlines, attendance):
they are tested against hand-computed and published figures of their own.
"""

from __future__ import annotations

import datetime as dt

from iku_excel.calc import basic, documents, ikm
from iku_excel.registers.spec import log_label

ECONOMIC_THEMES = {"desa wisata", "desa budaya", "desa peternakan", "desa umkm", "desa perikanan"}
# the column that says a row counts in the numerator of a register's share
DONE = {"kegiatan": "Ditindaklanjuti", "kasus": "Tertangani"}
# the registers whose triwulan follows a date: (date column; for a share, the column done by that date)
DATED = {"pencairan": ("Batas", "Cair"), "perencanaan": ("Batas", "Selesai"), "catatan": ("Tanggal", None),
         "izin": ("Tanggal", None)}


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _in_year(row: dict, register: str, tahun: int) -> bool:
    if register in DATED:
        day = row.get(DATED[register][0])
        return isinstance(day, dt.date) and day.year == tahun
    return row.get("Triwulan") in (1, 2, 3, 4)


def _passes(row: dict, source) -> bool:
    if source.jenis and str(row.get("Jenis", "")).lower() != source.jenis.lower():
        return False
    if source.kategori and row.get("Kategori") not in source.kategori:
        return False
    return not (source.pihak_lain and _blank(row.get("Pihak")))


def _done(row: dict, register: str) -> bool:
    if register in DONE:
        return str(row.get(DONE[register], "")).lower() == "ya"
    due, done = (row.get(k) for k in DATED[register])
    return isinstance(done, dt.date) and done <= due


def realisasi(item, data) -> float | None:
    """The year's realisasi of one indicator (every triwulan reported), or None when blank."""
    spec, source, tahun = item.spec, item.spec.dihitung_dari, data.tahun
    if source is None:  # typed per triwulan: the last value typed
        typed = [v for v in data.langsung[item.full_id][spec.jenis] if v is not None]
        return typed[-1] if typed else None
    rows = data.rows.get(source.nama, [])
    if spec.jenis == "persen" and source.nama == "desa":
        named = [r for r in rows if not _blank(r.get("Nama"))]
        return sum(r.get("AdmBaik") == "Ya" for r in named) / len(named) * 100 if named else None
    if spec.jenis == "persen":  # a ratio to date: every row of the year that passes the filters
        counted = [r for r in rows if _in_year(r, source.nama, tahun) and _passes(r, source)]
        return sum(_done(r, source.nama) for r in counted) / len(counted) * 100 if counted else None
    if spec.jenis == "jumlah" and source.nama == "catatan":  # summed or to date: the year's total
        mine = [r for r in rows if r.get("Indikator") == log_label(item) and _in_year(r, "catatan", tahun)]
        return float(sum(1 if _blank(r.get("Jumlah")) else r["Jumlah"] for r in mine)) if mine else None
    if spec.jenis == "jumlah":  # desa tematik
        return float(sum(str(r.get("Tema", "")).lower() in ECONOMIC_THEMES for r in rows)) if rows else None
    if spec.jenis == "jumlah_di_atas":  # the IDM status is read from the value rounded to 4 decimals
        return float(sum(round(r["IDM"], 4) > spec.ambang for r in rows if r.get("IDM") is not None))
    if spec.jenis == "rata_dokumen":
        on_time = [sum(r.get(k) is not None and documents.on_time(k, r[k], tahun) for r in rows)
                   for k in ("RKPDes", "APBDes", "LPPDes")]
        return (sum(on_time) / (len(rows) * 3) * 100) if rows else None
    if spec.jenis == "ikm":
        return ikm.ikm([[r.get(f"U{j}") for j in range(1, 10)] for r in rows]).ikm if rows else None
    if spec.jenis == "pertumbuhan":
        issued = sum(1 if _blank(r.get("Jumlah")) else r["Jumlah"] for r in rows if _in_year(r, "izin", tahun))
        before = data.header["Izin_TahunLalu"]
        return (issued - before) / before * 100 if rows and before else None
    if spec.jenis in ("kehadiran", "hari_hadir"):  # the whole year: every triwulan's days and absences
        days = sum(data.hari_kerja_efektif)
        absent = [sum(r.get(f"TM{k}") or 0 for k in range(1, 5)) for r in rows]
        if spec.jenis == "kehadiran":
            return basic.attendance(len(rows), days, absent)
        return len(rows) * days - sum(absent)
    raise AssertionError(f"no rule here for {item.full_id}")
