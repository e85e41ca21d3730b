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

from iku_excel import __version__
from iku_excel.catalog import Catalog, CatalogIndicator
from iku_excel.catalog.calendar import working_days
from iku_excel.catalog.regions import VILLAGE_LIST, villages
from iku_excel.catalog.schema import Instansi
from iku_excel.files import atomic_write
from iku_excel.registers import Registers
from iku_excel.registers.spec import layouts, log_label
from iku_excel.templates.dashboard import CoverAndDashboard
from iku_excel.templates.documents import SHEET_PENGUKURAN, SHEET_PK, SHEET_RENSTRA, DocumentSheets, superior_title
from iku_excel.templates.indicator_sheets import IndicatorSheets, default_signer, signer_names
from iku_excel.templates.layout import (
    HEADER_ROW,
    PROFIL_CELLS,
    SHEET_COVER,
    SHEET_DAFTAR,
    SHEET_DASHBOARD,
    SHEET_IKU,
    SHEET_META,
    SHEET_PERHITUNGAN,
    SHEET_PETUNJUK,
    SHEET_PROFIL,
    SHEET_XLWINGS,
    TEMPLATE_ID_PREFIX,
    TEMPLATE_VERSION,
    RegisterLayout,
    iki_sheet_name,
)
from iku_excel.templates.perhitungan import PERH_TW_COL, PERH_YEAR_COL, PerhitunganSheet  # noqa: F401
from iku_excel.templates.plan import FormulaPlan, Key, TrackedSheet
from iku_excel.templates.register_sheets import RegisterSheets
from iku_excel.templates.spec import BookSpec, TemplateSpec, render
from iku_excel.templates.styles import Formats, row_height

FIXED_DATE = dt.datetime(2025, 1, 1)


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
    atasan_jabatan: str = ""  # pihak kedua of the Perjanjian Kinerja: the Bupati (or Wali Kota)
    atasan_nama: str = ""
    # who holds each jabatan and signs its IKI: jabatan id -> (nama, NIP, pangkat/golongan)
    signers: dict[str, tuple[str, str, str]] = field(default_factory=dict)


def catalog_profil(instansi: Instansi) -> Profil:
    """The Profil a template starts with: the signatories the catalog names (the Camat, and the
    holder of each jabatan), which staff may change in the workbook."""
    sig = instansi.penandatangan
    holders = {j.id: (j.pemegang.nama, j.pemegang.nip or "", j.pemegang.pangkat or "")
               for j in instansi.jabatan if j.pemegang}
    return Profil(jabatan=default_signer(instansi), camat=sig.nama if sig else "", nip=sig.nip if sig else "",
                  signers=holders, atasan_jabatan=superior_title(instansi.kabupaten))




