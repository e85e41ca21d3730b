"""The catalog as a workbook a regency fills in Excel: its sheets and columns, declared once,
and the catalog's models as rows of those sheets (export_rows).

`book_read` turns rows back into models, with every problem at its cell; `book_xlsx` writes
the sheets with XlsxWriter and reads them with openpyxl. This module knows only rows. One row of Indikator may serve every kecamatan ("semua") or a list of them,
because a kabupaten's kecamatan usually share their IKU; its targets are per kecamatan, in
Target. A catalog read back from a workbook equals the catalog it was written from (the
round-trip test compares the models), so a template made from either is the same.
"""

from __future__ import annotations

from dataclasses import dataclass

from iku_excel.calc.capaian import POLARITIES, ROLLUPS
from iku_excel.catalog.kinds import KINDS
from iku_excel.catalog.register_schema import COLUMN_TYPES, FILTER_COLUMNS, RegisterDecl, Rumus
from iku_excel.catalog.schema import Instansi

ALL = "semua"  # an Indikator row for every kecamatan of the workbook
YES = "Ya"
PARTS = ("tugas", "fungsi", "tujuan")  # the lists of Uraian, in the order the documents print them
MAX_INPUTS = max(len(k.inputs) for k in KINDS.values())
RUMUS = {name: cls for cls in Rumus.__args__ for name in cls.model_fields}  # triwulan_dari -> TriwulanDari


@dataclass(frozen=True)
class Col:
    """One column of a catalog sheet. `key` says where its value goes in the model's data
    ("penandatangan.nip"); `jenis` how a cell is read: teks, bulat, angka, tanggal, ya (Ya or
    empty), daftar (words separated by ";"), or target (a number or a range such as 80–90)."""

    key: str
    judul: str
    lebar: float
    jenis: str = "teks"
    pilihan: tuple[str, ...] | str = ()  # the dropdown: its words, or the name of a list in Daftar
    wajib: bool = False
    ket: str = ""  # what to write: the header's input message and Petunjuk's column list


@dataclass(frozen=True)
class Sheet:
    nama: str
    judul: str
    kolom: tuple[Col, ...]
    ket: str  # what the sheet is for, in Petunjuk
    terkunci: bool = False  # for reading only (Desa): filled from Kemendagri, not read back

    def col(self, key: str) -> int:
        return next(i for i, c in enumerate(self.kolom) if c.key == key)


KEC = "kecamatan"  # the column naming which kecamatan a row belongs to
KEC_COL = Col(KEC, "Kecamatan", 16, wajib=True, pilihan="Daftar_Kecamatan",
              ket="ID atau nama kecamatan dari lembar Kecamatan")
KEC_MANY = Col(KEC, "Kecamatan", 16, wajib=True, pilihan="Daftar_KecamatanSemua",
               ket="'semua', satu ID kecamatan, atau beberapa dipisah koma")
JAB_COL = Col("jabatan", "Jabatan", 14, pilihan="Daftar_Jabatan",
              ket="ID jabatan dari lembar Jabatan; kosong untuk IKU kecamatan")

KECAMATAN = Sheet("Kecamatan", "KECAMATAN: PROFIL DAN PENANDATANGAN", (
    Col("id", "ID", 14, wajib=True, ket="huruf kecil, angka dan garis bawah, diawali huruf; dipakai di nama berkas"),
    Col("nama", "Nama", 22, wajib=True, ket="seperti di dokumen, mis. Kecamatan Candipuro"),
    Col("kabupaten", "Kabupaten", 20, wajib=True),
    Col("provinsi", "Provinsi", 14, wajib=True),
    Col("kode_wilayah", "Kode Kemendagri", 12, ket="kode kecamatan, mis. 35.08.03: desanya mengisi daftar desa templat"),
    Col("jenis_dokumen", "Dokumen", 9, pilihan=("IKU", "IKI"), wajib=True,
        ket="IKU kecamatan, atau IKI per jabatan"),
    Col("tahun", "Tahun dokumen", 9, "bulat", wajib=True),
    Col("sumber", "Dasar / sumber", 30, wajib=True, ket="dokumen yang ditetapkan, mis. SK Camat dan tanggalnya"),
    Col("indikator_tujuan", "Indikator tujuan", 20),
    Col("hari_kerja_efektif", "Hari kerja efektif setahun", 11, "bulat",
        ket="bila ditetapkan kantor; kosong: dari kalender libur nasional dan cuti bersama"),
    Col("penandatangan.jabatan", "Jabatan penandatangan", 20, ket="mis. CAMAT CANDIPURO"),
    Col("penandatangan.nama", "Nama Camat", 26, ket="dengan gelar"),
    Col("penandatangan.nip", "NIP", 21),
    Col("penandatangan.pangkat", "Pangkat/golongan", 18),
    Col("penandatangan.tempat", "Tempat penandatanganan", 14),
    Col("penandatangan.tanggal", "Tanggal penandatanganan", 13, "tanggal"),
), "Satu baris satu kecamatan: profil, kode Kemendagri dan Camat yang menandatangani.")

