"""The one-pass reader: shared formulas, inline strings, booleans, errors, names, tables."""

import zipfile

import pytest

from iku_excel.engine.reader import parse_ref, read_workbook

CT = ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="xml" ContentType="application/xml"/></Types>')
WB = ('<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
      '<sheet name="Data Satu" sheetId="1" r:id="rId1"/><sheet name="Rahasia" sheetId="2" state="hidden" r:id="rId2"/>'
      '</sheets><definedNames><definedName name="Angka">\'Data Satu\'!$A$1:$A$3</definedName>'
      '<definedName name="_xlnm.Print_Area" localSheetId="0">\'Data Satu\'!$A$1:$C$3</definedName></definedNames></workbook>')
RELS = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Type="worksheet" Target="/xl/worksheets/sheet2.xml"/>'
        '<Relationship Id="rId3" Type="sharedStrings" Target="sharedStrings.xml"/></Relationships>')
SST = ('<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
       '<si><t>Ya</t></si><si><r><t>Desa </t></r><r><t>Contoh</t></r></si></sst>')
SHEET1 = ('<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
          '<row r="1"><c r="A1"><v>1</v></c><c r="B1"><f t="shared" ref="B1:B3" si="0">A1*2</f><v>2</v></c>'
          '<c r="C1" t="s"><v>0</v></c></row>'
          '<row r="2"><c r="A2"><v>2.5</v></c><c r="B2"><f t="shared" si="0"/><v>5</v></c>'
          '<c r="C2" t="inlineStr"><is><t>teks sebaris</t></is></c></row>'
          '<row r="3"><c r="A3" t="b"><v>1</v></c><c r="B3"><f t="shared" si="0"/><v>2</v></c>'
          '<c r="C3" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="D3" t="str"><f>"a"&amp;"b"</f><v>ab</v></c></row>'
          '<row r="4"><c r="A4"><f t="array" ref="A4:A5">A1:A2*10</f><v>10</v></c></row>'
          '<row r="5"><c r="A5"><v>25</v></c></row>'
          '</sheetData></worksheet>')
SHEET2 = ('<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
          '<row r="4"><c r="B4" t="s"><v>1</v></c></row></sheetData></worksheet>')


def test_reads_values_formulas_and_shared_formulas(tmp_path):
    book = read_workbook(_book(tmp_path, SHEET1))
    assert list(book.sheets) == ["Data Satu", "Rahasia"]
    assert book.sheets["Rahasia"].state == "hidden"
    s = "Data Satu"
    assert book.cell(s, 1, 2).formula == "A1*2"
    assert book.cell(s, 2, 2).formula == "A2*2"  # translated from the shared master
    assert book.cell(s, 3, 2).formula == "A3*2"
    assert book.value(s, 2, 1) == 2.5 and book.value(s, 1, 3) == "Ya"
    assert book.value(s, 2, 3) == "teks sebaris"
    assert book.value(s, 3, 1) is True
    assert (book.value(s, 3, 3), book.cell(s, 3, 3).kind) == ("#DIV/0!", "e")
    assert book.value(s, 3, 4) == "ab"
    # an array formula: its text on the first cell, the other cells of its range hold values only
    assert (book.cell(s, 4, 1).formula, book.value(s, 4, 1)) == ("A1:A2*10", 10.0)
    assert (book.cell(s, 5, 1).formula, book.value(s, 5, 1)) == (None, 25.0)
    assert book.value("Rahasia", 4, 2) == "Desa Contoh"  # rich text runs joined
    assert book.names == {"Angka": "'Data Satu'!$A$1:$A$3"}  # sheet-local names left out
    assert book.name_target("Angka") == ("Data Satu", 1, 1, 3, 1)


def test_parse_ref():
    assert parse_ref("'Reg SKM'!$C$6:$K$405") == ("Reg SKM", 6, 3, 405, 11)
    assert parse_ref("Profil!$B$7") == ("Profil", 7, 2, 7, 2)
    assert parse_ref("'O''Brien'!A1") == ("O'Brien", 1, 1, 1, 1)
    assert parse_ref("#REF!") is None


def test_the_1904_date_system_is_read_in_1900_serials(workbooks, tmp_path):
    """Old Mac Excel stores dates 1462 days lower; deadlines must not shift by four years."""
    import re as _re

    from iku_excel.catalog import load_catalog
    from iku_excel.engine.patch import Edit, patch_workbook
    from iku_excel.excel import a1
    from iku_excel.process import validate_file
    from iku_excel.registers.spec import layouts

    src = workbooks[("candipuro", "contoh")]
    book = read_workbook(src)
    dates = {}
    reg = layouts(load_catalog())["dokumen_desa"]
    date_columns = {reg.col(key) + 1 for key in ("RKPDes", "APBDes", "LPPDes")}
    for (row, col), cell in book.sheets[reg.sheet].cells.items():
        if col in date_columns and row >= 6 and isinstance(cell.value, float):
            dates[a1(row, col)] = Edit(value=cell.value - 1462)
    with zipfile.ZipFile(src) as z:
        wb_xml = z.read("xl/workbook.xml").decode()
    tag = _re.search(r"<workbookPr[^>]*?/?>", wb_xml).group(0)
    mac = patch_workbook(src, tmp_path / "mac.xlsx", {"Reg Dokumen Desa": dates},
                         text_edits={"xl/workbook.xml": [(tag, tag.replace("<workbookPr", '<workbookPr date1904="1"'))]})
    assert read_workbook(mac).date1904
    before = sorted((f.code, f.cell) for f in validate_file(src).findings)
    after = sorted((f.code, f.cell) for f in validate_file(mac).findings)
    assert after == before


