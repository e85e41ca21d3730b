"""Counts over register rows, written once as data: the Excel formula and the Python that agree with it.

A register row is a dict of raw cell values keyed by column (what a user typed,
or what the sample data holds). Two things are computed from rows:

- a **derived column** (`Derived`): one formula per row, such as the triwulan of
  a date or whether a document was finished by its deadline;
- a **tally** (`Tally`): COUNTIFS, or SUMIFS of one column, over the rows that
  meet every criterion. It is what an indicator's pembilang, penyebut or jumlah is.

Each gives its Excel formula and its value from the same description, following
Excel's own rules (a numeric criterion matches numbers only; text matches ignore
case; SUMIFS skips text), so the template's cached values, the demo's figures and
the checker's recalculation are one computation. LibreOffice recalculating the
generated workbooks is the test that the two halves agree.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from iku_excel.excel import from_serial, is_number, serial
from iku_excel.excel import is_empty as is_blank

Row = Mapping[str, object]
NOT_A_DATE = "#TIDAK VALID: bukan tanggal"
OTHER_YEAR = "Tahun lain"


def year_month(number: float) -> tuple[int, int]:
    """YEAR() and MONTH() of a serial number, with Excel's fictitious 29 February 1900 (serial 60)."""
    day = int(number)
    if day < 61:  # 0 is "0 January 1900"; 1..59 January–February 1900; 60 the day that never was
        return 1900, 1 if day <= 31 else 2
    date = from_serial(day)
    return date.year, date.month


# ---- derived columns -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Derived:
    """A formula column. `formula` gets the A1 reference of a column in the same row;
    `value` gets the row and the workbook's tahun."""

    key: str
    formula: Callable[[Callable[[str], str]], str]
    value: Callable[[Row, int], object]
    sources: tuple[str, ...] = ()  # the input columns it reads
    band: str | None = None  # a status from this band set (its "#..." messages are coloured as such)
    document: str | None = None  # a village document's on-time flag: its kind (RKPDes, APBDes, LPPDes)


def _from_date(date_key: str, formula: Callable[[str, Callable[[str], str]], str],
               value: Callable[[float, Row, int], object]) -> tuple[Callable, Callable]:
    """A derived column read from a date: blank while the date is blank, "#TIDAK VALID: bukan
    tanggal" when it is not a number; otherwise `formula`/`value` of the date (the same guard in
    Excel and in Python, written once)."""

    def excel(ref):
        d = ref(date_key)
        return f'=IF({d}="","",IF(NOT(ISNUMBER({d})),"{NOT_A_DATE}",{formula(d, ref)}))'

    def python(row, tahun):
        raw = row.get(date_key)
        if is_blank(raw):
            return ""
        number = serial(raw)
        return NOT_A_DATE if number is None else value(number, row, tahun)

    return excel, python


