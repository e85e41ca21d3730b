"""Plausible sample data for the demo: registers of an invented year of work.

Deterministic (seeded by instansi and tahun) so the demo, the sample
workbooks and the tests see the same numbers on every run. The desa are the
kecamatan's real ones (Kemendagri); pegawai names are invented ("Pegawai
Contoh 01"): real names belong to the office.
"""

from __future__ import annotations

import datetime as dt
import random
import zlib
from dataclasses import dataclass
from pathlib import Path

from iku_excel.calc.ikm import minimum_sample
from iku_excel.catalog import Catalog, CatalogIndicator
from iku_excel.catalog.calendar import working_days
from iku_excel.catalog.kinds import KINDS
from iku_excel.catalog.regions import villages
from iku_excel.catalog.schema import Instansi
from iku_excel.excel import is_number
from iku_excel.registers import Registers
from iku_excel.registers.spec import RegisterLayout, layouts, log_label
from iku_excel.templates.builder import WorkbookBuilder, catalog_profil
from iku_excel.templates.layout import COL_CAPAIAN, COL_PREDIKAT, COL_TAHUNAN, COL_TARGET
from iku_excel.templates.spec import TemplateSpec

PIHAK = ("Dinas PMD", "Puskesmas", "Polsek", "Koramil", "BPBD", "Dinas Pertanian", "Dinas Sosial", "Dispendukcapil")
# Documents a Kecamatan must produce in a year, with the day they are due (month, day).
DOKUMEN = (
    ("Perjanjian Kinerja", "Perencanaan", (1, 31)), ("DPA Kecamatan", "Perencanaan", (1, 31)),
    ("LKjIP", "Pelaporan", (2, 28)), ("Laporan triwulan I", "Pelaporan", (4, 10)),
    ("Renja Kecamatan", "Perencanaan", (5, 31)), ("Laporan triwulan II", "Pelaporan", (7, 10)),
    ("RKA Kecamatan", "Perencanaan", (8, 31)), ("Laporan triwulan III", "Pelaporan", (10, 10)),
    ("Laporan keuangan semester", "Pelaporan", (7, 31)), ("Rencana kerja tahun berikut", "Perencanaan", (11, 30)),
)
LAYANAN = ("KTP-el", "Kartu Keluarga", "Legalisasi", "Surat Keterangan", "Izin (PATEN)")


def _rng(instansi: str, tahun: int, variant: int = 0) -> random.Random:
    # crc32, not hash(): str hashes change between Python runs.
    key = f"{instansi}:{tahun}" + (f":{variant}" if variant else "")
    return random.Random(zlib.crc32(key.encode()))


def _date_near(rng: random.Random, deadline: dt.date, late_share: float) -> dt.date:
    if rng.random() < late_share:
        return deadline + dt.timedelta(days=rng.randint(1, 60))
    return deadline - dt.timedelta(days=rng.randint(0, 45))


