"""Numbers a regency can trust, and a checker that owns its faults.

Each case is built from a filled sample workbook, as a hostile or careless
submitter would make it, and checked for its finding at its cell, the file's
status and the command's exit code. The report set is killed at random moments
while it is written and must always be whole.
"""

import json
import os
import random
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from iku_excel import process, reports
from iku_excel.calc.basic import count_above, idm_status
from iku_excel.cli import main
from iku_excel.config import current
from iku_excel.demo import defects
from iku_excel.engine.patch import Edit, patch_workbook
from iku_excel.process import FileReport, validate_file

ROOT = Path(__file__).resolve().parents[1]


def make(code, workbooks, tmp_path, name=None):
    instansi, maker = defects.DEFECTS[code]
    return maker(workbooks[(instansi, "contoh")], tmp_path / (name or f"{code.lower()}.xlsx"))


def hits(report, code):
    return [f for f in report.findings if f.code == code]


def validasi(*args):
    return CliRunner().invoke(main, ["validasi", "--diam", *map(str, args)])


# ---- gamed or misfiled submissions are errors ---------------------------------------------------

def test_a_forged_capaian_is_an_error_naming_the_indicator_and_both_values(workbooks, tmp_path):
    report = validate_file(make("HASIL_TAMPIL_BEDA", workbooks, tmp_path))
    (hit,) = hits(report, "HASIL_TAMPIL_BEDA")
    assert report.status == "error" and hit.severity == "error" and (hit.sheet, hit.cell) == ("IKU", "O10")
    assert "Persentase" in hit.message and "99,5" in hit.message  # the indicator, the forged value
    original = validate_file(workbooks[("randuagung", "contoh")], with_values=True)[1][("IKU", 10, 15)]
    assert f"{original:.2f}".replace(".", ",").rstrip("0").rstrip(",") in hit.message


def test_other_stale_caches_stay_warnings(workbooks, tmp_path):
    report = validate_file(make("NILAI_TERSIMPAN_BEDA", workbooks, tmp_path))
    assert hits(report, "NILAI_TERSIMPAN_BEDA")[0].severity == "warning"
    assert not hits(report, "HASIL_TAMPIL_BEDA")


def test_a_lowered_target_is_an_error_but_a_target_the_catalog_leaves_open_is_free(workbooks, tmp_path):
    report = validate_file(make("TARGET_DIUBAH", workbooks, tmp_path))
    (hit,) = hits(report, "TARGET_DIUBAH")
    assert report.status == "error" and "40" in hit.message and "84" in hit.message
    # Randuagung's Indeks Pelayanan Publik has no catalog target for 2025 (row 12): any target is the office's
    free = patch_workbook(workbooks[("randuagung", "contoh")], tmp_path / "bebas.xlsx", {"IKU": {"G12": Edit(value=3.9)}})
    assert not hits(validate_file(free), "TARGET_DIUBAH")
    # and the template says which is which: the catalog's target grey and locked, the open one a yellow input
    import openpyxl

    ws = openpyxl.load_workbook(workbooks[("randuagung", "templat")])["IKU"]
    agreed, open_ = ws["G10"], ws["G12"]
    assert agreed.protection.locked and agreed.fill.fgColor.rgb.endswith("EDEDED") and agreed.value == 84
    assert not open_.protection.locked and open_.fill.fgColor.rgb.endswith("FFF2CC") and open_.value is None
    assert ws.protection.sheet  # the lock holds
    assert "sel abu-abu yang terkunci" in hit.message


def test_a_target_range_equal_to_the_catalog_is_not_a_change(workbooks, tmp_path):
    same = patch_workbook(workbooks[("randuagung", "contoh")], tmp_path / "sama.xlsx", {"IKU": {"G10": Edit(value="84")}})
    assert not hits(validate_file(same), "TARGET_DIUBAH")


def test_a_relabelled_workbook_is_not_filed_under_another_kecamatan(workbooks, tmp_path):
    path = make("IDENTITAS_TIDAK_COCOK", workbooks, tmp_path)
    report = validate_file(path)
    assert report.status == "error"
    places = {(f.sheet, f.cell) for f in hits(report, "IDENTITAS_TIDAK_COCOK")}
    assert ("Profil", "B4") in places  # "Kecamatan Candipuro" in a file that claims Senduro
    assert validasi(path, "-o", tmp_path / "lap").exit_code == 1


def test_meta_relabelled_alone_is_caught(workbooks, tmp_path):
    path = patch_workbook(workbooks[("candipuro", "contoh")], tmp_path / "meta.xlsx", {"_meta": {"B4": Edit(value="senduro")}})
    report = validate_file(path)
    assert any(f.sheet == "_meta" for f in hits(report, "IDENTITAS_TIDAK_COCOK"))
    assert any(f.code == "LEMBAR_PENDUKUNG_DIUBAH" or f.code == "IDENTITAS_TIDAK_COCOK" for f in report.findings)


