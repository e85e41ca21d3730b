"""What a workbook made from a template should contain, and what its formulas should compute.

For each template (instansi, tahun, version) its spec is built once (templates/spec.py):
every formula cell and its formula, every input cell, every defined name, and the
template's formula plan (templates/plan.py):
each formula cell with the Python computing its value from the cells and register
rows it reads. For a submission, the plan is evaluated over the submission's own
inputs, computing again only what reads an input that differs from the empty
template. No spec is built per file, and no formula is parsed on this path;
`generic.py` handles cells a user changed.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from iku_excel.catalog.loader import load_catalog_from
from iku_excel.config import Config
from iku_excel.engine.reader import Workbook, parse_ref
from iku_excel.registers.rows import with_derived
from iku_excel.templates.builder import WorkbookBuilder
from iku_excel.templates.layout import (
    COL_KETERANGAN,
    COL_TAHUNAN,
    COL_TW1,
    FIRST_ROW,
    SHEET_IKU,
)
from iku_excel.templates.plan import FormulaPlan, Ref
from iku_excel.templates.spec import (
    BookSpec,
    Key,  # (sheet, row, col), 1-based as in Excel
    TemplateSpec,
)

CIRCULAR = "#CIRC!"  # the marker of a cell on a circular reference: no Excel value, never written to a file


@dataclass(eq=False)  # identity hash: one model per template, cached
class TemplateModel:
    instansi: str
    tahun: int
    spec: TemplateSpec  # the template as data
    book: BookSpec  # its sheets, cells and defined names (spec.book)
    formulas: dict[Key, str]  # the template's formula per cell (without "=")
    canonical: dict[Key, str]
    digest: str
    # What a reader or a printout sees: realisasi TW I–IV, tahunan, capaian and predikat of
    # each indicator row, and the IKM with its mutu; the indicator's name, for messages.
    headline: dict[Key, str]
    plan: FormulaPlan  # every formula cell, with its formula, its Python and what it reads
    values: dict[Key, object]  # what every formula cell of the empty template holds
    # every input cell the plan reads, with its value in the empty template: sheet -> (row, col) 1-based
    input_cells: dict[str, dict[tuple[int, int], object]]

    @functools.cached_property
    def registers(self) -> set[str]:
        """The registers whose rows some formula reads."""
        return self.plan.registers()

    @functools.cached_property
    def result_cells(self) -> list[Key]:
        """The realisasi cells of the IKU/IKI rows (TW I–IV and tahunan), in sheet order."""
        return [key for key in sorted(self.formulas) if (key[0] == SHEET_IKU or key[0].startswith("IKI "))
                and COL_TW1 + 1 <= key[2] <= COL_TAHUNAN + 1]

    @property
    def names(self) -> dict[str, str]:
        return self.book.names

    @functools.cached_property
    def register_inputs(self) -> dict[str, dict[tuple[int, int], object]]:
        """What the empty template holds in each register's input columns (a register kept one
        row per desa starts with the kecamatan's desa): register key -> (row, col) 1-based -> value."""
        out = {}
        for key, reg in self.spec.layouts.items():
            columns = {c + 1 for c, col in enumerate(reg.columns) if col.kind not in ("no", "formula")}
            first, last = FIRST_ROW + 1, FIRST_ROW + reg.rows
            out[key] = {(r, c): v for (s, r, c), v in self.spec.written.items()
                        if s == reg.sheet and c in columns and first <= r <= last and v not in (None, "")}
        return out

    def register_changed(self, book: Workbook, key: str) -> bool:
        """Whether a submission's register differs from the empty template's (typed rows, or a
        prefilled desa changed)."""
        reg = self.spec.layouts[key]
        ws = book.sheets.get(reg.sheet)
        if ws is None:
            return False
        mine = self.register_inputs[key]
        columns = {c for _r, c in mine} | {c + 1 for c, col in enumerate(reg.columns) if col.kind not in ("no", "formula")}
        first, last = FIRST_ROW + 1, FIRST_ROW + reg.rows
        theirs = {(r, c): cell.value for (r, c), cell in ws.cells.items()
                  if first <= r <= last and c in columns and cell.value not in (None, "")}
        return theirs != mine

    def tables(self) -> dict[str, list[str]]:
        return {name: sheet.tables for name, sheet in self.book.sheets.items() if sheet.tables}


def canonical(formula: str) -> str:
    """A formula in a form that is equal for Excel, LibreOffice and XlsxWriter
    spellings of the same thing: upper case outside text literals, no spaces,
    no quotes around sheet names, no add-in or future-function prefixes."""
    parts = re.split(r'("(?:[^"]|"")*")', formula.lstrip("="))
    out = []
    for i, part in enumerate(parts):
        if i % 2:
            out.append(part)
            continue
        part = strip_prefixes(part).upper()
        part = re.sub(r"'((?:[^']|'')+)'!", lambda m: m.group(1).replace("''", "'") + "!", part)
        out.append(re.sub(r"\s+", "", part))
    return "".join(out)


_PREFIX = re.compile(r"(?:'[^']*\.xla[m]?'!|\[\d+\]!|_xldudf_|_xludf\.|_xlfn\.|_xlws\.)(?=[A-Za-z_])", re.IGNORECASE)


def strip_prefixes(formula: str) -> str:
    """Remove the link and add-in prefixes Excel saves before function names:
    [1]!IKU_PERSEN, 'C:\\...\\x.xlam'!IKU_PERSEN, _xldudf_IKU_PERSEN, _xludf.IKU_PERSEN."""
    return _PREFIX.sub("", formula)


