"""Generated workbooks, read back: structure, protection, validation, metadata, cached values."""

import hashlib
from pathlib import Path

import formulas
import openpyxl
import pytest

from iku_excel.catalog import load_catalog
from iku_excel.demo.sample import sample_registers
from iku_excel.engine.functions import register
from iku_excel.registers.spec import layouts
from iku_excel.templates import build_template, template_filename
from iku_excel.templates.layout import (
    COL_TAHUNAN,
    PROFIL_CELLS,
    SHEET_DAFTAR,
    SHEET_META,
    SHEET_XLWINGS,
    TABLE_HEADER_ROW,
    TEMPLATE_VERSION,
    result_name,
)

from . import oracle
from .conftest import SEED_INSTANSI, YEAR

COMMITTED = Path(__file__).resolve().parents[1] / "workbook_templates"
KINDS = ("templat", "contoh")


def sha(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def test_generation_is_byte_identical(tmp_path, catalog):
    a = build_template(catalog, "ngantang", YEAR, tmp_path / "a.xlsx")
    b = build_template(catalog, "ngantang", YEAR, tmp_path / "b.xlsx")
    assert sha(a) == sha(b)


@pytest.mark.parametrize("instansi", SEED_INSTANSI)
def test_committed_templates_are_what_the_generator_makes(instansi, workbooks):
    committed = COMMITTED / template_filename(instansi, YEAR)
    assert committed.exists(), f"run: iku-excel templat  (missing {committed.name})"
    assert sha(committed) == sha(workbooks[(instansi, "templat")]), (
        f"{committed.name} differs from a fresh generation: run `iku-excel templat` and commit the result"
    )


def expected_sheets(catalog, instansi):
    inst = catalog.get(instansi)
    sheets = {"Sampul", "Petunjuk", "Profil", "Perjanjian Kinerja", "Pengukuran Kinerja", "Dasbor", "Perhitungan",
              SHEET_DAFTAR, SHEET_META, SHEET_XLWINGS}
    if inst.indikator:
        sheets.add("IKU")
    sheets |= {f"IKI {j.singkatan}" for j in inst.jabatan if j.indikator}
    used = {i.spec.dihitung_dari.nama for i in catalog.indicators(instansi) if i.spec.dihitung_dari}
    sheets |= {layouts(catalog)[k].sheet for k in used}
    return sheets


@pytest.mark.parametrize("instansi", SEED_INSTANSI)
def test_sheets_names_and_metadata(instansi, workbooks, catalog):
    wb = openpyxl.load_workbook(workbooks[(instansi, "templat")])
    assert set(wb.sheetnames) == expected_sheets(catalog, instansi)
    assert wb.sheetnames[:2] == ["Sampul", "Petunjuk"]
    for hidden in (SHEET_DAFTAR, SHEET_META, SHEET_XLWINGS):
        assert wb[hidden].sheet_state == "hidden"
    names = wb.defined_names
    meta = {}
    for key in ("IKU_TEMPLATE_ID", "IKU_TEMPLATE_VERSION", "IKU_INSTANSI", "IKU_TAHUN", "IKU_KIND"):
        (sheet, ref), = names[key].destinations
        meta[key] = wb[sheet][ref.replace("$", "")].value
    assert meta == {"IKU_TEMPLATE_ID": f"iku-excel/{instansi}", "IKU_TEMPLATE_VERSION": TEMPLATE_VERSION,
                    "IKU_INSTANSI": instansi, "IKU_TAHUN": YEAR, "IKU_KIND": "templat"}
    conf = wb[SHEET_XLWINGS]
    assert (conf["A1"].value, conf["B1"].value) == ("UDF Modules", "iku_excel.udf")


@pytest.mark.parametrize("instansi", SEED_INSTANSI)
def test_named_ranges_for_inputs_and_results(instansi, workbooks, catalog):
    wb = openpyxl.load_workbook(workbooks[(instansi, "templat")])
    names = set(wb.defined_names)
    assert {cell.name for cell in PROFIL_CELLS} <= names
    used = {i.spec.dihitung_dari.nama for i in catalog.indicators(instansi) if i.spec.dihitung_dari}
    for key in used:
        reg = layouts(catalog)[key]
        assert {reg.name(c.key) for c in reg.columns} <= names
        table = wb[reg.sheet].tables[f"Tabel{reg.prefix}"]
        assert table.ref.startswith("A5:")
    for item in catalog.indicators(instansi):
        scope = "IKU" if item.jabatan is None else item.jabatan.id
        for what in ("Target", "Realisasi", "Capaian", "Predikat", "TW"):
            assert result_name(scope, item.spec.id, what) in names


@pytest.mark.parametrize("instansi", SEED_INSTANSI)
def test_protection_locking_and_validation(instansi, workbooks):
    wb = openpyxl.load_workbook(workbooks[(instansi, "templat")])
    for ws in wb.worksheets:
        if ws.title == SHEET_XLWINGS:
            continue
        assert ws.protection.sheet, ws.title
        assert not ws.protection.password, ws.title  # protected without a password
    for ws in wb.worksheets:
        formulas_seen = 0
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    formulas_seen += 1
                    assert cell.protection.locked, f"{ws.title}!{cell.coordinate} holds a formula but is unlocked"
        register = next((r for r in layouts(load_catalog()).values() if r.sheet == ws.title), None)
        if ws.title.startswith(("IKU", "IKI")) or (register and any(c.kind == "formula" for c in register.columns)):
            assert formulas_seen, ws.title
    # every unlocked (input) cell of an indicator or register sheet is covered by a validation rule
    for ws in wb.worksheets:
        if not ws.title.startswith(("IKU", "IKI", "Reg ", "Profil", "Perhitungan")):
            continue
        covered = set()
        for dv in ws.data_validations.dataValidation:
            for rng in dv.sqref.ranges:
                for row in ws.iter_rows(min_row=rng.min_row, max_row=rng.max_row, min_col=rng.min_col, max_col=rng.max_col):
                    covered |= {c.coordinate for c in row}
        register = next((r for r in layouts(load_catalog()).values() if r.sheet == ws.title), None)
        # free text by the register's spec; the one input above Reg Izin's table has its own rule
        free_text = {c.header for c in register.columns if c.kind == "text"} if register else set()
        # Profil's table of who holds each jabatan: names, NIP and pangkat are free text
        signer_header = next((c.row for r in ws.iter_rows(max_col=2) for c in r if c.value == "Nama (dengan gelar)"), None)
        for row in ws.iter_rows():
            for cell in row:
                if ws.title == "Profil" and signer_header and cell.row > signer_header:
                    continue
                if cell.protection.locked or cell.coordinate in covered:
                    continue
                header = ws.cell(5, cell.column).value if ws.title.startswith("Reg ") else None
                label = ws.cell(cell.row, 1).value if ws.title == "Profil" else None
                is_text = (header in free_text and cell.row > 5) or \
                    (label and any(w in str(label) for w in ("Jabatan", "Nama", "NIP", "Tempat"))) or \
                    (ws.title.startswith(("IKU", "IKI")) and cell.column == 17)
                assert is_text, f"{ws.title}!{cell.coordinate} is an input without validation"


def test_validation_rules_say_what_is_allowed(workbooks):
    wb = openpyxl.load_workbook(workbooks[("candipuro", "templat")])
    skm = wb["Reg SKM"]
    answer_rules = [dv for dv in skm.data_validations.dataValidation if "C6" in str(dv.sqref)]
    assert answer_rules and answer_rules[0].type == "whole"
    assert (answer_rules[0].formula1, answer_rules[0].formula2) == ("1", "4")
    keg = wb["Reg Kegiatan"]
    lists = {str(dv.sqref): dv.formula1 for dv in keg.data_validations.dataValidation if dv.type == "list"}
    assert '"Ya,Tidak"' in lists.values()
    assert "Daftar_JenisKegiatan" in lists.values()
    docs = wb["Reg Dokumen Desa"]
    dates = [dv for dv in docs.data_validations.dataValidation if dv.type == "date"]
    assert len(dates) == 3


def cached_and_recalculated(path):
    """(sheet, cell, formula, cached, engine value) for every formula cell."""
    register()
    solution = formulas.ExcelModel().loads(str(path)).finish().calculate()
    values = openpyxl.load_workbook(path, data_only=True)
    book = openpyxl.load_workbook(path)
    name = Path(path).name
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type != "f":
                    continue
                got = solution.get(f"'[{name}]{ws.title.upper()}'!{cell.coordinate}")
                got = got.value[0][0] if got is not None else None
                got = got.item() if hasattr(got, "item") else got
                got = "" if got is None or got is formulas.functions.sh.EMPTY else got
                cached = values[ws.title][cell.coordinate].value
                yield ws.title, cell.coordinate, cell.value, ("" if cached is None else cached), got


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("instansi", SEED_INSTANSI)
def test_every_cached_value_equals_a_recalculation(instansi, kind, workbooks):
    differences = []
    count = 0
    for sheet, cell, formula, cached, got in cached_and_recalculated(workbooks[(instansi, kind)]):
        count += 1
        same = cached == got or (isinstance(cached, (int, float)) and isinstance(got, (int, float)) and abs(cached - got) < 1e-9)
        if not same:
            differences.append(f"{sheet}!{cell} {formula}: cached {cached!r}, recalculated {got!r}")
    assert count > 100
    assert not differences, "\n".join(differences[:20])


@pytest.mark.parametrize("instansi", SEED_INSTANSI)
def test_sample_realisasi_equals_the_register_rules(instansi, workbooks, catalog):
    """The workbook's formulas and the rules worked out plainly in tests/oracle.py agree on every indicator."""
    wb = openpyxl.load_workbook(workbooks[(instansi, "contoh")], data_only=True)
    data = sample_registers(catalog, catalog.get(instansi), YEAR)
    for item in catalog.indicators(instansi):
        scope = "IKU" if item.jabatan is None else item.jabatan.id
        (sheet, ref), = wb.defined_names[result_name(scope, item.spec.id, "Realisasi")].destinations
        cell = wb[sheet][ref.replace("$", "")]
        assert cell.column == COL_TAHUNAN + 1 and cell.row > TABLE_HEADER_ROW
        assert cell.value == pytest.approx(oracle.realisasi(item, data)), item.full_id


def test_empty_template_shows_no_error_texts(workbooks):
    """A fresh template is blank where nothing is filled in yet, except capaian needing a target."""
    for instansi in SEED_INSTANSI:
        wb = openpyxl.load_workbook(workbooks[(instansi, "templat")], data_only=True)
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    assert not (isinstance(cell.value, str) and cell.value.startswith("#TIDAK VALID")), \
                        f"{instansi} {ws.title}!{cell.coordinate}: {cell.value}"


def test_randuagung_sample_shows_catalog_targets(workbooks):
    wb = openpyxl.load_workbook(workbooks[("randuagung", "contoh")], data_only=True)
    (sheet, ref), = wb.defined_names["Hasil_IKU_fasilitasi_ditindaklanjuti_Target"].destinations
    assert wb[sheet][ref.replace("$", "")].value == 84
    (sheet, ref), = wb.defined_names["Hasil_IKU_dokumen_desa_tepat_waktu_Target"].destinations
    assert wb[sheet][ref.replace("$", "")].value == 89


def test_print_setup(workbooks):
    wb = openpyxl.load_workbook(workbooks[("ngantang", "contoh")])
    ws = wb["IKI Camat"]
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.paperSize == 9  # A4
    # a fixed scale that fits the table's width: "fit to page" would make Excel drop the page break
    # that keeps the signature with the table's last row
    assert not (ws.sheet_properties.pageSetUpPr and ws.sheet_properties.pageSetUpPr.fitToPage)
    assert 85 <= ws.page_setup.scale <= 100
    assert ws.print_title_rows == "$9:$9"  # the table header repeats on every page