def test_an_indicator_row_renamed_is_an_identity_error(workbooks, tmp_path):
    path = patch_workbook(workbooks[("senduro", "contoh")], tmp_path / "ganti.xlsx",
                          {"IKU": {"C10": Edit(value="Persentase apa saja yang baik")}})
    assert [(f.sheet, f.cell) for f in hits(validate_file(path), "IDENTITAS_TIDAK_COCOK")] == [("IKU", "C10")]


def test_register_dates_of_another_year_get_a_warning(workbooks, tmp_path):
    report = validate_file(make("TAHUN_DATA_BERBEDA", workbooks, tmp_path))
    (hit,) = hits(report, "TAHUN_DATA_BERBEDA")
    assert hit.severity == "warning" and "2024" in hit.message and "2025" in hit.message
    assert not hits(validate_file(workbooks[("candipuro", "contoh")]), "TAHUN_DATA_BERBEDA")


def test_a_changed_xlwings_conf_is_a_security_error(workbooks, tmp_path):
    report = validate_file(make("XLWINGS_CONF_DIUBAH", workbooks, tmp_path))
    (hit,) = hits(report, "XLWINGS_CONF_DIUBAH")
    assert report.status == "error" and "xlwings" in hit.message


def test_support_sheets_must_equal_the_templates_but_samples_and_templates_differ_only_where_allowed(workbooks):
    for key in workbooks:
        report = validate_file(workbooks[key])
        assert not hits(report, "LEMBAR_PENDUKUNG_DIUBAH") and not hits(report, "XLWINGS_CONF_DIUBAH"), key


def test_a_sheet_level_name_shadowing_a_workbook_name_is_an_error(workbooks, tmp_path):
    report = validate_file(make("NAMA_LOKAL_MEMBAYANGI", workbooks, tmp_path))
    (hit,) = hits(report, "NAMA_LOKAL_MEMBAYANGI")
    assert "Profil_Tahun" in hit.message and report.status == "error"


def test_rows_below_a_register_are_reported_with_their_count(workbooks, tmp_path):
    report = validate_file(make("DATA_DI_LUAR_REGISTER", workbooks, tmp_path))
    (hit,) = hits(report, "DATA_DI_LUAR_REGISTER")
    assert hit.message.startswith("2 baris") and "40 baris" in hit.message


def test_two_zip_members_of_the_same_name_make_the_file_unreadable(workbooks, tmp_path):
    src = workbooks[("senduro", "contoh")]
    dst = tmp_path / "ganda.xlsx"
    with zipfile.ZipFile(src) as a, zipfile.ZipFile(dst, "w") as b:
        for info in a.infolist():
            b.writestr(info, a.read(info.filename))
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # zipfile warns about the duplicate: that is the point
            b.writestr("xl/worksheets/sheet3.xml", a.read("xl/worksheets/sheet3.xml").replace(b"<v>84", b"<v>99"))
    report = validate_file(dst)
    assert report.status == "unreadable" and report.findings[0].code == "BERKAS_RUSAK"
    assert "bernama sama" in report.findings[0].message


def test_inf_or_nan_is_a_finding_at_its_cell_not_an_unreadable_file(workbooks, tmp_path):
    report = validate_file(make("ANGKA_TIDAK_HINGGA", workbooks, tmp_path))
    assert report.status == "error"
    assert [(f.sheet, f.cell) for f in hits(report, "ANGKA_TIDAK_HINGGA")] == [("Reg Kehadiran", "D6")]
    assert not hits(report, "TEKS_BUKAN_ANGKA")
    nan = defects._raw_value(workbooks[("ngantang", "contoh")], tmp_path / "nan.xlsx", "Reg Kehadiran", "E7", "NaN")
    assert [(f.sheet, f.cell) for f in hits(validate_file(nan), "ANGKA_TIDAK_HINGGA")] == [("Reg Kehadiran", "E7")]


def test_idm_status_and_the_count_of_desa_mandiri_round_the_same_way():
    assert idm_status(0.81554) == "Maju" and count_above([0.81554], 0.8155, 4) == 0
    assert idm_status(0.81555) == "Mandiri" and count_above([0.81555], 0.8155, 4) == 1
    assert idm_status(0.8155) == "Maju" and count_above([0.8155], 0.8155, 4) == 0


