"""The Excel side: xlwings help and converters, a light import, the setup helper, the VBA module's surface."""

import inspect
import re
import subprocess
import sys
from pathlib import Path

from iku_excel import udf
from iku_excel.excel_setup import setup

ROOT = Path(__file__).resolve().parents[1]
BAS = (ROOT / "macros" / "IKU_Fungsi.bas").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_function_has_wizard_help_that_fits():
    for name, fn in udf.FUNCTIONS.items():
        help_ = fn.excel_help
        assert help_["category"] == "IKU Kecamatan"
        assert help_["doc"] and len(help_["doc"]) <= 255, name
        params = list(inspect.signature(fn).parameters)
        assert set(help_["args"]) == set(params), name
        for arg, info in help_["args"].items():
            assert info["doc"] and len(info["doc"]) <= 255, (name, arg)
            assert info.get("err_to_str") is True  # error cells arrive as "#DIV/0!" text, passed on


def test_blocks_arrive_as_two_dimensional_lists():
    assert udf.ikm_nilai.excel_help["args"]["jawaban"]["ndim"] == 2
    assert udf.ikm_nrr.excel_help["args"]["jawaban"]["ndim"] == 2
    assert udf.iku_kehadiran.excel_help["args"]["hari_tidak_masuk"]["ndim"] == 2
    # and the functions accept what ndim=2 gives for one cell or one row
    assert udf.ikm_nilai([[4.0] * 9]) == 100.0
    assert udf.iku_kehadiran(1.0, 240.0, [[10.0]]) == udf.iku_kehadiran(1.0, 240.0, 10.0)


def test_importing_the_udf_module_is_light():
    code = ("import sys; import iku_excel.udf as u; "
            "heavy = [m for m in ('pandas', 'numpy', 'openpyxl', 'formulas', 'xlwings', 'pydantic', 'yaml', 'babel', "
            "'xlsxwriter', 'click') if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"


def test_the_function_wizard_names_the_band_edges_of_the_band_sets():
    """Excel's help for IKU_PREDIKAT and IKM_MUTU says the edges of the band sets in force, from the data."""
    code = ("import xlwings, iku_excel.udf as u; print(u.iku_predikat.__doc__); print(u.ikm_mutu.__doc__)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.splitlines()
    assert out == ["Predikat capaian: Sangat Baik ≥ 91; Baik ≥ 76; Cukup ≥ 66; Kurang ≥ 51; Sangat Kurang di bawahnya.",
                   "Mutu pelayanan dari nilai IKM: A ≥ 88,31; B ≥ 76,61; C ≥ 65; D di bawahnya."]


def test_with_xlwings_loaded_the_decorated_functions_still_compute():
    code = ("import xlwings, iku_excel.udf as u; "
            "print(u.iku_capaian(6.5, 7.0, 'turun'), u.ikm_mutu(88.31), u.iku_persen(None, 5.0))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "107.14 A #KOSONG: pembilang belum diisi"


def test_vba_module_has_every_function_with_the_same_arguments():
    for name, fn in udf.FUNCTIONS.items():
        match = re.search(rf"Public Function {name}\(([^)]*)\)", BAS)
        assert match, f"{name} missing in macros/IKU_Fungsi.bas"
        args = [a.split()[-3] if a.split()[0] == "Optional" else a.split()[0] for a in match.group(1).split(",")]
        args = [a.replace("Optional", "").strip() for a in args]
        assert args == list(inspect.signature(fn).parameters), name
    assert "VBASupport" not in BAS  # LibreOffice-only; the test harness adds it for LibreOffice
    assert all(ord(ch) < 128 for ch in BAS), "keep the .bas ASCII: Excel imports it in the system code page"


def test_setup_installs_the_addin_on_windows():
    calls, lines = [], []

    class Done:
        returncode = 0
        stdout = stderr = ""

    status = setup(platform="win32", run=lambda cmd, **kw: calls.append(cmd) or Done(), echo=lines.append)
    assert status == 0
    assert calls and calls[0][-2:] == ["addin", "install"]
    assert any("Import Functions" in line for line in lines)


def test_setup_reports_a_failed_install():
    class Failed:
        returncode = 1
        stdout = ""
        stderr = "Excel sedang terbuka"

    lines = []
    assert setup(platform="win32", run=lambda cmd, **kw: Failed(), echo=lines.append) == 1
    assert any("gagal" in line for line in lines)


def test_setup_explains_other_systems():
    for platform, word in (("darwin", "macOS"), ("linux", "Linux")):
        lines = []
        assert setup(platform=platform, run=None, echo=lines.append) == 0
        text = "\n".join(lines)
        assert word in text and "xlwings Lite" in text and "IKU_Fungsi.bas" in text


def test_readme_has_the_excel_routes():
    section = README.split("## Di Excel", 1)[1].split("\n## ", 1)[0]
    for route in ("xlwings add-in", "xlwings Lite", "VBA"):
        assert route in section
