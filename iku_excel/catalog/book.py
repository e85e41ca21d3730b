"""The catalog as a workbook a regency fills in Excel: its sheets and columns, declared once,
and the translation between a sheet's rows and the catalog's models, both ways.

`book_xlsx` writes these sheets with XlsxWriter and reads them back with openpyxl; this module
knows only rows. One row of Indikator may serve every kecamatan ("semua") or a list of them,
because a kabupaten's kecamatan usually share their IKU; its targets are per kecamatan, in
Target. A catalog read back from a workbook equals the catalog it was written from (the
round-trip test compares the models), so a template made from either is the same.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from dataclasses import dataclass, field

from pydantic import ValidationError

from iku_excel.calc.capaian import POLARITIES, ROLLUPS
from iku_excel.catalog.kinds import KINDS
from iku_excel.catalog.names import name_key
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


# ---- rows -> models ------------------------------------------------------------------------------

@dataclass
class Reading:
    """What reading a workbook's rows gives: the models, and every problem at its cell."""

    file: str
    problems: list[Problem] = field(default_factory=list)
    instansi: list[Instansi] = field(default_factory=list)
    registers: list[RegisterDecl] = field(default_factory=list)

    def problem(self, sheet: str, cell: str, message: str, warning: bool = False) -> None:
        self.problems.append(Problem(sheet, cell, message, warning))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if not p.warning]


@dataclass
class Row:
    """One filled row of a sheet as read: its number (1-based), its cells by column key, and the
    column index of each key (for the cell of a problem)."""

    sheet: Sheet
    number: int
    cells: dict
    columns: dict  # key -> 0-based column

    def at(self, key: str) -> str:
        return cell_ref(self.number, self.columns.get(key, 0))


_NUMBER_TEXT = re.compile(r"^-?[\d.]+(,\d+)?$")


def convert(value, col: Col, row: Row, reading: Reading):
    """A cell's value as its column reads it, or None with a problem when it cannot be."""
    from iku_excel.calc.numbers import parse_number

    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    where = (row.sheet.nama, row.at(col.key))
    if col.jenis in ("teks", "daftar"):
        if isinstance(value, (dt.date, dt.datetime)):
            reading.problem(*where, f"{col.judul}: tertulis tanggal, semestinya teks")
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # a NIP or an id typed as a number
        text = str(value).strip()
        if col.jenis == "daftar":
            return tuple(w.strip() for w in text.split(";") if w.strip())
        if col.pilihan and isinstance(col.pilihan, tuple) and text not in col.pilihan:
            reading.problem(*where, f"{col.judul} '{text}' tidak dikenal; pilih: {', '.join(col.pilihan)}")
            return None
        return text
    if col.jenis == "ya":
        text = str(value).strip().casefold()
        if value is True or text in ("ya", "y", "true", "benar"):
            return True
        if value is False or text in ("tidak", "t", "false", "salah"):
            return False
        reading.problem(*where, f"{col.judul}: isi 'Ya' atau kosongkan (tertulis '{value}')")
        return None
    if col.jenis == "tanggal":
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = str(value).strip()
        for pattern in ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d", "%d.%m.%Y"):
            try:
                return dt.datetime.strptime(text, pattern).date()
            except ValueError:
                continue
        reading.problem(*where, f"{col.judul}: '{text}' bukan tanggal (tulis seperti 31-01-2026)")
        return None
    if col.jenis == "target":
        from iku_excel.calc.numbers import parse_target

        try:
            parse_target(value, col.judul)
        except ValueError as exc:
            reading.problem(*where, f"{exc}; isi angka, atau rentang seperti 80–90")
            return None
        return float(value) if isinstance(value, (int, float)) else _target_text(str(value).strip())
    try:  # bulat, angka
        number = parse_number(value, col.judul)
    except ValueError as exc:
        reading.problem(*where, str(exc))
        return None
    if col.jenis == "bulat":
        if number != int(number):
            reading.problem(*where, f"{col.judul}: isi bilangan bulat (tertulis {value})")
            return None
        return int(number)
    return int(number) if isinstance(value, int) else number


