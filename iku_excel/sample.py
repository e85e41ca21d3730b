"""Plausible sample data for the demo: registers of an invented year of work.

Deterministic (seeded by instansi and tahun) so the demo, the sample
workbooks and the tests see the same numbers on every run. Desa and pegawai
names are invented ("Desa Contoh 01"): real names belong to the office.
"""

from __future__ import annotations

import datetime as dt
import random
import zlib

from iku_excel.catalog import Catalog
from iku_excel.catalog.schema import Instansi
from iku_excel.registers import KASUS_JENIS, Desa, Kasus, Kegiatan, Pegawai, Registers

TEMA = ("Desa Wisata", "Desa Budaya", "Desa Peternakan", "Desa UMKM", "Desa Perikanan")
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
    days = [61.0, 58.0, 64.0, 59.0]  # about 242 working days, a parameter per year
    data = Registers(tahun=tahun, hari_kerja_efektif=days)

    n_desa = rng.randint(10, 14)
    for i in range(n_desa):
        desa = Desa(nama=f"Desa Contoh {i + 1:02d}")
        desa.idm = round(rng.uniform(0.55, 0.90), 4)
        desa.tema = rng.choice(TEMA) if rng.random() < 0.35 else None
        desa.administrasi_baik = rng.random() < 0.8
        desa.rkpdes = _date_near(rng, dt.date(tahun - 1, 9, 30), 0.15)
        desa.apbdes = _date_near(rng, dt.date(tahun - 1, 12, 31), 0.10)
        desa.lppdes = None if i == n_desa - 1 else _date_near(rng, dt.date(tahun + 1, 3, 31), 0.10)
        data.desa.append(desa)

    # SKM: answers lean to 3 and 4, as Kecamatan surveys do; a few blanks.
    n_resp = rng.randint(90, 120)
    for _ in range(n_resp):
        row: list[float | None] = []
        for _u in range(9):
            row.append(None if rng.random() < 0.01 else float(rng.choices((1, 2, 3, 4), (1, 6, 55, 38))[0]))
        data.skm.append(row)
        data.skm_layanan.append(rng.choice(LAYANAN))
    data.skm_populasi = rng.choice((100, 120, 150))

    acts = catalog.activities
    kinds = [("Fasilitasi", a) for a in acts.fasilitasi] + [("Koordinasi", a) for a in acts.koordinasi] + [
        ("Rekomendasi", a) for a in acts.rekomendasi
    ]
    for tw in (1, 2, 3, 4):
        for _ in range(rng.randint(8, 14)):
            kategori, act = rng.choice(kinds)
            j = rng.randrange(len(act.uraian))
            data.kegiatan.append(Kegiatan(
                triwulan=tw, kategori=kategori, jenis=act.jenis, uraian=act.uraian[j],
                output=act.output[min(j, len(act.output) - 1)], bukti=rng.choice(acts.bukti_pendukung),
                ditindaklanjuti=rng.random() < 0.86,
            ))

    for i in range(rng.randint(14, 22)):
        absent = [float(rng.choice((0, 0, 0, 1, 1, 2, 3))) for _ in range(4)]
        data.pegawai.append(Pegawai(nama=f"Pegawai Contoh {i + 1:02d}", nip=f"19{rng.randint(70, 99)}0101 20{rng.randint(10, 20)}01 1 0{i:02d}", tidak_masuk=absent))

    for tw in (1, 2, 3, 4):
        for jenis in KASUS_JENIS:
            for _ in range(rng.randint(1, 4)):
                data.kasus.append(Kasus(tw, jenis, f"{jenis} di Desa Contoh {rng.randint(1, n_desa):02d}", rng.random() < 0.85))

    data.izin = {tahun - 1: float(rng.randint(120, 180)), tahun: float(rng.randint(130, 200))}

    for item in catalog.indicators(instansi.id):
        spec = item.spec
        if spec.dihitung_dari is None:
            if spec.jenis == "jumlah":
                per_tw = [float(rng.randint(2, 12)) for _ in range(4)]
                if spec.rekap == "nilai_akhir":  # a stock (assets, data): grows slowly
                    base = rng.randint(20, 60)
                    per_tw = [float(base + k * rng.randint(0, 3)) for k in range(4)]
                data.langsung[item.full_id] = {"jumlah": per_tw}
            elif spec.jenis == "persen":
                dens = [float(rng.randint(10, 30)) for _ in range(4)]
                nums = [float(min(d, round(d * rng.uniform(0.75, 1.0)))) for d in dens]
                cum_n = [sum(nums[: k + 1]) for k in range(4)]
                cum_d = [sum(dens[: k + 1]) for k in range(4)]
                data.langsung[item.full_id] = {"pembilang": cum_n, "penyebut": cum_d}
            elif spec.jenis == "nilai":
                data.langsung[item.full_id] = {"nilai": [None, None, None, round(rng.uniform(3.2, 4.4), 2)]}
    _sample_targets(catalog, instansi, data, rng)
    return data


def _sample_targets(catalog: Catalog, instansi: Instansi, data: Registers, rng: random.Random) -> None:
    """Targets for the indicators whose catalog has none for this year: close
    to what the sample year achieves, as a real Perjanjian Kinerja would be."""
    from iku_excel.calc.errors import InvalidInput
    from iku_excel.registers import annual_realisasi

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
        try:
            achieved = annual_realisasi(spec, item.full_id, data)
        except InvalidInput:
            continue
        if spec.jenis == "pertumbuhan":
            data.target[item.full_id] = float(rng.choice((5, 10, 15)))
        elif spec.jenis == "nilai":
            data.target[item.full_id] = round(achieved * rng.uniform(0.9, 1.1), 2)
        else:
            factor = rng.uniform(0.95, 1.3) if spec.polaritas == "turun" else rng.uniform(0.85, 1.12)
            data.target[item.full_id] = float(max(1, round(achieved * factor)))
