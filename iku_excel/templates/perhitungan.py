"""The Perhitungan sheet: every computed indicator's inputs per triwulan, and the formula of its
TW cells (the plan the IKU/IKI sheets show)."""

from __future__ import annotations

from dataclasses import dataclass, field

from xlsxwriter.utility import xl_rowcol_to_cell

from iku_excel import udf
from iku_excel.calc.bands import band_set
from iku_excel.calc.basic import IDM_BANDS
from iku_excel.catalog import CatalogIndicator
from iku_excel.catalog.kinds import KINDS
from iku_excel.registers.rows import Tally, for_triwulan, rows_in_year, where
from iku_excel.registers.spec import criteria, log_label
from iku_excel.templates import formulas as fx
from iku_excel.templates.context import SheetContext
from iku_excel.templates.layout import (
    FIRST_ROW,
    HEADER_ROW,
    SHEET_PERHITUNGAN,
    RegisterLayout,
)
from iku_excel.templates.plan import Formula, Ref, Rows
from iku_excel.templates.styles import row_height

PERH_TW_COL = 2  # Perhitungan: C..F hold TW I..IV, G the whole year
PERH_YEAR_COL = 6
TW_NAMES = ("TW I", "TW II", "TW III", "TW IV")


@dataclass(frozen=True)
class Typed:
    """A realisasi typed by hand in the IKU/IKI sheet (with its sample value)."""

    value: object


@dataclass
class Plan:
    """One indicator's cells: its TW I–IV (a formula, a typed value, or None where the indicator
    has no triwulan value) and, for a yearly snapshot, its tahunan formula."""

    item: CatalogIndicator
    scope: str
    tw: list[Formula | Typed | None] = field(default_factory=list)
    year: Formula | None = None  # tahunan when computed directly (snapshot registers)


def _sum_numbers(*values) -> float:
    return sum(v for v in values if fx.is_number(v))


