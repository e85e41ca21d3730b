"""Findings are data: a stable code, a severity, a place (sheet, cell) and a message.

Every code is declared here once, with its severity, a title and the templates of its
messages (the frictionless style: a check says what it found, `finding` words it); the README
lists them all and a test fails when one is undocumented. Messages are Bahasa Indonesia and
say what to do.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass

from iku_excel.text import shown

ERROR, WARNING, INFO = "error", "warning", "info"


@dataclass(frozen=True)
class Code:
    """A finding's code: its severity, its title (the README and the Kode sheet), and the
    templates of its messages, by variant ("" when it has one), whose {fields} a check fills:
    the wording lives here, beside the code, and a check says only what it found."""

    code: str
    severity: str
    title: str
    messages: str | Mapping[str, str] = "{message}"  # one template, or templates by variant

    def __post_init__(self):
        if isinstance(self.messages, str):
            object.__setattr__(self, "messages", {"": self.messages})


RESAVE_MACROS = "buka templat .xlsm dengan makro aktif"
CODES: dict[str, Code] = {
    c.code: c
    for c in (
        # the file cannot be read (status "unreadable"): the reader says why, in its own words
        Code("BUKAN_BUKU_KERJA", ERROR, "Berkas bukan buku kerja Excel .xlsx"),
        Code("BERKAS_RUSAK", ERROR, "Berkas terpotong atau rusak"),
        Code("BERKAS_BERSANDI", ERROR, "Buku kerja dilindungi kata sandi pembukaan"),
        Code("FORMAT_XLS_LAMA", ERROR, "Format Excel 97–2003 (.xls)"),
        Code("BERKAS_TERLALU_BESAR", ERROR, "Berkas melebihi batas ukuran"),
        Code("BOM_ZIP", ERROR, "Berkas mengembang berlebihan saat dibuka (bom zip)"),
        Code("WAKTU_HABIS", ERROR, "Pemeriksaan berkas melebihi batas waktu",
             "pemeriksaan melebihi {seconds:g} detik dan dihentikan; berkas dilewati, batch dilanjutkan"),
        Code("MEMORI_HABIS", ERROR, "Pemeriksaan berkas melebihi batas memori",
             {"": "{message}", "limit": "pemeriksaan memerlukan lebih dari {limit_mb} MB memori; berkas dilewati"}),
        # the checker itself failed: the tool's fault, never the submitter's (status "failed")
        Code("GAGAL_DIPERIKSA", ERROR, "Pemeriksa gagal memeriksa berkas ini (kesalahan iku-excel)",
             "pemeriksa iku-excel gagal memeriksa berkas ini ({error}{place}). Ini kesalahan alat, bukan kesalahan "
             "pengirim: kirim berkas ini ke pengelola iku-excel"),
        # which template
        Code("BUKAN_TEMPLAT", ERROR, "Bukan dibuat dari templat standar", {
            "no_meta": "buku kerja ini tidak dibuat dari templat standar iku-excel (lembar tersembunyi '_meta' dan "
                       "nama IKU_TEMPLATE_ID tidak ada); isi ulang data pada templat dari Kabupaten (iku-excel templat)",
            "unknown": "templat untuk instansi '{instansi}' tidak ada di katalog pemeriksa; periksa apakah katalog "
                       "Kabupaten sudah memuat instansi ini",
            "year": "tahun templat (IKU_TAHUN) tidak terbaca",
        }),
        Code("VERSI_TEMPLAT_LAMA", WARNING, "Dibuat dari templat versi lama", {
            "version": "templat versi {version}, sedangkan versi berlaku {current}: hanya identitasnya ({instansi}, "
                       "{tahun}) yang diperiksa, isinya belum; pindahkan isian ke templat terbaru lalu kirim ulang",
            "catalog": "templat dibuat dari katalog indikator yang berbeda dengan katalog pemeriksa (target atau "
                       "indikator berubah); pakai templat terbaru",
        }),
        Code("VERSI_TEMPLAT_BARU", ERROR, "Dibuat dari templat versi lebih baru dari pemeriksa",
             "templat versi {version} lebih baru dari pemeriksa (versi {current}); perbarui iku-excel di komputer "
             "pemeriksa"),
        Code("LEMBAR_HILANG", ERROR, "Lembar hilang atau berganti nama",
             "lembar '{sheet}' tidak ada{hint}; kembalikan nama lembar seperti di templat"),
        # what a template does not have: hidden data, a look-alike over the real sheet, names reading elsewhere
        Code("LEMBAR_TAMBAHAN_TERSEMBUNYI", ERROR, "Lembar tersembunyi yang tidak ada di templat",
             "lembar '{sheet}' tidak ada di templat dan {state}: isi tersembunyi tidak diperiksa dan tidak boleh "
             "menyertai laporan; hapus lembar itu (klik kanan tab lembar > Tampilkan, lalu Hapus) dan kirim ulang"),
        Code("LEMBAR_TAMBAHAN", INFO, "Lembar tambahan yang tidak ada di templat",
             "lembar '{sheet}' tidak ada di templat; isinya tidak diperiksa dan tidak masuk rekap"),
        Code("LEMBAR_DISEMBUNYIKAN", ERROR, "Lembar templat disembunyikan",
             "lembar '{sheet}' templat {state}: yang tampil dan tercetak bukan lembar yang diperiksa; tampilkan lagi "
             "(klik kanan tab lembar > Tampilkan) dan hapus lembar pengganti bila ada"),
        Code("NAMA_TAMBAHAN", ERROR, "Nama sel (named range) yang tidak ada di templat", {
            "": "nama sel '{name}' (menunjuk {ref}) tidak ada di templat: rumus dapat membaca sel lain lewat nama itu; "
                "hapus di Rumus > Pengelola Nama",
            "external": "nama sel '{name}' menunjuk buku kerja lain ({ref}): nilainya datang dari luar berkas ini dan "
                        "tidak diperiksa; hapus di Rumus > Pengelola Nama",
        }),
        Code("NAMA_HILANG", ERROR, "Nama sel (named range) hilang atau berubah", {
            "missing": "nama sel '{name}' tidak ada; jangan menghapus nama di Name Manager",
            "moved": "nama sel '{name}' menunjuk {got}, padahal di templat {ref}; kembalikan seperti di templat",
        }),
        Code("TABEL_HILANG", WARNING, "Tabel register hilang atau berganti nama",
             "tabel '{table}' tidak ada di lembar '{sheet}'; penyaringan dan pengurutan register tidak berfungsi"),
        Code("TAHUN_DIUBAH", ERROR, "Tahun di lembar Profil berbeda dari tahun templat",
             "tahun di lembar Profil tertulis {value}, padahal templat ini untuk tahun {tahun}: batas waktu dokumen desa "
             "dan target ikut bergeser; pakai templat tahun {value} (iku-excel templat --tahun {value}) atau kembalikan "
             "tahunnya"),
        Code("IDENTITAS_TIDAK_COCOK", ERROR, "Identitas buku kerja (instansi, kabupaten, tahun, indikator) tidak cocok", {
            "meta": "_meta menyebut instansi '{claimed}', padahal templatnya untuk '{instansi}'; lembar tersembunyi "
                    "_meta tidak boleh diubah",
            "profil": "{label} tertulis {value}, padahal templat ini untuk {expected}: berkas ini tidak dapat dicatat "
                      "atas nama instansi mana pun; isi ulang pada templat instansi Anda",
            "indicator": "indikator di baris {row} tertulis {value}, padahal templat {instansi} {tahun} memuat "
                         "'{expected}'",
            "uploader": "buku kerja ini milik instansi '{instansi}', padahal Anda mengirim untuk '{own}': unggah buku "
                        "kerja kecamatan Anda sendiri",
        }),
        Code("LEMBAR_PENDUKUNG_DIUBAH", ERROR, "Lembar tersembunyi _meta atau Daftar berbeda dari templat",
             "lembar tersembunyi '{sheet}' berbeda dari templat ({count} sel, mulai {cell}: tertulis {value}, templat "
             "{expected}); isi ulang pada templat asli"),
        Code("XLWINGS_CONF_DIUBAH", ERROR, "Pengaturan xlwings.conf diubah (keamanan)",
             "pengaturan xlwings di lembar tersembunyi '{sheet}' diubah ({count} sel, mulai {cell}: {value}): "
             "pengaturan ini dapat mengarahkan add-in Excel ke program atau folder jaringan lain. Jangan buka berkas "
             "ini dengan add-in xlwings; minta berkas yang diisi pada templat asli"),
        Code("NAMA_LOKAL_MEMBAYANGI", ERROR, "Nama sel tingkat lembar membayangi nama buku kerja",
             "nama sel '{name}' didefinisikan lagi khusus untuk lembar '{sheet}': rumus di lembar itu membaca sel lain "
             "daripada yang diperiksa; hapus nama tingkat lembar itu di Name Manager"),
        # formulas
        Code("RUMUS_DITIMPA", ERROR, "Rumus ditimpa dengan nilai", {
            "cleared": "rumus templat ={formula} terhapus; salin kembali rumus dari templat",
            "value": "rumus templat ={formula} ditimpa dengan nilai {value}; kembalikan rumusnya (isi data di sel "
                     "kuning, bukan di sel abu-abu)",
        }),
        Code("RUMUS_DIUBAH", ERROR, "Rumus berbeda dari templat",
             "rumus ={formula} berbeda dari templat ={template}; kembalikan rumus templat"),
        Code("RUMUS_MELINGKAR", ERROR, "Rumus melingkar (circular reference)",
             "rumus ={formula} merujuk kembali ke dirinya sendiri (melingkar); hasilnya tidak dapat dihitung"),
        Code("HASIL_TAMPIL_BEDA", ERROR, "Realisasi, capaian, predikat atau mutu yang tampil berbeda dari hasil hitung ulang",
             "'{what}': tampil {shown}, padahal dari isian register dan target hasilnya {expected}; angka yang tampil dan "
             "tercetak harus hasil rumus: " + RESAVE_MACROS + " lalu simpan lagi, jangan mengetik di atas hasil"),
        Code("NILAI_TERSIMPAN_BEDA", WARNING, "Nilai tersimpan berbeda dari hasil hitung ulang",
             "nilai tersimpan {shown}, hasil hitung ulang {expected}: berkas disimpan tanpa dihitung ulang atau diubah "
             "di luar Excel; " + RESAVE_MACROS + ", lalu simpan lagi"),
        Code("FUNGSI_TIDAK_AKTIF", WARNING, "Fungsi IKU/IKM tidak aktif di Excel pengisi (#NAME?)",
             "{count} sel menampilkan #NAME?: fungsi IKU_/IKM_ tidak berjalan di komputer pengisi (makro tidak "
             "diaktifkan, atau berkas .xlsx tanpa makro). Isian tetap dihitung ulang oleh pemeriksa; untuk laporan "
             "berikutnya pakai templat .xlsm dan aktifkan makronya (lihat lembar Petunjuk)"),
        Code("NILAI_GALAT", ERROR, "Sel berisi nilai galat Excel", "sel berisi {value}: {advice}"),
        Code("PESAN_RUMUS", WARNING, "Rumus tidak dapat memberi angka dan menyebut sebabnya",
             "rumus memberi pesan: {message}"),
        # inputs
        Code("TEKS_BUKAN_ANGKA", ERROR, "Teks di tempat angka", {
            "logical": "{what} berisi nilai logika {value}; isi angka",
            "text": "{what} berisi teks '{value}', bukan angka; isi angka saja",
            "date": "{problem}",
            "document": "{problem} (desa {desa})",
            "target": "{problem}; tulis angka atau rentang seperti 80–90",
        }),
        Code("ANGKA_SEBAGAI_TEKS", WARNING, "Angka diketik sebagai teks", {
            "number": "{what} diketik sebagai teks '{value}' (dibaca {number}); rumus Excel seperti SUM dan COUNTIFS "
                      "tidak menghitungnya: ketik ulang sebagai angka",
            "date": "{what} diketik sebagai teks '{value}'; ketik sebagai tanggal",
        }),
        Code("NILAI_NEGATIF", ERROR, "Nilai negatif untuk jumlah", {
            "below": "{what} bernilai {value}; tidak boleh kurang dari {minimum}",
            "target": "target '{indicator}' negatif",
        }),
        Code("BUKAN_BILANGAN_BULAT", ERROR, "Jumlah bukan bilangan bulat", "{what} bernilai {value}; harus bilangan bulat"),
        Code("NILAI_DI_LUAR_RENTANG", ERROR, "Nilai di luar rentang yang sah", {
            "below": "{what} bernilai {value}; tidak boleh kurang dari {minimum}",
            "above": "{what} bernilai {value}; paling besar {maximum}",
        }),
        Code("PEMBILANG_MELEBIHI_PENYEBUT", ERROR, "Pembilang lebih besar dari penyebut",
             "pembilang TW {tw} ({pembilang}) lebih besar dari penyebut ({penyebut}) untuk '{indicator}'"),
        Code("JAWABAN_SKM_TIDAK_SAH", ERROR, "Jawaban SKM di luar 1–4",
             "jawaban unsur {unsur} bernilai {value}; jawaban SKM hanya 1–4 (a=1 ... d=4); jawaban ini tidak dihitung"),
        Code("JAWABAN_SKM_KOSONG", INFO, "Jawaban SKM kosong (tidak dihitung)",
             "responden baris {respondent} tidak menjawab unsur {unsur}; jawaban kosong tidak dihitung (bukan 0)"),
        Code("TANGGAL_TIDAK_WAJAR", WARNING, "Tanggal di luar rentang tahun anggaran yang wajar", {
            "other_year": "{what} {day:%d/%m/%Y} bukan tahun {tahun}: baris ini tidak dihitung di buku kerja tahun ini; "
                          "periksa tahunnya",
            "far": "{what} {day:%d/%m/%Y} jauh dari tahun anggaran {tahun}; periksa tahunnya",
            "document": "tanggal {kind} desa {desa} {day:%d/%m/%Y} jauh dari tahun anggaran {tahun} (batas waktunya "
                        "{deadline:%d/%m/%Y}); periksa tahunnya",
        }),
        Code("TANGGAL_KOSONG", WARNING, "Tanggal yang diperlukan belum diisi (tidak dihitung, atau tidak tepat waktu)", {
            "row": "{what} belum diisi: baris ini tidak dihitung sampai tanggalnya diisi",
            "document": "tanggal {kind} desa {desa} belum diisi: desa ini dihitung tidak tepat waktu; isi tanggal bila "
                        "dokumennya sudah ada",
        }),
        Code("LPPDES_TAHUN_LALU", WARNING, "Tanggal LPPDes menunjuk laporan tahun anggaran sebelumnya",
             "LPPDes desa {desa} bertanggal {day:%d/%m/%Y}, masih di tahun {tahun}: itu LPPDes tahun anggaran "
             "{last_year}; isi tanggal LPPDes tahun anggaran {tahun} (disampaikan paling lambat {deadline:%d/%m/%Y})"),
        Code("BARIS_GANDA", ERROR, "Satu hal tercatat di dua baris register (mis. desa yang sama dua kali)",
             "{what} '{value}' sudah tercatat di baris {first}; satu {what} satu baris"),
        Code("ISIAN_KOSONG", WARNING, "Isian yang menamai baris belum diisi (baris tidak dihitung)", {
            "row_name": "{what} belum diisi; baris tanpa {what} tidak dihitung",
            "column": "{what} belum diisi; baris ini tidak dihitung",
        }),
        Code("PILIHAN_TIDAK_SAH", WARNING, "Isian bukan salah satu pilihan daftar", {
            "missing": "{what} belum dipilih; pilih {options}",
            "other": "{what} '{value}' bukan salah satu pilihan ({options}); pilih dari daftar",
        }),
        Code("TRIWULAN_TIDAK_SAH", ERROR, "Triwulan bukan 1–4", {
            "missing": "triwulan belum diisi; isi 1–4 agar baris ini terhitung",
            "other": "triwulan {value}; isi 1, 2, 3 atau 4",
        }),
        Code("BUKTI_KOSONG", WARNING, "Kegiatan ditindaklanjuti tanpa bukti pendukung",
             "baris ini ditandai {flag} (Ya) tetapi {proof} kosong; pilih bukti yang dapat ditunjukkan kepada pemeriksa"),
        Code("KATEGORI_TIDAK_SESUAI", WARNING, "Kategori kegiatan tidak sesuai jenis kegiatan yang dipilih",
             "kategori '{kategori}' tidak sesuai jenis kegiatan '{jenis}', yang termasuk {expected}; baris ini "
             "terhitung sebagai {kategori}"),
        Code("PIHAK_KOSONG", WARNING, "Kegiatan tanpa pihak lain, tidak dihitung dalam indikator yang memerlukannya",
             "pihak lain (instansi/lembaga) belum diisi: baris ini tidak dihitung dalam '{indicator}', yang menghitung "
             "kegiatan dengan instansi atau lembaga lain"),
        Code("TARGET_KOSONG", WARNING, "Target belum diisi",
             "target '{indicator}' belum diisi; isi di sel kuning kolom Target (yang tidak ditetapkan Kabupaten): "
             "capaian tidak dapat dihitung tanpa target"),
        Code("TARGET_DIUBAH", ERROR, "Target berbeda dari target yang ditetapkan di katalog",
             "target '{indicator}' tertulis {value}, padahal target yang ditetapkan Kabupaten untuk {tahun} (sel "
             "abu-abu yang terkunci di templat) adalah {agreed}; kembalikan targetnya, atau minta Kabupaten memperbarui "
             "katalog bila Perjanjian Kinerja berubah"),
        Code("DATA_DI_LUAR_REGISTER", ERROR, "Data diketik di bawah tabel register, di luar kapasitasnya",
             "{count} baris diketik di bawah tabel register (kapasitas {capacity} baris, sampai baris {last}): baris itu "
             "tidak dihitung dalam indikator mana pun; minta templat dengan register yang lebih besar dari Kabupaten, "
             "jangan membuang datanya"),
        Code("ANGKA_TIDAK_HINGGA", ERROR, "Angka tak hingga atau bukan angka (inf, NaN)",
             "sel berisi '{value}', bukan angka yang dapat disimpan Excel (tak hingga atau NaN); berkas ini tidak dibuat "
             "di Excel: isi angka yang sebenarnya"),
        Code("TAHUN_DATA_BERBEDA", WARNING, "Tanggal register menunjuk tahun anggaran lain",
             "{pointing} dari {total} tanggal dokumen desa menunjuk tahun anggaran {common}, hanya {own} menunjuk "
             "{tahun}, tahun buku kerja ini; periksa apakah register disalin dari buku kerja tahun lain"),
        Code("REALISASI_KOSONG", WARNING, "Realisasi triwulan yang dilaporkan belum diisi", {
            "log": "belum ada baris di {register} untuk '{indicator}' sampai TW {tw}; catat kegiatannya (tanggal, "
                   "indikator, bukti) agar realisasinya terhitung",
            "typed": "realisasi TW {tw} '{indicator}' belum diisi, padahal laporan sampai TW {reported}",
            "ratio": "pembilang/penyebut TW {tw} '{indicator}' belum diisi, padahal laporan sampai TW {reported}",
        }),
        Code("SAMPEL_SKM_KURANG", WARNING, "Responden SKM kurang dari sampel minimum",
             "{respondents} responden, padahal sampel minimum untuk populasi {population} adalah {minimum} (tabel "
             "Krejcie–Morgan); hasil SKM tetap dihitung tetapi perlu ditambah respondennya"),
        # across the batch
        Code("KIRIMAN_GANDA", WARNING, "Kiriman ganda: ada kiriman lebih baru untuk instansi dan periode yang sama",
             "ada kiriman lebih baru untuk instansi dan periode yang sama ({period}): {newer}; berkas ini tidak dipakai "
             "dalam rekap"),
        # for information
        Code("VBA_BERBEDA", ERROR, "Makro VBA berbeda dari makro templat (keamanan)", {
            "module": "modul VBA '{module}' tidak ada di templat: makro yang ikut berjalan bukan makro templat. Jangan "
                      "aktifkan makro berkas ini; minta berkas yang diisi pada templat asli",
            "changed": "modul VBA '{module}' berbeda dari templat mulai baris {line} ({text}): makro yang berjalan "
                       "bukan makro templat. Jangan aktifkan makro berkas ini; minta berkas yang diisi pada templat asli",
            "unreadable": "proyek VBA tidak dapat dibaca ({error}), jadi tidak dapat dibandingkan dengan templat. "
                          "Jangan aktifkan makro berkas ini; minta berkas yang diisi pada templat asli",
        }),
        Code("MAKRO_ADA", INFO, "Buku kerja berisi makro VBA",
             "buku kerja berisi makro VBA; makro tidak dijalankan oleh pemeriksa"),
        Code("TAUTAN_EKSTERNAL", INFO, "Buku kerja berisi tautan ke berkas lain",
             "buku kerja berisi {count} tautan ke berkas lain; nilai dari berkas lain tidak ikut diperiksa"),
    )
}
MORE = "... dan {count} temuan lain dengan kode yang sama di lembar ini"  # cap's summary line, any code

# Findings that follow from others: a shown result that differs from the recalculated one is
# most often the effect of an input the checker also reports (an answer 5 in Reg SKM, a number
# typed as text), or of a save without recalculation. Listed after their causes.
CONSEQUENCES = ("HASIL_TAMPIL_BEDA", "NILAI_TERSIMPAN_BEDA", "FUNGSI_TIDAK_AKTIF", "PESAN_RUMUS", "NILAI_GALAT")
SEVERITY_ORDER = {ERROR: 0, WARNING: 1, INFO: 2}


# Inputs that are only warnings yet change a result (Excel's SUM and COUNTIFS skip a number typed
# as text; the checker reads it): the cause to name when a shown result differs.
QUIET_CAUSES = ("ANGKA_SEBAGAI_TEKS",)


def _field(f, name: str):
    return f[name] if isinstance(f, dict) else getattr(f, name)


def cause_first(findings: list) -> list:
    """Findings (Finding objects or their dicts) by severity, and within one severity the causes
    before the results they explain, keeping the checker's order otherwise."""
    return sorted(findings, key=lambda f: (SEVERITY_ORDER.get(_field(f, "severity"), 3),
                                           _field(f, "code") in CONSEQUENCES))