def test_idm_count_in_the_workbook_follows_the_status(workbooks, tmp_path):
    """A Larangan register whose desa all sit at 0,81554: every status is Maju, and the count
    of desa mandiri the workbook's formula gives (as recalculated) is 0."""
    from iku_excel.catalog import load_catalog
    from iku_excel.engine.model import template_model
    from iku_excel.engine.reader import read_workbook
    from iku_excel.registers.spec import layouts

    src = workbooks[("larangan", "contoh")]
    ws = read_workbook(src).sheets["Reg Desa"]
    edits = {f"C{r}": Edit(value=0.81554) for (r, c), cell in ws.cells.items() if c == 3 and isinstance(cell.value, float)}
    path = patch_workbook(src, tmp_path / "idm.xlsx", {"Reg Desa": edits})
    report, values = validate_file(path, with_values=True)
    status = layouts(load_catalog())["desa"].col("Status") + 1
    statuses = {v for (s, r, c), v in values.items() if s == "Reg Desa" and c == status and v}
    assert statuses == {"Maju"}
    model = template_model("larangan", 2025, current())
    count_cells = [k for k, f in model.formulas.items() if 'COUNTIF(Desa_IDM,">="&0.81555)' in f]
    assert count_cells and all(values[k] == 0 for k in count_cells)


# ---- old templates, the recorder -----------------------------------------------------------------

def test_an_old_template_version_is_told_only_its_identity_was_checked(workbooks, tmp_path):
    broken = patch_workbook(make("VERSI_TEMPLAT_LAMA", workbooks, tmp_path), tmp_path / "lama_rusak.xlsx",
                            {"IKU": {"O10": Edit(value=1.0)}})
    report = validate_file(broken)
    assert [f.code for f in report.findings] == ["VERSI_TEMPLAT_LAMA"]
    assert "hanya identitas" in report.findings[0].message
    assert (report.instansi, report.tahun) == ("senduro", 2025)


def test_the_spec_refuses_a_write_it_does_not_know():
    """A cell the spec did not record would be a cell the checker never sees."""
    from iku_excel.templates.spec import BookSpec

    ws = BookSpec().add_worksheet("x")
    ws.set_column(0, 0, 10)  # formatting: fine
    for method in ("write_url", "write_rich_string", "write_array_formula", "write_boolean", "write"):
        with pytest.raises(AttributeError):
            getattr(ws, method)


# ---- the checker owns its faults -----------------------------------------------------------------

def test_an_exception_in_the_checker_is_the_tools_failure(workbooks, tmp_path, monkeypatch):
    from iku_excel.checks import inputs

    def broken(sub):
        raise KeyError("bug")

    monkeypatch.setattr(inputs, "check", broken)  # the list of checks is read when a file is checked
    report = validate_file(workbooks[("senduro", "contoh")])
    assert report.status == "failed" and [f.code for f in report.findings] == ["GAGAL_DIPERIKSA"]
    assert "bukan kesalahan pengirim" in report.findings[0].message
    result = validasi(workbooks[("senduro", "contoh")], "-o", tmp_path / "lap")  # forked workers see the patch
    assert result.exit_code == 3, result.output
    body = json.loads((tmp_path / "lap" / "laporan.json").read_text(encoding="utf-8"))
    assert body["files"][0]["status"] == "failed"


def test_an_engine_exception_is_not_a_value_blamed_on_the_user(workbooks, tmp_path, monkeypatch):
    from iku_excel.engine import generic

    original = generic.compiled

    def exploding(formula):
        func, refs = original(formula) or (None, [])

        def boom(*args):
            raise RuntimeError("engine")
        return boom, refs

    monkeypatch.setattr(generic, "compiled", exploding)
    report = validate_file(make("RUMUS_DIUBAH", workbooks, tmp_path))
    assert report.status == "failed" and not hits(report, "NILAI_TERSIMPAN_BEDA")


def dies(path, *args, **kwargs):
    if Path(path).name.startswith("mati"):
        os._exit(7)
    return FileReport(str(path), "ok")


def test_a_worker_that_dies_is_the_tools_failure_not_memory(tmp_path, monkeypatch):
    monkeypatch.setattr(process, "validate_file", dies)
    files = []
    for name in ("a.xlsx", "mati.xlsx", "b.xlsx"):
        (tmp_path / name).write_bytes(b"x")
        files.append(tmp_path / name)
    result = process.run_batch(files, process.BatchOptions(workers=2, timeout=20))
    assert [r.status for r in result] == ["ok", "failed", "ok"]
    assert result[1].findings[0].code == "GAGAL_DIPERIKSA" and "kode 7" in result[1].findings[0].message


@pytest.mark.parametrize("option", [("--batas-waktu", "0"), ("--batas-waktu", "-5"), ("--batas-memori", "0"),
                                    ("--pekerja", "-1")])
def test_impossible_limits_are_usage_errors(option, workbooks, tmp_path):
    result = validasi(workbooks[("senduro", "contoh")], *option, "-o", tmp_path / "lap")
    assert result.exit_code == 2 and not (tmp_path / "lap").exists()


def test_an_unwritable_report_folder_is_the_tools_failure(workbooks, tmp_path):
    (tmp_path / "berkas").write_text("bukan folder")
    result = validasi(workbooks[("senduro", "contoh")], "-o", tmp_path / "berkas" / "lap")
    assert result.exit_code == 3 and "Gagal" in result.output


