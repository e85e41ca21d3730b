"""The VBA modules: the Excel functions for workbooks that compute with no Python.

`IKU_Fungsi.bas` is the formula library again, in VBA, so that a `.xlsm`
template computes in any desktop Excel (and LibreOffice) with nothing to
install. Its hand-written part lives in `iku_excel/data/vba/`; the tables it
classifies with — the band sets (IKM mutu, IDM status, predikat) and the
Krejcie–Morgan sample sizes — are generated here from the same data the
Python uses, so a region's own band set (IKU_EXCEL_BANDS) reaches its `.xlsm`
too and the two cannot drift. `macros/` in the repository holds the rendered
modules for people who import them by hand; a test keeps it equal to this.

The VBA project (vbaProject.bin) is built with pyOpenVBA from an Office-made
empty project: pure Python, its output is deterministic, and oletools reads the
module back as written.
"""

from __future__ import annotations

import functools
import io
import os
import zipfile
from importlib import resources
from pathlib import Path

from iku_excel.calc.bands import BandSet, band_set
from iku_excel.calc.basic import IDM_BANDS
from iku_excel.calc.capaian import PREDIKAT_BANDS
from iku_excel.calc.ikm import IKM_BANDS
from iku_excel.calc.numbers import format_number
from iku_excel.files import temp_dir

MODULES = ("IKU_Fungsi", "IKU_Tombol")
FUNCTIONS_MODULE = "IKU_Fungsi"
MARKER = "'@@ GENERATED @@"

# Which band set each generated VBA function classifies with: the same names the
# Python functions use by default (calc.capaian.predikat, calc.ikm.mutu, calc.basic.idm_status).
BAND_FUNCTIONS = (("BandPredikat", PREDIKAT_BANDS), ("BandIkm", IKM_BANDS), ("BandIdm", IDM_BANDS))


def vba_string(text: str) -> str:
    """A VBA string expression for any text: the module stays ASCII (VBA source is
    read in the machine's code page), so other characters become ChrW(n)."""
    parts, plain = [], ""
    for ch in text:
        if 32 <= ord(ch) < 127:
            plain += '""' if ch == '"' else ch
        else:
            if plain:
                parts.append(f'"{plain}"')
                plain = ""
            parts.append(f"ChrW({ord(ch)})")
    if plain or not parts:
        parts.append(f'"{plain}"')
    return " & ".join(parts)


def _number(value: float) -> str:
    """A VBA numeric literal (always with '.', whatever the locale)."""
    return repr(float(value)).removesuffix(".0") if float(value) == int(value) else repr(float(value))


def band_function(name: str, bands: BandSet) -> list[str]:
    """One band set as a VBA function: value -> kode (or label with wantLabel), with the
    same rounding, half-open edges and out-of-range message as BandSet.classify."""
    lines = [
        f"Private Function {name}(ByVal value As Double, ByVal wantLabel As Boolean) As String",
        f"    ' {bands.name}: {''.join(c if ord(c) < 127 else '?' for c in bands.judul)}",
        "    Dim v As Double",
        f"    v = RoundHalfUp(value, {bands.round})",
    ]
    if bands.min_value is not None or bands.max_value is not None:
        tests = []
        if bands.min_value is not None:
            tests.append(f"v < {_number(bands.min_value)}")
        if bands.max_value is not None:
            tests.append(f"v > {_number(bands.max_value)}")
        message = (f" di luar rentang {format_number(bands.min_value or 0)}–{format_number(bands.max_value or 0)} "
                   f"untuk {bands.judul}")
        lines += [
            f"    If {' Or '.join(tests)} Then",
            f'        {name} = TidakValid("nilai " & FormatNumberID(v, {bands.round}) & {vba_string(message)})',
            "        Exit Function",
            "    End If",
        ]
    for i, band in enumerate(bands.bands):
        if band.min is not None:
            test = f"v >= {_number(band.min)}"
        elif band.above is not None:
            test = f"v > {_number(band.above)}"
        else:
            test = None
        keyword = "If" if i == 0 else "ElseIf"
        lines.append(f"    {keyword} {test} Then" if test else "    Else")
        if band.label == band.kode:
            lines.append(f"        {name} = {vba_string(band.label)}")
        else:
            lines.append(f"        If wantLabel Then {name} = {vba_string(band.label)} Else {name} = {vba_string(band.kode)}")
    lines += ["    End If", "End Function"]
    return lines


