"""Kemendagri region codes: the kecamatan of a kabupaten, the desa of a kecamatan, in the catalog,
the templates, the samples and the checker."""

import openpyxl
import pytest

from iku_excel.catalog import CatalogError
from iku_excel.catalog.loader import load_catalog_from
from iku_excel.catalog.regions import region, villages, within
from iku_excel.engine.patch import Edit, patch_workbook
from iku_excel.process import validate_file

from .test_catalog import USER_FILE


def test_the_codes_the_issue_names():
    """Kabupaten Lumajang has 21 kecamatan; Candipuro (35.08.03) 10 desa; Ngantang is 35.07.27."""
    assert region("35.08").nama == "Kabupaten Lumajang" and len(within("35.08")) == 21
    assert region("35.08.03").nama == "Candipuro" and len(within("35.08.03")) == 10
    assert region("35.07.27").nama == "Ngantang"


def test_each_seed_carries_its_code_and_ngantangs_is_in_its_own_decree(catalog):
    assert {k: i.kode_wilayah for k, i in catalog.instansi.items()} == {
        "candipuro": "35.08.03", "randuagung": "35.08.18", "senduro": "35.08.12", "larangan": "35.28.08",
        "ngantang": "35.07.27"}
    assert "/35.07.27/" in catalog.get("ngantang").sumber  # Keputusan Camat Ngantang Nomor 188.4/ /35.07.27/2022


@pytest.mark.parametrize("code, message", [
    ("35.08.12", "adalah Kecamatan Senduro, Kabupaten Lumajang, bukan Kecamatan Contoh, Kabupaten Contoh"),
    ("35.99.01", "bukan kode kecamatan Kemendagri"),
])
def test_a_code_of_another_kecamatan_is_refused(tmp_path, code, message):
    text = USER_FILE.replace("provinsi: Jawa Timur", f'provinsi: Jawa Timur\nkode_wilayah: "{code}"')
    (tmp_path / "contoh.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(CatalogError, match=f"contoh.yaml: .*\\n.*kode_wilayah.*{message}"):
        load_catalog_from([tmp_path])


def test_the_template_offers_exactly_the_kecamatans_desa(workbooks, catalog):
    wb = openpyxl.load_workbook(workbooks[("candipuro", "templat")])
    real = villages(catalog.get("candipuro"))
    daftar = wb["Daftar"]
    listed = [(daftar.cell(r, 4).value, daftar.cell(r, 5).value) for r in range(2, 2 + len(real))]
    assert listed == [(v.nama, v.kode) for v in real] and listed[0] == ("Jugosari", "35.08.03.2001")
    assert daftar.cell(2 + len(real), 4).value is None
    (sheet, ref), = wb.defined_names["Daftar_Desa"].destinations
    assert (sheet, ref) == ("Daftar", f"$D$2:$D${1 + len(real)}")
    larangan = openpyxl.load_workbook(workbooks[("larangan", "templat")])
    for ws in (wb["Reg Dokumen Desa"], larangan["Reg Desa"]):
        rules = [v for v in ws.data_validations.dataValidation if "B6" in str(v.sqref)]
        assert [(v.type, v.formula1) for v in rules] == [("list", "Daftar_Desa")], ws.title


def test_the_sample_keeps_the_real_desa(workbooks, catalog):
    ws = openpyxl.load_workbook(workbooks[("larangan", "contoh")])["Reg Desa"]
    real = [v.nama for v in villages(catalog.get("larangan"))]
    assert [ws.cell(6 + i, 2).value for i in range(len(real))] == real and len(real) == 14


def test_a_desa_of_no_kecamatan_list_is_found_at_its_cell(workbooks, tmp_path):
    broken = patch_workbook(workbooks[("candipuro", "contoh")], tmp_path / "salah.xlsx",
                            {"Reg Dokumen Desa": {"B7": Edit(value="Desa Antah Berantah")}})
    found = [(f.code, f.cell) for f in validate_file(broken).findings if f.sheet == "Reg Dokumen Desa"]
    assert ("PILIHAN_TIDAK_SAH", "B7") in found
