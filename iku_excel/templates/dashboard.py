"""The cover and the dashboard: two sheets that fill themselves from Profil and the IKU/IKI sheets.

The cover names the instansi, year and reported period; the dashboard shows each indicator's
capaian up to each triwulan (the year-to-date realisasi against the annual target, by the
indicator's roll-up) and charts it with native Excel charts, one per IKU/IKI sheet.
"""

from __future__ import annotations

from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from iku_excel import udf
from iku_excel.calc.capaian import rollup
from iku_excel.registers.spec import log_label
from iku_excel.templates import formulas as fx
from iku_excel.templates.context import SheetContext, breaks_keeping_blocks, print_scale
from iku_excel.templates.layout import COL_CAPAIAN, COL_POLARITAS, COL_TARGET, COL_TW1
from iku_excel.templates.perhitungan import TW_NAMES, Plan
from iku_excel.templates.plan import Formula, Ref
from iku_excel.templates.styles import row_height

ROMAN = ("I", "II", "III", "IV")
CHART_WIDTH = 620  # pixels; 300 high, about 15 rows (CHART_ROWS) of the default height
CHART_ROWS = 15
FIRST_DATA_ROW = 4  # 0-based: the dashboard's table starts on row 5


def period_text(triwulan: object) -> str:
    """What the cover says of the period: Profil's triwulan, or the whole year."""
    if fx.is_number(triwulan) and triwulan in (1, 2, 3, 4):
        return f"Laporan sampai Triwulan {ROMAN[int(triwulan) - 1]}"
    return "Laporan tahunan"