def resend_reason(findings: list, shown: int = 2) -> str:
    """Why a file must be sent again, cause first: its errors that are not consequences (or, when
    only consequences are errors, the quiet input that explains them), then how many results
    follow from them and what to do."""
    errors = [f for f in findings if _field(f, "severity") == ERROR]
    effects = [f for f in errors if _field(f, "code") in CONSEQUENCES]
    causes = [f for f in errors if _field(f, "code") not in CONSEQUENCES]
    if not causes and effects:
        causes = [f for f in findings if _field(f, "code") in QUIET_CAUSES]
    lead = causes or effects

    def at(f) -> str:
        sheet, cell = _field(f, "sheet"), _field(f, "cell")
        return f"{sheet}!{cell}: " if sheet and cell else (f"{sheet}: " if sheet else "")

    text = "; ".join(at(f) + _field(f, "message") for f in lead[:shown])
    if len(lead) > shown:
        text += f"; dan {len(lead) - shown} lagi"
    if causes and effects:
        text += (f" — akibatnya {len(effects)} hasil yang tampil berbeda dari hitung ulang: perbaiki sebabnya, buka "
                 "berkas di Excel dengan makro aktif agar dihitung ulang, simpan (tetap .xlsm), kirim ulang")
    return text


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


def finding(code: str, sheet: str | None = None, cell: str | None = None, *, variant: str = "", **fields) -> Finding:
    """A finding of `code` at (sheet, cell), its message the code's template `variant` filled
    with `fields` and the finding's own {sheet} and {cell} (a code without templates of its own
    takes `message=`)."""
    # what a file holds reaches terminals and reports: its control characters escaped (text.shown)
    message = shown(CODES[code].messages[variant].format(sheet=sheet, cell=cell, **fields), limit=None, ours=True)
    return Finding(code, CODES[code].severity, None if sheet is None else shown(sheet, limit=None), cell, message)


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
            kept.append(Finding(code, CODES[code].severity, sheet or None, None, MORE.format(count=n - PER_SHEET)))
    return kept
