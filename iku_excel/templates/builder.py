"""Write the standard workbook of one instansi and tahun, with XlsxWriter.

XlsxWriter, because it is the library that writes a formula together with its
cached result, so a template shows numbers when opened anywhere. The output
is byte-identical for the same catalog, tahun and data (fixed document date;
XlsxWriter fixes the zip timestamps itself).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from iku_excel import __version__, udf
from iku_excel.calc.bands import band_set
from iku_excel.calc.basic import IDM_BANDS
from iku_excel.catalog import Catalog, CatalogIndicator
from iku_excel.catalog.schema import Instansi
from iku_excel.files import atomic_write
from iku_excel.registers import Registers, tema_tally
from iku_excel.registers.rows import Tally, for_triwulan, with_derived
from iku_excel.registers.spec import IZIN_TAHUN_LALU, LOG_REGISTER, criteria, log_label
from iku_excel.templates import formulas as fx
from iku_excel.templates.layout import (
    COL_CAPAIAN,
    COL_PREDIKAT,
    COL_TAHUNAN,
    COL_TARGET,
    COL_TW1,
    FIRST_ROW,
    HEADER_ROW,
    PROFIL_CELLS,
    REGISTERS,
    SHEET_DAFTAR,
    SHEET_IKU,
    SHEET_META,
    SHEET_PERHITUNGAN,
    SHEET_PETUNJUK,
    SHEET_PROFIL,
    SHEET_XLWINGS,
    TABLE_COLUMNS,
    TABLE_HEADER_ROW,
    TEMPLATE_ID_PREFIX,
    TEMPLATE_VERSION,
    RegisterLayout,
    iki_sheet_name,
    result_name,
)

FIXED_DATE = dt.datetime(2025, 1, 1)
TW_NAMES = ("TW I", "TW II", "TW III", "TW IV")
PERH_TW_COL = 2  # Perhitungan: C..F hold TW I..IV, G the whole year
PERH_YEAR_COL = 6


def row_height(cells: list[tuple[str, float]], font_points: float = 9) -> float:
    """A row height that shows wrapped text whole: XlsxWriter cannot autofit rows,
    and LibreOffice keeps the default height, so the lines are estimated from
    the text length and the column width (in characters)."""
    lines = 1
    for text, width in cells:
        per_line = max(1.0, width * 1.15)
        lines = max(lines, sum(max(1, -(-len(part) // int(per_line))) for part in str(text).split("\n")))
    return min(409.0, lines * font_points * 1.35 + 3)


def default_jabatan(instansi: Instansi) -> str:
    if instansi.penandatangan:
        return instansi.penandatangan.jabatan
    return "CAMAT " + instansi.nama.upper().replace("KECAMATAN ", "")


def template_id(instansi_id: str) -> str:
    return f"{TEMPLATE_ID_PREFIX}/{instansi_id}"


def template_filename(instansi_id: str, tahun: int, sample: bool = False, macros: bool = False) -> str:
    """templat_/contoh_<instansi>_<tahun>.xlsx, or .xlsm with the VBA functions inside."""
    return f"{'contoh' if sample else 'templat'}_{instansi_id}_{tahun}.{'xlsm' if macros else 'xlsx'}"


@dataclass
class Profil:
    jabatan: str = ""
    camat: str = ""
    nip: str = ""
    tempat_tanggal: str = ""
    triwulan: int | None = None


@dataclass
class Plan:
    """Where one indicator's cells are, and their cached values."""

    item: CatalogIndicator
    scope: str
    tw: list[tuple[str | None, object]] = field(default_factory=list)  # TW I..IV: (formula or None=input, value)
    year: tuple[str, object] | None = None  # tahunan when computed directly (snapshot registers)


