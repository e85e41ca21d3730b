"""Where everything sits in a generated workbook: sheet names, register columns, defined names.

The processor of submitted workbooks reads the same constants, so a template
and its checker cannot disagree about where a register column or a result is.
Formulas refer to registers through defined names (Kegiatan_Triwulan, ...),
not through structured table references, because headless engines
(formulas, LibreOffice) read defined names reliably.
"""

from __future__ import annotations

from dataclasses import dataclass

from xlsxwriter.utility import xl_col_to_name

TEMPLATE_VERSION = 1
TEMPLATE_ID_PREFIX = "iku-excel"

SHEET_PETUNJUK = "Petunjuk"
SHEET_PROFIL = "Profil"
SHEET_IKU = "IKU"
SHEET_PERHITUNGAN = "Perhitungan"
SHEET_DAFTAR = "Daftar"  # hidden: the dropdown lists
SHEET_META = "_meta"  # hidden: template id, version, instansi, tahun
SHEET_XLWINGS = "xlwings.conf"  # hidden: tells the xlwings add-in which module has the UDFs

HEADER_ROW = 4  # 0-based: row 5 in Excel
FIRST_ROW = 5  # 0-based: data starts on row 6

YA_TIDAK = ("Ya", "Tidak")
TEMA_DESA = ("Desa Wisata", "Desa Budaya", "Desa Peternakan", "Desa UMKM", "Desa Perikanan", "Tema lain")
# The respondent profile of PermenPANRB 14/2017's sample questionnaire.
SKM_PENDIDIKAN = ("SD", "SMP", "SMA", "D1–D3–D4", "S1", "S2", "S3")
SKM_PEKERJAAN = ("PNS", "TNI", "Polri", "Swasta", "Wirausaha", "Lainnya")
JENIS_LAYANAN = ("KTP-el", "Kartu Keluarga", "Legalisasi", "Surat Keterangan", "Izin (PATEN)", "Lainnya")


@dataclass(frozen=True)
class Column:
    key: str  # part of the defined name, e.g. "Triwulan"
    header: str
    width: float
    kind: str  # no, text, whole, decimal, date, list, answer, formula
    options: tuple[str, ...] | str = ()  # list values, or a defined name holding them
    minimum: float | None = None
    maximum: float | None = None


@dataclass(frozen=True)
class RegisterLayout:
    key: str  # the catalog's register name
    sheet: str
    prefix: str  # defined names are PREFIX_COLUMNKEY
    title: str
    note: str
    rows: int
    columns: tuple[Column, ...]

    def col(self, key: str) -> int:
        for i, c in enumerate(self.columns):
            if c.key == key:
                return i
        raise KeyError(key)

    def name(self, key: str) -> str:
        return f"{self.prefix}_{key}"

    def ref(self, key: str) -> str:
        """Absolute A1 reference of a column's data rows."""
        letter = xl_col_to_name(self.col(key))
        return f"'{self.sheet}'!${letter}${FIRST_ROW + 1}:${letter}${FIRST_ROW + self.rows}"

    @property
    def last_row(self) -> int:
        return FIRST_ROW + self.rows - 1


def answer_columns() -> tuple[Column, ...]:
    return tuple(Column(f"U{i}", f"U{i}", 6, "answer", minimum=1, maximum=4) for i in range(1, 10))


