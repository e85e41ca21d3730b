"""A stand-in for xlsxwriter.Workbook that records cells instead of writing a file.

The processor runs the template builder against it once per template version
to learn what the template holds: its sheets, fixed cells, input cells, tables
and defined names. What each formula computes is the builder's formula plan
(templates/plan.py), written in the same run. Formatting calls are ignored.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# The calls that change how a workbook looks or prints, never what a cell holds.
SHEET_FORMATTING = frozenset({
    "set_row", "set_column", "set_paper", "fit_to_pages", "set_landscape", "set_portrait", "repeat_rows",
    "repeat_columns", "hide", "freeze_panes", "conditional_format", "set_footer", "set_header", "set_margins",
    "protect", "print_area", "data_validation", "activate", "set_first_sheet", "hide_gridlines", "set_tab_color",
    "center_horizontally", "set_print_scale", "set_h_pagebreaks", "set_v_pagebreaks", "set_zoom", "insert_chart",
})
BOOK_FORMATTING = frozenset({"set_properties", "close", "add_vba_project", "set_calc_mode", "set_size",
                             "set_custom_property"})


@dataclass
class Recorded:
    kind: str  # "formula" or "input" or "fixed"
    formula: str | None
    value: object


@dataclass
class RecordingSheet:
    name: str
    cells: dict[tuple[int, int], Recorded] = field(default_factory=dict)  # 0-based (row, col)
    tables: list[str] = field(default_factory=list)

    def get_name(self) -> str:
        return self.name

    def write_formula(self, row, col, formula, fmt=None, value=0):
        self.cells[(row, col)] = Recorded("formula", formula.lstrip("="), value)

    def _write(self, row, col, value, fmt):
        locked = fmt is None or getattr(fmt, "locked", True)
        self.cells[(row, col)] = Recorded("fixed" if locked else "input", None, value)

    def write_number(self, row, col, value, fmt=None):
        self._write(row, col, value, fmt)

    def write_string(self, row, col, value, fmt=None):
        self._write(row, col, value, fmt)

    def write_datetime(self, row, col, value, fmt=None):
        self._write(row, col, value, fmt)

    def write_blank(self, row, col, value=None, fmt=None):
        self._write(row, col, None, fmt)

    def merge_range(self, r1, c1, r2, c2, value, fmt=None):
        self._write(r1, c1, value, fmt)

    def add_table(self, r1, c1, r2, c2, options=None):
        self.tables.append((options or {}).get("name", ""))

    def __getattr__(self, name):
        # Formatting only (set_column, protect, data_validation, ...): nothing to record. A
        # method that may put something in a cell (write_url, insert_textbox, ...) must be
        # recorded above, or the checker would silently miss that cell: refused here.
        if name in SHEET_FORMATTING:
            return lambda *args, **kwargs: None
        raise AttributeError(f"RecordingSheet does not record {name}(); add it to record.py")


class RecordingFormat:
    def __init__(self, props: dict):
        self.locked = props.get("locked", True)


class RecordingChart:
    """A chart draws cells that are recorded elsewhere; what it looks like is not recorded."""

    def __getattr__(self, name):
        return lambda *args, **kwargs: None


class RecordingWorkbook:
    def __init__(self):
        self.sheets: dict[str, RecordingSheet] = {}
        self.names: dict[str, str] = {}

    def add_format(self, props=None):
        return RecordingFormat(props or {})

    def add_worksheet(self, name):
        sheet = RecordingSheet(name)
        self.sheets[name] = sheet
        return sheet

    def define_name(self, name, ref):
        self.names[name] = ref.lstrip("=")

    def add_chart(self, options=None):
        return RecordingChart()

    def __getattr__(self, name):
        if name in BOOK_FORMATTING:
            return lambda *args, **kwargs: None
        raise AttributeError(f"RecordingWorkbook does not record {name}(); add it to record.py")
