"""The IKU and IKI sheets: the table of the seed documents, and the signature block."""

from __future__ import annotations

from xlsxwriter.utility import xl_col_to_name

from iku_excel import udf
from iku_excel.catalog.kinds import KINDS
from iku_excel.templates import formulas as fx
from iku_excel.templates.context import SheetContext, break_before_signature, print_scale
from iku_excel.templates.layout import (
    COL_CAPAIAN,
    COL_KETERANGAN,
    COL_PJ,
    COL_POLARITAS,
    COL_PREDIKAT,
    COL_REKAP,
    COL_RUMUS,
    COL_SATUAN,
    COL_SUMBER,
    COL_TAHUNAN,
    COL_TARGET,
    COL_TW1,
    PRINTED_COLUMNS,
    TABLE_COLUMNS,
    TABLE_HEADER_ROW,
    result_name,
)
from iku_excel.templates.perhitungan import TW_NAMES, Plan, Typed
from iku_excel.templates.plan import Formula, Ref
from iku_excel.templates.styles import row_height


class IndicatorSheets(SheetContext):
    """Part of WorkbookBuilder: the IKU sheet and one IKI sheet per jabatan, laid out as the seed
    documents are signed: heading lines, the table, and the signature of who is accountable."""

    def _indicator_sheet(self, ws, sheet: str, scope: str, jabatan, plans: list[Plan]) -> None:
        f = self.f
        inst = self.instansi
        for c, (_title, width) in enumerate(TABLE_COLUMNS):
            ws.set_column(c, c, width)
        last_col = PRINTED_COLUMNS - 1
        if jabatan is None:
            heading = f"INDIKATOR KINERJA UTAMA (IKU) TAHUN {self.tahun}"
        else:
            heading = f"INDIKATOR KINERJA INDIVIDU TAHUN {self.tahun}"
            ws.merge_range(1, 0, 1, last_col, f"Lampiran Keputusan {default_signer(inst).title()} tentang Indikator "
                           f"Kinerja Individu {inst.nama} {inst.kabupaten}", f.note)
        ws.merge_range(0, 0, 0, last_col, heading, f.title)
        width = sum(w for _t, w in TABLE_COLUMNS[1:PRINTED_COLUMNS]) * 0.85
        for i, (label, text) in enumerate(heading_lines(inst, jabatan)[: TABLE_HEADER_ROW - 2]):
            r = 2 + i
            ws.write_string(r, 0, label, f.label)
            ws.merge_range(r, 2, r, last_col, text, f.plain)
            ws.set_row(r, row_height([(text, width)], font_points=10))
        for c, (title, _w) in enumerate(TABLE_COLUMNS):
            if c == COL_RUMUS + 1:
                continue
            if c == COL_RUMUS:
                ws.merge_range(TABLE_HEADER_ROW, c, TABLE_HEADER_ROW, c + 1, title, f.header)
            else:
                ws.write_string(TABLE_HEADER_ROW, c, title, f.header)
        ws.set_row(TABLE_HEADER_ROW, 30)
        row = TABLE_HEADER_ROW + 1
        spans = []  # (first row, last row, sasaran): written once the page break is known
        for sasaran, group in _by_sasaran(plans):
            first = row
            heights = [self._indicator_row(ws, row + i, row + i - TABLE_HEADER_ROW, plan) for i, plan in enumerate(group)]
            row += len(group)
            # one sasaran over its indicators, as the seeds print it: merged, its height shared out
            needed = row_height([(sasaran, TABLE_COLUMNS[1][1])])
            if sum(heights) < needed:
                ws.set_row(first, heights[0] + needed - sum(heights))
            spans.append((first, row - 1, sasaran))
        last = row - 1
        self._colour_predikat(ws, TABLE_HEADER_ROW + 1, COL_PREDIKAT, last, COL_PREDIKAT)
        self._colour_text(ws, TABLE_HEADER_ROW + 1, COL_TW1, last, COL_CAPAIAN)
        sign_row = self._signature(ws, row + 1, jabatan)
        # printed at the scale that fits the table's width (not "fit to page", which makes Excel drop
        # the page break below); the signature goes with the table's last row, not alone on a page
        scale = print_scale([w for _t, w in TABLE_COLUMNS[:PRINTED_COLUMNS]], (11.69 - 0.8) * 72)
        keep = break_before_signature(ws.row_heights, last, ws.row_heights.get(TABLE_HEADER_ROW, 30), sign_row - row,
                                      "landscape", (0, 1), scale / 100)
        if keep is not None:
            ws.set_h_pagebreaks([keep])
        for first, end, sasaran in spans:  # a sasaran merged across the page break is named on both pages
            parts = [(first, keep - 1), (keep, end)] if keep is not None and first < keep <= end else [(first, end)]
            for a, b in parts:
                if b > a:
                    ws.merge_range(a, 1, b, 1, sasaran, f.text)
                else:
                    ws.write_string(a, 1, sasaran, f.text)
        ws.freeze_panes(TABLE_HEADER_ROW + 1, 3)
        ws.set_landscape()
        ws.set_paper(9)
        ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
        ws.set_print_scale(scale)
        ws.repeat_rows(TABLE_HEADER_ROW)
        ws.print_area(0, 0, sign_row, last_col)  # the working columns stay on screen, off the paper
        ws.set_footer(f"&L&8{inst.nama} — {sheet} {self.tahun}&R&8Halaman &P dari &N")
        self._protect(ws)

    def _indicator_row(self, ws, row: int, n: int, plan: Plan) -> float:
        """One indicator's row (the sasaran is written by the caller); returns the row's height."""
        f = self.f
        spec = plan.item.spec
        sheet_target = self._sheet_target(plan)
        self.target_cells[(ws.get_name(), row, COL_TARGET)] = plan.item.full_id
        ws.write_number(row, 0, n, f.center)
        ws.write_string(row, 2, spec.nama, f.text)
        ws.merge_range(row, COL_RUMUS, row, COL_RUMUS + 1, spec.formula, f.text)
        ws.write_string(row, COL_SATUAN, spec.satuan, f.center)
        ws.write_string(row, COL_POLARITAS, spec.polaritas, f.center)
        ws.write_string(row, COL_REKAP, spec.rekap.replace("_", " "), f.center)
        # target: one the catalog sets for the year is the Perjanjian Kinerja's, locked and grey (the
        # checker holds it as TARGET_DIUBAH); one it leaves open is the office's input, yellow.
        # A count's target prints as its realisasi does, with the thousands dot (3.984 beside 4.617)
        whole = KINDS[spec.jenis].whole
        if spec.target.get(self.tahun) is not None:
            number_format, text_format = (f.agreed_int if whole else f.agreed_num), f.agreed_text
        else:
            number_format, text_format = (f.input_int if whole else f.input_num), f.input_text
            self._validate(ws, row, COL_TARGET, row, COL_TARGET, "target", name="Target")
        if sheet_target is None:
            ws.write_blank(row, COL_TARGET, None, number_format)
        elif isinstance(sheet_target, str):
            ws.write_string(row, COL_TARGET, sheet_target, text_format)
        else:
            ws.write_number(row, COL_TARGET, sheet_target, number_format)
        excel_row = row + 1
        sheet = ws.get_name()

        def at(c: int) -> tuple[str, Ref]:
            return f"{xl_col_to_name(c)}{excel_row}", Ref((sheet, row, c))

        number = f.calc_int if KINDS[spec.jenis].whole else f.calc_num

        def shown(value):
            return number if fx.is_number(value) else f.calc_message

        for k, cell in enumerate(plan.tw):
            c = COL_TW1 + k
            if isinstance(cell, Typed):  # typed by hand
                self.typed_cells[(sheet, row, c)] = (plan.item.full_id, spec.jenis, k)
                kind = "whole" if KINDS[spec.jenis].whole else "decimal"
                if fx.is_blank(cell.value):
                    ws.write_blank(row, c, None, f.input_for(kind))
                else:
                    ws.write_number(row, c, cell.value, f.input_for(kind))
                self._validate(ws, row, c, row, c, kind, name=f"Realisasi {TW_NAMES[k]}")
            elif cell is None:
                ws.write_blank(row, c, None, f.na)
            else:
                self._formula(ws, row, c, cell, shown)
        tw = [at(COL_TW1 + k) for k in range(4)]
        year = plan.year or fx.rollup([a for a, _r in tw], [r for _a, r in tw], spec.rekap)
        self._formula(ws, row, COL_TAHUNAN, year, shown)
        cells = [at(COL_TAHUNAN), at(COL_TARGET), at(COL_POLARITAS)]
        self._formula(ws, row, COL_CAPAIAN, fx.capaian([a for a, _r in cells], [r for _a, r in cells]),
                      lambda v: f.calc_num if fx.is_number(v) else f.calc_message)
        self._formula(ws, row, COL_PREDIKAT, fx.predikat(*at(COL_CAPAIAN)), f.calc_text)
        ws.write_string(row, COL_SUMBER, spec.sumber_data, f.text)
        ws.write_string(row, COL_PJ, spec.penanggung_jawab, f.text)
        if spec.jenis == "ikm":
            # PermenPANRB 14/2017 reports an IKM with its mutu and kinerja, beside the capaian
            a, r = at(COL_TAHUNAN)
            self._formula(ws, row, COL_KETERANGAN, Formula(
                f'=IF(ISNUMBER({a}),"Mutu "&IKM_MUTU({a})&" ("&IKM_KINERJA({a})&")","")',
                lambda v: f"Mutu {udf.ikm_mutu(v)} ({udf.ikm_kinerja(v)})" if fx.is_number(v) else "", (r,)), f.calc_text)
        else:
            ws.write_blank(row, COL_KETERANGAN, None, f.input_text)
        widths = [w for _t, w in TABLE_COLUMNS]
        height = row_height([(spec.nama, widths[2]), (spec.formula, widths[COL_RUMUS] + widths[COL_RUMUS + 1]),
                             (spec.sumber_data, widths[COL_SUMBER]), (spec.penanggung_jawab, widths[COL_PJ])])
        ws.set_row(row, height)
        for what, c in (("Target", COL_TARGET), ("Realisasi", COL_TAHUNAN), ("Capaian", COL_CAPAIAN), ("Predikat", COL_PREDIKAT)):
            self._name(result_name(plan.scope, spec.id, what), sheet, (row, c))
        self._name(result_name(plan.scope, spec.id, "TW"), sheet, (row, COL_TW1), (row, COL_TW1 + 3))
        return height

    def _sheet_target(self, plan: Plan) -> object:
        """The target on the sheet: the submission's own (or a sample's), else the catalog's for the year."""
        if plan.item.full_id in self.targets:
            return self.targets[plan.item.full_id]
        return plan.item.spec.target.get(self.tahun)

    def _signature(self, ws, row: int, jabatan) -> int:
        """The block the documents end with: place and date, jabatan, name, pangkat, NIP. An IKI
        is signed by the holder of its jabatan (Profil, one row per jabatan), the IKU by the Camat."""
        f = self.f
        c1, c2 = COL_TARGET, PRINTED_COLUMNS - 1
        text = self.name_keys

        def profil(name: str, prefix: str = "") -> Formula:
            # IF(...="","",...): a reference to an empty cell shows 0, not blank
            shown = f'"{prefix}"&{name}' if prefix else name
            return Formula(f'=IF({name}="","",{shown})', lambda v: "" if fx.is_blank(v) else f"{prefix}{v}",
                           (Ref(text[name]),))

        if jabatan is None:
            lines = (
                (profil("Profil_TempatTanggal"), f.sign),
                (profil("Profil_Jabatan"), f.sign),
                None, None, None,
                (profil("Profil_Camat"), f.sign_bold),
                (profil("Profil_NIP", "NIP. "), f.sign),
            )
        else:
            name = signer_names(jabatan.id)
            title = jabatan.nama.upper()
            lines = (
                (profil("Profil_TempatTanggal"), f.sign),
                (Formula('="' + title.replace('"', '""') + '"', lambda: title), f.sign),
                None, None, None,
                (profil(name["nama"]), f.sign_bold),
                (profil(name["pangkat"]), f.sign),
                (profil(name["nip"], "NIP. "), f.sign),
            )
        for i, line in enumerate(lines):
            if line is None:
                continue
            formula, fmt = line
            ws.merge_range(row + i, c1, row + i, c2, "", fmt)
            self._formula(ws, row + i, c1, formula, fmt)
        return row + len(lines)