def template_model(instansi: str, tahun: int, config: Config) -> TemplateModel:
    """The model of a template, built once per catalog configuration, instansi and tahun."""
    return _template_model(instansi, tahun, config.katalog)


@functools.lru_cache(maxsize=64)
def _template_model(instansi: str, tahun: int, katalog: tuple[str, ...]) -> TemplateModel:
    catalog = load_catalog_from(katalog)
    spec = WorkbookBuilder(catalog, catalog.get(instansi), tahun).spec()
    plan = spec.plan
    formulas = {key: step.formula.text.lstrip("=") for key, step in plan.index.items()}
    names = {item.full_id: item.spec.nama for item in catalog.indicators(instansi)}
    # the results a reader or a printout sees: realisasi to predikat and the IKM's mutu (Keterangan)
    # in the IKU/IKI rows, the SKM block, and every cell that shows one of them again elsewhere (the
    # Pengukuran Kinerja, the Perjanjian Kinerja): changed there, the signed paper lies all the same
    headline = {}
    for (sheet, row, _col), full_id in spec.target_cells.items():
        for col in range(COL_TW1, COL_KETERANGAN + 1):
            if (sheet, row, col + 1) in formulas:
                headline[(sheet, row, col + 1)] = names[full_id]
    for name in ("SKM_IKM", "SKM_Mutu", "SKM_Kinerja"):
        target = parse_ref(spec.book.names[name]) if name in spec.book.names else None
        if target:
            headline[target[:3]] = "Indeks Kepuasan Masyarakat (Reg SKM)"
    shown_again = {**headline, **{key: names[full_id] for key, full_id in spec.target_cells.items()}}
    for key, step in plan.index.items():
        args = step.formula.args
        if key not in headline and len(args) == 1 and isinstance(args[0], Ref) and args[0].key in shown_again:
            headline[key] = shown_again[args[0].key]
    inputs: dict[str, dict[tuple[int, int], object]] = {}
    for s, r, c in plan.input_refs():
        inputs.setdefault(s, {})[(r, c)] = spec.written.get((s, r, c))
    return TemplateModel(instansi, tahun, spec, spec.book, formulas, {k: canonical(v) for k, v in formulas.items()},
                         spec.digest, headline, plan, dict(spec.values), inputs)


def register_values(book: Workbook, register) -> list[dict[str, object]]:
    """The register's input columns, one dict per row of raw values, keeping positions
    (row i is Excel row FIRST_ROW + 1 + i) up to the last row with anything in it.
    Read once per workbook and register: several checks ask for the same rows."""
    key = ("register_values", register.sheet)
    if key in book.cache:
        return book.cache[key]
    ws = book.sheets.get(register.sheet)
    rows = []
    if ws is not None:
        inputs = [(c + 1, col.key, col.kind == "date") for c, col in enumerate(register.columns)
                  if col.kind not in ("no", "formula")]
        columns = {c for c, _k, _d in inputs}
        first, last = FIRST_ROW + 1, FIRST_ROW + register.rows
        filled = [r for (r, c), cell in ws.cells.items()
                  if first <= r <= last and c in columns and cell.value is not None and cell.value != ""]
        for row in range(first, max(filled, default=first - 1) + 1):
            values = {}
            for c, name, is_date in inputs:
                cell = ws.cells.get((row, c))
                value = None if cell is None else cell.value
                values[name] = book.date_serial(value) if is_date else value
            rows.append(values)
    book.cache[key] = rows
    return rows


def register_rows(book: Workbook, model: TemplateModel, key: str) -> list[dict[str, object]]:
    """A register's rows as the plan reads them: raw input values with the formula columns
    computed from them (never the submission's own cached results)."""
    cache = ("register_rows", key)
    if cache not in book.cache:
        reg = model.spec.layouts[key]
        book.cache[cache] = with_derived(register_values(book, reg), reg.derived, model.tahun)
    return book.cache[cache]


def targets(book: Workbook, model: TemplateModel) -> dict[str, object]:
    """Each indicator's target as the submission states it."""
    return {full_id: book.value(*key) for key, full_id in model.spec.target_cells.items()}


def expected_values(model: TemplateModel, book: Workbook) -> dict[Key, object]:
    """What every formula cell of the template computes from this submission's inputs: the
    template's plan, evaluated again where an input differs from the empty template's."""
    changed: set = set()
    cells = {name: ws.cells for name, ws in book.sheets.items()}
    for sheet, inputs in model.input_cells.items():
        here = cells.get(sheet, {})
        for (row, col), template in inputs.items():  # filled in the template, maybe cleared here
            if template is not None:
                cell = here.get((row, col))
                if (None if cell is None else cell.value) != template:
                    changed.add((sheet, row, col))
        for row, col in here.keys() & inputs.keys():  # filled here
            value = here[(row, col)].value
            if value is not None and value != inputs[(row, col)]:
                changed.add((sheet, row, col))
    changed.update(k for k in model.registers if model.register_changed(book, k))

    def read(ref: Ref) -> object:
        sheet, row, col = ref.key
        cell = cells[sheet].get((row, col)) if sheet in cells else None
        if cell is None:
            return None
        return book.date_serial(cell.value) if ref.date else cell.value

    return {**model.values, **model.plan.changes(read, lambda key: register_rows(book, model, key), model.values,
                                                  changed)}
