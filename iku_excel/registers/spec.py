"""One spec per register: its columns, the formula columns computed per row, and how
indicators count its rows.

The builder writes a register from its spec, the checker reads it back and checks
it by the same spec, the catalog schema admits the filters it names, and the demo
computes indicators through it. Nothing else names a register's columns. Adding a
register is one entry in REGISTERS (see the README, "Menambah register").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from xlsxwriter.utility import xl_col_to_name

from iku_excel.registers.rows import Derived, Tally, counted_amount, filled, on_time, triwulan_of, where
from iku_excel.registers.vocab import (
    JENIS_DOKUMEN_PERENCANAAN,
    JENIS_LAYANAN,
    JENIS_SPM,
    KASUS_JENIS,
    KEGIATAN_KATEGORI,
    SKM_PEKERJAAN,
    SKM_PENDIDIKAN,
    TEMA_DESA,
    YA_TIDAK,
)

HEADER_ROW = 4  # 0-based: row 5 in Excel
FIRST_ROW = 5  # 0-based: data starts on row 6


@dataclass(frozen=True)
class Column:
    key: str  # part of the defined name, e.g. "Triwulan"
    header: str
    width: float
    kind: str  # no, text, whole, decimal, date, list, answer, formula
    options: tuple[str, ...] | str = ()  # list values, or a defined name holding them
    minimum: float | None = None
    maximum: float | None = None


# How an indicator's named inputs come from a register's rows: given the indicator's
# filters (from the catalog, see FILTERS) and its label in the Buku Catatan Kegiatan,
# one Tally per input. Registers without this (SKM, kehadiran, dokumen desa, desa IDM)
# have their own formulas in the builder.
Inputs = Callable[[tuple, str | None], dict[str, Tally]]


@dataclass(frozen=True)
class RegisterLayout:
    """One register: its sheet and columns, the formula columns computed per row, and how
    indicators count its rows. The builder writes it, the checker reads it back, the
    catalog schema admits the filters it names; nothing else names a register's columns."""

    key: str  # the catalog's register name
    sheet: str
    prefix: str  # defined names are PREFIX_COLUMNKEY
    title: str
    note: str
    rows: int
    columns: tuple[Column, ...]
    derived: tuple[Derived, ...] = ()  # the "formula" columns, computed per row
    period: str | None = None  # the column holding each row's triwulan
    inputs: Inputs | None = None
    kinds: tuple[str, ...] = ()  # the indicator kinds `inputs` serves
    filters: tuple[str, ...] = ()  # the catalog filters it understands (see FILTERS)
    required: tuple[str, ...] = ()  # columns a filled row must have (the checker says so)

    def __post_init__(self):
        kinds = [c.kind == "formula" for c in self.columns]
        if kinds != sorted(kinds):
            raise ValueError(f"{self.key}: the formula columns must come after every column a user fills")

    @property
    def printed(self) -> int:
        """How many columns print: the ones a user fills. The formula columns stand right of them,
        on screen but off the paper, so that a row nobody filled holds nothing printable (a formula
        is content even when it shows "", and Excel and LibreOffice print any page with content)."""
        return sum(c.kind != "formula" for c in self.columns)

    def col(self, key: str) -> int:
        for i, c in enumerate(self.columns):
            if c.key == key:
                return i
        raise KeyError(key)

    def column(self, key: str) -> Column:
        return self.columns[self.col(key)]

    def name(self, key: str) -> str:
        return f"{self.prefix}_{key}"

    def ref(self, key: str) -> str:
        """Absolute A1 reference of a column's data rows."""
        letter = xl_col_to_name(self.col(key))
        return f"'{self.sheet}'!${letter}${FIRST_ROW + 1}:${letter}${FIRST_ROW + self.rows}"

    @property
    def last_row(self) -> int:
        return FIRST_ROW + self.rows - 1

    def derived_formula(self, key: str, row: int) -> str:
        """The formula of a derived column in one (0-based) sheet row."""
        spec = next(d for d in self.derived if d.key == key)
        return spec.formula(lambda col: f"{xl_col_to_name(self.col(col))}{row + 1}")


