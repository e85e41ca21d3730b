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
    keys += [(instansi, "contoh") for instansi in SEED_INSTANSI]
    return {key: to_pdf(workbooks[key], out) for key in keys}


def pages_of(pdf: Path) -> list[str]:
    return pdf_text(pdf).split("\f")


def sheet_pages(pdf: Path) -> dict[str, list[str]]:
    """The printed pages of each sheet, by the sheet named in their footer ("Kecamatan X — IKU 2025")."""
    import re

    out: dict[str, list[str]] = {}
    for page in pages_of(pdf):
        found = re.search(r"Kecamatan [^\n—]+ — (.+?) \d{4}\s", page)
        if found:
            out.setdefault(found.group(1), []).append(page)
    return out


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
    """The IKU prints as the seeds do: No, Sasaran, Indikator, Rumus / Penjelasan, Satuan, Target,
    Sumber Data, Penanggung Jawab. Realisasi, capaian and predikat print in the Pengukuran Kinerja."""
    pdf = rendered[("candipuro", "contoh")]
    flat = " ".join(" ".join(sheet_pages(pdf)["IKU"]).split())
    for heading in ("Sasaran", "Indikator", "Rumus / Penjelasan", "Satuan", "Target", "Sumber Data", "Penanggung Jawab"):
        assert heading in flat, heading
    for working in ("Polaritas", "Rekap triwulan", "Realisasi", "Capaian", "Predikat"):  # on screen, off the paper
        assert working not in flat, working
    assert "a. Menyelenggarakan urusan pemerintahan umum;" in flat and "j. Melaksanakan tugas lain" in flat
    for item in catalog.indicators("candipuro"):
        assert " ".join(item.spec.formula.split())[:30] in flat, item.full_id
    assert flat.count("Meningkatnya Kualitas") <= 2  # one sasaran, merged over its indicators (on each page)
    (measured,) = [" ".join(p.split()) for p in pages_of(pdf) if "PENGUKURAN KINERJA TAHUN 2025" in p]
    for heading in ("Target", "Realisasi", "TW I", "TW IV", "tahunan", "Capaian", "Predikat", "Sampai Triwulan IV"):
        assert heading in measured, heading
    assert "Mutu " in measured  # the IKM row says its mutu and kinerja


def test_the_perjanjian_kinerja_is_signed_by_both_parties(rendered, catalog):
    """The IKU's: the Camat (pihak pertama) and the Bupati (pihak kedua). An IKI's, per jabatan: its
    holder, and the holder of its atasan (Kasi: the Camat), or the Bupati for the Camat."""
    from iku_excel.demo.sample import sample_signers

    pages = [" ".join(p.split()) for p in pages_of(rendered[("randuagung", "contoh")])]
    pk = [p for p in pages if p.startswith("PERJANJIAN KINERJA TAHUN 2025")]
    assert len(pk) == 1 and "Dra. MAWI MUJAYANTI" in pk[0] and "BUPATI LUMAJANG" in pk[0]
    assert "PIHAK PERTAMA" in pk[0] and "PIHAK KEDUA" in pk[0] and "NIP. 19680901 199202 2 002" in pk[0]
    (lampiran,) = [p for p in pages if p.startswith("LAMPIRAN PERJANJIAN KINERJA TAHUN 2025")]
    assert "Persentase hasil fasilitasi dan koordinasi" in lampiran and " 84" in lampiran  # the catalog's target
    inst = catalog.get("ngantang")
    signers = sample_signers(inst, 2025)
    pages = [" ".join(p.split()) for p in pages_of(rendered[("ngantang", "contoh")])]
    pk = [p for p in pages if p.startswith("PERJANJIAN KINERJA TAHUN 2025")]
    assert len(pk) == sum(1 for j in inst.jabatan if j.indikator)
    kesos = next(p for p in pk if "KASI KESEJAHTERAAN SOSIAL" in p)
    assert signers["kasi_kesos"][0] in kesos and signers["camat"][0] in kesos  # the holder and the Camat above him
    camat = next(p for p in pk if p.split("KECAMATAN NGANTANG")[0].endswith("CAMAT "))
    assert "BUPATI MALANG" in camat