REGISTERS: dict[str, RegisterLayout] = {
    r.key: r
    for r in (
        RegisterLayout(
            "kegiatan", "Reg Kegiatan", "Kegiatan", "REGISTER KEGIATAN FASILITASI, KOORDINASI DAN REKOMENDASI",
            "Satu baris satu kegiatan. Jenis dipilih dari katalog jenis fasilitasi/koordinasi/rekomendasi. "
            "Ditindaklanjuti = Ya bila kegiatan menghasilkan outputnya.",
            300,
            (
                Column("No", "No", 5, "no"),
                Column("Triwulan", "Triwulan", 9, "whole", minimum=1, maximum=4),
                Column("Kategori", "Kategori", 13, "list", ("Fasilitasi", "Koordinasi", "Rekomendasi")),
                Column("Jenis", "Jenis kegiatan", 45, "list", "Daftar_JenisKegiatan"),
                Column("Uraian", "Uraian aktivitas", 45, "text"),
                Column("Output", "Output aktivitas", 35, "text"),
                Column("Bukti", "Bukti pendukung", 25, "list", "Daftar_Bukti"),
                Column("Ditindaklanjuti", "Ditindaklanjuti", 14, "list", YA_TIDAK),
                Column("Keterangan", "Keterangan", 25, "text"),
            ),
        ),
        RegisterLayout(
            "dokumen_desa", "Reg Dokumen Desa", "Dokumen", "REGISTER DOKUMEN ADMINISTRASI PEMERINTAHAN DESA",
            "Satu baris satu desa. Isi tanggal penetapan Perdes RKPDes dan APBDes, dan tanggal LPPDes diterima "
            "Bupati melalui Camat. Kolom 'tepat waktu' dihitung otomatis; desa tanpa tanggal dihitung tidak tepat waktu.",
            40,
            (
                Column("No", "No", 5, "no"),
                Column("Desa", "Desa", 24, "text"),
                Column("RKPDes", "Tanggal Perdes RKPDes", 16, "date"),
                Column("RKPDes_Tepat", "RKPDes tepat waktu", 14, "formula"),
                Column("APBDes", "Tanggal Perdes APBDes", 16, "date"),
                Column("APBDes_Tepat", "APBDes tepat waktu", 14, "formula"),
                Column("LPPDes", "Tanggal LPPDes disampaikan", 16, "date"),
                Column("LPPDes_Tepat", "LPPDes tepat waktu", 14, "formula"),
                Column("Keterangan", "Keterangan", 25, "text"),
            ),
        ),
        RegisterLayout(
            "skm", "Reg SKM", "SKM", "REGISTER JAWABAN SURVEI KEPUASAN MASYARAKAT (SKM)",
            "Satu baris satu responden; jawaban 1–4 (a=1 ... d=4) untuk 9 unsur PermenPANRB 14/2017. "
            "Jawaban kosong tidak dihitung (bukan 0).",
            400,
            (
                Column("No", "No", 5, "no"),
                Column("Layanan", "Jenis layanan", 18, "list", JENIS_LAYANAN),
                *answer_columns(),
                Column("Terisi", "Jumlah jawaban", 10, "formula"),
                # the respondent's profile, for the Laporan SKM (iku-excel skm impor fills them)
                Column("Tanggal", "Tanggal pengisian", 12, "date"),
                Column("Kelamin", "Jenis kelamin", 12, "list", ("Laki-laki", "Perempuan")),
                Column("Umur", "Umur", 7, "whole", minimum=10, maximum=110),
                Column("Pendidikan", "Pendidikan", 14, "list", SKM_PENDIDIKAN),
                Column("Pekerjaan", "Pekerjaan", 16, "list", SKM_PEKERJAAN),
            ),
        ),
        RegisterLayout(
            "kehadiran", "Reg Kehadiran", "Pegawai", "REGISTER KEHADIRAN PEGAWAI",
            "Satu baris satu pegawai. Isi jumlah hari tidak masuk kerja tiap triwulan (kosong = hadir penuh). "
            "Hari kerja efektif tiap triwulan diisi di lembar Profil.",
            80,
            (
                Column("No", "No", 5, "no"),
                Column("Nama", "Nama pegawai", 30, "text"),
                Column("NIP", "NIP", 24, "text"),
                Column("TM1", "Tidak masuk TW I", 12, "decimal", minimum=0, maximum=92),
                Column("TM2", "Tidak masuk TW II", 12, "decimal", minimum=0, maximum=92),
                Column("TM3", "Tidak masuk TW III", 12, "decimal", minimum=0, maximum=92),
                Column("TM4", "Tidak masuk TW IV", 12, "decimal", minimum=0, maximum=92),
                Column("Jumlah", "Jumlah hari tidak masuk", 14, "formula"),
            ),
        ),
        RegisterLayout(
            "desa", "Reg Desa", "Desa", "REGISTER DESA: INDEKS DESA MEMBANGUN, TEMA, ADMINISTRASI",
            "Satu baris satu desa. Nilai IDM 0–1 dari hasil IDM tahun berjalan; status dihitung otomatis "
            "(Mandiri bila IDM > 0,8155).",
            40,
            (
                Column("No", "No", 5, "no"),
                Column("Nama", "Desa", 24, "text"),
                Column("IDM", "Nilai IDM", 11, "decimal", minimum=0, maximum=1),
                Column("Status", "Status IDM", 17, "formula"),
                Column("Tema", "Tema desa (desa tematik)", 20, "list", TEMA_DESA),
                Column("AdmBaik", "Administrasi baik", 13, "list", YA_TIDAK),
                Column("Keterangan", "Keterangan", 25, "text"),
            ),
        ),
        RegisterLayout(
            "kasus", "Reg Kasus", "Kasus", "REGISTER KONFLIK SOSIAL DAN PELANGGARAN TRANTIBUM",
            "Satu baris satu kejadian: konflik sosial (potensi atau terjadi) atau pelanggaran ketentraman dan "
            "ketertiban umum. Tertangani = Ya bila sudah ditangani/diselesaikan.",
            200,
            (
                Column("No", "No", 5, "no"),
                Column("Triwulan", "Triwulan", 9, "whole", minimum=1, maximum=4),
                Column("Jenis", "Jenis", 15, "list", ("Konflik sosial", "Trantibum")),
                Column("Uraian", "Uraian kejadian", 45, "text"),
                Column("Tertangani", "Tertangani", 12, "list", YA_TIDAK),
                Column("Keterangan", "Keterangan", 25, "text"),
            ),
        ),
        RegisterLayout(
            "izin", "Reg Izin", "Izin", "REGISTER JUMLAH IZIN PER TAHUN",
            "Jumlah izin yang diterbitkan Kecamatan pada tahun lalu (N−1) dan tahun ini (N).",
            2,
            (
                Column("Tahun", "Tahun", 10, "formula"),
                Column("Jumlah", "Jumlah izin", 14, "whole", minimum=0),
            ),
        ),
    )
}