def test_a_report_folder_with_other_files_is_refused_not_replaced(workbooks, tmp_path):
    folder = tmp_path / "dokumen"
    folder.mkdir()
    (folder / "penting.docx").write_text("jangan dihapus")
    result = validasi(workbooks[("senduro", "contoh")], "-o", folder)
    assert result.exit_code == 2 and (folder / "penting.docx").read_text() == "jangan dihapus"


def _workers_of(marker: str) -> list[int]:
    """Processes whose command line names `marker` (the batch's own folder)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker.encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                pass
    return found


def _batch_folder(workbooks, tmp_path, n=60):
    folder = tmp_path / "kiriman"
    folder.mkdir()
    for i in range(n):
        (folder / f"k{i:03}.xlsx").write_bytes(workbooks[("ngantang", "contoh")].read_bytes())
    return folder


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="signals and /proc")
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL])
def test_ctrl_c_and_kill_leave_no_workers_and_no_traceback(sig, workbooks, tmp_path):
    folder = _batch_folder(workbooks, tmp_path)
    exe = Path(sys.executable).with_name("iku-excel")
    proc = subprocess.Popen([str(exe), "validasi", str(folder), "-o", str(tmp_path / "lap"), "--diam", "--pekerja", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while len(_workers_of(str(folder))) < 3 and time.monotonic() < deadline:
        time.sleep(0.1)  # the main process and its two workers
    time.sleep(0.5)
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=60)
    if sig == signal.SIGINT:
        assert proc.returncode == 130, (out, err)
        assert "Traceback" not in err and err.strip().splitlines() == ["Dihentikan; keluaran lama tidak berubah."]
    deadline = time.monotonic() + 10
    while _workers_of(str(folder)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _workers_of(str(folder)), "orphaned workers"


# ---- odd names and folders -----------------------------------------------------------------------

def test_a_file_name_that_is_not_utf8_does_not_lose_the_report(workbooks, tmp_path):
    folder = tmp_path / "kiriman"
    folder.mkdir()
    odd = os.fsdecode(b"kiriman_kec\xe9matan.xlsx")
    (folder / odd).write_bytes(workbooks[("senduro", "contoh")].read_bytes())
    result = validasi(folder, "-o", tmp_path / "lap")
    assert result.exit_code == 0, result.output
    body = json.loads((tmp_path / "lap" / "laporan.json").read_text(encoding="utf-8"))
    assert body["files"][0]["file"].endswith("kiriman_kec\ufffdmatan.xlsx")
    assert "kec\ufffdmatan" in (tmp_path / "lap" / "laporan.html").read_text(encoding="utf-8")


def test_a_dangling_link_is_listed_as_skipped(workbooks, tmp_path):
    folder = tmp_path / "kiriman"
    folder.mkdir()
    (folder / "ada.xlsx").write_bytes(workbooks[("senduro", "contoh")].read_bytes())
    (folder / "hilang.xlsx").symlink_to(tmp_path / "tidak_ada.xlsx")
    result = validasi(folder, "-o", tmp_path / "lap")
    assert result.exit_code == 0, result.output
    body = json.loads((tmp_path / "lap" / "laporan.json").read_text(encoding="utf-8"))
    assert len(body["files"]) == 1 and "hilang.xlsx" in body["dilewati"][0]


def test_a_report_folder_inside_the_input_folder_works_on_reruns(workbooks, tmp_path):
    folder = tmp_path / "kiriman"
    folder.mkdir()
    (folder / "a.xlsx").write_bytes(workbooks[("senduro", "contoh")].read_bytes())
    for _ in range(2):
        result = validasi(folder, "-o", folder / "laporan")
        assert result.exit_code == 0, result.output
        body = json.loads((folder / "laporan" / "laporan.json").read_text(encoding="utf-8"))
        assert [Path(f["file"]).name for f in body["files"]] == ["a.xlsx"]


def test_output_files_honour_the_umask(workbooks, tmp_path):
    old = os.umask(0o022)
    try:
        reports.write_reports([FileReport("a.xlsx", "ok")], tmp_path / "lap")
    finally:
        os.umask(old)
    for p in (tmp_path / "lap").iterdir():
        assert p.stat().st_mode & 0o777 == 0o644, p
    assert (tmp_path / "lap").stat().st_mode & 0o777 == 0o755


# ---- floods --------------------------------------------------------------------------------------

def test_a_flood_of_findings_is_capped_per_code_and_sheet_and_the_json_keeps_the_count(workbooks, tmp_path):
    src = workbooks[("candipuro", "contoh")]
    edits = {f"{col}{row}": Edit(value=7.0) for row in range(6, 106) for col in "CDEFGHIJK"}  # 900 bad answers
    path = patch_workbook(src, tmp_path / "banjir.xlsx", {"Reg SKM": edits})
    report = validate_file(path)
    bad = hits(report, "JAWABAN_SKM_TIDAK_SAH")
    assert len(bad) == 26 and bad[-1].message.startswith("... dan 875 temuan lain")
    assert report.totals["error"] >= 900
    assert report.as_dict()["jumlah"]["error"] == report.totals["error"]


# ---- hitung ----------------------------------------------------------------------------------------

def _prefixed(src: Path, dst: Path, sheet: str) -> Path:
    """The same workbook with one sheet written with a namespace prefix (<x:c>), as some tools do."""
    import re

    part = defects._sheet_part(src, sheet)
    xml = _text(src, part)
    main_ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    prefixed = re.sub(r"<(/?)([A-Za-z]+)(?=[\s>/])", r"<\1x:\2", xml.replace(main_ns, main_ns.replace("xmlns=", "xmlns:x="), 1))
    return patch_workbook(src, dst, {}, text_edits={part: [(xml, prefixed)]})


def _text(src: Path, part: str) -> str:
    with zipfile.ZipFile(src) as z:
        return z.read(part).decode("utf-8")


def test_hitung_on_a_sheet_with_namespace_prefixes(workbooks, tmp_path):
    broken = make("FUNGSI_TIDAK_AKTIF", workbooks, tmp_path)
    prefixed = _prefixed(broken, tmp_path / "awalan.xlsx", "IKU")
    assert "<x:c " in _text(prefixed, defects._sheet_part(prefixed, "IKU"))
    out = tmp_path / "baru" / "folder" / "hasil.xlsx"  # a folder that does not exist yet: created
    result = CliRunner().invoke(main, ["hitung", str(prefixed), "-o", str(out)])
    assert result.exit_code == 0, result.output
    report = validate_file(out)
    assert not hits(report, "FUNGSI_TIDAK_AKTIF") and not hits(report, "HASIL_TAMPIL_BEDA")
    assert "<x:c " in _text(out, defects._sheet_part(out, "IKU"))


def test_hitung_writes_no_error_code_excel_does_not_know(workbooks, tmp_path):
    circular = make("RUMUS_MELINGKAR", workbooks, tmp_path)
    out = tmp_path / "hasil.xlsx"
    assert CliRunner().invoke(main, ["hitung", str(circular), "-o", str(out)]).exit_code == 0
    with zipfile.ZipFile(out) as z:
        assert not any(b"#CIRC!" in z.read(n) for n in z.namelist())


def test_hitung_handles_inf(workbooks, tmp_path):
    """The submitter's own inf stays theirs (every byte not recalculated is kept); no formula gets one."""
    src = make("ANGKA_TIDAK_HINGGA", workbooks, tmp_path)
    result = CliRunner().invoke(main, ["hitung", str(src), "-o", str(tmp_path / "hasil.xlsx")])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(tmp_path / "hasil.xlsx") as z:
        text = b"".join(z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/sheet")).lower()
    assert text.count(b"<v>inf</v>") == 1 and b"<v>nan</v>" not in text


# ---- the report set is replaced as a whole, whenever it is killed ---------------------------------

WRITER = """
import pickle, sys
from iku_excel import reports
data = pickle.load(open(sys.argv[1], "rb"))
reports.write_reports(data, sys.argv[2])
"""


def _set_of(folder: Path) -> str | None:
    """The run id all three reports share, or None when the folder is not one whole set."""
    import openpyxl

    names = sorted(p.name for p in folder.iterdir())
    assert names == ["TENTANG_FOLDER_INI.txt", "laporan.html", "laporan.json", "laporan_validasi.xlsx"], names
    run = json.loads((folder / "laporan.json").read_text(encoding="utf-8"))["run"]
    html_text = (folder / "laporan.html").read_text(encoding="utf-8")
    assert f'<meta name="iku-excel-run" content="{run}">' in html_text and html_text.rstrip().endswith("</html>")
    props = openpyxl.load_workbook(folder / "laporan_validasi.xlsx").custom_doc_props
    assert props["iku-excel-run"].value == run
    return run


def test_killed_at_random_moments_the_report_set_is_always_whole(workbooks, tmp_path):
    import pickle

    batch = [validate_file(make(code, workbooks, tmp_path)) for code in ("RUMUS_DITIMPA", "BARIS_GANDA", "TARGET_DIUBAH")]
    batch = batch * 150  # a report of some size, so that a kill lands inside the writing
    data = tmp_path / "laporan.pickle"
    data.write_bytes(pickle.dumps(batch))
    out = tmp_path / "lap"
    reports.write_reports(batch[:3], out)
    runs = {_set_of(out)}
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = time.monotonic()
    subprocess.run([sys.executable, "-c", WRITER, str(data), str(out)], check=True, env=env)
    took = time.monotonic() - start
    rng = random.Random(14)
    kills = 0
    attempts = 28
    for i in range(attempts):
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(data), str(out)], env=env)
        # moments spread over the whole run, the last ones after it ends (so new sets land too)
        time.sleep(0.1 + took * (i + rng.random()) / (attempts - 2))
        if proc.poll() is None:
            proc.kill()
            kills += 1
        proc.wait()
        runs.add(_set_of(out))  # whole after every kill: the old set or a new one
        leftovers = [p.name for p in tmp_path.iterdir() if ".iku-baru-" in p.name]
        assert len(leftovers) <= 1, leftovers  # at most the one the last kill left, removed by the next run
    assert kills >= attempts // 2  # most moments land inside the writing, even on a busy machine
    reports.write_reports(batch[:3], out)
    assert not [p for p in tmp_path.iterdir() if ".iku-baru-" in p.name], "a killed run's leftover was not removed"
    assert len(runs) >= 2  # runs that finished did replace the set


