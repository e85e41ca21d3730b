"""Formulas as Excel saves add-in and Office.js functions: [1]!NAME, 'path\\x.xlam'!NAME, _xldudf_NAME."""

import formulas
import pytest

from iku_excel import udf
from iku_excel.engine.functions import register
from iku_excel.engine.model import canonical
from iku_excel.engine.patch import Edit, patch_workbook
from iku_excel.engine.reader import read_workbook
from iku_excel.process import validate_file

SPELLINGS = {
    "J10": "IF(OR(1>Laporan_Triwulan,'Perhitungan'!$C$8=0),\"\",[1]!IKU_PERSEN('Perhitungan'!$C$7,'Perhitungan'!$C$8))",
    "O10": "IF(N10=\"\",\"\",'C:\\Users\\kasubag\\AppData\\Roaming\\iku.xlam'!IKU_CAPAIAN(N10,G10,R10))",
    "P10": "IF(ISNUMBER(O10),_xldudf_IKU_PREDIKAT(O10),\"\")",
    "O11": "if(n11=\"\",\"\",_xludf.iku_capaian(N11, G11, R11))",
}


def test_canonical_form_ignores_prefixes_case_quotes_and_spaces():
    plain = "IF(N10=\"\",\"\",IKU_CAPAIAN(N10,G10,R10))"
    assert canonical(SPELLINGS["O10"]) == canonical(plain)
    assert canonical("[1]!IKU_PERSEN(A1,B1)") == canonical("_xldudf_IKU_PERSEN(A1, B1)") == "IKU_PERSEN(A1,B1)"
    assert canonical('IF(A1="Ya","Ya","")') != canonical('IF(A1="ya","Ya","")')  # text literals keep their case


def test_submission_with_add_in_spellings_is_the_template_formula(workbooks, tmp_path):
    src = workbooks[("randuagung", "contoh")]
    edited = patch_workbook(src, tmp_path / "addin.xlsx", {"IKU": {c: Edit(formula=f) for c, f in SPELLINGS.items()}})
    book = read_workbook(edited)
    assert book.cell("IKU", 10, 15).formula.startswith("IF(N10=\"\",\"\",'C:\\Users")
    codes = {f.code for f in validate_file(edited).findings}
    assert not codes & {"RUMUS_DIUBAH", "NILAI_TERSIMPAN_BEDA", "RUMUS_DITIMPA"}, codes


def test_a_changed_formula_with_a_link_prefix_is_recalculated(workbooks, tmp_path):
    src = workbooks[("randuagung", "contoh")]
    edited = patch_workbook(src, tmp_path / "ubah.xlsx", {"IKU": {"O10": Edit(formula="[1]!IKU_PERSEN(G10,N10)")}})
    report, values = validate_file(edited, with_values=True)
    assert "RUMUS_DIUBAH" in {f.code for f in report.findings}
    book = read_workbook(edited)
    expected = udf.iku_persen(book.value("IKU", 10, 7), book.value("IKU", 10, 14))  # target 84 over realisasi
    assert values[("IKU", 10, 15)] == pytest.approx(expected)
    # and the predikat that reads it follows the new value
    assert values[("IKU", 10, 16)] == udf.iku_predikat(expected)


@pytest.mark.parametrize("spelling", ["IKU_PERSEN", "_xldudf_IKU_PERSEN", "_XLDUDF_IKU_PERSEN"])
def test_the_engine_knows_every_registered_spelling(spelling):
    register()
    func = formulas.Parser().ast(f"={spelling}(42,50)")[1].compile()
    assert func().item() == 84.0
