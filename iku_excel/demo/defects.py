"""Deliberately broken copies of a filled workbook: one per finding code.

The tests use them as should-fail fixtures, the demo sends a few with the
sample submissions, and the benchmark mixes some into its batch. Each maker
takes a filled sample workbook (from iku_excel.templates.build_sample) and
writes a copy with one defect, by editing the copy's XML.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

from iku_excel.config import current
from iku_excel.engine.patch import Edit, patch_workbook
from iku_excel.excel import a1
from iku_excel.registers.spec import FIRST_ROW, layouts
from iku_excel.templates.layout import COL_CAPAIAN, COL_PREDIKAT, COL_TAHUNAN, COL_TW1

Maker = Callable[[Path, Path], Path]


def _cell(src, dst, sheet, ref, **kw):
    return patch_workbook(src, dst, {sheet: {ref: Edit(**kw)}})


def _first_desa(instansi: str) -> str:
    """The first desa of a kecamatan's Kemendagri list: the sample's first Reg Desa row."""
    from iku_excel.catalog.regions import villages

    return villages(current().catalog.get(instansi))[0].nama


def _register(key: str, column: str, n: int = 0, **kw) -> Maker:
    """A defect in the n-th data row of a register's column, found through its spec."""
    def make(src: Path, dst: Path) -> Path:
        reg = layouts(current().catalog)[key]
        return _cell(src, dst, reg.sheet, a1(FIRST_ROW + 1 + n, reg.col(column) + 1), **kw)

    return make


def iku(col: int, row: int) -> str:
    """An IKU/IKI table cell by its layout column (templates/layout.py), e.g. iku(COL_CAPAIAN, 10)."""
    return a1(row, col + 1)


