"""Inputs out of their domain: text for numbers, negatives, impossible ratios, bad answers, dates, duplicates."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from iku_excel.calc import documents, ikm
from iku_excel.calc.errors import InvalidInput
from iku_excel.calc.numbers import format_number, is_blank, parse_number, parse_target
from iku_excel.catalog.kinds import KINDS
from iku_excel.catalog.regions import VILLAGE_LIST, villages
from iku_excel.catalog.register_schema import FILTER_COLUMNS
from iku_excel.checks.findings import Finding, finding
from iku_excel.checks.submission import Submission
from iku_excel.engine.model import TemplateModel, register_values
from iku_excel.engine.reader import Cell, Workbook
from iku_excel.excel import a1
from iku_excel.registers.rows import Tally
from iku_excel.registers.spec import HEADER_INPUT, criteria, log_label
from iku_excel.templates.layout import (
    COL_TW1,
    FIRST_ROW,
    PROFIL,
    PROFIL_CELLS,
    SHEET_PROFIL,
    RegisterLayout,
)


class Inputs:
    def __init__(self, book: Workbook, model: TemplateModel):
        self.book = book
        self.model = model
        self.findings: list[Finding] = []

    def add(self, code: str, sheet: str, row: int, col: int, variant: str = "", **fields) -> None:
        self.findings.append(finding(code, sheet, a1(row, col), variant=variant, **fields))

    def number(self, sheet: str, row: int, col: int, what: str, *, whole: bool = False, minimum: float | None = 0,
               maximum: float | None = None) -> float | None:
        """Check one numeric input; returns its number (also when typed as text) or None."""
        cell: Cell | None = self.book.cell(sheet, row, col)
        value = None if cell is None else cell.value
        if cell is not None and cell.formula:
            return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None
        if is_blank(value):
            return None
        if isinstance(value, bool):
            self.add("TEKS_BUKAN_ANGKA", sheet, row, col, "logical", what=what, value=value)
            return None
        if isinstance(value, str) and cell.kind == "n":
            return None  # inf/NaN: ANGKA_TIDAK_HINGGA
        if isinstance(value, str):
            try:
                number = parse_number(value, what)
            except InvalidInput:
                self.add("TEKS_BUKAN_ANGKA", sheet, row, col, "text", what=what, value=value)
                return None
            self.add("ANGKA_SEBAGAI_TEKS", sheet, row, col, "number", what=what, value=value, number=format_number(number))
            value = number
        if minimum is not None and value < minimum:
            code = "NILAI_NEGATIF" if minimum == 0 else "NILAI_DI_LUAR_RENTANG"
            self.add(code, sheet, row, col, "below", what=what, value=format_number(value), minimum=format_number(minimum))
        elif maximum is not None and value > maximum:
            self.add("NILAI_DI_LUAR_RENTANG", sheet, row, col, "above", what=what, value=format_number(value),
                     maximum=format_number(maximum))
        elif whole and value != int(value):
            self.add("BUKAN_BILANGAN_BULAT", sheet, row, col, what=what, value=format_number(value))
        return value

    def choice(self, sheet: str, row: int, col: int, what: str, options, required: bool = False) -> None:
        value = self.book.value(sheet, row, col)
        if is_blank(value):
            if required:
                self.add("PILIHAN_TIDAK_SAH", sheet, row, col, "missing", what=what, options=" atau ".join(options))
            return
        if str(value).strip().lower() not in _lowered(tuple(options)):
            shown = ", ".join(options) if len(options) <= 6 else "daftar pilihan"
            self.add("PILIHAN_TIDAK_SAH", sheet, row, col, "other", what=what, value=value, options=shown)


@functools.lru_cache(maxsize=64)
def _lowered(options: tuple[str, ...]) -> frozenset[str]:
    """A dropdown's options as a choice is compared with them: case and outer spaces aside."""
    return frozenset(o.lower() for o in options)


def _register_rows(book: Workbook, reg: RegisterLayout):
    """(excel row, {column key: value}) for the rows with anything typed in."""
    for i, values in enumerate(register_values(book, reg)):
        filled = {k: v for k, v in values.items() if not is_blank(v)}
        if filled:
            yield FIRST_ROW + 1 + i, filled