def sample_registers(catalog: Catalog, instansi: Instansi, tahun: int, variant: int = 0) -> Registers:
    """Sample registers; `variant` > 0 gives another, equally plausible year (for the benchmark)."""
    rng = _rng(instansi.id, tahun, variant)
    registers = layouts(catalog)
    # the working days a template starts from: the catalog's own figure (Ngantang: 247), else the calendar
    data = Registers(tahun=tahun, hari_kerja_efektif=list(working_days(instansi, tahun).per_triwulan))

    # the kecamatan's real desa and kelurahan (Kemendagri); invented ones only where it has no code
    n_desa = rng.randint(10, 14)
    names = [v.nama for v in villages(instansi)] or [f"Desa Contoh {i + 1:02d}" for i in range(n_desa)]
    n_desa = len(names)
    desa, dokumen = data.rows.setdefault("desa", []), data.rows.setdefault("dokumen_desa", [])
    for i, name in enumerate(names):
        idm = round(rng.uniform(0.55, 0.90), 4)
        tema = rng.choice(registers["desa"].column("Tema").options) if rng.random() < 0.35 else None
        desa.append({"Nama": name, "IDM": idm, "Tema": tema, "AdmBaik": "Ya" if rng.random() < 0.8 else "Tidak"})
        rkpdes = _date_near(rng, dt.date(tahun - 1, 9, 30), 0.15)
        apbdes = _date_near(rng, dt.date(tahun - 1, 12, 31), 0.10)
        lppdes = None if i == n_desa - 1 else _date_near(rng, dt.date(tahun + 1, 3, 31), 0.10)
        dokumen.append({"Desa": name, "RKPDes": rkpdes, "APBDes": apbdes, "LPPDes": lppdes})

    # SKM: answers lean to 3 and 4, as Kecamatan surveys do; a few blanks.
    # at least the minimum sample of the population served (Krejcie–Morgan), as a real survey plans it
    population = rng.choice((100, 120, 150))
    n_resp = minimum_sample(population) + rng.randint(0, 15)
    skm = data.rows.setdefault("skm", [])
    for _ in range(n_resp):
        answers = {f"U{u}": None if rng.random() < 0.01 else float(rng.choices((1, 2, 3, 4), (1, 6, 55, 38))[0])
                   for u in range(1, 10)}
        skm.append({"Layanan": rng.choice(LAYANAN), **answers})
    data.skm_populasi = population
    data.skm_periode = f"Januari–Desember {tahun}"

    acts = catalog.activities
    kinds = [("Fasilitasi", a) for a in acts.fasilitasi] + [("Koordinasi", a) for a in acts.koordinasi] + [
        ("Rekomendasi", a) for a in acts.rekomendasi
    ]
    kegiatan = data.rows.setdefault("kegiatan", [])
    for tw in (1, 2, 3, 4):
        for _ in range(rng.randint(8, 14)):
            kategori, act = rng.choice(kinds)
            j = rng.randrange(len(act.uraian))
            done = rng.random() < 0.86
            kegiatan.append({
                "Triwulan": float(tw), "Kategori": kategori, "Jenis": act.jenis, "Uraian": act.uraian[j],
                "Output": act.output[min(j, len(act.output) - 1)],
                "Bukti": rng.choice(acts.bukti_pendukung) if done else None, "Ditindaklanjuti": "Ya" if done else "Tidak",
                "Pihak": rng.choice(PIHAK) if kategori != "Rekomendasi" else None,
            })

    pegawai = data.rows.setdefault("kehadiran", [])
    for i in range(rng.randint(14, 22)):
        absent = [float(rng.choice((0, 0, 0, 1, 1, 2, 3))) for _ in range(4)]
        nip = f"19{rng.randint(70, 99)}0101 20{rng.randint(10, 20)}01 1 0{i:02d}"
        pegawai.append({"Nama": f"Pegawai Contoh {i + 1:02d}", "NIP": nip,
                        **{f"TM{k + 1}": days for k, days in enumerate(absent)}})

    kasus = data.rows.setdefault("kasus", [])
    for tw in (1, 2, 3, 4):
        for jenis in registers["kasus"].column("Jenis").options:
            for _ in range(rng.randint(0 if tw == 3 else 1, 4)):  # some triwulan have no case of a kind
                kasus.append({"Triwulan": float(tw), "Jenis": jenis, "Tertangani": "Ya" if rng.random() < 0.85 else "Tidak",
                              "Uraian": f"{jenis} di {_desa_called(names[rng.randint(1, n_desa) - 1])}"})

    data.rows["izin"] = [{"Tanggal": _month_end(tahun, m), "JenisIzin": "Izin PATEN (rekap bulanan)",
                          "Uraian": f"Rekap izin bulan {m}", "Jumlah": float(rng.randint(8, 18))} for m in range(1, 13)]
    data.header["Izin_TahunLalu"] = float(rng.randint(110, 170))
    data.rows["pencairan"] = _pencairan(rng, tahun, registers["pencairan"].column("Jenis").options)
    data.rows["perencanaan"] = _perencanaan(rng, tahun, acts.bukti_pendukung)
    data.rows["catatan"] = _catatan(rng, catalog, instansi, tahun, acts.bukti_pendukung)

    for item in catalog.indicators(instansi.id):
        spec = item.spec
        kind = KINDS[spec.jenis]
        if spec.dihitung_dari is None:
            if kind.typed == "value" and kind.whole:
                data.langsung[item.full_id] = {spec.jenis: [float(rng.randint(2, 12)) for _ in range(4)]}
            elif kind.typed == "ratio":
                dens = [float(rng.randint(10, 30)) for _ in range(4)]
                nums = [float(min(d, round(d * rng.uniform(0.75, 1.0)))) for d in dens]
                cum_n = [sum(nums[: k + 1]) for k in range(4)]
                cum_d = [sum(dens[: k + 1]) for k in range(4)]
                data.langsung[item.full_id] = {"pembilang": cum_n, "penyebut": cum_d}
            else:  # a value published by others once a year, such as an index
                data.langsung[item.full_id] = {spec.jenis: [None, None, None, round(rng.uniform(3.2, 4.4), 2)]}
    # a register of the region's own, which no sampler above knows: rows drawn from its declaration
    used = {i.spec.dihitung_dari.nama for i in catalog.indicators(instansi.id) if i.spec.dihitung_dari}
    for key in sorted(used - set(data.rows)):
        data.rows[key] = declared_rows(_rng(f"{instansi.id}:{key}", tahun, variant), registers[key], tahun)
    _sample_targets(catalog, instansi, data, rng)
    return data


