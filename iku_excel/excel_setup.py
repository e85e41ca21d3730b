"""`iku-excel excel`: set up Excel for the IKU functions, or explain what works on this system."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable

COMMON = """\
Cara memakai fungsi IKU_... dan IKM_... di buku kerja:
  1. Templat .xlsm (tanpa Python; Excel desktop Windows/Mac, atau LibreOffice): `iku-excel templat -o FOLDER`
     menulis templat_<instansi>_<tahun>.xlsm yang membawa fungsinya sendiri sebagai makro VBA.
     Cukup aktifkan makro saat berkas dibuka (lihat lembar Petunjuk di berkas itu).
  2. Add-in xlwings (Windows, Python terpasang): templat .xlsx, fungsi Python langsung di sel.
  3. xlwings Lite (Excel 365 / Excel di web, gratis): pasang wheel iku-excel lewat tab
     requirements.txt (bersama PyYAML, pydantic, Babel); main.py diawali `import xlwings`
     lalu `from iku_excel.udf import *`. Lihat README bagian "Di Excel".
Modul VBA untuk buku kerja buatan sendiri: `iku-excel makro -o FOLDER` menulis IKU_Fungsi.bas
(impor lewat Alt+F11 > File > Import File, lalu simpan sebagai .xlsm).
Tanpa semua itu pun berkas tetap dapat dikirim: Kabupaten menghitung ulang dengan
`iku-excel validasi` / `iku-excel hitung`."""


def setup(platform: str = sys.platform, run: Callable = subprocess.run, echo: Callable[[str], None] = print) -> int:
    """Install the xlwings add-in on Windows; elsewhere explain the routes. Returns an exit status."""
    echo(COMMON)
    echo("")
    if platform.startswith("win"):
        xlwings = shutil.which("xlwings")
        command = [xlwings, "addin", "install"] if xlwings else [sys.executable, "-m", "xlwings.cli", "addin", "install"]
        echo("Windows: memasang add-in xlwings ...")
        result = run(command, capture_output=True, text=True)
        if result.returncode != 0:
            echo("Pemasangan add-in gagal:\n" + (result.stderr or result.stdout or "").strip())
            echo("Pastikan Excel tertutup, lalu jalankan lagi `iku-excel excel`.")
            return 1
        echo("Add-in xlwings terpasang. Langkah berikutnya di Excel:")
        echo("  a. File > Options > Trust Center > Trust Center Settings > Macro Settings: centang")
        echo("     'Trust access to the VBA project object model'.")
        echo("  b. Buat templat .xlsx (iku-excel templat -o FOLDER) dan buka. Lembar tersembunyi")
        echo("     'xlwings.conf' sudah menunjuk modul iku_excel.udf.")
        echo("  c. Tab xlwings > 'Import Functions'. Fungsi muncul di kategori 'IKU Kecamatan'.")
        return 0
    if platform == "darwin":
        echo("macOS: fungsi Python di sel (UDF) tidak didukung xlwings di Mac; makro RunPython berjalan.")
        echo("Pakai cara 1 (templat .xlsm) atau cara 3 (xlwings Lite) untuk fungsi di sel.")
        return 0
    echo("Sistem ini (Linux) tidak menjalankan Excel. Yang berjalan di sini:")
    echo("  - iku-excel validasi / hitung: memeriksa dan menghitung ulang buku kerja tanpa Excel;")
    echo("  - LibreOffice Calc membuka templat .xlsm dan menjalankan fungsinya bila makro diizinkan")
    echo("    (Alat > Opsi > LibreOffice > Keamanan > Keamanan Makro).")
    return 0
