"""Macro-enabled workbooks: the .xlsm carries its own VBA functions and computes with nothing installed.

Checked by engines nobody here wrote: LibreOffice loads each .xlsm with a fresh
profile and nothing in its application Basic library, recalculates everything,
and must give what iku-excel's own engine gives, with no error cell; oletools
reads the module back out of the file.
"""

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from openpyxl.utils.cell import get_column_letter

from iku_excel import udf, vba
from iku_excel.calc import bands as bands_module
from iku_excel.demo.sample import build_sample
from iku_excel.process import validate_file
from iku_excel.templates import template_filename

from .conftest import ROOT, SEED_INSTANSI, YEAR, require_uno, run_harness, same

COMMITTED = ROOT / "workbook_templates"
MACROS = ROOT / "macros"


def code_lines(text: str) -> list[str]:
    """A module's code without the header lines the VBE adds or drops (Attribute ...)."""
    return [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")
            if line.strip() and not line.startswith("Attribute ")]


def test_macros_folder_is_the_rendered_module():
    for name in vba.MODULES:
        raw = (MACROS / f"{name}.bas").read_bytes()
        assert b"\n" not in raw.replace(b"\r\n", b""), f"macros/{name}.bas: every line must end in CRLF for Import File"
        assert (MACROS / f"{name}.bas").read_text(encoding="ascii") == vba.module_source(name), (
            f"macros/{name}.bas differs from iku_excel/data/vba and bands.yaml: run `iku-excel makro` and commit")


def test_the_module_is_excel_vba_only_the_13_functions_are_public():
    source = vba.module_source("IKU_Fungsi")
    assert "VBASupport" not in source  # LibreOffice-only: Excel refuses to compile it
    for line in source.splitlines():
        if line.startswith("Option "):
            assert re.match(r"Option (Base|Compare|Explicit|Private Module)\b", line), line
    public = re.findall(r"^Public (?:Function|Sub) (\w+)", source, re.MULTILINE)
    # the 13 functions, and the Sub that registers their Insert Function help (ThisWorkbook calls it)
    assert sorted(public) == sorted([*udf.FUNCTIONS, "IKU_DaftarkanBantuan"])
    assert not re.search(r"^(?:Function|Sub) ", source, re.MULTILINE), "a procedure without Private is Public in VBA"
    source.encode("ascii")


def test_band_tables_follow_the_data_and_a_drift_is_caught():
    source = vba.module_source("IKU_Fungsi")
    ikm = bands_module.band_set("ikm_2017")
    for band in ikm.bands[:-1]:
        assert f"v >= {band.min:g}" in source
    from iku_excel.calc.ikm import KREJCIE_MORGAN

    assert "SampleTableMinimums = Array(" + ", ".join(str(s) for _n, s in KREJCIE_MORGAN[:12]) in source
    # a hand edit of an edge is what the macros test above fails on
    assert source.replace("v >= 88.31", "v > 88.31") != (MACROS / "IKU_Fungsi.bas").read_text(encoding="ascii")


@pytest.mark.parametrize("instansi", SEED_INSTANSI)
def test_committed_xlsm_templates_are_what_the_generator_makes(instansi, macro_workbooks):
    committed = COMMITTED / template_filename(instansi, YEAR, macros=True)
    assert committed.exists(), f"run: iku-excel templat  (missing {committed.name})"
    assert committed.read_bytes() == Path(macro_workbooks[(instansi, "templat")]).read_bytes(), (
        f"{committed.name} differs from a fresh generation: run `iku-excel templat` and commit the result")


def test_vba_project_is_deterministic():
    source = vba.module_source("IKU_Fungsi")
    assert vba._project_for.__wrapped__(source) == vba._project_for.__wrapped__(source)


