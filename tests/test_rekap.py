"""The regency's recap: a batch of submissions in, rekap.csv / rekap.xlsx / rekap.html out.

The batch: several kecamatan, a duplicate pair, a file with errors, a file whose
cached values were forged, and an earlier triwulan. The figures in rekap.csv
are checked against values worked out from the sample registers with the
formula library (never from the workbooks); the workbook is read back and
rendered by LibreOffice, the page opened in Chromium.
"""

import csv
import math
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from iku_excel.calc.capaian import capaian, predikat
from iku_excel.calc.errors import InvalidInput
from iku_excel.cli import main
from iku_excel.demo import defects
from iku_excel.demo.sample import sample_registers
from iku_excel.engine.patch import Edit, patch_workbook
from iku_excel.process import write_recalculated
from iku_excel.rekap.table import COLUMNS, rekap_dataframe

from . import oracle
from .conftest import YEAR, require_libreoffice


@pytest.fixture(scope="module")
def batch(workbooks, tmp_path_factory):
    folder = tmp_path_factory.mktemp("kiriman")
    put = lambda key, name: Path(shutil.copy2(workbooks[(key, "contoh")], folder / name))  # noqa: E731
    files = {
        "larangan": put("larangan", "larangan_tw4.xlsx"),
        "randuagung_lama": put("randuagung", "randuagung_tw4.xlsx"),
        "randuagung_baru": put("randuagung", "randuagung_tw4_revisi.xlsx"),
        "senduro": put("senduro", "senduro_tw4.xlsx"),
    }
    os.utime(files["randuagung_lama"], (1_700_000_000, 1_700_000_000))  # the older of the pair
    # Senduro also sent TW II earlier
    # (recalculated, as Excel does on saving: TW III and IV are then blank)
    typed = patch_workbook(workbooks[("senduro", "contoh")], folder.parent / "senduro_tw2_ketik.xlsx",
                           {"Profil": {"B7": Edit(value=2.0)}})
    write_recalculated(typed, folder / "senduro_tw2.xlsx")
    files["senduro_tw2"] = folder / "senduro_tw2.xlsx"
    # Ngantang's file has an error that leaves its figures as they are (a changed hidden sheet)
    files["ngantang"] = defects.DEFECTS["LEMBAR_PENDUKUNG_DIUBAH"][1](workbooks[("ngantang", "contoh")],
                                                                      folder / "ngantang_tw4.xlsx")
    # Candipuro's shows a forged capaian; the recap must take the one its inputs give
    files["candipuro"] = patch_workbook(workbooks[("candipuro", "contoh")], folder / "candipuro_tw4.xlsx",
                                        {"IKU": {"O11": Edit(value=100.0)}})
    (folder / "daftar.csv").write_text("kecamatan;kode\nCandipuro;1\nKecamatan Larangan;2\nngantang;3\nRanduagung;4\n"
                                       "Senduro;5\nSukamaju;6\n", encoding="utf-8")
    return folder, files


@pytest.fixture(scope="module")
def rekap(batch, tmp_path_factory):
    folder, _files = batch
    out = tmp_path_factory.mktemp("hasil") / "rekap"
    result = CliRunner().invoke(main, ["rekap", str(folder), "-o", str(out), "--diam", "--daftar",
                                       str(folder / "daftar.csv")])
    assert result.exit_code == 1, result.output  # Ngantang's and Candipuro's files have errors
    return out, result.output


