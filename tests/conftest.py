"""Shared fixtures: the catalog and generated workbooks (built once per test session)."""

import json
import math
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from iku_excel.catalog import load_catalog
from iku_excel.demo.sample import build_sample
from iku_excel.templates import build_template, template_filename

SEED_INSTANSI = ("candipuro", "larangan", "ngantang", "randuagung", "senduro")
YEAR = 2025
ROOT = Path(__file__).resolve().parents[1]
MODULE = ROOT / "macros" / "IKU_Fungsi.bas"
HARNESS = Path(__file__).with_name("lo_harness.py")


@pytest.fixture(scope="session")
def catalog():
    return load_catalog()


@pytest.fixture(scope="session")
def workbooks(tmp_path_factory, catalog):
    """{(instansi, 'templat'|'contoh'): path} for the five seed kecamatan."""
    folder = tmp_path_factory.mktemp("workbooks")
    result = {}
    for key in SEED_INSTANSI:
        result[(key, "templat")] = build_template(catalog, key, YEAR, folder / template_filename(key, YEAR))
        result[(key, "contoh")] = build_sample(catalog, key, YEAR, folder / template_filename(key, YEAR, sample=True))
    return result


@pytest.fixture(scope="session")
def macro_workbooks(tmp_path_factory, catalog):
    """{(instansi, 'templat'|'contoh'): path} of the .xlsm workbooks, VBA functions inside."""
    folder = tmp_path_factory.mktemp("xlsm")
    result = {}
    for key in SEED_INSTANSI:
        result[(key, "templat")] = build_template(catalog, key, YEAR, folder / template_filename(key, YEAR, macros=True))
        result[(key, "contoh")] = build_sample(catalog, key, YEAR,
                                               folder / template_filename(key, YEAR, sample=True, macros=True))
    return result


def require_libreoffice():
    """Skip without LibreOffice, unless CI demands it (IKU_REQUIRE_LIBREOFFICE=1)."""
    if shutil.which("soffice"):
        return
    if os.environ.get("IKU_REQUIRE_LIBREOFFICE") == "1":
        pytest.fail("LibreOffice (soffice) is required here but not installed")
    pytest.skip("LibreOffice (soffice) not installed")


def require(what: str):
    """A service a test needs and the machine lacks: skipped, unless CI demands everything
    (IKU_REQUIRE_LIBREOFFICE=1, which .ci/run sets), where it fails."""
    if os.environ.get("IKU_REQUIRE_LIBREOFFICE") == "1":
        pytest.fail(f"{what} is required here but not available")
    pytest.skip(f"{what} not available")


def require_uno():
    require_libreoffice()
    ok = subprocess.run(["/usr/bin/python3", "-c", "import uno"], capture_output=True).returncode == 0
    if not ok:
        if os.environ.get("IKU_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail("python3-uno is required here but not installed")
        pytest.skip("python3-uno not installed")


def run_harness(tmp_path, vectors=(), workbooks=(), module=MODULE, save=None):
    """LibreOffice recalculates `workbooks` (and evaluates `vectors`) with `module` in its
    application Basic library; module=None: only each workbook's own VBA project runs.
    `save` {workbook: copy}: also store the recalculated workbook as .xlsx."""
    job = {"module": str(module) if module else None, "port": 2100 + os.getpid() % 500, "vectors": list(vectors),
           "workbooks": [str(w) for w in workbooks], "save": {str(k): str(v) for k, v in (save or {}).items()}}
    (tmp_path / "job.json").write_text(json.dumps(job), encoding="utf-8")
    subprocess.run(["/usr/bin/python3", str(HARNESS), str(tmp_path / "job.json"), str(tmp_path / "out.json")],
                   check=True, timeout=900, capture_output=True)
    return json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))


def same(a, b):
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
    return a == b
