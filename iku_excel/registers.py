"""The registers an office keeps, and how each indicator's inputs come from them.

A register is one row per thing that happened (an activity, a case, a
respondent, a desa, a pegawai). Indicators are counts and ratios over those
rows. This module holds the rows as plain dataclasses and turns them into the
named inputs of each indicator kind; the workbook templates express the same
rules as COUNTIFS/SUM formulas, and a test checks that both agree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from iku_excel.calc import documents
from iku_excel.calc.errors import InvalidInput
from iku_excel.catalog.schema import Indicator

TRIWULAN = (1, 2, 3, 4)
KASUS_JENIS = ("Konflik sosial", "Trantibum")
KEGIATAN_KATEGORI = ("Fasilitasi", "Koordinasi", "Rekomendasi")


@dataclass
class Kegiatan:
    triwulan: int
    kategori: str
    jenis: str
    uraian: str
    output: str
    bukti: str
    ditindaklanjuti: bool


@dataclass
class Desa:
    nama: str
    idm: float | None = None
    tema: str | None = None
    administrasi_baik: bool = False
    rkpdes: dt.date | None = None
    apbdes: dt.date | None = None
    lppdes: dt.date | None = None


@dataclass
class Pegawai:
    nama: str
    nip: str
    tidak_masuk: list[float | None]  # days absent per triwulan


@dataclass
class Kasus:
    triwulan: int
    jenis: str
    uraian: str
    tertangani: bool


@dataclass
class Registers:
    tahun: int
    hari_kerja_efektif: list[float]  # per triwulan
    desa: list[Desa] = field(default_factory=list)
    skm: list[list[float | None]] = field(default_factory=list)
    skm_layanan: list[str] = field(default_factory=list)
    skm_populasi: int | None = None
    kegiatan: list[Kegiatan] = field(default_factory=list)
    pegawai: list[Pegawai] = field(default_factory=list)
    kasus: list[Kasus] = field(default_factory=list)
    izin: dict[int, float] = field(default_factory=dict)  # tahun -> jumlah izin
    # Indicators typed directly, per triwulan: full_id -> {input name -> [TW I..IV]}
    langsung: dict[str, dict[str, list[float | None]]] = field(default_factory=dict)
    target: dict[str, float | str] = field(default_factory=dict)  # sample targets where the catalog has none


def _rows_in(triwulan_of: int, upto: int | None, cumulative: bool) -> bool:
    if upto is None:
        return True
    return triwulan_of <= upto if cumulative else triwulan_of == upto


def inputs_for(indicator: Indicator, full_id: str, data: Registers, triwulan: int | None = None) -> dict[str, object]:
    """The named inputs of `indicator` from the registers.

    triwulan=None gives the whole year. triwulan=k gives what is reported for
    TW k: the rows of TW k alone for a kumulatif or rata-rata indicator (they
    are summed or averaged later), the rows up to TW k for a nilai-akhir one
    (a ratio to date, whose last report is the annual value). Registers with
    no triwulan (desa, SKM, izin) are yearly snapshots.
    """
    cumulative = indicator.rekap == "nilai_akhir"
    source = indicator.dihitung_dari
    if source is None:
        typed = data.langsung.get(full_id)
        if typed is None:
            raise InvalidInput("belum ada data untuk indikator ini")
        if triwulan is None:
            raise InvalidInput("nilai tahunan indikator yang diisi langsung adalah rekap triwulannya")
        return {name: values[triwulan - 1] for name, values in typed.items()}
    register = source.nama
    if register == "kegiatan":
        rows = [k for k in data.kegiatan if _rows_in(k.triwulan, triwulan, cumulative)]
        return {"pembilang": sum(k.ditindaklanjuti for k in rows), "penyebut": len(rows)}
    if register == "kasus":
        rows = [k for k in data.kasus if _rows_in(k.triwulan, triwulan, cumulative)
                and (source.jenis is None or k.jenis == source.jenis)]
        return {"pembilang": sum(k.tertangani for k in rows), "penyebut": len(rows)}
    if register == "dokumen_desa":
        def on_time(kind: str, attr: str) -> int:
            total = 0
            for d in data.desa:
                date = getattr(d, attr)
                total += date is not None and documents.on_time(kind, date, data.tahun)
            return total

        return {
            "rkp_tepat": on_time("RKPDes", "rkpdes"),
            "apb_tepat": on_time("APBDes", "apbdes"),
            "lpp_tepat": on_time("LPPDes", "lppdes"),
            "jumlah_desa": len(data.desa),
        }
    if register == "desa":
        if source.kolom == "idm":
            return {"nilai": [d.idm for d in data.desa], "ambang": indicator.ambang}
        if source.kolom == "tema":
            return {"jumlah": sum(1 for d in data.desa if d.tema)}
        return {"pembilang": sum(d.administrasi_baik for d in data.desa), "penyebut": len(data.desa)}
    if register == "skm":
        return {"jawaban": data.skm}
    if register == "kehadiran":
        tws = [t for t in TRIWULAN if _rows_in(t, triwulan, cumulative)]
        days = sum(data.hari_kerja_efektif[t - 1] for t in tws)
        absent = [sum(p.tidak_masuk[t - 1] or 0 for t in tws) for p in data.pegawai]
        return {"jumlah_pegawai": len(data.pegawai), "hari_kerja_efektif": days, "hari_tidak_masuk": absent}
    if register == "izin":
        return {"nilai_tahun_ini": data.izin.get(data.tahun), "nilai_tahun_lalu": data.izin.get(data.tahun - 1)}
    raise AssertionError(f"register {register} unknown")  # the schema admits only REGISTERS


def annual_realisasi(indicator: Indicator, full_id: str, data: Registers) -> float:
    """Realisasi tahunan: from the whole year's register rows, or, for an
    indicator typed per triwulan, the roll-up of its triwulan values."""
    from iku_excel.calc.capaian import rollup
    from iku_excel.catalog.evaluate import evaluate

    if indicator.dihitung_dari is not None:
        return evaluate(indicator, inputs_for(indicator, full_id, data))
    values = []
    for tw in TRIWULAN:
        inputs = inputs_for(indicator, full_id, data, tw)
        values.append(None if all(v is None for v in inputs.values()) else evaluate(indicator, inputs))
    return rollup(values, indicator.rekap)
