"""A template as data, and the one place that writes it with XlsxWriter.

The builder writes a template into a `BookSpec`: every cell it fills (an input, a fixed text, a
formula with its cached value), and every call that lays the workbook out (column widths,
validation, conditional formats, print setup, charts, defined names), in the order made. With
the formula plan and where the targets and typed inputs sit, that is a `TemplateSpec`: what a
template is, with no file behind it.

`render` replays a spec's calls into an XlsxWriter workbook, in the same order, so the file is
the one XlsxWriter would have written from the builder directly (byte for byte). The checker,
the recap and the SKM intake read the spec; none of them touches XlsxWriter or a builder.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

# What a sheet may be asked to do besides holding cells: how it looks or prints. A method that may
# put something in a cell (write_url, insert_textbox, ...) must be recorded as a cell below, or the
# checker would silently miss that cell: anything else is refused.
SHEET_LAYOUT = frozenset({
    "set_row", "set_column", "set_paper", "fit_to_pages", "set_landscape", "set_portrait", "repeat_rows",
    "repeat_columns", "freeze_panes", "conditional_format", "set_footer", "set_header", "set_margins",
    "protect", "print_area", "data_validation", "activate", "set_first_sheet", "hide_gridlines", "set_tab_color",
    "center_horizontally", "set_print_scale", "set_h_pagebreaks", "set_v_pagebreaks", "set_zoom", "insert_chart",
})
BOOK_LAYOUT = frozenset({"set_properties", "set_calc_mode", "set_size", "set_custom_property"})

# A cell: (sheet, row, col), 1-based as in Excel. The builder calls XlsxWriter 0-based; the spec
# records those calls as made (for the renderer) and hands everything else on 1-based.
Key = tuple[str, int, int]


@dataclass
class Cell:
    kind: str  # "formula", "input" (unlocked) or "fixed"
    formula: str | None  # without "="
    value: object  # the value written, or a formula's cached value


class Style:
    """A cell format as the builder asks for it (XlsxWriter's properties)."""

    def __init__(self, props: dict | None = None):
        self.props = dict(props or {})

    @property
    def locked(self) -> bool:
        return self.props.get("locked", True)


class ChartSpec:
    """A chart: the calls that draw it. It shows cells recorded elsewhere, so it holds no cell."""

    def __init__(self, book: BookSpec, options: dict | None):
        self._book, self.options = book, options

    def __getattr__(self, name):
        return lambda *args, **kwargs: self._book.log.append((self, name, args, kwargs))


class SheetSpec:
    def __init__(self, book: BookSpec, name: str):
        self._book = book
        self.name = name
        self.cells: dict[tuple[int, int], Cell] = {}  # (row, col), 1-based
        self.tables: list[str] = []
        self.row_heights: dict[int, float] = {}  # 0-based row -> points, where set (for pagination)
        self.state = "visible"  # or "hidden": what the checker holds a submission's sheet to

    def get_name(self) -> str:
        return self.name

    def _call(self, method: str, *args, **kwargs) -> None:
        self._book.log.append((self, method, args, kwargs))

    def _put(self, row: int, col: int, value: object, fmt: Style | None) -> None:
        locked = fmt is None or fmt.locked
        self.cells[(row + 1, col + 1)] = Cell("fixed" if locked else "input", None, value)

    def write_formula(self, row, col, formula, fmt=None, value=0):
        self.cells[(row + 1, col + 1)] = Cell("formula", formula.lstrip("="), value)
        self._call("write_formula", row, col, formula, fmt, value)

    def write_number(self, row, col, value, fmt=None):
        self._put(row, col, value, fmt)
        self._call("write_number", row, col, value, fmt)

    def write_string(self, row, col, value, fmt=None):
        self._put(row, col, value, fmt)
        self._call("write_string", row, col, value, fmt)

    def write_datetime(self, row, col, value, fmt=None):
        self._put(row, col, value, fmt)
        self._call("write_datetime", row, col, value, fmt)

    def write_blank(self, row, col, value=None, fmt=None):
        self._put(row, col, None, fmt)
        self._call("write_blank", row, col, value, fmt)

    def merge_range(self, r1, c1, r2, c2, value, fmt=None):
        self._put(r1, c1, value, fmt)
        self._call("merge_range", r1, c1, r2, c2, value, fmt)

    def set_row(self, row, height=None, fmt=None, options=None):
        if height is not None:
            self.row_heights[row] = height
        self._call("set_row", row, height, fmt, *([options] if options is not None else []))

    def add_table(self, r1, c1, r2, c2, options=None):
        self.tables.append((options or {}).get("name", ""))
        self._call("add_table", r1, c1, r2, c2, options)

    def hide(self):
        self.state = "hidden"
        self._call("hide")

    def __getattr__(self, name):
        if name in SHEET_LAYOUT:
            return lambda *args, **kwargs: self._call(name, *args, **kwargs)
        raise AttributeError(f"SheetSpec does not record {name}(); add it to templates/spec.py")


class BookSpec:
    """A workbook as the builder made it: its sheets (in order) with their cells, its defined names,
    and every call in the order made, for the renderer."""

    def __init__(self):
        self.sheets: dict[str, SheetSpec] = {}
        self.names: dict[str, str] = {}  # defined name -> reference, without "="
        self.log: list[tuple[object, str, tuple, dict]] = []  # (spec object, method, args, kwargs)

    def add_format(self, props=None) -> Style:
        style = Style(props)
        self.log.append((self, "add_format", (style,), {}))
        return style

    def add_worksheet(self, name: str) -> SheetSpec:
        sheet = self.sheets[name] = SheetSpec(self, name)
        self.log.append((self, "add_worksheet", (sheet,), {}))
        return sheet

    def add_chart(self, options=None) -> ChartSpec:
        chart = ChartSpec(self, options)
        self.log.append((self, "add_chart", (chart,), {}))
        return chart

    def define_name(self, name: str, ref: str) -> None:
        self.names[name] = ref.lstrip("=")
        self.log.append((self, "define_name", (name, ref), {}))

    def __getattr__(self, name):
        if name in BOOK_LAYOUT:
            return lambda *args, **kwargs: self.log.append((self, name, args, kwargs))
        raise AttributeError(f"BookSpec does not record {name}(); add it to templates/spec.py")


@dataclass
class TemplateSpec:
    """A template: its workbook as data, its formula plan with every formula cell's cached value,
    and where what a checker reads sits. Built once per catalog, instansi and tahun. Every cell is
    a Key, 1-based as in Excel."""

    instansi: str
    tahun: int
    catalog: object  # the catalog it was built from
    items: list  # its indicators (catalog.CatalogIndicator), in sheet order
    registers: list  # the registers it carries (registers.spec.RegisterLayout), in sheet order
    layouts: dict  # every register of the catalog, by key
    log_labels: list[str]  # the indicators the Buku Catatan Kegiatan's rows name
    digest: str  # a fingerprint of the instansi's catalog entry
    book: BookSpec
    plan: object  # templates.plan.FormulaPlan
    written: dict[Key, object]  # every value written into a cell (an input's raw value, a date's serial)
    values: dict[Key, object]  # every formula cell's cached value
    # where typed indicator inputs and targets sit: (sheet, row, col) -> (full_id, input, triwulan index) / full_id
    typed_cells: dict[Key, tuple[str, str, int]] = field(default_factory=dict)
    target_cells: dict[Key, str] = field(default_factory=dict)


def render(book: BookSpec, filename: str | Path, vba_project: bytes | None = None) -> None:
    """Write a spec with XlsxWriter: its calls replayed in order, each spec object standing for
    the XlsxWriter object made in its place."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(filename), {"strings_to_formulas": False, "strings_to_urls": False,
                                             "strings_to_numbers": False})
    if vba_project is not None:
        wb.add_vba_project(vba_project, is_stream=True)
    real: dict[int, object] = {id(book): wb}

    def made(value):
        if isinstance(value, (Style, SheetSpec, ChartSpec, BookSpec)):
            return real[id(value)]
        if isinstance(value, dict):
            return {k: made(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return type(value)(made(v) for v in value)
        return value

    for target, method, args, kwargs in book.log:
        if method == "add_format":
            real[id(args[0])] = wb.add_format(args[0].props)
        elif method == "add_worksheet":
            real[id(args[0])] = wb.add_worksheet(args[0].name)
        elif method == "add_chart":
            real[id(args[0])] = wb.add_chart(args[0].options)
        else:
            getattr(real[id(target)], method)(*made(args), **made(kwargs))
    wb.close()