def declared_rows(rng: random.Random, reg: RegisterLayout, tahun: int) -> list[dict[str, object]]:
    """Plausible rows of any register, from its declaration alone: a few rows per triwulan (dated
    in it, or with its number where the triwulan is typed), each column filled by its type within
    its bounds and dropdown; a date that is not required is sometimes left blank."""
    period_date = next((d.sources[0] for d in reg.derived if d.key == reg.period), None)
    rows = []
    for tw in (1, 2, 3, 4):
        for n in range(rng.randint(3, 8)):
            day = _day_in(rng, tahun, tw)
            row: dict[str, object] = {}
            for c in reg.columns:
                if c.key == reg.period and c.kind != "formula":
                    row[c.key] = float(tw)
                elif c.kind == "date":
                    later = day + dt.timedelta(days=rng.randint(0, 20))
                    row[c.key] = day if c.key == period_date else (
                        later if c.key in reg.required or rng.random() < 0.8 else None)
                elif c.kind == "list" and isinstance(c.options, tuple):
                    row[c.key] = rng.choice(c.options)
                elif c.kind in ("whole", "decimal"):
                    low, high = c.minimum or 0, c.maximum if c.maximum is not None else 20
                    row[c.key] = float(rng.randint(int(low), int(high))) if c.kind == "whole" else round(
                        rng.uniform(low, high), 2)
                elif c.kind == "text":
                    row[c.key] = f"Contoh {c.header.lower()} {tw}.{n + 1}"
            rows.append(row)
    return rows


def _desa_called(name: str) -> str:
    return name if name.startswith("Desa ") else f"Desa {name}"


def _month_end(tahun: int, month: int) -> dt.date:
    return dt.date(tahun + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)


def _day_in(rng: random.Random, tahun: int, tw: int, last_day: int = 28) -> dt.date:
    return dt.date(tahun, 3 * (tw - 1) + rng.randint(1, 3), rng.randint(1, last_day))


