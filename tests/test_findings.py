"""Every finding code, from a small should-fail workbook made from a template; the samples should pass."""

import re
from pathlib import Path

import pytest

from iku_excel.checks.findings import BATCH_CODES, CODES, FAILED_CODES, UNREADABLE_CODES
from iku_excel.demo import defects
from iku_excel.engine.reader import Limits
from iku_excel.process import validate_file

from .conftest import SEED_INSTANSI

USER_CATALOG_CODES = {"PEMBILANG_MELEBIHI_PENYEBUT"}
MACRO_CODES = {"VBA_BERBEDA"}  # an .xlsm's own VBA: tests/test_trust.py
README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")

# where each defect must be reported: (sheet, cell) or None when the finding has no place
PLACE = {
    # IKU/IKI columns: J..M realisasi TW I..IV, N tahunan, O capaian (templates/layout.py)
    "RUMUS_DITIMPA": ("IKU", "N10"), "RUMUS_DIUBAH": ("IKU", "O10"), "RUMUS_MELINGKAR": ("IKU", "O10"),
    "NILAI_TERSIMPAN_BEDA": ("Perhitungan", "D7"), "HASIL_TAMPIL_BEDA": ("IKU", "O10"), "FUNGSI_TIDAK_AKTIF": ("IKU", "J10"), "NILAI_GALAT": ("Perhitungan", "C7"),
    "PESAN_RUMUS": ("IKI Camat", "N11"), "TEKS_BUKAN_ANGKA": ("Reg Kehadiran", "D6"),
    "ANGKA_SEBAGAI_TEKS": ("Reg Catatan Kegiatan", "E6"), "NILAI_NEGATIF": ("Reg Kehadiran", "E7"),
    "BUKAN_BILANGAN_BULAT": ("Reg Catatan Kegiatan", "E7"), "NILAI_DI_LUAR_RENTANG": ("Reg Desa", "C6"),
    "JAWABAN_SKM_TIDAK_SAH": ("Reg SKM", "D6"),
    "JAWABAN_SKM_KOSONG": ("Reg SKM", "E7"), "TANGGAL_TIDAK_WAJAR": ("Reg Dokumen Desa", "C6"),
    "TANGGAL_KOSONG": ("Reg Dokumen Desa", "D6"), "BARIS_GANDA": ("Reg Desa", "B7"), "ISIAN_KOSONG": ("Reg Dokumen Desa", "B6"),
    "PILIHAN_TIDAK_SAH": ("Reg Kegiatan", "H6"), "TRIWULAN_TIDAK_SAH": ("Reg Kegiatan", "B6"),
    "TARGET_KOSONG": ("IKU", "G11"), "REALISASI_KOSONG": ("IKU", "M12"),
    "BUKTI_KOSONG": ("Reg Kegiatan", "G6"), "KATEGORI_TIDAK_SESUAI": ("Reg Kegiatan", "C7"),
    "PIHAK_KOSONG": ("Reg Kegiatan", "I6"), "LPPDES_TAHUN_LALU": ("Reg Dokumen Desa", "E6"),
    "SAMPEL_SKM_KURANG": ("Reg SKM", "C6"), "MAKRO_ADA": None, "TAUTAN_EKSTERNAL": None,
    "VERSI_TEMPLAT_LAMA": ("_meta", None), "VERSI_TEMPLAT_BARU": ("_meta", None), "BUKAN_TEMPLAT": None,
    "LEMBAR_HILANG": ("Reg SKM", None), "NAMA_HILANG": None, "TABEL_HILANG": ("Reg SKM", None),
    "TAHUN_DIUBAH": ("Profil", "B6"), "TARGET_DIUBAH": ("IKU", "G10"), "IDENTITAS_TIDAK_COCOK": ("Profil", "B4"),
    "LEMBAR_PENDUKUNG_DIUBAH": ("Daftar", "A2"), "XLWINGS_CONF_DIUBAH": ("xlwings.conf", "B1"),
    "NAMA_LOKAL_MEMBAYANGI": ("IKU", None), "DATA_DI_LUAR_REGISTER": ("Reg Desa", "B60"),
    "ANGKA_TIDAK_HINGGA": ("Reg Kehadiran", "D6"), "TAHUN_DATA_BERBEDA": ("Reg Dokumen Desa", None),
    "NAMA_TAMBAHAN": None, "LEMBAR_DISEMBUNYIKAN": ("Dasbor", None), "LEMBAR_TAMBAHAN": ("Catatan Kantor", None),
    "LEMBAR_TAMBAHAN_TERSEMBUNYI": ("Data Asli", None),
}


