"""Compute an indicator from its named inputs, by its formula kind.

This is the one place that maps a catalog kind to a function of
iku_excel.calc; the templates, the demo and the engine go through it.
"""

from __future__ import annotations

from collections.abc import Mapping

from iku_excel.calc import basic, documents, ikm
from iku_excel.calc.errors import MissingValue
from iku_excel.catalog.schema import KINDS, Indicator


def evaluate(indicator: Indicator, inputs: Mapping[str, object]) -> float:
    """The realisasi of `indicator` from `inputs` (named as in KINDS).
    Raises InvalidInput (or MissingValue) with a message in Bahasa Indonesia."""
    missing = [name for name in KINDS[indicator.jenis] if name not in inputs and name != "ambang"]
    if missing:
        labels = indicator.input_labels()
        raise MissingValue("masukan belum diisi: " + ", ".join(labels[m] for m in missing))
    get = inputs.__getitem__
    kind = indicator.jenis
    if kind == "ikm":
        return ikm.ikm(get("jawaban")).ikm
    if kind == "persen":
        labels = indicator.input_labels()
        return basic.percentage(get("pembilang"), get("penyebut"), what=(labels["pembilang"], labels["penyebut"]))
    if kind == "rata_dokumen":
        return documents.average_on_time(get("rkp_tepat"), get("apb_tepat"), get("lpp_tepat"), get("jumlah_desa"))
    if kind == "jumlah":
        return basic.count(get("jumlah"), indicator.input_labels()["jumlah"])
    if kind == "nilai":
        from iku_excel.calc.numbers import require_number

        return require_number(get("nilai"), indicator.input_labels()["nilai"], minimum=None)
    if kind == "jumlah_di_atas":
        threshold = inputs.get("ambang", indicator.ambang)
        from iku_excel.calc.bands import band_set

        # jumlah_di_atas counts IDM values (the schema admits it on desa.idm only): rounded as the status is
        return float(basic.count_above(get("nilai"), float(threshold), band_set(basic.IDM_BANDS).round))
    if kind == "pertumbuhan":
        return basic.growth(get("nilai_tahun_ini"), get("nilai_tahun_lalu"))
    if kind == "kehadiran":
        return basic.attendance(get("jumlah_pegawai"), get("hari_kerja_efektif"), get("hari_tidak_masuk"))
    if kind == "hari_hadir":
        return basic.days_present(get("jumlah_pegawai"), get("hari_kerja_efektif"), get("hari_tidak_masuk"))
    raise AssertionError(f"jenis {kind} has no formula")  # the schema admits only KINDS
