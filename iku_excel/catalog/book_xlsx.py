"""The catalog workbook as a file: written with XlsxWriter (dropdowns, validation, protection,
a Petunjuk), read back with openpyxl. Which sheets and columns it has is catalog/book.py."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

from iku_excel.catalog.book import ALL, KEC, RUMUS, SHEETS, TARGET, Col, Sheet
from iku_excel.catalog.book_read import Reading, Row, read_rows
from iku_excel.catalog.kinds import KINDS
from iku_excel.catalog.names import name_key

TITLE_ROW, NOTE_ROW, HEADER_ROW = 0, 1, 2  # 0-based; the rows a user fills start below the header
FIRST_ROW = HEADER_ROW + 1
SPARE_ROWS = 300  # empty, unlocked rows below the filled ones, with the dropdowns already set
DAFTAR = "Daftar"


def write_catalog_book(rows: dict, path: str | Path, title: str, registers: dict) -> Path:
    """Write the rows of book.export_rows as a catalog workbook. `registers`: every register
    the catalog knows (built-in and the region's), listed in Petunjuk and in the dropdown."""
    import xlsxwriter

    from iku_excel.files import atomic_write

    def write(tmp: str) -> None:
        wb = xlsxwriter.Workbook(tmp, {"strings_to_numbers": False, "strings_to_formulas": False,
                                            "strings_to_urls": False})
        wb.set_properties({"title": title, "subject": "Katalog indikator kinerja (iku-excel)"})
        f = _formats(wb)
        _petunjuk(wb.add_worksheet("Petunjuk"), f, title, registers)
        years = rows["years"]
        for sheet in SHEETS:
            columns = sheet.kolom + tuple(Col(y, str(y), 9, "target") for y in years) if sheet is TARGET else sheet.kolom
            _sheet(wb, wb.add_worksheet(sheet.nama), f, sheet, columns, rows[sheet.nama])
        _daftar(wb, wb.add_worksheet(DAFTAR), rows, registers)
        wb.worksheets()[0].activate()
        wb.close()

    return atomic_write(path, write)


def _formats(wb) -> dict:
    base = {"font_name": "Arial", "font_size": 9, "valign": "top", "text_wrap": True, "border": 1}
    return {
        "title": wb.add_format({"font_name": "Arial", "bold": True, "font_size": 13}),
        "note": wb.add_format({"font_name": "Arial", "font_size": 9, "italic": True, "text_wrap": True, "valign": "top"}),
        "plain": wb.add_format({"font_name": "Arial", "font_size": 10, "text_wrap": True, "valign": "top"}),
        "bold": wb.add_format({"font_name": "Arial", "font_size": 10, "bold": True, "valign": "top"}),
        "header": wb.add_format({**base, "bold": True, "bg_color": "#1F4E78", "font_color": "#FFFFFF",
                                 "align": "center", "valign": "vcenter"}),
        "required": wb.add_format({**base, "bold": True, "bg_color": "#833C0B", "font_color": "#FFFFFF",
                                   "align": "center", "valign": "vcenter"}),
        "text": wb.add_format(base),
        "input": wb.add_format({**base, "bg_color": "#FFF2CC", "locked": False}),
        "date": wb.add_format({**base, "bg_color": "#FFF2CC", "locked": False, "num_format": "dd/mm/yyyy"}),
        # "General": a year stays 2027 and a threshold 0,8155, in the reader's own decimal comma
        "number": wb.add_format({**base, "bg_color": "#FFF2CC", "locked": False, "num_format": "General"}),
    }


def _sheet(wb, ws, f: dict, sheet: Sheet, columns: tuple[Col, ...], rows: list[dict]) -> None:
    width = len(columns)
    ws.merge_range(TITLE_ROW, 0, TITLE_ROW, max(width - 1, 1), sheet.judul, f["title"])
    ws.merge_range(NOTE_ROW, 0, NOTE_ROW, max(width - 1, 1), sheet.ket, f["note"])
    ws.set_row(NOTE_ROW, 30)
    for c, col in enumerate(columns):
        ws.set_column(c, c, col.lebar)
        ws.write(HEADER_ROW, c, col.key if isinstance(col.key, int) else col.judul,
                 f["required"] if col.wajib else f["header"])
        if col.ket and not sheet.terkunci:
            ws.data_validation(HEADER_ROW, c, HEADER_ROW, c, {"validate": "any", "input_title": col.judul[:32],
                                                              "input_message": col.ket[:255]})
    ws.set_row(HEADER_ROW, 30)
    last = FIRST_ROW + len(rows) + (0 if sheet.terkunci else SPARE_ROWS) - 1
    for c, col in enumerate(columns):
        fmt = f["text"] if sheet.terkunci else f[_format_of(col)]
        if not sheet.terkunci:
            ws.set_column(c, c, col.lebar, fmt)
        for r, row in enumerate(rows, FIRST_ROW):
            value = row.get(col.key)
            if value is None:
                ws.write_blank(r, c, None, fmt)
            elif isinstance(value, dt.date):
                ws.write_datetime(r, c, dt.datetime.combine(value, dt.time()), fmt)
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                ws.write_number(r, c, value, fmt)
            else:
                ws.write_string(r, c, str(value), fmt)
        if col.pilihan and not sheet.terkunci and last >= FIRST_ROW:
            strict = isinstance(col.pilihan, tuple)
            source = list(col.pilihan) if strict else f"={col.pilihan}"
            ws.data_validation(FIRST_ROW, c, last, c, {
                "validate": "list", "source": source, "error_type": "stop" if strict else "information",
                "error_title": "Isian tidak sah", "error_message": "Pilih dari daftar." if strict else
                "Tidak ada di daftar. Biarkan bila memang benar (mis. beberapa kecamatan dipisah koma).",
                "input_title": col.judul[:32], "input_message": col.ket[:255]})
        elif col.jenis == "target" and last >= FIRST_ROW:
            ws.data_validation(FIRST_ROW, c, last, c, {
                "validate": "decimal", "criteria": ">=", "value": 0, "error_type": "warning",
                "error_title": "Isian tidak sah", "input_title": f"Target {col.judul}"[:32],
                "error_message": "Target biasanya angka ≥ 0. Target rentang ditulis seperti 80–90; pilih Yes untuk "
                                 "menyimpannya."})
    ws.freeze_panes(FIRST_ROW, 1 if sheet.kolom[0].key != KEC else 2)
    ws.autofilter(HEADER_ROW, 0, max(last, FIRST_ROW), width - 1)
    for r, row in enumerate(rows, FIRST_ROW):  # XlsxWriter cannot autofit: wrapped text gets its lines' height
        lines = max((-(-len(str(row.get(c.key) or "")) // max(1, int(c.lebar * 1.1))) for c in columns), default=1)
        if lines > 1:
            ws.set_row(r, min(409, 12 * lines + 2))
    ws.set_landscape()
    ws.set_paper(9)
    if sum(c.lebar for c in columns) <= 200:  # wider sheets print across pages rather than at an unreadable scale
        ws.fit_to_pages(1, 0)
    ws.repeat_rows(HEADER_ROW)
    ws.protect("", {"insert_rows": True, "delete_rows": True, "autofilter": True, "sort": True,
                    "format_columns": True, "format_rows": True, "select_locked_cells": True,
                    "select_unlocked_cells": True})


def _format_of(col: Col) -> str:
    if col.jenis == "tanggal":
        return "date"
    if col.jenis in ("bulat", "angka", "target"):
        return "number"
    return "input"


def _daftar(wb, ws, rows: dict, registers: dict) -> None:
    """The dropdowns' lists: the kinds, the registers, and the kecamatan and jabatan written."""
    kecamatan = [r["id"] for r in rows["Kecamatan"]]
    lists = {
        "Daftar_Jenis": list(KINDS),
        "Daftar_Register": list(dict.fromkeys([*registers, *(r["id"] for r in rows["Register"])])),
        "Daftar_Kecamatan": kecamatan or [""],
        "Daftar_KecamatanSemua": [ALL, *kecamatan],
        "Daftar_Jabatan": list(dict.fromkeys(r["id"] for r in rows["Jabatan"])) or [""],
    }
    for c, (name, words) in enumerate(lists.items()):
        ws.write_string(0, c, name)
        for r, word in enumerate(words, 1):
            ws.write_string(r, c, word)
        letter = chr(65 + c)
        wb.define_name(name, f"={DAFTAR}!${letter}$2:${letter}${len(words) + 1}")
    ws.hide()
    ws.protect()


def _petunjuk(ws, f: dict, title: str, registers: dict) -> None:
    ws.set_column(0, 0, 24)
    ws.set_column(1, 1, 60)
    ws.set_column(2, 2, 40)
    ws.write_string(0, 0, title, f["title"])
    lines = [
        ("Cara memakai", None),
        ("1. Isi lembar", "Kecamatan (profil dan Camat), Indikator (satu baris per indikator; 'semua' bila seluruh "
                          "kecamatan memakainya), Target (per kecamatan dan tahun), dan Jabatan bila IKI. Sel kuning "
                          "diisi; judul kolom merah wajib."),
        ("2. Buat templat", "iku-excel templat --katalog BERKAS.xlsx --tahun TAHUN -o FOLDER"),
        ("3. Rekap kiriman", "iku-excel rekap KIRIMAN/ --katalog BERKAS.xlsx"),
        ("Kesalahan", "Setiap kesalahan disebut dengan lembar dan selnya; selama masih ada kesalahan, tidak ada templat "
                      "yang dibuat."),
        ("", None),
        ("Lembar", None),
        *((s.nama, s.ket) for s in SHEETS),
        ("", None),
        ("Jenis indikator", "Yang dihitung iku-excel; label masukannya berurutan (Label masukan 1, 2, ...)"),
        *((name, f"{k.judul}. Masukan: " + "; ".join(f"{i}. {label}" for i, label in enumerate(k.inputs.values(), 1)))
          for name, k in KINDS.items()),
        ("", None),
        ("Register", "Lembar buku kerja, jenis indikator yang dapat dihitungnya, dan saringannya"),
        *((key, f"{d.lembar}: " + ", ".join(
            f"{kind} (kolom {c.kolom})" if c.kolom else kind for kind, c in d.hitung.items())
           + (f"; saring: {', '.join(d.saring)}" if d.saring else "")) for key, d in registers.items()),
        ("", None),
        ("Rumus kolom register", "Untuk Kolom Register berjenis rumus; Argumen rumus:"),
        *((name, _rumus_help(name)) for name in RUMUS),
    ]
    for r, (label, text) in enumerate(lines, 2):
        if text is None:
            ws.write_string(r, 0, label, f["bold"])
            continue
        ws.write_string(r, 0, label, f["plain"])
        ws.write_string(r, 1, text, f["plain"])
        ws.set_row(r, 13 * max(1, -(-len(text) // 70)))
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.protect()


def _rumus_help(name: str) -> str:
    annotation = RUMUS[name].model_fields[name].annotation
    if annotation is str:
        return "ID kolom"
    if hasattr(annotation, "model_fields"):
        return "; ".join(f"{k}=ID kolom" for k in annotation.model_fields)
    return "ID kolom, dipisah koma"


# ---- reading ---------------------------------------------------------------------------------------

def read_catalog_book(path: str | Path, known_registers: dict) -> Reading:
    """The catalog in a workbook written by write_catalog_book (and filled in Excel)."""
    import openpyxl

    path = Path(path)
    reading = Reading(str(path))
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        reading.problem(path.name, "", f"bukan buku kerja Excel yang dapat dibaca ({type(exc).__name__})")
        return reading
    try:
        tables = {}
        for sheet in SHEETS:
            if sheet.terkunci:
                continue
            if sheet.nama not in wb.sheetnames:
                if sheet.nama in ("Kecamatan", "Indikator"):
                    reading.problem(sheet.nama, "", "lembar ini tidak ada: buat buku kerja katalog dengan "
                                                    "iku-excel katalog baru")
                continue
            tables[sheet.nama] = _rows(wb[sheet.nama], sheet, reading)
    finally:
        wb.close()
    if reading.errors:
        return reading
    found = read_rows(tables, str(path), known_registers)
    found.problems[:0] = reading.problems
    return found


def _rows(ws, sheet: Sheet, reading: Reading) -> list[Row]:
    by_title = {name_key(c.judul): c for c in sheet.kolom}
    columns: dict = {}
    out = []
    for number, values in enumerate(ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True), HEADER_ROW + 1):
        if number == HEADER_ROW + 1:
            for c, title in enumerate(values):
                if title is None:
                    continue
                col = by_title.get(name_key(str(title)))
                if col is not None:
                    columns[col.key] = c
                elif sheet is TARGET and _year(title) is not None:
                    columns[_year(title)] = c
            missing = [c.judul for c in sheet.kolom if c.wajib and c.key not in columns]
            if missing:
                reading.problem(sheet.nama, f"A{number}", f"judul kolom {', '.join(missing)} tidak ditemukan di baris "
                                f"{number}; jangan mengubah judul kolom")
                return []
            continue
        cells = {key: values[c] if c < len(values) else None for key, c in columns.items()}
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in cells.values()):
            continue
        out.append(Row(sheet, number, cells, columns))
    return out


def _year(title) -> int | None:
    text = str(title).strip()
    if isinstance(title, float) and title.is_integer():
        text = str(int(title))
    return int(text) if text.isdigit() and len(text) == 4 else None