def test_a_forged_number_is_an_error_even_where_the_functions_did_not_run(workbooks, tmp_path):
    """Blank results where #NAME? stopped the functions are explained by FUNGSI_TIDAK_AKTIF; a
    number that is not what the inputs give is not."""
    inactive = make("FUNGSI_TIDAK_AKTIF", workbooks, tmp_path)
    assert validate_file(inactive).status != "error"
    forged = patch_workbook(inactive, tmp_path / "palsu.xlsx", {"IKU": {"N11": Edit(value=100.0)}})
    report = validate_file(forged)
    assert report.status == "error" and [(f.sheet, f.cell) for f in hits(report, "HASIL_TAMPIL_BEDA")] == [("IKU", "N11")]


# ---- an output is never an input, under any name ---------------------------------------------------

def _aliases(src, tmp_path):
    """Three other names of one file: through "sub/../", a symbolic link, a hard link."""
    import os

    (tmp_path / "sub").mkdir(exist_ok=True)
    os.symlink(src, tmp_path / "tautan.xlsx")
    os.link(src, tmp_path / "keras.xlsx")
    return [tmp_path / "sub" / ".." / src.name, tmp_path / "tautan.xlsx", tmp_path / "keras.xlsx"]


def test_no_command_writes_over_its_input_under_another_name(workbooks, tmp_path):
    import hashlib
    import shutil

    from click.testing import CliRunner

    from iku_excel.cli import main

    src = tmp_path / "contoh.xlsx"
    shutil.copy(workbooks[("candipuro", "contoh")], src)
    before = hashlib.sha256(src.read_bytes()).hexdigest()
    survey = Path(__file__).parent / "data" / "survei_skm_google_forms.csv"
    for alias in _aliases(src, tmp_path):
        for args in (["hitung", str(src), "-o", str(alias)], ["skm", "impor", str(survey), str(src), "-o", str(alias)]):
            result = CliRunner().invoke(main, args)
            assert result.exit_code == 2 and "tidak boleh sama" in result.output, (args, result.output)
    assert hashlib.sha256(src.read_bytes()).hexdigest() == before


