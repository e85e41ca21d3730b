"""The IKU and IKI sheets: the table of the seed documents, and the signature block."""

from __future__ import annotations

from xlsxwriter.utility import xl_col_to_name

from iku_excel.templates import formulas as fx
from iku_excel.templates.layout import (
    COL_CAPAIAN,
    COL_PREDIKAT,
    COL_TAHUNAN,
    COL_TARGET,
    COL_TW1,
    TABLE_COLUMNS,
    TABLE_HEADER_ROW,
    result_name,
)
from iku_excel.templates.perhitungan import TW_NAMES, Plan
from iku_excel.templates.styles import COUNT_KINDS, row_height


class IndicatorSheets:
    """Part of WorkbookBuilder: one row per indicator, TW values from its plan."""

    # ---- IKU / IKI sheets ------------------------------------------------------------------------

    def _indicator_sheet(self, ws, sheet: str, scope: str, jabatan, plans: list[Plan]) -> None:
        f = self.f
        inst = self.instansi
        ncols = len(TABLE_COLUMNS)
        for c, (_title, width) in enumerate(TABLE_COLUMNS):
            ws.set_column(c, c, width)
        if jabatan is None:
            heading = f"INDIKATOR KINERJA UTAMA (IKU) {inst.nama.upper()} {inst.kabupaten.upper()} TAHUN {self.tahun}"
        else:
            heading = f"INDIKATOR KINERJA INDIVIDU — {jabatan.nama.upper()} — {inst.nama.upper()} TAHUN {self.tahun}"
        ws.merge_range(0, 0, 0, ncols - 1, heading, f.title)
        lines = []
        if jabatan is None:
            lines.append(("Tugas", " ".join(inst.tugas)))
            lines.append(("Fungsi", " ".join(inst.fungsi)))
            if inst.tujuan:
                lines.append(("Tujuan", "; ".join(inst.tujuan)))
        else:
            lines.append(("Jabatan", jabatan.nama + (f" (atasan langsung: {jabatan.atasan})" if jabatan.atasan else "")))
            lines.append(("Tugas", " ".join(jabatan.tugas)))
            lines.append(("Fungsi", " ".join(jabatan.fungsi) if jabatan.fungsi else "-"))
        for i, (label, text) in enumerate(lines[: TABLE_HEADER_ROW - 2]):
            r = 2 + i
            ws.write_string(r, 0, label, f.label)
            ws.merge_range(r, 1, r, ncols - 1, text, f.plain)
            ws.set_row(r, row_height([(text, sum(w for _t, w in TABLE_COLUMNS[1:]) * 0.85)], font_points=10))
        for c, (title, _w) in enumerate(TABLE_COLUMNS):
            ws.write_string(TABLE_HEADER_ROW, c, title, f.header)
        ws.set_row(TABLE_HEADER_ROW, 30)
        row = TABLE_HEADER_ROW + 1
        sasaran_seen = None
        for n, plan in enumerate(plans, 1):
            self._indicator_row(ws, row, n, plan, show_sasaran=plan.item.spec.sasaran != sasaran_seen)
            sasaran_seen = plan.item.spec.sasaran
            row += 1
        last = row - 1
        self._colour_predikat(ws, TABLE_HEADER_ROW + 1, COL_PREDIKAT, last, COL_PREDIKAT)
        self._colour_text(ws, TABLE_HEADER_ROW + 1, COL_TW1, last, COL_CAPAIAN)
        sign_row = self._signature(ws, row + 1)
        ws.freeze_panes(TABLE_HEADER_ROW + 1, 3)
        ws.set_landscape()
        ws.set_paper(9)
        ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(TABLE_HEADER_ROW)
        ws.print_area(0, 0, sign_row, ncols - 1)
        ws.set_footer(f"&L&8{inst.nama} — {sheet} {self.tahun}&R&8Halaman &P dari &N")
        self._protect(ws)

    def _indicator_row(self, ws, row: int, n: int, plan: Plan, show_sasaran: bool) -> None:
        f = self.f
        spec = plan.item.spec
        if plan.item.full_id in self.targets:  # the submission's own target, or a sample target
            sheet_target = self.targets[plan.item.full_id]
        else:
            sheet_target = spec.target.get(self.tahun)
        self.target_cells[(ws.get_name(), row, COL_TARGET)] = plan.item.full_id
        ws.write_number(row, 0, n, f.center)
        ws.write_string(row, 1, spec.sasaran if show_sasaran else "", f.text)
        ws.write_string(row, 2, spec.nama, f.text)
        ws.write_string(row, 3, spec.satuan, f.center)
        ws.write_string(row, 4, spec.polaritas, f.center)
        ws.write_string(row, 5, spec.rekap.replace("_", " "), f.center)
        # target: prefilled from the catalog when known, always editable (the PK may change it)
        if sheet_target is None:
            ws.write_blank(row, COL_TARGET, None, f.input_num)
        elif isinstance(sheet_target, str):
            ws.write_string(row, COL_TARGET, sheet_target, f.input_text)
        else:
            ws.write_number(row, COL_TARGET, sheet_target, f.input_num)
        self._validate(ws, row, COL_TARGET, row, COL_TARGET, "target", name="Target")
        excel_row = row + 1
        tw_refs = [f"{xl_col_to_name(COL_TW1 + k)}{excel_row}" for k in range(4)]
        number = f.calc_int if spec.jenis in COUNT_KINDS else f.calc_num
        values = []
        for k, (formula, value) in enumerate(plan.tw):
            c = COL_TW1 + k
            if formula is None:  # typed by hand
                self.typed_cells[(ws.get_name(), row, c)] = (plan.item.full_id, spec.jenis, k)
                kind = "whole" if spec.jenis == "jumlah" else "decimal"
                if fx.is_blank(value):
                    ws.write_blank(row, c, None, f.input_for(kind))
                else:
                    ws.write_number(row, c, value, f.input_for(kind))
                self._validate(ws, row, c, row, c, kind, name=f"Realisasi {TW_NAMES[k]}")
            elif formula == "":
                ws.write_blank(row, c, None, f.na)
            else:
                ws.write_formula(row, c, formula, number if fx.is_number(value) else f.calc_text, value)
            values.append(value)
        if plan.year is not None:
            year_formula, year_value = plan.year
        else:
            year_formula, year_value = fx.rollup(tw_refs, values, spec.rekap)
        ws.write_formula(row, COL_TAHUNAN, year_formula, number if fx.is_number(year_value) else f.calc_text, year_value)
        col = xl_col_to_name
        cap = fx.capaian(f"{col(COL_TAHUNAN)}{excel_row}", f"{col(COL_TARGET)}{excel_row}", f"{col(4)}{excel_row}",
                         year_value, sheet_target, spec.polaritas)
        ws.write_formula(row, COL_CAPAIAN, cap[0], f.calc_num if fx.is_number(cap[1]) else f.calc_text, cap[1])
        pred = fx.predikat(f"{col(COL_CAPAIAN)}{excel_row}", cap[1])
        ws.write_formula(row, COL_PREDIKAT, pred[0], f.calc_text, pred[1])
        ws.write_string(row, 14, spec.sumber_data, f.text)
        ws.write_string(row, 15, spec.penanggung_jawab, f.text)
        widths = [w for _t, w in TABLE_COLUMNS]
        ws.set_row(row, row_height([(spec.sasaran if show_sasaran else "", widths[1]), (spec.nama, widths[2]),
                                    (spec.sumber_data, widths[14]), (spec.penanggung_jawab, widths[15])]))
        ws.write_blank(row, 16, None, f.input_text)
        sheet = ws.get_name()
        for what, c in (("Target", COL_TARGET), ("Realisasi", COL_TAHUNAN), ("Capaian", COL_CAPAIAN), ("Predikat", COL_PREDIKAT)):
            self._name(result_name(plan.scope, spec.id, what), sheet, (row, c))
        self._name(result_name(plan.scope, spec.id, "TW"), sheet, (row, COL_TW1), (row, COL_TW1 + 3))

    def _signature(self, ws, row: int) -> int:
        """The block the official documents end with: place and date, jabatan, name, NIP."""
        f = self.f
        c1, c2 = 12, 16
        p = self.profil
        lines = (
            # IF(...="","",...): a reference to an empty cell shows 0, not blank
            ('=IF(Profil_TempatTanggal="","",Profil_TempatTanggal)', p.tempat_tanggal, f.sign),
            ('=IF(Profil_Jabatan="","",Profil_Jabatan)', p.jabatan, f.sign),
            None, None, None,
            ('=IF(Profil_Camat="","",Profil_Camat)', p.camat, f.sign_bold),
            ('=IF(Profil_NIP="","","NIP. "&Profil_NIP)', f"NIP. {p.nip}" if p.nip else "", f.sign),
        )
        for i, line in enumerate(lines):
            if line is None:
                continue
            formula, value, fmt = line
            ws.merge_range(row + i, c1, row + i, c2, "", fmt)
            ws.write_formula(row + i, c1, formula, fmt, value)
        return row + len(lines)