class CoverAndDashboard(SheetContext):
    """Part of WorkbookBuilder."""

    def _cover(self, ws, kind: str) -> None:
        f = self.f
        inst = self.instansi
        ws.set_column(0, 0, 4)
        ws.set_column(1, 1, 100)
        ws.set_row(6, 30)
        ws.write_string(6, 1, f"INDIKATOR KINERJA {'UTAMA (IKU)' if kind == 'IKU' else 'INDIVIDU (IKI)'}", f.cover_title)
        lines = (
            Formula("=UPPER(Profil_Instansi)", _upper, (self.ref("Profil_Instansi"),)),
            Formula('=UPPER(Profil_Kabupaten)', _upper, (self.ref("Profil_Kabupaten"),)),
            Formula('="TAHUN "&Profil_Tahun', lambda t: f"TAHUN {_text(t)}", (self.ref("Profil_Tahun"),)),
            Formula('=IF(AND(ISNUMBER(Profil_Triwulan),OR(Profil_Triwulan=1,Profil_Triwulan=2,Profil_Triwulan=3,'
                    'Profil_Triwulan=4)),"Laporan sampai Triwulan "&CHOOSE(Profil_Triwulan,"I","II","III","IV"),'
                    '"Laporan tahunan")', period_text, (self.ref("Profil_Triwulan"),)),
        )
        for i, formula in enumerate(lines):
            ws.set_row(8 + i, 24)
            self._formula(ws, 8 + i, 1, formula, f.cover_line)
        ws.write_string(14, 1, f"Sumber indikator: {inst.sumber}", f.cover_note)
        ws.set_paper(9)
        ws.set_landscape()
        ws.fit_to_pages(1, 1)
        ws.hide_gridlines(2)
        self._protect(ws)

    def _dashboard(self, ws, groups, plans: dict[str, Plan], rows: dict[str, tuple[str, int]]) -> None:
        """One table per IKU/IKI sheet: capaian s.d. TW I–IV per indicator, and a column chart of it."""
        f = self.f
        widths = (46, 11, 11, 11, 11, 11)
        for c, width in enumerate(widths):
            ws.set_column(c, c, width)
        ws.merge_range(0, 0, 0, 5, f"DASBOR CAPAIAN — {self.instansi.nama.upper()} TAHUN {self.tahun}", f.title)
        ws.merge_range(1, 0, 1, 5, "Capaian (%) sampai setiap triwulan: realisasi s.d. triwulan itu (menurut cara rekap "
                       "indikator) terhadap target tahunan; Tahunan: capaian di lembar IKU/IKI (juga indikator yang "
                       "dihitung sekali setahun). Terisi sendiri.", f.note)
        ws.set_row(1, 26)
        row = FIRST_DATA_ROW - 1
        blocks = []  # (first row, last row) of each table with its chart, kept whole on a page
        for name, _scope, _jab, items in groups:
            top = row
            ws.merge_range(row, 0, row, 5, name, f.group)
            row += 1
            ws.write_string(row, 0, "Indikator", f.header)
            for k, title in enumerate([f"s.d. {t}" for t in TW_NAMES] + ["Tahunan"]):
                ws.write_string(row, 1 + k, title, f.header)
            first = row + 1
            for item in items:
                row += 1
                sheet, r = rows[item.full_id]
                label = log_label(item).split(": ", 1)[1]
                ws.write_string(row, 0, label, f.text)
                ws.set_row(row, row_height([(label, widths[0])]))
                cells = [self._capaian_to_date(plans[item.full_id], sheet, r, k) for k in range(4)]
                shown = f"'{sheet}'!{xl_rowcol_to_cell(r, COL_CAPAIAN)}"
                cells.append(Formula(f'=IF(ISNUMBER({shown}),{shown},"")', lambda v: v if fx.is_number(v) else "",
                                     (Ref((sheet, r, COL_CAPAIAN)),)))
                for k, formula in enumerate(cells):
                    self._formula(ws, row, 1 + k, formula, lambda v: f.calc_num if fx.is_number(v) else f.calc_message)
            last = row
            chart = self.wb.add_chart({"type": "column"})
            for k, title in enumerate([f"s.d. {t}" for t in TW_NAMES] + ["Tahunan"]):
                chart.add_series({
                    "name": title,
                    "categories": [ws.get_name(), first, 0, last, 0],
                    "values": [ws.get_name(), first, 1 + k, last, 1 + k],
                })
            chart.set_title({"name": f"Capaian {name} (%)", "name_font": {"size": 11}})
            chart.set_y_axis({"min": 0, "num_format": "0", "major_gridlines": {"visible": True}})
            chart.set_legend({"position": "bottom"})
            chart.set_size({"width": CHART_WIDTH, "height": 300})
            ws.insert_chart(top, 6, chart)
            blocks.append((top, max(row, top + CHART_ROWS)))
            row = max(row + 2, top + CHART_ROWS + 2)  # the next sheet's table starts below this chart
        ws.set_paper(9)
        ws.set_landscape()
        # the tables and the charts beside them at the scale that fits the page's width (not "fit to
        # page", which makes Excel drop the page breaks that keep each chart whole)
        scale = print_scale(widths, (11.69 - 1.4) * 72, CHART_WIDTH + 64)
        ws.set_print_scale(scale)
        ws.set_h_pagebreaks(breaks_keeping_blocks(ws.row_heights, blocks, 595 - 108, scale / 100))
        ws.set_footer(f"&L&8{self.instansi.nama} — Dasbor {self.tahun}&R&8Halaman &P dari &N")
        self._protect(ws)

    def _capaian_to_date(self, plan: Plan, sheet: str, row: int, k: int) -> Formula:
        """Capaian of the realisasi up to TW k+1 against the annual target, on the IKU/IKI row."""
        spec = plan.item.spec
        target_ref = f"'{sheet}'!{xl_rowcol_to_cell(row, COL_TARGET)}"
        pol_ref = f"'{sheet}'!{xl_rowcol_to_cell(row, COL_POLARITAS)}"
        first = f"'{sheet}'!{xl_rowcol_to_cell(row, COL_TW1)}"
        upto = f"{xl_col_to_name(COL_TW1 + k)}{row + 1}"
        goal = (Ref((sheet, row, COL_TARGET)), Ref((sheet, row, COL_POLARITAS)))
        if plan.year is not None:  # a yearly snapshot: no triwulan values
            return Formula('=""', lambda: "")
        if spec.rekap in ("kumulatif", "rata_rata"):
            function = "SUM" if spec.rekap == "kumulatif" else "AVERAGE"

            def to_date(target, polaritas, *tw):
                numbers = [v for v in tw if fx.is_number(v)]
                return (udf.iku_capaian(rollup(numbers, spec.rekap), None if fx.is_blank(target) else target, polaritas)
                        if numbers else "")

            return Formula(f'=IF(COUNT({first}:{upto})=0,"",IKU_CAPAIAN({function}({first}:{upto}),{target_ref},{pol_ref}))',
                           to_date, (*goal, *(Ref((sheet, row, COL_TW1 + t)) for t in range(k + 1))))
        cell = f"'{sheet}'!{upto}"

        def last(target, polaritas, value):
            return udf.iku_capaian(value, None if fx.is_blank(target) else target, polaritas) if fx.is_number(value) else ""

        return Formula(f'=IF(ISNUMBER({cell}),IKU_CAPAIAN({cell},{target_ref},{pol_ref}),"")', last,
                       (*goal, Ref((sheet, row, COL_TW1 + k))))


def _upper(value: object) -> str:
    return _text(value).upper()


def _text(value: object) -> str:
    """A cell as text is joined by & in Excel: a whole number without ".0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
