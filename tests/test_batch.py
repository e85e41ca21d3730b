"""Batch guarantees: inputs never modified, reports atomic and safe, bad files cut off, exit codes."""

import hashlib
import json
import time
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from iku_excel import process, reports
from iku_excel.cli import main
from iku_excel.demo import defects
from iku_excel.engine.patch import Edit, patch_workbook
from iku_excel.process import BatchOptions, FileReport, run_batch, write_recalculated


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def batch_folder(workbooks, tmp_path):
    folder = tmp_path / "kiriman"
    folder.mkdir()
    for (_instansi, kind), path in workbooks.items():
        if kind == "contoh":
            (folder / path.name).write_bytes(path.read_bytes())
    instansi, make = defects.DEFECTS["RUMUS_DITIMPA"]
    make(workbooks[(instansi, "contoh")], folder / "cacat.xlsx")
    defects.truncated(workbooks[("senduro", "contoh")], folder / "terpotong.xlsx")
    return folder


def test_batch_never_modifies_inputs_and_writes_the_three_reports(batch_folder, tmp_path):
    before = {p.name: digest(p) for p in batch_folder.iterdir()}
    out = tmp_path / "laporan"
    result = CliRunner().invoke(main, ["validasi", str(batch_folder), "-o", str(out), "--diam"])
    assert result.exit_code == 1, result.output  # one file has an error, one is unreadable
    after = {p.name: digest(p) for p in batch_folder.iterdir()}
    assert before == after
    assert sorted(p.name for p in out.iterdir()) == ["TENTANG_FOLDER_INI.txt", "laporan.html", "laporan.json",
                                                   "laporan_validasi.xlsx"]
    body = json.loads((out / "laporan.json").read_text(encoding="utf-8"))
    by_name = {Path(f["file"]).name: f for f in body["files"]}
    assert by_name["terpotong.xlsx"]["status"] == "unreadable"
    assert by_name["cacat.xlsx"]["status"] == "error"
    finding = next(f for f in by_name["cacat.xlsx"]["findings"] if f["code"] == "RUMUS_DITIMPA")
    assert set(finding) == {"code", "severity", "sheet", "cell", "message"} and finding["cell"] == "N10"
    assert all(f["status"] in ("ok", "warning", "error", "unreadable") for f in body["files"])
    html = (out / "laporan.html").read_text(encoding="utf-8")
    assert "RUMUS_DITIMPA" in html and "<script>" in html and "http" not in html.split("<script>")[1]


def test_exit_codes(workbooks, tmp_path):
    runner = CliRunner()
    ok = runner.invoke(main, ["validasi", str(workbooks[("ngantang", "contoh")]), "-o", str(tmp_path / "a"), "--diam"])
    assert ok.exit_code == 0, ok.output
    missing = runner.invoke(main, ["validasi", str(tmp_path / "tidak_ada.xlsx"), "-o", str(tmp_path / "b")])
    assert missing.exit_code == 2 and "tidak ditemukan" in missing.output
    empty = tmp_path / "kosong"
    empty.mkdir()
    assert runner.invoke(main, ["validasi", str(empty), "-o", str(tmp_path / "c")]).exit_code == 2


def test_report_text_never_becomes_a_formula(workbooks, tmp_path):
    src = workbooks[("senduro", "contoh")]
    nasty = '=HYPERLINK("http://contoh.invalid","klik")'
    broken = patch_workbook(src, tmp_path / f"{nasty[:5]}.xlsx", {"Reg Kegiatan": {"H6": Edit(value=nasty)}})
    report = process.validate_file(broken)
    assert any(nasty in f.message for f in report.findings)
    written = reports.write_reports([report], tmp_path / "lap")
    wb = openpyxl.load_workbook(written["xlsx"])
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate} became a formula: {cell.value}"
    assert "<td>" + nasty not in written["html"].read_text(encoding="utf-8")  # escaped


# laporan.json is written by the child process of files.publish_set (its failure reaches the
# parent as an OSError), the spreadsheet by the parent itself (Ctrl-C there is KeyboardInterrupt)
@pytest.mark.parametrize("writer, raised", [("_json", OSError), ("_xlsx", KeyboardInterrupt)])
def test_reports_are_replaced_atomically(tmp_path, monkeypatch, writer, raised):
    out = tmp_path / "lap"
    good = [FileReport("a.xlsx", "ok")]
    reports.write_reports(good, out)
    old = (out / "laporan.json").read_bytes()

    def crash(reports_, tmp, *args):
        Path(tmp).write_text('{"files": [', encoding="utf-8")  # half a file
        raise KeyboardInterrupt

    monkeypatch.setattr(reports, writer, crash)
    with pytest.raises(raised):
        reports.write_reports([FileReport("b.xlsx", "error")], out)
    assert (out / "laporan.json").read_bytes() == old
    assert not [p for p in out.iterdir() if p.name.startswith(".")], "temporary files left behind"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lap"], "a staging folder left behind"