def _array_function(name: str, comment: str, values: list[int]) -> list[str]:
    # VBA allows at most 24 line continuations in one statement: 12 numbers a line is plenty
    rows = [", ".join(str(v) for v in values[i:i + 12]) for i in range(0, len(values), 12)]
    body = ", _\n        ".join(rows)
    return [f"Private Function {name}() As Variant", f"    ' {comment}", f"    {name} = Array({body})", "End Function"]


def generated_code() -> str:
    """The generated part of IKU_Fungsi.bas, from the band sets in force, the sample table and the
    Function Wizard help of udf.HELP."""
    from iku_excel.calc.ikm import KREJCIE_MORGAN

    lines = ["' ---- bands and tables: generated by iku-excel from its data, do not edit here ----------------", ""]
    for name, set_name in BAND_FUNCTIONS:
        lines += band_function(name, band_set(set_name)) + [""]
    comment = "Krejcie & Morgan (1970), as reproduced in PermenPANRB 14/2017:"
    lines += _array_function("SampleTablePopulations", comment + " population N", [n for n, _s in KREJCIE_MORGAN]) + [""]
    lines += _array_function("SampleTableMinimums", comment + " minimum respondents S", [s for _n, s in KREJCIE_MORGAN])
    return "\n".join(lines + [""] + help_code())


def help_code() -> list[str]:
    """IKU_DaftarkanBantuan: each function's help in Insert Function (Sisipkan Fungsi), in Bahasa
    Indonesia, registered with Application.MacroOptions as the workbook opens: the same texts as the
    xlwings functions' (udf.HELP). ArgumentDescriptions exists from Excel 2010 on; an older Excel
    gets the description alone, and an application without MacroOptions (LibreOffice) none."""
    from iku_excel.udf import CATEGORY, HELP

    ikm = band_set(IKM_BANDS)
    words = {"predikat": band_set(PREDIKAT_BANDS).describe(), "mutu": ikm.describe(use_kode=True),
             "kinerja": ", ".join(ikm.labels), "idm": band_set(IDM_BANDS).describe()}
    lines = ["Public Sub IKU_DaftarkanBantuan()",
             "    ' Insert Function help for each function; called by ThisWorkbook's Workbook_Open",
             "    Dim uraian As String, argumen As Variant"]
    for name, (doc, args) in HELP.items():
        lines.append(f"    uraian = {vba_string(doc.format(**words))}")
        lines.append("    argumen = Array()")
        if args:
            lines.append(f"    ReDim argumen(0 To {len(args) - 1})")
            lines += [f"    argumen({i}) = {vba_string(text)}" for i, (text, _options) in enumerate(args.values())]
        lines.append(f'    DaftarkanFungsi "{name.upper()}", uraian, argumen')
    lines += ["End Sub", "",
              "Private Sub DaftarkanFungsi(ByVal nama As String, ByVal uraian As String, ByVal argumen As Variant)",
              "    On Error Resume Next",
              f'    Application.MacroOptions Macro:=nama, Description:=uraian, Category:="{CATEGORY}", _',
              "        ArgumentDescriptions:=argumen",
              "    If Err.Number <> 0 Then",
              "        Err.Clear",
              f'        Application.MacroOptions Macro:=nama, Description:=uraian, Category:="{CATEGORY}"',
              "    End If",
              "End Sub"]
    return lines


# ThisWorkbook's code in the template's .xlsm. A workbook opened before its macros were enabled
# shows #NAME? where the functions stand; once they are enabled, this computes every formula again,
# so that an office need not know Ctrl+Alt+F9. LibreOffice runs the same event.
THIS_WORKBOOK = """Option Explicit

Private Sub Workbook_Open()
    On Error Resume Next
    IKU_DaftarkanBantuan
    Application.CalculateFull
End Sub
"""
DOCUMENT_MODULE_MARK = 'Attribute VB_Base = "0{000208'  # ThisWorkbook and each sheet's module


def expected_modules() -> dict[str, str]:
    """The code of every module a template's .xlsm carries, by module name."""
    return {FUNCTIONS_MODULE: module_source(FUNCTIONS_MODULE), "ThisWorkbook": THIS_WORKBOOK}


