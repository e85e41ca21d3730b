"""A register and an indicator a region declares in its catalog folder, with no Python change:
the register sheet, the computed indicator (against the rows worked out by hand), LibreOffice's
recalculation, `validasi` finding a bad value at its cell, and `rekap` carrying the indicator."""

import csv

import openpyxl
import pytest
from click.testing import CliRunner

from iku_excel.catalog import CatalogError, load_catalog
from iku_excel.catalog.loader import load_catalog_from
from iku_excel.cli import main
from iku_excel.demo.sample import build_sample, sample_registers
from iku_excel.engine.patch import Edit, patch_workbook
from iku_excel.process import validate_file
from iku_excel.templates import build_template
from iku_excel.templates.builder import WorkbookBuilder
from iku_excel.templates.layout import COL_TAHUNAN, COL_TW1

from .conftest import require_uno, run_harness, same

PENGADUAN = """
register:
  - id: pengaduan
    lembar: Reg Pengaduan
    awalan: Pengaduan
    judul: REGISTER PENGADUAN MASYARAKAT
    catatan: Satu baris satu pengaduan. Triwulan mengikuti tanggal diterima; pengaduan diselesaikan bila tanggal
      selesainya diisi.
    baris: 120
    kolom:
      - {id: "No", judul: "No", lebar: 5, jenis: nomor}
      - {id: Diterima, judul: Tanggal diterima, lebar: 12, jenis: tanggal, wajib: true}
      - {id: Jenis, judul: Saluran, lebar: 14, jenis: pilihan, pilihan: [Langsung, Telepon, SP4N-LAPOR]}
      - {id: Pelapor, judul: Pelapor, lebar: 20, jenis: teks}
      - {id: Uraian, judul: Uraian pengaduan, lebar: 40, jenis: teks}
      - {id: Selesai, judul: Tanggal selesai, lebar: 12, jenis: tanggal}
      - {id: Triwulan, judul: Triwulan, lebar: 9, jenis: rumus, rumus: {triwulan_dari: Diterima}}
    periode: Triwulan
    hitung:
      persen: {terisi: Selesai}
    saring: [jenis]
"""

KECAMATAN = """
id: lapor
nama: Kecamatan Lapor
kabupaten: Kabupaten Contoh
provinsi: Jawa Timur
jenis_dokumen: IKU
tahun: 2026
sumber: berkas uji
indikator:
  - id: pengaduan_selesai
    nama: Persentase pengaduan masyarakat yang diselesaikan
    sasaran: Meningkatnya kualitas pelayanan publik
    jenis: persen
    formula: pengaduan yang diselesaikan / pengaduan yang diterima x 100%
    satuan: "%"
    rekap: nilai_akhir
    sumber_data: Register pengaduan
    penanggung_jawab: Kasi Pelayanan
    dihitung_dari: {nama: pengaduan}
  - id: lapor_selesai
    nama: Persentase pengaduan SP4N-LAPOR yang diselesaikan
    sasaran: Meningkatnya kualitas pelayanan publik
    jenis: persen
    formula: pengaduan SP4N-LAPOR yang diselesaikan / yang diterima x 100%
    satuan: "%"
    rekap: nilai_akhir
    target: {2026: 90}
    sumber_data: Register pengaduan
    penanggung_jawab: Kasi Pelayanan
    dihitung_dari: {nama: pengaduan, jenis: SP4N-LAPOR}
"""
YEAR = 2026


