"""`iku-excel excel`: set up Excel for the IKU functions, or explain what works on this system."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

MACROS = Path(__file__).resolve().parents[1] / "macros"

COMMON = """\
Tiga cara memakai fungsi IKU_... dan IKM_... di buku kerja:
  1. Add-in xlwings (Windows, Python terpasang): fungsi Python langsung di sel.
  2. xlwings Lite (Excel 365 / Excel di web, gratis): pasang wheel iku-excel lewat tab
     requirements.txt (bersama PyYAML, pydantic, Babel); main.py diawali `import xlwings`
     lalu `from iku_excel.udf import *`. Lihat README bagian "Di Excel".
  3. Modul VBA (tanpa Python): impor {macros}/IKU_Fungsi.bas lewat Alt+F11 > File > Import File,
     lalu simpan buku kerja sebagai .xlsm. Hasilnya sama dengan fungsi Python.
Tanpa ketiganya pun berkas tetap dapat dikirim: Kabupaten menghitung ulang dengan
`iku-excel validasi` / `iku-excel hitung`."""


def setup(platform: str = sys.platform, run: Callable = subprocess.run, echo: Callable[[str], None] = print) -> int:
    """Install the xlwings add-in on Windows; elsewhere explain the routes. Returns an exit status."""
    echo(COMMON.format(macros=MACROS))
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
        echo("  b. Buka templat (workbook_templates/templat_*.xlsx). Lembar tersembunyi 'xlwings.conf'")
        echo("     sudah menunjuk modul iku_excel.udf.")
        echo("  c. Tab xlwings > 'Import Functions'. Fungsi muncul di kategori 'IKU Kecamatan'.")
        return 0
    if platform == "darwin":
        echo("macOS: fungsi Python di sel (UDF) tidak didukung xlwings di Mac; makro RunPython berjalan.")
        echo("Pakai cara 2 (xlwings Lite) atau cara 3 (modul VBA) untuk fungsi di sel.")
        return 0
    echo("Sistem ini (Linux) tidak menjalankan Excel. Yang berjalan di sini:")
    echo("  - iku-excel validasi / hitung: memeriksa dan menghitung ulang buku kerja tanpa Excel;")
    echo("  - LibreOffice Calc dengan modul VBA macros/IKU_Fungsi.bas di pustaka Basic 'Standard'")
    echo("    (Option VBASupport 1), seperti yang dipakai uji proyek ini.")
    return 0