def test_every_iki_page_is_signed_by_the_holder_of_its_jabatan(rendered, catalog):
    from iku_excel.demo.sample import sample_signers

    pdf = rendered[("ngantang", "contoh")]
    inst = catalog.get("ngantang")
    signers = sample_signers(inst, 2025)
    by_sheet = sheet_pages(pdf)
    for jab in (j for j in inst.jabatan if j.indikator):
        nama, nip, _pangkat = signers[jab.id]
        assert len(nip.replace(" ", "")) == 18 and nip.replace(" ", "").isdigit()
        mine = " ".join(by_sheet[f"IKI {jab.singkatan or jab.nama}"])  # the table, and the signature after it
        assert "1. Jabatan" in mine and jab.nama.upper() in mine and nama in mine, jab.nama
        assert f"NIP. {nip}" in mine, jab.nama


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


def document_budget(inst) -> int:
    """Pages of the Perjanjian Kinerja (the agreement and its lampiran, per IKU/IKI sheet) and the
    Pengukuran Kinerja (one page, and one more per ten indicators)."""
    counts = ([len(inst.indikator)] if inst.indikator else []) + [len(j.indikator) for j in inst.jabatan if j.indikator]
    return 2 * len(counts) + 1 + sum(counts) // 10


def dashboard_budget(inst) -> int:
    """The dashboard: a table and its chart per IKU/IKI sheet, two to a page, none cut."""
    sheets = (1 if inst.indikator else 0) + sum(1 for j in inst.jabatan if j.indikator)
    return 1 + sheets // 2


