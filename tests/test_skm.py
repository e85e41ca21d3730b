"""SKM intake and the Laporan SKM, with survey exports as offices make them.

tests/data/survei_skm_google_forms.csv is a Google Forms export: Indonesian questions
as headers, "2025/03/14 10:22:31 GMT+7" timestamps, answer texts with stray case and
spaces, unsur 8 and 9 swapped, extra columns (a "Saran dan masukan" comment column and
an e-mail), a blank and an unknown answer, a duplicate submission and an empty row.
Its IKM is worked out by hand below; the imported workbook must give the same in
iku-excel's engine and in LibreOffice running the .xlsm's own VBA.
"""

import csv
import datetime as dt
import hashlib
import io
import shutil
import subprocess
from fractions import Fraction
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from iku_excel.cli import main
from iku_excel.config import current
from iku_excel.engine.model import template_model
from iku_excel.engine.reader import parse_ref
from iku_excel.process import validate_file
from iku_excel.skm import laporan
from iku_excel.skm.importer import import_survey
from iku_excel.skm.survey import SurveyError, read_survey

from .conftest import ROOT, YEAR, require_uno, run_harness

EXPORT = ROOT / "tests" / "data" / "survei_skm_google_forms.csv"
# The six valid respondents of the export, unsur 1..9 in the regulation's order (the export
# has 9 before 8); None: blank (row 5, unsur 3) or unknown ("Lumayan", row 6, unsur 2).
SCORES = [
    [3, 3, 3, 4, 3, 3, 3, 3, 3],
    [4, 4, 4, 4, 4, 4, 4, 4, 4],
    [2, 2, 2, 3, 3, 3, 3, 2, 2],
    [3, 3, None, 4, 3, 2, 3, 3, 3],
    [3, None, 3, 4, 3, 3, 3, 4, 3],
    [1, 3, 3, 2, 2, 3, 2, 1, 1],
]


def by_hand(scores) -> float:
    """NRR = mean of the valid answers of each unsur; IKM = ΣNRR ÷ 9 × 25, rounded half up once."""
    nrr = []
    for j in range(9):
        valid = [row[j] for row in scores if row[j] is not None]
        nrr.append(Fraction(sum(valid), len(valid)))
    ikm = sum(nrr) / 9 * 25
    return float((ikm * 100 + Fraction(1, 2)).__floor__()) / 100


def test_the_hand_worked_ikm():
    # ΣNRR = 16/6 + 15/5 + 15/5 + 21/6 + 18/6 + 18/6 + 18/6 + 17/6 + 16/6 = 80/3; 80/3 ÷ 9 × 25 = 2000/27
    assert by_hand(SCORES) == 74.07


def test_the_export_is_read_by_the_words_of_its_questions():
    survey = read_survey(EXPORT)
    assert [r.answers for r in survey.respondents] == SCORES
    assert "pengaduan" in survey.columns["unsur 8"] and "sarana" in survey.columns["unsur 9"]  # the swap undone
    assert survey.respondents[0].waktu == dt.datetime(2025, 3, 14, 10, 22, 31)
    assert survey.period == (dt.date(2025, 3, 14), dt.date(2025, 3, 17))
    assert survey.respondents[1].profile == {"layanan": "Kartu Keluarga", "kelamin": "Perempuan", "umur": "27",
                                             "pendidikan": "S1", "pekerjaan": "PNS"}
    problems = [(p.row, p.column[:27], p.message.split(";")[0]) for p in survey.problems]
    assert problems == [
        (6, "Bagaimana pemahaman Saudara", "jawaban 'Lumayan' tidak dikenal untuk unsur 2 (Sistem, Mekanisme, dan Prosedur)"),
        (7, "", "kiriman ganda: waktu dan jawaban sama dengan baris 6"),
        (8, "", "baris kosong"),
    ]


def _rewrite(tmp_path: Path, name: str, delimiter: str, encoding: str) -> Path:
    rows = list(csv.reader(EXPORT.read_text(encoding="utf-8").splitlines()))
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(rows)
    path = tmp_path / name
    path.write_bytes(out.getvalue().encode(encoding))
    return path