def test_every_code_is_documented_in_the_readme():
    """The README's table says each code's severity and title exactly as the checker does."""
    rows = dict((m.group(1), (m.group(2), m.group(3).strip()))
                for m in re.finditer(r"^\| `([A-Z_]+)` \| (error|warning|info) \| (.+?) \|$", README, re.MULTILINE))
    for code in CODES.values():
        assert code.code in rows, f"finding code {code.code} is not documented in README.md"
        assert rows[code.code] == (code.severity, code.title), f"README row of {code.code} differs from findings.py"
    assert set(rows) == set(CODES), f"README documents codes that do not exist: {set(rows) - set(CODES)}"


def test_every_code_has_a_should_fail_fixture_or_an_unreadable_test():
    # failures: tests/test_trust.py; batch codes: tests/test_rekap.py; codes of indicators no seed has
    # (a typed ratio): tests/test_catalog.py, with a region's own catalog
    covered = (set(defects.DEFECTS) | set(UNREADABLE_CODES) | set(FAILED_CODES) | set(BATCH_CODES) | USER_CATALOG_CODES
               | MACRO_CODES)
    assert covered == set(CODES)
    assert set(PLACE) == set(defects.DEFECTS)


@pytest.mark.parametrize("code", sorted(defects.DEFECTS))
def test_defect_is_found_at_its_cell(code, workbooks, tmp_path):
    instansi, make = defects.DEFECTS[code]
    broken = make(workbooks[(instansi, "contoh")], tmp_path / f"{code}.xlsx")
    report = validate_file(broken)
    hits = [f for f in report.findings if f.code == code]
    assert hits, f"{code} not reported; got {sorted({f.code for f in report.findings})}"
    place = PLACE[code]
    if place is None:
        assert any(f.sheet is None or f.sheet == "_meta" for f in hits)
    else:
        sheet, cell = place
        assert any(f.sheet == sheet and (cell is None or f.cell == cell) for f in hits), [(f.sheet, f.cell) for f in hits]
    expected_status = {"error": "error", "warning": "warning", "info": None}[CODES[code].severity]
    if expected_status:
        assert report.status in (expected_status, "error")
    for f in hits:
        assert f.message and f.severity == CODES[code].severity


@pytest.mark.parametrize("instansi", SEED_INSTANSI)
def test_samples_pass_without_errors(instansi, workbooks):
    report = validate_file(workbooks[(instansi, "contoh")])
    assert report.status in ("ok", "warning"), [f.message for f in report.findings if f.severity == "error"]
    codes = {f.code for f in report.findings}
    # the sample data leaves one LPPDes date blank on purpose and has a few blank SKM answers
    assert codes <= {"TANGGAL_KOSONG", "JAWABAN_SKM_KOSONG"}, codes
    assert (report.instansi, report.tahun) == (instansi, 2025)


@pytest.mark.parametrize("instansi", SEED_INSTANSI)
def test_empty_templates_only_ask_for_targets_and_each_desa_entry(instansi, workbooks, catalog):
    """An untouched template has no error. It asks for the targets the catalog leaves open and, in
    a register kept one row per desa (prefilled with the kecamatan's desa), for each desa's entries
    that an indicator counts (document dates, administrasi baik)."""
    from iku_excel.templates.builder import WorkbookBuilder

    report = validate_file(workbooks[(instansi, "templat")])
    per_desa = {reg.sheet for reg in WorkbookBuilder(catalog, catalog.get(instansi), 2025).registers if reg.per_desa}
    assert {f.code for f in report.findings} <= {"TARGET_KOSONG", "TANGGAL_KOSONG", "PILIHAN_TIDAK_SAH"}
    assert all(f.severity == "warning" for f in report.findings)
    assert all(f.sheet in per_desa for f in report.findings if f.code != "TARGET_KOSONG")


def test_all_checks_run_together(workbooks, tmp_path):
    """One problem never hides another: three defects in one file, three findings."""
    from iku_excel.engine.patch import Edit, patch_workbook

    src = workbooks[("ngantang", "contoh")]
    broken = patch_workbook(src, tmp_path / "banyak.xlsx", {
        "Reg Kehadiran": {"D6": Edit(value="tiga")},
        "Reg Desa": {"C6": Edit(value=1.4)},
        "IKI Camat": {"N12": Edit(value=90.0, formula=None)},
    })
    codes = {f.code for f in validate_file(broken).findings}
    assert {"TEKS_BUKAN_ANGKA", "NILAI_DI_LUAR_RENTANG", "RUMUS_DITIMPA"} <= codes


