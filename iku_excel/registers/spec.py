"""A register's layout, from its declaration in the catalog (iku_excel/data/register.yaml, or a
region's register file; schema: iku_excel.catalog.register_schema).

The builder writes a register from its layout, the checker reads it back and checks
it by the same layout, the recap and the demo read its rows through it. Nothing else
names a register's columns: adding a register is one declaration in a catalog file
(see the README, "Menambah register").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from xlsxwriter.utility import xl_col_to_name

from iku_excel.catalog.regions import VILLAGE_LIST
from iku_excel.catalog.register_schema import (
    COLUMN_TYPES,
    FILTER_COLUMNS,
    BanyakAngka,
    CountDecl,
    HeaderInput,
    JumlahBaris,
    RegisterDecl,
    StatusIdm,
    TepatWaktu,
    TepatWaktuDokumen,
    Total,
    TriwulanDari,
)
from iku_excel.registers.rows import (
    Derived,
    Tally,
    counted_amount,
    filled,
    idm_status_of,
    numbers_in,
    on_time,
    on_time_of_document,
    total_of,
    triwulan_of,
    where,
)

HEADER_ROW = 4  # 0-based: row 5 in Excel
FIRST_ROW = 5  # 0-based: data starts on row 6
HEADER_INPUT = (3, 4)  # 0-based (row, column) of an input typed above the table (Reg Izin: year N−1)


@dataclass(frozen=True)
class Column:
    key: str  # part of the defined name, e.g. "Triwulan"
    header: str
    width: float
    kind: str  # no, text, whole, decimal, date, list, answer, formula
    options: tuple[str, ...] | str = ()  # list values, or a defined name holding them
    minimum: float | None = None
    maximum: float | None = None
    unique: bool = False  # no two rows may hold the same value
    max_from: str | None = None  # a Profil cell bounding it when filled


@dataclass(frozen=True, eq=False)
class RegisterLayout:
    """One register: its sheet and columns, the formula columns computed per row, and how
    indicators count its rows. The builder writes it, the checker reads it back, the
    catalog checks the filters and kinds its indicators name against it."""

    key: str  # the catalog's register name
    sheet: str
    prefix: str  # defined names are PREFIX_COLUMNKEY
    title: str
    note: str
    rows: int
    columns: tuple[Column, ...]
    derived: tuple[Derived, ...] = ()  # the "formula" columns, computed per row
    period: str | None = None  # the column holding each row's triwulan
    counts: Mapping[str, CountDecl] = field(default_factory=dict)  # indicator kind -> how it counts the rows
    filters: tuple[str, ...] = ()  # the catalog filters it understands (FILTER_COLUMNS)
    required: tuple[str, ...] = ()  # columns a filled row must have (the checker says so)
    header: HeaderInput | None = None  # one input typed above the table, at HEADER_INPUT
    summary: str | None = None  # a summary block above the table ("skm")
    row_name: str | None = None  # the column naming a row in messages

    @property
    def kinds(self) -> tuple[str, ...]:
        """The indicator kinds this register's rows can compute."""
        return tuple(self.counts)

    @property
    def labelled_by(self) -> str | None:
        """The column naming, in each row, the indicator the row counts for (the Buku Catatan
        Kegiatan's "Indikator"), if indicators count its rows that way."""
        return next((c.label for c in self.counts.values() if c.label), None)

    @property
    def per_desa(self) -> str | None:
        """The column of a register kept one row per desa (a unique choice of the kecamatan's desa
        and kelurahan): a template starts with every desa in it, so that none is left out of a
        count "of all desa in the kecamatan" by an office that forgot its row."""
        return next((c.key for c in self.columns if c.unique and c.options == VILLAGE_LIST), None)

    @property
    def snapshot_columns(self) -> dict[str, str]:
        """For a register read once for the year by the catalog's `kolom` (Reg Desa): kolom -> kind."""
        return {c.kolom: kind for kind, c in self.counts.items() if c.kolom}

    def tallies(self, kind: str, filters: tuple, label: str | None) -> dict[str, Tally] | None:
        """An indicator's named inputs as tallies of this register's rows, given the indicator's
        filters (see `criteria`) and its label; None for a kind with a formula of its own
        (IKM, kehadiran, documents on time, desa snapshots)."""
        count = self.counts[kind]
        if count.kolom:  # read by column, once for the year: a formula of its own
            return None
        rows = filters + ((where(count.label, label),) if count.label else ())
        if kind == "persen" and (count.tanda or count.terisi):
            done = where(count.tanda, "Ya") if count.tanda else filled(count.terisi)
            return {"pembilang": Tally(rows + (done,)), "penyebut": Tally(rows)}
        if kind in COUNTED_INPUT and not count.kolom:
            return {COUNTED_INPUT[kind]: Tally(rows, total=count.jumlahkan)}
        return None

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


