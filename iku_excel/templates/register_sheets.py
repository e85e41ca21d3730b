"""The register sheets: an Excel Table per register, its formula columns, and the SKM summary."""

from __future__ import annotations

from xlsxwriter.utility import xl_col_to_name

from iku_excel import udf
from iku_excel.registers.spec import HEADER_INPUT
from iku_excel.templates import formulas as fx
from iku_excel.templates.context import SheetContext
from iku_excel.templates.layout import (
    FIRST_ROW,
    HEADER_ROW,
    RegisterLayout,
)
from iku_excel.templates.plan import Formula, Ref, Rows
from iku_excel.templates.styles import row_height


class RegisterSheets(SheetContext):
    """Part of WorkbookBuilder: writes each register from its spec (iku_excel.registers.spec)."""

    # ---- registers -------------------------------------------------------------------------------

    def _register(self, ws, reg: RegisterLayout) -> None:
        f = self.f
        ncols = len(reg.columns)
        note = reg.note
        if reg.printed < ncols:
            note += " Kolom berjudul abu-abu dihitung otomatis: tampil di layar, tidak ikut dicetak."
        self._title(ws, reg.title, note, reg.printed)
        for i, col in enumerate(reg.columns):
            ws.set_column(i, i, col.width)
        # No table style: its stripes would make the pages of unfilled rows print (see styles.row_*).
        ws.add_table(HEADER_ROW, 0, reg.last_row, ncols - 1, {
            "name": f"Tabel{reg.prefix}", "style": None, "banded_rows": False, "autofilter": True,
            "columns": [{"header": c.header, "header_format": f.header_calc if c.kind == "formula" else f.header}
                        for c in reg.columns],
        })
        ws.set_row(HEADER_ROW, max(30, row_height([(c.header, c.width) for c in reg.columns])))
        rows = self._register_rows(reg)
        formulas = {col.key: self._row_formula(reg, col.key) for col in reg.columns if col.kind == "formula"}
        for r in range(reg.rows):
            row = FIRST_ROW + r
            values = rows[r] if r < len(rows) else {}
            for c, col in enumerate(reg.columns):
                if col.kind == "formula":
                    text, fn, sources = formulas[col.key]
                    args = tuple(Ref((reg.sheet, row, s), date) for s, date in sources)
                    self._formula(ws, row, c, Formula(text(row), fn, args), self.f.calc_count)
                else:
                    self._register_cell(ws, row, c, col, values)
            texts = [(values[c.key], c.width) for c in reg.columns if isinstance(values.get(c.key), str)]
            if texts:
                ws.set_row(row, row_height(texts))
        for c, col in enumerate(reg.columns):
            self._name(reg.name(col.key), reg.sheet, (FIRST_ROW, c), (reg.last_row, c))
            if col.kind == "no":
                self._validate(ws, FIRST_ROW, c, reg.last_row, c, "whole", minimum=1, name="Nomor urut")
            elif col.kind == "list" and isinstance(col.options, str) and col.options not in self.names:
                pass  # a list this workbook does not have (a kecamatan without a Kemendagri code): free text
            elif col.kind not in ("formula", "text"):
                self._validate(ws, FIRST_ROW, c, reg.last_row, c, col.kind, options=col.options,
                               minimum=col.minimum, maximum=col.maximum, name=col.header)
        # A filled row gets its borders from a conditional format, so a row a user adds looks
        # like the rows before it.
        last = xl_col_to_name(reg.printed - 1)
        ws.conditional_format(FIRST_ROW, 0, reg.last_row, reg.printed - 1, {
            "type": "formula", "criteria": f"=COUNTA($A{FIRST_ROW + 1}:${last}{FIRST_ROW + 1})>0", "format": f.row_filled})
        if reg.summary == "skm":
            self._skm_summary(ws, reg)
        if reg.header is not None:
            self._header_input(ws, reg)
        for d in reg.derived:
            if d.band:
                self._colour_text(ws, FIRST_ROW, reg.col(d.key), reg.last_row, reg.col(d.key))
        ws.freeze_panes(FIRST_ROW, 0)
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
        # Paper gets the columns a user fills, over all the register's rows; the title, the note
        # and the header print above each page. The rows nobody filled are blank pages, which
        # Excel and LibreOffice leave out: an empty register prints nothing, a filled one its rows.
        ws.print_area(FIRST_ROW, 0, reg.last_row, reg.printed - 1)
        ws.repeat_rows(0, HEADER_ROW)
        ws.set_footer("&L&8" + reg.title.title() + "&R&8Halaman &P dari &N")
        self._protect(ws)

    def _header_input(self, ws, reg: RegisterLayout) -> None:
        """The one input typed above a register's table (Reg Izin: the permits of year N−1)."""
        f, spec = self.f, reg.header
        r, c = HEADER_INPUT
        ws.merge_range(r, 0, r, c - 1, spec.judul.format(tahun_lalu=self.tahun - 1), f.group)
        name = reg.name(spec.id)
        value = self.data.header.get(name)
        kind = "whole" if spec.jenis == "bulat" else "decimal"
        fmt = f.input_int if kind == "whole" else f.input_num
        if fx.is_blank(value):
            ws.write_blank(r, c, None, fmt)
        else:
            ws.write_number(r, c, value, fmt)
        self._validate(ws, r, c, r, c, kind, name=spec.nama.format(tahun_lalu=self.tahun - 1))
        self._name(name, reg.sheet, (r, c))

    def _register_cell(self, ws, row: int, c: int, col, values: dict) -> None:
        """A cell a user fills (the builder fills it for a sample)."""
        f = self.f
        value = values.get(col.key)
        fmt = f.row_for(col.kind)
        if col.kind == "no":
            # numbered where the builder fills the row; a user numbers the rows he adds, or not
            if values:
                ws.write_number(row, c, row - FIRST_ROW + 1, fmt)
            else:
                ws.write_blank(row, c, None, fmt)
        elif value is None or value == "":
            ws.write_blank(row, c, None, fmt)
        elif col.kind == "date":
            ws.write_datetime(row, c, value, fmt)
        elif isinstance(value, str):
            ws.write_string(row, c, value, fmt)
        else:
            ws.write_number(row, c, value, fmt)

    def _row_formula(self, reg: RegisterLayout, key: str):
        """A register's formula column: (the formula of a 0-based sheet row, the Python giving its
        value from the cells it reads, those cells as (column, is a date)). One function per
        column, shared by all its rows."""
        tahun = self.tahun

        def cols(*keys: str) -> tuple[tuple[int, bool], ...]:
            return tuple((reg.col(k), reg.column(k).kind == "date") for k in keys)

        d = next(d for d in reg.derived if d.key == key)
        return (lambda row: reg.derived_formula(key, row),
                lambda *values: d.value(dict(zip(d.sources, values, strict=True)), tahun), cols(*d.sources))

    def _skm_summary(self, ws, reg: RegisterLayout) -> None:
        """NRR per unsur above the answer columns; IKM, mutu, kinerja and respondents in row 4."""
        f = self.f
        rows = Rows(reg.key)
        answers = fx.skm_answers

        def nrr(j: int):
            def value(skm_rows):
                column = [[a[j]] for a in answers(skm_rows)]
                return udf.ikm_nrr(column) if any(fx.is_number(v) for (v,) in column) else ""
            return value

        ws.write_string(2, 0, "NRR", f.group)
        ws.write_string(2, 1, "per unsur →", f.group)
        for j in range(9):
            c = reg.col(f"U{j + 1}")
            letter = xl_col_to_name(c)
            rng = f"{letter}{FIRST_ROW + 1}:{letter}{reg.last_row + 1}"
            self._formula(ws, 2, c, Formula(f'=IF(COUNT({rng})=0,"",IKM_NRR({rng}))', nrr(j), (rows,)), f.calc_num)
        first, last = reg.col("U1"), reg.col("U9")
        self._name("SKM_Jawaban", reg.sheet, (FIRST_ROW, first), (reg.last_row, last))
        at = [Ref((reg.sheet, 3, 2 * i + 1)) for i in range(5)]  # row 4: label, value, label, value, ...
        cells = [
            ("Responden", Formula(f'=COUNTIF({reg.name("Terisi")},">0")',
                                  lambda r: sum(1 for a in answers(r) if any(fx.is_number(v) for v in a)), (rows,)),
             "SKM_Responden"),
            ("IKM", Formula('=IF(SKM_Responden=0,"",IKM_NILAI(SKM_Jawaban))',
                            lambda n, r: fx.skm_ikm(r) if n else "", (at[0], rows)), "SKM_IKM"),
            ("Mutu", Formula('=IF(ISNUMBER(SKM_IKM),IKM_MUTU(SKM_IKM),"")',
                             lambda ikm: udf.ikm_mutu(ikm) if fx.is_number(ikm) else "", (at[1],)), "SKM_Mutu"),
            ("Kinerja", Formula('=IF(ISNUMBER(SKM_IKM),IKM_KINERJA(SKM_IKM),"")',
                                lambda ikm: udf.ikm_kinerja(ikm) if fx.is_number(ikm) else "", (at[1],)), "SKM_Kinerja"),
            ("Sampel minimum", Formula('=IF(Profil_PopulasiSKM="","",IKM_SAMPEL_MINIMUM(Profil_PopulasiSKM))',
                                       lambda pop: "" if fx.is_blank(pop) else udf.ikm_sampel_minimum(pop),
                                       (self.ref("Profil_PopulasiSKM"),)), "SKM_SampelMinimum"),
        ]
        col = 0
        for label, formula, name in cells:
            ws.write_string(3, col, label, f.group)
            self._formula(ws, 3, col + 1, formula, f.calc_num if label == "IKM" else f.calc_count)
            self._name(name, reg.sheet, (3, col + 1))
            col += 2
        self._colour_mutu(ws, 3, 5, 3, 5)
        # the survey's period, as the SKM report states it (PermenPANRB 14/2017: periode survei)
        ws.write_string(3, col, "Periode survei", f.group)
        ws.merge_range(3, col + 1, 3, col + 3, self.data.skm_periode or "", f.input_text)
        ws.data_validation(3, col + 1, 3, col + 3, {"validate": "length", "criteria": "<=", "value": 60,
                                                    "input_title": "Periode survei",
                                                    "input_message": "Mis. Januari–Desember 2025 atau Triwulan III 2025",
                                                    "error_title": "Isian tidak sah",
                                                    "error_message": "Tulis periode survei, paling panjang 60 huruf."})
        self._name("SKM_Periode", reg.sheet, (3, col + 1))