URAIAN = Sheet("Uraian", "TUGAS, FUNGSI DAN TUJUAN", (
    KEC_MANY, JAB_COL,
    Col("bagian", "Bagian", 10, pilihan=PARTS, wajib=True),
    Col("teks", "Uraian", 90, wajib=True, ket="satu butir per baris, berurutan"),
), "Tugas, fungsi dan tujuan kecamatan (Jabatan kosong) atau jabatan, satu butir per baris, dalam urutan dokumen.")

JABATAN = Sheet("Jabatan", "JABATAN (UNTUK IKI)", (
    KEC_COL,
    Col("id", "ID", 16, wajib=True, ket="huruf kecil, angka dan garis bawah"),
    Col("nama", "Nama jabatan", 34, wajib=True),
    Col("singkatan", "Singkatan", 14, ket="untuk nama lembar 'IKI <singkatan>', paling panjang 27 huruf"),
    Col("atasan", "Atasan langsung", 16),
    Col("pemegang.nama", "Pemegang jabatan", 26, ket="nama dengan gelar; menandatangani IKI-nya"),
    Col("pemegang.nip", "NIP pemegang", 21),
    Col("pemegang.pangkat", "Pangkat/golongan pemegang", 20),
), "Satu baris satu jabatan yang memiliki IKI, dengan pemegangnya.")

INDIKATOR = Sheet("Indikator", "INDIKATOR KINERJA", (
    KEC_MANY, JAB_COL,
    Col("id", "ID", 18, wajib=True, ket="huruf kecil, angka dan garis bawah; unik per kecamatan dan jabatan"),
    Col("sasaran", "Sasaran", 30, wajib=True),
    Col("nama", "Indikator", 36, wajib=True),
    Col("nama_sumber", "Ejaan di sumber", 14, ket="bila nama di atas membetulkan salah ketik dokumen"),
    Col("jenis", "Jenis", 13, pilihan="Daftar_Jenis", wajib=True, ket="cara menghitung: lihat Petunjuk"),
    *(Col(f"masukan.{i}", f"Label masukan {i}", 20, ket=f"label masukan ke-{i} jenisnya (lihat Petunjuk); kosong: bawaan")
      for i in range(1, MAX_INPUTS + 1)),
    Col("dihitung_dari.nama", "Register", 14, pilihan="Daftar_Register",
        ket="register yang menghitungnya (lihat Petunjuk); kosong bila diketik"),
    Col("dihitung_dari.jenis", "Saring: jenis", 14, ket="hanya baris register dengan jenis ini"),
    Col("dihitung_dari.kategori", "Saring: kategori", 16, "daftar", ket="kategori dipisah titik koma"),
    Col("dihitung_dari.pihak_lain", "Saring: dengan pihak lain", 10, "ya", pilihan=(YES,)),
    Col("dihitung_dari.kolom", "Kolom register", 14, ket="untuk register per kolom (Reg Desa): idm, tema, ..."),
    Col("diketik", "Diketik", 8, "ya", pilihan=(YES,), ket="Ya bila nilainya diketik dari sumber lain"),
    Col("ambang", "Ambang", 8, "angka", ket="untuk jenis jumlah_di_atas"),
    Col("formula", "Rumus / penjelasan", 36, wajib=True),
    Col("satuan", "Satuan", 8, wajib=True),
    Col("polaritas", "Polaritas", 9, pilihan=POLARITIES, ket="naik: makin tinggi makin baik; turun: sebaliknya"),
    Col("rekap", "Rekap triwulan", 11, pilihan=ROLLUPS, wajib=True),
    Col("sumber_data", "Sumber data", 28, wajib=True),
    Col("penanggung_jawab", "Penanggung jawab", 20, wajib=True),
    Col("catatan", "Catatan", 24),
), "Satu baris satu indikator. Kolom Kecamatan: 'semua' bila seluruh kecamatan memakainya (IKU bersama).")