def _pencairan(rng: random.Random, tahun: int, kinds: tuple[str, ...]) -> list[dict[str, object]]:
    rows = []
    for tw in (1, 2, 3, 4):
        for _ in range(rng.randint(5, 9)):
            jenis = rng.choice(kinds)
            asked = _day_in(rng, tahun, tw, 20 if tw == 4 else 28)
            due = asked + dt.timedelta(days=rng.choice((7, 10, 14)))
            paid = None if rng.random() < 0.05 else asked + dt.timedelta(days=rng.randint(2, 12) if rng.random() < 0.9
                                                                          else rng.randint(15, 30))
            rows.append({"Jenis": jenis, "Nomor": f"{jenis}/{len(rows) + 1:03d}/{tahun}", "Diajukan": asked, "Batas": due,
                         "Cair": paid})
    return rows


def _perencanaan(rng: random.Random, tahun: int, bukti: list[str]) -> list[dict[str, object]]:
    rows = []
    for name, jenis, (month, day) in DOKUMEN:
        due = dt.date(tahun, month, day)
        done = due + dt.timedelta(days=rng.randint(1, 20)) if rng.random() < 0.15 else due - dt.timedelta(days=rng.randint(0, 12))
        rows.append({"Dokumen": name, "Jenis": jenis, "Batas": due, "Selesai": done, "Bukti": rng.choice(bukti)})
    return rows


def _catatan(rng: random.Random, catalog: Catalog, instansi: Instansi, tahun: int, bukti: list[str]) -> list[dict[str, object]]:
    """The Buku Catatan Kegiatan: a few rows per counted indicator and triwulan; services counted
    in bulk (jumlah filled), a stock such as assets recorded once and then added to."""
    rows = []
    for item in catalog.indicators(instansi.id):
        source = item.spec.dihitung_dari
        if source is None or source.nama != "catatan":
            continue
        label = log_label(item)
        bulk = any(w in item.spec.nama.lower() for w in ("pelayanan", "surat", "administrasi"))
        for tw in (1, 2, 3, 4):
            if item.spec.rekap == "nilai_akhir" and tw == 1:  # a stock: the inventory at the start of the year
                rows.append({"Tanggal": _day_in(rng, tahun, 1), "Indikator": label, "Uraian": "Inventarisasi awal tahun",
                             "Jumlah": float(rng.randint(20, 60)), "Bukti": rng.choice(bukti)})
                continue
            for _ in range(rng.randint(0 if item.spec.rekap == "nilai_akhir" else 1, 3)):
                rows.append({"Tanggal": _day_in(rng, tahun, tw), "Indikator": label,
                             "Uraian": item.spec.nama.replace("Jumlah ", "", 1)[:80],
                             "Jumlah": float(rng.randint(10, 60)) if bulk else None, "Bukti": rng.choice(bukti)})
    rows.sort(key=lambda r: r["Tanggal"])
    return rows


GIVEN = ("Agus", "Sri", "Bambang", "Dwi", "Eko", "Rina", "Hadi", "Yuliana", "Slamet", "Wahyu", "Nur", "Ika",
         "Budi", "Siti", "Teguh", "Endang")
FAMILY = ("Santoso", "Wahyuni", "Prasetyo", "Lestari", "Hidayat", "Rahayu", "Setiawan", "Kusuma", "Susanto",
          "Purnomo", "Handayani", "Saputra")
PANGKAT = ("Pembina (IV/a)", "Penata Tingkat I (III/d)", "Penata (III/c)", "Penata Muda Tingkat I (III/b)",
           "Penata Muda (III/a)", "Pengatur (II/c)")


def sample_signers(instansi: Instansi, tahun: int) -> dict[str, tuple[str, str, str]]:
    """An invented holder for every jabatan with an IKI: a name, an 18-digit NIP (birth date,
    appointment month, sex, number) and a pangkat that goes with the jabatan's level."""
    rng = _rng(instansi.id, tahun, 99)
    signers = {}
    for i, jab in enumerate(j for j in instansi.jabatan if j.indikator):
        name = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"
        degree = ", S.STP, M.Si" if i == 0 else rng.choice((", S.Sos", ", S.AP", ", S.E", "", ", A.Md"))
        born = dt.date(rng.randint(1968, 1992), rng.randint(1, 12), rng.randint(1, 28))
        appointed = (born.year + rng.randint(22, 28), rng.randint(1, 12))
        nip = f"{born:%Y%m%d} {appointed[0]}{appointed[1]:02d} {rng.randint(1, 2)} {rng.randint(1, 20):03d}"
        level = min(len(PANGKAT) - 1, 0 if i == 0 else 1 if i == 1 else rng.randint(2, len(PANGKAT) - 1))
        signers[jab.id] = (name + degree, nip, PANGKAT[level])
    return signers


