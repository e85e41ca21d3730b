"""Templates rendered by LibreOffice headless: an engine nobody here wrote lays out the print."""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from .conftest import SEED_INSTANSI, require_libreoffice


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
    keys = [(instansi, "templat") for instansi in SEED_INSTANSI]
    keys += [("randuagung", "contoh"), ("ngantang", "contoh"), ("candipuro", "contoh")]
    return {key: to_pdf(workbooks[key], out) for key in keys}


def pages_of(pdf: Path) -> list[str]:
    return pdf_text(pdf).split("\f")


def indicator_pages(pdf: Path) -> list[str]:
    return [p for p in pages_of(pdf) if "INDIKATOR KINERJA" in p and "Rumus / Penjelasan" in p]


def test_sample_renders_with_values_and_signature(rendered):
    pdf = rendered[("randuagung", "contoh")]
    assert pdf_pages(pdf) >= 5
    text = pdf_text(pdf)
    assert "INDIKATOR KINERJA UTAMA (IKU) TAHUN 2025" in text
    assert "1. Instansi" in text and "KECAMATAN RANDUAGUNG KABUPATEN LUMAJANG" in text
    assert "Indikator Tujuan" in text and "Indeks Pelayanan Publik" in text  # the seed's tujuan hierarchy
    assert "Persentase hasil fasilitasi dan koordinasi" in text
    assert "Sangat Baik" in text or "Baik" in text  # a predikat, from the cached values
    # the signature block of the seeds: place and date, jabatan, name, NIP
    for line in ("Lumajang, 15 Januari 2026", "Camat Randuagung", "Dra. MAWI MUJAYANTI", "NIP. 19680901 199202 2 002"):
        assert line in text


def test_iku_page_has_the_seed_columns_and_formulas_not_the_working_columns(rendered, catalog):
    pdf = rendered[("candipuro", "contoh")]
    (page,) = indicator_pages(pdf)
    flat = " ".join(page.split())
    for heading in ("Sasaran", "Indikator", "Rumus / Penjelasan", "Satuan", "Target", "Capaian", "Predikat",
                    "Sumber Data", "Penanggung Jawab"):
        assert heading in flat, heading
    assert "Polaritas" not in flat and "Rekap triwulan" not in flat  # working columns, off the paper
    assert "a. Menyelenggarakan urusan pemerintahan umum;" in flat and "j. Melaksanakan tugas lain" in flat
    for item in catalog.indicators("candipuro"):
        assert " ".join(item.spec.formula.split())[:30] in flat, item.full_id
    assert flat.count("Meningkatnya Kualitas") == 1  # one sasaran, merged over its indicators
    assert "Mutu " in flat  # the IKM row says its mutu and kinerja


def test_every_iki_page_is_signed_by_the_holder_of_its_jabatan(rendered, catalog):
    from iku_excel.demo.sample import sample_signers

    pdf = rendered[("ngantang", "contoh")]
    inst = catalog.get("ngantang")
    signers = sample_signers(inst, 2025)
    pages = indicator_pages(pdf)
    for jab in (j for j in inst.jabatan if j.indikator):
        nama, nip, _pangkat = signers[jab.id]
        assert len(nip.replace(" ", "")) == 18 and nip.replace(" ", "").isdigit()
        mine = [p for p in pages if "1. Jabatan" in p and jab.nama.upper() in p and nama in p]
        assert mine, jab.nama
        assert any(f"NIP. {nip}" in p for p in mine), jab.nama


def test_iki_template_has_a_page_per_jabatan(rendered):
    pdf = rendered[("ngantang", "templat")]
    text = pdf_text(pdf)
    for jabatan in ("CAMAT", "SEKRETARIS KECAMATAN", "BENDAHARA", "PRAMU KEBERSIHAN"):
        assert f"1. Jabatan {jabatan}" in " ".join(text.split())
    assert "Lampiran Keputusan Camat Ngantang" in text
    assert pdf_pages(pdf) >= 15
    assert all(page.strip() for page in pages_of(pdf)[:-1])  # no blank page


@pytest.mark.parametrize("key", [("ngantang", "templat"), ("candipuro", "contoh")])
def test_the_signed_pages_are_few_and_none_is_blank(rendered, catalog, key):
    """Cover first; each IKU/IKI sheet on at most 2 pages (its footer counts them); the dashboard
    prints; no page is blank."""
    instansi, _kind = key
    pages = pages_of(rendered[key])
    assert "INDIKATOR KINERJA" in pages[0] and "TAHUN 2025" in pages[0]  # the cover
    assert all(page.strip() for page in pages[:-1])
    inst = catalog.get(instansi)
    for sheet in indicator_sheets(inst):
        printed = [p for p in pages if f"{inst.nama} — {sheet} 2025" in p]
        assert 1 <= len(printed) <= 3, (sheet, len(printed))
    assert any("DASBOR CAPAIAN" in p for p in pages)


def indicator_sheets(inst) -> list[str]:
    return (["IKU"] if inst.indikator else []) + [f"IKI {j.singkatan or j.nama}" for j in inst.jabatan if j.indikator]


