"""Shared fixtures: the catalog and generated workbooks (built once per test session)."""

import os
import shutil

import pytest

from iku_excel.catalog import load_catalog
from iku_excel.templates import build_sample, build_template, template_filename

SEED_INSTANSI = ("candipuro", "larangan", "ngantang", "randuagung", "senduro")
YEAR = 2025


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


def require_libreoffice():
    """Skip without LibreOffice, unless CI demands it (IKU_REQUIRE_LIBREOFFICE=1)."""
    if shutil.which("soffice"):
        return
    if os.environ.get("IKU_REQUIRE_LIBREOFFICE") == "1":
        pytest.fail("LibreOffice (soffice) is required here but not installed")
    pytest.skip("LibreOffice (soffice) not installed")