def _target_text(text: str):
    """A target typed as text: a plain number becomes the number; a range stays text."""
    from iku_excel.calc.numbers import parse_number

    if _NUMBER_TEXT.match(text):
        return float(parse_number(text, "target"))
    return text


def _nest(flat: dict) -> dict:
    """{"penandatangan.nip": x} -> {"penandatangan": {"nip": x}}; empty cells are left out, and
    so are groups with nothing filled (a flag left empty or "Tidak" is its default, False)."""
    out: dict = {}
    for key, value in flat.items():
        if value is None or value is False:
            continue
        target = out
        *parents, last = key.split(".")
        for part in parents:
            target = target.setdefault(part, {})
        target[last] = value
    return out


class Locations:
    """Where each part of a model's data was read: a pydantic error's location -> (sheet, cell,
    column title), so that a message can say "Kecamatan!M7: NIP wajib diisi"."""

    def __init__(self, root: tuple[str, str]):
        self.cells: dict[tuple, tuple[str, str, str]] = {(): (*root, "")}

    def put(self, loc: tuple, row: Row, keys: dict[str, str] | None = None) -> None:
        """The row's cells under `loc`: loc itself at the row's first cell, loc + field at each
        column (`keys` maps model field paths to column keys where they differ)."""
        base = tuple(map(str, loc))
        titles = {c.key: c.judul for c in row.sheet.kolom}
        self.cells[base] = (row.sheet.nama, row.at(next(iter(row.columns), "")), "")
        for field_path, key in [*((k, k) for k in row.columns if isinstance(k, str)), *(keys or {}).items()]:
            self.cells[base + tuple(field_path.split("."))] = (row.sheet.nama, row.at(key), titles.get(key, ""))

    def set(self, loc: tuple, sheet: str, cell: str, title: str = "") -> None:
        self.cells[tuple(map(str, loc))] = (sheet, cell, title)

    def find(self, loc: tuple) -> tuple[str, str, str]:
        loc = tuple(map(str, loc))
        while loc not in self.cells:
            loc = loc[:-1]
        return self.cells[loc]

    def say(self, reading: Reading, loc: tuple, message: str) -> None:
        sheet, cell, title = self.find(loc)
        reading.problem(sheet, cell, f"{title}: {message}" if title else message)


def read_rows(tables: dict[str, list[Row]], label: str, known_registers: dict[str, RegisterDecl]) -> Reading:
    """The catalog in a workbook's rows (see book_xlsx.read_tables), with every problem found."""
    reading = Reading(label)
    registers = _read_registers(tables, reading, known_registers)
    every = {**known_registers, **{d.id: d for d in registers}}
    reading.registers = registers
    _read_instansi(tables, reading, every)
    return reading


def _values(row: Row, reading: Reading, skip: tuple[str, ...] = ()) -> dict:
    out = {}
    for col in row.sheet.kolom:
        if col.key in skip or col.key not in row.cells:
            continue
        value = convert(row.cells[col.key], col, row, reading)
        if value is None and col.wajib:
            reading.problem(row.sheet.nama, row.at(col.key), f"{col.judul} wajib diisi")
        out[col.key] = value
    return out


def _kecamatan_refs(text, row: Row, key: str, reading: Reading, known: dict[str, str], many: bool) -> list[str]:
    """The kecamatan ids a cell names: ids or names (compared as name_key does), comma or
    semicolon separated when `many`, or "semua"."""
    if text is None:
        return []
    text = str(text)
    if many and name_key(text) == ALL:
        return sorted(set(known.values()), key=list(known.values()).index)
    parts = [p for p in re.split(r"[,;]", text) if p.strip()] if many else [text]
    out = []
    for part in parts:
        found = known.get(name_key(part))
        if found is None:
            reading.problem(row.sheet.nama, row.at(key), f"kecamatan '{part.strip()}' tidak ada di lembar Kecamatan"
                            + (f"; yang ada: {', '.join(dict.fromkeys(known.values()))}" if known else ""))
        else:
            out.append(found)
    return out