# The row numbers below are those of the generated templates: the IKU table starts
# on row 10 (see templates/layout.py), its columns are the layout's; register cells are named by their spec.
TAHUNAN, CAPAIAN, PREDIKAT = (iku(c, 10) for c in (COL_TAHUNAN, COL_CAPAIAN, COL_PREDIKAT))
DEFECTS: dict[str, tuple[str, Maker]] = {
    # code: (instansi of the sample it is made from, maker)
    "RUMUS_DITIMPA": ("randuagung", lambda s, d: _cell(s, d, "IKU", TAHUNAN, value=95.0, formula=None)),
    "RUMUS_DIUBAH": ("randuagung", lambda s, d: _cell(s, d, "IKU", CAPAIAN, formula=f"{TAHUNAN}/G10*100")),
    "RUMUS_MELINGKAR": ("randuagung", lambda s, d: _cell(s, d, "IKU", CAPAIAN,
                                                         formula=f"{CAPAIAN}+{PREDIKAT}+{TAHUNAN}")),
    "NILAI_TERSIMPAN_BEDA": ("randuagung", lambda s, d: _cell(s, d, "Perhitungan", "D7", value=999.0)),
    "HASIL_TAMPIL_BEDA": ("randuagung", lambda s, d: _cell(s, d, "IKU", CAPAIAN, value=99.5)),  # a forged capaian
    "FUNGSI_TIDAK_AKTIF": ("randuagung", lambda s, d: patch_workbook(s, d, {"IKU": {
        r: Edit(value="#NAME?") for r in (*(iku(COL_TW1 + k, 10) for k in range(4)), CAPAIAN, iku(COL_CAPAIAN, 11))}})),
    "NILAI_GALAT": ("randuagung", lambda s, d: _cell(s, d, "Perhitungan", "C7", value="#DIV/0!")),
    # no izin last year: growth cannot be computed, and the cell says why
    "PESAN_RUMUS": ("ngantang", lambda s, d: _cell(s, d, "Reg Izin", "E4", value=0.0)),
    "TEKS_BUKAN_ANGKA": ("ngantang", _register("kehadiran", "TM1", 0, value="tiga")),
    "ANGKA_SEBAGAI_TEKS": ("ngantang", _register("catatan", "Jumlah", 0, value="8,0")),
    "NILAI_NEGATIF": ("ngantang", _register("kehadiran", "TM2", 1, value=-2.0)),
    "BUKAN_BILANGAN_BULAT": ("ngantang", _register("catatan", "Jumlah", 1, value=2.5)),
    "NILAI_DI_LUAR_RENTANG": ("larangan", _register("desa", "IDM", 0, value=1.4)),
    "JAWABAN_SKM_TIDAK_SAH": ("candipuro", _register("skm", "U2", 0, value=5.0)),
    "JAWABAN_SKM_KOSONG": ("candipuro", _register("skm", "U3", 1, value=None)),
    "TANGGAL_TIDAK_WAJAR": ("candipuro", _register("dokumen_desa", "RKPDes", 0, value=36100.0)),
    "TANGGAL_KOSONG": ("candipuro", _register("dokumen_desa", "APBDes", 0, value=None)),
    "BARIS_GANDA": ("larangan", lambda s, d: _register("desa", "Nama", 1, value=_first_desa("larangan"))(s, d)),
    "ISIAN_KOSONG": ("candipuro", _register("dokumen_desa", "Desa", 0, value=None)),
    "PILIHAN_TIDAK_SAH": ("senduro", _register("kegiatan", "Ditindaklanjuti", 0, value="Mungkin")),
    "TRIWULAN_TIDAK_SAH": ("senduro", _register("kegiatan", "Triwulan", 0, value=5.0)),
    "TARGET_KOSONG": ("senduro", lambda s, d: _cell(s, d, "IKU", "G11", value=None)),
    "REALISASI_KOSONG": ("randuagung", lambda s, d: _cell(s, d, "IKU", iku(COL_TW1 + 3, 12), value=None)),  # a typed index
    "BUKTI_KOSONG": ("senduro", _register("kegiatan", "Bukti", 0, value=None)),
    "KATEGORI_TIDAK_SESUAI": ("senduro", _register("kegiatan", "Kategori", 1, value="Rekomendasi")),
    "PIHAK_KOSONG": ("candipuro", _register("kegiatan", "Pihak", 0, value=None)),
    # 30/06/2025 in a 2025 workbook: the LPPDes of budget year 2024
    "LPPDES_TAHUN_LALU": ("candipuro", _register("dokumen_desa", "LPPDes", 0, value=45838.0)),
    "SAMPEL_SKM_KURANG": ("candipuro", lambda s, d: _cell(s, d, "Profil", "B16", value=10000.0)),
    # the template's own VBA project: an honest .xlsm's, told and nothing more
    "MAKRO_ADA": ("senduro", lambda s, d: patch_workbook(s, d, {}, add={"xl/vbaProject.bin": _template_vba()})),
    "TAUTAN_EKSTERNAL": ("senduro", lambda s, d: patch_workbook(s, d, {}, add={
        "xl/externalLinks/externalLink1.xml": b'<?xml version="1.0"?><externalLink '
        b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>'})),
    "VERSI_TEMPLAT_LAMA": ("senduro", lambda s, d: _cell(s, d, "_meta", "B3", value=0.0)),
    "VERSI_TEMPLAT_BARU": ("senduro", lambda s, d: _cell(s, d, "_meta", "B3", value=99.0)),
    "BUKAN_TEMPLAT": ("senduro", lambda s, d: patch_workbook(s, d, {}, text_edits={
        "xl/workbook.xml": [('name="IKU_TEMPLATE_ID"', 'name="ID_LAIN"')]})),
    "LEMBAR_HILANG": ("senduro", lambda s, d: patch_workbook(s, d, {}, rename={"Reg SKM": "SKM"})),
    "NAMA_HILANG": ("senduro", lambda s, d: patch_workbook(s, d, {}, text_edits={
        "xl/workbook.xml": [('name="Hasil_IKU_ikm_Capaian"', 'name="Hasil_IKU_ikm_Capaian_lama"')]})),
    "TABEL_HILANG": ("senduro", lambda s, d: _rename_table(s, d, "TabelSKM", "Tabel7")),
    "TAHUN_DIUBAH": ("candipuro", lambda s, d: _cell(s, d, "Profil", "B6", value=2026.0)),
    "TARGET_DIUBAH": ("randuagung", lambda s, d: _cell(s, d, "IKU", "G10", value=40.0)),  # catalog target 84
    # a Candipuro workbook relabelled as Senduro's in the hidden metadata
    "IDENTITAS_TIDAK_COCOK": ("candipuro", lambda s, d: patch_workbook(s, d, {"_meta": {
        "B2": Edit(value="iku-excel/senduro"), "B4": Edit(value="senduro")}})),
    "LEMBAR_PENDUKUNG_DIUBAH": ("senduro", lambda s, d: _cell(s, d, "Daftar", "A2", value="Kegiatan apa saja")),
    "XLWINGS_CONF_DIUBAH": ("senduro", lambda s, d: _cell(s, d, "xlwings.conf", "B1", value="\\\\server\\bagi\\jahat")),
    "NAMA_LOKAL_MEMBAYANGI": ("senduro", lambda s, d: patch_workbook(s, d, {}, text_edits={"xl/workbook.xml": [(
        "<definedNames>", '<definedNames><definedName name="Profil_Tahun" localSheetId="3">IKU!$A$1</definedName>')]})),
    "DATA_DI_LUAR_REGISTER": ("larangan", lambda s, d: _append_rows(s, d, "Reg Desa", 60, ["Desa Tambahan 1",
                                                                                          "Desa Tambahan 2"])),
    "ANGKA_TIDAK_HINGGA": ("ngantang", lambda s, d: _raw_value(s, d, "Reg Kehadiran", "D6", "inf")),
    "TAHUN_DATA_BERBEDA": ("candipuro", lambda s, d: _shift_dates(s, d, "Reg Dokumen Desa", -365)),
    "NAMA_TAMBAHAN": ("randuagung", lambda s, d: patch_workbook(s, d, {}, text_edits={"xl/workbook.xml": [(
        "<definedNames>", "<definedNames><definedName name=\"Angka_Lain\">'[1]IKU'!$O$10</definedName>")]})),
    "LEMBAR_DISEMBUNYIKAN": ("larangan", lambda s, d: patch_workbook(s, d, {}, text_edits={"xl/workbook.xml": [(
        '<sheet name="Dasbor" ', '<sheet name="Dasbor" state="veryHidden" ')]})),
    "LEMBAR_TAMBAHAN": ("candipuro", lambda s, d: _extra_sheet(s, d, "Catatan Kantor", "visible")),
    "LEMBAR_TAMBAHAN_TERSEMBUNYI": ("senduro", lambda s, d: _extra_sheet(s, d, "Data Asli", "veryHidden")),
}


def _sheet_part(src: Path, sheet: str) -> str:
    from iku_excel.engine.patch import _sheet_paths

    with zipfile.ZipFile(src) as z:
        return _sheet_paths(z)[sheet]


def _template_vba() -> bytes:
    from iku_excel.vba import vba_project

    return vba_project()


def _extra_sheet(src: Path, dst: Path, name: str, state: str) -> Path:
    """A sheet the template does not have, holding a number, added as Excel adds one: its own
    part, relationship, content type and entry in the workbook."""
    with zipfile.ZipFile(src) as z:
        parts = {info.filename: z.read(info) for info in z.infolist()}
    number = 1 + max(int(n[len("xl/worksheets/sheet"):-4]) for n in parts if n.startswith("xl/worksheets/sheet"))
    part = f"worksheets/sheet{number}.xml"
    parts[f"xl/{part}"] = ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                           '<row r="1"><c r="A1"><v>12345</v></c></row></sheetData></worksheet>').encode()
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    parts["xl/_rels/workbook.xml.rels"] = rels.replace("</Relationships>", (
        '<Relationship Id="rIdTambahan" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        f'worksheet" Target="{part}"/></Relationships>')).encode()
    types = parts["[Content_Types].xml"].decode()
    parts["[Content_Types].xml"] = types.replace("</Types>", (
        f'<Override PartName="/xl/{part}" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.worksheet+xml"/></Types>')).encode()
    book = parts["xl/workbook.xml"].decode()
    hidden = "" if state == "visible" else f' state="{state}"'
    parts["xl/workbook.xml"] = book.replace("</sheets>", (
        f'<sheet name="{name}" sheetId="{900 + number}"{hidden} r:id="rIdTambahan"/></sheets>')).encode()
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
        for member, data in parts.items():
            z.writestr(member, data)
    return dst


def _append_rows(src: Path, dst: Path, sheet: str, first_row: int, names: list[str]) -> Path:
    """Rows typed below a register's table: cells the template does not have, added to the XML."""
    rows = "".join(f'<row r="{first_row + i}"><c r="B{first_row + i}" t="inlineStr"><is><t>{name}</t></is></c></row>'
                   for i, name in enumerate(names))
    return patch_workbook(src, dst, {}, text_edits={_sheet_part(src, sheet): [("</sheetData>", rows + "</sheetData>")]})


def _raw_value(src: Path, dst: Path, sheet: str, ref: str, raw: str) -> Path:
    """A number cell holding text no spreadsheet writes (inf, NaN): set a marker, then swap its text."""
    return patch_workbook(src, dst, {sheet: {ref: Edit(value=123456789.0)}},
                          text_edits={_sheet_part(src, sheet): [("<v>123456789.0</v>", f"<v>{raw}</v>")]})


def _shift_dates(src: Path, dst: Path, sheet: str, days: int) -> Path:
    """Every date of a register moved by `days`, as if copied from another year's workbook."""
    from iku_excel.engine.reader import read_workbook
    reg = next(r for r in layouts(current().catalog).values() if r.sheet == sheet)
    dates = {i + 1 for i, c in enumerate(reg.columns) if c.kind == "date"}
    ws = read_workbook(src).sheets[sheet]
    edits = {f"{chr(64 + c)}{r}": Edit(value=cell.value + days) for (r, c), cell in ws.cells.items()
             if c in dates and isinstance(cell.value, float)}
    return patch_workbook(src, dst, {sheet: edits})


def _rename_table(src: Path, dst: Path, old: str, new: str) -> Path:
    with zipfile.ZipFile(src) as z:
        member = next(n for n in z.namelist() if n.startswith("xl/tables/") and f'name="{old}"'.encode() in z.read(n))
    return patch_workbook(src, dst, {}, text_edits={member: [(f'name="{old}"', f'name="{new}"'),
                                                            (f'displayName="{old}"', f'displayName="{new}"')]})


# ---- files that cannot be read at all ----------------------------------------------------------

def not_a_workbook(dst: Path) -> Path:
    dst.write_text("Laporan triwulan disalin sebagai teks, bukan buku kerja.\n", encoding="utf-8")
    return dst


def truncated(src: Path, dst: Path) -> Path:
    data = src.read_bytes()
    dst.write_bytes(data[: len(data) // 2])
    return dst


def password_protected(src: Path, dst: Path, password: str = "rahasia") -> Path:
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    with open(src, "rb") as fh:
        OOXMLFile(fh).encrypt(password, out)
    dst.write_bytes(out.getvalue())
    return dst


def legacy_xls(dst: Path) -> Path:
    """An OLE2 compound file header, as a legacy .xls starts (LibreOffice makes a real one in the tests)."""
    dst.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    return dst


def zip_bomb(dst: Path, megabytes: int = 40) -> Path:
    """A small file that would inflate to `megabytes` of zeros: the shape of a zip bomb."""
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (megabytes * 1024 * 1024))
    return dst