def answer_columns() -> tuple[Column, ...]:
    """The nine unsur of PermenPANRB 14/2017, named in the header as the regulation names them."""
    from iku_excel.calc.ikm import UNSUR_2017

    return tuple(Column(f"U{i}", f"U{i} {name}", 10, "answer", minimum=1, maximum=4)
                 for i, name in enumerate(UNSUR_2017, 1))


# The catalog's filters on a register (dihitung_dari: {nama: kegiatan, kategori: [...]}) as criteria.
# Each: the column it tests, and its criterion from the catalog's value.
FILTERS = {
    "jenis": ("Jenis", lambda v: where("Jenis", v)),
    "kategori": ("Kategori", lambda v: where("Kategori", *v)),
    "pihak_lain": ("Pihak", lambda v: filled("Pihak")),
}


def criteria(source) -> tuple:
    """The criteria of a catalog register reference's filters."""
    return tuple(make(getattr(source, name)) for name, (_column, make) in FILTERS.items() if getattr(source, name, None))


def share_of(flag: str) -> Inputs:
    """persen over rows: rows flagged "Ya" out of all rows passing the filters."""
    return lambda filters, _label: {"pembilang": Tally(filters + (where(flag, "Ya"),)), "penyebut": Tally(filters)}


def logged(filters, label) -> dict[str, Tally]:
    """jumlah from the Buku Catatan Kegiatan: the jumlah of the rows recorded for this indicator."""
    return {"jumlah": Tally((where("Indikator", label),), total="Dihitung")}


def issued(filters, _label) -> dict[str, Tally]:
    """Izin issued in year N (the register's rows); year N−1 is one total typed above the table."""
    return {"nilai_tahun_ini": Tally(filters, total="Dihitung")}


BUKTI = "Daftar_Bukti"

