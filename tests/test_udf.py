"""The Excel-facing functions: fixed names, Excel-shaped inputs, never a traceback."""

import datetime as dt
import inspect
import itertools

import pytest

from iku_excel import udf

EXPECTED_SIGNATURES = {
    "IKU_PERSEN": ["pembilang", "penyebut"],
    "IKU_RATA_DOKUMEN": ["rkp_tepat", "apb_tepat", "lpp_tepat", "jumlah_desa"],
    "IKU_TEPAT_WAKTU": ["jenis", "tanggal", "tahun_anggaran"],
    "IKU_PERTUMBUHAN": ["nilai_tahun_ini", "nilai_tahun_lalu"],
    "IKU_KEHADIRAN": ["jumlah_pegawai", "hari_kerja_efektif", "hari_tidak_masuk"],
    "IKU_CAPAIAN": ["realisasi", "target", "polaritas"],
    "IKU_PREDIKAT": ["capaian"],
    "IKM_NRR": ["jawaban"],
    "IKM_NILAI": ["jawaban"],
    "IKM_MUTU": ["ikm"],
    "IKM_KINERJA": ["ikm"],
    "IKM_SAMPEL_MINIMUM": ["populasi"],
    "IDM_STATUS": ["idm"],
}


def test_names_and_argument_order_are_fixed():
    assert list(udf.FUNCTIONS) == list(EXPECTED_SIGNATURES)
    for name, params in EXPECTED_SIGNATURES.items():
        got = list(inspect.signature(udf.FUNCTIONS[name]).parameters)
        assert got == params, name
    assert inspect.signature(udf.iku_capaian).parameters["polaritas"].default == "naik"


def test_values_as_excel_passes_them():
    assert udf.iku_persen(42.0, 50.0) == 84.0
    assert udf.iku_persen([42.0], [[50.0]]) == 84.0  # one-cell ranges
    assert udf.iku_rata_dokumen(8.0, 9.0, 7.0, 10.0) == pytest.approx(80.0)
    assert udf.iku_tepat_waktu("RKPDes", dt.datetime(2024, 9, 30), 2025.0) == "Ya"
    assert udf.iku_tepat_waktu("APBDes", dt.datetime(2025, 1, 2), 2025.0) == "Tidak"
    assert udf.iku_tepat_waktu("LPPDes", 46112.0, 2025.0) == "Ya"  # serial 46112 = 2026-03-31
    assert udf.iku_pertumbuhan(165.0, 150.0) == pytest.approx(10.0)
    assert udf.iku_kehadiran(3.0, 240.0, [[2.0], [None], [4.0]]) == pytest.approx(714 / 720 * 100)
    assert udf.iku_capaian(6.5, 7.0, "turun") == 107.14
    assert udf.iku_capaian(70.0, "80–90") == 87.5
    assert udf.iku_predikat(90.99) == "Baik"
    assert udf.ikm_nrr([[4.0], [3.0], [None]]) == 3.5
    assert udf.ikm_nrr([[4.0, 2.0], [3.0, 2.0]]) == [[3.5, 2.0]]
    assert udf.ikm_nilai([[4.0] * 9, [3.0] * 9]) == 87.5
    assert udf.ikm_mutu(88.31) == "A" and udf.ikm_kinerja(76.60) == "Kurang Baik"
    assert udf.ikm_sampel_minimum(1000.0) == 278
    assert udf.idm_status(0.8156) == "Mandiri"


def test_bad_input_is_a_message_starting_with_hash():
    assert udf.iku_persen(1.0, 0.0).startswith("#TIDAK VALID: penyebut bernilai 0")
    assert udf.iku_persen(None, 10.0) == "#KOSONG: pembilang belum diisi"
    assert udf.iku_capaian(5.0, None) == "#KOSONG: target belum diisi"
    assert udf.iku_capaian(5.0, 0.0).startswith("#TIDAK VALID: target bernilai 0")
    assert udf.iku_tepat_waktu("RKPDes", None, 2025.0) == "#KOSONG: tanggal RKPDes belum diisi"
    assert udf.iku_tepat_waktu("RPJMDes", dt.datetime(2024, 1, 1), 2025.0).startswith("#TIDAK VALID")
    assert udf.ikm_nilai([[5.0] * 9]).startswith("#TIDAK VALID")
    assert udf.ikm_mutu("sangat baik").startswith("#TIDAK VALID")


def test_errors_propagate_unchanged():
    assert udf.iku_capaian("#KOSONG: pembilang belum diisi", 80.0) == "#KOSONG: pembilang belum diisi"
    assert udf.iku_predikat(-2146826281) == "#DIV/0!"  # an error cell over COM
    assert udf.iku_persen([[1.0], ["#N/A"]], 2.0) == "#N/A"


VALUES = [None, 0.0, 1.0, -1.0, 5.0, 1e12, "", "abc", "84,5", "#N/A", True, dt.datetime(2024, 9, 30),
          [], [[None]], [[1.0, "x"], [None, 3.0]], -2146826259, float("inf")]


@pytest.mark.parametrize("name", list(EXPECTED_SIGNATURES))
def test_never_raises_whatever_excel_passes(name):
    fn = udf.FUNCTIONS[name]
    arity = len(inspect.signature(fn).parameters)
    for args in itertools.product(VALUES, repeat=min(arity, 2)):
        args = list(args) + [1.0] * (arity - len(args))
        result = fn(*args)
        assert isinstance(result, (int, float, str, list)), (name, args, result)
        if isinstance(result, str) and result.startswith("#"):
            assert not result.startswith("#GALAT"), (name, args, result)