def check(sub: Submission) -> list[Finding]:
    """Every input: Profil, the registers by their declarations, targets and typed realisasi."""
    book, model = sub.book, sub.model
    chk = Inputs(book, model)
    tahun = model.tahun
    catalog = model.spec.catalog
    profil_row = {cell.name: cell.row + 1 for cell in PROFIL_CELLS}
    if SHEET_PROFIL in book.sheets:
        for cell in PROFIL_CELLS:  # the bounds of the template's own validation
            if cell.kind in ("whole", "decimal"):
                chk.number(SHEET_PROFIL, cell.row + 1, 2, cell.label, whole=cell.kind == "whole",
                           minimum=cell.minimum, maximum=cell.maximum)
    acts = catalog.activities
    # the dropdowns whose values live on the Daftar sheet
    options = {"Daftar_JenisKegiatan": [a.jenis for a in acts.fasilitasi + acts.koordinasi + acts.rekomendasi],
               "Daftar_Bukti": acts.bukti_pendukung, "Daftar_IndikatorCatatan": model.spec.log_labels,
               VILLAGE_LIST: [v.nama for v in villages(catalog.get(model.instansi))]}
    profil = {cell.name: parse_safe(book.value(SHEET_PROFIL, cell.row + 1, 2)) for cell in PROFIL_CELLS}
    for reg in model.spec.registers:
        if reg.header is not None:
            r, c = HEADER_INPUT
            chk.number(reg.sheet, r + 1, c + 1, reg.header.nama.format(tahun_lalu=tahun - 1),
                       whole=reg.header.jenis == "bulat")
        _register(chk, book, reg, model, options, profil)

    _indicator_inputs(chk, book, model, profil_row)
    for reg in model.spec.registers:
        if reg.labelled_by:
            _log_without_rows(chk, book, model, reg, profil_row)
    _outside_registers(chk, book, model.spec.registers)
    _not_finite(chk, book)
    for reg in model.spec.registers:
        if any(d.document for d in reg.derived):
            _budget_year_of_dates(chk, book, reg, tahun)
    return chk.findings


def _register(chk: Inputs, book: Workbook, reg: RegisterLayout, model: TemplateModel, options: dict,
              profil: dict[str, object]) -> None:
    """Every filled row of a register, checked by its declaration: each column by its type, bounds,
    dropdown, and whether it is required or unique; a village document's dates against their
    deadlines; a row marked done by the evidence it needs; the survey answers by the SKM rules."""
    tahun, sheet = model.tahun, reg.sheet
    rules = _rules(reg, model)
    col, period_sources, document_of, required = rules.col, rules.period_sources, rules.documents, rules.required
    seen: dict[str, dict[str, int]] = {c.key: {} for c in reg.columns if c.unique}
    for row, v in _register_rows(book, reg):
        name = v.get(reg.row_name) if reg.row_name else None
        if reg.row_name in required and is_blank(name):
            chk.add("ISIAN_KOSONG", sheet, row, col[reg.row_name], "row_name", what=reg.column(reg.row_name).header.lower())
            continue
        of = "" if is_blank(name) else f" ({name})"
        for c in reg.columns:
            at, value = col[c.key], v.get(c.key)
            if c.unique and not is_blank(value):
                _duplicate(chk, seen[c.key], value, c.header, sheet, row, at)
            if c.kind in ("whole", "decimal") and c.key == reg.period:
                tw = chk.number(sheet, row, at, c.header, whole=True, minimum=None)
                if tw is None and c.key not in v:
                    chk.add("TRIWULAN_TIDAK_SAH", sheet, row, at, "missing")
                elif tw is not None and tw not in (1, 2, 3, 4):
                    chk.add("TRIWULAN_TIDAK_SAH", sheet, row, at, "other", value=format_number(tw))
            elif c.kind in ("whole", "decimal"):
                bound = profil.get(c.max_from) if c.max_from else None
                maximum = bound if isinstance(bound, (int, float)) and bound > 0 else c.maximum
                chk.number(sheet, row, at, c.header + of, whole=c.kind == "whole",
                           minimum=0 if c.minimum is None else c.minimum, maximum=maximum)
            elif c.kind == "list":
                choices = options[c.options] if isinstance(c.options, str) else c.options
                if choices:  # none: a list the workbook does not have (no Kemendagri code), free text
                    chk.choice(sheet, row, at, c.header, choices, required=c.key in required)
            elif c.kind == "date" and c.key in document_of:
                _document_date(chk, value, sheet, row, at, document_of[c.key], name, tahun)
                if document_of[c.key] == "LPPDes":
                    _lppdes_of_last_year(chk, value, sheet, row, at, name, tahun)
            elif c.kind == "date":
                _row_date(chk, value, sheet, row, at, c.header, tahun, c.key in required,
                          counts=c.key in period_sources)
            elif c.kind == "text" and c.key in required and is_blank(value):
                chk.add("ISIAN_KOSONG", sheet, row, at, "column", what=c.header)
        for flag, proof in rules.evidence:
            if isinstance(v.get(flag), str) and v[flag].strip().lower() == "ya" and is_blank(v.get(proof)):
                chk.add("BUKTI_KOSONG", sheet, row, col[proof], flag=reg.column(flag).header.lower(),
                        proof=reg.column(proof).header.lower())
        for indicator, others in rules.party:
            if is_blank(v.get(PARTY)) and others.matching([v]):
                chk.add("PIHAK_KOSONG", sheet, row, col[PARTY], indicator=indicator)
                break
        if rules.kategori_of:  # the activity catalogue gives each jenis its kategori
            _activity_kind(chk, v, rules.kategori_of, sheet, row, col["Kategori"])
    if reg.summary == "skm":
        _skm(chk, book, reg, col)