class PerhitunganSheet(SheetContext):
    """Part of WorkbookBuilder: one block per indicator, from its register."""

    # ---- Perhitungan: the inputs of every computed indicator ------------------------------------

    def _perhitungan(self, ws, groups) -> dict[str, Plan]:
        f = self.f
        self._title(ws, "PERHITUNGAN INDIKATOR",
                    "Masukan setiap indikator per triwulan. Sel abu-abu dihitung dari register; sel kuning diisi. "
                    "Rasio triwulan dihitung kumulatif sampai triwulan itu.", 7)
        for c, (title, width) in enumerate((("Indikator", 40), ("Masukan", 46), *[(t, 11) for t in TW_NAMES], ("Tahunan", 11))):
            ws.set_column(c, c, width)
            ws.write_string(HEADER_ROW, c, title, f.header)
        # The last triwulan shown everywhere: a count or ratio for a later triwulan stays blank.
        ws.merge_range(3, 0, 3, 1, "Triwulan yang dilaporkan (dari Profil; bila kosong: 4)", f.group)
        self._formula(ws, 3, PERH_TW_COL, Formula("=IF(ISNUMBER(Profil_Triwulan),Profil_Triwulan,4)",
                                                  lambda t: t if fx.is_number(t) else 4, (self.ref("Profil_Triwulan"),)),
                      f.calc_int)
        self._name("Laporan_Triwulan", SHEET_PERHITUNGAN, (3, PERH_TW_COL))
        row = FIRST_ROW
        plans: dict[str, Plan] = {}
        for _name, scope, _jab, items in groups:
            for item in items:
                plan = Plan(item, scope)
                row = self._plan(ws, plan, row)
                plans[item.full_id] = plan
        ws.freeze_panes(FIRST_ROW, 2)
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(HEADER_ROW)
        self._protect(ws)
        return plans

    def _perh_row(self, ws, row: int, label: str, cells: list[tuple[int, object]]) -> list[Ref]:
        """One input row: (column, a Formula, or the value of a cell typed here). Returns the cells."""
        ws.write_string(row, 1, label, self.f.text)
        ws.set_row(row, row_height([(label, 46)]))
        for c in range(PERH_TW_COL, PERH_YEAR_COL + 1):
            ws.write_blank(row, c, None, self.f.na)
        for c, cell in cells:
            if isinstance(cell, Formula):
                self._formula(ws, row, c, cell, self.f.calc_count)
            else:
                if fx.is_blank(cell):
                    ws.write_blank(row, c, None, self.f.input_int)
                else:
                    ws.write_number(row, c, cell, self.f.input_int)
                self._validate(ws, row, c, row, c, "whole", name=label)
        return [Ref((SHEET_PERHITUNGAN, row, c)) for c, _cell in cells]

    def _plan(self, ws, plan: Plan, row: int) -> int:
        """Write the Perhitungan block of one indicator (if it needs one) and fill plan.tw / plan.year."""
        item, spec, d = plan.item, plan.item.spec, self.data
        labels = spec.input_labels()
        source = spec.dihitung_dari
        kind = spec.jenis
        start = row

        def ref(r: int, c: int) -> str:
            return f"'{SHEET_PERHITUNGAN}'!{xl_rowcol_to_cell(r, c, row_abs=True, col_abs=True)}"

        def title() -> int:
            text = log_label(item)  # whose indicator it is, then its name; no internal id
            ws.merge_range(row, 0, row, 6, text, self.f.group)
            ws.set_row(row, row_height([(text, 130)]))
            return row + 1

        tw_cols = [PERH_TW_COL + k for k in range(4)]
        if source is None and KINDS[kind].typed == "value":
            typed = d.langsung.get(item.full_id, {}).get(kind, [None] * 4)
            plan.tw = [Typed(v) for v in typed]
            return row
        if source is None and KINDS[kind].typed == "ratio":
            row = title()
            typed = d.langsung.get(item.full_id, {})
            p_vals, q_vals = typed.get("pembilang", [None] * 4), typed.get("penyebut", [None] * 4)
            p_row, q_row = row, row + 1
            for k in range(4):
                self.typed_cells[(SHEET_PERHITUNGAN, p_row, PERH_TW_COL + k)] = (item.full_id, "pembilang", k)
                self.typed_cells[(SHEET_PERHITUNGAN, q_row, PERH_TW_COL + k)] = (item.full_id, "penyebut", k)
            p = self._perh_row(ws, p_row, labels["pembilang"], list(zip(tw_cols, p_vals, strict=True)))
            q = self._perh_row(ws, q_row, labels["penyebut"], list(zip(tw_cols, q_vals, strict=True)))
            plan.tw = [fx.persen_typed((ref(p_row, c), ref(q_row, c)), (p[k], q[k])) for k, c in enumerate(tw_cols)]
            row += 2
        elif source is not None and self._counted_by_tally(plan):
            row = title()
            row += self._counted(ws, plan, row, ref)
        elif source is not None and kind in ("kehadiran", "hari_hadir"):
            row = title()
            reg = self.layouts[source.nama]
            cumulative = spec.rekap == "nilai_akhir"
            days, absent = [], []
            for k in range(4):
                tws = range(k + 1) if cumulative else [k]
                days.append(Formula(f"=SUM({','.join(f'Profil_HKE{t + 1}' for t in tws)})", _sum_numbers,
                                    tuple(self.ref(f"Profil_HKE{t + 1}") for t in tws)))
                columns = [f"TM{t + 1}" for t in tws]
                absent.append(Formula(f"=SUM({','.join(reg.name(c) for c in columns)})",
                                      lambda rows, columns=columns: _sum_numbers(*(row.get(c) for row in rows for c in columns)),
                                      (Rows(reg.key),)))
            s_row, d_row, a_row = row, row + 1, row + 2
            suffix = " (s.d. triwulan)" if cumulative else " (triwulan ini)"
            staff = self._perh_row(ws, s_row, labels["jumlah_pegawai"], [(c, fx.count_named(reg, "Nama")) for c in tw_cols])
            day = self._perh_row(ws, d_row, labels["hari_kerja_efektif"] + suffix, list(zip(tw_cols, days, strict=True)))
            away = self._perh_row(ws, a_row, labels["hari_tidak_masuk"].replace(" (per pegawai)", "") + suffix,
                                  list(zip(tw_cols, absent, strict=True)))
            for k, c in enumerate(tw_cols):
                s_ref, d_ref, a_ref = (ref(r, c) for r in (s_row, d_row, a_row))
                guard = f'OR(Profil_HKE{k + 1}="",{s_ref}=0)'
                args = (self.ref(f"Profil_HKE{k + 1}"), staff[k], day[k], away[k])
                if kind == "kehadiran":
                    plan.tw.append(Formula(f'=IF({guard},"",IKU_KEHADIRAN({s_ref},{d_ref},{a_ref}))',
                                           lambda hke, n, dd, aa: "" if fx.is_blank(hke) or n == 0 else
                                           udf.iku_kehadiran(n, dd, aa), args))
                else:  # hari_hadir: person-days present, a native formula
                    plan.tw.append(Formula(f'=IF({guard},"",{s_ref}*{d_ref}-{a_ref})',
                                           lambda hke, n, dd, aa: "" if fx.is_blank(hke) or n == 0 else n * dd - aa, args))
            row += 3
        else:
            row = title()
            plan.tw = [None] * 4  # a yearly snapshot: no triwulan values
            plan.year, used = self._snapshot(ws, plan, row, ref)
            row += used
        return row + (1 if row > start else 0)

    def _counted_by_tally(self, plan: Plan) -> bool:
        """Whether an indicator is counted over its register's rows per triwulan by tallies (a
        ratio or a count of a register with a triwulan), rather than by a formula of its kind."""
        source, kind = plan.item.spec.dihitung_dari, plan.item.spec.jenis
        reg = self.layouts[source.nama]
        return bool(reg.period) and kind in ("persen", "jumlah") and reg.tallies(kind, (), None) is not None

    def _counted(self, ws, plan: Plan, row: int, ref) -> int:
        """An indicator counted over a register's rows per triwulan (COUNTIFS/SUMIFS), shown
        up to the reported triwulan: a ratio once it has a denominator, a count once the
        indicator has any row in the year. Returns the rows used."""
        spec = plan.item.spec
        reg = self.layouts[spec.dihitung_dari.nama]
        labels = spec.input_labels()
        cumulative = spec.rekap == "nilai_akhir"
        suffix = " (s.d. triwulan)" if cumulative else " (triwulan ini)"
        tallies = reg.tallies(spec.jenis, criteria(spec.dihitung_dari), log_label(plan.item))
        cells: dict[str, list[Ref]] = {}
        for i, (name, tally) in enumerate(tallies.items()):
            tw = [fx.tally(for_triwulan(tally, reg.period, k + 1, cumulative), reg) for k in range(4)]
            cells[name] = self._perh_row(ws, row + i, labels[name] + suffix,
                                         [(PERH_TW_COL + k, tw[k]) for k in range(4)])
        used = len(tallies)
        refs = {name: [ref(row + i, PERH_TW_COL + k) for k in range(4)] for i, name in enumerate(tallies)}
        laporan = self.ref("Laporan_Triwulan")
        jenis = spec.jenis
        if jenis == "jumlah":
            # rows recorded for it all year: until there is one, the indicator is "not filled", not 0
            (recorded,) = self._perh_row(ws, row + used, "Baris tercatat sepanjang tahun",
                                         [(PERH_YEAR_COL, fx.tally(rows_in_year(tallies["jumlah"], reg.period), reg))])
            guard_ref = ref(row + used, PERH_YEAR_COL)
            used += 1
        for k in range(4):
            if jenis == "jumlah":
                plan.tw.append(Formula(
                    f'=IF(OR({k + 1}>Laporan_Triwulan,{guard_ref}=0),"",{refs["jumlah"][k]})',
                    lambda reported, n, value, tw=k + 1: value if tw <= reported and n != 0 else "",
                    (laporan, recorded, cells["jumlah"][k])))
            else:
                p_ref, q_ref = refs["pembilang"][k], refs["penyebut"][k]
                plan.tw.append(Formula(
                    f'=IF(OR({k + 1}>Laporan_Triwulan,{q_ref}=0),"",IKU_PERSEN({p_ref},{q_ref}))',
                    lambda reported, p, q, tw=k + 1: udf.iku_persen(p, q) if tw <= reported and q != 0 else "",
                    (laporan, cells["pembilang"][k], cells["penyebut"][k])))
        return used

    def _snapshot(self, ws, plan: Plan, row: int, ref) -> tuple[Formula, int]:
        """Indicators computed once for the year from a register without triwulan: by the kind's own
        formula (one method per kind), or, for a register read by column, by what it declares."""
        how = {"rata_dokumen": self._documents_on_time, "ikm": self._ikm, "pertumbuhan": self._growth}
        write = how.get(plan.item.spec.jenis, self._by_column)
        return write(ws, plan, row, ref, self.layouts[plan.item.spec.dihitung_dari.nama])

    def _documents_on_time(self, ws, plan: Plan, row: int, ref, reg: RegisterLayout) -> tuple[Formula, int]:
        """The mean share of desa whose RKPDes, APBDes and LPPDes were on time (their per-desa flags)."""
        labels, Y = plan.item.spec.input_labels(), PERH_YEAR_COL
        flags = {d.document: d.key for d in reg.derived if d.document}
        parts = [fx.on_time_count(reg, flags[k]) for k in ("RKPDes", "APBDes", "LPPDes")]
        cells = []
        for i, (key, cell) in enumerate(zip(("rkp_tepat", "apb_tepat", "lpp_tepat", "jumlah_desa"),
                                            (*parts, fx.count_named(reg, reg.row_name)), strict=True)):
            cells += self._perh_row(ws, row + i, labels[key], [(Y, cell)])
        r = [ref(row + i, Y) for i in range(4)]
        return Formula(f'=IF({r[3]}=0,"",IKU_RATA_DOKUMEN({r[0]},{r[1]},{r[2]},{r[3]}))',
                       lambda a, b, c, n: "" if n == 0 else udf.iku_rata_dokumen(a, b, c, n), tuple(cells)), 4

    def _ikm(self, ws, plan: Plan, row: int, ref, reg: RegisterLayout) -> tuple[Formula, int]:
        """IKM of the survey register's answer block, once it has a respondent."""
        (resp,) = self._perh_row(ws, row, "Responden SKM",
                                 [(PERH_YEAR_COL, Formula("=SKM_Responden", lambda n: n, (self.ref("SKM_Responden"),)))])

        def ikm(n, rows):
            return fx.skm_ikm(rows) if n else ""

        return Formula(f'=IF({ref(row, PERH_YEAR_COL)}=0,"",IKM_NILAI(SKM_Jawaban))', ikm, (resp, Rows(reg.key))), 1

    def _growth(self, ws, plan: Plan, row: int, ref, reg: RegisterLayout) -> tuple[Formula, int]:
        """Growth of the year's sum over the year before's, typed above the register's table."""
        spec, Y = plan.item.spec, PERH_YEAR_COL
        labels, source = spec.input_labels(), spec.dihitung_dari
        issued = for_triwulan(reg.tallies("pertumbuhan", criteria(source), None)["nilai_tahun_ini"], reg.period,
                              None, True)
        (now,) = self._perh_row(ws, row, labels["nilai_tahun_ini"], [(Y, fx.tally(issued, reg))])
        (n,) = self._perh_row(ws, row + 1, f"Baris {reg.sheet} tahun {self.tahun}",
                              [(Y, fx.tally(Tally(issued.criteria), reg))])
        before_name = reg.name(reg.header.id)  # year N−1, typed above the register's table
        # IF(x="","",x): a plain reference to an empty cell would give 0, and 0 izin last year is
        # "growth cannot be computed", not "not filled in yet"
        (before,) = self._perh_row(ws, row + 2, labels["nilai_tahun_lalu"], [(Y, Formula(
            f'=IF({before_name}="","",{before_name})', lambda v: "" if fx.is_blank(v) else v,
            (self.ref(before_name),)))])
        a, rows_ref, b = ref(row, Y), ref(row + 1, Y), ref(row + 2, Y)
        # COUNT(...)<2: text typed as a number is not counted by Excel, so not here either
        return Formula(f'=IF(OR({rows_ref}=0,COUNT({a},{b})<2),"",IKU_PERTUMBUHAN({a},{b}))',
                       lambda x, count, y: udf.iku_pertumbuhan(x, y) if count and fx.is_number(y) else "",
                       (now, n, before)), 3

    def _by_column(self, ws, plan: Plan, row: int, ref, reg: RegisterLayout) -> tuple[Formula, int]:
        """A register read once for the year by the column the catalog names (Reg Desa): what its
        declaration counts there."""
        spec, Y = plan.item.spec, PERH_YEAR_COL
        labels = spec.input_labels()
        how = reg.counts[spec.jenis]
        count = fx.count_named(reg, reg.row_name)
        if spec.jenis == "jumlah_di_atas":  # values above the indicator's ambang (IDM: as its status rounds them)
            above = fx.count_above(reg, how.nilai, float(spec.ambang), band_set(IDM_BANDS).round)
            cells = self._perh_row(ws, row, f"Desa dengan IDM > {str(spec.ambang).replace('.', ',')}", [(Y, above)])
            cells += self._perh_row(ws, row + 1, "Desa yang sudah diisi nilai IDM", [(Y, fx.count_numbers(reg, how.nilai))])
            return fx.guarded(ref(row + 1, Y), ref(row, Y), (cells[1], cells[0])), 2
        if spec.jenis == "jumlah" and how.bila:  # rows holding one of the counted words
            counted = Tally(tuple(where(column, *words) for column, words in how.bila.items()))
            cells = self._perh_row(ws, row, labels["jumlah"], [(Y, fx.tally(counted, reg))])
            cells += self._perh_row(ws, row + 1, "Jumlah desa di register", [(Y, count)])
            return fx.guarded(ref(row + 1, Y), ref(row, Y), (cells[1], cells[0])), 2
        if spec.jenis == "persen" and how.tanda:  # rows marked "Ya" out of the named rows
            cells = self._perh_row(ws, row, labels["pembilang"], [(Y, fx.count_equal(reg, how.tanda, "Ya"))])
            cells += self._perh_row(ws, row + 1, labels["penyebut"], [(Y, count)])
            a, b = ref(row, Y), ref(row + 1, Y)
            return fx.persen_guarded((b, a, b), (cells[1], cells[0], cells[1])), 2
        raise AssertionError(f"no template rule for {plan.item.full_id}")
