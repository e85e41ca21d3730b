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

In Excel the functions are xlwings UDFs, category "IKU Kecamatan", with help
text in Bahasa Indonesia for the Function Wizard (HELP below). `import
xlwings` also imports pandas, so this module uses xlwings' decorators only when
xlwings is already loaded — as it always is inside Excel's xlwings COM server
and in xlwings Lite — and otherwise records the same help with stand-ins:
importing it stays light and pure Python.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable

from iku_excel.calc import basic, documents
from iku_excel.calc import capaian as capaian_calc
from iku_excel.calc import ikm as ikm_calc
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
            if type(item) is not float:  # a number is never an error: the common case, skipped fast
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


CATEGORY = "IKU Kecamatan"

# Function Wizard help: (function description, {argument: (description, converter options)}).
# Excel cuts each text at 255 characters; a test keeps them shorter. Blocks are read
# as 2-D lists (ndim=2) even when they are one cell; error cells arrive as "#DIV/0!" text.
_NUM = {"err_to_str": True}
_BLOCK = {"ndim": 2, "err_to_str": True}
HELP: dict[str, tuple[str, dict[str, tuple[str, dict]]]] = {
    "iku_persen": ("Persentase = pembilang ÷ penyebut × 100 (hasil 0–100). Contoh: 42 dari 50 → 84.", {
        "pembilang": ("Jumlah yang tercapai, misalnya kegiatan yang ditindaklanjuti (≥ 0).", _NUM),
        "penyebut": ("Jumlah seluruhnya, misalnya semua kegiatan (> 0, tidak kurang dari pembilang).", _NUM)}),
    "iku_rata_dokumen": ("Rata-rata % desa yang menyusun RKPDes, APBDes dan LPPDes tepat waktu = "
                         "(rkp + apb + lpp) ÷ (jumlah desa × 3) × 100.", {
        "rkp_tepat": ("Jumlah desa dengan Perdes RKPDes tepat waktu.", _NUM),
        "apb_tepat": ("Jumlah desa dengan Perdes APBDes tepat waktu.", _NUM),
        "lpp_tepat": ("Jumlah desa dengan LPPDes tepat waktu.", _NUM),
        "jumlah_desa": ("Jumlah seluruh desa di kecamatan.", _NUM)}),
    "iku_tepat_waktu": ("\"Ya\" bila dokumen tepat waktu: RKPDes paling lambat 30 September N−1, APBDes 31 Desember "
                        "N−1, LPPDes 31 Maret N+1 (N = tahun anggaran); \"Tidak\" bila terlambat.", {
        "jenis": ("RKPDes, APBDes atau LPPDes.", _NUM),
        "tanggal": ("Tanggal penetapan Perdes (RKPDes, APBDes) atau tanggal LPPDes diterima.", _NUM),
        "tahun_anggaran": ("Tahun anggaran dokumen, misalnya 2025.", _NUM)}),
    "iku_pertumbuhan": ("Pertumbuhan (%) = (nilai tahun ini − nilai tahun lalu) ÷ nilai tahun lalu × 100.", {
        "nilai_tahun_ini": ("Nilai tahun N, misalnya jumlah izin tahun ini.", _NUM),
        "nilai_tahun_lalu": ("Nilai tahun N−1 (> 0).", _NUM)}),
    "iku_kehadiran": ("Kehadiran (%) = (pegawai × hari kerja − Σ hari tidak masuk) ÷ (pegawai × hari kerja) × 100.", {
        "jumlah_pegawai": ("Jumlah pegawai.", _NUM),
        "hari_kerja_efektif": ("Hari kerja efektif pada periode itu (sekitar 240 setahun).", _NUM),
        "hari_tidak_masuk": ("Jumlah hari tidak masuk: satu angka, atau rentang satu sel per pegawai.", _BLOCK)}),
    "iku_capaian": ("Capaian (%) realisasi terhadap target, 2 desimal: realisasi ÷ target × 100 (naik) atau "
                    "(2 × target − realisasi) ÷ target × 100 (turun). Target boleh rentang \"80–90\".", {
        "realisasi": ("Realisasi tahunan atau triwulan.", _NUM),
        "target": ("Target: angka, atau rentang seperti 80–90.", _NUM),
        "polaritas": ("\"naik\" (makin tinggi makin baik, bawaan) atau \"turun\" (makin rendah makin baik).", _NUM)}),
    "iku_predikat": ("Predikat capaian: {predikat}.", {
        "capaian": ("Capaian dalam persen (0–100 atau lebih).", _NUM)}),
    "ikm_nrr": ("NRR satu unsur SKM = rata-rata jawaban sah 1–4 (jawaban kosong tidak dihitung). Untuk blok beberapa "
                "kolom: NRR tiap kolom.", {
        "jawaban": ("Kolom jawaban satu unsur (satu baris satu responden).", _BLOCK)}),
    "ikm_nilai": ("IKM 25–100 (2 desimal) dari jawaban SKM: rata-rata NRR 9 unsur × 25, bobot tepat 1/9 "
                  "(PermenPANRB 14/2017).", {
        "jawaban": ("Blok jawaban: satu baris satu responden, 9 kolom unsur, nilai 1–4.", _BLOCK)}),
    "ikm_mutu": ("Mutu pelayanan dari nilai IKM: {mutu}.", {
        "ikm": ("Nilai IKM 25–100.", _NUM)}),
    "ikm_kinerja": ("Kinerja unit pelayanan dari nilai IKM: {kinerja}.", {
        "ikm": ("Nilai IKM 25–100.", _NUM)}),
    "ikm_sampel_minimum": ("Jumlah responden SKM minimum untuk suatu populasi (tabel Krejcie–Morgan), misalnya "
                           "100 → 80; 1.000 → 278.", {
        "populasi": ("Jumlah penerima layanan dalam periode survei.", _NUM)}),
    "idm_status": ("Status desa dari nilai IDM: {idm}.", {
        "idm": ("Nilai Indeks Desa Membangun 0–1.", _NUM)}),
}