REGISTERS: dict[str, RegisterLayout] = {
    r.key: r
    for r in (
        RegisterLayout(
            "kegiatan", "Reg Kegiatan", "Kegiatan", "REGISTER KEGIATAN FASILITASI, KOORDINASI DAN REKOMENDASI",
            "Satu baris satu kegiatan. Jenis dipilih dari katalog jenis fasilitasi/koordinasi/rekomendasi. "
            "Ditindaklanjuti = Ya bila kegiatan menghasilkan outputnya; isi bukti pendukungnya. Pihak lain: instansi "
            "atau lembaga yang difasilitasi atau diajak berkoordinasi.",
            300,
            (
                Column("No", "No", 5, "no"),
                Column("Triwulan", "Triwulan", 9, "whole", minimum=1, maximum=4),
                Column("Kategori", "Kategori", 13, "list", KEGIATAN_KATEGORI),
                Column("Jenis", "Jenis kegiatan", 45, "list", "Daftar_JenisKegiatan"),
                Column("Uraian", "Uraian aktivitas", 45, "text"),
                Column("Output", "Output aktivitas", 35, "text"),
                Column("Bukti", "Bukti pendukung", 25, "list", BUKTI),
                Column("Ditindaklanjuti", "Ditindaklanjuti", 14, "list", YA_TIDAK),
                Column("Pihak", "Pihak lain (instansi/lembaga)", 24, "text"),
                Column("Keterangan", "Keterangan", 25, "text"),
            ),
            period="Triwulan", inputs=share_of("Ditindaklanjuti"), kinds=("persen",),
            filters=("jenis", "kategori", "pihak_lain"), required=("Triwulan", "Ditindaklanjuti"),
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
                Column("APBDes", "Tanggal Perdes APBDes", 16, "date"),
                Column("LPPDes", "Tanggal LPPDes disampaikan", 16, "date"),
                Column("Keterangan", "Keterangan", 25, "text"),
                Column("RKPDes_Tepat", "RKPDes tepat waktu", 14, "formula"),
                Column("APBDes_Tepat", "APBDes tepat waktu", 14, "formula"),
                Column("LPPDes_Tepat", "LPPDes tepat waktu", 14, "formula"),
            ),
            kinds=("rata_dokumen",),
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
                # the respondent's profile, for the Laporan SKM (iku-excel skm impor fills them)
                Column("Tanggal", "Tanggal pengisian", 12, "date"),
                Column("Kelamin", "Jenis kelamin", 12, "list", ("Laki-laki", "Perempuan")),
                Column("Umur", "Umur", 7, "whole", minimum=10, maximum=110),
                Column("Pendidikan", "Pendidikan", 14, "list", SKM_PENDIDIKAN),
                Column("Pekerjaan", "Pekerjaan", 16, "list", SKM_PEKERJAAN),
                Column("Terisi", "Jumlah jawaban", 10, "formula"),
            ),
            kinds=("ikm",),
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
            kinds=("kehadiran", "hari_hadir"),
        ),
        RegisterLayout(
            "desa", "Reg Desa", "Desa", "REGISTER DESA: INDEKS DESA MEMBANGUN, TEMA, ADMINISTRASI",
            "Satu baris satu desa. Nilai IDM 0–1 dari hasil IDM tahun berjalan; status dihitung otomatis "
            "(Mandiri bila IDM > 0,8155). Desa tematik dihitung dari tema ekonomi (wisata, budaya, peternakan, UMKM, "
            "perikanan); 'Tema lain' dicatat tetapi tidak dihitung.",
            40,
            (
                Column("No", "No", 5, "no"),
                Column("Nama", "Desa", 24, "text"),
                Column("IDM", "Nilai IDM", 11, "decimal", minimum=0, maximum=1),
                Column("Tema", "Tema desa (desa tematik)", 20, "list", TEMA_DESA),
                Column("AdmBaik", "Administrasi baik", 13, "list", YA_TIDAK),
                Column("Keterangan", "Keterangan", 25, "text"),
                Column("Status", "Status IDM", 17, "formula"),
            ),
            kinds=("jumlah_di_atas", "jumlah", "persen"),
        ),
        RegisterLayout(
            "kasus", "Reg Kasus", "Kasus", "REGISTER KONFLIK SOSIAL DAN PELANGGARAN TRANTIBUM",
            "Satu baris satu kejadian: konflik sosial (potensi atau terjadi) atau pelanggaran ketentraman dan "
            "ketertiban umum. Tertangani = Ya bila sudah ditangani/diselesaikan.",
            200,
            (
                Column("No", "No", 5, "no"),
                Column("Triwulan", "Triwulan", 9, "whole", minimum=1, maximum=4),
                Column("Jenis", "Jenis", 15, "list", KASUS_JENIS),
                Column("Uraian", "Uraian kejadian", 45, "text"),
                Column("Tertangani", "Tertangani", 12, "list", YA_TIDAK),
                Column("Keterangan", "Keterangan", 25, "text"),
            ),
            period="Triwulan", inputs=share_of("Tertangani"), kinds=("persen",), filters=("jenis",),
            required=("Triwulan", "Jenis", "Tertangani"),
        ),
        RegisterLayout(
            "catatan", "Reg Catatan Kegiatan", "Catatan", "BUKU CATATAN KEGIATAN",
            "Satu baris satu kegiatan atau keluaran (surat, laporan, pembinaan, pelayanan...). Pilih indikator yang "
            "dihitungnya; triwulan mengikuti tanggal. Jumlah kosong dihitung 1; isi jumlahnya bila satu baris mencatat "
            "beberapa (mis. 45 KTP-el dalam satu hari). Bukti: dokumen yang dapat ditunjukkan kepada pemeriksa.",
            600,
            (
                Column("No", "No", 5, "no"),
                Column("Tanggal", "Tanggal", 12, "date"),
                Column("Indikator", "Indikator yang dihitung", 48, "list", "Daftar_IndikatorCatatan"),
                Column("Uraian", "Uraian kegiatan", 40, "text"),
                Column("Jumlah", "Jumlah", 8, "whole", minimum=0),
                Column("Bukti", "Bukti", 22, "list", BUKTI),
                Column("Keterangan", "Keterangan", 20, "text"),
                Column("Triwulan", "Triwulan", 9, "formula"),
                Column("Dihitung", "Dihitung", 9, "formula"),
            ),
            derived=(triwulan_of("Tanggal"), counted_amount("Indikator", "Jumlah")),
            period="Triwulan", inputs=logged, kinds=("jumlah",), required=("Tanggal", "Indikator"),
        ),
        RegisterLayout(
            "pencairan", "Reg Pencairan", "Pencairan", "REGISTER PENGAJUAN DAN PENCAIRAN SPP/SPM",
            "Satu baris satu pengajuan SPP/SPM. Batas cair: tanggal pengajuan itu seharusnya sudah cair; triwulan "
            "mengikuti batas cair. Tepat waktu dihitung otomatis: Ya bila tanggal cair paling lambat batas cair.",
            150,
            (
                Column("No", "No", 5, "no"),
                Column("Jenis", "Jenis SPP/SPM", 10, "list", JENIS_SPM),
                Column("Nomor", "Nomor SPP/SPM", 22, "text"),
                Column("Diajukan", "Tanggal diajukan", 12, "date"),
                Column("Batas", "Batas cair", 12, "date"),
                Column("Cair", "Tanggal cair", 12, "date"),
                Column("Keterangan", "Keterangan", 25, "text"),
                Column("Triwulan", "Triwulan", 9, "formula"),
                Column("Tepat", "Cair tepat waktu", 11, "formula"),
            ),
            derived=(triwulan_of("Batas"), on_time("Cair", "Batas")),
            period="Triwulan", inputs=share_of("Tepat"), kinds=("persen",), filters=("jenis",),
            required=("Batas",),
        ),
        RegisterLayout(
            "perencanaan", "Reg Dokumen Perencanaan", "Perencanaan", "REGISTER DOKUMEN PERENCANAAN DAN PELAPORAN",
            "Satu baris satu dokumen yang wajib disusun (Renja, RKA, LKjIP, laporan triwulan...). Batas waktu: kapan "
            "dokumen harus selesai; triwulan mengikuti batas waktu. Tepat waktu dihitung otomatis.",
            60,
            (
                Column("No", "No", 5, "no"),
                Column("Dokumen", "Nama dokumen", 34, "text"),
                Column("Jenis", "Jenis", 13, "list", JENIS_DOKUMEN_PERENCANAAN),
                Column("Batas", "Batas waktu", 12, "date"),
                Column("Selesai", "Tanggal selesai", 12, "date"),
                Column("Bukti", "Bukti", 22, "list", BUKTI),
                Column("Keterangan", "Keterangan", 20, "text"),
                Column("Triwulan", "Triwulan", 9, "formula"),
                Column("Tepat", "Selesai tepat waktu", 11, "formula"),
            ),
            derived=(triwulan_of("Batas"), on_time("Selesai", "Batas")),
            period="Triwulan", inputs=share_of("Tepat"), kinds=("persen",), filters=("jenis",),
            required=("Dokumen", "Batas"),
        ),
        RegisterLayout(
            "izin", "Reg Izin", "Izin", "REGISTER IZIN YANG DITERBITKAN",
            "Satu baris satu izin, atau satu baris rekap per bulan (isi jumlahnya). Jumlah kosong dihitung 1. "
            "Jumlah izin tahun lalu (N−1) diisi sekali di atas tabel.",
            400,
            (
                Column("No", "No", 5, "no"),
                Column("Tanggal", "Tanggal terbit", 12, "date"),
                Column("JenisIzin", "Jenis izin", 26, "text"),
                Column("Uraian", "Nomor/uraian", 34, "text"),
                Column("Jumlah", "Jumlah", 8, "whole", minimum=0),
                Column("Triwulan", "Triwulan", 9, "formula"),
                Column("Dihitung", "Dihitung", 9, "formula"),
            ),
            derived=(triwulan_of("Tanggal"), counted_amount("Tanggal", "Jumlah")),
            period="Triwulan", inputs=issued, kinds=("pertumbuhan",), required=("Tanggal",),
        ),
    )
}
# Reg Izin: the total of year N−1, typed once above the table (0-based row, column).
IZIN_TAHUN_LALU = (3, 4)
LOG_REGISTER = "catatan"


def log_label(item) -> str:
    """An indicator as the Buku Catatan Kegiatan's dropdown names it: whose it is, then its name.
    The characters COUNTIFS reads as wildcards are left out, so the label matches only itself."""
    owner = (item.jabatan.singkatan or item.jabatan.nama) if item.jabatan else "IKU"
    text = f"{owner}: {item.spec.nama}"
    return "".join(ch for ch in text if ch not in "*?~")[:250]