def slow_or_hungry(path, *args, **kwargs):
    name = Path(path).name
    if name.startswith("lambat"):
        time.sleep(30)
    if name.startswith("rakus"):
        hog = bytearray(400 * 1024 * 1024)
        return hog
    return FileReport(str(path), "ok")


def test_a_hanging_or_greedy_file_is_cut_off_and_the_batch_goes_on(tmp_path, monkeypatch):
    monkeypatch.setattr(process, "validate_file", slow_or_hungry)  # workers are forked: they see this
    files = []
    for name in ("a.xlsx", "lambat.xlsx", "rakus.xlsx", "b.xlsx"):
        (tmp_path / name).write_bytes(b"x")
        files.append(tmp_path / name)
    start = time.monotonic()
    result = run_batch(files, BatchOptions(workers=2, timeout=2.0, memory_mb=200))
    assert time.monotonic() - start < 25
    by_name = {Path(r.file).name: r for r in result}
    assert by_name["a.xlsx"].status == by_name["b.xlsx"].status == "ok"
    assert by_name["lambat.xlsx"].findings[0].code == "WAKTU_HABIS"
    assert by_name["rakus.xlsx"].findings[0].code == "MEMORI_HABIS"
    assert [Path(r.file).name for r in result] == ["a.xlsx", "lambat.xlsx", "rakus.xlsx", "b.xlsx"]


def test_hitung_writes_a_recalculated_copy_and_keeps_the_rest(workbooks, tmp_path):
    import zipfile

    instansi, make = defects.DEFECTS["FUNGSI_TIDAK_AKTIF"]
    src = make(workbooks[(instansi, "contoh")], tmp_path / "tanpa_fungsi.xlsx")
    before = digest(src)
    result = CliRunner().invoke(main, ["hitung", str(src)])
    assert result.exit_code == 0, result.output
    dst = tmp_path / "tanpa_fungsi_dihitung.xlsx"
    assert digest(src) == before
    assert "FUNGSI_TIDAK_AKTIF" not in {f.code for f in process.validate_file(dst).findings}
    with zipfile.ZipFile(src) as a, zipfile.ZipFile(dst) as b:
        assert a.namelist() == b.namelist()
        changed = [n for n in a.namelist() if a.read(n) != b.read(n)]
    assert changed == [defects._sheet_part(src, "IKU")]  # the IKU sheet, where the #NAME? cells were
    values = openpyxl.load_workbook(dst, data_only=True)["IKU"]
    assert isinstance(values["J10"].value, float)  # realisasi TW I


def test_hitung_refuses_to_overwrite_its_input(workbooks, tmp_path):
    src = tmp_path / "x.xlsx"
    src.write_bytes(workbooks[("senduro", "contoh")].read_bytes())
    with pytest.raises(ValueError):
        write_recalculated(src, src)
    result = CliRunner().invoke(main, ["hitung", str(src), "-o", str(src)])
    assert result.exit_code == 2


def test_findings_come_errors_first(workbooks, tmp_path):
    instansi, make = defects.DEFECTS["JAWABAN_SKM_TIDAK_SAH"]
    report = process.validate_file(make(workbooks[(instansi, "contoh")], tmp_path / "x.xlsx"))
    ranks = [process.SEVERITY_RANK[f.severity] for f in report.findings]
    assert ranks == sorted(ranks) and ranks[0] == 0 and 2 in ranks


def test_a_file_replaced_by_a_newer_good_one_is_not_asked_again():
    from iku_excel.checks.findings import finding
    from iku_excel.process import FileReport, flag_duplicates, needs_resend

    def sent(name, status, tanggal, instansi="candipuro"):
        codes = {"error": "RUMUS_DITIMPA", "warning": "TANGGAL_KOSONG", "ok": None}
        variant = {"error": "cleared", "warning": "row"}.get(status, "")
        found = [finding(codes[status], "Reg Kegiatan", "C6", variant=variant, formula="SUM(C1:C5)", what="Tanggal")] \
            if codes.get(status) else []
        return FileReport(name, status, found, instansi=instansi, tahun=2025, triwulan=4, tanggal=tanggal)

    broken_then_fixed = [sent("lama.xlsx", "error", "2026-01-10"), sent("baru.xlsx", "warning", "2026-01-15")]
    broken_twice = [sent("a.xlsx", "error", "2026-01-10", "senduro"), sent("b.xlsx", "error", "2026-01-15", "senduro")]
    unreadable = FileReport("terpotong.xlsx", "unreadable", [finding("BERKAS_RUSAK", message="arsip zip tidak utuh")])
    reports = broken_then_fixed + broken_twice + [unreadable]
    flag_duplicates(reports)
    assert [r.file for r in needs_resend(reports)] == ["a.xlsx", "b.xlsx", "terpotong.xlsx"]
