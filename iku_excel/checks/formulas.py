"""Formula cells: still the template's formula? cached value right? error values explained."""

from __future__ import annotations

import re

from iku_excel.calc.numbers import format_number
from iku_excel.checks.findings import Finding, finding
from iku_excel.checks.submission import Submission
from iku_excel.engine.model import Key, TemplateModel, canonical
from iku_excel.engine.reader import Workbook
from iku_excel.excel import ERRORS
from iku_excel.excel import a1 as excel_a1

EXCEL_ERRORS = ERRORS
OUR_FUNCTION = re.compile(r"\b(?:IKU|IKM|IDM)_[A-Z_]+\s*\(", re.IGNORECASE)
ERROR_ADVICE = {
    "#DIV/0!": "pembagian dengan nol: periksa penyebut",
    "#VALUE!": "jenis isian salah (teks di tempat angka?)",
    "#REF!": "rujukan ke sel yang sudah dihapus; jangan menghapus baris/kolom templat",
    "#NAME?": "nama fungsi atau nama sel tidak dikenal",
    "#N/A": "nilai tidak tersedia",
    "#NUM!": "angka di luar jangkauan",
    "#NULL!": "rentang tidak beririsan",
}


def a1(key: Key) -> str:
    return excel_a1(key[1], key[2])


def shown(value: object) -> str:
    if isinstance(value, float):
        return format_number(value, 4)
    if value in (None, ""):
        return "(kosong)"
    return repr(value) if isinstance(value, str) else str(value)


def same(cached: object, recalculated: object) -> bool:
    cached = "" if cached is None else cached
    recalculated = "" if recalculated is None else recalculated
    if isinstance(cached, (int, float)) and isinstance(recalculated, (int, float)) and not isinstance(cached, bool):
        # LibreOffice stores 15 significant digits
        return abs(cached - recalculated) <= 1e-9 * max(1.0, abs(recalculated))
    return cached == recalculated


def check(sub: Submission) -> list[Finding]:
    """Findings about formula cells; the recalculated value of every template formula cell is left
    on the submission (sub.values). Shown values are not compared when a sheet is missing:
    recalculation then has nothing to stand on."""
    book, model, expected, compare_values = sub.book, sub.model, sub.expected, sub.intact
    out: list[Finding] = []
    changed: dict[Key, str] = {}
    overwritten: set[Key] = set()
    sheets = {name: sheet.cells for name, sheet in book.sheets.items()}
    found: dict[Key, object] = {}  # the submission's cell at every template formula cell
    for key, formula in model.formulas.items():
        here = sheets.get(key[0])
        if here is None:
            continue  # reported once as LEMBAR_HILANG
        cell = found[key] = here.get(key[1:])
        if cell is None or cell.formula is None:
            overwritten.add(key)
            if cell is None or cell.value in (None, ""):
                out.append(finding("RUMUS_DITIMPA", key[0], a1(key), variant="cleared", formula=formula))
            else:
                out.append(finding("RUMUS_DITIMPA", key[0], a1(key), variant="value", formula=formula,
                                   value=shown(cell.value)))
        elif cell.formula != formula and canonical(cell.formula) != model.canonical[key]:
            changed[key] = cell.formula
            out.append(finding("RUMUS_DIUBAH", key[0], a1(key), formula=cell.formula, template=formula))
    recalculated = dict(expected)
    if changed or overwritten:
        # the formulas engine (numpy, schedula) is loaded only for files that need it
        from iku_excel.engine.generic import Recalculator

        engine = Recalculator(book, model, expected)
        cyclic = engine.run(changed, overwritten)
        recalculated.update(engine.results)
        recalculated.update(engine.constants)
        for key in cyclic:
            if key in changed:
                out.append(finding("RUMUS_MELINGKAR", key[0], a1(key), formula=changed[key]))
    # cached values; an error value is explained below instead
    inactive = functions_inactive(book)
    for key, cell in found.items() if compare_values else ():
        if key in overwritten:
            continue
        cached = None if cell is None else cell.value
        if cell is not None and cell.kind == "e":
            continue
        if same(cached, recalculated.get(key)):
            continue
        if inactive and cached in (None, ""):
            continue  # blank because a function it depends on gave #NAME?: FUNGSI_TIDAK_AKTIF says so
        if key in model.headline:
            # what a reader or a printout of the signed table sees: a number that is not what the
            # inputs give is an error, whatever the reason (a forged cell, or a save outside Excel)
            out.append(finding("HASIL_TAMPIL_BEDA", key[0], a1(key), what=model.headline[key], shown=shown(cached),
                               expected=shown(recalculated.get(key))))
        else:
            out.append(finding("NILAI_TERSIMPAN_BEDA", key[0], a1(key), shown=shown(cached),
                               expected=shown(recalculated.get(key))))
    for f in error_values(book, inactive):
        out.append(f)
    for f in formula_messages(model, recalculated):
        out.append(f)
    sub.values = recalculated
    return out


def functions_inactive(book: Workbook) -> bool:
    """The IKU_/IKM_ functions did not run where this workbook was last saved (#NAME? cached)."""
    return any(cell.value == "#NAME?" and cell.formula and OUR_FUNCTION.search(cell.formula)
               for sheet in book.sheets.values() for cell in sheet.cells.values())


def error_values(book: Workbook, inactive: bool | None = None) -> list[Finding]:
    """Error values in cells. #NAME? where the IKU_/IKM_ functions did not run is one finding
    per sheet, and so is every #NAME? that follows from them (a roll-up of such a cell):
    the inputs are what counts, and the checker has recalculated from them."""
    findings, name_errors = [], {}
    if inactive is None:
        inactive = functions_inactive(book)
    for sheet in book.sheets.values():
        errors = [(rc, cell) for rc, cell in sheet.cells.items()
                  if cell.kind == "e" or (cell.formula and isinstance(cell.value, str) and cell.value in EXCEL_ERRORS)]
        for (r, c), cell in sorted(errors, key=lambda e: e[0]):
            key = (sheet.name, r, c)
            if cell.value == "#NAME?" and cell.formula:
                name_errors.setdefault(sheet.name, []).append(key)
                continue
            advice = ERROR_ADVICE.get(str(cell.value), "periksa rumus dan isian yang dirujuknya")
            findings.append(finding("NILAI_GALAT", sheet.name, a1(key), value=cell.value, advice=advice))
    for sheet, keys in name_errors.items():
        if inactive:
            findings.append(finding("FUNGSI_TIDAK_AKTIF", sheet, a1(keys[0]), count=len(keys)))
        else:
            findings += [finding("NILAI_GALAT", k[0], a1(k), value="#NAME?", advice=ERROR_ADVICE["#NAME?"]) for k in keys]
    return findings


def formula_messages(model: TemplateModel, recalculated: dict[Key, object]) -> list[Finding]:
    """A '#TIDAK VALID: ...' result in an IKU/IKI row: reported where it first appears in the row."""
    findings = []
    rows: dict[tuple[str, int], Key] = {}
    for key in model.result_cells:
        sheet, r, _c = key
        value = recalculated.get(key)
        if isinstance(value, str) and value.startswith(("#TIDAK VALID", "#GALAT")) and (sheet, r) not in rows:
            rows[(sheet, r)] = key
            findings.append(finding("PESAN_RUMUS", sheet, a1(key), message=value[1:]))
    return findings
