"""The functions staff call in Excel: =IKU_PERSEN(...), =IKU_CAPAIAN(...), =IKM_NILAI(...).

Names and argument order are fixed here; Excel shows them upper-cased. Each
function takes what Excel passes — floats, None for an empty cell, a list or a
list of lists for a range, datetime for a date, text — and returns what a cell
should show. Percentages are on the 0–100 scale (84.0 means 84%); IKM is on
25–100, rounded to 2 decimals.

A function never raises. When it cannot give a number it returns a text that
starts with "#" and says why, in Bahasa Indonesia:
    "#KOSONG: realisasi belum diisi"          (an input is not filled in yet)
    "#TIDAK VALID: penyebut bernilai 0 ..."   (an input makes no sense)
A "#..." text or an Excel error reaching a function as input is passed on
unchanged, the way Excel propagates #DIV/0!, so the first cause stays visible.

The formulas themselves live in iku_excel.calc; this module only adapts.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from iku_excel.calc import basic, documents
from iku_excel.calc import ikm as ikm_calc
from iku_excel.calc import capaian as capaian_calc
from iku_excel.calc.errors import InvalidInput

# Error cells reach Python over COM as these integers (xlwings on Windows).
_COM_ERRORS = {
    -2146826281: "#DIV/0!", -2146826246: "#N/A", -2146826259: "#NAME?", -2146826288: "#NULL!",
    -2146826252: "#NUM!", -2146826265: "#REF!", -2146826273: "#VALUE!",
}


class _Propagate(Exception):
    def __init__(self, shown: str):
        self.shown = shown


def _error_of(value: object) -> str | None:
    if type(value) is int and value in _COM_ERRORS:
        return _COM_ERRORS[value]
    if isinstance(value, str) and value.startswith("#"):
        return value
    return None


def _check_errors(value: object) -> None:
    """Raise _Propagate for the first error value anywhere in an argument."""
    if isinstance(value, (list, tuple)):
        for item in value:
            _check_errors(item)
        return
    shown = _error_of(value)
    if shown is not None:
        raise _Propagate(shown)


def _scalar(value: object) -> object:
    """A one-cell range may arrive as [x] or [[x]]; the functions want x."""
    while isinstance(value, (list, tuple)) and len(value) == 1:
        value = value[0]
    return value


def message(error: InvalidInput) -> str:
    """The cell text for a formula that could not give a number."""
    return f"#{error.label}: {error.message}"


def _excel(fn: Callable) -> Callable:
    """Adapt a function for a cell: error inputs pass through, InvalidInput
    becomes "#...: why", and nothing else escapes as a traceback."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            for a in (*args, *kwargs.values()):
                _check_errors(a)
            return fn(*args, **kwargs)
        except _Propagate as prop:
            return prop.shown
        except InvalidInput as err:
            return message(err)
        except Exception as err:  # a bug must still not become a traceback in a cell
            return f"#GALAT: {type(err).__name__}: {err}"

    return wrapper


@_excel
def iku_persen(pembilang, penyebut):
    """Persentase = pembilang ÷ penyebut × 100 (0–100)."""
    return basic.percentage(_scalar(pembilang), _scalar(penyebut))


@_excel
def iku_rata_dokumen(rkp_tepat, apb_tepat, lpp_tepat, jumlah_desa):
    """Rata-rata % desa dengan RKPDes, APBDes, LPPDes tepat waktu = (rkp + apb + lpp) ÷ (desa × 3) × 100."""
    return documents.average_on_time(_scalar(rkp_tepat), _scalar(apb_tepat), _scalar(lpp_tepat), _scalar(jumlah_desa))


@_excel
def iku_tepat_waktu(jenis, tanggal, tahun_anggaran):
    """"Ya" bila dokumen (RKPDes/APBDes/LPPDes) tahun anggaran itu ditetapkan/disampaikan paling lambat batas waktunya, "Tidak" bila terlambat."""
    return "Ya" if documents.on_time(_scalar(jenis), _scalar(tanggal), _scalar(tahun_anggaran)) else "Tidak"


@_excel
def iku_pertumbuhan(nilai_tahun_ini, nilai_tahun_lalu):
    """Pertumbuhan (%) = (tahun ini − tahun lalu) ÷ tahun lalu × 100."""
    return basic.growth(_scalar(nilai_tahun_ini), _scalar(nilai_tahun_lalu))


@_excel
def iku_kehadiran(jumlah_pegawai, hari_kerja_efektif, hari_tidak_masuk):
    """Kehadiran (%) = (pegawai × hari kerja − Σ hari tidak masuk) ÷ (pegawai × hari kerja) × 100."""
    return basic.attendance(_scalar(jumlah_pegawai), _scalar(hari_kerja_efektif), hari_tidak_masuk)


@_excel
def iku_capaian(realisasi, target, polaritas="naik"):
    """Capaian (%) realisasi terhadap target; polaritas "naik" atau "turun"; target boleh rentang "80–90"."""
    return capaian_calc.capaian(_scalar(realisasi), _scalar(target), _scalar(polaritas))


@_excel
def iku_predikat(capaian):
    """Predikat capaian: ≥91 Sangat Baik, ≥76 Baik, ≥66 Cukup, ≥51 Kurang, di bawahnya Sangat Kurang."""
    return capaian_calc.predikat(_scalar(capaian))


@_excel
def ikm_nrr(jawaban):
    """NRR = rata-rata jawaban sah (1–4) satu unsur; blok beberapa kolom memberi NRR tiap kolom."""
    rows = ikm_calc.as_rows(jawaban)
    width = max((len(r) for r in rows), default=0)
    if width <= 1:
        return ikm_calc.nrr(rows)
    return [[ikm_calc.nrr([r[j] if j < len(r) else None for r in rows]) for j in range(width)]]


@_excel
def ikm_nilai(jawaban):
    """IKM (25–100, 2 desimal) dari blok jawaban responden × 9 unsur, bobot tepat 1/9 (PermenPANRB 14/2017)."""
    return ikm_calc.ikm(jawaban).ikm


@_excel
def ikm_mutu(ikm):
    """Mutu pelayanan: ≥88,31 A; ≥76,61 B; ≥65,00 C; di bawahnya D."""
    return ikm_calc.mutu(_scalar(ikm))


@_excel
def ikm_kinerja(ikm):
    """Kinerja unit pelayanan: Sangat Baik (A), Baik (B), Kurang Baik (C), Tidak Baik (D)."""
    return ikm_calc.kinerja(_scalar(ikm))


@_excel
def ikm_sampel_minimum(populasi):
    """Jumlah responden minimum menurut tabel Krejcie–Morgan untuk populasi penerima layanan."""
    return ikm_calc.minimum_sample(_scalar(populasi))


@_excel
def idm_status(idm):
    """Status desa dari nilai IDM: Sangat Tertinggal, Tertinggal, Berkembang, Maju, Mandiri (>0,8155)."""
    return basic.idm_status(_scalar(idm))


# The public list, in the order the docs and the VBA module present them.
FUNCTIONS: dict[str, Callable] = {
    fn.__name__.upper(): fn
    for fn in (
        iku_persen, iku_rata_dokumen, iku_tepat_waktu, iku_pertumbuhan, iku_kehadiran,
        iku_capaian, iku_predikat, ikm_nrr, ikm_nilai, ikm_mutu, ikm_kinerja, ikm_sampel_minimum, idm_status,
    )
}

__all__ = [name.lower() for name in FUNCTIONS] + ["FUNCTIONS", "message"]
