"""The documents an office signs besides its IKU: the Perjanjian Kinerja of the year and the
Pengukuran Kinerja up to the reported triwulan (PermenPANRB 53/2014 gives their form).

Both fill themselves by formulas from the IKU/IKI sheets (targets, realisasi, capaian,
predikat) and from Profil (who signs), so a change there reaches every page. Both print on A4
with the table text at 9 pt: the printed-size test measures it from the rendered PDF.
"""

from __future__ import annotations

from iku_excel.catalog.kinds import KINDS
from iku_excel.templates import formulas as fx
from iku_excel.templates.context import SheetContext, print_scale
from iku_excel.templates.indicator_sheets import signer_names
from iku_excel.templates.layout import (
    COL_CAPAIAN,
    COL_KETERANGAN,
    COL_POLARITAS,
    COL_PREDIKAT,
    COL_TAHUNAN,
    COL_TARGET,
    COL_TW1,
)
from iku_excel.templates.plan import Formula, Ref
from iku_excel.templates.styles import row_height

SHEET_PK = "Perjanjian Kinerja"
SHEET_PENGUKURAN = "Pengukuran Kinerja"
SHEET_RENSTRA = "Target Renstra"  # only when the catalog sets targets for more than one year

# the lampiran's columns; Sasaran spans B:C, so that B holds the labels of the parties above it
PK_COLUMNS = (("No", 5), ("Sasaran", 11), ("", 22), ("Indikator Kinerja", 39), ("Satuan", 9), ("Target", 11))
PK_MARGIN = 0.45  # inches, left and right: portrait A4 holds the lampiran at 9 pt
PK_LEFT, PK_RIGHT = (0, 2), (3, 5)  # pihak kedua signs left, pihak pertama right
PENGUKURAN_COLUMNS = (("No", 4), ("Sasaran", 20), ("Indikator", 28), ("Satuan", 7), ("Target", 8),
                      ("Realisasi TW I", 8), ("Realisasi TW II", 8), ("Realisasi TW III", 8), ("Realisasi TW IV", 8),
                      ("Realisasi tahunan", 9), ("Capaian (%)", 8), ("Predikat", 10), ("Keterangan", 13))
PK_OPENING = ("Dalam rangka mewujudkan manajemen pemerintahan yang efektif, transparan dan akuntabel serta "
              "berorientasi pada hasil, kami yang bertanda tangan di bawah ini:")
PK_PROMISE = ("Pihak pertama berjanji akan mewujudkan target kinerja yang seharusnya sesuai lampiran perjanjian ini, "
              "dalam rangka mencapai target kinerja jangka menengah seperti yang telah ditetapkan dalam dokumen "
              "perencanaan. Keberhasilan dan kegagalan pencapaian target kinerja tersebut menjadi tanggung jawab kami.")
PK_SUPERVISION = ("Pihak kedua akan melakukan supervisi yang diperlukan serta akan melakukan evaluasi terhadap capaian "
                  "kinerja dari perjanjian ini dan mengambil tindakan yang diperlukan dalam rangka pemberian "
                  "penghargaan dan sanksi.")


def superior_title(kabupaten: str) -> str:
    """Who signs a Camat's Perjanjian Kinerja as pihak kedua: the Bupati, or the Wali Kota of a kota."""
    words = kabupaten.split()
    if words and words[0].lower() == "kota":
        return "WALI KOTA " + " ".join(words[1:]).upper()
    if words and words[0].lower() == "kabupaten":
        words = words[1:]
    return "BUPATI " + " ".join(words).upper()