def answer_columns(width: float) -> tuple[Column, ...]:
    """The nine unsur of PermenPANRB 14/2017, named in the header as the regulation names them."""
    from iku_excel.calc.ikm import UNSUR_2017

    return tuple(Column(f"U{i}", f"U{i} {name}", width, "answer", minimum=1, maximum=4)
                 for i, name in enumerate(UNSUR_2017, 1))



# The input an indicator kind counted by a tally fills (a ratio fills pembilang and penyebut).
COUNTED_INPUT = {"jumlah": "jumlah", "pertumbuhan": "nilai_tahun_ini"}

# The formula columns a declaration may ask for: the vocabulary of iku_excel.registers.rows.
DERIVED = {
    TriwulanDari: lambda r, key: triwulan_of(r.triwulan_dari, key),
    TepatWaktu: lambda r, key: on_time(r.tepat_waktu.selesai, r.tepat_waktu.batas, key),
    JumlahBaris: lambda r, key: counted_amount(r.jumlah_baris.label, r.jumlah_baris.jumlah, key),
    TepatWaktuDokumen: lambda r, key: on_time_of_document(r.tepat_waktu_dokumen.dokumen, r.tepat_waktu_dokumen.desa, key),
    BanyakAngka: lambda r, key: numbers_in(r.banyak_angka, key),
    Total: lambda r, key: total_of(r.total.nama, r.total.kolom, key),
    StatusIdm: lambda r, key: idm_status_of(r.status_idm, key),
}


def layout(decl: RegisterDecl) -> RegisterLayout:
    """A register's layout from its declaration."""
    columns: list[Column] = []
    derived: list[Derived] = []
    for c in decl.kolom:
        if c.jenis == "unsur_skm":
            columns += answer_columns(c.lebar)
            continue
        columns.append(Column(c.id, c.judul, c.lebar, COLUMN_TYPES[c.jenis], c.pilihan, c.min, c.maks, c.unik,
                              c.maks_profil))
        if c.rumus is not None:
            derived.append(DERIVED[type(c.rumus)](c.rumus, c.id))
    return RegisterLayout(
        decl.id, decl.lembar, decl.awalan, decl.judul, decl.catatan, decl.baris, tuple(columns), tuple(derived),
        decl.periode, dict(decl.hitung), decl.saring, tuple(c.id for c in decl.kolom if c.wajib),
        decl.isian[0] if decl.isian else None, decl.ringkasan, decl.nama_baris)


_LAYOUTS: dict[int, tuple[object, dict[str, RegisterLayout]]] = {}


def layouts(catalog) -> dict[str, RegisterLayout]:
    """Every register of a catalog, by key, in the catalog's order (built once per catalog)."""
    hit = _LAYOUTS.get(id(catalog))
    if hit is None or hit[0] is not catalog:
        hit = _LAYOUTS[id(catalog)] = (catalog, {key: layout(decl) for key, decl in catalog.registers.items()})
    return hit[1]


def criteria(source) -> tuple:
    """The criteria of a catalog register reference's filters (dihitung_dari: {nama: kegiatan,
    kategori: [...]}): one per filter it sets, on the column FILTER_COLUMNS names."""
    made = []
    for name, column in FILTER_COLUMNS.items():
        value = getattr(source, name, None)
        if not value:
            continue
        if name == "pihak_lain":
            made.append(filled(column))
        else:
            made.append(where(column, *(value if isinstance(value, tuple) else (value,))))
    return tuple(made)


def log_label(item) -> str:
    """An indicator as the Buku Catatan Kegiatan's dropdown names it: whose it is, then its name.
    The characters COUNTIFS reads as wildcards are left out, so the label matches only itself."""
    owner = (item.jabatan.singkatan or item.jabatan.nama) if item.jabatan else "IKU"
    text = f"{owner}: {item.spec.nama}"
    return "".join(ch for ch in text if ch not in "*?~")[:250]
