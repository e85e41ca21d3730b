"""The register spec: every indicator counted from rows, and one computation wherever it is shown.

The rules worked out plainly (tests/oracle.py), the workbook's cached value, LibreOffice's recalculation (with
the workbook's own VBA) and the checker's recalculation must be equal for every
indicator, including a region's catalog that filters registers (the case that
once gave 86,67 in the demo and 100,0 in the workbook).
"""

import datetime as dt

import pytest

from iku_excel.catalog import CatalogError, load_catalog
from iku_excel.demo.sample import build_sample, sample_registers
from iku_excel.process import validate_file
from iku_excel.registers.rows import Tally, for_triwulan, matcher, triwulan_of, up_to, where
from iku_excel.registers.spec import layouts
from iku_excel.templates.builder import WorkbookBuilder
from iku_excel.templates.layout import COL_TAHUNAN, COL_TW1

from . import oracle
from .conftest import require_uno, run_harness, same

FILTERING = """
id: saring
nama: Kecamatan Saring
kabupaten: Kabupaten Contoh
provinsi: Jawa Timur
jenis_dokumen: IKU
tahun: 2026
sumber: berkas uji
indikator:
  - id: fasilitasi_desa
    nama: Persentase fasilitasi administrasi desa yang ditindaklanjuti
    sasaran: Meningkatnya fasilitasi
    jenis: persen
    formula: a / b x 100%
    satuan: "%"
    rekap: nilai_akhir
    sumber_data: Register kegiatan
    penanggung_jawab: Camat
    dihitung_dari: {nama: kegiatan, jenis: Fasilitasi administrasi tata Pemerintahan Desa, kategori: [Fasilitasi]}
  - id: koordinasi
    nama: Persentase koordinasi dan rekomendasi yang ditindaklanjuti
    sasaran: Meningkatnya fasilitasi
    jenis: persen
    formula: a / b x 100%
    satuan: "%"
    rekap: rata_rata
    sumber_data: Register kegiatan
    penanggung_jawab: Camat
    dihitung_dari: {nama: kegiatan, kategori: [Koordinasi, Rekomendasi]}
  - id: trantibum
    nama: Persentase pelanggaran trantibum tertangani
    sasaran: Meningkatnya ketertiban
    jenis: persen
    formula: a / b x 100%
    satuan: "%"
    rekap: nilai_akhir
    sumber_data: Register kasus
    penanggung_jawab: Kasi Trantib
    dihitung_dari: {nama: kasus, jenis: Trantibum}
  - id: spm_gu
    nama: Persentase SPM GU yang cair tepat waktu
    sasaran: Meningkatnya tata kelola keuangan
    jenis: persen
    formula: a / b x 100%
    satuan: "%"
    rekap: nilai_akhir
    sumber_data: Register pencairan
    penanggung_jawab: Bendahara
    dihitung_dari: {nama: pencairan, jenis: GU}
  - id: laporan
    nama: Jumlah laporan yang disusun
    sasaran: Meningkatnya tata kelola keuangan
    jenis: jumlah
    formula: jumlah laporan
    satuan: laporan
    rekap: kumulatif
    sumber_data: Buku catatan kegiatan
    penanggung_jawab: Sekretaris
    dihitung_dari: {nama: catatan}
  - id: rasio_manual
    nama: Persentase pengaduan yang dijawab
    sasaran: Meningkatnya pelayanan
    jenis: persen
    formula: a / b x 100%
    satuan: "%"
    rekap: nilai_akhir
    sumber_data: Rekap pengaduan
    penanggung_jawab: Kasi Pelayanan
    diketik: true
"""


@pytest.fixture(scope="module")
def region(tmp_path_factory):
    folder = tmp_path_factory.mktemp("katalog")
    (folder / "saring.yaml").write_text(FILTERING, encoding="utf-8")
    return folder