ACTIVITY_LIST = "Daftar_JenisKegiatan"  # the activity catalogue's jenis, each of one kategori
PARTY = FILTER_COLUMNS["pihak_lain"]


@dataclass(frozen=True)
class _Rules:
    """What the checks of one register need of its template, worked out once per template."""

    col: dict[str, int]  # column key -> 1-based column
    period_sources: set[str]
    documents: dict[str, str]  # date column -> village document kind
    required: set[str]
    evidence: list[tuple[str, str]]  # (flag column, evidence column)
    party: list[tuple[str, Tally]]
    kategori_of: dict[str, str]  # activity jenis (lower case) -> its kategori; empty without the catalogue


@functools.lru_cache(maxsize=256)
def _rules(reg: RegisterLayout, model: TemplateModel) -> _Rules:
    col = {c.key: i + 1 for i, c in enumerate(reg.columns)}
    kategori_of = {}
    if "Kategori" in col and "Jenis" in col and reg.column("Jenis").options == ACTIVITY_LIST:
        acts = model.spec.catalog.activities
        kategori_of = {a.jenis.lower(): kategori for kategori, group in (("Fasilitasi", acts.fasilitasi),
                       ("Koordinasi", acts.koordinasi), ("Rekomendasi", acts.rekomendasi)) for a in group}
    return _Rules(col, _period_sources(reg), {d.sources[1]: d.document for d in reg.derived if d.document},
                  set(reg.required) | _flags_counted(reg, model),
                  [(how.tanda, how.bukti) for how in reg.counts.values() if how.tanda and how.bukti],
                  _party_needed(reg, model), kategori_of)


def _flags_counted(reg: RegisterLayout, model: TemplateModel) -> set[str]:
    """The columns a used indicator counts by ("Ya" in them): blank there counts as "not", so say so."""
    kinds = {i.spec.jenis for i in model.spec.items if i.spec.dihitung_dari and i.spec.dihitung_dari.nama == reg.key}
    return {how.tanda for kind, how in reg.counts.items()
            if kind in kinds and how.tanda and reg.column(how.tanda).kind != "formula"}


def _party_needed(reg: RegisterLayout, model: TemplateModel) -> list[tuple[str, Tally]]:
    """The indicators counting only rows that name the other party, each with its other filters:
    a row those filters take in, but with the party blank, is left out of the indicator."""
    out = []
    for item in model.spec.items:
        source = item.spec.dihitung_dari
        if source is not None and source.nama == reg.key and source.pihak_lain:
            out.append((item.spec.nama, Tally(tuple(c for c in criteria(source) if c.column != PARTY))))
    return out