def test_the_skm_report_never_replaces_its_source(workbooks, tmp_path):
    import shutil

    from click.testing import CliRunner

    from iku_excel.cli import main

    src = tmp_path / "laporan_skm.xlsx"  # a workbook that happens to carry the report's name
    shutil.copy(workbooks[("candipuro", "contoh")], src)
    result = CliRunner().invoke(main, ["skm", "laporan", str(src), "-o", str(tmp_path / "sub" / "..")])
    assert result.exit_code == 2 and "tidak boleh sama" in result.output, result.output


def test_what_a_killed_run_left_is_removed_by_the_next(tmp_path):
    """A temporary file of a killed write, and a temporary folder of a killed run, carry the dead
    process's id: the next run removes them, and leaves a live process's alone."""
    import os
    import subprocess
    import tempfile

    from iku_excel.files import atomic_write, temp_dir

    dead = subprocess.Popen(["true"])
    dead.wait()
    stale = tmp_path / f".rekap.csv.{dead.pid}-abc.tmp"
    stale.write_text("setengah")
    live = tmp_path / f".rekap.csv.{os.getpid()}-def.tmp"
    live.write_text("sedang ditulis")
    atomic_write(tmp_path / "rekap.csv", lambda tmp: Path(tmp).write_text("utuh"))
    assert not stale.exists() and live.exists() and (tmp_path / "rekap.csv").read_text() == "utuh"
    left = Path(tempfile.gettempdir()) / f"iku-skm-{dead.pid}-xyz"
    left.mkdir(exist_ok=True)
    with temp_dir("skm") as tmp:
        assert Path(tmp).name.startswith(f"iku-skm-{os.getpid()}-")
    assert not left.exists()


# ---- every command reading a user's file is bounded (issue 23) ----------------------------------