def _decorators():
    """xlwings' func and arg where xlwings is loaded, else stand-ins that record the same help."""
    if "xlwings" in sys.modules:
        import xlwings

        return xlwings.func, xlwings.arg

    def func(category=None):
        def inner(fn):
            fn.excel_help = {**getattr(fn, "excel_help", {}), "category": category, "doc": fn.__doc__}
            return fn
        return inner

    def arg(name, doc=None, **options):
        def inner(fn):
            help_ = getattr(fn, "excel_help", {})
            help_.setdefault("args", {})[name] = {"doc": doc, **options}
            fn.excel_help = help_
            return fn
        return inner

    return func, arg


def _band_words() -> dict[str, str]:
    """The band edges the help names, in words, from the band sets in force (a region's too). Only
    where xlwings is loaded, which is when Excel's Function Wizard shows them: reading the band
    files needs YAML and pydantic, which the light import of this module leaves out."""
    from iku_excel.calc.basic import IDM_BANDS

    names = {"predikat": capaian_calc.PREDIKAT_BANDS, "mutu": ikm_calc.IKM_BANDS, "kinerja": ikm_calc.IKM_BANDS,
             "idm": IDM_BANDS}
    if "xlwings" not in sys.modules:
        return {key: f"menurut pita nilai '{name}' (iku_excel/data/bands.yaml)" for key, name in names.items()}
    from iku_excel.calc.bands import band_set

    ikm = band_set(names["mutu"])
    return {"predikat": band_set(names["predikat"]).describe(), "mutu": ikm.describe(use_kode=True),
            "kinerja": ", ".join(ikm.labels), "idm": band_set(names["idm"]).describe()}


def _register_for_excel() -> None:
    func, arg = _decorators()
    module = sys.modules[__name__]
    words = _band_words()
    for name, (doc, args) in HELP.items():
        fn = getattr(module, name)
        fn.__doc__ = doc.format(**words)
        for arg_name, (arg_doc, options) in args.items():
            fn = arg(arg_name, doc=arg_doc, **options)(fn)
        setattr(module, name, func(category=CATEGORY)(fn))


_register_for_excel()

# The public list, in the order the docs and the VBA module present them.
FUNCTIONS: dict[str, Callable] = {
    fn.__name__.upper(): fn
    for fn in (
        iku_persen, iku_rata_dokumen, iku_tepat_waktu, iku_pertumbuhan, iku_kehadiran,
        iku_capaian, iku_predikat, ikm_nrr, ikm_nilai, ikm_mutu, ikm_kinerja, ikm_sampel_minimum, idm_status,
    )
}

__all__ = [name.lower() for name in FUNCTIONS] + ["FUNCTIONS", "message"]