class Formats:
    def __init__(self, wb: xlsxwriter.Workbook):
        base = {"font_name": "Arial", "font_size": 9, "valign": "top", "text_wrap": True, "border": 1}
        self.title = wb.add_format({"font_name": "Arial", "bold": True, "font_size": 13})
        self.subtitle = wb.add_format({"font_name": "Arial", "bold": True, "font_size": 10})
        # a section label in the narrow first column: it may run into the next (empty) cell
        self.label = wb.add_format({"font_name": "Arial", "bold": True, "font_size": 10, "valign": "top"})
        self.note = wb.add_format({"font_name": "Arial", "font_size": 9, "italic": True, "text_wrap": True, "valign": "top"})
        self.plain = wb.add_format({"font_name": "Arial", "font_size": 10, "text_wrap": True, "valign": "top"})
        self.header = wb.add_format({**base, "bold": True, "bg_color": "#1F4E78", "font_color": "#FFFFFF",
                                     "align": "center", "valign": "vcenter"})
        self.text = wb.add_format({**base})
        self.center = wb.add_format({**base, "align": "center"})
        self.group = wb.add_format({**base, "bold": True, "bg_color": "#DDEBF7"})
        self.input_text = wb.add_format({**base, "bg_color": "#FFF2CC", "locked": False})
        # Numbers as Indonesian staff expect them: whole inputs (targets like 85, hari kerja,
        # SKM answers, counts) with no decimal separator, decimals as typed. "#,##0.##" would
        # show 85 as "85," in Excel, so a decimal input keeps the General format instead.
        self.input_num = wb.add_format({**base, "bg_color": "#FFF2CC", "locked": False})
        self.input_int = wb.add_format({**base, "bg_color": "#FFF2CC", "locked": False, "num_format": "#,##0"})
        self.calc_year = wb.add_format({**base, "bg_color": "#EDEDED", "num_format": "0"})
        self.input_date = wb.add_format({**base, "bg_color": "#FFF2CC", "locked": False, "num_format": "dd/mm/yyyy"})
        self.calc_num = wb.add_format({**base, "bg_color": "#EDEDED", "num_format": "#,##0.00"})
        self.calc_int = wb.add_format({**base, "bg_color": "#EDEDED", "num_format": "#,##0"})
        self.calc_text = wb.add_format({**base, "bg_color": "#EDEDED"})
        self.na = wb.add_format({**base, "bg_color": "#BFBFBF"})
        self.sign = wb.add_format({"font_name": "Arial", "font_size": 10, "align": "center"})
        self.sign_bold = wb.add_format({"font_name": "Arial", "font_size": 10, "align": "center", "bold": True, "underline": 1})
        self.swatch_input = wb.add_format({"bg_color": "#FFF2CC", "border": 1})
        self.swatch_calc = wb.add_format({"bg_color": "#EDEDED", "border": 1})
        self.swatch_na = wb.add_format({"bg_color": "#BFBFBF", "border": 1})
        self.meta = wb.add_format({"font_name": "Arial", "font_size": 9})
        # conditional formats
        self.good = wb.add_format({"bg_color": "#C6EFCE", "font_color": "#006100"})
        self.fair = wb.add_format({"bg_color": "#E2F0D9", "font_color": "#375623"})
        self.mid = wb.add_format({"bg_color": "#FFEB9C", "font_color": "#7F6000"})
        self.low = wb.add_format({"bg_color": "#FCE4D6", "font_color": "#843C0C"})
        self.bad = wb.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006"})
        self.message = wb.add_format({"font_color": "#C00000", "italic": True})

    def input_for(self, kind: str):
        """The input format of a validation kind: whole numbers show no decimals."""
        return self.input_int if kind in WHOLE_KINDS else self.input_num


WHOLE_KINDS = ("whole", "answer")
# Indicator kinds whose realisasi is a count: shown as whole numbers.
COUNT_KINDS = ("jumlah", "jumlah_di_atas", "hari_hadir")
PREDIKAT_COLOURS = (("Sangat Baik", "good"), ("Baik", "fair"), ("Cukup", "mid"), ("Kurang", "low"), ("Sangat Kurang", "bad"))
MUTU_COLOURS = (("A", "good"), ("B", "fair"), ("C", "low"), ("D", "bad"))


