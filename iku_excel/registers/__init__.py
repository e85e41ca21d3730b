"""The registers an office keeps, and how each indicator's inputs come from them.

A register is one row per thing that happened (an activity, a case, a
respondent, a desa, a pegawai, a document, a permit). Indicators are counts and
ratios over those rows. The registers counted by COUNTIFS/SUMIFS are kept as
rows of raw cell values (`Registers.rows`) and counted through their spec
(`registers.spec`); the desa, SKM and kehadiran registers, whose indicators need
a formula of their own, are plain dataclasses. The workbook templates express
the same rules as Excel formulas, and a test checks that both agree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from iku_excel.calc import documents
from iku_excel.calc.errors import InvalidInput
from iku_excel.registers.rows import Tally, for_triwulan, rows_in_year, where, with_derived
from iku_excel.registers.spec import REGISTERS, criteria, log_label
from iku_excel.registers.vocab import TEMA_EKONOMI, TRIWULAN

if TYPE_CHECKING:
    from iku_excel.catalog import CatalogIndicator

__all__ = ["TRIWULAN", "Desa", "Pegawai", "Registers", "annual_realisasi", "inputs_for", "tema_tally"]


@dataclass
class Desa:
    nama: str
    idm: float | None = None
    tema: str | None = None
    administrasi_baik: bool | object = False
    rkpdes: dt.date | None = None
    apbdes: dt.date | None = None
    lppdes: dt.date | None = None


@dataclass
class Pegawai:
    nama: str
    nip: str
    tidak_masuk: list[float | None]  # days absent per triwulan


@dataclass
class Registers:
    tahun: int
    hari_kerja_efektif: list[float]  # per triwulan
    desa: list[Desa] = field(default_factory=list)
    skm: list[list[float | None]] = field(default_factory=list)
    skm_layanan: list[str] = field(default_factory=list)
    skm_populasi: int | None = None
    skm_periode: str | None = None  # the survey's period, as its report states it
    pegawai: list[Pegawai] = field(default_factory=list)
    # The registers counted through their spec, by key: one dict of raw values per row,
    # keyed by column (kegiatan, kasus, catatan, pencairan, perencanaan, izin).
    rows: dict[str, list[dict[str, object]]] = field(default_factory=dict)
    izin_tahun_lalu: float | None = None  # typed once above Reg Izin
    # Indicators marked `diketik`, per triwulan: full_id -> {input name -> [TW I..IV]}
    langsung: dict[str, dict[str, list[float | None]]] = field(default_factory=dict)
    target: dict[str, float | str] = field(default_factory=dict)  # sample targets where the catalog has none


def tema_tally() -> Tally:
    """Desa tematik: desa whose theme is one of the seed's economic themes."""
    return Tally((where("Tema", *TEMA_EKONOMI),))


def inputs_for(item: CatalogIndicator, data: Registers, triwulan: int | None = None) -> dict[str, object]:
    """The named inputs of an indicator from the registers.

    triwulan=None gives the whole year. triwulan=k gives what is reported for
    TW k: the rows of TW k alone for a kumulatif or rata-rata indicator (they
    are summed or averaged later), the rows up to TW k for a nilai-akhir one
    (a ratio to date, whose last report is the annual value). Registers with
    no triwulan (desa, SKM, dokumen desa) are yearly snapshots.
    """
    indicator = item.spec
    cumulative = indicator.rekap == "nilai_akhir"
    source = indicator.dihitung_dari
    if source is None:
        typed = data.langsung.get(item.full_id)
        if typed is None:
            raise InvalidInput("belum ada data untuk indikator ini")
        if triwulan is None:
            raise InvalidInput("nilai tahunan indikator yang diisi langsung adalah rekap triwulannya")
        return {name: values[triwulan - 1] for name, values in typed.items()}
    register = REGISTERS[source.nama]
    if register.inputs is not None:
        rows = with_derived(data.rows.get(register.key, []), register.derived, data.tahun)
        tallies = register.inputs(criteria(source), log_label(item))
        values: dict[str, object] = {name: for_triwulan(t, register.period, triwulan, cumulative).value(rows)
                                     for name, t in tallies.items()}
        if register.key == "izin":
            values["nilai_tahun_lalu"] = data.izin_tahun_lalu
        return values
    if register.key == "dokumen_desa":
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
    if register.key == "desa":
        if source.kolom == "idm":
            return {"nilai": [d.idm for d in data.desa], "ambang": indicator.ambang}
        if source.kolom == "tema":
            return {"jumlah": tema_tally().value([{"Tema": d.tema} for d in data.desa])}
        return {"pembilang": sum(d.administrasi_baik is True for d in data.desa), "penyebut": len(data.desa)}
    if register.key == "skm":
        return {"jawaban": data.skm}
    if register.key == "kehadiran":
        tws = [t for t in TRIWULAN if triwulan is None or (t <= triwulan if cumulative else t == triwulan)]
        days = sum(data.hari_kerja_efektif[t - 1] for t in tws)
        absent = [sum(p.tidak_masuk[t - 1] or 0 for t in tws) for p in data.pegawai]
        return {"jumlah_pegawai": len(data.pegawai), "hari_kerja_efektif": days, "hari_tidak_masuk": absent}
    raise AssertionError(f"register {register.key} has no rule")  # the schema admits only these


def is_shown(kind: str, triwulan: int, reported: float, inputs: dict[str, object], rows_in_year: float) -> bool:
    """Whether a counted indicator shows a value for a triwulan (the workbook's rule, for the
    builder and the demo alike): none after the reported triwulan; a ratio once it has a
    denominator; a count once the indicator has any row in the year (before that it is not
    filled in, rather than 0)."""
    if triwulan > reported:
        return False
    return inputs["penyebut"] != 0 if kind == "persen" else rows_in_year != 0


def triwulan_value(item: CatalogIndicator, data: Registers, triwulan: int) -> float | None:
    """What the workbook shows for one triwulan, every triwulan reported (the demo's Profil says 4)."""
    from iku_excel.catalog.evaluate import evaluate

    register = REGISTERS[item.spec.dihitung_dari.nama]
    inputs = inputs_for(item, data, triwulan)
    recorded = 0.0
    if item.spec.jenis == "jumlah":
        rows = with_derived(data.rows.get(register.key, []), register.derived, data.tahun)
        tally = register.inputs(criteria(item.spec.dihitung_dari), log_label(item))["jumlah"]
        recorded = rows_in_year(tally, register.period).value(rows)
    return evaluate(item.spec, inputs) if is_shown(item.spec.jenis, triwulan, 4, inputs, recorded) else None


def annual_realisasi(item: CatalogIndicator, data: Registers) -> float:
    """Realisasi tahunan as the workbook computes it: for an indicator counted per triwulan
    (or typed per triwulan), the roll-up of its triwulan values; for a yearly snapshot
    (desa, SKM, dokumen desa, izin), the whole year's rows."""
    from iku_excel.calc.capaian import rollup
    from iku_excel.catalog.evaluate import evaluate

    indicator = item.spec
    source = indicator.dihitung_dari
    if source is not None and not (REGISTERS[source.nama].period and indicator.jenis in ("persen", "jumlah")):
        return evaluate(indicator, inputs_for(item, data))
    values = []
    for tw in TRIWULAN:
        if source is not None:
            values.append(triwulan_value(item, data, tw))
            continue
        inputs = inputs_for(item, data, tw)
        values.append(None if all(v is None for v in inputs.values()) else evaluate(indicator, inputs))
    return rollup(values, indicator.rekap)