def triwulan_of(date_key: str, key: str = "Triwulan") -> Derived:
    """The triwulan (1–4) of a date in the workbook's year; "Tahun lain" for another year."""

    def triwulan(number, _row, tahun):
        year, month = year_month(number)
        return OTHER_YEAR if year != tahun else float((month + 2) // 3)

    formula, value = _from_date(
        date_key, lambda d, _ref: f'IF(YEAR({d})<>Profil_Tahun,"{OTHER_YEAR}",ROUNDUP(MONTH({d})/3,0))', triwulan)
    return Derived(key, formula, value, (date_key,))


def on_time(done_key: str, due_key: str, key: str = "Tepat") -> Derived:
    """"Ya" when the thing was done on or before its deadline, "Tidak" when late or not done."""

    def in_time(due, row, _tahun):
        done = serial(row.get(done_key))
        return "Ya" if done is not None and done <= due else "Tidak"

    formula, value = _from_date(
        due_key, lambda due, ref: f'IF(AND(ISNUMBER({ref(done_key)}),{ref(done_key)}<={due}),"Ya","Tidak")', in_time)
    return Derived(key, formula, value, (done_key, due_key))


def counted_amount(label_key: str, amount_key: str, key: str = "Dihitung") -> Derived:
    """What one row adds to a count: its jumlah, or 1 when jumlah is left blank."""

    def formula(ref):
        label, amount = ref(label_key), ref(amount_key)
        return f'=IF({label}="","",IF({amount}="",1,{amount}))'

    def value(row, _tahun):
        if is_blank(row.get(label_key)):
            return ""
        amount = row.get(amount_key)
        return 1.0 if is_blank(amount) else amount

    return Derived(key, formula, value, (label_key, amount_key))


def on_time_of_document(kind: str, name_key: str, key: str) -> Derived:
    """Whether a village document (RKPDes, APBDes, LPPDes) of the workbook's budget year was
    on time (DOMAIN.md §5): "Ya"/"Tidak" once the row names its desa."""
    from iku_excel import udf

    def formula(ref):
        return f'=IF(${ref(name_key)}="","",IKU_TEPAT_WAKTU("{kind}",{ref(kind)},Profil_Tahun))'

    def value(row, tahun):
        return "" if is_blank(row.get(name_key)) else udf.iku_tepat_waktu(kind, row.get(kind), tahun)

    return Derived(key, formula, value, (name_key, kind), document=kind)


def numbers_in(keys: Sequence[str], key: str) -> Derived:
    """How many of a row's cells `keys` (adjacent columns) hold a number: =COUNT(first:last)."""

    def formula(ref):
        return f"=COUNT({ref(keys[0])}:{ref(keys[-1])})"

    def value(row, _tahun):
        return sum(is_number(row.get(k)) for k in keys)

    return Derived(key, formula, value, tuple(keys))


def total_of(name_key: str, keys: Sequence[str], key: str) -> Derived:
    """The sum of a row's cells `keys` (adjacent columns), once the row is named."""

    def formula(ref):
        return f'=IF(${ref(name_key)}="","",SUM({ref(keys[0])}:{ref(keys[-1])}))'

    def value(row, _tahun):
        if is_blank(row.get(name_key)):
            return ""
        return sum(v for v in (row.get(k) for k in keys) if is_number(v))

    return Derived(key, formula, value, (name_key, *keys))


def idm_status_of(idm_key: str, key: str = "Status") -> Derived:
    """The IDM status of a desa from its IDM value (the IDM band set)."""
    from iku_excel import udf

    def formula(ref):
        return f'=IF({ref(idm_key)}="","",IDM_STATUS({ref(idm_key)}))'

    def value(row, _tahun):
        idm = row.get(idm_key)
        return "" if is_blank(idm) else udf.idm_status(idm)

    from iku_excel.calc.basic import IDM_BANDS

    return Derived(key, formula, value, (idm_key,), band=IDM_BANDS)


def with_derived(rows: Sequence[Row], derived: Sequence[Derived], tahun: int) -> list[dict[str, object]]:
    """Rows with their derived columns filled in, as the sheet would show them."""
    out = []
    for row in rows:
        full = dict(row)
        for d in derived:
            full[d.key] = d.value(full, tahun)
        out.append(full)
    return out


# ---- tallies -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Criterion:
    """One COUNTIFS condition on a column. `values` with several entries means any of them
    (written as one COUNTIFS per value, added up: the values exclude each other)."""

    column: str
    values: tuple[object, ...]
    op: str = "="  # "=", "<=" (numbers), "<>" (not blank)

    def excel(self, value: object) -> str:
        """The criterion as written in the formula: the literal of what COUNTIFS reads."""
        read = self.as_excel_reads_it(value)
        return f"{read:g}" if is_number(read) else '"' + str(read).replace('"', '""') + '"'

    def as_excel_reads_it(self, value: object) -> object:
        """The criterion as COUNTIFS receives it (the formula's literal, evaluated)."""
        if self.op == "<>":
            return "<>"
        if self.op == "<=":
            return f"<={value:g}"
        return value


_OPERATORS = ("<=", ">=", "<>", "<", ">", "=")


def matcher(criterion: object) -> Callable[[object], bool]:
    """A COUNTIFS criterion as Excel reads it (a number, or text such as "Ya", "<=2", "<>"),
    as a test of one cell: numbers compare with numbers only, text ignores case and
    understands the wildcards ? and *, "" and "=" mean blank, "<>" means not blank."""
    import fnmatch

    if is_number(criterion):
        return lambda cell: is_number(cell) and cell == criterion
    text = "" if criterion is None else str(criterion)
    op = next((o for o in _OPERATORS if text.startswith(o)), "")
    operand = text[len(op):]
    try:
        number = float(operand) if operand.strip() else None
    except ValueError:
        number = None
    if number is not None:
        compare = {"<=": number.__ge__, ">=": number.__le__, "<": number.__gt__, ">": number.__lt__,
                   "<>": number.__ne__, "=": number.__eq__, "": number.__eq__}[op]
        if op == "<>":
            return lambda cell: not (is_number(cell) and cell == number)
        return lambda cell: is_number(cell) and compare(cell)
    if operand == "":
        return (lambda cell: not is_blank(cell)) if op == "<>" else is_blank
    wanted = operand.lower()
    if "*" in wanted or "?" in wanted:
        pattern = wanted.replace("[", "[[]")
        equal = (lambda cell: isinstance(cell, str) and fnmatch.fnmatchcase(cell.lower(), pattern))
    else:  # no wildcard: plain equality, ignoring case (most criteria, and much faster)
        def equal(cell):
            return isinstance(cell, str) and cell.lower() == wanted

        if op in ("", "="):
            equal.equals_text = wanted  # Tally.matching may find such rows through an index
    if op == "<>":
        return lambda cell: not equal(cell)
    if op in ("", "="):
        return equal
    compare = {"<=": str.__le__, ">=": str.__ge__, "<": str.__lt__, ">": str.__gt__}[op]
    return lambda cell: isinstance(cell, str) and compare(cell.lower(), operand.lower())


def where(column: str, *values: object) -> Criterion:
    return Criterion(column, tuple(values))


def up_to(column: str, value: float) -> Criterion:
    return Criterion(column, (value,), "<=")


def filled(column: str) -> Criterion:
    return Criterion(column, ("",), "<>")


@dataclass(frozen=True)
class Tally:
    """COUNTIFS over the rows meeting every criterion, or SUMIFS of `total` when given."""

    criteria: tuple[Criterion, ...]
    total: str | None = None

    def also(self, *more: Criterion) -> Tally:
        return Tally(self.criteria + more, self.total)

    def formula(self, name: Callable[[str], str]) -> str:
        """The Excel formula; `name` gives the defined name of a column's data range."""
        choice = next((c for c in self.criteria if len(c.values) > 1), None)
        options = choice.values if choice else (None,)
        terms = []
        for option in options:
            parts = [name(self.total)] if self.total else []
            for c in self.criteria:
                parts.append(f"{name(c.column)},{c.excel(option if c is choice else c.values[0])}")
            terms.append(f"{'SUMIFS' if self.total else 'COUNTIFS'}({','.join(parts)})")
        return "=" + "+".join(terms)

    def matching(self, rows: Sequence[Row]) -> list[Row]:
        """The rows meeting every criterion. The criteria are read by `matcher`, the one
        implementation of Excel's criteria rules here (the engine's COUNTIFS uses it too)."""
        tests = [(c.column, [matcher(c.as_excel_reads_it(v)) for v in c.values]) for c in self.criteria]
        keyed = next((t for t in tests if len(t[1]) == 1 and hasattr(t[1][0], "equals_text")), None)
        if keyed is not None:  # the rows with that text, found through an index of the column
            rows = _index(rows, keyed[0]).get(keyed[1][0].equals_text, [])
            tests.remove(keyed)
        if not tests:
            return list(rows)
        if len(tests) == 1 and len(tests[0][1]) == 1:
            column, (test,) = tests[0]
            return [row for row in rows if test(row.get(column))]
        return [row for row in rows
                if all(any(test(row.get(column)) for test in alternatives) for column, alternatives in tests)]

    def amount(self, rows: Sequence[Row]) -> float:
        """COUNTIFS of rows already matched (their number), or SUMIFS (the numbers in `total`)."""
        if self.total is None:
            return float(len(rows))
        return float(sum(v for v in (row.get(self.total) for row in rows) if is_number(v)))

    def value(self, rows: Sequence[Row]) -> float:
        """What the formula gives on these rows."""
        return self.amount(self.matching(rows))

    def per_triwulan(self, rows: Sequence[Row], column: str, cumulative: bool) -> list[float]:
        """The values of for_triwulan(self, column, k, cumulative) for k = 1..4, matching once."""
        matched = self.matching(rows)
        return [for_triwulan(Tally((), self.total), column, k, cumulative).value(matched) for k in range(1, 5)]


def per_rows(fn: Callable[[Sequence[Row]], object]) -> Callable[[Sequence[Row]], object]:
    """fn(rows), computed once per list of rows: several cells of a workbook ask the same
    question of the same register (the list is kept while cached, so its id is not reused)."""
    cache: dict[int, tuple[Sequence[Row], object]] = {}

    def once(rows: Sequence[Row]) -> object:
        hit = cache.get(id(rows))
        if hit is not None and hit[0] is rows:
            return hit[1]
        if len(cache) > 64:
            cache.clear()
        value = fn(rows)
        cache[id(rows)] = (rows, value)
        return value

    return once


_INDEXES: dict[tuple[int, str], tuple[Sequence[Row], dict[str, list[Row]]]] = {}


def _index(rows: Sequence[Row], column: str) -> dict[str, list[Row]]:
    """The rows by the lower-cased text of one column (numbers and blanks never equal a text
    criterion, so they are left out). Kept while the same list of rows is asked about."""
    key = (id(rows), column)
    hit = _INDEXES.get(key)
    if hit is not None and hit[0] is rows:
        return hit[1]
    index: dict[str, list[Row]] = {}
    for row in rows:
        value = row.get(column)
        if isinstance(value, str):
            index.setdefault(value.lower(), []).append(row)
    if len(_INDEXES) > 64:
        _INDEXES.clear()
    _INDEXES[key] = (rows, index)
    return index


def rows_in_year(tally: Tally, column: str) -> Tally:
    """How many rows the tally counts in the whole year (counted, never summed)."""
    return Tally(for_triwulan(tally, column, None, True).criteria)


def for_triwulan(tally: Tally, column: str, triwulan: int | None, cumulative: bool) -> Tally:
    """The tally restricted to one triwulan, or to the year so far; the whole year for None."""
    if triwulan is None:
        return tally.also(up_to(column, 4))
    return tally.also(up_to(column, triwulan) if cumulative else where(column, float(triwulan)))
