"""A template's formula plan: every formula cell with its formula, the Python that gives the
same value, and the cells or register rows it reads.

The builder writes the plan as it writes the workbook: each formula cell's cached value
is the plan's own evaluation of that cell, over the inputs written before it. The checker
keeps the plan of each template version (built once) and evaluates it over a submission's
inputs, re-computing only the cells whose inputs differ from the empty template's. So the
template's cached values and the checker's expected values are one computation, and
no builder runs per submitted file.

A step's function must be pure: it may close over the template (catalog, tahun), never
over one workbook's data, which reaches it only through its arguments.
"""

from __future__ import annotations

import heapq
from collections import ChainMap
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

Key = tuple[str, int, int]  # (sheet, row, col): 0-based as the builder writes; 1-based once in a spec (in_excel_coordinates)


@dataclass(frozen=True)
class Ref:
    """An argument: the value of one cell (an input, or a formula cell computed before)."""

    key: Key
    date: bool = False  # a date input: read as its serial in the 1900 date system


@dataclass(frozen=True)
class Rows:
    """An argument: a register's rows, one dict of raw values per row keyed by column, with
    the register's formula columns (triwulan, tepat waktu, ...) computed from them."""

    register: str


Arg = Ref | Rows


@dataclass(frozen=True)
class Formula:
    """A formula cell before it has a place: its Excel text, the Python giving its value from
    the arguments' values (in order), and the arguments."""

    text: str
    fn: Callable[..., object]
    args: tuple[Arg, ...] = ()


@dataclass(frozen=True)
class Step:
    key: Key
    formula: Formula


Reader = Callable[[Ref], object]  # an input cell's value
RowsOf = Callable[[str], list]  # a register's rows


@dataclass
class FormulaPlan:
    steps: list[Step] = field(default_factory=list)
    index: dict[Key, Step] = field(default_factory=dict)
    _reader_index: tuple[int, dict] | None = field(default=None, repr=False)

    def add(self, key: Key, formula: Formula) -> Step:
        if key in self.index:
            raise ValueError(f"two formulas for one cell: {key}")
        step = Step(key, formula)
        self.steps.append(step)
        self.index[key] = step
        return step

    def in_excel_coordinates(self) -> FormulaPlan:
        """The same plan with every cell 1-based, as Excel and a reader of the file count them (the
        builder writes 0-based, as XlsxWriter counts): what the spec hands on."""
        def shifted(key: Key) -> Key:
            return (key[0], key[1] + 1, key[2] + 1)

        plan = FormulaPlan()
        for step in self.steps:
            args = tuple(Ref(shifted(a.key), a.date) if isinstance(a, Ref) else a for a in step.formula.args)
            plan.add(shifted(step.key), Formula(step.formula.text, step.formula.fn, args))
        return plan

    def value(self, step: Step, read: Reader, rows: RowsOf, values: Mapping[Key, object]) -> object:
        """One step's value: its arguments resolved (formula cells from `values`, inputs by `read`)."""
        index = self.index
        return step.formula.fn(*[rows(arg.register) if type(arg) is Rows else values[arg.key] if arg.key in index
                                 else read(arg) for arg in step.formula.args])

    def input_refs(self) -> dict[Key, Ref]:
        """Every input cell some formula reads (a cell no formula fills)."""
        return {arg.key: arg for step in self.steps for arg in step.formula.args
                if isinstance(arg, Ref) and arg.key not in self.index}

    def registers(self) -> set[str]:
        """The registers whose rows some formula reads."""
        return {token for token in self._readers() if isinstance(token, str)}

    def evaluate(self, read: Reader, rows: RowsOf, base: Mapping[Key, object] | None = None,
                 changed: Iterable[Key | str] | None = None) -> dict[Key, object]:
        """Every formula cell's value. With `base` (the values of the empty template) and
        `changed` (the input cells and register names that differ from it), only the steps
        reading something changed are computed again; the rest keep their base value."""
        if base is None:
            values: dict[Key, object] = {}
            for step in self.steps:
                values[step.key] = self.value(step, read, rows, values)
            return values
        return {**base, **self.changes(read, rows, base, changed or ())}

    def changes(self, read: Reader, rows: RowsOf, base: Mapping[Key, object],
                changed: Iterable[Key | str]) -> dict[Key, object]:
        """The formula cells whose value differs from `base`, given the inputs that changed."""
        readers = self._readers()
        values = ChainMap({}, base)
        new = values.maps[0]
        # the steps reading something changed, in plan order (a step comes after what it reads)
        queue = sorted({i for token in changed for i in readers.get(token, ())})
        queued = set(queue)
        while queue:
            step = self.steps[heapq.heappop(queue)]
            value = self.value(step, read, rows, values)
            if not _same(value, base[step.key]):
                new[step.key] = value
                for i in readers.get(step.key, ()):
                    if i not in queued:
                        queued.add(i)
                        heapq.heappush(queue, i)
        return new

    def _readers(self) -> dict[Key | str, list[int]]:
        """For each cell or register, the steps reading it (built once, kept with the plan)."""
        if self._reader_index is None or self._reader_index[0] != len(self.steps):
            readers: dict[Key | str, list[int]] = {}
            for i, step in enumerate(self.steps):
                for arg in step.formula.args:
                    readers.setdefault(arg.register if isinstance(arg, Rows) else arg.key, []).append(i)
            self._reader_index = (len(self.steps), readers)
        return self._reader_index[1]


def _same(a: object, b: object) -> bool:
    """Equal as a cell holds it (1 == 1.0, but "" is neither 0 nor blank): a step whose value
    is unchanged leaves the steps reading it alone."""
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return a == b
    return type(a) is type(b) and a == b


class TrackedSheet:
    """A worksheet that also notes every value written into it (an input's raw value, a date
    as its serial), so that the plan reads the builder's inputs as a reader of the file would."""

    def __init__(self, ws, written: dict[Key, object]):
        self._ws = ws
        self._written = written
        self._name = ws.get_name()

    def __getattr__(self, name):
        return getattr(self._ws, name)

    def _note(self, row: int, col: int, value: object) -> None:
        self._written[(self._name, row, col)] = value

    def write_number(self, row, col, value, fmt=None):
        self._note(row, col, value)
        return self._ws.write_number(row, col, value, fmt)

    def write_string(self, row, col, value, fmt=None):
        self._note(row, col, value)
        return self._ws.write_string(row, col, value, fmt)

    def write_datetime(self, row, col, value, fmt=None):
        from iku_excel.excel import serial

        self._note(row, col, serial(value))
        return self._ws.write_datetime(row, col, value, fmt)

    def write_blank(self, row, col, value=None, fmt=None):
        self._note(row, col, None)
        return self._ws.write_blank(row, col, value, fmt)

    def merge_range(self, r1, c1, r2, c2, value, fmt=None):
        self._note(r1, c1, value)
        return self._ws.merge_range(r1, c1, r2, c2, value, fmt)
