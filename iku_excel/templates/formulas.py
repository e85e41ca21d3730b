"""The formula of every computed cell, next to the Python that gives its cached value.

A template carries cached results so that it shows numbers wherever it is
opened. Each function here returns a plan `Formula`: the formula Excel will
evaluate and the Python that computes the same from the same cells or register
rows (templates/plan.py). Keeping the two side by side is how they are kept
equal; a test recalculates every generated workbook with an independent engine
and compares.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from iku_excel import udf
from iku_excel.excel import is_empty as is_blank
from iku_excel.excel import is_number
from iku_excel.registers.rows import Tally, per_rows
from iku_excel.templates.layout import RegisterLayout
from iku_excel.templates.plan import Formula, Ref, Rows

BLANK = ""


def rollup(cells: Sequence[str], refs: Sequence[Ref], rekap: str) -> Formula:
    """Realisasi tahunan from the four TW cells, by the indicator's roll-up (the arithmetic is
    calc.capaian.rollup's; the formula is Excel's spelling of it)."""
    from iku_excel.calc.capaian import rollup as rolled_up

    first, last = cells[0], cells[-1]
    if rekap in ("kumulatif", "rata_rata"):
        function = "SUM" if rekap == "kumulatif" else "AVERAGE"

        def value(*tw):
            numbers = [v for v in tw if is_number(v)]
            return rolled_up(numbers, rekap) if numbers else BLANK

        return Formula(f'=IF(COUNT({first}:{last})=0,"",{function}({first}:{last}))', value, tuple(refs))
    # nilai_akhir: the last TW that is not blank; a "#..." message there is passed on, not skipped.
    formula = '""'
    for cell in cells:
        formula = f'IF({cell}<>"",{cell},{formula})'

    def last_filled(*tw):
        found: object = BLANK
        for v in tw:
            if not is_blank(v):
                found = v
        return found

    return Formula("=" + formula, last_filled, tuple(refs))


def capaian(cells: Sequence[str], refs: Sequence[Ref]) -> Formula:
    """Capaian of (realisasi, target, polaritas)."""
    real, target, polaritas = cells

    def value(realisasi, goal, pol):
        return BLANK if is_blank(realisasi) else udf.iku_capaian(realisasi, None if is_blank(goal) else goal, pol)

    return Formula(f'=IF({real}="","",IKU_CAPAIAN({real},{target},{polaritas}))', value, tuple(refs))


def predikat(cell: str, ref: Ref) -> Formula:
    return Formula(f'=IF(ISNUMBER({cell}),IKU_PREDIKAT({cell}),"")',
                   lambda c: udf.iku_predikat(c) if is_number(c) else BLANK, (ref,))


def persen_guarded(cells: Sequence[str], refs: Sequence[Ref]) -> Formula:
    """A ratio over register rows (guard, pembilang, penyebut): blank until the register has rows for it."""
    guard, p, q = cells
    return Formula(f'=IF({guard}=0,"",IKU_PERSEN({p},{q}))',
                   lambda g, a, b: BLANK if g == 0 else udf.iku_persen(a, b), tuple(refs))


def persen_typed(cells: Sequence[str], refs: Sequence[Ref]) -> Formula:
    """A ratio typed by hand: blank until both parts are typed; a typed 0 is shown as invalid."""
    p, q = cells

    def value(a, b):
        return BLANK if sum(is_number(v) for v in (a, b)) < 2 else udf.iku_persen(a, b)

    return Formula(f'=IF(COUNT({p},{q})<2,"",IKU_PERSEN({p},{q}))', value, tuple(refs))


def guarded(guard: str, cell: str, refs: Sequence[Ref]) -> Formula:
    """A count shown once something is there to count: =IF(guard=0,"",cell)."""
    return Formula(f'=IF({guard}=0,"",{cell})', lambda g, v: BLANK if g == 0 else v, tuple(refs))


# ---- counts over registers (native Excel functions), from a register's rows -------------------

def tally(t: Tally, reg: RegisterLayout) -> Formula:
    """COUNTIFS/SUMIFS over a register's columns (registers.rows.Tally)."""
    return Formula(t.formula(reg.name), t.value, (Rows(reg.key),))


def on_time_count(reg: RegisterLayout, column: str) -> Formula:
    """Desa whose document is on time: its per-desa formula column says "Ya" (and says "" when
    the desa name is blank, so such a row never counts)."""
    return Formula(f'=COUNTIF({reg.name(column)},"Ya")', lambda rows: sum(1 for row in rows if row.get(column) == "Ya"),
                   (Rows(reg.key),))


def count_named(reg: RegisterLayout, column: str) -> Formula:
    """COUNTA of a text or list column: non-blank cells."""
    return Formula(f"=COUNTA({reg.name(column)})",
                   lambda rows: sum(1 for row in rows if not is_blank(row.get(column))), (Rows(reg.key),))


def count_numbers(reg: RegisterLayout, column: str) -> Formula:
    return Formula(f"=COUNT({reg.name(column)})",
                   lambda rows: sum(1 for row in rows if is_number(row.get(column))), (Rows(reg.key),))


def count_equal(reg: RegisterLayout, column: str, text: str) -> Formula:
    def value(rows):
        return sum(1 for row in rows if isinstance(v := row.get(column), str) and v.lower() == text.lower())

    return Formula(f'=COUNTIF({reg.name(column)},"{text}")', value, (Rows(reg.key),))


def count_above(reg: RegisterLayout, column: str, threshold: float, digits: int) -> Formula:
    """Values above `threshold` after rounding to `digits` (as their status is classified).
    ">="&0.81555, not ">0.81555": the number is stored locale-free in the formula and
    turned into text in the user's own locale, which COUNTIF then reads back the same
    way; a literal ">0.8155" would read as 8155 in an Indonesian Excel."""
    from iku_excel.calc.basic import count_above as counted
    from iku_excel.calc.basic import lowest_counted

    edge = lowest_counted(threshold, digits)
    return Formula(f'=COUNTIF({reg.name(column)},">="&{edge!r})',
                   lambda rows: counted([v for row in rows if is_number(v := row.get(column))], threshold, digits),
                   (Rows(reg.key),))


@per_rows
def skm_answers(rows) -> list[list[object]]:
    """The respondents × unsur block of Reg SKM's rows (what SKM_Jawaban holds)."""
    return [[row.get(f"U{j}") for j in range(1, 10)] for row in rows]


@per_rows
def skm_ikm(rows) -> object:
    """IKM_NILAI(SKM_Jawaban): shown in Reg SKM and in Perhitungan, computed once."""
    return udf.ikm_nilai(skm_answers(rows))


def excel_date(value: object) -> object:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.datetime(value.year, value.month, value.day)
    return value