def _read_instansi(tables: dict[str, list[Row]], reading: Reading, registers: dict[str, RegisterDecl]) -> None:
    raw: dict[str, dict] = {}
    where: dict[str, Locations] = {}
    rows_of: dict[str, Row] = {}
    known: dict[str, str] = {}  # name_key of id and nama -> id
    for row in tables.get("Kecamatan", []):
        values = _values(row, reading)
        key = values.get("id")
        if key is None:
            continue
        if key in raw:
            reading.problem("Kecamatan", row.at("id"), f"ID kecamatan '{key}' dipakai dua kali (juga di baris "
                            f"{rows_of[key].number})")
            continue
        data = _nest(values)
        data.update({part: [] for part in PARTS}, indikator=[], jabatan=[])
        raw[key], rows_of[key] = data, row
        where[key] = Locations(("Kecamatan", row.at("id")))
        where[key].put((), row)
        known[name_key(key)] = key
        if values.get("nama"):
            known.setdefault(name_key(values["nama"]), key)
    jabatan: dict[tuple[str, str], dict] = {}
    jabatan_rows: dict[tuple[str, str], Row] = {}
    for row in tables.get("Jabatan", []):
        values = _values(row, reading, skip=(KEC,))
        for kec in _kecamatan_refs(row.cells.get(KEC), row, KEC, reading, known, many=False):
            key = values.get("id")
            if key is None:
                continue
            if (kec, key) in jabatan:
                reading.problem("Jabatan", row.at("id"), f"jabatan '{key}' dipakai dua kali di kecamatan '{kec}'")
                continue
            data = _nest(values)
            data.update(tugas=[], fungsi=[], indikator=[])
            raw[kec]["jabatan"].append(data)
            jabatan[(kec, key)], jabatan_rows[(kec, key)] = data, row
            where[kec].put(("jabatan", len(raw[kec]["jabatan"]) - 1), row)
            if not values.get("pemegang.nama"):
                reading.problem("Jabatan", row.at("pemegang.nama"),
                                f"jabatan '{values.get('nama') or key}' di kecamatan '{kec}' belum ada pemegangnya: "
                                "isi di sini, atau nanti di lembar Profil buku kerja", warning=True)

    def owner(row: Row, kec: str, values: dict) -> tuple[dict, tuple] | None:
        jab = values.get("jabatan")
        if not jab:
            return raw[kec], ()
        if (kec, jab) not in jabatan:
            reading.problem(row.sheet.nama, row.at("jabatan"), f"jabatan '{jab}' tidak ada di lembar Jabatan untuk "
                            f"kecamatan '{kec}'")
            return None
        index = raw[kec]["jabatan"].index(jabatan[(kec, jab)])
        return jabatan[(kec, jab)], ("jabatan", index)

    for row in tables.get("Uraian", []):
        values = _values(row, reading, skip=(KEC,))
        for kec in _kecamatan_refs(row.cells.get(KEC), row, KEC, reading, known, many=True):
            found = owner(row, kec, values)
            if found and values.get("bagian") and values.get("teks"):
                found[0][values["bagian"]].append(values["teks"])
                loc = found[1] + (values["bagian"], len(found[0][values["bagian"]]) - 1)
                where[kec].set(loc, "Uraian", row.at("teks"), "Uraian")
    indicator_rows: dict[tuple[str, str | None, str], tuple[Row, dict, tuple]] = {}
    broken: set[tuple[str | None, str]] = set()  # rows already reported: their targets are not reported again
    for row in tables.get("Indikator", []):
        values = _values(row, reading, skip=(KEC,))
        data = _indicator_data(values, row, reading)
        if data is None:
            broken.add((values.get("jabatan") or None, values.get("id")))
            continue
        for kec in _kecamatan_refs(row.cells.get(KEC), row, KEC, reading, known, many=True):
            found = owner(row, kec, values)
            if found is None:
                continue
            place, loc = found
            ident = (kec, values.get("jabatan") or None, data["id"])
            if ident in indicator_rows:
                reading.problem("Indikator", row.at("id"), f"ID indikator '{data['id']}' dipakai dua kali di kecamatan "
                                f"'{kec}'" + (f" jabatan '{ident[1]}'" if ident[1] else "")
                                + f" (juga di baris {indicator_rows[ident][0].number})")
                continue
            copy_ = copy.deepcopy(data)
            place["indikator"].append(copy_)
            loc = loc + ("indikator", len(place["indikator"]) - 1)
            indicator_rows[ident] = (row, copy_, loc)
            inputs = {f"masukan.{name}": f"masukan.{i}" for i, name in enumerate(KINDS[data["jenis"]].inputs, 1)}
            where[kec].put(loc, row, {"dihitung_dari": "dihitung_dari.nama", **inputs})
    for row in tables.get("Target", []):
        values = {c.key: convert(row.cells.get(c.key), c, row, reading) for c in TARGET_FIXED if c.key != KEC}
        for kec in _kecamatan_refs(row.cells.get(KEC), row, KEC, reading, known, many=True):
            ident = (kec, values.get("jabatan") or None, values.get("indikator"))
            if ident[1:] in broken:
                continue
            if ident not in indicator_rows:
                anywhere = any(i[1:] == ident[1:] for i in indicator_rows)
                reading.problem("Target", row.at("indikator"), f"indikator '{values.get('indikator')}'"
                                + (f" jabatan '{ident[1]}'" if ident[1] else "") + " tidak ada di lembar Indikator"
                                + (f" untuk kecamatan '{kec}'" if anywhere else ""))
                break
            _, data, loc = indicator_rows[ident]
            for key, col in ((k, c) for k, c in row.columns.items() if isinstance(k, int)):
                year_col = Col(key, f"Target {key}", 8, "target")
                value = convert(row.cells.get(key), year_col, row, reading)
                if value is not None:
                    data["target"][key] = value
                    where[kec].set(loc + ("target", key), "Target", row.at(key), f"Target {key}")
    for kec, data in raw.items():
        if not data["indikator"] and not any(j["indikator"] for j in data["jabatan"]):
            reading.problem("Kecamatan", rows_of[kec].at("id"), f"kecamatan '{kec}' belum punya indikator: tambahkan "
                            "baris di lembar Indikator (Kecamatan: ID ini atau 'semua')")
            continue
        _validate_instansi(data, where[kec], reading, registers)