@pytest.fixture(scope="module")
def region(tmp_path_factory):
    """The region's catalog folder, in force for the checker as IKU_EXCEL_KATALOG would put it."""
    folder = tmp_path_factory.mktemp("katalog")
    (folder / "register_pengaduan.yaml").write_text(PENGADUAN, encoding="utf-8")
    (folder / "lapor.yaml").write_text(KECAMATAN, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("IKU_EXCEL_KATALOG", str(folder))
        yield folder


@pytest.fixture(scope="module")
def sample(region, tmp_path_factory):
    catalog = load_catalog([region])
    return catalog, build_sample(catalog, "lapor", YEAR, tmp_path_factory.mktemp("contoh") / "contoh_lapor_2026.xlsm")


def by_hand(rows, saluran=None):
    """The share of complaints received in the year (of one channel) that have a finishing date."""
    received = [r for r in rows if r["Diterima"].year == YEAR and saluran in (None, r["Jenis"])]
    return sum(r["Selesai"] is not None for r in received) / len(received) * 100


def test_the_register_sheet_comes_from_the_declaration(region, tmp_path):
    catalog = load_catalog([region])
    path = build_template(catalog, "lapor", YEAR, tmp_path / "templat_lapor_2026.xlsx")
    ws = openpyxl.load_workbook(path)["Reg Pengaduan"]
    assert [ws.cell(5, c).value for c in range(1, 8)] == [
        "No", "Tanggal diterima", "Saluran", "Pelapor", "Uraian pengaduan", "Tanggal selesai", "Triwulan"]
    assert ws.cell(6, 7).value == '=IF(B6="","",IF(NOT(ISNUMBER(B6)),"#TIDAK VALID: bukan tanggal",' \
                                  'IF(YEAR(B6)<>Profil_Tahun,"Tahun lain",ROUNDUP(MONTH(B6)/3,0))))'
    channel = next(v for v in ws.data_validations.dataValidation if "C6" in str(v.sqref))
    assert channel.type == "list" and channel.formula1 == '"Langsung,Telepon,SP4N-LAPOR"'
    assert ws.print_area == "'Reg Pengaduan'!$A$6:$F$125"  # the formula column stays off the paper


def test_the_indicators_are_computed_in_workbook_libreoffice_and_checker(sample, tmp_path):
    catalog, path = sample
    rows = sample_registers(catalog, catalog.get("lapor"), YEAR).rows["pengaduan"]
    # the sample rows leave some complaints unfinished, and the channel filter bites
    assert 0 < sum(r["Selesai"] is None for r in rows) < len(rows)
    expected = {"lapor.pengaduan_selesai": by_hand(rows), "lapor.lapor_selesai": by_hand(rows, "SP4N-LAPOR")}
    assert expected["lapor.pengaduan_selesai"] != expected["lapor.lapor_selesai"]

    spec = WorkbookBuilder(catalog, catalog.get("lapor"), YEAR).spec()
    where = {full_id: (sheet, r) for (sheet, r, _c), full_id in spec.target_cells.items()}
    cached = openpyxl.load_workbook(path, data_only=True)
    report, checker = validate_file(path, with_values=True)
    assert report.status in ("ok", "warning"), [f.message for f in report.findings if f.severity == "error"]
    require_uno()
    libre = run_harness(tmp_path, workbooks=[path], module=None)["workbooks"][str(path)]
    for full_id, value in expected.items():
        sheet, row = where[full_id]
        assert cached[sheet].cell(row, COL_TAHUNAN + 1).value == pytest.approx(value)
        assert libre[f"{sheet}!{row},{COL_TAHUNAN + 1}"] == pytest.approx(value)  # recalculated, not echoed
        for col in range(COL_TW1 + 1, COL_TAHUNAN + 2):
            shown = cached[sheet].cell(row, col).value
            shown = "" if shown is None else shown
            assert same(libre.get(f"{sheet}!{row},{col}"), shown), (full_id, col)
            assert same(checker[(sheet, row, col)], shown), (full_id, col)


def test_validasi_finds_a_bad_value_in_the_declared_register_at_its_cell(sample, region, tmp_path):
    _catalog, path = sample
    broken = patch_workbook(path, tmp_path / "rusak.xlsm", {"Reg Pengaduan": {
        "C7": Edit(value="Surat"), "B8": Edit(value="kemarin")}})
    result = CliRunner().invoke(main, ["validasi", str(broken), "-o", str(tmp_path / "laporan"),
                                       "--katalog", str(region), "--diam"])
    assert result.exit_code in (0, 1), result.output
    found = {(f.code, f.sheet, f.cell) for f in validate_file(broken).findings}
    assert ("PILIHAN_TIDAK_SAH", "Reg Pengaduan", "C7") in found
    assert ("TEKS_BUKAN_ANGKA", "Reg Pengaduan", "B8") in found


def test_rekap_carries_the_declared_indicator(sample, region, tmp_path):
    catalog, path = sample
    out = tmp_path / "rekap"
    result = CliRunner().invoke(main, ["rekap", str(path), "-o", str(out), "--katalog", str(region), "--diam"])
    assert result.exit_code == 0, result.output
    with open(out / "rekap.csv", encoding="utf-8", newline="") as fh:
        rows = {r["indikator_id"]: r for r in csv.DictReader(fh)}
    data = sample_registers(catalog, catalog.get("lapor"), YEAR).rows["pengaduan"]
    assert float(rows["lapor_selesai"]["realisasi"]) == pytest.approx(by_hand(data, "SP4N-LAPOR"), abs=0.01)
    assert float(rows["lapor_selesai"]["target"]) == 90
    assert rows["pengaduan_selesai"]["predikat"]


@pytest.mark.parametrize("change, wrong, expected", [
    ("persen: {terisi: Selesai}", "persen: {terisi: Diselesaikan}", "hitung 'persen' menyebut kolom 'Diselesaikan'"),
    ("rumus: {triwulan_dari: Diterima}", "rumus: {triwulan_dari: Dikirim}", "rumus kolom 'Triwulan' menyebut kolom 'Dikirim'"),
    ("jenis: rumus, rumus:", "jenis: teks, rumus:", "berjenis 'rumus' memerlukan 'rumus'"),
    ("periode: Triwulan", "periode: Bulan", "periode menyebut kolom 'Bulan'"),
])
def test_a_declaration_that_contradicts_itself_is_refused_naming_the_file(tmp_path, change, wrong, expected):
    assert change in PENGADUAN
    (tmp_path / "register_pengaduan.yaml").write_text(PENGADUAN.replace(change, wrong), encoding="utf-8")
    (tmp_path / "lapor.yaml").write_text(KECAMATAN, encoding="utf-8")
    with pytest.raises(CatalogError, match=f"register_pengaduan.yaml: berkas katalog tidak sah:\n.*{expected}"):
        load_catalog_from([tmp_path])


def test_an_indicator_the_declared_register_cannot_compute_is_refused(tmp_path):
    (tmp_path / "register_pengaduan.yaml").write_text(PENGADUAN, encoding="utf-8")
    (tmp_path / "lapor.yaml").write_text(KECAMATAN.replace("jenis: persen", "jenis: jumlah", 1), encoding="utf-8")
    with pytest.raises(CatalogError, match="lapor.yaml: .*\n.*indikator.0.dihitung_dari': jenis 'jumlah' tidak dapat "
                                           "dihitung dari register 'pengaduan'"):
        load_catalog_from([tmp_path])