def sheet_budget(inst) -> int:
    """Pages an IKU/IKI sheet may print: 2 for a table of up to four indicators (the table, then the
    signature), one more per four indicators beyond (Larangan's five, with their long formula texts,
    take two pages in Calibri's metrics, as Excel measures column widths)."""
    counts = ([len(inst.indikator)] if inst.indikator else []) + [len(j.indikator) for j in inst.jabatan if j.indikator]
    return sum(2 + max(0, n - 1) // 4 for n in counts)


@pytest.mark.parametrize("instansi", SEED_INSTANSI)
def test_an_empty_template_prints_its_documents_and_no_empty_register(rendered, catalog, instansi):
    """Cover, Petunjuk, Profil, the IKU/IKI pages, the dashboard and the calculation: at most 5 pages
    plus the IKU/IKI sheets' budget, and one page per register kept one row per desa (prefilled
    with the kecamatan's desa: a form to fill). An empty register prints nothing, and the footers
    count only what prints."""
    import re

    from iku_excel.templates.builder import WorkbookBuilder

    pages = pages_of(rendered[(instansi, "templat")])
    if not pages[-1].strip():
        pages = pages[:-1]  # pdftotext ends its output with a form feed
    inst = catalog.get(instansi)
    assert all(page.strip() for page in pages)  # no blank page
    registers = WorkbookBuilder(catalog, inst, 2025).registers
    assert len(pages) <= 5 + sheet_budget(inst) + sum(1 for r in registers if r.per_desa), len(pages)
    for reg in registers:
        printed = [p for p in pages if reg.title.title() in p]
        assert len(printed) == (1 if reg.per_desa else 0), reg.sheet
    counted = {int(n) for p in pages for n in re.findall(r"Halaman \d+ dari (\d+)", p)}
    assert counted == {len(pages)}, counted


@pytest.mark.parametrize("instansi", ["ngantang", "candipuro"])
def test_a_register_prints_its_filled_rows_and_nothing_after(rendered, workbooks, catalog, instansi):
    """Each register of a sample prints from its first to its last filled row (numbered 1..n), the
    header above every page, and not the rows nobody filled nor the formula columns."""
    import re

    from iku_excel.engine.model import register_values
    from iku_excel.engine.reader import read_workbook
    from iku_excel.templates.builder import WorkbookBuilder

    pages = pages_of(rendered[(instansi, "contoh")])
    book = read_workbook(workbooks[(instansi, "contoh")])
    for reg in WorkbookBuilder(catalog, catalog.get(instansi), 2025).registers:
        mine = [p for p in pages if reg.title.title() in p]
        filled = len(register_values(book, reg))
        if not filled:
            assert not mine, reg.sheet
            continue
        assert mine, reg.sheet
        printed = reg.columns[:reg.printed]
        for page in mine:
            assert reg.title in page and printed[-1].header.split()[0] in page  # the title and header repeat
        numbers = [int(n) for page in mine for n in re.findall(r"^ {0,12}(\d+) ", page, re.MULTILINE)]
        assert max(numbers) == filled, (reg.sheet, max(numbers), filled)
        words = " ".join(c.header for c in printed) + " " + reg.note
        for col in reg.columns[reg.printed:]:
            if col.header not in words:
                assert not any(col.header in " ".join(p.split()) for p in mine), (reg.sheet, col.header)


REFERENCE = Path(__file__).parent / "reference"


def first_indicator_page(pdf: Path) -> int:
    return next(i for i, page in enumerate(pages_of(pdf), 1) if "Rumus / Penjelasan" in page)


def picture(pdf: Path, page: int, out: Path) -> Path:
    """One page as an 8-bit grayscale PNG at 30 dpi, as the reference pictures are kept."""
    subprocess.run(["pdftoppm", "-f", str(page), "-l", str(page), "-r", "30", "-gray", "-png", "-singlefile", str(pdf),
                    str(out.with_suffix(""))], check=True, capture_output=True)
    return out


# The workbooks print in Arial (every style) and Calibri (Excel's default); LibreOffice renders them
# with these metric-compatible fonts, which scripts/install-system-deps installs.
PRINT_FONTS = {"Arial": "Liberation Sans", "Calibri": "Carlito"}


def require_print_fonts():
    """A picture rendered with whatever font a machine falls back to says nothing about the layout."""
    for family, metric_twin in PRINT_FONTS.items():
        found = subprocess.run(["fc-match", "-f", "%{family}", family], capture_output=True, text=True).stdout
        if metric_twin not in found:
            message = f"{family} renders as '{found}', not {metric_twin}: run scripts/install-system-deps"
            if os.environ.get("IKU_REQUIRE_LIBREOFFICE") == "1":
                pytest.fail(message)
            pytest.skip(message)


def test_the_print_fonts_are_the_metric_twins_of_excels():
    require_libreoffice()
    require_print_fonts()


@pytest.mark.parametrize("instansi", ["candipuro", "randuagung", "senduro", "larangan", "ngantang"])
def test_the_first_signed_page_looks_like_its_reference(workbooks, tmp_path, instansi):
    """Each seed's first IKU/IKI page of the sample, rendered by LibreOffice, against the picture
    kept in tests/reference/ (looked at when it was made). IKU_REFERENCE_UPDATE=1 rewrites them
    after a deliberate change of the layout."""
    require_libreoffice()
    require_print_fonts()
    if not shutil.which("pdftoppm"):
        pytest.skip("poppler-utils not installed")
    from .png import difference

    pdf = to_pdf(workbooks[(instansi, "contoh")], tmp_path)
    now = picture(pdf, first_indicator_page(pdf), tmp_path / f"{instansi}.png")
    kept = REFERENCE / f"{instansi}.png"
    if os.environ.get("IKU_REFERENCE_UPDATE") == "1":
        shutil.copy(now, kept)
    assert kept.exists(), f"no reference picture {kept.name}: run with IKU_REFERENCE_UPDATE=1 and look at it"
    assert difference(now, kept) < 0.01, f"{instansi}: the printed page changed; look at {now}"