@pytest.mark.parametrize("instansi", SEED_INSTANSI)
def test_oletools_reads_back_the_module_from_each_xlsm(instansi):
    from oletools.olevba import VBA_Parser

    path = COMMITTED / template_filename(instansi, YEAR, macros=True)
    parser = VBA_Parser(str(path))
    try:
        modules = {stream.split("/")[-1]: code for _f, stream, _n, code in parser.extract_macros()}
    finally:
        parser.close()
    assert code_lines(modules["IKU_Fungsi"]) == code_lines((MACROS / "IKU_Fungsi.bas").read_text(encoding="ascii"))
    with zipfile.ZipFile(path) as z:
        assert 'codeName="ThisWorkbook"' in z.read("xl/workbook.xml").decode()
        assert "application/vnd.ms-excel.sheet.macroEnabled.main+xml" in z.read("[Content_Types].xml").decode()


def _compare(path, theirs):
    """Every formula cell of `path` as LibreOffice computed it against iku-excel's engine."""
    _report, ours = validate_file(path, with_values=True)
    problems, errors = [], []
    for key, value in theirs.items():
        if isinstance(value, dict):
            errors.append(f"{key}: Err:{value['error']}")
    for (sheet, row, col), value in ours.items():
        key = f"{sheet}!{row},{col}"
        if not same(theirs.get(key), "" if value is None else value):
            problems.append(f"{Path(path).name} {sheet}!{get_column_letter(col)}{row}: LibreOffice {theirs.get(key)!r}, "
                            f"iku-excel {value!r}")
    return len(ours), problems, errors


def test_each_xlsm_computes_in_libreoffice_with_only_its_own_vba(macro_workbooks, workbooks, tmp_path):
    """Fresh profile, nothing in the application Basic library: the functions can only come from
    the file. The same samples as .xlsx give Err:525 (#NAME?), which proves it."""
    require_uno()
    xlsm = [COMMITTED / template_filename(i, YEAR, macros=True) for i in SEED_INSTANSI]
    xlsm += [macro_workbooks[(i, "contoh")] for i in SEED_INSTANSI]
    plain = [workbooks[(i, "contoh")] for i in SEED_INSTANSI]
    result = run_harness(tmp_path, workbooks=xlsm + plain, module=None)["workbooks"]
    compared, problems, errors = 0, [], []
    for path in xlsm:
        n, p, e = _compare(path, result[str(path)])
        compared += n
        problems += p
        errors += [f"{Path(path).name} {x}" for x in e]
    assert compared > 4000
    assert not errors, "\n".join(errors[:30])
    assert not problems, "\n".join(problems[:30])
    for path in plain:
        codes = {v["error"] for v in result[str(path)].values() if isinstance(v, dict)}
        assert 525 in codes, f"{Path(path).name}: a plain .xlsx computed without any VBA?"


REGION_BANDS = """\
predikat_lkjip:
  judul: Predikat capaian kinerja (Kabupaten Contoh)
  sumber: peraturan bupati contoh
  round: 2
  bands:
    - {min: 98, kode: Sangat Baik, label: Sangat Baik}
    - {min: 90, kode: Baik, label: Baik}
    - {min: 80, kode: Cukup, label: Cukup}
    - {min: 70, kode: Kurang, label: Kurang}
    - {kode: Sangat Kurang, label: Sangat Kurang}
"""


def test_a_regions_band_set_reaches_its_xlsm(tmp_path):
    """IKU_EXCEL_BANDS changes the predikat edges: the .xlsm's VBA must use the region's
    edges, as its cached values (computed in Python) do. Run in a fresh process so the
    cached band sets of this one are not touched."""
    require_uno()
    bands = tmp_path / "pita.yaml"
    bands.write_text(REGION_BANDS, encoding="utf-8")
    out = tmp_path / "contoh_region.xlsm"
    script = (
        "import sys; from iku_excel.catalog import load_catalog; from iku_excel.demo.sample import build_sample;"
        "from iku_excel import vba;"
        f"build_sample(load_catalog(), 'candipuro', {YEAR}, sys.argv[1]);"
        "src = vba.module_source(); assert 'v >= 98' in src and 'v >= 91' not in src, src"
    )
    env = {"IKU_EXCEL_BANDS": str(bands), "PATH": "/usr/bin:/bin"}
    subprocess.run([sys.executable, "-c", script, str(out)], check=True, env=env, cwd=ROOT)
    result = run_harness(tmp_path, workbooks=[out], module=None)["workbooks"][str(out)]
    from openpyxl import load_workbook

    cached = load_workbook(out, data_only=True)
    checked = 0
    for key, value in result.items():
        sheet, rc = key.rsplit("!", 1)
        row, col = (int(x) for x in rc.split(","))
        if sheet == "IKU" and value in ("Sangat Baik", "Baik", "Cukup", "Kurang", "Sangat Kurang"):
            capaian = result[f"IKU!{row},{col - 1}"]
            expected = next(b.label for b in bands_module.load_band_file(bands)["predikat_lkjip"].bands
                            if b.min is None or round(capaian, 2) >= b.min)
            assert value == expected == cached["IKU"].cell(row, col).value, (key, capaian, value)
            checked += 1
    assert checked >= 3