def sheet_budget(inst) -> int:
    """Pages an IKU/IKI sheet may print: 2 for a table of up to four indicators (the table, then the
    signature), one more per four indicators beyond (Larangan's five, with their long formula texts,
    take two pages in Calibri's metrics, as Excel measures column widths)."""
    counts = ([len(inst.indikator)] if inst.indikator else []) + [len(j.indikator) for j in inst.jabatan if j.indikator]
    return sum(2 + max(0, n - 1) // 4 for n in counts)


@pytest.mark.parametrize("instansi", SEED_INSTANSI)
def test_an_empty_template_prints_its_documents_and_no_empty_register(rendered, catalog, instansi):
    """Cover, Petunjuk (2), Profil and the calculation: 5 pages; then the dashboard's, the IKU/IKI
    sheets' and the signed documents' budgets, and one page per register kept one row per desa
    (prefilled with the kecamatan's desa: a form to fill). An empty register prints nothing, and the footers
    count only what prints."""
    import re

    from iku_excel.templates.builder import WorkbookBuilder

    pages = pages_of(rendered[(instansi, "templat")])
    if not pages[-1].strip():
        pages = pages[:-1]  # pdftotext ends its output with a form feed
    inst = catalog.get(instansi)
    assert all(page.strip() for page in pages)  # no blank page
    registers = WorkbookBuilder(catalog, inst, 2025).registers
    budget = 5 + dashboard_budget(inst) + sheet_budget(inst) + document_budget(inst)
    assert len(pages) <= budget + sum(1 for r in registers if r.per_desa), len(pages)
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


def printed_sizes(pdf: Path) -> dict[str, list[tuple[float, str]]]:
    """The font size (points, as printed) of every text on the pages of each sheet, named by its
    footer ("Kecamatan X — IKU 2025"); the footer itself is left out. From poppler's pdftohtml,
    which reports each text's font size as drawn, after the print scaling."""
    import xml.etree.ElementTree as ET

    zoom = 2  # sizes come as whole numbers: at zoom 2 they are half points (poppler caps the zoom near 3)
    xml = subprocess.run(["pdftohtml", "-xml", "-i", "-stdout", "-zoom", str(zoom), str(pdf)], capture_output=True,
                         text=True, check=True).stdout
    root = ET.fromstring(xml)
    sizes = {f.get("id"): float(f.get("size")) / zoom for f in root.iter("fontspec")}
    out: dict[str, list[tuple[float, str]]] = {}
    for page in root.iter("page"):
        height = float(page.get("height"))
        texts = [(float(t.get("top")), sizes[t.get("font")], "".join(t.itertext()).strip()) for t in page.iter("text")]
        footer = [text for top, _s, text in texts if top > height * 0.93 and " — " in text]
        if not footer:
            continue
        sheet = footer[0].split(" — ", 1)[1].rsplit(" ", 1)[0]
        out.setdefault(sheet, []).extend((size, text) for top, size, text in texts if top <= height * 0.93 and text)
    return out


@pytest.mark.parametrize("instansi", SEED_INSTANSI)
def test_the_signed_documents_print_at_8_points_or_more(rendered, catalog, instansi):
    """Every text on the printed IKU/IKI, Perjanjian Kinerja and Pengukuran Kinerja pages of each
    seed's sample is at least 8 pt on paper, measured in the PDF LibreOffice prints."""
    sizes = printed_sizes(rendered[(instansi, "contoh")])
    inst = catalog.get(instansi)
    for sheet in [*indicator_sheets(inst), "Perjanjian Kinerja", "Pengukuran Kinerja"]:
        assert sizes.get(sheet), (sheet, sorted(sizes))
        small = [(size, text) for size, text in sizes[sheet] if size < 8]
        assert not small, (sheet, small[:5])
        assert max(size for size, _t in sizes[sheet]) >= 9, sheet


def test_the_renstra_targets_and_the_capaian_against_the_end_of_period(tmp_path, catalog):
    """A catalog with the Renstra's targets (2025–2029): the workbook lists them, and the Pengukuran
    compares this year's realisasi with the end-of-period target as well, as computed by hand from
    the realisasi LibreOffice recalculates."""
    import openpyxl

    from iku_excel.catalog.loader import load_catalog_from
    from iku_excel.demo.sample import build_sample

    require_libreoffice()
    folder = tmp_path / "katalog"
    folder.mkdir()
    text = (Path(__file__).resolve().parents[1] / "iku_excel/data/instansi/randuagung.yaml").read_text(encoding="utf-8")
    assert "    target: {2025: 84}" in text
    (folder / "randuagung.yaml").write_text(text.replace("    target: {2025: 84}",
                                                         "    target: {2025: 84, 2026: 86, 2027: 88, 2028: 89, 2029: 90}"),
                                            encoding="utf-8")
    path = build_sample(load_catalog_from([folder]), "randuagung", 2025, tmp_path / "contoh.xlsx")
    wb = openpyxl.load_workbook(path)
    renstra = [[c for c in row] for row in wb["Target Renstra"].iter_rows(min_row=4, max_row=5, values_only=True)]
    assert renstra[0][4:9] == ["2025", "2026", "2027", "2028", "2029"]
    assert renstra[1][2].startswith("Persentase hasil fasilitasi") and renstra[1][4:9] == [84, 86, 88, 89, 90]
    header = [c.value for c in wb["Pengukuran Kinerja"][5]]
    assert header[-2:] == ["Target 2029", "Capaian thd 2029 (%)"]
    pdf = to_pdf(path, tmp_path)
    flat = " ".join(" ".join(sheet_pages(pdf)["Pengukuran Kinerja"]).split())
    values = wb["Pengukuran Kinerja"]
    row = next(r for r in values.iter_rows(min_row=6) if str(r[2].value).startswith("Persentase hasil fasilitasi"))[0].row
    from .conftest import require_uno, run_harness

    require_uno()
    xlsm = build_sample(load_catalog_from([folder]), "randuagung", 2025, tmp_path / "contoh.xlsm")
    libre = run_harness(tmp_path, workbooks=[xlsm], module=None)["workbooks"][str(xlsm)]  # only its own VBA
    realisasi = libre[f"Pengukuran Kinerja!{row},10"]
    against = libre[f"Pengukuran Kinerja!{row},15"]
    assert isinstance(realisasi, float) and 80 < realisasi <= 100
    assert against == pytest.approx(round(realisasi / 90 * 100, 2))  # naik: realisasi over the 2029 target
    assert f"{against:.2f}" in flat  # as printed


def test_no_dashboard_chart_is_cut_across_pages(catalog):
    """Each table of the Dasbor with its chart beside it prints whole: a page starts before a block
    that would not fit below the one above, never inside one. (Looked at in the PDF LibreOffice
    prints: two blocks to a landscape page. A PDF's text cannot show it: LibreOffice draws a chart
    that overlaps a page's end on both pages and clips it, and a text extractor ignores clips.)"""
    from iku_excel.templates.builder import WorkbookBuilder
    from iku_excel.templates.dashboard import CHART_ROWS, FIRST_DATA_ROW

    spec = WorkbookBuilder(catalog, catalog.get("ngantang"), 2025).spec()
    calls = [(m, a) for obj, m, a, _k in spec.book.log if getattr(obj, "name", None) == "Dasbor"]
    charts = [a[0] for m, a in calls if m == "insert_chart"]
    (breaks,) = [a[0] for m, a in calls if m == "set_h_pagebreaks"]
    assert len(charts) == 15 and charts[0] == FIRST_DATA_ROW - 1
    for top in charts:
        assert not any(top < b <= top + CHART_ROWS for b in breaks), (top, breaks)
    assert set(breaks) <= set(charts) and len(breaks) >= len(charts) // 2 - 1  # at most two blocks to a page