class WorkbookBuilder:
    def __init__(self, catalog: Catalog, instansi: Instansi, tahun: int, data: Registers | None = None,
                 profil: Profil | None = None, targets: dict[str, object] | None = None):
        self.catalog = catalog
        self.instansi = instansi
        self.tahun = tahun
        self.data = data or Registers(tahun=tahun, hari_kerja_efektif=[None, None, None, None])
        self.sample = data is not None
        self.profil = profil or Profil(jabatan=default_jabatan(instansi))
        self.targets = targets or {}
        self.items = catalog.indicators(instansi.id)
        self.registers = self._registers_used()
        self.names: dict[str, str] = {}
        # Where typed indicator inputs and targets sit, for reading a submission back:
        # (sheet, row, col) 0-based -> (full_id, input name, triwulan index) / full_id
        self.typed_cells: dict[tuple[str, int, int], tuple[str, str, int]] = {}
        self.target_cells: dict[tuple[str, int, int], str] = {}
        self.filled_rows_only = False

    # ---- what the workbook holds ----------------------------------------------------------------

    def _registers_used(self) -> list[RegisterLayout]:
        used = {i.spec.dihitung_dari.nama for i in self.items if i.spec.dihitung_dari}
        return [REGISTERS[k] for k in REGISTERS if k in used]

    def log_labels(self) -> list[str]:
        """The Buku Catatan Kegiatan's dropdown: the indicators it counts, in the sheets' order."""
        labels = [log_label(i) for i in self.items if i.spec.dihitung_dari and i.spec.dihitung_dari.nama == LOG_REGISTER]
        if len(set(labels)) != len(labels):
            twice = sorted({x for x in labels if labels.count(x) > 1})
            raise ValueError(f"dua indikator bernama sama di satu jabatan, tidak dapat dibedakan di {LOG_REGISTER}: {twice}")
        return labels

    def reported(self) -> int | float:
        """The last triwulan shown: Profil's triwulan, or 4 when it is not a number (Laporan_Triwulan)."""
        t = self.profil.triwulan
        return t if fx.is_number(t) else 4

    def _rows(self, reg: RegisterLayout) -> list[dict[str, object]]:
        """A counted register's rows with their formula columns, as the sheet shows them."""
        return with_derived(self.data.rows.get(reg.key, []), reg.derived, self.tahun)

    def _groups(self) -> list[tuple[str, str, object, list[CatalogIndicator]]]:
        """(sheet name, scope, jabatan or None, indicators) per IKU/IKI sheet."""
        groups = []
        iku = [i for i in self.items if i.jabatan is None]
        if iku:
            groups.append((SHEET_IKU, "IKU", None, iku))
        for jab in self.instansi.jabatan:
            mine = [i for i in self.items if i.jabatan is jab]
            if mine:
                groups.append((iki_sheet_name(jab.singkatan or jab.nama), jab.id, jab, mine))
        return groups

    # ---- entry point ------------------------------------------------------------------------------

    def write(self, path: str | Path) -> Path:
        """Write atomically. A `.xlsm` path gets the VBA functions as its own VBA project,
        so the workbook computes in any desktop Excel with nothing installed."""
        path = Path(path)
        return atomic_write(path, lambda tmp: self._write(tmp, with_macros=path.suffix.lower() == ".xlsm"))

    def record(self, filled_rows_only: bool = False):
        """Run the builder without writing a file: a RecordingWorkbook with every cell, or with
        only the register rows that hold data (`filled_rows_only`, for recalculating a submission)."""
        from iku_excel.templates.record import RecordingWorkbook

        wb = RecordingWorkbook()
        self.filled_rows_only = filled_rows_only
        try:
            self._write_into(wb)
        finally:
            self.filled_rows_only = False
        return wb

    def _write(self, filename: str, with_macros: bool = False) -> None:
        wb = xlsxwriter.Workbook(filename, {"strings_to_formulas": False, "strings_to_urls": False,
                                            "strings_to_numbers": False})
        if with_macros:
            from iku_excel import vba

            wb.add_vba_project(vba.project_stream(), is_stream=True)
        self._write_into(wb)

    def _write_into(self, wb) -> None:
        wb.set_properties({
            "title": f"Indikator Kinerja {self.instansi.nama} {self.tahun}",
            "subject": "Templat IKU/IKI Kecamatan",
            "author": "iku-excel",
            "company": f"{self.instansi.nama}, {self.instansi.kabupaten}",
            "created": FIXED_DATE,
            "comments": f"{template_id(self.instansi.id)} versi {TEMPLATE_VERSION}",
        })
        self.f = Formats(wb)
        self.wb = wb
        groups = self._groups()
        ws_petunjuk = wb.add_worksheet(SHEET_PETUNJUK)
        ws_profil = wb.add_worksheet(SHEET_PROFIL)
        group_sheets = [wb.add_worksheet(name) for name, *_ in groups]
        ws_perh = wb.add_worksheet(SHEET_PERHITUNGAN)
        reg_sheets = {r.key: wb.add_worksheet(r.sheet) for r in self.registers}
        ws_daftar = wb.add_worksheet(SHEET_DAFTAR)
        ws_meta = wb.add_worksheet(SHEET_META)
        ws_conf = wb.add_worksheet(SHEET_XLWINGS)

        self._profil(ws_profil)
        self._daftar(ws_daftar)
        for reg in self.registers:
            self._register(reg_sheets[reg.key], reg)
        plans = self._perhitungan(ws_perh, groups)
        for ws, (name, scope, jabatan, items) in zip(group_sheets, groups, strict=True):
            self._indicator_sheet(ws, name, scope, jabatan, [plans[i.full_id] for i in items])
        self._petunjuk(ws_petunjuk, groups)
        self._meta(ws_meta)
        self._xlwings_conf(ws_conf)
        for name, ref in sorted(self.names.items()):
            wb.define_name(name, ref)
        ws_petunjuk.activate()
        wb.close()

    def _name(self, name: str, sheet: str, first: tuple[int, int], last: tuple[int, int] | None = None) -> None:
        ref = f"'{sheet}'!{xl_rowcol_to_cell(*first, row_abs=True, col_abs=True)}"
        if last:
            ref += f":{xl_rowcol_to_cell(*last, row_abs=True, col_abs=True)}"
        self.names[name] = "=" + ref

    def _protect(self, ws) -> None:
        # No password: protection guards formulas against slips, not against the owner.
        ws.protect("", {"autofilter": True, "sort": True, "format_columns": True, "format_rows": True,
                        "select_locked_cells": True, "select_unlocked_cells": True})

    def _title(self, ws, title: str, note: str | None, width: int) -> None:
        ws.merge_range(0, 0, 0, width - 1, title, self.f.title)
        if note:
            ws.merge_range(1, 0, 1, width - 1, note, self.f.note)
            ws.set_row(1, 30)

    # ---- Profil ----------------------------------------------------------------------------------

    def _profil(self, ws) -> None:
        f = self.f
        ws.set_column(0, 0, 42)
        ws.set_column(1, 1, 46)
        self._title(ws, f"PROFIL — {self.instansi.nama.upper()}", "Isi sel berwarna kuning. Nama sel dipakai oleh rumus di lembar lain.", 2)
        ws.set_row(1, 15)
        inst = self.instansi
        fixed = {"Profil_Instansi": inst.nama, "Profil_Kabupaten": inst.kabupaten, "Profil_Tahun": self.tahun}
        typed = {
            "Profil_Triwulan": self.profil.triwulan, "Profil_Jabatan": self.profil.jabatan, "Profil_Camat": self.profil.camat,
            "Profil_NIP": self.profil.nip, "Profil_TempatTanggal": self.profil.tempat_tanggal,
            "Profil_PopulasiSKM": self.data.skm_populasi,
        }
        for k in range(4):
            typed[f"Profil_HKE{k + 1}"] = self.data.hari_kerja_efektif[k]
        ws.write_string(HEADER_ROW - 2, 0, "Keterangan", f.header)
        ws.write_string(HEADER_ROW - 2, 1, "Isian", f.header)
        for row, name, label, kind in PROFIL_CELLS:
            ws.write_string(row, 0, label, f.text)
            if kind == "fixed":
                value = fixed[name]
                if isinstance(value, int):
                    ws.write_number(row, 1, value, f.center)
                else:
                    ws.write_string(row, 1, value, f.text)
            else:
                value = typed.get(name)
                if kind == "text":
                    ws.write_string(row, 1, value or "", f.input_text)
                elif value is None:
                    ws.write_blank(row, 1, None, f.input_for(kind))
                else:
                    ws.write_number(row, 1, value, f.input_for(kind))
                self._validate(ws, row, 1, row, 1, kind, name=label)
            self._name(name, SHEET_PROFIL, (row, 1))
        ws.write_string(PROFIL_CELLS[-1][0] + 2, 0,
                        "Hari kerja efektif bergantung pada hari libur dan cuti bersama tiap tahun (dokumen Ngantang menyebut "
                        "247 hari setahun; 2024 sekitar 240), jadi diisi per triwulan di sini.", f.note)
        ws.set_row(PROFIL_CELLS[-1][0] + 2, 40)
        ws.set_paper(9)
        ws.fit_to_pages(1, 1)
        self._protect(ws)

    # ---- Daftar (dropdown lists) -----------------------------------------------------------------

    def _daftar(self, ws) -> None:
        acts = self.catalog.activities
        jenis = [a.jenis for a in acts.fasilitasi + acts.koordinasi + acts.rekomendasi]
        ws.write_string(0, 0, "Jenis kegiatan (katalog Kecamatan Senduro)", self.f.subtitle)
        for i, text in enumerate(jenis):
            ws.write_string(1 + i, 0, text)
        self._name("Daftar_JenisKegiatan", SHEET_DAFTAR, (1, 0), (len(jenis), 0))
        ws.write_string(0, 1, "Bukti pendukung", self.f.subtitle)
        for i, text in enumerate(acts.bukti_pendukung):
            ws.write_string(1 + i, 1, text)
        self._name("Daftar_Bukti", SHEET_DAFTAR, (1, 1), (len(acts.bukti_pendukung), 1))
        labels = self.log_labels()
        if labels:
            ws.write_string(0, 2, "Indikator yang dihitung dari Buku Catatan Kegiatan", self.f.subtitle)
            for i, text in enumerate(labels):
                ws.write_string(1 + i, 2, text)
            self._name("Daftar_IndikatorCatatan", SHEET_DAFTAR, (1, 2), (len(labels), 2))
        ws.set_column(0, 2, 60)
        ws.hide()
        self._protect(ws)

    # ---- data validation -------------------------------------------------------------------------

    def _validate(self, ws, r1, c1, r2, c2, kind, *, options=(), minimum=None, maximum=None, name="") -> None:
        f = {"error_title": "Isian tidak sah", "input_title": name[:32] if name else ""}
        if kind == "whole" or kind == "answer":
            lo = 1 if kind == "answer" else (0 if minimum is None else minimum)
            hi = 4 if kind == "answer" else maximum
            v = {"validate": "integer", **f}
            if hi is None:
                v.update(criteria=">=", value=lo, error_message=f"Isi bilangan bulat {lo} atau lebih.")
            else:
                v.update(criteria="between", minimum=lo, maximum=hi, error_message=f"Isi bilangan bulat {lo} sampai {hi}.")
        elif kind == "decimal":
            lo = 0 if minimum is None else minimum
            v = {"validate": "decimal", **f}
            if maximum is None:
                v.update(criteria=">=", value=lo, error_message=f"Isi angka {lo} atau lebih (koma untuk desimal).")
            else:
                v.update(criteria="between", minimum=lo, maximum=maximum,
                         error_message=f"Isi angka {lo} sampai {str(maximum).replace('.', ',')}.")
        elif kind == "date":
            v = {"validate": "date", "criteria": "between", "minimum": dt.date(self.tahun - 2, 1, 1),
                 "maximum": dt.date(self.tahun + 2, 12, 31), **f,
                 "error_message": f"Isi tanggal antara 1/1/{self.tahun - 2} dan 31/12/{self.tahun + 2}."}
        elif kind == "list":
            source = f"={options}" if isinstance(options, str) else list(options)
            v = {"validate": "list", "source": source, **f, "error_message": "Pilih dari daftar."}
        elif kind == "target":
            # Error type "warning": a range target such as 80–90 can still be kept.
            v = {"validate": "decimal", "criteria": ">=", "value": 0, "error_type": "warning", **f,
                 "error_message": "Target biasanya angka ≥ 0. Target rentang ditulis seperti 80–90; pilih Yes untuk menyimpannya."}
        else:
            return
        ws.data_validation(r1, c1, r2, c2, v)

    # ---- registers -------------------------------------------------------------------------------

    def _register(self, ws, reg: RegisterLayout) -> None:
        f = self.f
        ncols = len(reg.columns)
        self._title(ws, reg.title, reg.note, ncols)
        for i, col in enumerate(reg.columns):
            ws.set_column(i, i, col.width)
        ws.add_table(HEADER_ROW, 0, reg.last_row, ncols - 1, {
            "name": f"Tabel{reg.prefix}", "style": "Table Style Light 1", "autofilter": True,
            "columns": [{"header": c.header, "header_format": f.header} for c in reg.columns],
        })
        ws.set_row(HEADER_ROW, 30)
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
            if col.kind not in ("no", "formula", "text"):
                self._validate(ws, FIRST_ROW, c, reg.last_row, c, col.kind, options=col.options,
                               minimum=col.minimum, maximum=col.maximum, name=col.header)
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
        ws.repeat_rows(HEADER_ROW)
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
        if col.kind == "no":
            ws.write_number(row, c, row - FIRST_ROW + 1, f.center)
        elif col.kind == "formula":
            formula, cached = self._register_formula(reg, row, col.key, values)
            fmt = f.calc_year if col.key == "Tahun" else f.calc_int if fx.is_number(cached) else f.calc_text
            ws.write_formula(row, c, formula, fmt, cached)
        elif col.kind == "date":
            if value is None:
                ws.write_blank(row, c, None, f.input_date)
            else:
                ws.write_datetime(row, c, value, f.input_date)
        elif value is None or value == "":
            ws.write_blank(row, c, None, f.input_text if col.kind in ("text", "list") else f.input_for(col.kind))
        elif isinstance(value, str):
            ws.write_string(row, c, value, f.input_text)
        else:
            ws.write_number(row, c, value, f.input_for(col.kind))

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

    # ---- conditional formats ---------------------------------------------------------------------

    def _colour_text(self, ws, r1, c1, r2, c2) -> None:
        ws.conditional_format(r1, c1, r2, c2, {"type": "text", "criteria": "begins with", "value": "#", "format": self.f.message})

    def _colour_predikat(self, ws, r1, c1, r2, c2) -> None:
        for label, fmt in PREDIKAT_COLOURS:
            ws.conditional_format(r1, c1, r2, c2, {"type": "cell", "criteria": "==", "value": f'"{label}"', "format": getattr(self.f, fmt)})

    def _colour_mutu(self, ws, r1, c1, r2, c2) -> None:
        for label, fmt in MUTU_COLOURS:
            ws.conditional_format(r1, c1, r2, c2, {"type": "cell", "criteria": "==", "value": f'"{label}"', "format": getattr(self.f, fmt)})

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
            text = f"{spec.nama}  [{item.full_id}]"
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
            cells[name] = [(t.formula(reg.name), t.value(rows)) for t in tw]
            self._perh_row(ws, row + i, labels[name] + suffix, [(PERH_TW_COL + k, *cells[name][k]) for k in range(4)])
        used = len(tallies)
        refs = {name: [ref(row + i, PERH_TW_COL + k) for k in range(4)] for i, name in enumerate(tallies)}
        reported = self.reported()
        if spec.jenis == "jumlah":
            # rows recorded for it all year: until there is one, the indicator is "not filled", not 0
            year = for_triwulan(tallies["jumlah"], reg.period, None, True)
            whole = Tally(year.criteria)
            self._perh_row(ws, row + used, "Baris tercatat sepanjang tahun", [(PERH_YEAR_COL, whole.formula(reg.name),
                                                                               whole.value(rows))])
            guard_ref, any_rows = ref(row + used, PERH_YEAR_COL), whole.value(rows)
            for k in range(4):
                value = cells["jumlah"][k][1]
                shown = "" if k + 1 > reported or any_rows == 0 else value
                plan.tw.append((f'=IF(OR({k + 1}>Laporan_Triwulan,{guard_ref}=0),"",{refs["jumlah"][k]})', shown))
            return used + 1
        for k in range(4):
            p, q = cells["pembilang"][k][1], cells["penyebut"][k][1]
            p_ref, q_ref = refs["pembilang"][k], refs["penyebut"][k]
            shown = "" if k + 1 > reported or q == 0 else udf.iku_persen(p, q)
            plan.tw.append((f'=IF(OR({k + 1}>Laporan_Triwulan,{q_ref}=0),"",IKU_PERSEN({p_ref},{q_ref}))', shown))
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

    # ---- Petunjuk, metadata, xlwings ------------------------------------------------------------

    def _petunjuk(self, ws, groups) -> None:
        from iku_excel.templates.petunjuk import sections

        f = self.f
        ws.set_column(0, 0, 4)
        ws.set_column(1, 1, 110)
        inst = self.instansi
        ws.write_string(0, 1, f"PETUNJUK PENGISIAN — {inst.nama.upper()}, {inst.kabupaten.upper()}, TAHUN {self.tahun}", f.title)
        source = (f"Sumber indikator: {inst.sumber}. Templat {template_id(inst.id)} versi {TEMPLATE_VERSION}, "
                  f"dibuat oleh iku-excel {__version__}.")
        row = 1
        for section in sections(inst.nama, self.tahun, ", ".join(name for name, *_ in groups),
                                ", ".join(r.sheet for r in self.registers), source):
            row += 1
            ws.write_string(row, 1, section.heading, f.subtitle)
            for text in section.paragraphs:
                row += 1
                ws.write_string(row, 1, text, f.note if section.for_it else f.plain)
                ws.set_row(row, row_height([(text, 110)], font_points=9 if section.for_it else 10))
            if section.heading.startswith("3."):
                row = self._legend(ws, row + 1)
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
        self._protect(ws)

    def _legend(self, ws, row: int) -> int:
        f = self.f
        ws.write_string(row, 1, "Arti warna", f.label)
        legend = (
            (f.swatch_input, "Kuning: diisi oleh petugas (sel tidak terkunci)."),
            (f.swatch_calc, "Abu-abu muda: dihitung otomatis; terkunci agar rumus tidak terhapus."),
            (f.swatch_na, "Abu-abu tua: tidak diisi untuk indikator ini (dihitung sekali setahun)."),
            (f.message, "Teks merah diawali '#': rumus tidak dapat memberi angka dan menyebut sebabnya, "
                        "mis. '#KOSONG: target belum diisi' atau '#TIDAK VALID: penyebut bernilai 0'."),
            (f.good, "Hijau sampai merah pada Predikat dan Mutu: dari Sangat Baik (hijau) sampai Sangat Kurang (merah)."),
        )
        for fmt, text in legend:
            row += 1
            ws.write_string(row, 0, "", fmt)
            ws.write_string(row, 1, text, f.plain)
            ws.set_row(row, row_height([(text, 110)], font_points=10))
        return row

    def catalog_digest(self) -> str:
        """A fingerprint of this instansi's catalog entry, so a processor can tell templates apart."""
        text = self.instansi.model_dump_json()
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]

    def _meta(self, ws) -> None:
        rows = (
            ("template_id", template_id(self.instansi.id), "IKU_TEMPLATE_ID"),
            ("template_version", TEMPLATE_VERSION, "IKU_TEMPLATE_VERSION"),
            ("instansi", self.instansi.id, "IKU_INSTANSI"),
            ("tahun", self.tahun, "IKU_TAHUN"),
            ("catalog_digest", self.catalog_digest(), "IKU_CATALOG_DIGEST"),
            ("generator", f"iku-excel {__version__}", "IKU_GENERATOR"),
            ("kind", "contoh" if self.sample else "templat", "IKU_KIND"),
        )
        ws.write_string(0, 0, "kunci", self.f.subtitle)
        ws.write_string(0, 1, "nilai", self.f.subtitle)
        for i, (key, value, name) in enumerate(rows, 1):
            ws.write_string(i, 0, key, self.f.meta)
            if isinstance(value, int):
                ws.write_number(i, 1, value, self.f.meta)
            else:
                ws.write_string(i, 1, value, self.f.meta)
            self._name(name, SHEET_META, (i, 1))
        ws.set_column(0, 1, 28)
        ws.hide()
        self._protect(ws)

    def _xlwings_conf(self, ws) -> None:
        ws.write_string(0, 0, "UDF Modules")
        ws.write_string(0, 1, "iku_excel.udf")
        ws.hide()


def build_template(catalog: Catalog, instansi_id: str, tahun: int, path: str | Path) -> Path:
    """The empty standard workbook of an instansi and tahun."""
    inst = catalog.get(instansi_id)
    return WorkbookBuilder(catalog, inst, tahun).write(path)


def build_sample(catalog: Catalog, instansi_id: str, tahun: int, path: str | Path, variant: int = 0) -> Path:
    """A copy of the template filled with the demo's sample data, with correct cached values."""
    from iku_excel.sample import sample_registers

    inst = catalog.get(instansi_id)
    data = sample_registers(catalog, inst, tahun, variant)
    sig = inst.penandatangan
    place = (sig.tempat if sig and sig.tempat else inst.nama.replace("Kecamatan ", ""))
    profil = Profil(
        jabatan=default_jabatan(inst),
        camat=sig.nama if sig else "",
        nip=sig.nip if sig else "",
        tempat_tanggal=f"{place}, 15 Januari {tahun + 1}",
        triwulan=4,
    )
    return WorkbookBuilder(catalog, inst, tahun, data=data, profil=profil, targets=data.target).write(path)
