"""The register sheets: an Excel Table per register, its formula columns, and the SKM summary."""

from __future__ import annotations

from xlsxwriter.utility import xl_col_to_name

from iku_excel import udf
from iku_excel.registers.spec import IZIN_TAHUN_LALU
from iku_excel.templates import formulas as fx
from iku_excel.templates.layout import (
    FIRST_ROW,
    HEADER_ROW,
    RegisterLayout,
)
from iku_excel.templates.styles import row_height


class RegisterSheets:
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
        # When a submission is recalculated, only formulas matter, and rows past its last filled
        # one hold nothing that differs from the empty template (the model takes those values
        # from the template's): the rest of the register is not written again.
        recalculating = self.filled_rows_only
        columns = [(c, col) for c, col in enumerate(reg.columns) if not recalculating or col.kind == "formula"]
        for r in range(min(len(rows), reg.rows) if recalculating else reg.rows):
            row = FIRST_ROW + r
            values = rows[r] if r < len(rows) else {}
            for c, col in columns:
                self._register_cell(ws, reg, row, c, col, values)
            texts = [] if recalculating else [(values[c.key], c.width) for c in reg.columns
                                              if isinstance(values.get(c.key), str)]
            if texts:
                ws.set_row(row, row_height(texts))
        for c, col in enumerate(reg.columns):
            self._name(reg.name(col.key), reg.sheet, (FIRST_ROW, c), (reg.last_row, c))
            if col.kind == "no":
                self._validate(ws, FIRST_ROW, c, reg.last_row, c, "whole", minimum=1, name="Nomor urut")
            elif col.kind not in ("formula", "text"):
                self._validate(ws, FIRST_ROW, c, reg.last_row, c, col.kind, options=col.options,
                               minimum=col.minimum, maximum=col.maximum, name=col.header)
        # A filled row gets its borders from a conditional format, so a row a user adds looks
        # like the rows before it.
        last = xl_col_to_name(reg.printed - 1)
        ws.conditional_format(FIRST_ROW, 0, reg.last_row, reg.printed - 1, {
            "type": "formula", "criteria": f"=COUNTA($A{FIRST_ROW + 1}:${last}{FIRST_ROW + 1})>0", "format": f.row_filled})
        if reg.key == "skm":
            self._skm_summary(ws, reg)
        if reg.key == "izin":
            r, c = IZIN_TAHUN_LALU
            ws.merge_range(r, 0, r, c - 1, f"Jumlah izin yang diterbitkan tahun lalu ({self.tahun - 1})", f.group)
            before = self.data.izin_tahun_lalu
            if fx.is_blank(before):
                ws.write_blank(r, c, None, f.input_int)
            else:
                ws.write_number(r, c, before, f.input_int)
            self._validate(ws, r, c, r, c, "whole", name=f"Jumlah izin {self.tahun - 1}")
            self._name("Izin_TahunLalu", reg.sheet, (r, c))
        if reg.key == "desa":
            self._colour_text(ws, FIRST_ROW, reg.col("Status"), reg.last_row, reg.col("Status"))
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

    def _register_rows(self, reg: RegisterLayout) -> list[dict[str, object]]:
        d = self.data
        if reg.inputs is not None:
            return [{k: fx.excel_date(v) for k, v in row.items()} for row in self._rows(reg)]
        if reg.key == "dokumen_desa":
            return [{"Desa": x.nama, "RKPDes": fx.excel_date(x.rkpdes), "APBDes": fx.excel_date(x.apbdes),
                     "LPPDes": fx.excel_date(x.lppdes)} for x in d.desa]
        if reg.key == "skm":
            return [{"Layanan": (d.skm_layanan[i] if i < len(d.skm_layanan) else None),
                     **{f"U{j + 1}": a for j, a in enumerate(row)}} for i, row in enumerate(d.skm)]
        if reg.key == "kehadiran":
            return [{"Nama": p.nama, "NIP": p.nip, **{f"TM{k + 1}": v for k, v in enumerate(p.tidak_masuk)}} for p in d.pegawai]
        if reg.key == "desa":
            return [{"Nama": x.nama, "IDM": x.idm, "Tema": x.tema, "AdmBaik": fx.yes_no(x.administrasi_baik)} for x in d.desa]
        raise AssertionError(reg.key)

    def _register_cell(self, ws, reg: RegisterLayout, row: int, c: int, col, values: dict) -> None:
        f = self.f
        value = values.get(col.key)
        fmt = f.row_for(col.kind)
        if col.kind == "no":
            # numbered where the builder fills the row; a user numbers the rows he adds, or not
            if values:
                ws.write_number(row, c, row - FIRST_ROW + 1, fmt)
            else:
                ws.write_blank(row, c, None, fmt)
        elif col.kind == "formula":
            formula, cached = self._register_formula(reg, row, col.key, values)
            fmt = f.calc_year if col.key == "Tahun" else f.calc_int if fx.is_number(cached) else f.calc_text
            ws.write_formula(row, c, formula, fmt, cached)
        elif value is None or value == "":
            ws.write_blank(row, c, None, fmt)
        elif col.kind == "date":
            ws.write_datetime(row, c, value, fmt)
        elif isinstance(value, str):
            ws.write_string(row, c, value, fmt)
        else:
            ws.write_number(row, c, value, fmt)

    def _register_formula(self, reg: RegisterLayout, row: int, key: str, values: dict) -> tuple[str, object]:
        """Per-row formulas of the registers, with their cached values."""
        excel_row = row + 1
        if reg.derived:
            return reg.derived_formula(key, row), values.get(key, "")
        if reg.key == "dokumen_desa":
            kind = key.split("_")[0]
            date_col = xl_col_to_name(reg.col(kind))
            name_col = xl_col_to_name(reg.col("Desa"))
            has_desa = bool(values.get("Desa"))
            date = values.get(kind)
            cached = udf.iku_tepat_waktu(kind, date, self.tahun) if has_desa else ""
            return f'=IF(${name_col}{excel_row}="","",IKU_TEPAT_WAKTU("{kind}",{date_col}{excel_row},Profil_Tahun))', cached
        if reg.key == "skm":
            first, last = xl_col_to_name(reg.col("U1")), xl_col_to_name(reg.col("U9"))
            answers = [values.get(f"U{j}") for j in range(1, 10)]
            return f"=COUNT({first}{excel_row}:{last}{excel_row})", sum(fx.is_number(a) for a in answers)
        if reg.key == "kehadiran":
            first, last = xl_col_to_name(reg.col("TM1")), xl_col_to_name(reg.col("TM4"))
            name_col = xl_col_to_name(reg.col("Nama"))
            total = sum(v for v in (values.get(f"TM{k}") for k in range(1, 5)) if fx.is_number(v))
            cached = total if values.get("Nama") else ""
            return f'=IF(${name_col}{excel_row}="","",SUM({first}{excel_row}:{last}{excel_row}))', cached
        if reg.key == "desa":
            idm_col = xl_col_to_name(reg.col("IDM"))
            idm = values.get("IDM")
            cached = "" if idm is None else udf.idm_status(idm)
            return f'=IF({idm_col}{excel_row}="","",IDM_STATUS({idm_col}{excel_row}))', cached
        raise AssertionError((reg.key, key))

    def _skm_summary(self, ws, reg: RegisterLayout) -> None:
        """NRR per unsur above the answer columns; IKM, mutu, kinerja and respondents in row 4."""
        f = self.f
        answers = self.data.skm
        ws.write_string(2, 0, "NRR", f.group)
        ws.write_string(2, 1, "per unsur →", f.group)
        for j in range(9):
            c = reg.col(f"U{j + 1}")
            letter = xl_col_to_name(c)
            column = [row[j] if j < len(row) else None for row in answers]
            has = any(fx.is_number(v) for v in column)
            rng = f"{letter}{FIRST_ROW + 1}:{letter}{reg.last_row + 1}"
            ws.write_formula(2, c, f'=IF(COUNT({rng})=0,"",IKM_NRR({rng}))', f.calc_num,
                             udf.ikm_nrr([[v] for v in column]) if has else "")
        first, last = reg.col("U1"), reg.col("U9")
        self._name("SKM_Jawaban", reg.sheet, (FIRST_ROW, first), (reg.last_row, last))
        respondents = sum(1 for row in answers if any(fx.is_number(v) for v in row))
        cells = [("Responden", f'=COUNTIF({reg.name("Terisi")},">0")', respondents, "SKM_Responden")]
        ikm_value = udf.ikm_nilai(answers) if respondents else ""
        cells.append(("IKM", '=IF(SKM_Responden=0,"",IKM_NILAI(SKM_Jawaban))', ikm_value, "SKM_IKM"))
        is_ikm = fx.is_number(ikm_value)
        cells.append(("Mutu", '=IF(ISNUMBER(SKM_IKM),IKM_MUTU(SKM_IKM),"")', udf.ikm_mutu(ikm_value) if is_ikm else "", "SKM_Mutu"))
        cells.append(("Kinerja", '=IF(ISNUMBER(SKM_IKM),IKM_KINERJA(SKM_IKM),"")',
                      udf.ikm_kinerja(ikm_value) if is_ikm else "", "SKM_Kinerja"))
        pop = self.data.skm_populasi
        cells.append(("Sampel minimum", '=IF(Profil_PopulasiSKM="","",IKM_SAMPEL_MINIMUM(Profil_PopulasiSKM))',
                      "" if fx.is_blank(pop) else udf.ikm_sampel_minimum(pop), "SKM_SampelMinimum"))
        col = 0
        for label, formula, cached, name in cells:
            ws.write_string(3, col, label, f.group)
            fmt = f.calc_num if label == "IKM" else (f.calc_int if fx.is_number(cached) else f.calc_text)
            ws.write_formula(3, col + 1, formula, fmt, cached)
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
