"""How the workbooks look: one XlsxWriter format per kind of cell, and the colours of bands.

Yellow is typed by staff (unlocked), light grey computed (locked), dark grey not used;
predikat and mutu are coloured from green to red. The Petunjuk's legend explains them.
"""

from __future__ import annotations

from iku_excel.calc.bands import band_set
from iku_excel.calc.capaian import PREDIKAT_BANDS
from iku_excel.calc.ikm import IKM_BANDS


def row_height(cells: list[tuple[str, float]], font_points: float = 9) -> float:
    """A row height that shows wrapped text whole: XlsxWriter cannot autofit rows,
    and LibreOffice keeps the default height, so the lines are estimated from
    the text length and the column width (in characters)."""
    lines = 1
    for text, width in cells:
        per_line = max(1.0, width * 1.15)
        lines = max(lines, sum(max(1, -(-len(part) // int(per_line))) for part in str(text).split("\n")))
    return min(409.0, lines * font_points * 1.35 + 3)


class Formats:
    def __init__(self, wb):  # a templates.spec.BookSpec
        base = {"font_name": "Arial", "font_size": 9, "valign": "top", "text_wrap": True, "border": 1}
        self.title = wb.add_format({"font_name": "Arial", "bold": True, "font_size": 13})
        self.subtitle = wb.add_format({"font_name": "Arial", "bold": True, "font_size": 10})
        # a section label in the narrow first column: it may run into the next (empty) cell
        self.label = wb.add_format({"font_name": "Arial", "bold": True, "font_size": 10, "valign": "top"})
        self.note = wb.add_format({"font_name": "Arial", "font_size": 9, "italic": True, "text_wrap": True, "valign": "top"})
        self.plain = wb.add_format({"font_name": "Arial", "font_size": 10, "text_wrap": True, "valign": "top"})
        self.header = wb.add_format({**base, "bold": True, "bg_color": "#1F4E78", "font_color": "#FFFFFF",
                                     "align": "center", "valign": "vcenter"})
        self.text = wb.add_format({**base})
        self.center = wb.add_format({**base, "align": "center"})
        self.group = wb.add_format({**base, "bold": True, "bg_color": "#DDEBF7"})
        self.input_text = wb.add_format({**base, "bg_color": "#FFF2CC", "locked": False})
        # Numbers as Indonesian staff expect them: whole inputs (targets like 85, hari kerja,
        # SKM answers, counts) with no decimal separator, decimals as typed. "#,##0.##" would
        # show 85 as "85," in Excel, so a decimal input keeps the General format instead.
        self.input_num = wb.add_format({**base, "bg_color": "#FFF2CC", "locked": False})
        self.input_int = wb.add_format({**base, "bg_color": "#FFF2CC", "locked": False, "num_format": "#,##0"})
        # A register's cells carry no fill and no border until their row holds something (a
        # conditional format draws the borders then): a page of rows nobody filled is blank, and
        # Excel and LibreOffice both leave blank pages out of a printout.
        row = {"font_name": "Arial", "font_size": 9, "valign": "top", "text_wrap": True, "locked": False}
        self.row_text = wb.add_format(row)
        self.row_int = wb.add_format({**row, "num_format": "#,##0"})
        self.row_num = wb.add_format(row)
        self.row_date = wb.add_format({**row, "num_format": "dd/mm/yyyy"})
        self.row_no = wb.add_format({**row, "align": "center"})
        self.row_filled = wb.add_format({"border": 1})
        self.header_calc = wb.add_format({**base, "bold": True, "bg_color": "#7F7F7F", "font_color": "#FFFFFF",
                                          "align": "center", "valign": "vcenter"})
        self.input_date = wb.add_format({**base, "bg_color": "#FFF2CC", "locked": False, "num_format": "dd/mm/yyyy"})
        # a target the catalog sets (the Perjanjian Kinerja's): shown as typed, grey and locked like every
        # cell the office must not change
        self.agreed_num = wb.add_format({**base, "bg_color": "#EDEDED"})
        self.agreed_int = wb.add_format({**base, "bg_color": "#EDEDED", "num_format": "#,##0"})
        self.agreed_text = wb.add_format({**base, "bg_color": "#EDEDED"})
        self.calc_num = wb.add_format({**base, "bg_color": "#EDEDED", "num_format": "#,##0.00"})
        self.calc_int = wb.add_format({**base, "bg_color": "#EDEDED", "num_format": "#,##0"})
        self.calc_text = wb.add_format({**base, "bg_color": "#EDEDED"})
        # a result that is a "#KOSONG: ..." message: small, wrapped inside its cell, never over its neighbours
        self.calc_message = wb.add_format({**base, "bg_color": "#EDEDED", "font_size": 7, "italic": True})
        self.na = wb.add_format({**base, "bg_color": "#BFBFBF"})
        self.cover_title = wb.add_format({"font_name": "Arial", "bold": True, "font_size": 22, "align": "center"})
        self.cover_line = wb.add_format({"font_name": "Arial", "bold": True, "font_size": 16, "align": "center"})
        self.cover_note = wb.add_format({"font_name": "Arial", "italic": True, "font_size": 9, "align": "center",
                                         "text_wrap": True})
        self.sign = wb.add_format({"font_name": "Arial", "font_size": 10, "align": "center"})
        self.sign_bold_plain = wb.add_format({"font_name": "Arial", "font_size": 10, "align": "center", "bold": True})
        # the signed documents (Perjanjian, Pengukuran): 9 pt and more on paper, no input colours
        self.doc_title = wb.add_format({"font_name": "Arial", "bold": True, "font_size": 12, "align": "center"})
        self.doc_subtitle = wb.add_format({"font_name": "Arial", "bold": True, "font_size": 10, "align": "center"})
        self.doc_text = wb.add_format({"font_name": "Arial", "font_size": 10, "text_wrap": True, "valign": "top",
                                       "align": "justify"})
        self.doc_text_plain = wb.add_format({"font_name": "Arial", "font_size": 10, "valign": "top"})
        self.doc_cell = wb.add_format({**base})
        self.doc_center = wb.add_format({**base, "align": "center"})
        self.doc_num = wb.add_format({**base, "num_format": "#,##0.00"})
        self.doc_int = wb.add_format({**base, "num_format": "#,##0"})
        self.doc_message = wb.add_format({**base, "italic": True, "font_color": "#C00000"})
        self.sign_bold = wb.add_format({"font_name": "Arial", "font_size": 10, "align": "center", "bold": True, "underline": 1})
        self.swatch_input = wb.add_format({"bg_color": "#FFF2CC", "border": 1})
        self.swatch_calc = wb.add_format({"bg_color": "#EDEDED", "border": 1})
        self.swatch_na = wb.add_format({"bg_color": "#BFBFBF", "border": 1})
        self.meta = wb.add_format({"font_name": "Arial", "font_size": 9})
        # conditional formats
        self.good = wb.add_format({"bg_color": "#C6EFCE", "font_color": "#006100"})
        self.fair = wb.add_format({"bg_color": "#E2F0D9", "font_color": "#375623"})
        self.mid = wb.add_format({"bg_color": "#FFEB9C", "font_color": "#7F6000"})
        self.low = wb.add_format({"bg_color": "#FCE4D6", "font_color": "#843C0C"})
        self.bad = wb.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006"})
        self.message = wb.add_format({"font_color": "#C00000", "italic": True})

    def input_for(self, kind: str):
        """The input format of a validation kind: whole numbers show no decimals."""
        return self.input_int if kind in WHOLE_KINDS else self.input_num

    def calc_count(self, value: object):
        """The format of a computed count or text: whole numbers, or the text as it is."""
        return self.calc_int if isinstance(value, int | float) and not isinstance(value, bool) else self.calc_text

    def row_for(self, kind: str):
        """The format of a register cell a user fills, by its column's kind."""
        if kind == "date":
            return self.row_date
        if kind == "no":
            return self.row_no
        if kind in ("text", "list"):
            return self.row_text
        return self.row_int if kind in WHOLE_KINDS else self.row_num


WHOLE_KINDS = ("whole", "answer")
# Indicator kinds whose realisasi is a count: shown as whole numbers.

# The formats of a grade, best to worst: spread over the bands of whichever band set is in force.
GRADE_FORMATS = ("good", "fair", "mid", "low", "bad")


def predikat_colours() -> dict[str, str]:
    """Each predikat label with its format (the predikat band set's labels)."""
    return band_set(PREDIKAT_BANDS).shades(GRADE_FORMATS)


def mutu_colours() -> dict[str, str]:
    """Each IKM mutu (A, B, ...) with its format (the IKM band set's codes)."""
    return band_set(IKM_BANDS).shades(GRADE_FORMATS, use_kode=True)
