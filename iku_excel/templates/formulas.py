"""The formula of every computed cell, next to the Python that gives its cached value.

A template carries cached results so that it shows numbers wherever it is
opened. Each function here returns (excel_formula, value): the formula Excel
will evaluate and the value the formula library computes from the same
inputs. Keeping the two side by side is how they are kept equal; a test
recalculates every generated workbook with an independent engine and
compares.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from iku_excel import udf
from iku_excel.excel import is_empty as is_blank
from iku_excel.excel import is_number
from iku_excel.registers import Registers
from iku_excel.templates.layout import REGISTERS

Cell = tuple[str, object]  # (formula, cached value)
BLANK = ""


def rollup(cells: Sequence[str], values: Sequence[object], rekap: str) -> Cell:
    """Realisasi tahunan from the four TW cells, by the indicator's roll-up (the arithmetic is
    calc.capaian.rollup's; the formula is Excel's spelling of it)."""
    from iku_excel.calc.capaian import rollup as rolled_up

    first, last = cells[0], cells[-1]
    numbers = [v for v in values if is_number(v)]
    if rekap in ("kumulatif", "rata_rata"):
        function = "SUM" if rekap == "kumulatif" else "AVERAGE"
        return (f'=IF(COUNT({first}:{last})=0,"",{function}({first}:{last}))',
                rolled_up(numbers, rekap) if numbers else BLANK)
    # nilai_akhir: the last TW that is not blank; a "#..." message there is passed on, not skipped.
    formula = '""'
    for ref in cells:
        formula = f'IF({ref}<>"",{ref},{formula})'
    value: object = BLANK
    for v in values:
        if not is_blank(v):
            value = v
    return "=" + formula, value


def capaian(realisasi_ref: str, target_ref: str, polaritas_ref: str, realisasi: object, target: object, polaritas: str) -> Cell:
    value = BLANK if is_blank(realisasi) else udf.iku_capaian(realisasi, None if is_blank(target) else target, polaritas)
    return f'=IF({realisasi_ref}="","",IKU_CAPAIAN({realisasi_ref},{target_ref},{polaritas_ref}))', value


def predikat(capaian_ref: str, capaian_value: object) -> Cell:
    value = udf.iku_predikat(capaian_value) if is_number(capaian_value) else BLANK
    return f'=IF(ISNUMBER({capaian_ref}),IKU_PREDIKAT({capaian_ref}),"")', value


def persen_guarded(guard_ref: str, p_ref: str, q_ref: str, guard: object, p: object, q: object) -> Cell:
    """A ratio over register rows: blank until the register has rows for it."""
    value = BLANK if guard == 0 else udf.iku_persen(p, q)
    return f'=IF({guard_ref}=0,"",IKU_PERSEN({p_ref},{q_ref}))', value


def persen_typed(p_ref: str, q_ref: str, p: object, q: object) -> Cell:
    """A ratio typed by hand: blank until both parts are typed; a typed 0 is shown as invalid."""
    filled = sum(is_number(v) for v in (p, q))
    value = BLANK if filled < 2 else udf.iku_persen(p, q)
    return f'=IF(COUNT({p_ref},{q_ref})<2,"",IKU_PERSEN({p_ref},{q_ref}))', value


# ---- counts over registers (native Excel functions) -------------------------------------------

def _reg(key: str):
    return REGISTERS[key]


def count_rows(register: str, flag: str | None, upto: int | None, exact: int | None, jenis: str | None,
               data: Registers) -> Cell:
    """COUNTIFS over a register with a triwulan column (kegiatan, kasus)."""
    reg = _reg(register)
    rows = data.kegiatan if register == "kegiatan" else data.kasus
    criteria = []
    if upto is not None:
        criteria.append(f'{reg.name("Triwulan")},"<={upto}"')
    if exact is not None:
        criteria.append(f'{reg.name("Triwulan")},{exact}')
    if flag is not None:
        criteria.append(f'{reg.name(flag)},"Ya"')
    if jenis is not None:
        criteria.append(f'{reg.name("Jenis")},"{jenis}"')
    flag_attr = {"Ditindaklanjuti": "ditindaklanjuti", "Tertangani": "tertangani"}.get(flag or "")
    value = 0
    for row in rows:
        # COUNTIFS semantics: numeric criteria match numbers only; text matches ignore case
        if (upto is not None or exact is not None) and not is_number(row.triwulan):
            continue
        if upto is not None and not row.triwulan <= upto:
            continue
        if exact is not None and row.triwulan != exact:
            continue
        if flag_attr and getattr(row, flag_attr) is not True:
            continue
        if jenis is not None and str(getattr(row, "jenis", "")).lower() != jenis.lower():
            continue
        value += 1
    return f"=COUNTIFS({','.join(criteria)})", value


def on_time_count(kind: str, data: Registers) -> Cell:
    reg = _reg("dokumen_desa")
    attr = kind.lower()
    # the per-desa cell is "" when the desa name is blank, so such a row never counts
    value = sum(1 for d in data.desa
                if not is_blank(d.nama) and udf.iku_tepat_waktu(kind, getattr(d, attr), data.tahun) == "Ya")
    return f'=COUNTIF({reg.name(kind + "_Tepat")},"Ya")', value


def count_named(name: str, values: Sequence[object]) -> Cell:
    """COUNTA of a text or list column: non-blank cells."""
    return f"=COUNTA({name})", sum(1 for v in values if not is_blank(v))


def count_numbers(name: str, values: Sequence[object]) -> Cell:
    return f"=COUNT({name})", sum(1 for v in values if is_number(v))


def count_equal(name: str, text: str, values: Sequence[object]) -> Cell:
    return f'=COUNTIF({name},"{text}")', sum(1 for v in values if isinstance(v, str) and v.lower() == text.lower())


def count_above(name: str, threshold: float, values: Sequence[object], digits: int) -> Cell:
    """Values above `threshold` after rounding to `digits` (as their status is classified).
    ">="&0.81555, not ">0.81555": the number is stored locale-free in the formula and
    turned into text in the user's own locale, which COUNTIF then reads back the same
    way; a literal ">0.8155" would read as 8155 in an Indonesian Excel."""
    from iku_excel.calc.basic import count_above as counted
    from iku_excel.calc.basic import lowest_counted

    edge = lowest_counted(threshold, digits)
    return f'=COUNTIF({name},">="&{edge!r})', counted([v for v in values if is_number(v)], threshold, digits)


def yes_no(flag: object) -> object:
    """A flag as the register shows it; a raw cell value read from a submission passes through."""
    if flag is True:
        return "Ya"
    if flag is False:
        return "Tidak"
    return "" if flag is None else flag


def excel_date(value: object) -> object:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.datetime(value.year, value.month, value.day)
    return value
