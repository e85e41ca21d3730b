"""Recalculate, with the `formulas` engine, only what a user changed.

When a submission's formula differs from its template (or a number was typed
over a formula), the template's own computation no longer describes that cell
or the cells that read it. Those cells — the changed ones and everything that
depends on them — are evaluated here, one compiled formula at a time, in
dependency order, reading every other cell's value from the template
computation or from the inputs. Each distinct formula text is compiled once
per process; the template's dependency graph is built once per template.
A changed formula that reaches itself is a circular reference.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict

import numpy as np
import schedula as sh
from formulas import Parser
from formulas.functions import XlError
from openpyxl.utils.cell import range_boundaries

from iku_excel.engine.functions import register
from iku_excel.engine.model import CIRCULAR, Key, TemplateModel, strip_prefixes
from iku_excel.engine.reader import Workbook, parse_ref

Area = tuple[str, int, int, int, int]  # sheet, min_row, min_col, max_row, max_col


@functools.lru_cache(maxsize=8192)
def compiled(formula: str):
    """(function, its input references) for a formula text; None when it cannot be parsed."""
    register()
    try:
        func = Parser().ast("=" + strip_prefixes(formula))[1].compile()
    except Exception:
        return None
    return func, tuple(func.inputs)


def resolve(ref: str, sheet: str, sheets: dict[str, str], names: dict[str, str]) -> Area | None:
    """An input reference of a compiled formula as an area. `sheets` maps upper-case names to real ones."""
    if "!" not in ref and re.fullmatch(r"[A-Z_][A-Z0-9_.]*", ref) and not re.fullmatch(r"[A-Z]{1,3}\d+", ref):
        target = names.get(ref)
        return None if target is None else parse_ref(target)
    if "!" in ref:
        sheet_part, cells = ref.rsplit("!", 1)
        sheet_part = sheet_part.strip("'").replace("''", "'")
        sheet = sheets.get(sheet_part.upper(), sheet_part)
    else:
        cells = ref
    try:
        c1, r1, c2, r2 = range_boundaries(cells.replace("$", ""))
    except (ValueError, TypeError):
        return None
    return sheet, r1, c1, r2, c2


def _cells_in(area: Area, formula_cells: dict[str, list[Key]]) -> list[Key]:
    sheet, r1, c1, r2, c2 = area
    return [k for k in formula_cells.get(sheet, ()) if r1 <= k[1] <= r2 and c1 <= k[2] <= c2]


def _index(keys) -> dict[str, list[Key]]:
    by_sheet: dict[str, list[Key]] = defaultdict(list)
    for key in keys:
        by_sheet[key[0]].append(key)
    return by_sheet


@functools.lru_cache(maxsize=64)
def _template_dependents(model: TemplateModel) -> dict[Key, set[Key]]:
    """For each template formula cell, the formula cells that read it (built once per template)."""
    sheets = {name.upper(): name for name in model.book.sheets}
    names = {k.upper(): v for k, v in model.names.items()}
    by_sheet = _index(model.formulas)
    dependents: dict[Key, set[Key]] = defaultdict(set)
    for key, formula in model.formulas.items():
        entry = compiled(formula)
        if entry is None:
            continue
        for ref in entry[1]:
            area = resolve(ref, key[0], sheets, names)
            if area:
                for source in _cells_in(area, by_sheet):
                    dependents[source].add(key)
    return dependents


def _python_value(result: object) -> object:
    if isinstance(result, np.ndarray):
        result = result.ravel()[0] if result.size else None
    if isinstance(result, np.generic):
        result = result.item()
    if result is sh.EMPTY or result is None:
        return ""
    if isinstance(result, XlError):
        return str(result)
    return result


class Recalculator:
    def __init__(self, book: Workbook, model: TemplateModel, expected: dict[Key, object]):
        self.book = book
        self.model = model
        self.expected = expected
        self.sheets = {name.upper(): name for name in book.sheets}
        self.names = {k.upper(): v for k, v in model.names.items()}
        self.names.update({k.upper(): v for k, v in book.names.items() if k.upper() not in self.names})
        self.results: dict[Key, object] = {}
        self.constants: dict[Key, object] = {}  # formula cells overwritten by a value

    def value(self, key: Key) -> object:
        if key in self.results:
            return self.results[key]
        if key in self.constants:
            return self.constants[key]
        if key in self.expected:
            return self.expected[key]
        return self.book.value(*key)

    def _argument(self, area: Area) -> object:
        sheet, r1, c1, r2, c2 = area
        if (r1, c1) == (r2, c2):
            v = self.value((sheet, r1, c1))
            return sh.EMPTY if v is None else v
        block = np.empty((r2 - r1 + 1, c2 - c1 + 1), dtype=object)
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                v = self.value((sheet, r, c))
                block[r - r1, c - c1] = sh.EMPTY if v is None else v
        return block

    def run(self, changed: dict[Key, str], overwritten: set[Key]) -> list[Key]:
        """Recalculate changed cells and their dependents; returns the cells on a circular reference."""
        for key in overwritten:
            v = self.book.value(*key)
            self.constants[key] = "" if v is None else v
        template_deps = _template_dependents(self.model)
        formula_of = dict(self.model.formulas)
        formula_of.update(changed)
        for key in overwritten:
            formula_of.pop(key, None)
        by_sheet = _index(formula_of)
        reads: dict[Key, set[Key]] = {}

        def inputs_of(key: Key) -> list[Area]:
            entry = compiled(formula_of[key])
            if entry is None:
                return []
            return [a for a in (resolve(ref, key[0], self.sheets, self.names) for ref in entry[1]) if a]

        # everything downstream of a change, through template edges and the changed cells' own edges
        affected = set(changed)
        frontier = list(changed) + list(overwritten)
        dependents = defaultdict(set, {k: set(v) for k, v in template_deps.items()})
        for key in changed:
            reads[key] = {s for area in inputs_of(key) for s in _cells_in(area, by_sheet)}
            for source in reads[key]:
                dependents[source].add(key)
        while frontier:
            node = frontier.pop()
            for dep in dependents.get(node, ()):
                if dep in formula_of and dep not in affected:
                    affected.add(dep)
                    frontier.append(dep)
        for key in affected:
            if key not in reads:
                reads[key] = {s for area in inputs_of(key) for s in _cells_in(area, by_sheet)}
        order, cyclic = _topological(affected, reads)
        for key in cyclic:
            self.results[key] = CIRCULAR
        for key in order:
            entry = compiled(formula_of[key])
            if entry is None:
                self.results[key] = "#NAME?"
                continue
            func, refs = entry
            args = []
            for ref in refs:
                area = resolve(ref, key[0], self.sheets, self.names)
                args.append(sh.EMPTY if area is None else self._argument(area))
            # An exception here is the engine's, not the submitter's: it propagates, and the file
            # is reported as GAGAL_DIPERIKSA rather than as a #VALUE! mismatch blamed on the user.
            self.results[key] = _python_value(func(*args))
        return sorted(cyclic)


def _topological(nodes: set[Key], reads: dict[Key, set[Key]]) -> tuple[list[Key], set[Key]]:
    """Order `nodes` so every cell comes after the affected cells it reads; cells on a cycle are returned apart."""
    order: list[Key] = []
    state: dict[Key, int] = {}  # 1 visiting, 2 done
    cyclic: set[Key] = set()
    for start in sorted(nodes):
        if state.get(start):
            continue
        stack = [(start, iter(sorted(reads.get(start, ()) & nodes)))]
        state[start] = 1
        path = [start]
        while stack:
            node, children = stack[-1]
            advanced = False
            for child in children:
                if state.get(child) == 1:
                    cyclic.update(path[path.index(child):])
                elif not state.get(child):
                    state[child] = 1
                    stack.append((child, iter(sorted(reads.get(child, ()) & nodes))))
                    path.append(child)
                    advanced = True
                    break
            if not advanced:
                stack.pop()
                path.pop()
                state[node] = 2
                order.append(node)
    return [k for k in order if k not in cyclic], cyclic