def _indicator_data(values: dict, row: Row, reading: Reading) -> dict | None:
    data = _nest({k: v for k, v in values.items() if not k.startswith("masukan.") and k != "jabatan"})
    if "id" not in data or "jenis" not in data:
        return None
    kind = KINDS.get(data["jenis"])
    if kind is None:
        reading.problem("Indikator", row.at("jenis"), f"jenis '{data['jenis']}' tidak dikenal; yang dihitung "
                        f"iku-excel: {', '.join(KINDS)}")
        return None
    names = list(kind.inputs)
    masukan = {}
    for i in range(1, MAX_INPUTS + 1):
        label = values.get(f"masukan.{i}")
        if label is None:
            continue
        if i > len(names):
            reading.problem("Indikator", row.at(f"masukan.{i}"), f"jenis '{data['jenis']}' hanya punya {len(names)} "
                            f"masukan ({', '.join(names)}); kosongkan label masukan {i}")
            continue
        masukan[names[i - 1]] = label
    data["masukan"] = masukan
    data["target"] = {}
    source = data.get("dihitung_dari")
    if source is not None and "nama" not in source:
        reading.problem("Indikator", row.at("dihitung_dari.nama"), "saringan diisi tetapi Register kosong: isi "
                        "registernya, atau kosongkan saringan")
        return None
    return data


def _validate_instansi(data: dict, where: Locations, reading: Reading, registers: dict[str, RegisterDecl]) -> None:
    from iku_excel.catalog.loader import check_region, describe, source_problems

    try:
        inst = Instansi.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            where.say(reading, error["loc"], describe(error))
        return
    problems = source_problems(inst, registers)
    for loc, message in problems:
        where.say(reading, loc + ("dihitung_dari",), message)
    try:
        check_region(inst, reading.file)
    except ValueError as exc:
        where.say(reading, ("kode_wilayah",), str(exc).rsplit(": ", 1)[-1])
        return
    if not problems:
        reading.instansi.append(inst)