def test_every_seed_count_comes_from_a_register_unless_marked_typed():
    """Only what no register can hold is typed: Randuagung's Indeks Pelayanan Publik, published by others."""
    typed = [i.full_id for i in load_catalog().indicators() if i.spec.dihitung_dari is None]
    assert typed == ["randuagung.indeks_pelayanan_publik"]
    assert all(i.spec.diketik for i in load_catalog().indicators() if i.spec.dihitung_dari is None)


def test_an_indicator_without_a_register_must_say_it_is_typed(tmp_path):
    (tmp_path / "saring.yaml").write_text(FILTERING.replace("    diketik: true\n", ""), encoding="utf-8")
    with pytest.raises(CatalogError, match="diketik"):
        load_catalog([tmp_path])


def test_a_sum_of_percentages_is_refused(tmp_path):
    (tmp_path / "saring.yaml").write_text(FILTERING.replace("rekap: rata_rata", "rekap: kumulatif"), encoding="utf-8")
    with pytest.raises(CatalogError, match="tidak dapat dijumlahkan"):
        load_catalog([tmp_path])


@pytest.mark.parametrize("change, message", [
    ("dihitung_dari: {nama: kasus, jenis: Trantibum}", "dihitung_dari: {nama: kasus, jenis: Begal}"),
    ("dihitung_dari: {nama: catatan}", "dihitung_dari: {nama: catatan, jenis: Laporan}"),
])
def test_a_filter_the_register_does_not_have_is_refused(tmp_path, change, message):
    (tmp_path / "saring.yaml").write_text(FILTERING.replace(change, message), encoding="utf-8")
    with pytest.raises(CatalogError, match="saring.yaml"):
        load_catalog([tmp_path])


def test_criteria_follow_excel():
    assert matcher("Ya")("ya") and not matcher("Ya")("Ya ") and not matcher("Ya")(None)
    assert matcher("<=2")(2.0) and not matcher("<=2")("1") and not matcher("<=2")(None)
    assert matcher("<>")("x") and not matcher("<>")(None) and not matcher("<>")("")
    assert matcher(3.0)(3.0) and not matcher(3.0)("3")
    rows = [{"Jenis": "GU", "Tepat": "Ya", "Triwulan": 1.0}, {"Jenis": "gu", "Tepat": "Tidak", "Triwulan": 2.0},
            {"Jenis": "LS", "Tepat": "Ya", "Triwulan": 2.0}, {"Jenis": "GU", "Tepat": "Ya", "Triwulan": "Tahun lain"}]
    tally = Tally((where("Jenis", "GU"),))
    assert [for_triwulan(tally, "Triwulan", k, True).value(rows) for k in (1, 2)] == [1, 2]
    assert for_triwulan(tally, "Triwulan", 2, False).value(rows) == 1
    assert for_triwulan(tally, "Triwulan", None, True).value(rows) == 2  # the row of another year is not counted
    either = Tally((where("Jenis", "GU", "LS"), up_to("Triwulan", 4)))
    assert either.value(rows) == 3
    assert either.formula(lambda c: f"R_{c}") == '=COUNTIFS(R_Jenis,"GU",R_Triwulan,"<=4")+COUNTIFS(R_Jenis,"LS",R_Triwulan,"<=4")'


def test_triwulan_of_a_date_in_its_year():
    derive = triwulan_of("Tanggal")
    values = [derive.value({"Tanggal": d}, 2025) for d in (dt.date(2025, 3, 31), dt.date(2025, 4, 1), 45838.0,
                                                           dt.date(2024, 12, 31), "31/3/2025", None)]
    assert values == [1.0, 2.0, 2.0, "Tahun lain", "#TIDAK VALID: bukan tanggal", ""]