class DocumentSheets(SheetContext):
    """Part of WorkbookBuilder: Perjanjian Kinerja and Pengukuran Kinerja."""

    # ---- who signs, as formulas over Profil ---------------------------------------------------------

    def _profil_text(self, name: str, prefix: str = "", suffix: str = "") -> Formula:
        """A Profil cell as text on a signed page ("" while it is empty: a blank cell would show 0)."""
        shown = "&".join(p for p in (f'"{prefix}"' if prefix else "", name, f'"{suffix}"' if suffix else "") if p)
        return Formula(f'=IF({name}="","",{shown})', lambda v: "" if fx.is_blank(v) else f"{prefix}{v}{suffix}",
                       (self.ref(name),))

    def _fixed_text(self, text: str) -> Formula:
        return Formula('="' + text.replace('"', '""') + '"', lambda: text)

    def _parties(self, jabatan) -> tuple[dict, dict]:
        """(pihak pertama, pihak kedua), each {nama, jabatan, nip} as formulas. The IKU: the Camat
        and the Bupati. An IKI: the holder of the jabatan, and the holder of its atasan (another
        jabatan of the catalog), or the Bupati when the jabatan has none in it."""
        bupati = {"nama": self._profil_text("Profil_AtasanNama"), "jabatan": self._profil_text("Profil_AtasanJabatan"),
                  "nip": None}
        if jabatan is None:
            return ({"nama": self._profil_text("Profil_Camat"), "jabatan": self._profil_text("Profil_Jabatan"),
                     "nip": self._profil_text("Profil_NIP", "NIP. ")}, bupati)
        mine = signer_names(jabatan.id)
        first = {"nama": self._profil_text(mine["nama"]), "jabatan": self._fixed_text(jabatan.nama.upper()),
                 "nip": self._profil_text(mine["nip"], "NIP. ")}
        atasan = next((j for j in self.instansi.jabatan if jabatan.atasan and j.indikator and j is not jabatan
                       and j.nama.strip().lower() == jabatan.atasan.strip().lower()), None)
        if atasan is None:
            return first, bupati
        theirs = signer_names(atasan.id)
        return first, {"nama": self._profil_text(theirs["nama"]), "jabatan": self._fixed_text(atasan.nama.upper()),
                       "nip": self._profil_text(theirs["nip"], "NIP. ")}

    def _signatures(self, ws, row: int, left: dict, right: dict, spans: tuple[tuple[int, int], tuple[int, int]],
                    place: bool = True) -> int:
        """Two signature blocks side by side: pihak kedua left, pihak pertama right (the form's
        order). Returns the row after them."""
        f = self.f
        (l1, l2), (r1, r2) = spans

        def put(r: int, c1: int, c2: int, formula: Formula | None, fmt) -> None:
            ws.merge_range(r, c1, r, c2, "", fmt)
            if formula is not None:
                self._formula(ws, r, c1, formula, fmt)

        if place:
            put(row, r1, r2, self._profil_text("Profil_TempatTanggal"), f.sign)
            row += 1
        put(row, l1, l2, self._fixed_text("PIHAK KEDUA"), f.sign_bold_plain)
        put(row, r1, r2, self._fixed_text("PIHAK PERTAMA"), f.sign_bold_plain)
        put(row + 1, l1, l2, left["jabatan"], f.sign)
        put(row + 1, r1, r2, right["jabatan"], f.sign)
        put(row + 5, l1, l2, left["nama"], f.sign_bold)
        put(row + 5, r1, r2, right["nama"], f.sign_bold)
        put(row + 6, l1, l2, left["nip"], f.sign)
        put(row + 6, r1, r2, right["nip"], f.sign)
        return row + 7

    # ---- Perjanjian Kinerja -----------------------------------------------------------------------------

    def _perjanjian(self, ws, groups, rows: dict[str, tuple[str, int]]) -> None:
        """One Perjanjian Kinerja per IKU/IKI sheet: the agreement, then its lampiran (sasaran,
        indikator, target of the year), each on its own page."""
        f = self.f
        for c, (_t, width) in enumerate(PK_COLUMNS):
            ws.set_column(c, c, width)
        last = len(PK_COLUMNS) - 1
        text_width = sum(w for _t, w in PK_COLUMNS)
        breaks, row = [], 0
        for _sheet, _scope, jabatan, items in groups:
            if row:
                breaks.append(row)
            first, second = self._parties(jabatan)
            inst = self.instansi
            ws.merge_range(row, 0, row, last, f"PERJANJIAN KINERJA TAHUN {self.tahun}", f.doc_title)
            ws.merge_range(row + 1, 0, row + 1, last, (jabatan.nama.upper() + " " if jabatan else "")
                           + f"{inst.nama.upper()} {inst.kabupaten.upper()}", f.doc_subtitle)
            row += 3
            for text in (PK_OPENING,):
                ws.merge_range(row, 0, row, last, text, f.doc_text)
                ws.set_row(row, row_height([(text, text_width)], font_points=10))
                row += 2
            for party, closing in ((first, "selanjutnya disebut pihak pertama."),
                                   (second, "selaku atasan pihak pertama, selanjutnya disebut pihak kedua.")):
                for label, key in (("Nama", "nama"), ("Jabatan", "jabatan")):
                    ws.write_string(row, 1, label, f.doc_text_plain)
                    ws.write_string(row, 2, ":", f.doc_text_plain)
                    ws.merge_range(row, 3, row, last, "", f.doc_text_plain)
                    self._formula(ws, row, 3, party[key], f.doc_text_plain)
                    row += 1
                ws.merge_range(row, 0, row, last, closing, f.doc_text_plain)
                row += 2
            for text in (PK_PROMISE, PK_SUPERVISION):
                ws.merge_range(row, 0, row, last, text, f.doc_text)
                ws.set_row(row, row_height([(text, text_width)], font_points=10))
                row += 2
            row = self._signatures(ws, row, second, first, (PK_LEFT, PK_RIGHT)) + 1
            breaks.append(row)
            # the lampiran: what pihak pertama promises
            ws.merge_range(row, 0, row, last, f"LAMPIRAN PERJANJIAN KINERJA TAHUN {self.tahun}", f.doc_title)
            ws.merge_range(row + 1, 0, row + 1, last, (jabatan.nama.upper() + " " if jabatan else "")
                           + f"{inst.nama.upper()} {inst.kabupaten.upper()}", f.doc_subtitle)
            row += 3
            for c, (title, _w) in enumerate(PK_COLUMNS):
                if c == 1:
                    ws.merge_range(row, 1, row, 2, title, f.header)
                elif c != 2:
                    ws.write_string(row, c, title, f.header)
            row += 1
            for n, item in enumerate(items, 1):
                spec = item.spec
                sheet, r = rows[item.full_id]
                ws.write_number(row, 0, n, f.center)
                ws.merge_range(row, 1, row, 2, spec.sasaran, f.text)
                ws.write_string(row, 3, spec.nama, f.text)
                ws.write_string(row, 4, spec.satuan, f.center)
                self._copy(ws, row, 5, sheet, r, COL_TARGET, self._number_format(spec))
                ws.set_row(row, row_height([(spec.sasaran, (PK_COLUMNS[1][1] + PK_COLUMNS[2][1]) * 0.85),
                                            (spec.nama, PK_COLUMNS[3][1] * 0.85)]))
                row += 1
            row = self._signatures(ws, row + 1, second, first, (PK_LEFT, PK_RIGHT)) + 1
        ws.set_h_pagebreaks([b for b in breaks if b < row])
        # a page per agreement and per lampiran: a fixed scale, since "fit to page" drops the breaks in Excel
        self._page(ws, row, last, landscape=False,
                   scale=print_scale([w for _t, w in PK_COLUMNS], (8.27 - 2 * PK_MARGIN) * 72), margin=PK_MARGIN)

    # ---- Pengukuran Kinerja -----------------------------------------------------------------------------

    def renstra_years(self) -> list[int]:
        """The years of the medium-term period the catalog sets targets for, when it sets them for
        more than this year (the Renstra's five years): none for a catalog of one year's targets."""
        years = sorted({y for item in self.items for y in item.spec.target})
        return years if len(years) > 1 and self.tahun in range(years[0], years[-1] + 1) else []

    def _pengukuran(self, ws, groups, rows: dict[str, tuple[str, int]]) -> None:
        """Every indicator's target, realisasi per triwulan and for the year, capaian and predikat,
        up to the triwulan reported; for the IKM, its mutu. With the Renstra's targets in the
        catalog, also the end-of-period target and the capaian against it."""
        f = self.f
        years = self.renstra_years()
        end = years[-1] if years and years[-1] > self.tahun else None
        columns = PENGUKURAN_COLUMNS + ((("Target " + str(end), 8), (f"Capaian thd {end} (%)", 9)) if end else ())
        last = self._head(ws, columns, f"PENGUKURAN KINERJA TAHUN {self.tahun}")
        ws.merge_range(2, 0, 2, last, "", f.doc_subtitle)
        self._formula(ws, 2, 0, Formula(
            '=IF(AND(ISNUMBER(Profil_Triwulan),OR(Profil_Triwulan=1,Profil_Triwulan=2,Profil_Triwulan=3,'
            'Profil_Triwulan=4)),"Sampai Triwulan "&CHOOSE(Profil_Triwulan,"I","II","III","IV"),"Tahunan")',
            lambda t: f"Sampai Triwulan {('I', 'II', 'III', 'IV')[int(t) - 1]}" if fx.is_number(t) and t in (1, 2, 3, 4)
            else "Tahunan", (self.ref("Profil_Triwulan"),)), f.doc_subtitle)
        header = 4
        for c, (title, _w) in enumerate(columns):
            ws.write_string(header, c, title, f.header)
        ws.set_row(header, 30)
        row = header + 1
        n = 0
        for _sheet, _scope, jabatan, items in groups:
            if jabatan is not None:
                ws.merge_range(row, 0, row, last, f"Jabatan: {jabatan.nama}", f.group)
                row += 1
            for item in items:
                n += 1
                spec = item.spec
                sheet, r = rows[item.full_id]
                number = self._number_format(spec)
                ws.write_number(row, 0, n, f.center)
                ws.write_string(row, 1, spec.sasaran, f.text)
                ws.write_string(row, 2, spec.nama, f.text)
                ws.write_string(row, 3, spec.satuan, f.center)
                self._copy(ws, row, 4, sheet, r, COL_TARGET, number)
                for k in range(4):
                    self._copy(ws, row, 5 + k, sheet, r, COL_TW1 + k, number)
                self._copy(ws, row, 9, sheet, r, COL_TAHUNAN, number)
                self._copy(ws, row, 10, sheet, r, COL_CAPAIAN, f.doc_num)
                self._copy(ws, row, 11, sheet, r, COL_PREDIKAT, f.doc_center)
                if spec.jenis == "ikm":
                    self._copy(ws, row, 12, sheet, r, COL_KETERANGAN, f.doc_cell)
                else:
                    ws.write_blank(row, 12, None, f.doc_cell)
                if end:
                    self._against_end(ws, row, spec, sheet, r, spec.target.get(end), number)
                # wrapped text in narrow columns: estimated on 85 % of the width, so no line is cut
                ws.set_row(row, row_height([(spec.sasaran, PENGUKURAN_COLUMNS[1][1] * 0.85),
                                            (spec.nama, PENGUKURAN_COLUMNS[2][1] * 0.85)]))
                row += 1
        self._colour_predikat(ws, header + 1, 11, row - 1, 11)
        sign = {"nama": self._profil_text("Profil_Camat"), "jabatan": self._profil_text("Profil_Jabatan"),
                "nip": self._profil_text("Profil_NIP", "NIP. ")}
        end = self._single_signature(ws, row + 1, sign, (8, last))
        ws.repeat_rows(header)
        self._page(ws, end, last, landscape=True)

    def _against_end(self, ws, row: int, spec, sheet: str, r: int, target, number) -> None:
        """The end-of-period target (the catalog's, fixed) and the capaian of this year's realisasi
        against it, by the indicator's polaritas."""
        from xlsxwriter.utility import xl_rowcol_to_cell

        self._target(ws, row, 13, target, number)
        if target is None:
            ws.write_blank(row, 14, None, self.f.doc_cell)
            return
        cells = [f"'{sheet}'!{_a1(r, COL_TAHUNAN)}", xl_rowcol_to_cell(row, 13), f"'{sheet}'!{_a1(r, COL_POLARITAS)}"]
        refs = [Ref((sheet, r, COL_TAHUNAN)), Ref((ws.get_name(), row, 13)), Ref((sheet, r, COL_POLARITAS))]
        self._formula(ws, row, 14, fx.capaian(cells, refs), lambda v: self.f.doc_num if fx.is_number(v) else self.f.doc_cell)

    def _renstra(self, ws) -> None:
        """The targets of the medium-term period, from the catalog: one column per year."""
        f = self.f
        years = self.renstra_years()
        columns = (("No", 4), ("Sasaran", 24), ("Indikator", 32), ("Satuan", 7), *((str(y), 8) for y in years))
        last = self._head(ws, columns, f"TARGET KINERJA {years[0]}–{years[-1]}")
        inst = self.instansi
        for c, (title, _w) in enumerate(columns):
            ws.write_string(3, c, title, f.header)
        row = 4
        for n, item in enumerate(self.items, 1):
            spec = item.spec
            ws.write_number(row, 0, n, f.center)
            ws.write_string(row, 1, spec.sasaran, f.text)
            ws.write_string(row, 2, (f"{item.jabatan.nama}: " if item.jabatan else "") + spec.nama, f.text)
            ws.write_string(row, 3, spec.satuan, f.center)
            for c, year in enumerate(years, 4):
                self._target(ws, row, c, spec.target.get(year), self._number_format(spec))
            ws.set_row(row, row_height([(spec.sasaran, 24 * 0.85), (spec.nama, 32 * 0.85)]))
            row += 1
        ws.merge_range(row + 1, 0, row + 1, last, f"Sumber: katalog indikator ({inst.sumber}).", f.note)
        ws.repeat_rows(3)
        self._page(ws, row + 1, last, landscape=len(years) > 5)

    def _single_signature(self, ws, row: int, who: dict, span: tuple[int, int]) -> int:
        f = self.f
        c1, c2 = span
        lines = ((self._profil_text("Profil_TempatTanggal"), f.sign), (who["jabatan"], f.sign), None, None, None,
                 (who["nama"], f.sign_bold), (who["nip"], f.sign))
        for i, line in enumerate(lines):
            if line is not None:
                ws.merge_range(row + i, c1, row + i, c2, "", line[1])
                self._formula(ws, row + i, c1, line[0], line[1])
        return row + len(lines)

    # ---- shared ------------------------------------------------------------------------------------------

    def _head(self, ws, columns, title: str) -> int:
        """A document's columns, its title and the instansi line; returns its last column."""
        for c, (_t, width) in enumerate(columns):
            ws.set_column(c, c, width)
        last = len(columns) - 1
        inst = self.instansi
        ws.merge_range(0, 0, 0, last, title, self.f.doc_title)
        ws.merge_range(1, 0, 1, last, f"{inst.nama.upper()} {inst.kabupaten.upper()}", self.f.doc_subtitle)
        return last

    def _target(self, ws, row: int, col: int, value, number) -> None:
        """A target from the catalog: a number, a range written as text (80–90), or none."""
        if value is None:
            ws.write_blank(row, col, None, self.f.doc_cell)
        elif isinstance(value, str):
            ws.write_string(row, col, value, self.f.doc_center)
        else:
            ws.write_number(row, col, value, number)

    def _copy(self, ws, row: int, col: int, sheet: str, r: int, c: int, fmt) -> None:
        """A cell of an IKU/IKI sheet shown here ("" where it is empty or has no number yet)."""
        ref = Ref((sheet, r, c))
        cell = f"'{sheet}'!{_a1(r, c)}"
        self._formula(ws, row, col, Formula(f'=IF({cell}="","",{cell})', lambda v: "" if fx.is_blank(v) else v, (ref,)),
                      lambda v: fmt if fx.is_number(v) or fx.is_blank(v) or not str(v).startswith("#")
                      else self.f.doc_message)

    def _number_format(self, spec):
        return self.f.doc_int if KINDS[spec.jenis].whole else self.f.doc_num

    def _page(self, ws, last_row: int, last_col: int, landscape: bool, scale: int | None = None,
              margin: float = 0.5) -> None:
        if landscape:
            ws.set_landscape()
        else:
            ws.set_portrait()
        ws.set_paper(9)
        ws.set_margins(left=margin, right=margin, top=0.6, bottom=0.6)
        if scale is None:
            ws.fit_to_pages(1, 0)
        else:
            ws.set_print_scale(scale)
        ws.print_area(0, 0, last_row, last_col)
        ws.set_footer(f"&L&8{self.instansi.nama} — {ws.get_name()} {self.tahun}&R&8Halaman &P dari &N")
        ws.hide_gridlines(2)
        self._protect(ws)


def _a1(row: int, col: int) -> str:
    from xlsxwriter.utility import xl_rowcol_to_cell

    return xl_rowcol_to_cell(row, col, row_abs=True, col_abs=True)