def _period_sources(reg: RegisterLayout) -> set[str]:
    """The date columns a register's triwulan is derived from: a date in another year is not counted."""
    return {key for d in reg.derived if d.key == reg.period for key in d.sources}


def _row_date(chk: Inputs, value: object, sheet: str, row: int, col: int, what: str, tahun: int, required: bool,
              counts: bool) -> None:
    if is_blank(value):
        if required:
            chk.add("TANGGAL_KOSONG", sheet, row, col, "row", what=what)
        return
    try:
        day = documents.to_date(value, what)
    except InvalidInput as exc:
        chk.add("TEKS_BUKAN_ANGKA", sheet, row, col, "date", problem=exc.message)
        return
    if isinstance(value, str):
        chk.add("ANGKA_SEBAGAI_TEKS", sheet, row, col, "date", what=what, value=value)
    elif counts and day.year != tahun:
        chk.add("TANGGAL_TIDAK_WAJAR", sheet, row, col, "other_year", what=what, day=day, tahun=tahun)
    elif not dt.date(tahun - 2, 1, 1) <= day <= dt.date(tahun + 2, 12, 31):
        chk.add("TANGGAL_TIDAK_WAJAR", sheet, row, col, "far", what=what, day=day, tahun=tahun)


def _activity_kind(chk: Inputs, v: dict, kategori_of: dict[str, str], sheet: str, row: int, col: int) -> None:
    """A row whose kategori contradicts its jenis is counted under the kategori typed: most likely a slip."""
    jenis, kategori = v.get("Jenis"), v.get("Kategori")
    expected = kategori_of.get(str(jenis).strip().lower()) if isinstance(jenis, str) else None
    if expected and isinstance(kategori, str) and kategori.strip().lower() != expected.lower():
        chk.add("KATEGORI_TIDAK_SESUAI", sheet, row, col, kategori=kategori, jenis=jenis, expected=expected)


def _lppdes_of_last_year(chk: Inputs, value: object, sheet: str, row: int, col: int, desa: object, tahun: int) -> None:
    """The LPPDes of budget year N is submitted after the year ends; one dated in year N is year N−1's."""
    try:
        day = documents.to_date(value, "tanggal LPPDes") if not is_blank(value) else None
    except InvalidInput:
        return
    if day is not None and day.year == tahun:
        chk.add("LPPDES_TAHUN_LALU", sheet, row, col, desa=desa, day=day, tahun=tahun, last_year=tahun - 1,
                deadline=documents.deadline("LPPDes", tahun))


def _log_without_rows(chk: Inputs, book: Workbook, model: TemplateModel, reg: RegisterLayout,
                      profil_row: dict[str, int]) -> None:
    """A count from the Buku Catatan Kegiatan with no row up to the reported triwulan: its realisasi stays blank."""
    from iku_excel.registers.rows import with_derived

    reported = parse_safe(book.value(SHEET_PROFIL, profil_row["Profil_Triwulan"], 2))
    if reported not in (1, 2, 3, 4):
        return
    rows = with_derived(register_values(book, reg), reg.derived, model.tahun)
    recorded = {str(r.get(reg.labelled_by)).lower() for r in rows
                if isinstance(r.get("Triwulan"), float) and r["Triwulan"] <= reported}
    where_shown = {full_id: (sheet, r) for (sheet, r, _c), full_id in model.spec.target_cells.items()}
    for item in model.spec.items:
        source = item.spec.dihitung_dari
        if source is None or source.nama != reg.key or log_label(item).lower() in recorded:
            continue
        sheet, r = where_shown[item.full_id]
        if sheet in book.sheets:
            chk.add("REALISASI_KOSONG", sheet, r, COL_TW1 + int(reported), "log", register=reg.sheet,
                    indicator=item.spec.nama, tw=int(reported))


def _shown_target(value: object) -> str:
    return format_number(value) if isinstance(value, (int, float)) else f"'{value}'"


def _outside_registers(chk: Inputs, book: Workbook, used: list[RegisterLayout]) -> None:
    """Rows typed below a register's table are not counted by any formula: say so, with their count."""
    for reg in used:
        ws = book.sheets.get(reg.sheet)
        if ws is None:
            continue
        last = reg.last_row + 1  # 1-based
        rows = sorted({r for (r, _c), cell in ws.cells.items()
                       if r > last and cell.formula is None and not is_blank(cell.value)})
        if rows:
            first = min(c for (r, c), cell in ws.cells.items() if r == rows[0] and not is_blank(cell.value))
            chk.add("DATA_DI_LUAR_REGISTER", reg.sheet, rows[0], first, count=len(rows), capacity=reg.rows, last=last)