def _xlsx_export(tmp_path: Path) -> Path:
    """As Microsoft Forms exports: an XLSX, a start time as a date cell, ID and name columns."""
    rows = list(csv.reader(EXPORT.read_text(encoding="utf-8").splitlines()))
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["ID", "Waktu mulai", "Nama"] + rows[0][1:])
    for i, row in enumerate(rows[1:], 1):
        stamp = dt.datetime.strptime(row[0][:19], "%Y/%m/%d %H:%M:%S") if row[0] else None
        ws.append([i, stamp, ""] + [int(v) if v.isdigit() else v for v in row[1:]])  # numbers as number cells
    path = tmp_path / "microsoft_forms.xlsx"
    wb.save(path)
    return path


@pytest.mark.parametrize("variant", ["utf8", "bom_semicolon", "cp1252", "xlsx"])
def test_every_format_gives_the_same_respondents(variant, tmp_path):
    path = {"utf8": lambda: EXPORT,
            "bom_semicolon": lambda: _rewrite(tmp_path, "bom.csv", ";", "utf-8-sig"),
            "cp1252": lambda: _rewrite(tmp_path, "windows.csv", ",", "cp1252"),
            "xlsx": lambda: _xlsx_export(tmp_path)}[variant]()
    survey = read_survey(path)
    assert [r.answers for r in survey.respondents] == SCORES
    assert survey.respondents[-1].profile["pendidikan"] == "D1–D3–D4"
    assert survey.respondents[1].profile["umur"] == "27"  # an .xlsx number cell too, not "27.0"


def test_letters_numbers_and_an_offices_own_wording(tmp_path):
    (tmp_path / "kertas.csv").write_text(
        "No;Persyaratan;Prosedur;Waktu;Biaya;Produk;Kompetensi;Perilaku;Sarana;Pengaduan\n"
        "1;a;B;c;d;3;4;2;1;b\n2;4;Lumayan;3;3;3;3;3;3;3\n", encoding="utf-8")
    (tmp_path / "jawaban.yaml").write_text("2: {Lumayan: 3}\nsemua: {Puas: 4}\n", encoding="utf-8")
    survey = read_survey(tmp_path / "kertas.csv", tmp_path / "jawaban.yaml")
    assert [r.answers for r in survey.respondents] == [[1, 2, 3, 4, 3, 4, 2, 2, 1], [4, 3, 3, 3, 3, 3, 3, 3, 3]]
    assert not survey.problems


def test_a_missing_or_ambiguous_unsur_stops_the_import_naming_the_columns(tmp_path):
    (tmp_path / "kurang.csv").write_text("Persyaratan,Prosedur,Waktu,Biaya,Produk,Kompetensi,Perilaku,Sarana\n"
                                         "3,3,3,3,3,3,3,3\n", encoding="utf-8")
    with pytest.raises(SurveyError, match="unsur 8 .*Penanganan.*tidak ada.*Kolom di berkas: 'Persyaratan'"):
        read_survey(tmp_path / "kurang.csv")
    (tmp_path / "ganda.csv").write_text("Persyaratan,Persyaratan (ulang),Prosedur,Waktu,Biaya,Produk,Kompetensi,Perilaku,"
                                        "Sarana,Pengaduan\n3,3,3,3,3,3,3,3,3,3\n", encoding="utf-8")
    with pytest.raises(SurveyError, match="unsur 1 .*'Persyaratan', 'Persyaratan \\(ulang\\)'"):
        read_survey(tmp_path / "ganda.csv")


