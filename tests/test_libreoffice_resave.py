"""Templates and samples re-saved by LibreOffice headless are read and checked like the originals."""

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from iku_excel.process import validate_file, write_recalculated

from .conftest import SEED_INSTANSI, require_libreoffice


def convert(files: list[Path], out: Path, target: str) -> list[Path]:
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))
    try:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                        "--convert-to", target, "--outdir", str(out), *map(str, files)],
                       check=True, capture_output=True, timeout=600)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    ext = "." + target.split(":")[0]
    return [out / (f.stem + ext) for f in files]


@pytest.fixture(scope="module")
def resaved(workbooks, tmp_path_factory):
    require_libreoffice()
    out = tmp_path_factory.mktemp("resaved")
    keys = [(i, "contoh") for i in SEED_INSTANSI] + [("ngantang", "templat")]
    paths = convert([workbooks[k] for k in keys], out, 'xlsx:Calc MS Excel 2007 XML')
    return dict(zip(keys, paths, strict=True))


@pytest.mark.parametrize("key", [(i, "contoh") for i in SEED_INSTANSI] + [("ngantang", "templat")])
def test_resaved_copy_checks_like_the_original(key, resaved, workbooks):
    copy = resaved[key]
    assert copy.exists()
    original = validate_file(workbooks[key])
    again = validate_file(copy)
    assert (again.instansi, again.tahun) == (original.instansi, original.tahun)
    assert sorted((f.code, f.sheet, f.cell) for f in again.findings) == \
        sorted((f.code, f.sheet, f.cell) for f in original.findings)


def test_hitung_on_a_resaved_copy(resaved, tmp_path):
    n, report = write_recalculated(resaved[("larangan", "contoh")], tmp_path / "dihitung.xlsx")
    assert report.status in ("ok", "warning")
    assert {f.code for f in validate_file(tmp_path / "dihitung.xlsx").findings} <= {"TANGGAL_KOSONG", "JAWABAN_SKM_KOSONG"}


def test_a_real_legacy_xls(workbooks, tmp_path):
    require_libreoffice()
    (xls,) = convert([workbooks[("senduro", "contoh")]], tmp_path, "xls:MS Excel 97")
    report = validate_file(xls)
    assert report.status == "unreadable" and report.findings[0].code == "FORMAT_XLS_LAMA"