# Profil cells (0-based row, defined name, label, kind).
PROFIL_CELLS = (
    (3, "Profil_Instansi", "Instansi", "fixed"),
    (4, "Profil_Kabupaten", "Kabupaten", "fixed"),
    (5, "Profil_Tahun", "Tahun anggaran", "fixed"),
    (6, "Profil_Triwulan", "Triwulan yang dilaporkan (1–4)", "whole"),
    (7, "Profil_Jabatan", "Jabatan penandatangan", "text"),
    (8, "Profil_Camat", "Nama Camat", "text"),
    (9, "Profil_NIP", "NIP", "text"),
    (10, "Profil_TempatTanggal", "Tempat dan tanggal penandatanganan", "text"),
    (11, "Profil_HKE1", "Hari kerja efektif TW I", "decimal"),
    (12, "Profil_HKE2", "Hari kerja efektif TW II", "decimal"),
    (13, "Profil_HKE3", "Hari kerja efektif TW III", "decimal"),
    (14, "Profil_HKE4", "Hari kerja efektif TW IV", "decimal"),
    (15, "Profil_PopulasiSKM", "Populasi penerima layanan (untuk sampel SKM)", "whole"),
)

# Columns of the IKU and IKI tables (DOMAIN.md §9).
TABLE_COLUMNS = (
    ("No", 7), ("Sasaran", 20), ("Indikator", 32), ("Satuan", 7), ("Polaritas", 8), ("Rekap triwulan", 9),
    ("Target", 8), ("Realisasi TW I", 9), ("Realisasi TW II", 9), ("Realisasi TW III", 9),
    ("Realisasi TW IV", 9), ("Realisasi tahunan", 10), ("Capaian (%)", 9), ("Predikat", 11),
    ("Sumber data", 18), ("Penanggung jawab", 15), ("Keterangan", 12),
)
COL_TARGET, COL_TW1, COL_TAHUNAN, COL_CAPAIAN, COL_PREDIKAT = 6, 7, 11, 12, 13
TABLE_HEADER_ROW = 8  # 0-based; the IKI sheets put tugas and fungsi above it


def iki_sheet_name(singkatan: str) -> str:
    return f"IKI {singkatan}"[:31]


def result_name(scope: str, indicator_id: str, what: str) -> str:
    """Defined name of a result cell, e.g. Hasil_IKU_fasilitasi_ditindaklanjuti_Capaian."""
    return f"Hasil_{scope}_{indicator_id}_{what}"
