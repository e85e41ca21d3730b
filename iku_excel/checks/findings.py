"""Findings are data: a stable code, a severity, a place (sheet, cell) and a message.

Every code is declared here once, with its severity and a title; the README
lists them all and a test fails when one is undocumented. Messages are Bahasa
Indonesia and say what to do.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

ERROR, WARNING, INFO = "error", "warning", "info"


@dataclass(frozen=True)
class Code:
    code: str
    severity: str
    title: str


CODES: dict[str, Code] = {
    c.code: c
    for c in (
        # the file cannot be read (status "unreadable")
        Code("BUKAN_BUKU_KERJA", ERROR, "Berkas bukan buku kerja Excel .xlsx"),
        Code("BERKAS_RUSAK", ERROR, "Berkas terpotong atau rusak"),
        Code("BERKAS_BERSANDI", ERROR, "Buku kerja dilindungi kata sandi pembukaan"),
        Code("FORMAT_XLS_LAMA", ERROR, "Format Excel 97–2003 (.xls)"),
        Code("BERKAS_TERLALU_BESAR", ERROR, "Berkas melebihi batas ukuran"),
        Code("BOM_ZIP", ERROR, "Berkas mengembang berlebihan saat dibuka (bom zip)"),
        Code("WAKTU_HABIS", ERROR, "Pemeriksaan berkas melebihi batas waktu"),
        Code("MEMORI_HABIS", ERROR, "Pemeriksaan berkas melebihi batas memori"),
        # the checker itself failed: the tool's fault, never the submitter's (status "failed")
        Code("GAGAL_DIPERIKSA", ERROR, "Pemeriksa gagal memeriksa berkas ini (kesalahan iku-excel)"),
        # which template
        Code("BUKAN_TEMPLAT", ERROR, "Bukan dibuat dari templat standar"),
        Code("VERSI_TEMPLAT_LAMA", WARNING, "Dibuat dari templat versi lama"),
        Code("VERSI_TEMPLAT_BARU", ERROR, "Dibuat dari templat versi lebih baru dari pemeriksa"),
        Code("LEMBAR_HILANG", ERROR, "Lembar hilang atau berganti nama"),
        Code("NAMA_HILANG", ERROR, "Nama sel (named range) hilang atau berubah"),
        Code("TABEL_HILANG", WARNING, "Tabel register hilang atau berganti nama"),
        Code("TAHUN_DIUBAH", ERROR, "Tahun di lembar Profil berbeda dari tahun templat"),
        Code("IDENTITAS_TIDAK_COCOK", ERROR, "Identitas buku kerja (instansi, kabupaten, tahun, indikator) tidak cocok"),
        Code("LEMBAR_PENDUKUNG_DIUBAH", ERROR, "Lembar tersembunyi _meta atau Daftar berbeda dari templat"),
        Code("XLWINGS_CONF_DIUBAH", ERROR, "Pengaturan xlwings.conf diubah (keamanan)"),
        Code("NAMA_LOKAL_MEMBAYANGI", ERROR, "Nama sel tingkat lembar membayangi nama buku kerja"),
        # formulas
        Code("RUMUS_DITIMPA", ERROR, "Rumus ditimpa dengan nilai"),
        Code("RUMUS_DIUBAH", ERROR, "Rumus berbeda dari templat"),
        Code("RUMUS_MELINGKAR", ERROR, "Rumus melingkar (circular reference)"),
        Code("HASIL_TAMPIL_BEDA", ERROR, "Realisasi, capaian, predikat atau mutu yang tampil berbeda dari hasil hitung ulang"),
        Code("NILAI_TERSIMPAN_BEDA", WARNING, "Nilai tersimpan berbeda dari hasil hitung ulang"),
        Code("FUNGSI_TIDAK_AKTIF", WARNING, "Fungsi IKU/IKM tidak aktif di Excel pengisi (#NAME?)"),
        Code("NILAI_GALAT", ERROR, "Sel berisi nilai galat Excel"),
        Code("PESAN_RUMUS", WARNING, "Rumus tidak dapat memberi angka dan menyebut sebabnya"),
        # inputs
        Code("TEKS_BUKAN_ANGKA", ERROR, "Teks di tempat angka"),
        Code("ANGKA_SEBAGAI_TEKS", WARNING, "Angka diketik sebagai teks"),
        Code("NILAI_NEGATIF", ERROR, "Nilai negatif untuk jumlah"),
        Code("BUKAN_BILANGAN_BULAT", ERROR, "Jumlah bukan bilangan bulat"),
        Code("NILAI_DI_LUAR_RENTANG", ERROR, "Nilai di luar rentang yang sah"),
        Code("PEMBILANG_MELEBIHI_PENYEBUT", ERROR, "Pembilang lebih besar dari penyebut"),
        Code("JAWABAN_SKM_TIDAK_SAH", ERROR, "Jawaban SKM di luar 1–4"),
        Code("JAWABAN_SKM_KOSONG", INFO, "Jawaban SKM kosong (tidak dihitung)"),
        Code("TANGGAL_TIDAK_WAJAR", WARNING, "Tanggal di luar rentang tahun anggaran yang wajar"),
        Code("TANGGAL_KOSONG", WARNING, "Tanggal yang diperlukan belum diisi (tidak dihitung, atau tidak tepat waktu)"),
        Code("LPPDES_TAHUN_LALU", WARNING, "Tanggal LPPDes menunjuk laporan tahun anggaran sebelumnya"),
        Code("BARIS_GANDA", ERROR, "Satu hal tercatat di dua baris register (mis. desa yang sama dua kali)"),
        Code("ISIAN_KOSONG", WARNING, "Isian yang menamai baris belum diisi (baris tidak dihitung)"),
        Code("PILIHAN_TIDAK_SAH", WARNING, "Isian bukan salah satu pilihan daftar"),
        Code("TRIWULAN_TIDAK_SAH", ERROR, "Triwulan bukan 1–4"),
        Code("BUKTI_KOSONG", WARNING, "Kegiatan ditindaklanjuti tanpa bukti pendukung"),
        Code("KATEGORI_TIDAK_SESUAI", WARNING, "Kategori kegiatan tidak sesuai jenis kegiatan yang dipilih"),
        Code("PIHAK_KOSONG", WARNING, "Kegiatan tanpa pihak lain, tidak dihitung dalam indikator yang memerlukannya"),
        Code("TARGET_KOSONG", WARNING, "Target belum diisi"),
        Code("TARGET_DIUBAH", ERROR, "Target berbeda dari target yang ditetapkan di katalog"),
        Code("DATA_DI_LUAR_REGISTER", ERROR, "Data diketik di bawah tabel register, di luar kapasitasnya"),
        Code("ANGKA_TIDAK_HINGGA", ERROR, "Angka tak hingga atau bukan angka (inf, NaN)"),
        Code("TAHUN_DATA_BERBEDA", WARNING, "Tanggal register menunjuk tahun anggaran lain"),
        Code("REALISASI_KOSONG", WARNING, "Realisasi triwulan yang dilaporkan belum diisi"),
        Code("SAMPEL_SKM_KURANG", WARNING, "Responden SKM kurang dari sampel minimum"),
        # for information
        # across the batch
        Code("KIRIMAN_GANDA", WARNING, "Kiriman ganda: ada kiriman lebih baru untuk instansi dan periode yang sama"),
        Code("MAKRO_ADA", INFO, "Buku kerja berisi makro VBA"),
        Code("TAUTAN_EKSTERNAL", INFO, "Buku kerja berisi tautan ke berkas lain"),
    )
}

UNREADABLE_CODES = ("BUKAN_BUKU_KERJA", "BERKAS_RUSAK", "BERKAS_BERSANDI", "FORMAT_XLS_LAMA", "BERKAS_TERLALU_BESAR",
                    "BOM_ZIP", "WAKTU_HABIS", "MEMORI_HABIS")
FAILED_CODES = ("GAGAL_DIPERIKSA",)
BATCH_CODES = ("KIRIMAN_GANDA",)  # found across the files of a batch (process.flag_duplicates)
PER_SHEET = 25  # findings of one code on one sheet before the rest are summed up in one line


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str
    sheet: str | None
    cell: str | None
    message: str

    def as_dict(self) -> dict:
        return asdict(self)


def finding(code: str, message: str, sheet: str | None = None, cell: str | None = None) -> Finding:
    return Finding(code, CODES[code].severity, sheet, cell, message)


def file_status(findings: list[Finding]) -> str:
    """failed (the checker's fault) > unreadable > error > warning > ok."""
    if any(f.code in FAILED_CODES for f in findings):
        return "failed"
    if any(f.code in UNREADABLE_CODES for f in findings):
        return "unreadable"
    if any(f.severity == ERROR for f in findings):
        return "error"
    if any(f.severity == WARNING for f in findings):
        return "warning"
    return "ok"


def cap(findings: list[Finding]) -> list[Finding]:
    """At most PER_SHEET findings of one code on one sheet, then one line "... dan N lain":
    one broken column must not bury the rest. The caller keeps the full counts."""
    counts: dict[tuple[str, str], int] = {}
    kept = []
    for f in findings:
        key = (f.code, f.sheet or "")
        counts[key] = counts.get(key, 0) + 1
        if counts[key] <= PER_SHEET:
            kept.append(f)
    for (code, sheet), n in counts.items():
        if n > PER_SHEET:
            kept.append(finding(code, f"... dan {n - PER_SHEET} temuan lain dengan kode yang sama di lembar ini",
                                sheet or None))
    return kept
