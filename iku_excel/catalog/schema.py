"""What a catalog file may say: the pydantic models behind iku_excel/data/instansi/*.yaml.

A catalog file describes one instansi (a Kecamatan) and its indicators: the
IKU of the office, and the IKI of each jabatan. The formula kinds and their
named inputs are fixed here, because each kind is one function of
iku_excel.calc; everything else is data.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from iku_excel.calc.capaian import POLARITIES, ROLLUPS
from iku_excel.catalog.kinds import KINDS

SLUG = re.compile(r"^[a-z][a-z0-9_]*$")


def _slug(value: str) -> str:
    if not SLUG.match(value):
        raise ValueError("id harus huruf kecil, angka dan garis bawah, diawali huruf")
    return value


# A stable id: lower case, digits and underscores, starting with a letter.
Slug = Annotated[str, AfterValidator(_slug)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Register(Strict):
    """Where an indicator's realisasi comes from in the workbook: a register of the catalog
    (iku_excel/data/register.yaml, or a region's), checked against its declaration when the
    catalog is loaded (loader.check_sources)."""

    nama: Slug
    # Filters for registers that hold several kinds of rows (each register says which it
    # understands): the "kasus" register holds both konflik sosial and trantibum cases.
    jenis: str | None = None
    kategori: tuple[str, ...] | None = None  # kegiatan: e.g. [Fasilitasi, Koordinasi]
    pihak_lain: bool = False  # kegiatan: only rows that name the other instansi or lembaga
    # For a register read by column (Reg Desa): which one ("idm", "tema", "administrasi_baik").
    kolom: str | None = None


class Indicator(Strict):
    id: Slug = Field(description="stable id within the instansi, lower_case")
    nama: str = Field(description="the indicator's name as the seed writes it")
    # The exact spelling in the source where `nama` mends an extraction error
    # or a typo, so the seed test can still find it.
    nama_sumber: str | None = None
    sasaran: str
    jenis: Literal[tuple(KINDS)]  # type: ignore[valid-type]
    masukan: dict[str, str] = Field(default_factory=dict, description="labels of the named inputs")
    formula: str = Field(description="the formula or explanation as the seed writes it")
    satuan: str
    polaritas: Literal[POLARITIES] = "naik"  # type: ignore[valid-type]
    rekap: Literal[ROLLUPS]  # type: ignore[valid-type]
    target: dict[int, float | str] = Field(default_factory=dict, description="target per tahun; text for a range")
    sumber_data: str
    penanggung_jawab: str
    dihitung_dari: Register | None = None
    # Typed by hand in the workbook, with nothing behind it in a register: a value someone
    # else publishes (an index), or a region's indicator that has no register yet.
    diketik: bool = False
    ambang: float | None = None
    catatan: str | None = None

    @model_validator(mode="after")
    def _inputs(self):
        allowed = KINDS[self.jenis].inputs
        unknown = set(self.masukan) - set(allowed)
        if unknown:
            raise ValueError(f"masukan {sorted(unknown)} tidak dikenal untuk jenis '{self.jenis}'; yang dikenal: {list(allowed)}")
        if self.rekap == "kumulatif" and not KINDS[self.jenis].whole:
            raise ValueError(f"rekap 'kumulatif' menjumlahkan nilai triwulan, dan nilai jenis '{self.jenis}' tidak dapat "
                             "dijumlahkan (persentase atau indeks); pilih 'nilai_akhir' atau 'rata_rata'")
        if self.jenis == "jumlah_di_atas" and self.ambang is None:
            raise ValueError("jenis 'jumlah_di_atas' memerlukan 'ambang'")
        source = self.dihitung_dari
        if source is None:
            if not self.diketik:
                raise ValueError("indikator tanpa register: isi 'dihitung_dari' (register yang menghitungnya, "
                                 "mis. {nama: catatan} untuk jumlah kegiatan), atau tandai 'diketik: true' bila "
                                 "nilainya memang diketik dari sumber lain")
            if KINDS[self.jenis].typed is None:
                raise ValueError(f"jenis '{self.jenis}' dihitung dari register: isi 'dihitung_dari'")
        elif self.diketik:
            raise ValueError("indikator yang dihitung dari register tidak 'diketik'")
        from iku_excel.calc.numbers import parse_target

        for year, value in self.target.items():
            try:
                parse_target(value)
            except ValueError as exc:
                raise ValueError(f"target {year}: {exc}") from None
        return self

    def input_labels(self) -> dict[str, str]:
        """Every named input of this indicator's kind, with its label."""
        return {name: self.masukan.get(name, default) for name, default in KINDS[self.jenis].inputs.items()}


class Signatory(Strict):
    tempat: str | None = None  # some seeds end without place or date
    tanggal: dt.date | None = None
    jabatan: str
    nama: str
    nip: str
    pangkat: str | None = None


class Holder(Strict):
    """Who holds a jabatan and signs its IKI; the template's Profil starts from it."""

    nama: str
    nip: str | None = None
    pangkat: str | None = None


class Jabatan(Strict):
    id: Slug
    nama: str
    # Short name for the workbook sheet "IKI <singkatan>" (Excel allows 31 characters).
    singkatan: str | None = Field(default=None, max_length=27)
    atasan: str | None = None
    pemegang: Holder | None = None
    tugas: list[str] = Field(default_factory=list)
    fungsi: list[str] = Field(default_factory=list)
    indikator: list[Indicator] = Field(default_factory=list)


class Instansi(Strict):
    id: Slug
    nama: str
    kabupaten: str
    provinsi: str
    # the kecamatan's Kemendagri code ("35.08.03"): its desa and kelurahan fill the desa dropdowns
    kode_wilayah: str | None = Field(default=None, pattern=r"^\d{2}\.\d{2}\.\d{2}$")
    jenis_dokumen: Literal["IKU", "IKI"]
    tahun: int
    sumber: str = Field(description="the document this file was transcribed from")
    tugas: list[str] = Field(default_factory=list)
    fungsi: list[str] = Field(default_factory=list)
    tujuan: list[str] = Field(default_factory=list)
    indikator_tujuan: str | None = None
    # effective working days in the year when the seed states them (Ngantang: 247)
    hari_kerja_efektif: int | None = Field(default=None, ge=1, le=366)
    penandatangan: Signatory | None = None
    indikator: list[Indicator] = Field(default_factory=list, description="IKU of the office")
    jabatan: list[Jabatan] = Field(default_factory=list, description="IKI per jabatan")

    @model_validator(mode="after")
    def _unique(self):
        seen: set[str] = set()
        for ind in self.indikator:
            if ind.id in seen:
                raise ValueError(f"id indikator '{ind.id}' dipakai dua kali")
            seen.add(ind.id)
        jabatan_ids: set[str] = set()
        for jab in self.jabatan:
            if jab.id in jabatan_ids:
                raise ValueError(f"id jabatan '{jab.id}' dipakai dua kali")
            jabatan_ids.add(jab.id)
            own: set[str] = set()
            for ind in jab.indikator:
                if ind.id in own:
                    raise ValueError(f"id indikator '{ind.id}' dipakai dua kali di jabatan '{jab.id}'")
                own.add(ind.id)
        if not self.indikator and not any(j.indikator for j in self.jabatan):
            raise ValueError("instansi tanpa indikator: isi 'indikator' (IKU) atau 'jabatan[].indikator' (IKI)")
        return self


class ActivityType(Strict):
    nomor: int
    jenis: str
    uraian: list[str]
    output: list[str]


class ActivityCatalogue(Strict):
    sumber: str
    bukti_pendukung: list[str]
    fasilitasi: list[ActivityType]
    koordinasi: list[ActivityType]
    rekomendasi: list[ActivityType]