TARGET_FIXED = (
    KEC_MANY, JAB_COL,
    Col("indikator", "ID indikator", 18, wajib=True),
    Col("nama", "Indikator", 36, ket="pengingat saja; tidak dibaca"),
)
TARGET = Sheet("Target", "TARGET PER KECAMATAN DAN TAHUN (RENSTRA)", TARGET_FIXED,
               "Target tiap indikator per kecamatan dan tahun: angka, atau rentang seperti 80–90. "
               "Judul kolom tahun boleh ditambah.")

DESA = Sheet("Desa", "DESA DAN KELURAHAN (KEMENDAGRI)", (
    KEC_COL,
    Col("kode", "Kode", 15), Col("nama", "Nama", 24), Col("jenis", "Jenis", 10),
), "Desa dan kelurahan tiap kecamatan menurut Kepmendagri, dari kodenya: untuk dibaca. Templat mengisi daftar desanya "
   "dari kode Kemendagri di lembar Kecamatan.", terkunci=True)

REGISTER = Sheet("Register", "REGISTER BARU (BILA PERLU)", (
    Col("id", "ID", 14, wajib=True, ket="huruf kecil; dipakai di kolom Register lembar Indikator"),
    Col("lembar", "Nama lembar", 18, wajib=True, ket="diawali 'Reg ', paling panjang 31 huruf"),
    Col("awalan", "Awalan nama", 12, wajib=True, ket="awal nama rentang Excel, mis. Pengaduan"),
    Col("judul", "Judul", 30, wajib=True),
    Col("catatan", "Catatan pengisian", 40, wajib=True),
    Col("baris", "Banyak baris", 8, "bulat", wajib=True),
    Col("periode", "Kolom triwulan", 12, ket="ID kolom yang memuat triwulan tiap baris"),
    Col("saring", "Dapat disaring", 12, "daftar", ket="; ".join(FILTER_COLUMNS)),
    Col("nama_baris", "Kolom nama baris", 12),
    Col("ringkasan", "Ringkasan", 9, pilihan=("skm",)),
    Col("isian.id", "Isian: ID", 10), Col("isian.judul", "Isian: judul", 20),
    Col("isian.nama", "Isian: nama", 16), Col("isian.jenis", "Isian: jenis", 9, pilihan=("bulat", "desimal")),
), "Register yang belum ada di iku-excel: satu baris per register; kolomnya di Kolom Register, cara hitungnya di "
   "Hitung Register.")

KOLOM = Sheet("Kolom Register", "KOLOM REGISTER BARU", (
    Col("register", "Register", 14, wajib=True),
    Col("id", "ID kolom", 12, wajib=True),
    Col("judul", "Judul kolom", 22, wajib=True),
    Col("lebar", "Lebar", 7, "angka", wajib=True),
    Col("jenis", "Jenis", 11, pilihan=tuple(COLUMN_TYPES), wajib=True),
    Col("pilihan", "Pilihan", 30, ket="kata dipisah titik koma, atau nama daftar (Daftar_Desa)"),
    Col("min", "Min", 7, "angka"), Col("maks", "Maks", 7, "angka"),
    Col("wajib", "Wajib", 7, "ya", pilihan=(YES,)), Col("unik", "Unik", 7, "ya", pilihan=(YES,)),
    Col("maks_profil", "Maks dari Profil", 14),
    Col("rumus", "Rumus", 16, pilihan=tuple(RUMUS), ket="untuk kolom berjenis rumus"),
    Col("argumen", "Argumen rumus", 30, ket="ID kolom; atau nama=ID; nama=ID (lihat Petunjuk)"),
), "Kolom register baru, berurutan dari kiri; kolom rumus di kanan.")

HITUNG = Sheet("Hitung Register", "CARA MENGHITUNG REGISTER BARU", (
    Col("register", "Register", 14, wajib=True),
    Col("jenis", "Jenis indikator", 13, pilihan="Daftar_Jenis", wajib=True),
    Col("tanda", "Kolom Ya", 10), Col("terisi", "Kolom terisi", 10), Col("bukti", "Kolom bukti", 10),
    Col("jumlahkan", "Kolom dijumlah", 10), Col("label", "Kolom label", 10), Col("kolom", "Dibaca per kolom", 10),
    Col("nilai", "Kolom nilai", 10),
    Col("bila", "Bila", 30, ket="Kolom: kata; kata (satu kolom per baris sel)"),
), "Bagaimana tiap jenis indikator menghitung baris register baru.")