def _sample_targets(catalog: Catalog, instansi: Instansi, data: Registers, rng: random.Random) -> None:
    """Targets for the indicators whose catalog has none for this year: close
    to what the sample year achieves, as a real Perjanjian Kinerja would be. What
    it achieves is what the template computes from the sample rows (its plan)."""
    achieved = {f.item.full_id: f.realisasi for f in figures(WorkbookBuilder(catalog, instansi, data.tahun, data=data).spec())}
    for item in catalog.indicators(instansi.id):
        spec = item.spec
        if data.tahun in spec.target:
            continue
        if spec.jenis == "ikm":
            data.target[item.full_id] = 85.0
            continue
        if spec.satuan == "%" and spec.jenis != "pertumbuhan":
            data.target[item.full_id] = float(rng.choice((80, 85, 90, 95)))
            continue
        value = achieved[item.full_id]
        if not is_number(value):
            continue
        if spec.jenis == "pertumbuhan":
            data.target[item.full_id] = float(rng.choice((5, 10, 15)))
        elif spec.jenis == "nilai":
            data.target[item.full_id] = round(value * rng.uniform(0.9, 1.1), 2)
        else:
            factor = rng.uniform(0.95, 1.3) if spec.polaritas == "turun" else rng.uniform(0.85, 1.12)
            data.target[item.full_id] = float(max(1, round(value * factor)))


@dataclass(frozen=True)
class Figure:
    """One indicator's row as the workbook computes it: each a number, a text, or a "#..." message."""

    item: CatalogIndicator
    target: object
    realisasi: object
    capaian: object
    predikat: object


def figures(spec: TemplateSpec) -> list[Figure]:
    """Every indicator's target, realisasi tahunan, capaian and predikat, read from the template's
    own formula plan evaluated over the builder's data: the demo prints what the workbook shows."""
    rows = {full_id: (sheet, row) for (sheet, row, _c), full_id in spec.target_cells.items()}
    out = []
    for item in spec.items:
        sheet, row = rows[item.full_id]
        computed = [spec.values.get((sheet, row, col + 1)) for col in (COL_TAHUNAN, COL_CAPAIAN, COL_PREDIKAT)]
        out.append(Figure(item, spec.written.get((sheet, row, COL_TARGET + 1)), *computed))
    return out


def sample_builder(catalog: Catalog, instansi_id: str, tahun: int, variant: int = 0) -> WorkbookBuilder:
    """The builder of a sample workbook: the template with the demo's sample data."""
    inst = catalog.get(instansi_id)
    data = sample_registers(catalog, inst, tahun, variant)
    sig = inst.penandatangan
    place = (sig.tempat if sig and sig.tempat else inst.nama.replace("Kecamatan ", ""))
    profil = catalog_profil(inst)
    profil.tempat_tanggal = f"{place}, 15 Januari {tahun + 1}"
    profil.triwulan = 4
    profil.signers = {**sample_signers(inst, tahun), **profil.signers}  # invented where the catalog names nobody
    return WorkbookBuilder(catalog, inst, tahun, data=data, profil=profil, targets=data.target)


def build_sample(catalog: Catalog, instansi_id: str, tahun: int, path: str | Path, variant: int = 0) -> Path:
    """A copy of the template filled with the demo's sample data, with correct cached values."""
    return sample_builder(catalog, instansi_id, tahun, variant).write(path)