def test_messages_are_indonesian(workbooks, tmp_path):
    english = re.compile(r"\b(the|is|not|cannot|missing|error|value|should)\b", re.IGNORECASE)
    for code in ("RUMUS_DITIMPA", "TEKS_BUKAN_ANGKA", "SAMPEL_SKM_KURANG", "LEMBAR_HILANG"):
        instansi, make = defects.DEFECTS[code]
        report = validate_file(make(workbooks[(instansi, "contoh")], tmp_path / f"{code}.xlsx"))
        for f in report.findings:
            assert not english.search(f.message), f.message


# ---- unreadable files --------------------------------------------------------------------------

def unreadable(path, **kw):
    report = validate_file(path, **kw)
    assert report.status == "unreadable"
    assert len(report.findings) == 1
    return report.findings[0]


def test_not_a_workbook(tmp_path):
    f = unreadable(defects.not_a_workbook(tmp_path / "catatan.xlsx"))
    assert f.code == "BUKAN_BUKU_KERJA" and "File > Simpan Sebagai" in f.message and "Save As" not in f.message


def test_truncated(workbooks, tmp_path):
    assert unreadable(defects.truncated(workbooks[("senduro", "contoh")], tmp_path / "potong.xlsx")).code == "BERKAS_RUSAK"


def test_password_protected(workbooks, tmp_path):
    f = unreadable(defects.password_protected(workbooks[("senduro", "contoh")], tmp_path / "sandi.xlsx"))
    assert f.code == "BERKAS_BERSANDI" and "kata sandi" in f.message


def test_legacy_xls(tmp_path):
    assert unreadable(defects.legacy_xls(tmp_path / "lama.xls")).code == "FORMAT_XLS_LAMA"


def test_zip_bomb(tmp_path):
    f = unreadable(defects.zip_bomb(tmp_path / "bom.xlsx"))
    assert f.code == "BOM_ZIP"


def test_too_large(workbooks, tmp_path):
    f = unreadable(workbooks[("senduro", "contoh")], limits=Limits(max_file_bytes=10_000))
    assert f.code == "BERKAS_TERLALU_BESAR"


def test_not_made_from_a_template(tmp_path):
    import xlsxwriter

    path = tmp_path / "buatan_sendiri.xlsx"
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet("IKU")
    ws.write_formula("A1", "=1/0", None, "#DIV/0!")
    wb.close()
    report = validate_file(path)
    assert {f.code for f in report.findings} == {"BUKAN_TEMPLAT", "NILAI_GALAT"}


def test_a_file_to_resend_is_told_its_cause_before_the_results_that_follow(workbooks, tmp_path):
    """An answer 5 in Reg SKM makes the IKM shown differ from the recalculated one: the reason
    names the answer at its cell first, then says the differing results follow from it."""
    from iku_excel.checks.findings import resend_reason

    report = validate_file(defects.DEFECTS["JAWABAN_SKM_TIDAK_SAH"][1](workbooks[("candipuro", "contoh")],
                                                                       tmp_path / "skm.xlsx"))
    codes = [f.code for f in report.findings if f.severity == "error"]
    assert codes[0] == "JAWABAN_SKM_TIDAK_SAH" and "HASIL_TAMPIL_BEDA" in codes  # cause first in the report too
    reason = resend_reason(report.findings)
    assert reason.startswith("Reg SKM!D6: jawaban unsur 2 bernilai 5")
    assert "akibatnya" in reason and "makro aktif" in reason and ".xlsx" not in reason


def test_a_number_typed_as_text_is_named_as_the_cause_of_a_differing_result():
    """Only a warning itself, "8,0" typed as text explains a shown result that differs."""
    from iku_excel.checks.findings import finding, resend_reason

    found = [finding("HASIL_TAMPIL_BEDA", "IKI Camat", "N12", what="Jumlah kegiatan", shown="7", expected="15"),
             finding("ANGKA_SEBAGAI_TEKS", "Reg Catatan Kegiatan", "E6", variant="number", what="Jumlah", value="8,0",
                     number="8")]
    reason = resend_reason(found)
    assert reason.startswith("Reg Catatan Kegiatan!E6: Jumlah diketik sebagai teks '8,0'")