def csv_rows(out: Path) -> list[dict]:
    with open(out / "rekap.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def expected_figures(catalog, instansi: str) -> dict[str, tuple[float, float | None, str]]:
    """indikator -> (realisasi, capaian, predikat) from the sample registers: the realisasi by the rules
    worked out plainly (tests/oracle.py), capaian and predikat by the formula library."""
    inst = catalog.get(instansi)
    data = sample_registers(catalog, inst, YEAR)
    out = {}
    for item in catalog.indicators(instansi):
        spec = item.spec
        target = spec.target.get(YEAR, data.target.get(item.full_id))
        value = oracle.realisasi(item, data)
        try:
            achieved = capaian(value, target, spec.polaritas)
            out[(item.jabatan.nama if item.jabatan else "", spec.id)] = (value, achieved, predikat(achieved))
        except InvalidInput:
            out[(item.jabatan.nama if item.jabatan else "", spec.id)] = (value, None, "")
    return out


def test_every_ikm_reaches_the_summary_whatever_its_id(rekap, catalog):
    """Larangan's IKM indicator is called "skm", Candipuro's "ikm": the Ringkasan finds each by its
    kind, with the IKM and mutu the data rows carry."""
    import openpyxl

    out, _ = rekap
    ws = openpyxl.load_workbook(out / "rekap.xlsx")["Ringkasan"]
    heads = [ws.cell(4, c).value for c in range(1, ws.max_column + 1)]
    ikm_col, mutu_col = heads.index("IKM") + 1, heads.index("Mutu") + 1
    shown = {ws.cell(r, 1).value: (ws.cell(r, ikm_col).value, ws.cell(r, mutu_col).value)
             for r in range(5, ws.max_row + 1)}
    data = [r for r in csv_rows(out) if r["jenis"] == "ikm" and r["dipakai"] == "True"]
    with_survey = {catalog.get(r["instansi"]).nama for r in data}
    assert "Kecamatan Larangan" in with_survey  # (Ngantang's file of this batch has errors: not used)
    for r in data:
        ikm, mutu = shown[catalog.get(r["instansi"]).nama]
        assert ikm == pytest.approx(float(r["realisasi"])) and mutu == r["mutu"] != "", r["instansi"]


def test_rekap_csv_has_the_columns_and_machine_numbers(rekap):
    out, _ = rekap
    text = (out / "rekap.csv").read_text(encoding="utf-8")
    assert text.splitlines()[0].split(",") == list(COLUMNS)
    rows = csv_rows(out)
    assert {r["instansi"] for r in rows} == {"candipuro", "larangan", "ngantang", "randuagung", "senduro"}
    assert any(re.fullmatch(r"\d+\.\d+", r["capaian"]) for r in rows)  # a dot decimal
    assert not any("," in r["capaian"] for r in rows)


def test_rekap_figures_equal_those_worked_out_from_the_registers(rekap, catalog):
    out, _ = rekap
    rows = csv_rows(out)
    checked = 0
    for instansi in ("candipuro", "larangan", "ngantang", "randuagung", "senduro"):
        expected = expected_figures(catalog, instansi)
        mine = [r for r in rows if r["instansi"] == instansi and r["berkas"].endswith("tw4.xlsx")]
        assert len(mine) == len(expected), instansi
        for r in mine:
            value, achieved, band = expected[(r["jabatan"], r["indikator_id"])]
            assert float(r["realisasi"]) == pytest.approx(value, abs=1e-9), (instansi, r["indikator_id"])
            if achieved is not None:
                assert float(r["capaian"]) == pytest.approx(achieved, abs=1e-9), (instansi, r["indikator_id"])
                assert r["predikat"] == band
                checked += 1
    assert checked > 40
    forged = next(r for r in rows if r["instansi"] == "candipuro" and r["indikator_id"] == "fasilitasi_ditindaklanjuti")
    assert float(forged["capaian"]) != 100.0  # the forged cell said 100


def test_which_rows_count(rekap):
    out, _ = rekap
    used = {Path(r["berkas"]).name for r in csv_rows(out) if r["dipakai"] == "True"}
    # the newer of the pair, the TW IV of Senduro; not the files with errors, not the older copy, not TW II
    assert used == {"larangan_tw4.xlsx", "randuagung_tw4_revisi.xlsx", "senduro_tw4.xlsx"}


def test_the_duplicate_is_flagged_with_its_own_code(rekap):
    import json

    out, _ = rekap
    files = {Path(f["file"]).name: f for f in json.loads((out / "laporan.json").read_text(encoding="utf-8"))["files"]}
    assert [f["code"] for f in files["randuagung_tw4.xlsx"]["findings"]].count("KIRIMAN_GANDA") == 1
    assert "KIRIMAN_GANDA" not in [f["code"] for f in files["randuagung_tw4_revisi.xlsx"]["findings"]]
    assert "KIRIMAN_GANDA" not in [f["code"] for f in files["senduro_tw2.xlsx"]["findings"]]  # another period


def test_kelengkapan_matrix(rekap):
    import openpyxl

    out, _ = rekap
    ws = openpyxl.load_workbook(out / "rekap.xlsx")["Kelengkapan"]
    table = {ws.cell(r, 1).value: [ws.cell(r, c).value for c in range(2, 6)] for r in range(4, ws.max_row + 1)}
    # the annual report covers TW I-III (its realisasi are cumulative): not "belum"
    assert table["Kecamatan Larangan"] == ["tercakup", "tercakup", "tercakup", "terkirim"]
    assert table["Kecamatan Randuagung"][3] == "ganda, peringatan"  # two files; the one counted is good
    assert table["Kecamatan Ngantang"] == ["belum", "belum", "belum", "kirim ulang"]  # nothing good covers them
    assert table["Kecamatan Candipuro"][3] == "kirim ulang"
    assert table["Kecamatan Senduro"] == ["tercakup", "terkirim", "tercakup", "terkirim"]
    assert table["Sukamaju"] == ["belum"] * 4  # expected by --daftar, never sent


def test_rekap_xlsx_sheets_and_native_charts(rekap):
    import openpyxl

    out, _ = rekap
    wb = openpyxl.load_workbook(out / "rekap.xlsx")
    assert wb.sheetnames[:7] == ["Perhatian", "Ringkasan", "Matriks", "Kelengkapan", "Per desa", "Data", "Grafik"]
    assert wb.active.title == "Perhatian"  # the first screen
    attention = [(ws_row[0].value, ws_row[1].value) for ws_row in wb["Perhatian"].iter_rows(min_row=6)]
    assert attention[0] == ("belum mengirim", "Sukamaju")
    assert ("perlu kirim ulang", "Kecamatan Ngantang") in attention
    summary = {wb["Ringkasan"].cell(r, 1).value: r for r in range(5, wb["Ringkasan"].max_row + 1)}
    assert wb["Ringkasan"].cell(summary["Sukamaju"], 4).value == "belum mengirim"
    assert wb["Ringkasan"].auto_filter.ref  # filterable
    assert wb["Data"].tables["TabelRekap"].ref.startswith("A1:X")  # the 24 columns of rekap.csv
    with zipfile.ZipFile(out / "rekap.xlsx") as z:
        charts = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/chart")]
    assert len(charts) >= 3
    assert all("Grafik!" in c for c in charts)  # each chart's own sorted data, beside it
    assert any("IKM" in c and "<c:lineChart>" in c and "median" in c for c in charts)  # IKM: median, band edges


def test_libreoffice_renders_rekap_xlsx(rekap, tmp_path):
    require_libreoffice()
    out, _ = rekap
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))
    try:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(tmp_path), str(out / "rekap.xlsx")], check=True, capture_output=True, timeout=300)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    pdf = tmp_path / "rekap.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Rekap kinerja kecamatan tahun 2025" in text and "Kelengkapan kiriman" in text
    assert "Kecamatan Larangan" in text and "belum mengirim" in text
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout)[1])
    assert pages >= 6


