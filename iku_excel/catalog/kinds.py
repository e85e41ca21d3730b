"""The indicator kinds the engine computes, declared once.

A kind says what an indicator's realisasi is: its named inputs (with the labels a catalog may
change), whether its values are whole counts (which may be summed over the triwulan, and show
without decimals), whether it may be typed by hand, and the formula the template computes it
with (templates/perhitungan.py writes each formula once; the checker and the demo evaluate the
template's plan, so nothing else computes a kind). Which register rows feed it, with which
filters, is the register's declaration (`hitung` in iku_excel/data/register.yaml).
"""

from __future__ import annotations

from dataclasses import dataclass, field

STAFF = {
    "jumlah_pegawai": "Jumlah pegawai",
    "hari_kerja_efektif": "Hari kerja efektif",
    "hari_tidak_masuk": "Hari tidak masuk kerja (per pegawai)",
}


@dataclass(frozen=True)
class Kind:
    name: str
    judul: str  # what it is, in words, for the catalog workbook and the docs
    inputs: dict[str, str] = field(default_factory=dict)  # named input -> default label
    # a whole count: its triwulan values add up to the year's (it may be `kumulatif`), shown as 1.234
    whole: bool = False
    # may be typed by hand (`diketik`): "value" (the realisasi per triwulan) or "ratio" (pembilang and
    # penyebut per triwulan); None: always computed from a register
    typed: str | None = None
    minimum: float | None = 0  # the least a typed value may be (None: no bound, e.g. an index)
    formula: str = ""  # the Excel function that computes it in the template ("" for a plain count)


KINDS: dict[str, Kind] = {k.name: k for k in (
    Kind("persen", "Persentase: pembilang ÷ penyebut × 100", {"pembilang": "Pembilang", "penyebut": "Penyebut"},
         typed="ratio", formula="IKU_PERSEN"),
    Kind("jumlah", "Jumlah", {"jumlah": "Jumlah"}, whole=True, typed="value"),
    # a value reported by someone else (an index published by the kabupaten or a ministry): typed, not computed
    Kind("nilai", "Nilai yang dilaporkan pihak lain", {"nilai": "Nilai"}, typed="value", minimum=None),
    Kind("rata_dokumen", "Rata-rata persentase desa dengan RKPDes, APBDes dan LPPDes tepat waktu", {
        "rkp_tepat": "Jumlah desa dengan RKPDes tepat waktu",
        "apb_tepat": "Jumlah desa dengan APBDes tepat waktu",
        "lpp_tepat": "Jumlah desa dengan LPPDes tepat waktu",
        "jumlah_desa": "Jumlah seluruh desa di kecamatan",
    }, formula="IKU_RATA_DOKUMEN"),
    Kind("ikm", "Indeks Kepuasan Masyarakat dari jawaban SKM",
         {"jawaban": "Jawaban SKM (responden × 9 unsur, nilai 1–4)"}, formula="IKM_NILAI"),
    Kind("jumlah_di_atas", "Jumlah desa dengan nilai di atas ambang",
         {"nilai": "Nilai tiap desa", "ambang": "Ambang (lebih besar dari)"}, whole=True),
    Kind("pertumbuhan", "Pertumbuhan (%) terhadap tahun lalu",
         {"nilai_tahun_ini": "Nilai tahun N", "nilai_tahun_lalu": "Nilai tahun N−1"}, formula="IKU_PERTUMBUHAN"),
    Kind("kehadiran", "Persentase kehadiran pegawai", STAFF, formula="IKU_KEHADIRAN"),
    Kind("hari_hadir", "Jumlah hari orang hadir", STAFF, whole=True),
)}