def test_more_respondents_than_the_register_holds_stops_and_says_how_many(tmp_path):
    header = "Persyaratan,Prosedur,Waktu,Biaya,Produk,Kompetensi,Perilaku,Sarana,Pengaduan\n"
    (tmp_path / "besar.csv").write_text(header + "3,3,3,3,3,3,3,3,3\n" * 401, encoding="utf-8")
    template = ROOT / "workbook_templates" / f"templat_candipuro_{YEAR}.xlsx"
    with pytest.raises(SurveyError, match="401 responden.*400 baris.*sekurang-kurangnya 401"):
        import_survey(read_survey(tmp_path / "besar.csv"), template, tmp_path / "hasil.xlsx")
    assert not (tmp_path / "hasil.xlsx").exists()


def _ikm_cell():
    model = template_model("candipuro", YEAR, current())
    return parse_ref(model.names["SKM_IKM"])[:3]


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    out = tmp_path_factory.mktemp("impor")
    paths = {}
    for suffix in (".xlsm", ".xlsx"):
        template = ROOT / "workbook_templates" / f"templat_candipuro_{YEAR}{suffix}"
        before = hashlib.sha256(template.read_bytes()).hexdigest()
        result = CliRunner().invoke(main, ["skm", "impor", str(EXPORT), str(template), "-o", str(out / f"skm{suffix}")])
        assert result.exit_code == 0, result.output
        assert "Pemeriksaan salinan: peringatan." in result.output or "Pemeriksaan salinan: baik." in result.output
        assert hashlib.sha256(template.read_bytes()).hexdigest() == before  # the input is never touched
        assert "IKM 74,07, mutu C" in result.output and "baris 7: kiriman ganda" in result.output
        paths[suffix] = out / f"skm{suffix}"
    return paths


def test_the_imported_workbook_gives_the_hand_worked_ikm_and_validates(imported):
    for path in imported.values():
        report, values = validate_file(path, with_values=True)
        assert values[_ikm_cell()] == by_hand(SCORES)
        assert report.status != "error", [f.message for f in report.findings if f.severity == "error"]
        cached = openpyxl.load_workbook(path, data_only=True)
        sheet, row, col = _ikm_cell()
        assert cached[sheet].cell(row, col).value == 74.07  # the copy shows the IKM at once
        ws = cached["Reg SKM"]
        assert ws["B6"].value == "KTP-el" and ws["L6"].value.date() == dt.date(2025, 3, 14)  # Layanan, Tanggal


def test_libreoffice_running_the_xlsm_vba_gives_the_same_ikm(imported, tmp_path):
    require_uno()
    path = imported[".xlsm"]
    result = run_harness(tmp_path, workbooks=[path], module=None)["workbooks"][str(path)]
    sheet, row, col = _ikm_cell()
    assert result[f"{sheet}!{row},{col}"] == pytest.approx(74.07, abs=1e-9)


def test_laporan_skm_from_the_workbook(imported, tmp_path):
    result = CliRunner().invoke(main, ["skm", "laporan", str(imported[".xlsm"]), "-o", str(tmp_path / "lap")])
    assert result.exit_code == 0, result.output
    assert "IKM: 74,07" in result.output and "Kinerja unit pelayanan: Kurang Baik" in result.output
    wb = openpyxl.load_workbook(tmp_path / "lap" / "laporan_skm.xlsx")
    ws = wb["Laporan SKM"]
    nrr = {ws.cell(r, 2).value: ws.cell(r, 3).value for r in range(1, ws.max_row + 1)
           if isinstance(ws.cell(r, 1).value, int) and isinstance(ws.cell(r, 3).value, float)}
    assert nrr["Persyaratan"] == pytest.approx(16 / 6) and nrr["Biaya/Tarif"] == pytest.approx(3.5)
    if shutil.which("soffice"):
        pdf = tmp_path / "lap" / "laporan_skm.pdf"
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        for figure in ("KECAMATAN CANDIPURO", "14/03/2025 – 17/03/2025", "74,07", "Kurang Baik", "Prioritas perbaikan",
                       "Persyaratan (unsur 1)", "Sarana dan Prasarana (unsur 9)", "KTP-el", "Laki-laki"):
            assert figure in text, figure
        # the tables in Indonesian, whatever this machine's language: NRR 16/6 and its ninth
        assert "2,67" in text and "0,2963" in text and "2.67" not in text and "0.2963" not in text
        first, second = text.split("\f")[:2]
        # the profile and the priority table share the second page, the priority table whole on it
        assert "4. Profil responden" in second and "5. Prioritas perbaikan" in second and "Prioritas" not in first
        subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(tmp_path / "halaman")], check=True)
        assert (tmp_path / "halaman-1.png").stat().st_size > 10_000