def chromium():
    exe = shutil.which("chromium")
    if not exe:
        if os.environ.get("IKU_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail("chromium is required here but not installed")
        pytest.skip("chromium not installed")
    return [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def test_rekap_html_opens_in_a_real_browser(rekap, tmp_path):
    out, _ = rekap
    page = (out / "rekap.html").as_uri()
    base = chromium() + [f"--user-data-dir={tmp_path / 'profil'}"]
    dom = subprocess.run(base + ["--enable-logging=stderr", "--v=0", "--dump-dom", page], capture_output=True, text=True,
                         timeout=120)
    assert 'data-siap="1"' in dom.stdout, "the page's script did not run to its end"
    assert "Uncaught" not in dom.stderr, dom.stderr[-2000:]
    assert dom.stdout.count("<svg") >= 3 and dom.stdout.count("<rect") > 10
    assert "http://" not in (out / "rekap.html").read_text(encoding="utf-8").replace("http://www.w3.org/2000/svg", "")
    shot = tmp_path / "rekap.png"
    subprocess.run(base + ["--window-size=1200,1600", f"--screenshot={shot}", page], capture_output=True, timeout=120)
    blank = tmp_path / "kosong.png"
    (tmp_path / "kosong.html").write_text("<html><body></body></html>", encoding="utf-8")
    subprocess.run(base + ["--window-size=1200,1600", f"--screenshot={blank}", (tmp_path / "kosong.html").as_uri()],
                   capture_output=True, timeout=120)
    assert shot.stat().st_size > 10 * blank.stat().st_size  # a page with tables and charts, not a blank one


def test_the_validation_report_reads_well_at_scale(rekap):
    out, _ = rekap
    page = (out / "laporan.html").read_text(encoding="utf-8")
    assert "Perlu kirim ulang (2 berkas)" in page
    assert "<h3>Kecamatan Ngantang</h3>" in page  # grouped by kecamatan, by name
    assert page.index("galat</td>") < page.index("peringatan</td>")  # files by severity, not alphabetically
    assert '<option value="">galat dan peringatan</option>' in page  # info hidden by default


def test_validation_xlsx_links_are_relative_and_rows_tall(rekap):
    import openpyxl

    out, _ = rekap
    ws = openpyxl.load_workbook(out / "laporan_validasi.xlsx")["Temuan"]
    links = [c.hyperlink.target for row in ws.iter_rows(min_row=2) for c in row if c.hyperlink]
    # relative to the report folder (XlsxWriter writes Windows separators, as Excel expects)
    assert links and all(t.replace("\\", "/").startswith("../") for t in links), links[:3]
    assert any((ws.row_dimensions[r].height or 15) > 15 for r in range(2, ws.max_row + 1))
    # Ringkasan's "Sebab utama" spans the narrow columns below it, each cause wrapped in a row tall enough
    summary = openpyxl.load_workbook(out / "laporan_validasi.xlsx")["Ringkasan"]
    causes = [r for r in range(5, summary.max_row + 1) if f"C{r}:H{r}" in {str(m) for m in summary.merged_cells.ranges}]
    assert len(causes) == 2 and "C4:H4" in {str(m) for m in summary.merged_cells.ranges}
    for r in causes:
        text = summary.cell(r, 3).value
        assert summary.cell(r, 3).alignment.wrap_text
        assert (summary.row_dimensions[r].height or 15) >= 12 * math.ceil(len(text) / 90), (r, text)  # 9 pt: ~90 a line


def test_rekap_dataframe_is_the_csv(batch, rekap):
    folder, _ = batch
    out, _ = rekap
    frame = rekap_dataframe([folder])
    assert list(frame.columns) == list(COLUMNS)
    assert len(frame) == len(csv_rows(out))


def test_errors_count_when_asked(batch, tmp_path):
    folder, _ = batch
    out = tmp_path / "rekap"
    CliRunner().invoke(main, ["rekap", str(folder), "-o", str(out), "--diam", "--termasuk-galat"])
    used = {Path(r["berkas"]).name for r in csv_rows(out) if r["dipakai"] == "True"}
    assert "ngantang_tw4.xlsx" in used and "candipuro_tw4.xlsx" in used


def test_files_of_several_years_give_a_trend(workbooks, catalog, tmp_path):
    import openpyxl

    from iku_excel.demo.sample import build_sample

    folder = tmp_path / "kiriman"
    folder.mkdir()
    shutil.copy2(workbooks[("larangan", "contoh")], folder / "larangan_2025.xlsx")
    build_sample(catalog, "larangan", YEAR + 1, folder / "larangan_2026.xlsx")
    out = tmp_path / "rekap"
    result = CliRunner().invoke(main, ["rekap", str(folder), "-o", str(out), "--diam"])
    assert result.exit_code in (0, 1), result.output
    ws = openpyxl.load_workbook(out / "rekap.xlsx")["Tren"]
    header = [ws.cell(3, c).value for c in range(1, ws.max_column + 1)]
    assert header[:2] == ["kecamatan", "indikator"] and header[2:] == [str(YEAR), str(YEAR + 1)]
    rows = [[ws.cell(r, c).value for c in range(1, ws.max_column + 1)] for r in range(4, ws.max_row + 1)]
    both = [row for row in rows if isinstance(row[2], float) and isinstance(row[3], float)]
    assert len(both) >= 3 and any(row[2] != row[3] for row in both)  # two sample years, two results
    # the summary is the latest year's
    assert openpyxl.load_workbook(out / "rekap.xlsx")["Ringkasan"]["A1"].value.endswith(str(YEAR + 1))


def test_no_english_label_or_iso_timestamp_reaches_a_reader(rekap):
    """The Data sheet's file status, and the time a report was made, in the reader's words."""
    import openpyxl

    out, _ = rekap
    ws = openpyxl.load_workbook(out / "rekap.xlsx")["Data"]
    heads = [c.value for c in ws[1]]
    status = {ws.cell(r, heads.index("status_berkas") + 1).value for r in range(2, ws.max_row + 1)}
    assert status and status <= {"baik", "peringatan", "galat", "tidak terbaca", "gagal diperiksa"}, status
    note = openpyxl.load_workbook(out / "rekap.xlsx")["Ringkasan"]["A2"].value
    shown = [openpyxl.load_workbook(out / "laporan_validasi.xlsx")["Ringkasan"]["A2"].value, note,
             (out / "rekap.html").read_text(encoding="utf-8"), (out / "laporan.html").read_text(encoding="utf-8")]
    for text in shown:
        assert not re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d", text), text[:200]
    assert re.search(r"\d{1,2} (Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|"
                     r"Desember) \d{4} pukul \d\d\.\d\d", note), note


def test_at_300_kecamatan_the_first_screen_answers_and_charts_show_the_ends_and_the_median(batch, rekap, tmp_path):
    """300 kecamatan that sent (each a copy of a checked file under another name, its capaian spread)
    and 20 that did not: the recap opens on who has not sent, who must resend and who is behind."""
    import copy
    import statistics

    import openpyxl

    from iku_excel.process import validate_file
    from iku_excel.rekap import record, table, write

    folder, files = batch
    source = validate_file(files["larangan"], collector=record.collect)
    reports, expected = [], []
    for i in range(300):
        r = copy.deepcopy(source)
        r.instansi, r.file = f"kec{i:03d}", f"kiriman/kec{i:03d}.xlsx"
        r.recap.nama_instansi = f"Kecamatan Uji {i:03d}"
        for row in r.recap.rows:
            if isinstance(row.capaian, float):
                row.capaian = 60.0 + (i * 37 % 300) / 5  # 60 .. 119,8, in no order
        reports.append(r)
        expected.append((r.instansi, r.recap.nama_instansi))
    expected += [(f"diam{j}", f"Kecamatan Diam {j:02d}") for j in range(20)]
    rekap_300 = table.build(reports, expected)
    first = rekap_300.attention
    assert list(first["perhatian"][:20]) == ["belum mengirim"] * 20  # not at rows 301-320
    behind = first[first["perhatian"] == "di bawah target"]
    assert len(behind) == sum(1 for i in range(300) if 60.0 + (i * 37 % 300) / 5 < 100)
    write.write_html(rekap_300, str(tmp_path / "rekap.html"), "kini", "uji")
    page = (tmp_path / "rekap.html").read_text(encoding="utf-8")
    # the first screen names the 20 furthest behind and counts the rest: a few pages to print
    first_screen = page[page.index("Perlu perhatian"):page.index("<h2>Grafik")]
    assert first_screen.count("<tr>") == 1 + 20 + 20
    assert f"… dan {len(behind) - 20} kecamatan lain di bawah target" in first_screen
    assert "(capaian 60,00%)" in first_screen  # the furthest behind first, with two decimals
    assert page.index("Perlu perhatian") < page.index("<h2>Grafik") < page.index("Ringkasan per kecamatan")
    charts = [c for c in page.split("<svg")[1:]]
    assert charts and all("10 tertinggi dan 10 terendah dari 300" in c for c in charts)
    capaian = [60.0 + (i * 37 % 300) / 5 for i in range(300)]
    median = statistics.median(capaian)
    bars_chart = charts[0]
    assert bars_chart.count('<rect x="210"') == 20  # the ten highest and the ten lowest
    assert f"median kabupaten {median:.2f}".replace(".", ",") in bars_chart
    shown = [float(v.replace(".", "").replace(",", ".")) for v in re.findall(r'font-size="12">([\d.,]+)%</text>', bars_chart)]
    assert shown == sorted(shown, reverse=True) and shown[0] == max(capaian) and shown[-1] == min(capaian)
    write.write_xlsx(rekap_300, str(tmp_path / "rekap.xlsx"), "kini")
    wb = openpyxl.load_workbook(tmp_path / "rekap.xlsx")
    ws = wb["Perhatian"]
    assert wb.active.title == "Perhatian" and ws.cell(6, 2).value == "Kecamatan Diam 00"
    assert ws.auto_filter.ref == "A5:C45" and ws.cell(47, 1).value.startswith("… dan 180 kecamatan lain")


def test_numbers_keep_their_decimals_per_column_and_late_documents_are_marked(rekap):
    import openpyxl

    out, _ = rekap
    page = (out / "rekap.html").read_text(encoding="utf-8")
    # every capaian of Ringkasan with two decimals (100,00 beside 96,81), the IDM with four
    summary = page[page.index("Ringkasan per kecamatan"):page.index("Kelengkapan kiriman")]
    figures = re.findall(r'<td class="n" data-v="[^"]+">([^<]+)</td>', summary)
    assert figures and all(re.fullmatch(r"\d+|[\d.]+,\d\d", f) for f in figures), figures
    desa = page[page.index("<h2>Per desa"):]
    idm = re.findall(r'<td class="n" data-v="0\.[^"]+">([^<]+)</td>', desa)
    assert idm and all(re.fullmatch(r"0,\d{4}", v) for v in idm), idm[:5]
    assert '<td class="f-tidak">Tidak</td>' in desa  # a late document stands out
    ws = openpyxl.load_workbook(out / "rekap.xlsx")["Per desa"]
    heads = [c.value for c in ws[3]]
    idm_col, late_col = heads.index("IDM") + 1, heads.index("RKPDes tepat waktu") + 1
    assert ws.cell(4, idm_col).number_format == "0.0000"
    late = [ws.cell(r, late_col) for r in range(4, ws.max_row + 1) if ws.cell(r, late_col).value == "Tidak"]
    assert late and all(c.fill.fgColor.rgb.endswith("FFC7CE") for c in late)


def test_the_run_tells_each_step_after_the_batch_until_the_end(batch, tmp_path):
    from iku_excel.process import BatchOptions, collect
    from iku_excel.rekap.job import rekap_files

    folder, _ = batch
    files, _missing, _skipped = collect([folder])
    steps = []
    rekap_files(files, tmp_path / "r", BatchOptions(workers=1), stage=steps.append)
    assert steps == ["Menyusun rekap", "Menulis 6 berkas rekap dan laporan", "Selesai"]


def test_two_offices_of_one_name_are_charted_once_with_the_figures_of_the_one_that_sent(batch, tmp_path):
    from iku_excel.process import validate_file
    from iku_excel.rekap import record, table, write

    _folder, files = batch
    sent = validate_file(files["senduro"], collector=record.collect)
    rekap_dup = table.build([sent], [("lain", "Kecamatan Senduro")])  # a --daftar id the catalog does not know
    assert list(rekap_dup.summary["kecamatan"]) == ["Kecamatan Senduro", "Kecamatan Senduro"]
    write.write_xlsx(rekap_dup, str(tmp_path / "rekap.xlsx"), "kini")
    write.write_html(rekap_dup, str(tmp_path / "rekap.html"), "kini", "uji")
    page = (tmp_path / "rekap.html").read_text(encoding="utf-8")
    mean = rekap_dup.summary["rata_rata_capaian"].dropna().iloc[0]
    start = page.index("Rata-rata capaian (%) IKU")
    chart = page[start:page.index("</svg>", start)]
    assert chart.count('<rect x="210"') == 1 and f"{mean:.2f}".replace(".", ",") + "%" in chart
