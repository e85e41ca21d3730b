"""What every sheet writer of a template shares, declared in one place.

The template is written by one builder in parts (register_sheets, perhitungan,
indicator_sheets, dashboard, builder itself), each a class of sheet writers. They share the
state below and the helpers that write through it; each part subclasses SheetContext, so what
it may rely on is written here and nowhere else, and WorkbookBuilder.__init__ fills it.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from xlsxwriter.utility import xl_rowcol_to_cell

from iku_excel.excel import serial
from iku_excel.registers.rows import with_derived
from iku_excel.templates import formulas as fx
from iku_excel.templates.plan import Formula, FormulaPlan, Key, Ref
from iku_excel.templates.styles import mutu_colours, predikat_colours
from iku_excel.templates.validation import validate

if TYPE_CHECKING:
    from iku_excel.catalog import Catalog, CatalogIndicator
    from iku_excel.catalog.calendar import WorkingDays
    from iku_excel.catalog.regions import Region
    from iku_excel.catalog.schema import Instansi
    from iku_excel.registers import Registers
    from iku_excel.templates.layout import RegisterLayout
    from iku_excel.templates.spec import BookSpec
    from iku_excel.templates.styles import Formats


# A4 in points, less the margins the documents print with (top 0.5-0.6", bottom 0.6"): the
# height a page holds, for keeping a signature with the end of its table.
PAGE_POINTS = {"landscape": 8.27 * 72 - 1.1 * 72, "portrait": 11.69 * 72 - 1.2 * 72}
DEFAULT_ROW_POINTS = 15.0  # the workbook's default row (Calibri 11); a title row is taller
PAGE_SLACK = 24.0  # Excel and LibreOffice paginate a little differently: leave room


def print_scale(widths, printable_points: float, extra_pixels: int = 0) -> int:
    """The print scale (%) that fits these columns (widths in characters) to the paper's width.
    Set instead of "fit to page" on a sheet with manual page breaks: Excel ignores manual page
    breaks when fit to page is on (XlsxWriter's documentation of set_h_pagebreaks); LibreOffice
    keeps them, so only the scale works in both. Columns are measured as Excel does (7 pixels a
    character and 5 of padding, in Calibri 11), with 8 % to spare: LibreOffice lays the same
    columns out about 6 % wider, and a column cut onto a page of its own is worse than a smaller print."""
    pixels = sum(int(w * 7 + 5) for w in widths) + extra_pixels
    return max(10, min(100, int(printable_points / (pixels * 0.75 * 1.08) * 100)))


def break_before_signature(heights: dict[int, float], last_table_row: int, repeated: float, signature_rows: int,
                           orientation: str, title_rows: tuple[int, ...] = (0,), scale: float = 1.0) -> int | None:
    """The row to start a new page at so that a signature block does not stand alone on a page
    (nor start a page under a repeated header with nothing signed above it): the table's last
    row, when the signature would not fit below it on its page. None when it fits."""
    page = PAGE_POINTS[orientation] - PAGE_SLACK
    y = 0.0
    for row in range(last_table_row + 1):
        h = heights.get(row, 18.0 if row in title_rows else DEFAULT_ROW_POINTS) * scale
        if y + h > page:
            y = repeated * scale  # a new page starts under the repeated header
        y += h
    signature = DEFAULT_ROW_POINTS * (signature_rows + 1) * scale
    return last_table_row if y + signature > page else None


def breaks_keeping_blocks(heights: dict[int, float], blocks: list[tuple[int, int]], page_points: float,
                          scale: float = 1.0) -> list[int]:
    """The rows to start new pages at so that no block (a table with its chart beside it: rows
    first..last, inclusive) is cut across pages: a block that would not fit below the previous
    one starts a page. `scale` is the print scaling (fit to the page's width)."""
    page = page_points - PAGE_SLACK
    breaks, y, row = [], 0.0, 0
    for first, last in blocks:
        y += sum(heights.get(r, DEFAULT_ROW_POINTS) for r in range(row, first)) * scale
        block = sum(heights.get(r, DEFAULT_ROW_POINTS) for r in range(first, last + 1)) * scale
        if y + block > page and first > 0 and y > 0:
            breaks.append(first)
            y = 0.0
        y += block
        row = last + 1
    return breaks


class SheetContext:
    # ---- what the template is of (set once, in WorkbookBuilder.__init__) ----
    catalog: Catalog
    instansi: Instansi
    tahun: int
    days: WorkingDays  # the year's working days per triwulan and their source
    data: Registers  # the rows and inputs written (empty for a template, the sample's for a sample)
    sample: bool
    profil: object  # builder.Profil: who signs, the triwulan reported
    targets: dict[str, object]  # full_id -> the target written (a sample's; the catalog's otherwise)
    items: list[CatalogIndicator]
    layouts: dict[str, RegisterLayout]  # every register of the catalog, by key
    registers: list[RegisterLayout]  # the ones this template carries
    villages: tuple[Region, ...]  # the kecamatan's desa and kelurahan
    # ---- what writing the sheets accumulates ----
    wb: BookSpec
    f: Formats
    names: dict[str, str]  # defined name -> its reference
    name_keys: dict[str, Key]  # defined names of single cells -> their cell (0-based)
    plan: FormulaPlan  # every formula cell, its Python and what it reads
    written: dict[Key, object]  # every input cell written, with its value
    values: dict[Key, object]  # every formula cell's cached value
    typed_cells: dict[tuple[str, int, int], tuple[str, str, int]]  # typed indicator input -> (full_id, input, TW)
    target_cells: dict[tuple[str, int, int], str]  # target cell -> full_id
    _derived_rows: dict[str, list[dict[str, object]]]  # register key -> rows with formula columns

    # ---- formula cells: written through the plan ------------------------------------------------

    def _formula(self, ws, row: int, col: int, formula: Formula, fmt) -> object:
        """Write a formula cell with its cached value: the plan's value of it over the inputs
        written so far. `fmt` is a format, or a function of the value giving one."""
        step = self.plan.add((ws.get_name(), row, col), formula)
        value = self.plan.value(step, self._written, self._rows, self.values)
        self.values[step.key] = value
        ws.write_formula(row, col, formula.text, fmt(value) if callable(fmt) else fmt, value)
        return value

    def _written(self, ref: Ref) -> object:
        # every input a formula reads is written before it (the sheets are filled in that order)
        return self.written[ref.key]

    def _rows(self, reg: RegisterLayout | str) -> list[dict[str, object]]:
        """A register's rows with their formula columns, as the sheet shows them (computed once
        per register: every indicator counting it reads the same rows). What a `Rows` argument
        of the plan reads while the workbook is written."""
        reg = self.layouts[reg] if isinstance(reg, str) else reg
        if reg.key not in self._derived_rows:
            # dates as their serial numbers, as a reader of the file sees them
            raw = [{k: serial(v) if isinstance(v, dt.date) else v for k, v in row.items()} for row in self._register_rows(reg)]
            self._derived_rows[reg.key] = with_derived(raw, reg.derived, self.tahun)
        return self._derived_rows[reg.key]

    def _register_rows(self, reg: RegisterLayout) -> list[dict[str, object]]:
        """The rows the builder writes into a register: raw input values keyed by column."""
        return [{k: fx.excel_date(v) for k, v in row.items()} for row in self.data.rows.get(reg.key, [])]

    def ref(self, name: str) -> Ref:
        """The cell of a defined name, as a plan argument."""
        return Ref(self.name_keys[name])

    # ---- names, protection, titles, validation, colours -------------------------------------------

    def _name(self, name: str, sheet: str, first: tuple[int, int], last: tuple[int, int] | None = None) -> None:
        ref = f"'{sheet}'!{xl_rowcol_to_cell(*first, row_abs=True, col_abs=True)}"
        if last:
            ref += f":{xl_rowcol_to_cell(*last, row_abs=True, col_abs=True)}"
        else:
            self.name_keys[name] = (sheet, *first)
        self.names[name] = "=" + ref

    def _protect(self, ws) -> None:
        # No password: protection guards formulas against slips, not against the owner.
        ws.protect("", {"autofilter": True, "sort": True, "format_columns": True, "format_rows": True,
                        "select_locked_cells": True, "select_unlocked_cells": True})

    def _title(self, ws, title: str, note: str | None, width: int) -> None:
        ws.merge_range(0, 0, 0, width - 1, title, self.f.title)
        if note:
            ws.merge_range(1, 0, 1, width - 1, note, self.f.note)
            ws.set_row(1, 30)

    def _validate(self, ws, r1, c1, r2, c2, kind, **rule) -> None:
        validate(ws, r1, c1, r2, c2, kind, self.tahun, **rule)

    def _colour_text(self, ws, r1, c1, r2, c2) -> None:
        ws.conditional_format(r1, c1, r2, c2, {"type": "text", "criteria": "begins with", "value": "#", "format": self.f.message})

    def _colour_predikat(self, ws, r1, c1, r2, c2) -> None:
        for label, fmt in predikat_colours().items():
            ws.conditional_format(r1, c1, r2, c2, {"type": "cell", "criteria": "==", "value": f'"{label}"', "format": getattr(self.f, fmt)})

    def _colour_mutu(self, ws, r1, c1, r2, c2) -> None:
        for label, fmt in mutu_colours().items():
            ws.conditional_format(r1, c1, r2, c2, {"type": "cell", "criteria": "==", "value": f'"{label}"', "format": getattr(self.f, fmt)})