def signer_names(jabatan_id: str) -> dict[str, str]:
    """The Profil cells of one jabatan's holder, who signs its IKI."""
    return {field: f"Penandatangan_{jabatan_id}_{field.title()}" for field in ("nama", "nip", "pangkat")}


def default_signer(inst) -> str:
    if inst.penandatangan:
        return inst.penandatangan.jabatan
    return "CAMAT " + inst.nama.upper().replace("KECAMATAN ", "")


def lettered(items: list[str], mark: str) -> str:
    """Tugas or fungsi as the seeds list them: a. ..., b. ... one per line (one item: as it is)."""
    if len(items) <= 1:
        return items[0] if items else "-"
    return "\n".join(f"{chr(ord('a') + i)}{mark} {text}" for i, text in enumerate(items))


def heading_lines(inst, jabatan) -> list[tuple[str, str]]:
    """The numbered lines above the table: the IKU's instansi, tugas, fungsi, tujuan and indikator
    tujuan (Candipuro, Randuagung); an IKI's jabatan, tugas and fungsi (Ngantang)."""
    if jabatan is not None:
        return [("1. Jabatan", jabatan.nama.upper() + (f" (atasan langsung: {jabatan.atasan})" if jabatan.atasan else "")),
                ("2. Tugas", lettered(jabatan.tugas, ")")), ("3. Fungsi", lettered(jabatan.fungsi, ")"))]
    lines = [("1. Instansi", f"{inst.nama.upper()} {inst.kabupaten.upper()}"), ("2. Tugas", lettered(inst.tugas, ".")),
             ("3. Fungsi", lettered(inst.fungsi, "."))]
    if inst.tujuan:
        lines.append((f"{len(lines) + 1}. Tujuan", lettered(inst.tujuan, ".")))
    if inst.indikator_tujuan:
        lines.append((f"{len(lines) + 1}. Indikator Tujuan", inst.indikator_tujuan))
    return lines


def _by_sasaran(plans: list[Plan]) -> list[tuple[str, list[Plan]]]:
    """Consecutive indicators of one sasaran, in the catalog's order."""
    groups: list[tuple[str, list[Plan]]] = []
    for plan in plans:
        if groups and groups[-1][0] == plan.item.spec.sasaran:
            groups[-1][1].append(plan)
        else:
            groups.append((plan.item.spec.sasaran, [plan]))
    return groups
