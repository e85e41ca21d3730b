"""The words the registers' dropdowns offer, defined once.

The templates write them as dropdown lists, the checker accepts exactly them,
the sample data draws from them and the catalog filters by them.
"""

from __future__ import annotations

YA_TIDAK = ("Ya", "Tidak")
TRIWULAN = (1, 2, 3, 4)

KEGIATAN_KATEGORI = ("Fasilitasi", "Koordinasi", "Rekomendasi")
KASUS_JENIS = ("Konflik sosial", "Trantibum")

# Desa tematik: the seed (Larangan) counts only these economic themes; "Tema lain" is
# recorded but not counted.
TEMA_EKONOMI = ("Desa Wisata", "Desa Budaya", "Desa Peternakan", "Desa UMKM", "Desa Perikanan")
TEMA_DESA = (*TEMA_EKONOMI, "Tema lain")

JENIS_LAYANAN = ("KTP-el", "Kartu Keluarga", "Legalisasi", "Surat Keterangan", "Izin (PATEN)", "Lainnya")
# The respondent profile of PermenPANRB 14/2017's sample questionnaire.
SKM_PENDIDIKAN = ("SD", "SMP", "SMA", "D1–D3–D4", "S1", "S2", "S3")
SKM_PEKERJAAN = ("PNS", "TNI", "Polri", "Swasta", "Wirausaha", "Lainnya")

# SPP/SPM kinds of the seed (Ngantang: "GJ, UP, GU, TU, LS").
JENIS_SPM = ("GJ", "UP", "GU", "TU", "LS")
JENIS_DOKUMEN_PERENCANAAN = ("Perencanaan", "Pelaporan")
