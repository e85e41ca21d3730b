"""Templates rendered by LibreOffice headless: an engine nobody here wrote lays out the print."""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from .conftest import require_libreoffice


def to_pdf(xlsx: Path, out: Path) -> Path:
    """soffice --convert-to pdf with a private, throw-away profile (so parallel or
    earlier runs cannot lock or alter it)."""
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))
    try:
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
             "--convert-to", "pdf", "--outdir", str(out), str(xlsx)],
            check=True, capture_output=True, timeout=240,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    pdf = out / (xlsx.stem + ".pdf")
    assert pdf.exists(), f"LibreOffice made no PDF of {xlsx.name}"
    return pdf


def pdf_pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def rendered(workbooks, tmp_path_factory):
    require_libreoffice()
    if not shutil.which("pdfinfo"):
        if os.environ.get("IKU_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail("poppler-utils (pdfinfo, pdftotext) is required here but not installed")
        pytest.skip("poppler-utils not installed")
    out = tmp_path_factory.mktemp("pdf")
    return {key: to_pdf(workbooks[key], out) for key in (("randuagung", "contoh"), ("ngantang", "templat"))}


def test_sample_renders_with_values_and_signature(rendered):
    pdf = rendered[("randuagung", "contoh")]
    assert pdf_pages(pdf) >= 5
    text = pdf_text(pdf)
    assert "INDIKATOR KINERJA UTAMA (IKU) KECAMATAN RANDUAGUNG" in text
    assert "Persentase hasil fasilitasi dan koordinasi" in text
    assert "Sangat Baik" in text or "Baik" in text  # a predikat, from the cached values
    # the signature block of the seeds: place and date, jabatan, name, NIP
    for line in ("Lumajang, 15 Januari 2026", "Camat Randuagung", "Dra. MAWI MUJAYANTI", "NIP. 19680901 199202 2 002"):
        assert line in text


def test_iki_template_has_a_page_per_jabatan(rendered):
    pdf = rendered[("ngantang", "templat")]
    text = pdf_text(pdf)
    for jabatan in ("CAMAT", "SEKRETARIS KECAMATAN", "BENDAHARA", "PRAMU KEBERSIHAN"):
        assert f"INDIKATOR KINERJA INDIVIDU — {jabatan} — KECAMATAN NGANTANG" in text
    assert pdf_pages(pdf) >= 15