class WorkbookBuilder(RegisterSheets, PerhitunganSheet, IndicatorSheets, DocumentSheets, CoverAndDashboard):
    """The template of one instansi and tahun, written sheet by sheet (the parts share the state
    declared in templates/context.py), as a spec (`spec`) or a file (`write`)."""

    def __init__(self, catalog: Catalog, instansi: Instansi, tahun: int, data: Registers | None = None,
                 profil: Profil | None = None, targets: dict[str, object] | None = None):
        self.catalog = catalog
        self.instansi = instansi
        self.tahun = tahun
        # an empty template starts from the year's working days (the catalog's own figure, else the
        # holiday calendar), which staff may change in Profil
        self.days = working_days(instansi, tahun)
        self.data = data or Registers(tahun=tahun, hari_kerja_efektif=list(self.days.per_triwulan))
        self.sample = data is not None
        self.profil = profil or catalog_profil(instansi)
        self.targets = targets or {}
        self.items = catalog.indicators(instansi.id)
        self.layouts = layouts(catalog)  # every register of the catalog, by key
        # the kecamatan's desa and kelurahan by its Kemendagri code (none without a code)
        self.villages = villages(instansi)
        self.registers = self._registers_used()
        if not self.sample:  # a register kept one row per desa starts with the kecamatan's desa, in Kemendagri's order
            for reg in self.registers:
                if reg.per_desa and self.villages and not self.data.rows.get(reg.key):
                    self.data.rows[reg.key] = [{reg.per_desa: v.nama} for v in self.villages]
        self.names: dict[str, str] = {}
        # Where typed indicator inputs and targets sit, for reading a submission back:
        # (sheet, row, col) 0-based -> (full_id, input name, triwulan index) / full_id
        self.typed_cells: dict[tuple[str, int, int], tuple[str, str, int]] = {}
        self.target_cells: dict[tuple[str, int, int], str] = {}
        self._derived_rows: dict[str, list[dict[str, object]]] = {}
        # The formula plan, written with the workbook: every formula cell, its Python and what it
        # reads (templates/plan.py); the values written into input cells and computed so far.
        self.plan = FormulaPlan()
        self.written: dict[Key, object] = {}
        self.values: dict[Key, object] = {}
        self.name_keys: dict[str, Key] = {}  # defined names of single cells -> their cell

    # ---- what the workbook holds ----------------------------------------------------------------

    def _registers_used(self) -> list[RegisterLayout]:
        used = {i.spec.dihitung_dari.nama for i in self.items if i.spec.dihitung_dari}
        return [reg for key, reg in self.layouts.items() if key in used]

    def labelled(self, item: CatalogIndicator) -> bool:
        """Whether the indicator's register rows name it (the Buku Catatan Kegiatan's "Indikator")."""
        source = item.spec.dihitung_dari
        return source is not None and self.layouts[source.nama].labelled_by is not None

    def log_labels(self) -> list[str]:
        """The Buku Catatan Kegiatan's dropdown: the indicators it counts, in the sheets' order."""
        labels = [log_label(i) for i in self.items if self.labelled(i)]
        if len(set(labels)) != len(labels):
            twice = sorted({x for x in labels if labels.count(x) > 1})
            raise ValueError(f"dua indikator bernama sama di satu jabatan, tidak dapat dibedakan di register: {twice}")
        return labels

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

    def spec(self) -> TemplateSpec:
        """The template as data: its workbook's cells and layout calls, its formula plan with every
        cached value, and where the targets and typed inputs sit (templates/spec.py)."""
        book = BookSpec()
        self._write_into(book)

        def excel(cells: dict) -> dict:  # the builder's 0-based cells as Excel counts them
            return {(s, r + 1, c + 1): v for (s, r, c), v in cells.items()}

        return TemplateSpec(self.instansi.id, self.tahun, self.catalog, self.items, self.registers, self.layouts,
                            self.log_labels(), self.catalog_digest(), book, self.plan.in_excel_coordinates(),
                            excel(self.written), excel(self.values), excel(self.typed_cells), excel(self.target_cells))

    def write(self, path: str | Path, spec: TemplateSpec | None = None) -> Path:
        """Write atomically (the spec given, or this builder's). A `.xlsm` path gets the VBA
        functions as its own VBA project, so the workbook computes in any desktop Excel with
        nothing installed."""
        path = Path(path)
        spec = spec or self.spec()
        vba_project = None
        if path.suffix.lower() == ".xlsm":
            from iku_excel import vba

            vba_project = vba.project_stream()
        return atomic_write(path, lambda tmp: render(spec.book, tmp, vba_project))

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
        self.plan, self.written, self.values, self.name_keys = FormulaPlan(), {}, {}, {}
        groups = self._groups()

        def sheet(name: str):
            return TrackedSheet(wb.add_worksheet(name), self.written)

        ws_cover = sheet(SHEET_COVER)
        ws_petunjuk = sheet(SHEET_PETUNJUK)
        ws_profil = sheet(SHEET_PROFIL)
        group_sheets = [sheet(name) for name, *_ in groups]
        ws_pk = sheet(SHEET_PK)
        ws_pengukuran = sheet(SHEET_PENGUKURAN)
        ws_renstra = sheet(SHEET_RENSTRA) if self.renstra_years() else None
        ws_dashboard = sheet(SHEET_DASHBOARD)
        ws_perh = sheet(SHEET_PERHITUNGAN)
        reg_sheets = {r.key: sheet(r.sheet) for r in self.registers}
        ws_daftar = sheet(SHEET_DAFTAR)
        ws_meta = sheet(SHEET_META)
        ws_conf = sheet(SHEET_XLWINGS)

        self._profil(ws_profil)
        self._daftar(ws_daftar)
        for reg in self.registers:
            self._register(reg_sheets[reg.key], reg)
        plans = self._perhitungan(ws_perh, groups)
        for ws, (name, scope, jabatan, items) in zip(group_sheets, groups, strict=True):
            self._indicator_sheet(ws, name, scope, jabatan, [plans[i.full_id] for i in items])
        rows = {full_id: (sheet, r) for (sheet, r, _c), full_id in self.target_cells.items()}
        self._perjanjian(ws_pk, groups, rows)
        self._pengukuran(ws_pengukuran, groups, rows)
        if ws_renstra is not None:
            self._renstra(ws_renstra)
        self._cover(ws_cover, "IKU" if any(scope == "IKU" for _n, scope, *_ in groups) else "IKI")
        self._dashboard(ws_dashboard, groups, plans, rows)
        self._petunjuk(ws_petunjuk, groups)
        self._meta(ws_meta)
        self._xlwings_conf(ws_conf)
        for name, ref in sorted(self.names.items()):
            wb.define_name(name, ref)
        ws_petunjuk.activate()

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
            "Profil_PopulasiSKM": self.data.skm_populasi, "Profil_AtasanJabatan": self.profil.atasan_jabatan,
            "Profil_AtasanNama": self.profil.atasan_nama,
        }
        for k in range(4):
            typed[f"Profil_HKE{k + 1}"] = self.data.hari_kerja_efektif[k]
        ws.write_string(HEADER_ROW - 2, 0, "Keterangan", f.header)
        ws.write_string(HEADER_ROW - 2, 1, "Isian", f.header)
        for row, name, label, kind, minimum, maximum in PROFIL_CELLS:
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
                self._validate(ws, row, 1, row, 1, kind, name=label, minimum=minimum, maximum=maximum)
            self._name(name, SHEET_PROFIL, (row, 1))
        ws.merge_range(PROFIL_CELLS[-1][0] + 2, 0, PROFIL_CELLS[-1][0] + 2, 1,
                       f"Hari kerja efektif terisi dari {self.days.source}. Hari libur dan cuti bersama berubah tiap "
                       "tahun; ubah angkanya bila kantor menetapkan lain.", f.note)
        ws.set_row(PROFIL_CELLS[-1][0] + 2, 30)
        self._signers(ws, PROFIL_CELLS[-1][0] + 4)
        ws.set_paper(9)
        ws.fit_to_pages(1, 1)
        self._protect(ws)

    def _signers(self, ws, row: int) -> None:
        """One row per jabatan: who holds it signs its IKI sheet. Filled in once, here."""
        jabatan = [j for j in self.instansi.jabatan if j.indikator]
        if not jabatan:
            return
        f = self.f
        ws.set_column(2, 2, 24)
        ws.set_column(3, 3, 22)
        ws.merge_range(row, 0, row, 3, "Penandatangan IKI: pemegang setiap jabatan", f.subtitle)
        for c, title in enumerate(("Jabatan", "Nama (dengan gelar)", "NIP", "Pangkat/golongan")):
            ws.write_string(row + 1, c, title, f.header)
        for i, jab in enumerate(jabatan):
            r = row + 2 + i
            ws.write_string(r, 0, jab.nama, f.text)
            values = self.profil.signers.get(jab.id, ("", "", ""))
            for c, name in enumerate(signer_names(jab.id).values(), 1):
                ws.write_string(r, c, values[c - 1] or "", f.input_text)
                self._name(name, SHEET_PROFIL, (r, c))

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
        if self.villages:  # the kecamatan's desa and kelurahan (Kemendagri), for the desa dropdowns
            ws.write_string(0, 3, f"Desa/kelurahan {self.instansi.nama} (Kemendagri)", self.f.subtitle)
            ws.write_string(0, 4, "Kode", self.f.subtitle)
            for i, village in enumerate(self.villages, 1):
                ws.write_string(i, 3, village.nama)
                ws.write_string(i, 4, village.kode)
            self._name(VILLAGE_LIST, SHEET_DAFTAR, (1, 3), (len(self.villages), 3))
            ws.set_column(3, 4, 24)
        ws.set_column(0, 2, 60)
        ws.hide()
        self._protect(ws)

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
        """A fingerprint of this instansi's catalog entry, so a processor can tell templates apart.
        Fields left at their default are left out, so that a new optional field in the schema
        does not make every earlier template look outdated."""
        text = self.instansi.model_dump_json(exclude_defaults=True)
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