def test_macro_sample_validates_like_the_plain_one(macro_workbooks, workbooks):
    for instansi in SEED_INSTANSI:
        a = validate_file(macro_workbooks[(instansi, "contoh")])
        b = validate_file(workbooks[(instansi, "contoh")])
        assert a.status == b.status != "error"
        assert [f for f in a.findings if f.code != "MAKRO_ADA"] == [f for f in b.findings if f.code != "MAKRO_ADA"]
        assert "MAKRO_ADA" in {f.code for f in a.findings}


def test_xlsm_and_xlsx_hold_the_same_cells(tmp_path, catalog):
    """Only the VBA project (and the code names that tie sheets to it) differ."""
    a = build_sample(catalog, "larangan", YEAR, tmp_path / "a.xlsm")
    b = build_sample(catalog, "larangan", YEAR, tmp_path / "b.xlsx")
    with zipfile.ZipFile(a) as za, zipfile.ZipFile(b) as zb:
        sheets = [n for n in zb.namelist() if n.startswith("xl/worksheets/sheet")]
        for name in sheets:
            strip = re.compile(rb'<sheetPr codeName="Sheet\d+"/>| codeName="Sheet\d+"')
            assert strip.sub(b"", za.read(name)) == zb.read(name), name
        assert "xl/vbaProject.bin" in za.namelist() and "xl/vbaProject.bin" not in zb.namelist()


def test_a_workbook_saved_where_the_functions_did_not_run_is_a_warning_not_an_error(workbooks, tmp_path):
    """A real one: LibreOffice recalculates the plain .xlsx sample with no VBA (Err:525 everywhere
    the functions are used) and saves it. Its inputs are sound, so the regency is not asked to
    act: one warning per sheet telling the office to use the .xlsm, and the recalculated values."""
    require_uno()
    src = workbooks[("larangan", "contoh")]
    saved = tmp_path / "kiriman_larangan_tanpa_makro.xlsx"
    result = run_harness(tmp_path, workbooks=[src], module=None, save={src: saved})["workbooks"][str(src)]
    assert any(isinstance(v, dict) and v["error"] == 525 for v in result.values())
    report, values = validate_file(saved, with_values=True)
    codes = {f.code for f in report.findings}
    assert "FUNGSI_TIDAK_AKTIF" in codes and "NILAI_GALAT" not in codes, codes
    assert report.status != "error", [f.message for f in report.findings if f.severity == "error"]
    hint = next(f for f in report.findings if f.code == "FUNGSI_TIDAK_AKTIF")
    assert hint.severity == "warning" and ".xlsm" in hint.message and "F9" not in hint.message
    _original, expected = validate_file(src, with_values=True)
    assert all(same(values[k], v) for k, v in expected.items())


def test_the_buttons_module_writes_every_checker_field_as_text():
    source = vba.module_source("IKU_Tombol")
    writes = re.findall(r"^\s*(.*fields\(\d\).*)$", source, re.MULTILINE)
    cell_writes = [w for w in writes if "Cells(" in w]
    assert len(cell_writes) == 5 and all(w.startswith("PutText ") for w in cell_writes), cell_writes
    body = source[source.index("Private Sub PutText"):source.index("End Sub", source.index("Private Sub PutText"))]
    assert all(f'"{c}"' in body for c in "=+-@") and "\"'\" & text" in body


