"""What a register declaration may say: the pydantic models behind iku_excel/data/register.yaml
and a region's own register files.

A register is one declaration: its sheet, its columns (what a user fills, with type, bounds,
dropdown and whether it is required; and the formula columns computed per row, each from a
fixed vocabulary), the column holding each row's triwulan, and how indicators count its rows.
`iku_excel.registers.spec` turns a declaration into the layout that the template, the checker,
the recap and the demo all read; nothing else names a register's columns.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

# A column's type as a catalog writes it, and the code's name for it.
COLUMN_TYPES = {
    "nomor": "no",  # the row number
    "teks": "text",
    "bulat": "whole",
    "desimal": "decimal",
    "tanggal": "date",
    "pilihan": "list",  # a dropdown: `pilihan` lists the words, or names a list of the workbook
    "rumus": "formula",  # computed per row: `rumus` says how
    "unsur_skm": "answer",  # the nine unsur of PermenPANRB 14/2017, expanded to U1..U9
}
# The catalog filters an indicator may put on a register's rows, and the column each tests.
FILTER_COLUMNS = {"jenis": "Jenis", "kategori": "Kategori", "pihak_lain": "Pihak"}


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# ---- formula columns: one of a fixed vocabulary (iku_excel.registers.rows) -----------------------

class TriwulanDari(Strict):
    """The triwulan of a date column in the workbook's year ("Tahun lain" for another year)."""

    triwulan_dari: str


class OnTime(Strict):
    selesai: str
    batas: str


class TepatWaktu(Strict):
    """"Ya" when `selesai` is on or before `batas`, "Tidak" when late or not done."""

    tepat_waktu: OnTime


class CountedAmount(Strict):
    label: str
    jumlah: str


class JumlahBaris(Strict):
    """What a row adds to a count: its `jumlah`, or 1 when left blank (once `label` is filled)."""

    jumlah_baris: CountedAmount


class Document(Strict):
    dokumen: Literal["RKPDes", "APBDes", "LPPDes"]
    desa: str


class TepatWaktuDokumen(Strict):
    """A village document of the budget year on time by its deadline (DOMAIN.md)."""

    tepat_waktu_dokumen: Document


class BanyakAngka(Strict):
    """How many of the listed (adjacent) columns hold a number."""

    banyak_angka: tuple[str, ...] = Field(min_length=1)


class Sum(Strict):
    nama: str
    kolom: tuple[str, ...] = Field(min_length=1)


class Total(Strict):
    """The sum of the listed (adjacent) columns, once the row's `nama` is filled."""

    total: Sum


class StatusIdm(Strict):
    """The IDM status of a desa from its IDM value."""

    status_idm: str


Rumus = TriwulanDari | TepatWaktu | JumlahBaris | TepatWaktuDokumen | BanyakAngka | Total | StatusIdm


class ColumnDecl(Strict):
    id: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9_]*$", description="part of the defined name PREFIX_ID")
    judul: str
    lebar: int | float = Field(gt=0, le=100)
    jenis: Literal[tuple(COLUMN_TYPES)]  # type: ignore[valid-type]
    pilihan: tuple[str, ...] | str = ()  # a dropdown's words, or the defined name of a list
    min: int | float | None = None
    maks: int | float | None = None
    wajib: bool = False  # a filled row must have it (the checker says so)
    unik: bool = False  # no two rows may hold the same value (one desa, one row)
    # a number at most the value of this Profil cell when it is filled (days absent <= working days)
    maks_profil: str | None = Field(default=None, pattern=r"^Profil_[A-Za-z0-9]+$")
    rumus: Rumus | None = None

    @model_validator(mode="after")
    def _consistent(self):
        if (self.jenis == "rumus") != (self.rumus is not None):
            raise ValueError("kolom berjenis 'rumus' memerlukan 'rumus', dan hanya kolom itu yang boleh memilikinya")
        if (self.jenis == "pilihan") != bool(self.pilihan):
            raise ValueError("kolom berjenis 'pilihan' memerlukan 'pilihan', dan hanya kolom itu yang boleh memilikinya")
        if self.min is not None and self.maks is not None and self.min > self.maks:
            raise ValueError(f"'min' ({self.min:g}) lebih besar dari 'maks' ({self.maks:g})")
        return self