def _book(tmp_path, sheet1: str):
    path = tmp_path / "b.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", CT)
        z.writestr("xl/workbook.xml", WB)
        z.writestr("xl/_rels/workbook.xml.rels", RELS)
        z.writestr("xl/sharedStrings.xml", SST)
        z.writestr("xl/worksheets/sheet1.xml", sheet1)
        z.writestr("xl/worksheets/sheet2.xml", SHEET2)
    return path


def test_blank_formatted_cells_are_skipped_and_cells_without_r_keep_their_place(tmp_path):
    blanks = SHEET1.replace('<row r="1">', '<row r="1" spans="1:9"><c r="E1" s="3"/>').replace(
        "</sheetData>", '<row r="9"><c r="A9" s="2"/><c r="B9" s="2"/></row></sheetData>')
    book = read_workbook(_book(tmp_path, blanks))
    assert book.value("Data Satu", 2, 1) == 2.5 and (1, 5) not in book.sheets["Data Satu"].cells
    # a writer that omits r="": a cell's place is counted from the row, blank ones included
    counted = ('<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
               '<sheetData><row r="2"><c s="1"/><c><v>7</v></c></row><row><c><v>8</v></c></row></sheetData></worksheet>')
    book = read_workbook(_book(tmp_path, counted))
    assert book.value("Data Satu", 2, 2) == 7.0 and book.value("Data Satu", 3, 1) == 8.0


def test_xml_entities_and_dtds_are_refused(tmp_path):
    import pytest

    from iku_excel.engine.reader import Unreadable

    laughs = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
              '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
              '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>')
    external = ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
                '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                '<row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row></sheetData></worksheet>')
    for xml in (laughs, external):
        with pytest.raises(Unreadable) as caught:
            read_workbook(_book(tmp_path, xml))
        assert caught.value.code == "BERKAS_RUSAK" and "DTD" in caught.value.message


SHEET = ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{}</sheetData>'
         '</worksheet>')


def _both_paths(xml: str, strings=("halo",)):
    from iku_excel.engine import reader

    data = reader._BLANK_CELL_OR_ROW_TAG.sub(b"", xml.encode())
    fast, slow = reader.Sheet("S", "visible", "p"), reader.Sheet("S", "visible", "p")
    used = reader._cells_by_pattern(data, fast, list(strings))
    reader._parse_sheet(data, slow, list(strings))
    return used, fast.cells, slow.cells


def test_the_cell_pattern_reads_what_expat_reads():
    """Entities, a shared formula, an empty <v/>, errors, "inf", shared strings, booleans: the
    C-level pattern and expat element by element give the same cells."""
    xml = SHEET.format(
        '<row r="1"><c r="A1" t="str"><f>"a&amp;b"&amp;"&#233;"</f><v>a&amp;b&#xe9;</v></c>'
        '<c r="B1" s="2"><f t="shared" ref="B1:B2" si="0">A1&amp;"x"</f><v>1</v></c><c r="Z1" s="3"/></row>'
        '<row r="2"><c r="B2"><f t="shared" si="0"/><v>2</v></c><c r="C2" t="e"><v>#N/A</v></c>'
        '<c r="D2"><v>inf</v></c><c r="E2" t="s"><v>0</v></c><c r="F2" t="b"><v>1</v></c>'
        '<c r="G2" t="str"><f aca="false">""</f><v/></c><c r="AA2" s="1"><v>45838.5</v></c></row>')
    used, fast, slow = _both_paths(xml)
    assert used and fast == slow
    assert fast[(1, 1)].value == "a&bé" and fast[(2, 2)].formula == 'A2&"x"' and fast[(2, 4)].value == "inf"
    assert fast[(2, 5)].value == "halo" and fast[(2, 7)].value == "" and (1, 26) not in fast


def test_other_cell_shapes_are_read_by_expat():
    from iku_excel.engine.reader import Unreadable

    used, fast, slow = _both_paths(SHEET.format('<row r="1"><c r="A1" t="inlineStr"><is><t>teks</t></is></c></row>'))
    assert not used and not fast and slow[(1, 1)].value == "teks"
    used, fast, slow = _both_paths(SHEET.format('<row r="1"><c r="A1" cm="1"><f>SEQUENCE(2)</f><v>1</v></c></row>'))
    assert not used and slow[(1, 1)].formula == "SEQUENCE(2)"
    with pytest.raises(Unreadable):  # an entity no XML declares: expat names the fault
        _both_paths(SHEET.format('<row r="1"><c r="A1" t="str"><f>"a"</f><v>a&nbsp;b</v></c></row>'))


def test_every_generated_sheet_takes_the_cell_pattern(workbooks):
    """The templates and samples are read by the fast path, with the cells expat gives."""
    import zipfile

    from iku_excel.engine import reader

    for path in workbooks.values():
        book = reader.read_workbook(path)
        with zipfile.ZipFile(path) as z:
            strings = reader._shared_strings(z, "xl/sharedStrings.xml")
            for name, sheet in book.sheets.items():
                data = reader._BLANK_CELL_OR_ROW_TAG.sub(b"", z.read(sheet.path))
                fast, slow = reader.Sheet(name, "visible", sheet.path), reader.Sheet(name, "visible", sheet.path)
                assert reader._cells_by_pattern(data, fast, strings), (path.name, name)
                reader._parse_sheet(data, slow, strings)
                assert fast.cells == slow.cells == sheet.cells, (path.name, name)
