"""The Petunjuk sheet's prose: written for the office that fills the workbook in.

Bahasa Indonesia, with the names Excel's Indonesian interface uses. Staff read
the first parts (enable the macros, what #NAME? means, where to type, how to
send); words for IT staff (xlwings, hidden sheets, modules) come last. Band
edges are taken from the band sets in force, so the text and the formulas
cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from iku_excel.calc.bands import band_set
from iku_excel.calc.capaian import PREDIKAT_BANDS


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: tuple[str, ...]
    for_it: bool = False  # printed smaller, at the end


def sections(nama: str, tahun: int, indicator_sheets: str, registers: str, source: str) -> list[Section]:
    predikat = band_set(PREDIKAT_BANDS).describe()
    mutu = band_set("ikm_2017").describe(use_kode=True)
    return [
        Section("1. Aktifkan makro berkas ini", (
            "Berkas .xlsm ini membawa sendiri fungsi penghitungnya (=IKU_PERSEN, =IKU_CAPAIAN, =IKM_NILAI, =IKM_MUTU "
            "dan lainnya) sebagai makro. Tidak ada yang perlu dipasang; Excel hanya perlu diizinkan menjalankannya.",
            "Bilah kuning PERINGATAN KEAMANAN \"Makro telah dinonaktifkan\": klik tombol Aktifkan Konten.",
            "Bilah merah RISIKO KEAMANAN \"Microsoft telah memblokir makro agar tidak berjalan karena sumber file ini "
            "tidak tepercaya\" (berkas yang datang lewat e-mail, WhatsApp atau unduhan): tutup berkas, lalu di File "
            "Explorer klik kanan berkas > Properti > tab Umum > centang Buka blokir > OK, dan buka lagi. Cara lain: "
            "simpan berkas di folder yang ditetapkan petugas TI sebagai Lokasi Tepercaya (File > Opsi > Pusat "
            "Kepercayaan > Pengaturan Pusat Kepercayaan > Lokasi Tepercaya).",
            "Excel di Mac bertanya saat berkas dibuka: pilih Aktifkan Makro. LibreOffice Calc: Alat > Opsi > "
            "LibreOffice > Keamanan > Keamanan Makro, pilih Sedang, lalu buka lagi dan pilih Aktifkan Makro.",
        )),
        Section("2. Bila sel menampilkan #NAME?", (
            "#NAME? berarti fungsi IKU_/IKM_ tidak aktif: makro belum diizinkan, atau yang dibuka adalah versi .xlsx "
            "(tanpa makro). Isian Anda tidak hilang.",
            "Tutup berkas tanpa menyimpan, aktifkan makro seperti langkah 1 (atau minta templat .xlsm dari Kabupaten), "
            "lalu buka lagi: angka muncul kembali. Jangan mengetik angka di sel abu-abu untuk menggantikan #NAME?.",
            "Berkas yang terlanjur disimpan dengan #NAME? tetap boleh dikirim: Kabupaten menghitung ulang setiap berkas "
            "dari isiannya. Pakai templat .xlsm untuk laporan berikutnya.",
        )),
        Section("3. Di mana mengetik", (
            "Ketik hanya di sel kuning dan di baris register. Sel abu-abu dihitung otomatis dan terkunci agar rumusnya "
            "tidak terhapus.",
            "a. Lembar Profil: triwulan yang dilaporkan, nama dan NIP penandatangan, tempat dan tanggal, hari kerja "
            "efektif tiap triwulan, populasi penerima layanan (untuk sampel minimum SKM), dan nama Bupati (pihak "
            "kedua Perjanjian Kinerja).",
            f"b. Register ({registers}): satu baris untuk setiap kegiatan, desa, responden, pegawai atau kejadian. "
            "Pilih isian dari daftar bila tersedia; jangan mengubah judul kolom. Baris yang terisi bergaris dengan "
            "sendirinya, dan hanya baris terisi yang ikut dicetak; kolom No boleh diisi nomor urut. Kolom berjudul "
            "abu-abu di kanan dihitung otomatis dan tidak ikut dicetak.",
            f"c. Lembar {indicator_sheets}: target berlatar abu-abu ditetapkan Kabupaten (Perjanjian Kinerja) dan "
            "terkunci; bila Perjanjian Kinerja berubah, minta Kabupaten memperbarui katalog dan templatnya. Target "
            "berlatar kuning belum ditetapkan: isi sendiri (boleh rentang, mis. 80–90). Isi realisasi triwulan pada "
            "sel kuning di kolom Realisasi (kanan tabel, tidak ikut dicetak). Lembar Perhitungan menunjukkan "
            "pembilang, penyebut dan masukan lain setiap indikator.",
        )),
        Section("4. Dokumen yang dicetak dan ditandatangani", (
            f"Lembar {indicator_sheets} tercetak seperti dokumen IKU/IKI: sasaran, indikator, rumus, satuan, target, "
            "sumber data dan penanggung jawab, dengan tanda tangan.",
            "Lembar Perjanjian Kinerja: perjanjian tahun ini dan lampirannya (sasaran, indikator, target), ditandatangani "
            "pihak pertama dan pihak kedua. Lembar Pengukuran Kinerja: target, realisasi TW I–IV dan tahunan, capaian "
            "dan predikat sampai triwulan yang dilaporkan. Keduanya terisi sendiri dari lembar IKU/IKI dan Profil.",
        )),
        Section("5. Cara menghitung", (
            "Capaian = realisasi ÷ target × 100% (polaritas naik) atau (2 × target − realisasi) ÷ target × 100% "
            f"(polaritas turun). Predikat: {predikat}.",
            "IKM dihitung dari jawaban SKM menurut PermenPANRB 14/2017: rata-rata NRR 9 unsur × 25 (bobot tepat 1/9). "
            f"Mutu: {mutu}. Jawaban kosong tidak dihitung.",
        )),
        Section("6. Mengirim berkas", (
            "Simpan berkas (Ctrl+S) dalam format yang sama (.xlsm). Jangan mengganti nama lembar, nama sel atau rumus, "
            "dan jangan mengetik di bawah tabel register.",
            "Kirim berkas ke Kabupaten lewat saluran yang ditetapkan. Nama berkas boleh diganti, misalnya "
            f"IKU_{nama.replace('Kecamatan ', '').replace(' ', '_')}_{tahun}_TW2.xlsm.",
            "Di Kabupaten setiap berkas diperiksa otomatis: angka dihitung ulang dari isian register, target "
            "dibandingkan dengan yang ditetapkan, dan setiap temuan dicatat dengan nama lembar dan selnya. Berkas "
            "bergalat diminta dikirim ulang setelah diperbaiki; peringatan cukup diperhatikan.",
        )),
        Section("Untuk petugas TI", (
            "Fungsi lembar kerja ada di modul VBA IKU_Fungsi berkas ini (hanya ke-13 fungsi itu yang Public). Modul "
            "yang sama untuk buku kerja lain ditulis oleh perintah iku-excel makro.",
            "Kantor dengan Python (Windows) dapat memakai templat .xlsx dengan add-in xlwings: jalankan iku-excel excel, "
            "lalu tab xlwings > Import Functions; lembar tersembunyi xlwings.conf menunjuk modul iku_excel.udf. "
            "Microsoft 365 atau Excel di web: xlwings Lite (README iku-excel, bagian \"Di Excel\").",
            "Lembar tersembunyi _meta (identitas templat) dan Daftar (pilihan dropdown) diperiksa oleh pemeriksa "
            "Kabupaten: jangan diubah.",
            source,
        ), for_it=True),
    ]