def test_every_register_declaration_is_complete():
    for reg in layouts(load_catalog()).values():
        keys = [c.key for c in reg.columns]
        assert len(set(keys)) == len(keys), reg.key
        assert {d.key for d in reg.derived} == {c.key for c in reg.columns if c.kind == "formula"}, reg.key
        for d in reg.derived:
            assert set(d.sources) <= set(keys), (reg.key, d.key)
        assert reg.kinds, reg.key
        if reg.period is not None:
            assert reg.period in keys, reg.key
        assert set(reg.required) <= set(keys), reg.key


def test_a_filtering_catalog_computes_the_same_in_demo_workbook_libreoffice_and_checker(region, tmp_path, monkeypatch):
    monkeypatch.setenv("IKU_EXCEL_KATALOG", str(region))
    catalog = load_catalog()
    inst = catalog.get("saring")
    path = build_sample(catalog, "saring", 2026, tmp_path / "contoh_saring_2026.xlsm")
    data = sample_registers(catalog, inst, 2026)
    # the filters bite: the filtered indicator counts fewer rows than the register holds
    kegiatan = data.rows["kegiatan"]
    filtered = [r for r in kegiatan if r["Jenis"] == "Fasilitasi administrasi tata Pemerintahan Desa"]
    assert 0 < len(filtered) < len(kegiatan)

    report, checker = validate_file(path, with_values=True)
    assert report.status in ("ok", "warning"), [f.message for f in report.findings if f.severity == "error"]
    spec = WorkbookBuilder(catalog, inst, 2026).spec()
    rows = {full_id: (sheet, r) for (sheet, r, _c), full_id in spec.target_cells.items()}

    import openpyxl

    cached = openpyxl.load_workbook(path, data_only=True)
    require_uno()
    libre = run_harness(tmp_path, workbooks=[path], module=None)["workbooks"][str(path)]
    compared = 0
    for item in catalog.indicators("saring"):
        sheet, row = rows[item.full_id]
        shown = cached[sheet].cell(row, COL_TAHUNAN + 1).value
        if item.spec.diketik:
            assert item.full_id in data.langsung
        else:
            assert same(oracle.realisasi(item, data), shown), item.full_id
        for col in range(COL_TW1 + 1, COL_TAHUNAN + 2):
            value = cached[sheet].cell(row, col).value
            value = "" if value is None else value
            assert same(libre.get(f"{sheet}!{row},{col}"), value), (item.full_id, col, libre.get(f"{sheet}!{row},{col}"))
            assert same(checker[(sheet, row, col)], value), (item.full_id, col, checker[(sheet, row, col)])
            compared += 1
    assert compared == 6 * 5


def test_a_typed_ratio_with_pembilang_above_penyebut_is_found(region, tmp_path, monkeypatch):
    """PEMBILANG_MELEBIHI_PENYEBUT needs a typed ratio, which no seed kecamatan has any more."""
    from iku_excel.engine.patch import Edit, patch_workbook

    monkeypatch.setenv("IKU_EXCEL_KATALOG", str(region))
    catalog = load_catalog()
    path = build_sample(catalog, "saring", 2026, tmp_path / "contoh.xlsx")
    spec = WorkbookBuilder(catalog, catalog.get("saring"), 2026).spec()
    cells = {(name, k): (sheet, r, c) for (sheet, r, c), (full_id, name, k) in spec.typed_cells.items()
             if full_id == "saring.rasio_manual"}
    from openpyxl.utils.cell import get_column_letter

    sheet, r, c = cells[("pembilang", 0)]
    _s, r2, c2 = cells[("penyebut", 0)]
    broken = patch_workbook(path, tmp_path / "rusak.xlsx", {sheet: {
        f"{get_column_letter(c)}{r}": Edit(value=40.0), f"{get_column_letter(c2)}{r2}": Edit(value=20.0)}})
    hits = [f for f in validate_file(broken).findings if f.code == "PEMBILANG_MELEBIHI_PENYEBUT"]
    assert [(f.sheet, f.cell) for f in hits] == [(sheet, f"{get_column_letter(c)}{r}")]