def _wide_sheet(path: Path, rows: int, cols: int, sheets: int = 1, same_part: bool = False) -> Path:
    """A plain .xlsx of numbers, written by hand: `rows` × `cols` cells on each sheet."""
    cells = "".join(f'<row r="{r}">' + "".join(f'<c r="{_col(c)}{r}"><v>{c}</v></c>' for c in range(1, cols + 1))
                    + "</row>" for r in range(1, rows + 1))
    sheet = ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
             f"{cells}</sheetData></worksheet>")
    main_ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    r_ns = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    listed = "".join(f'<sheet name="S{i}" sheetId="{i}" r:id="rId{i}"/>' for i in range(1, sheets + 1))
    rels = "".join(f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                   f'relationships/worksheet" Target="worksheets/sheet{1 if same_part else i}.xml"/>'
                   for i in range(1, sheets + 1))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", f"<workbook {main_ns} {r_ns}><sheets>{listed}</sheets></workbook>")
        z.writestr("xl/_rels/workbook.xml.rels",
                   f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}'
                   "</Relationships>")
        for i in range(1, (1 if same_part else sheets) + 1):
            z.writestr(f"xl/worksheets/sheet{i}.xml", sheet)
    return path


def _col(n: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(n)


def test_sheets_listed_over_one_part_are_refused_before_they_are_read(tmp_path):
    path = _wide_sheet(tmp_path / "kembar.xlsx", 2, 2, sheets=3, same_part=True)
    report = validate_file(path)
    assert [(f.code, f.message.split(":")[0]) for f in report.findings] == [
        ("BOM_ZIP", "lembar 'S2' dan 'S1' menunjuk bagian yang sama (xl/worksheets/sheet1.xml)")]


def test_the_memory_limit_is_said_as_the_memory_limit_in_every_command(tmp_path):
    big = _wide_sheet(tmp_path / "besar.xlsx", 8000, 120)  # 960.000 cells: far more than 64 MB once read
    result = CliRunner().invoke(main, ["skm", "laporan", str(big), "-o", str(tmp_path / "lap"), "--batas-memori", "64"])
    assert result.exit_code == 2, result.output
    assert "lebih dari 64 MB memori (batas memori, --batas-memori)" in result.output
    assert "rusak" not in result.output and not (tmp_path / "lap").exists()
    # the reader lets the limit through rather than calling the file broken
    from iku_excel.engine.reader import read_workbook

    with pytest.raises(MemoryError), process.limited(64, 60):
        read_workbook(big)
    bytearray(256 * 1024 * 1024)  # and the limit is gone after it


def test_the_time_limit_holds_for_hitung_and_skm_impor(workbooks, tmp_path):
    src = workbooks[("candipuro", "contoh")]
    survey = Path(__file__).parent / "data" / "survei_skm_google_forms.csv"
    for args in (["hitung", str(src), "-o", str(tmp_path / "h.xlsx")],
                 ["skm", "impor", str(survey), str(src), "-o", str(tmp_path / "s.xlsx")]):
        result = CliRunner().invoke(main, args + ["--batas-waktu", "0.001"])
        assert result.exit_code == 2, result.output
        assert "lebih dari 0,001 detik (batas waktu, --batas-waktu). Tidak ada yang ditulis" in result.output
    assert not (tmp_path / "h.xlsx").exists() and not (tmp_path / "s.xlsx").exists()


# ---- cheats that passed before (issue 23) -------------------------------------------------------

def test_a_changed_mutu_or_a_forged_figure_on_the_signed_pages_is_a_shown_result_error(workbooks, tmp_path):
    src = workbooks[("larangan", "contoh")]
    forged = patch_workbook(src, tmp_path / "cetak.xlsx", {
        "IKU": {"Q14": Edit(value="Mutu A (Sangat Baik)"), "P12": Edit(value="Istimewa")},
        "Pengukuran Kinerja": {"K8": Edit(value=120.0), "E9": Edit(value=50.0)}})
    found = {(f.sheet, f.cell): f for f in hits(validate_file(forged), "HASIL_TAMPIL_BEDA")}
    assert set(found) == {("IKU", "Q14"), ("IKU", "P12"), ("Pengukuran Kinerja", "K8"), ("Pengukuran Kinerja", "E9")}
    assert all(f.severity == "error" for f in found.values())
    assert "'Hasil Survei Kepuasan Masyarakat': tampil 'Mutu A (Sangat Baik)'" in found[("IKU", "Q14")].message
    assert "'Mutu B (Baik)'" in found[("IKU", "Q14")].message  # what the answers give
    assert found[("Pengukuran Kinerja", "E9")].message.startswith("'Persentase jumlah Pelanggaran trantibum")


def test_a_capaian_typed_over_its_formula_never_reaches_the_recap(workbooks, tmp_path):
    src = workbooks[("randuagung", "contoh")]
    honest = validate_file(src, with_values=True)[1]
    folder = tmp_path / "kiriman"
    folder.mkdir()
    # the capaian and its predikat typed over their formulas, and Excel's own roll-ups after them
    patch_workbook(src, folder / "randuagung.xlsx", {"IKU": {"O10": Edit(value=150.0, formula=None),
                                                             "P10": Edit(value="Sangat Baik", formula=None)}})
    result = CliRunner().invoke(main, ["rekap", str(folder), "-o", str(tmp_path / "rekap"), "--termasuk-galat",
                                       "--diam"])
    assert result.exit_code == 1, result.output
    import csv

    rows = list(csv.DictReader((tmp_path / "rekap" / "rekap.csv").open(encoding="utf-8-sig")))
    row = rows[0]  # IKU row 10: its first indicator
    assert row["status_berkas"] == "error" and row["indikator_id"] == "fasilitasi_ditindaklanjuti"
    assert float(row["capaian"]) == pytest.approx(honest[("IKU", 10, 15)]) != 150.0
    assert row["predikat"] == honest[("IKU", 10, 16)]


def test_hidden_sheets_a_hidden_template_sheet_and_extra_names_are_errors_at_their_place(workbooks, tmp_path):
    import openpyxl
    from openpyxl.workbook.defined_name import DefinedName

    wb = openpyxl.load_workbook(workbooks[("candipuro", "contoh")])
    shadow = wb.create_sheet("Data Asli")
    shadow["A1"] = 12345
    shadow.sheet_state = "veryHidden"
    wb.create_sheet("Catatan")["A1"] = "catatan kantor"  # visible: told, not an error
    wb["IKU"].sheet_state = "veryHidden"  # the real sheet out of sight ...
    wb.copy_worksheet(wb["IKU"]).title = "IKU "  # ... and a look-alike shown
    wb["IKU "].sheet_state = "visible"
    wb.defined_names["Bayangan"] = DefinedName("Bayangan", attr_text="'Data Asli'!$A$1")
    wb.defined_names["Dari_Luar"] = DefinedName("Dari_Luar", attr_text="'[kantor_lain.xlsx]IKU'!$O$10")
    wb.save(tmp_path / "curang.xlsx")
    report = validate_file(tmp_path / "curang.xlsx")
    found = {(f.code, f.sheet): f for f in report.findings}
    hidden = found[("LEMBAR_TAMBAHAN_TERSEMBUNYI", "Data Asli")]
    assert hidden.severity == "error" and "disembunyikan sangat dalam" in hidden.message
    assert found[("LEMBAR_DISEMBUNYIKAN", "IKU")].severity == "error"
    assert found[("LEMBAR_TAMBAHAN", "Catatan")].severity == "info"
    assert found[("LEMBAR_TAMBAHAN", "IKU ")].severity == "info"
    names = {f.message.split("'")[1]: f for f in hits(report, "NAMA_TAMBAHAN")}
    assert set(names) == {"Bayangan", "Dari_Luar"} and all(f.severity == "error" for f in names.values())
    assert "menunjuk buku kerja lain" in names["Dari_Luar"].message
    assert "menunjuk 'Data Asli'!$A$1" in names["Bayangan"].message
    # the honest sample has none of them
    assert not {f.code for f in validate_file(workbooks[("candipuro", "contoh")]).findings} & {
        "LEMBAR_TAMBAHAN_TERSEMBUNYI", "LEMBAR_DISEMBUNYIKAN", "LEMBAR_TAMBAHAN", "NAMA_TAMBAHAN"}


def test_a_vba_project_other_than_the_templates_is_a_security_error(macro_workbooks, tmp_path):
    import shutil

    from pyopenvba import ExcelFile

    honest = macro_workbooks[("randuagung", "contoh")]
    assert [f.code for f in validate_file(honest).findings if f.code in ("MAKRO_ADA", "VBA_BERBEDA")] == ["MAKRO_ADA"]
    changed = tmp_path / "makro_lain.xlsm"
    shutil.copy(honest, changed)
    book = ExcelFile(str(changed))
    code = book.get_module("IKU_Fungsi")
    book.set_module("IKU_Fungsi", code.replace("IKU_CAPAIAN = Round", "IKU_CAPAIAN = 100 + Round", 1)
                    if "IKU_CAPAIAN = Round" in code else code.replace("Option Explicit", "Option Explicit\r\n' x", 1))
    book.vba_project().add_module("Modul1", "Sub Kirim()\r\n    Shell \"cmd /c echo\"\r\nEnd Sub\r\n")
    book.save()
    book.close()
    report = validate_file(changed)
    found = {f.message.split("'")[1]: f for f in hits(report, "VBA_BERBEDA")}
    assert set(found) == {"IKU_Fungsi", "Modul1"} and all(f.severity == "error" for f in found.values())
    assert "mulai baris" in found["IKU_Fungsi"].message and "tidak ada di templat" in found["Modul1"].message
    assert not hits(report, "MAKRO_ADA")