SHEETS = (KECAMATAN, URAIAN, JABATAN, INDIKATOR, TARGET, DESA, REGISTER, KOLOM, HITUNG)
SHEET = {s.nama: s for s in SHEETS}


@dataclass(frozen=True)
class Problem:
    sheet: str
    cell: str  # "D7", or "" for the sheet as a whole
    message: str
    warning: bool = False

    def __str__(self) -> str:
        where = f"{self.sheet}!{self.cell}" if self.cell else self.sheet
        return f"{where}: {self.message}"


def cell_ref(row: int, col: int) -> str:
    """1-based row, 0-based column: "D7"."""
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row}"


# ---- models -> rows ------------------------------------------------------------------------------

def _text_of(value, jenis: str):
    if value is None or value is False:
        return None
    if value is True:
        return YES
    if jenis == "daftar" or isinstance(value, (tuple, list)):
        return "; ".join(value)
    return value


def _flat(data: dict, sheet: Sheet, extra: dict | None = None) -> dict:
    row = dict(extra or {})
    for col in sheet.kolom:
        if col.key in row:
            continue
        value = data
        for part in col.key.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        row[col.key] = _text_of(value, col.jenis)
    return row


def export_rows(instansi: list[Instansi], registers: list[RegisterDecl] = (), years: tuple[int, ...] = ()) -> dict:
    """The rows of every sheet for these catalogs (and region registers): {sheet name: [row]},
    each row {column key: value}; Target's rows carry their years as int keys."""
    rows: dict[str, list[dict]] = {s.nama: [] for s in SHEETS}
    for inst in instansi:
        data = inst.model_dump()
        rows["Kecamatan"].append(_flat(data, KECAMATAN))
        owners = [(None, data)] + [(jab["id"], jab) for jab in data["jabatan"]]
        for jab_id, owner in owners:
            for part in PARTS:
                for text in owner.get(part, ()):
                    rows["Uraian"].append({KEC: inst.id, "jabatan": jab_id, "bagian": part, "teks": text})
        for jab in data["jabatan"]:
            rows["Jabatan"].append(_flat(jab, JABATAN, {KEC: inst.id}))
        for jab_id, owner in owners:
            for ind in owner["indikator"]:
                inputs = list(KINDS[ind["jenis"]].inputs)
                extra = {KEC: inst.id, "jabatan": jab_id, **{
                    f"masukan.{i}": ind["masukan"].get(name) for i, name in enumerate(inputs, 1)}}
                rows["Indikator"].append(_flat(ind, INDIKATOR, extra))
                if ind["target"]:
                    rows["Target"].append({KEC: inst.id, "jabatan": jab_id, "indikator": ind["id"],
                                           "nama": ind["nama"], **ind["target"]})
        for village in _villages(inst):
            rows["Desa"].append({KEC: inst.id, "kode": village.kode, "nama": village.nama, "jenis": village.jenis})
    for decl in registers:
        data = decl.model_dump()
        isian = data["isian"][0] if data["isian"] else {}
        rows["Register"].append(_flat({**data, "isian": isian}, REGISTER))
        for column in data["kolom"]:
            rumus = next(iter(column["rumus"].items())) if column["rumus"] else (None, None)
            pilihan = column["pilihan"]
            rows["Kolom Register"].append(_flat(column, KOLOM, {
                "register": decl.id, "rumus": rumus[0], "argumen": _argument_text(rumus[1]),
                "pilihan": pilihan if isinstance(pilihan, str) else ("; ".join(pilihan) or None)}))
        for kind, count in data["hitung"].items():
            bila = "\n".join(f"{c}: {'; '.join(words)}" for c, words in count["bila"].items()) or None
            rows["Hitung Register"].append(_flat(count, HITUNG, {"register": decl.id, "jenis": kind, "bila": bila}))
    rows["years"] = sorted({y for r in rows["Target"] for y in r if isinstance(y, int)} | set(years))
    return rows


def _villages(inst: Instansi):
    from iku_excel.catalog.regions import villages

    return villages(inst)


def _argument_text(value) -> str | None:
    """A formula column's argument in a cell: "Diterima", "A, B", or "selesai=X; batas=Y"."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)):
        return ", ".join(value)
    return "; ".join(f"{k}={_argument_text(v)}" for k, v in value.items())
