"""Where everything sits in a generated workbook: sheet names, register columns, defined names.

The processor of submitted workbooks reads the same constants, so a template
and its checker cannot disagree about where a register column or a result is.
Formulas refer to registers through defined names (Kegiatan_Triwulan, ...),
not through structured table references, because headless engines
(formulas, LibreOffice) read defined names reliably.
"""

from __future__ import annotations

from typing import NamedTuple

from iku_excel.registers.spec import (  # noqa: F401  (re-exported: where a register sits is layout too)
    FIRST_ROW,
    HEADER_ROW,
    Column,
    RegisterLayout,
)

# 2: Buku Catatan Kegiatan, Pencairan and Dokumen Perencanaan registers; izin per row; triwulan
# values shown up to the reported triwulan.
# 3: each register's formula columns stand right of the columns a user fills and print no more;
# the "No" column is numbered where rows are filled; empty registers print nothing.
# 4: the desa of Reg Desa and Reg Dokumen Desa are chosen from the kecamatan's Kemendagri list
# (Daftar_Desa); working days start from the holiday calendar.
# 5: the IKU/IKI sheets print the seeds' definition table (A..I), legible; realisasi, capaian and
# predikat move right of it (J..P) and print in Pengukuran Kinerja; Perjanjian Kinerja added.
TEMPLATE_VERSION = 5
TEMPLATE_ID_PREFIX = "iku-excel"

SHEET_COVER = "Sampul"  # formula-driven: instansi, tahun, period
SHEET_PETUNJUK = "Petunjuk"
SHEET_DASHBOARD = "Dasbor"  # capaian per indicator and triwulan, with charts
SHEET_PROFIL = "Profil"
SHEET_IKU = "IKU"
SHEET_PERHITUNGAN = "Perhitungan"
SHEET_DAFTAR = "Daftar"  # hidden: the dropdown lists
SHEET_META = "_meta"  # hidden: template id, version, instansi, tahun
SHEET_XLWINGS = "xlwings.conf"  # hidden: tells the xlwings add-in which module has the UDFs




# Profil cells (0-based row, defined name, label, kind).
class ProfilCell(NamedTuple):
    """A Profil cell: its 0-based row (column B), defined name, label, kind and bounds. The bounds
    are the template's data validation and the checker's limits alike."""

    row: int
    name: str
    label: str
    kind: str  # fixed, text, whole, decimal
    minimum: float | None = None
    maximum: float | None = None


# A triwulan has at most 92 calendar days, so at most 92 working days.
PROFIL_CELLS = (
    ProfilCell(3, "Profil_Instansi", "Instansi", "fixed"),
    ProfilCell(4, "Profil_Kabupaten", "Kabupaten", "fixed"),
    ProfilCell(5, "Profil_Tahun", "Tahun anggaran", "fixed"),
    ProfilCell(6, "Profil_Triwulan", "Triwulan yang dilaporkan (1–4)", "whole", 1, 4),
    ProfilCell(7, "Profil_Jabatan", "Jabatan penandatangan", "text"),
    ProfilCell(8, "Profil_Camat", "Nama Camat", "text"),
    ProfilCell(9, "Profil_NIP", "NIP", "text"),
    ProfilCell(10, "Profil_TempatTanggal", "Tempat dan tanggal penandatanganan", "text"),
    *(ProfilCell(10 + k, f"Profil_HKE{k}", f"Hari kerja efektif TW {roman}", "decimal", 0, 92)
      for k, roman in enumerate(("I", "II", "III", "IV"), 1)),
    ProfilCell(15, "Profil_PopulasiSKM", "Populasi penerima layanan (untuk sampel SKM)", "whole", 0),
    # pihak kedua of the Perjanjian Kinerja: the Camat's superior
    ProfilCell(16, "Profil_AtasanJabatan", "Jabatan pihak kedua Perjanjian Kinerja (atasan Camat)", "text"),
    ProfilCell(17, "Profil_AtasanNama", "Nama pihak kedua Perjanjian Kinerja", "text"),
)
PROFIL = {cell.name: cell for cell in PROFIL_CELLS}

# Columns of the IKU and IKI tables. The signed document is the seeds' definition table (DOMAIN.md
# §9): No, Sasaran, Indikator, Rumus / Penjelasan (D:E, merged per row), Satuan, Target, Sumber Data,
# Penanggung Jawab, A..I, printed. The working columns right of it (realisasi per triwulan and for
# the year, capaian, predikat, keterangan, polaritas, roll-up) stay on screen and off the paper:
# the realisasi and capaian are printed by the Pengukuran Kinerja, as offices print them.
TABLE_COLUMNS = (
    ("No", 5), ("Sasaran", 20), ("Indikator", 28), ("Rumus / Penjelasan", 24), ("", 12), ("Satuan", 8),
    ("Target", 9), ("Sumber Data", 20), ("Penanggung Jawab", 16),
    ("Realisasi TW I", 9), ("Realisasi TW II", 9), ("Realisasi TW III", 9), ("Realisasi TW IV", 9),
    ("Realisasi tahunan", 10), ("Capaian (%)", 9), ("Predikat", 11), ("Keterangan", 14),
    ("Polaritas", 9), ("Rekap triwulan", 10),
)
COL_RUMUS, COL_SATUAN, COL_TARGET, COL_SUMBER, COL_PJ = 3, 5, 6, 7, 8
COL_TW1, COL_TAHUNAN, COL_CAPAIAN, COL_PREDIKAT, COL_KETERANGAN = 9, 13, 14, 15, 16
COL_POLARITAS, COL_REKAP = 17, 18
PRINTED_COLUMNS = COL_PJ + 1  # A..I are the signed table; J..S are working columns
TABLE_HEADER_ROW = 8  # 0-based; the heading lines (instansi or jabatan, tugas, fungsi, tujuan) above it


def iki_sheet_name(singkatan: str) -> str:
    return f"IKI {singkatan}"[:31]


def result_name(scope: str, indicator_id: str, what: str) -> str:
    """Defined name of a result cell, e.g. Hasil_IKU_fasilitasi_ditindaklanjuti_Capaian."""
    return f"Hasil_{scope}_{indicator_id}_{what}"
