"""The Perhitungan sheet: every computed indicator's inputs per triwulan, and the formula of its
TW cells (the plan the IKU/IKI sheets show)."""

from __future__ import annotations

from dataclasses import dataclass, field

from xlsxwriter.utility import xl_rowcol_to_cell

from iku_excel import udf
from iku_excel.calc.bands import band_set
from iku_excel.calc.basic import IDM_BANDS
from iku_excel.catalog import CatalogIndicator
from iku_excel.registers import is_shown, tema_tally
from iku_excel.registers.rows import Tally, for_triwulan, rows_in_year
from iku_excel.registers.spec import criteria, log_label
from iku_excel.templates import formulas as fx
from iku_excel.templates.layout import (
    FIRST_ROW,
    HEADER_ROW,
    REGISTERS,
    SHEET_PERHITUNGAN,
)
from iku_excel.templates.styles import row_height

PERH_TW_COL = 2  # Perhitungan: C..F hold TW I..IV, G the whole year
PERH_YEAR_COL = 6
TW_NAMES = ("TW I", "TW II", "TW III", "TW IV")


@dataclass
class Plan:
    """Where one indicator's cells are, and their cached values."""

    item: CatalogIndicator
    scope: str
    tw: list[tuple[str | None, object]] = field(default_factory=list)  # TW I..IV: (formula or None=input, value)
    year: tuple[str, object] | None = None  # tahunan when computed directly (snapshot registers)