def test_laporan_skm_from_the_survey_flags_a_sample_below_the_minimum(tmp_path):
    report = laporan.build(laporan.from_survey(read_survey(EXPORT), "Kecamatan Contoh", 50.0))
    figures = dict(laporan.key_figures(report))
    assert figures["Sampel minimum (Krejcie–Morgan)"] == "44 untuk populasi 50: BELUM terpenuhi"
    assert [j + 1 for j in report.weakest] == [1, 9, 8]
    assert dict((name, (n, value)) for name, n, value, _m in report.per_layanan)["KTP-el"] == (3, by_hand(
        [SCORES[0], SCORES[2], SCORES[4]]))


# ---- scales, unreadable answers and columns (issue 22), hostile exports (issue 23) -------------

HEADER9 = "Persyaratan,Prosedur,Waktu,Biaya,Produk,Kompetensi,Perilaku,Pengaduan,Sarana"


def _uniform(tmp_path: Path, answers: list[str], name: str = "seragam.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER9 + "\n" + "".join(",".join([a] * 9) + "\n" for a in answers), encoding="utf-8")
    return path


def test_the_uniform_sesuai_scale_of_forms_surveys_is_read_for_every_unsur(tmp_path):
    # one scale asked of all nine questions: Sangat Sesuai 4 ... Tidak Sesuai 1, also for Biaya (unsur 4),
    # whose own wording is Sangat mahal ... Gratis
    path = _uniform(tmp_path, ["Sangat Sesuai", "Sesuai", "Kurang Sesuai", "Tidak Sesuai", "sangat  puas"])
    survey = read_survey(path)
    assert [r.answers for r in survey.respondents] == [[4] * 9, [3] * 9, [2] * 9, [1] * 9, [4] * 9]
    assert not survey.problems


def test_the_uniform_scales_never_change_an_unsurs_own_wording():
    from iku_excel.skm.survey import answer_texts

    texts = answer_texts()
    assert texts[8]["cukup"] == 2 and texts[8]["baik"] == 3 and texts[3]["gratis"] == 4  # unsur 9 and 4 as PermenPANRB
    assert all(t["sesuai"] == 3 and t["tidak puas"] == 1 for t in texts)


def test_an_export_it_cannot_score_stops_with_the_column_examples_and_the_mapping_to_write(tmp_path):
    scale = ["Sangat Memuaskan", "Memuaskan", "Kurang Memuaskan", "Memuaskan"]
    path = _uniform(tmp_path, scale)
    template = ROOT / "workbook_templates" / f"templat_candipuro_{YEAR}.xlsx"
    result = CliRunner().invoke(main, ["skm", "impor", str(path), str(template), "-o", str(tmp_path / "hasil.xlsx")])
    assert result.exit_code == 2, result.output
    assert "unsur 1 (Persyaratan), kolom 'Persyaratan': 4 dari 4 jawaban tidak dapat dinilai" in result.output
    assert "'sangat memuaskan', 'memuaskan', 'kurang memuaskan'" in result.output
    assert "--jawaban BERKAS" in result.output and "semua:" in result.output and "memuaskan: ?" in result.output
    assert not (tmp_path / "hasil.xlsx").exists()
    laporan_run = CliRunner().invoke(main, ["skm", "laporan", str(path), "-o", str(tmp_path / "lap")])
    assert laporan_run.exit_code == 2 and "tidak dapat dinilai" in laporan_run.output
    # written as the message says, the mapping makes the same export import
    (tmp_path / "jawaban.yaml").write_text("semua:\n  sangat memuaskan: 4\n  memuaskan: 3\n  kurang memuaskan: 2\n",
                                           encoding="utf-8")
    survey = read_survey(path, tmp_path / "jawaban.yaml")
    assert [r.answers[0] for r in survey.respondents] == [4, 3, 2, 3]


def test_unknown_answers_are_one_line_each_with_the_likely_meaning_and_unread_columns_are_named(tmp_path):
    rows = [["Sangat sesua"] + ["Sesuai"] * 8] * 3 + [["Sesuai"] * 9] * 5
    path = tmp_path / "salah_ketik.csv"
    path.write_text("Nama,Persyaratn tambahan," + HEADER9 + "\n" + "".join(f"Warga {i},x," + ",".join(r) + "\n"
                                                                       for i, r in enumerate(rows)), encoding="utf-8")
    template = ROOT / "workbook_templates" / f"templat_candipuro_{YEAR}.xlsx"
    result = CliRunner().invoke(main, ["skm", "impor", str(path), str(template), "-o", str(tmp_path / "hasil.xlsx")])
    assert result.exit_code == 0, result.output
    notes = [line for line in result.output.splitlines() if "Sangat sesua" in line]
    assert len(notes) == 1 and notes[0].strip().startswith("baris 2, 3, 4, kolom 'Persyaratan'"), notes
    assert "Mungkin maksudnya 'sangat sesuai'" in notes[0]
    assert "Kolom yang tidak dibaca (bukan unsur maupun data responden): 'Nama'; 'Persyaratn tambahan'" in result.output


def test_a_missing_unsur_names_the_misspelt_column(tmp_path):
    path = tmp_path / "eja.csv"
    path.write_text(HEADER9.replace("Persyaratan", "Persyaratn pelayanan") + "\n" + "3," * 8 + "3\n", encoding="utf-8")
    with pytest.raises(SurveyError, match="unsur 1 .*tidak ada \\(mungkin 'Persyaratn pelayanan'\\?"):
        read_survey(path)


def test_two_columns_answering_the_same_question_are_refused_naming_both(tmp_path):
    path = tmp_path / "dua.csv"
    path.write_text("Kecepatan waktu (loket)," + HEADER9 + "\n" + "4," + "3," * 8 + "3\n" + "2," + "3," * 8 + "3\n",
                    encoding="utf-8")
    with pytest.raises(SurveyError, match="unsur 3 .*'Kecepatan waktu \\(loket\\)', 'Waktu' \\(keduanya berisi"):
        read_survey(path)


@pytest.mark.parametrize("stamp", ["2025/02/30 10:00:00 GMT+7", "14/13/2025", "2025-02-30"])
def test_a_date_not_in_the_calendar_is_exit_2_naming_its_row_and_column(stamp, tmp_path):
    path = tmp_path / "tanggal.csv"
    path.write_text(f"Timestamp,{HEADER9}\n2025/03/01 10:00:00,{'3,' * 8}3\n{stamp},{'3,' * 8}3\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["skm", "laporan", str(path), "-o", str(tmp_path / "lap")])
    assert result.exit_code == 2, result.output
    assert f"baris 3, kolom 'Timestamp': tanggal '{stamp}' tidak ada di kalender" in result.output


def test_excel_unicode_text_is_read_and_binary_is_refused(tmp_path):
    rows = list(csv.reader(EXPORT.read_text(encoding="utf-8").splitlines()))
    unicode_text = tmp_path / "unicode.txt"  # Excel's "Unicode Text": UTF-16 LE with its mark, tabs
    unicode_text.write_bytes("\r\n".join("\t".join(r) for r in rows).encode("utf-16"))
    assert [r.answers for r in read_survey(unicode_text).respondents] == SCORES
    bare = tmp_path / "utf16be.csv"  # and without the mark
    bare.write_bytes("\n".join(",".join(f'"{c}"' for c in r) for r in rows).encode("utf-16-be"))
    assert [r.answers for r in read_survey(bare).respondents] == SCORES
    binary = tmp_path / "gambar.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    result = CliRunner().invoke(main, ["skm", "laporan", str(binary), "-o", str(tmp_path / "lap")])
    assert result.exit_code == 2 and "bukan berkas teks CSV (berisi data biner)" in result.output, result.output
    xls = tmp_path / "lama.csv"
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    result = CliRunner().invoke(main, ["skm", "laporan", str(xls), "-o", str(tmp_path / "lap")])
    assert result.exit_code == 2 and "Excel 97–2003 (.xls)" in result.output, result.output


def test_a_csv_is_read_as_a_stream_and_stopped_at_the_limit(tmp_path, monkeypatch):
    from iku_excel.skm import survey as survey_module

    monkeypatch.setattr(survey_module, "MAX_ROWS", 50)
    path = tmp_path / "besar.csv"
    # past the limit the file is not even text: a reader that took it whole would stop at the bytes
    path.write_bytes((HEADER9 + "\n" + "3,3,3,3,3,3,3,3,3\n" * 20_000).encode() + b"\x81\x8d\x8f\x90" * 100_000)
    with pytest.raises(SurveyError, match="lebih dari 50 baris jawaban"):
        read_survey(path)


def test_an_xlsx_export_with_a_far_cell_or_a_bomb_is_refused_before_it_takes_the_memory(tmp_path):
    from iku_excel.demo import defects

    wb = openpyxl.Workbook()
    wb.active.append(HEADER9.split(","))
    wb.active.append([3] * 9)
    wb.active["XFD1048576"] = "x"  # openpyxl's own reader would build a million padded rows
    wb.save(tmp_path / "jauh.xlsx")
    with pytest.raises(SurveyError, match="lebih dari 10000 baris jawaban \\(lembar 'Sheet' terisi sampai baris 1048576"):
        read_survey(tmp_path / "jauh.xlsx")
    with pytest.raises(SurveyError, match="mengembang"):
        read_survey(defects.zip_bomb(tmp_path / "bom.xlsx"))


def test_respondent_fields_the_register_will_not_take_are_noted_per_row(tmp_path):
    path = tmp_path / "profil.csv"
    path.write_text(f"Timestamp,Umur,Jenis kelamin,Pendidikan,{HEADER9}\n"
                    f"2025/03/01 10:00:00,200,L,SMA,{'3,' * 8}3\n"
                    f"2019/03/01 10:00:00,30,Perempuan,Sarjana,{'3,' * 8}3\n", encoding="utf-8")
    template = ROOT / "workbook_templates" / f"templat_candipuro_{YEAR}.xlsx"
    result = CliRunner().invoke(main, ["skm", "impor", str(path), str(template), "-o", str(tmp_path / "hasil.xlsx")])
    assert result.exit_code == 0, result.output
    assert "baris 2, kolom 'Umur': umur 200 di luar rentang (paling kecil 10 paling besar 110)" in result.output
    assert f"baris 3, kolom 'Timestamp': tanggal 01/03/2019 di luar tahun {YEAR}" in result.output
    assert "baris 3, kolom 'Pendidikan': pendidikan 'Sarjana' bukan pilihan Reg SKM" in result.output
    # written as given (nothing is lost), and validasi flags the same cells in the workbook
    codes = {(f.code, f.cell) for f in validate_file(tmp_path / "hasil.xlsx").findings if f.sheet == "Reg SKM"}
    assert {("NILAI_DI_LUAR_RENTANG", "N6"), ("PILIHAN_TIDAK_SAH", "O7")} <= codes, codes


def test_control_characters_of_an_export_are_escaped_before_they_reach_the_terminal(tmp_path):
    path = tmp_path / "kendali.csv"
    path.write_text(f'"Nama\x1b[2K\r\u202e",{HEADER9}\nA,{"3," * 8}3\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["skm", "laporan", str(path), "-o", str(tmp_path / "lap")])
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "\r" not in result.output and "'Nama\\x1b[2K\\r\\u202e'" in result.output