def read_modules(path: str | Path) -> dict[str, tuple[str, bool]]:
    """The VBA modules of a workbook (its xl/vbaProject.bin, whatever the file's name ends in):
    name -> (code, is a document module). Raises ValueError when the project cannot be read."""
    from pyopenvba.cfb import CFB
    from pyopenvba.vba import parse_vba_project

    try:
        with zipfile.ZipFile(path) as z:
            member = next(n for n in z.namelist() if n.lower().endswith("vbaproject.bin"))
            project = parse_vba_project(CFB.from_bytes(z.read(member)))
        modules = {m.name: m.source for m in project.modules}
    except Exception as exc:  # a damaged or hostile project: which fault, not a traceback
        raise ValueError(f"{type(exc).__name__}: {exc}") from None
    return {name: (code, DOCUMENT_MODULE_MARK in code) for name, code in modules.items()}


def _lines(code: str) -> list[str]:
    """A module's code as compared: without the VBE's Attribute header and Option Explicit (which
    the editor adds to a module by a user setting), trailing spaces and blank edges."""
    lines = [line.rstrip() for line in code.replace("\r\n", "\n").replace("\r", "\n").split("\n")
             if not line.startswith("Attribute ") and line.strip().lower() != "option explicit"]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return lines


def differences(found: dict[str, tuple[str, bool]]) -> list[tuple[str, int | None, str]]:
    """Where a workbook's VBA differs from the template's: (module, first differing line or None
    for a module the template does not have, that line's text). A sheet's document module may be
    there (Excel makes one per sheet, named in the user's language) but hold no code."""
    expected = {name: _lines(code) for name, code in expected_modules().items()}
    out = []
    for name, (code, document) in found.items():
        mine = _lines(code)
        want = expected.get(name)
        if want is None:
            if document and not mine:
                continue
            out.append((name, None, ""))
            continue
        for i in range(max(len(mine), len(want))):
            a = mine[i] if i < len(mine) else "(akhir modul)"
            b = want[i] if i < len(want) else "(akhir modul)"
            if a != b:
                out.append((name, i + 1, a.strip()[:60]))
                break
    return out


def module_source(name: str = FUNCTIONS_MODULE) -> str:
    """The text of one VBA module, as a user imports it (LF line ends, ASCII)."""
    if name not in MODULES:
        raise ValueError(f"modul VBA '{name}' tidak dikenal")
    text = resources.files("iku_excel.data").joinpath("vba", f"{name}.bas").read_text(encoding="ascii")
    if MARKER in text:
        text = text.replace(MARKER, generated_code())
    return text


def export_modules(folder: str | Path) -> list[Path]:
    """Write the modules (rendered with the band sets in force) into `folder`, atomically."""
    from iku_excel.files import write_bytes_atomic

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    # CRLF: the VBA editor's Import File reads a module with bare LF line ends badly
    return [write_bytes_atomic(folder / f"{name}.bas", module_source(name).replace("\n", "\r\n").encode("ascii"))
            for name in MODULES]


def vba_project() -> bytes:
    """vbaProject.bin holding the IKU_Fungsi module, for the band sets in force."""
    return _project_for(module_source(FUNCTIONS_MODULE))


@functools.lru_cache(maxsize=4)
def _project_for(source: str) -> bytes:
    from pyopenvba import ExcelFile

    # The module's own "Attribute VB_Name" line is the VBE's export header: pyOpenVBA
    # writes the attributes itself from the module name.
    code = "\r\n".join(line for line in source.splitlines() if not line.startswith("Attribute VB_Name"))
    with temp_dir("vba") as tmp:
        path = os.path.join(tmp, "kosong.xlsm")
        with ExcelFile.create_new(path) as book:
            project = book.vba_project()
            for extra in [m for m in book.module_names() if m not in ("ThisWorkbook", "Sheet1")]:
                project.delete_module(extra)  # the empty project's "Module1"
            project.add_module(FUNCTIONS_MODULE, code + "\r\n")
            book.set_module("ThisWorkbook", THIS_WORKBOOK.replace("\n", "\r\n"))
            book.save()
        with zipfile.ZipFile(path) as z:
            return z.read("xl/vbaProject.bin")


def project_stream() -> io.BytesIO:
    """The VBA project as XlsxWriter's add_vba_project(..., is_stream=True) takes it."""
    return io.BytesIO(vba_project())