def _not_finite(chk: Inputs, book: Workbook) -> None:
    """inf and NaN: the reader keeps them as their text (no spreadsheet number is either)."""
    for sheet in book.sheets.values():
        for (r, c), cell in sorted(sheet.cells.items()):
            if cell.kind == "n" and isinstance(cell.value, str):
                chk.add("ANGKA_TIDAK_HINGGA", sheet.name, r, c, value=cell.value)


def _budget_year_of_dates(chk: Inputs, book: Workbook, reg: RegisterLayout, tahun: int) -> None:
    """Village documents of budget year N are dated N-1 (RKPDes, APBDes) and N+1 (LPPDes): the
    year their dates point to. A register whose dates point mostly to another year was most
    likely copied from another year's workbook."""
    shift = {"RKPDes": 1, "APBDes": 1, "LPPDes": -1}
    years = []
    for _row, v in _register_rows(book, reg):
        for kind, delta in shift.items():
            try:
                day = documents.to_date(v.get(kind), kind) if not is_blank(v.get(kind)) else None
            except InvalidInput:
                day = None
            if day:
                years.append(day.year + delta)
    # late documents point one year on, so the year most dates point to is the register's year
    common = max(sorted(set(years)), key=years.count) if years else tahun
    if common != tahun:
        chk.add("TAHUN_DATA_BERBEDA", reg.sheet, FIRST_ROW + 1, 2, pointing=years.count(common), total=len(years),
                common=common, own=years.count(tahun), tahun=tahun)


def parse_safe(value: object) -> float | None:
    try:
        return parse_number(value)
    except InvalidInput:
        return None


def _duplicate(chk: Inputs, seen: dict[str, int], value: object, header: str, sheet: str, row: int, col: int) -> None:
    """A column that names one thing per row (one desa, one row): the same value twice, case and spaces aside."""
    key = " ".join(str(value).lower().split())
    if key in seen:
        what = header.lower()
        chk.add("BARIS_GANDA", sheet, row, col, what=what, value=value, first=seen[key])
    else:
        seen[key] = row


def _document_date(chk: Inputs, value: object, sheet: str, row: int, col: int, kind: str, desa: object, tahun: int) -> None:
    if is_blank(value):
        chk.add("TANGGAL_KOSONG", sheet, row, col, "document", kind=kind, desa=desa)
        return
    try:
        day = documents.to_date(value, f"tanggal {kind}")
    except InvalidInput as exc:
        chk.add("TEKS_BUKAN_ANGKA", sheet, row, col, "document", problem=exc.message, desa=desa)
        return
    if isinstance(value, str):
        chk.add("ANGKA_SEBAGAI_TEKS", sheet, row, col, "date", what=f"tanggal {kind} desa {desa}", value=value)
    if not dt.date(tahun - 2, 1, 1) <= day <= dt.date(tahun + 2, 12, 31):
        deadline = documents.deadline(kind, tahun)
        chk.add("TANGGAL_TIDAK_WAJAR", sheet, row, col, "document", kind=kind, desa=desa, day=day, tahun=tahun,
                deadline=deadline)


def _skm(chk: Inputs, book: Workbook, reg: RegisterLayout, col: dict[str, int]) -> None:
    sheet = reg.sheet
    respondents = 0
    for row, _values in _register_rows(book, reg):
        answered = 0
        blanks = []
        for j in range(1, 10):
            c = col[f"U{j}"]
            value = book.value(sheet, row, c)
            if is_blank(value):
                blanks.append(j)
                continue
            number = chk.number(sheet, row, c, f"Jawaban unsur {j}", minimum=None)
            if number is None:
                continue
            if number not in (1, 2, 3, 4):
                chk.add("JAWABAN_SKM_TIDAK_SAH", sheet, row, c, unsur=j, value=format_number(number))
            elif not isinstance(value, str):
                answered += 1
        if answered:
            respondents += 1
            if blanks:
                chk.add("JAWABAN_SKM_KOSONG", sheet, row, col[f"U{blanks[0]}"], respondent=row,
                        unsur=", ".join(str(b) for b in blanks))
    population = parse_safe(book.value(SHEET_PROFIL, PROFIL["Profil_PopulasiSKM"].row + 1, 2))
    if population and population >= 1 and population == int(population) and respondents:
        minimum = ikm.minimum_sample(population)
        if respondents < minimum:
            chk.add("SAMPEL_SKM_KURANG", sheet, FIRST_ROW + 1, col["U1"], respondents=respondents,
                    population=format_number(population), minimum=minimum)