def test_setup_help_names_only_what_a_pip_install_has():
    """After `pip install iku-excel` there is no macros/ or workbook_templates/ folder: the
    help names the commands that write those files instead."""
    from iku_excel.excel_setup import setup

    for platform in ("win32", "darwin", "linux"):
        lines = []
        setup(platform, run=lambda *a, **k: type("R", (), {"returncode": 0, "stdout": "", "stderr": ""})(),
              echo=lines.append)
        text = "\n".join(lines)
        assert "macros/" not in text and "workbook_templates" not in text, platform
        assert "iku-excel templat" in text and "iku-excel makro" in text and ".xlsm" in text


def test_modules_ship_inside_the_package(tmp_path):
    written = vba.export_modules(tmp_path)
    assert [p.name for p in written] == ["IKU_Fungsi.bas", "IKU_Tombol.bas"]
    assert written[0].read_text(encoding="ascii") == (MACROS / "IKU_Fungsi.bas").read_text(encoding="ascii")


def test_numbers_show_as_indonesian_staff_expect(workbooks):
    """No format that shows 85 as "85," in Excel; years as 2025 (not 2.025); counts whole."""
    import openpyxl

    from iku_excel.catalog import load_catalog
    from iku_excel.registers.spec import layouts
    from iku_excel.templates.layout import COL_TARGET, COL_TW1, PROFIL, PROFIL_CELLS

    for instansi in SEED_INSTANSI:
        wb = openpyxl.load_workbook(workbooks[(instansi, "contoh")])
        for ws in wb:
            for row in ws.iter_rows():
                for cell in row:
                    assert cell.number_format != "#,##0.##", (instansi, ws.title, cell.coordinate)
    wb = openpyxl.load_workbook(workbooks[("ngantang", "contoh")])
    year = wb["Profil"].cell(PROFIL["Profil_Tahun"].row + 1, 2)
    assert year.value == 2025 and year.number_format in ("General", "0")  # 2025, not 2.025
    triwulan = wb["Reg Izin"].cell(6, layouts(load_catalog())["izin"].col("Triwulan") + 1)  # derived from the date: a whole number
    assert triwulan.value.startswith("=IF(") and triwulan.number_format == "#,##0"
    whole = {cell.name for cell in PROFIL_CELLS if cell.kind == "whole"}
    for r, name, *_ in PROFIL_CELLS:
        fmt = wb["Profil"].cell(r + 1, 2).number_format
        assert fmt == ("#,##0" if name in whole else "General") or name in (
            "Profil_Instansi", "Profil_Kabupaten", "Profil_Tahun", "Profil_Jabatan", "Profil_Camat", "Profil_NIP",
            "Profil_TempatTanggal", "Profil_AtasanJabatan", "Profil_AtasanNama"), (name, fmt)
    from iku_excel.catalog import load_catalog
    from iku_excel.catalog.kinds import KINDS
    from iku_excel.templates.layout import result_name

    book = openpyxl.load_workbook(workbooks[("larangan", "contoh")])
    kinds, targets = {}, {}
    for item in load_catalog().indicators("larangan"):
        sheet, ref = next(iter(book.defined_names[result_name("IKU", item.spec.id, "Realisasi")].destinations))
        kinds[item.spec.jenis] = book[sheet][ref.replace("$", "")].number_format
        sheet, ref = next(iter(book.defined_names[result_name("IKU", item.spec.id, "Target")].destinations))
        targets[item.spec.jenis] = book[sheet][ref.replace("$", "")].number_format
    assert any(KINDS[k].whole for k in kinds), kinds
    assert all(fmt == ("#,##0" if KINDS[kind].whole else "#,##0.00") for kind, fmt in kinds.items()), kinds
    # a count's target with the thousands dot, as its realisasi (3.984 beside 4.617); a percentage as typed
    assert all(fmt == ("#,##0" if KINDS[kind].whole else "General") for kind, fmt in targets.items()), targets
    assert book["IKU"].cell(11, COL_TARGET + 1).number_format == "#,##0"  # Jumlah Desa Tematik
    assert wb["IKI Sekcam"].cell(11, COL_TW1 + 1).number_format in ("#,##0.00", "#,##0")