def _read_registers(tables: dict[str, list[Row]], reading: Reading, known: dict[str, RegisterDecl]) -> list[RegisterDecl]:
    from iku_excel.catalog.loader import describe

    out = []
    for row in tables.get("Register", []):
        values = _values(row, reading)
        if values.get("id") is None:
            continue
        data = _nest({k: v for k, v in values.items() if not k.startswith("isian.")})
        isian = _nest({k: v for k, v in values.items() if k.startswith("isian.")}).get("isian")
        data["isian"] = [isian] if isian else []
        where = Locations(("Register", row.at("id")))
        where.put((), row)
        if isian:
            where.put(("isian", 0), row, {f: f"isian.{f}" for f in ("id", "judul", "nama", "jenis")})
        data["kolom"], data["hitung"] = [], {}
        for col_row in tables.get("Kolom Register", []):
            if str(col_row.cells.get("register") or "").strip() != data["id"]:
                continue
            column = _nest(_values(col_row, reading, skip=("register", "rumus", "argumen", "pilihan")))
            pilihan = col_row.cells.get("pilihan")
            if pilihan not in (None, ""):
                text = str(pilihan).strip()
                column["pilihan"] = text if re.fullmatch(r"Daftar_\w+", text) else tuple(
                    w.strip() for w in text.split(";") if w.strip())
            rumus = _rumus(col_row, reading)
            if rumus is not None:
                column["rumus"] = rumus
            data["kolom"].append(column)
            where.put(("kolom", len(data["kolom"]) - 1), col_row)
        for count_row in tables.get("Hitung Register", []):
            if str(count_row.cells.get("register") or "").strip() != data["id"]:
                continue
            values = _values(count_row, reading, skip=("register", "bila"))
            kind = values.pop("jenis", None)
            if kind is None:
                continue
            count = _nest(values)
            bila = count_row.cells.get("bila")
            if bila:
                count["bila"] = {line.split(":", 1)[0].strip(): tuple(w.strip() for w in line.split(":", 1)[1].split(";")
                                                                      if w.strip())
                                 for line in str(bila).splitlines() if ":" in line}
            data["hitung"][kind] = count
            where.put(("hitung", kind), count_row)
        if not data["kolom"]:
            reading.problem("Register", row.at("id"), f"register '{data['id']}' belum punya kolom: isi lembar Kolom Register")
            continue
        if not data["hitung"]:
            reading.problem("Register", row.at("id"), f"register '{data['id']}' belum punya cara hitung: isi lembar "
                            "Hitung Register")
            continue
        unknown = [k for k in data["hitung"] if k not in KINDS]
        for kind in unknown:
            where.say(reading, ("hitung", kind, "jenis"), f"'{kind}' tidak dikenal; pilih: {', '.join(KINDS)}")
        if unknown:
            continue
        try:
            out.append(RegisterDecl.model_validate(data))
        except ValidationError as exc:
            for error in exc.errors():
                where.say(reading, error["loc"], describe(error))
    for sheet in ("Kolom Register", "Hitung Register"):
        ids = {str(r.cells.get("id")).strip() for r in tables.get("Register", [])}
        for row in tables.get(sheet, []):
            name = str(row.cells.get("register") or "").strip()
            if name and name not in ids:
                reading.problem(sheet, row.at("register"), f"register '{name}' tidak ada di lembar Register")
    return out


def _rumus(row: Row, reading: Reading) -> dict | None:
    name = row.cells.get("rumus")
    if name in (None, ""):
        return None
    name = str(name).strip()
    if name not in RUMUS:
        reading.problem(row.sheet.nama, row.at("rumus"), f"rumus '{name}' tidak dikenal; pilih: {', '.join(RUMUS)}")
        return None
    text = str(row.cells.get("argumen") or "").strip()
    annotation = RUMUS[name].model_fields[name].annotation
    return {name: _argument(text, annotation)}


def _argument(text: str, annotation):
    """The inverse of _argument_text, by the formula's declared argument type."""
    if annotation is str:
        return text
    if isinstance(annotation, type) and hasattr(annotation, "model_fields"):
        pairs = dict(p.split("=", 1) for p in text.split(";") if "=" in p)
        return {k.strip(): _argument(v.strip(), annotation.model_fields[k.strip()].annotation)
                for k, v in pairs.items() if k.strip() in annotation.model_fields}
    return tuple(p.strip() for p in text.split(",") if p.strip())