def _indicator_inputs(chk: Inputs, book: Workbook, model: TemplateModel, profil_row: dict[str, int]) -> None:
    catalog = model.spec.catalog
    specs = {item.full_id: item.spec for item in catalog.indicators(model.instansi)}
    reported = parse_safe(book.value(SHEET_PROFIL, profil_row["Profil_Triwulan"], 2))
    reported = int(reported) if reported in (1, 2, 3, 4) else None
    for (sheet, r, c), full_id in sorted(model.spec.target_cells.items()):
        if sheet not in book.sheets:
            continue
        spec = specs[full_id]
        value = book.value(sheet, r, c)
        if is_blank(value):
            chk.add("TARGET_KOSONG", sheet, r, c, indicator=spec.nama)
            continue
        try:
            target = parse_target(value, "target")
        except InvalidInput as exc:
            chk.add("TEKS_BUKAN_ANGKA", sheet, r, c, "target", problem=exc.message)
            continue
        if target is not None and target.low < 0:
            chk.add("NILAI_NEGATIF", sheet, r, c, "target", indicator=spec.nama)
        agreed = spec.target.get(model.tahun)
        if agreed is not None and target is not None and target != parse_target(agreed):
            # the target of the Perjanjian Kinerja is the regency's, not the submitter's: a lowered
            # target (85 -> 40) would turn a poor result into "Sangat Baik"
            chk.add("TARGET_DIUBAH", sheet, r, c, indicator=spec.nama, value=_shown_target(value), tahun=model.tahun,
                    agreed=_shown_target(agreed))
    typed: dict[tuple[str, int], dict[str, tuple[str, int, int]]] = {}
    for (sheet, r, c), (full_id, name, k) in sorted(model.spec.typed_cells.items()):
        if sheet not in book.sheets:
            continue
        spec = specs[full_id]
        kind = KINDS[spec.jenis]
        value = kind.typed == "value"  # the realisasi itself, or the pembilang or penyebut of a ratio (counts)
        what = f"{'Realisasi' if value else spec.input_labels()[name]} TW {k + 1} ({spec.nama})"
        chk.number(sheet, r, c, what, whole=kind.whole or not value, minimum=kind.minimum)
        typed.setdefault((full_id, k), {})[name] = (sheet, r, c)
        # kumulatif and rata-rata need every triwulan up to the reported one; a nilai-akhir
        # value (a stock, a yearly index) only needs the reported triwulan itself
        due = reported and (k + 1 == reported if spec.rekap == "nilai_akhir" else k + 1 <= reported)
        if value and due and is_blank(book.value(sheet, r, c)):
            chk.add("REALISASI_KOSONG", sheet, r, c, "typed", tw=k + 1, indicator=spec.nama, reported=reported)
    for (full_id, k), parts in typed.items():
        if "pembilang" in parts and "penyebut" in parts:
            p = parse_safe(book.value(*parts["pembilang"]))
            q = parse_safe(book.value(*parts["penyebut"]))
            if p is not None and q is not None and p > q:
                sheet, r, c = parts["pembilang"]
                chk.add("PEMBILANG_MELEBIHI_PENYEBUT", sheet, r, c, tw=k + 1, pembilang=format_number(p),
                        penyebut=format_number(q), indicator=specs[full_id].nama)
            elif reported and k + 1 <= reported and (p is None or q is None):
                sheet, r, c = parts["pembilang" if p is None else "penyebut"]
                chk.add("REALISASI_KOSONG", sheet, r, c, "ratio", tw=k + 1, indicator=specs[full_id].nama,
                        reported=reported)