class PerhitunganSheet:
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
        ws.write_formula(3, PERH_TW_COL, "=IF(ISNUMBER(Profil_Triwulan),Profil_Triwulan,4)", f.calc_int, self.reported())
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

    def _perh_row(self, ws, row: int, label: str, cells: list[tuple[int, str | None, object]]) -> None:
        """One input row: (column, formula or None for an input cell, value)."""
        ws.write_string(row, 1, label, self.f.text)
        ws.set_row(row, row_height([(label, 46)]))
        for c in range(PERH_TW_COL, PERH_YEAR_COL + 1):
            ws.write_blank(row, c, None, self.f.na)
        for c, formula, value in cells:
            if formula is None:
                if fx.is_blank(value):
                    ws.write_blank(row, c, None, self.f.input_int)
                else:
                    ws.write_number(row, c, value, self.f.input_int)
                self._validate(ws, row, c, row, c, "whole", name=label)
            else:
                ws.write_formula(row, c, formula, self.f.calc_int if fx.is_number(value) else self.f.calc_text, value)

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

        if source is None and kind in ("jumlah", "nilai"):
            typed = d.langsung.get(item.full_id, {}).get(kind, [None] * 4)
            plan.tw = [(None, v) for v in typed]
            return row
        if source is None and kind == "persen":
            row = title()
            typed = d.langsung.get(item.full_id, {})
            p_vals, q_vals = typed.get("pembilang", [None] * 4), typed.get("penyebut", [None] * 4)
            p_row, q_row = row, row + 1
            for k in range(4):
                self.typed_cells[(SHEET_PERHITUNGAN, p_row, PERH_TW_COL + k)] = (item.full_id, "pembilang", k)
                self.typed_cells[(SHEET_PERHITUNGAN, q_row, PERH_TW_COL + k)] = (item.full_id, "penyebut", k)
            self._perh_row(ws, p_row, labels["pembilang"], [(PERH_TW_COL + k, None, p_vals[k]) for k in range(4)])
            self._perh_row(ws, q_row, labels["penyebut"], [(PERH_TW_COL + k, None, q_vals[k]) for k in range(4)])
            plan.tw = [fx.persen_typed(ref(p_row, PERH_TW_COL + k), ref(q_row, PERH_TW_COL + k), p_vals[k], q_vals[k])
                       for k in range(4)]
            row += 2
        elif source is not None and REGISTERS[source.nama].period and kind in ("persen", "jumlah"):
            row = title()
            row += self._counted(ws, plan, row, ref)
        elif source is not None and source.nama == "kehadiran":
            row = title()
            reg = REGISTERS["kehadiran"]
            names = [p.nama for p in d.pegawai]
            staff = fx.count_named(reg.name("Nama"), names)
            hke = d.hari_kerja_efektif
            cumulative = spec.rekap == "nilai_akhir"
            days, absent, guards = [], [], []
            for k in range(4):
                tws = range(k + 1) if cumulative else [k]
                days.append((f"=SUM({','.join(f'Profil_HKE{t + 1}' for t in tws)})",
                             sum(hke[t] for t in tws if fx.is_number(hke[t]))))
                absent.append((f"=SUM({','.join(reg.name(f'TM{t + 1}') for t in tws)})",
                               sum(v for p in d.pegawai for t in tws for v in [p.tidak_masuk[t]] if fx.is_number(v))))
                guards.append(hke[k])
            s_row, d_row, a_row = row, row + 1, row + 2
            suffix = " (s.d. triwulan)" if cumulative else " (triwulan ini)"
            self._perh_row(ws, s_row, labels["jumlah_pegawai"], [(PERH_TW_COL + k, *staff) for k in range(4)])
            self._perh_row(ws, d_row, labels["hari_kerja_efektif"] + suffix, [(PERH_TW_COL + k, *days[k]) for k in range(4)])
            self._perh_row(ws, a_row, labels["hari_tidak_masuk"].replace(" (per pegawai)", "") + suffix,
                           [(PERH_TW_COL + k, *absent[k]) for k in range(4)])
            for k in range(4):
                s_ref, d_ref, a_ref = (ref(r, PERH_TW_COL + k) for r in (s_row, d_row, a_row))
                guard = f'OR(Profil_HKE{k + 1}="",{s_ref}=0)'
                blank = fx.is_blank(guards[k]) or staff[1] == 0
                if kind == "kehadiran":
                    value = "" if blank else udf.iku_kehadiran(staff[1], days[k][1], absent[k][1])
                    plan.tw.append((f'=IF({guard},"",IKU_KEHADIRAN({s_ref},{d_ref},{a_ref}))', value))
                else:  # hari_hadir: person-days present, a native formula
                    value = "" if blank else staff[1] * days[k][1] - absent[k][1]
                    plan.tw.append((f'=IF({guard},"",{s_ref}*{d_ref}-{a_ref})', value))
            row += 3
        else:
            row = title()
            plan.tw = [("", "")] * 4  # a yearly snapshot: no triwulan values
            plan.year, used = self._snapshot(ws, plan, row, ref)
            row += used
        return row + (1 if row > start else 0)

    def _counted(self, ws, plan: Plan, row: int, ref) -> int:
        """An indicator counted over a register's rows per triwulan (COUNTIFS/SUMIFS), shown
        up to the reported triwulan: a ratio once it has a denominator, a count once the
        indicator has any row in the year. Returns the rows used."""
        spec = plan.item.spec
        reg = REGISTERS[spec.dihitung_dari.nama]
        rows = self._rows(reg)
        labels = spec.input_labels()
        cumulative = spec.rekap == "nilai_akhir"
        suffix = " (s.d. triwulan)" if cumulative else " (triwulan ini)"
        tallies = reg.inputs(criteria(spec.dihitung_dari), log_label(plan.item))
        cells: dict[str, list[tuple[str, object]]] = {}
        for i, (name, tally) in enumerate(tallies.items()):
            tw = [for_triwulan(tally, reg.period, k + 1, cumulative) for k in range(4)]
            cells[name] = list(zip([t.formula(reg.name) for t in tw], tally.per_triwulan(rows, reg.period, cumulative),
                                   strict=True))
            self._perh_row(ws, row + i, labels[name] + suffix, [(PERH_TW_COL + k, *cells[name][k]) for k in range(4)])
        used = len(tallies)
        refs = {name: [ref(row + i, PERH_TW_COL + k) for k in range(4)] for i, name in enumerate(tallies)}
        reported = self.reported()
        recorded = 0.0
        if spec.jenis == "jumlah":
            # rows recorded for it all year: until there is one, the indicator is "not filled", not 0
            whole = rows_in_year(tallies["jumlah"], reg.period)
            recorded = whole.value(rows)
            self._perh_row(ws, row + used, "Baris tercatat sepanjang tahun", [(PERH_YEAR_COL, whole.formula(reg.name),
                                                                               recorded)])
            guard_ref = ref(row + used, PERH_YEAR_COL)
            used += 1
        for k in range(4):
            inputs = {name: cells[name][k][1] for name in tallies}
            shown = is_shown(spec.jenis, k + 1, reported, inputs, recorded)
            if spec.jenis == "jumlah":
                plan.tw.append((f'=IF(OR({k + 1}>Laporan_Triwulan,{guard_ref}=0),"",{refs["jumlah"][k]})',
                                inputs["jumlah"] if shown else ""))
            else:
                p_ref, q_ref = refs["pembilang"][k], refs["penyebut"][k]
                plan.tw.append((f'=IF(OR({k + 1}>Laporan_Triwulan,{q_ref}=0),"",IKU_PERSEN({p_ref},{q_ref}))',
                                udf.iku_persen(inputs["pembilang"], inputs["penyebut"]) if shown else ""))
        return used

    def _snapshot(self, ws, plan: Plan, row: int, ref) -> tuple[tuple[str, object], int]:
        """Indicators computed once for the year from a register without triwulan."""
        spec, d = plan.item.spec, self.data
        labels = spec.input_labels()
        source = spec.dihitung_dari
        Y = PERH_YEAR_COL
        if spec.jenis == "rata_dokumen":
            reg = REGISTERS["dokumen_desa"]
            parts = [fx.on_time_count(k, d) for k in ("RKPDes", "APBDes", "LPPDes")]
            desa = fx.count_named(reg.name("Desa"), [x.nama for x in d.desa])
            for i, (key, cell) in enumerate(zip(("rkp_tepat", "apb_tepat", "lpp_tepat", "jumlah_desa"), (*parts, desa), strict=True)):
                self._perh_row(ws, row + i, labels[key], [(Y, *cell)])
            r = [ref(row + i, Y) for i in range(4)]
            value = "" if desa[1] == 0 else udf.iku_rata_dokumen(parts[0][1], parts[1][1], parts[2][1], desa[1])
            return (f'=IF({r[3]}=0,"",IKU_RATA_DOKUMEN({r[0]},{r[1]},{r[2]},{r[3]}))', value), 4
        if spec.jenis == "ikm":
            self._perh_row(ws, row, "Responden SKM", [(Y, "=SKM_Responden", sum(1 for a in d.skm if any(fx.is_number(v) for v in a)))])
            resp = ref(row, Y)
            value = udf.ikm_nilai(d.skm) if any(any(fx.is_number(v) for v in a) for a in d.skm) else ""
            return (f'=IF({resp}=0,"",IKM_NILAI(SKM_Jawaban))', value), 1
        if spec.jenis == "pertumbuhan":
            reg = REGISTERS["izin"]
            rows = self._rows(reg)
            issued = for_triwulan(reg.inputs(criteria(source), None)["nilai_tahun_ini"], reg.period, None, True)
            entries = Tally(issued.criteria)
            now, n = issued.value(rows), entries.value(rows)
            before = d.izin_tahun_lalu
            self._perh_row(ws, row, labels["nilai_tahun_ini"], [(Y, issued.formula(reg.name), now)])
            self._perh_row(ws, row + 1, f"Baris register izin tahun {self.tahun}", [(Y, entries.formula(reg.name), n)])
            # IF(x="","",x): a plain reference to an empty cell would give 0, and 0 izin last year is
            # "growth cannot be computed", not "not filled in yet"
            self._perh_row(ws, row + 2, labels["nilai_tahun_lalu"],
                           [(Y, '=IF(Izin_TahunLalu="","",Izin_TahunLalu)', "" if fx.is_blank(before) else before)])
            a, rows_ref, b = ref(row, Y), ref(row + 1, Y), ref(row + 2, Y)
            # COUNT(...)<2: text typed as a number is not counted by Excel, so not here either
            value = udf.iku_pertumbuhan(now, before) if n and fx.is_number(before) else ""
            return (f'=IF(OR({rows_ref}=0,COUNT({a},{b})<2),"",IKU_PERTUMBUHAN({a},{b}))', value), 3
        reg = REGISTERS["desa"]
        names = [x.nama for x in d.desa]
        count = fx.count_named(reg.name("Nama"), names)
        if spec.jenis == "jumlah_di_atas":
            idms = [x.idm for x in d.desa]
            above = fx.count_above(reg.name("IDM"), float(spec.ambang), idms, band_set(IDM_BANDS).round)
            have = fx.count_numbers(reg.name("IDM"), idms)
            self._perh_row(ws, row, f"Desa dengan IDM > {str(spec.ambang).replace('.', ',')}", [(Y, *above)])
            self._perh_row(ws, row + 1, "Desa yang sudah diisi nilai IDM", [(Y, *have)])
            return (f'=IF({ref(row + 1, Y)}=0,"",{ref(row, Y)})', "" if have[1] == 0 else above[1]), 2
        if spec.jenis == "jumlah" and source.kolom == "tema":
            tally = tema_tally()
            tema = (tally.formula(reg.name), tally.value([{"Tema": x.tema} for x in d.desa]))
            self._perh_row(ws, row, labels["jumlah"], [(Y, *tema)])
            self._perh_row(ws, row + 1, "Jumlah desa di register", [(Y, *count)])
            return (f'=IF({ref(row + 1, Y)}=0,"",{ref(row, Y)})', "" if count[1] == 0 else tema[1]), 2
        if spec.jenis == "persen" and source.kolom == "administrasi_baik":
            good = fx.count_equal(reg.name("AdmBaik"), "Ya", [fx.yes_no(x.administrasi_baik) for x in d.desa])
            self._perh_row(ws, row, labels["pembilang"], [(Y, *good)])
            self._perh_row(ws, row + 1, labels["penyebut"], [(Y, *count)])
            a, b = ref(row, Y), ref(row + 1, Y)
            return fx.persen_guarded(b, a, b, count[1], good[1], count[1]), 2
        raise AssertionError(f"no template rule for {plan.item.full_id}")