class CountDecl(Strict):
    """How an indicator kind counts a register's rows (after the indicator's own filters).
    persen: `tanda` (rows whose column says "Ya") or `terisi` (rows whose column is filled)
    out of all rows; jumlah or pertumbuhan: the rows, or the sum of `jumlahkan`, of the rows
    whose `label` column names the indicator when given; a desa snapshot: the `kolom` the
    catalog names, counting the rows whose columns hold one of the `bila` words."""

    tanda: str | None = None
    terisi: str | None = None
    bukti: str | None = None  # the evidence a row marked "Ya" by `tanda` needs (the checker says so)
    jumlahkan: str | None = None
    label: str | None = None
    kolom: str | None = None
    nilai: str | None = None  # the column whose values are compared with the indicator's ambang
    bila: dict[str, tuple[str, ...]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _one_numerator(self):
        if self.tanda and self.terisi:
            raise ValueError("pilih salah satu: 'tanda' atau 'terisi'")
        return self


class HeaderInput(Strict):
    """A single input typed above the table (Reg Izin: the permits of year N−1). `judul` and
    `nama` may say {tahun_lalu}."""

    id: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9_]*$")
    judul: str
    nama: str
    jenis: Literal["bulat", "desimal"] = "bulat"


class RegisterDecl(Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    lembar: str = Field(max_length=31, pattern=r"^Reg ")
    awalan: str = Field(pattern=r"^[A-Z][A-Za-z0-9]*$", description="defined names are AWALAN_KOLOM")
    judul: str
    catatan: str
    baris: int = Field(ge=1, le=5000)
    kolom: tuple[ColumnDecl, ...] = Field(min_length=1)
    periode: str | None = None  # the column holding each row's triwulan
    hitung: dict[str, CountDecl] = Field(min_length=1)  # indicator kind -> how it counts the rows
    saring: tuple[Literal[tuple(FILTER_COLUMNS)], ...] = ()  # type: ignore[valid-type]
    isian: tuple[HeaderInput, ...] = Field(default=(), max_length=1)
    ringkasan: Literal["skm"] | None = None  # Reg SKM's summary block (NRR, IKM, mutu) above the table
    nama_baris: str | None = None  # the column naming a row in the checker's messages (the desa, the pegawai)

    @model_validator(mode="after")
    def _references(self):
        ids = [c.id for c in self.kolom]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            raise ValueError(f"kolom {twice} dipakai dua kali")
        known = set(ids) | {f"U{i}" for c in self.kolom if c.jenis == "unsur_skm" for i in range(1, 10)}

        def need(column: str | None, what: str) -> None:
            if column is not None and column not in known:
                raise ValueError(f"{what} menyebut kolom '{column}', yang tidak ada; kolom: {', '.join(ids)}")

        for c in self.kolom:
            if c.rumus is not None:
                for value in c.rumus.model_dump().values():
                    for column in _columns_in(value):
                        need(column, f"rumus kolom '{c.id}'")
        need(self.periode, "periode")
        need(self.nama_baris, "nama_baris")
        for kind, count in self.hitung.items():
            for column in (count.tanda, count.terisi, count.bukti, count.jumlahkan, count.label, count.nilai,
                           *count.bila):
                need(column, f"hitung '{kind}'")
        for name in self.saring:
            need(FILTER_COLUMNS[name], f"saring '{name}'")
        if "pertumbuhan" in self.hitung and not self.isian:
            raise ValueError("hitung 'pertumbuhan' memerlukan nilai tahun lalu: isi 'isian' (satu isian di atas tabel)")
        if "ikm" in self.hitung and self.ringkasan != "skm":
            raise ValueError("hitung 'ikm' memerlukan 'ringkasan: skm' (NRR, IKM dan mutu di atas tabel)")
        formulas = [c.jenis == "rumus" for c in self.kolom]
        if formulas != sorted(formulas):
            # off the paper: a row nobody filled must hold nothing printable (see the README)
            raise ValueError("kolom rumus harus berada di kanan semua kolom yang diisi")
        return self


def _columns_in(value) -> list[str]:
    """The column names inside a formula declaration's arguments (the RKPDes-like document
    kinds of tepat_waktu_dokumen are column names too)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [c for v in value.values() for c in _columns_in(v)]
    if isinstance(value, (list, tuple)):
        return [c for v in value for c in _columns_in(v)]
    return []


class RegisterFile(Strict):
    """A file of register declarations: built-in (iku_excel/data/register.yaml) or a region's."""

    declarations: tuple[RegisterDecl, ...] = Field(alias="register", min_length=1)
