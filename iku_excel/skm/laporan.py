"""The Laporan SKM the regulation asks for (PermenPANRB 14/2017, Lampiran): from a survey
export or from the workbook's Reg SKM.

It holds: respondents and the survey period; the Krejcie–Morgan minimum for the population,
flagged when not met; the respondent profile; NRR per unsur with the exact 1/9 weighting;
IKM, mutu and kinerja; IKM per jenis layanan; the three weakest unsur as priorities, with a
table for the office's rencana tindak lanjut; a bar chart of NRR per unsur with the band
edges. Written as laporan_skm.xlsx (native chart) and, where LibreOffice is installed,
laporan_skm.pdf.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import xlsxwriter

from iku_excel.calc.bands import band_set
from iku_excel.calc.errors import InvalidInput, MissingValue
from iku_excel.calc.ikm import UNSUR_2017, IkmResult, ikm, minimum_sample
from iku_excel.calc.numbers import format_number
from iku_excel.excel import from_serial
from iku_excel.files import temp_dir
from iku_excel.skm.survey import Respondent, Survey, SurveyError
from iku_excel.templates.context import print_scale

AGE_GROUPS = ((0, 20, "≤ 20 tahun"), (21, 30, "21–30 tahun"), (31, 40, "31–40 tahun"), (41, 50, "41–50 tahun"),
              (51, 200, "> 50 tahun"))
PROFILE_LABELS = (("layanan", "Jenis layanan"), ("kelamin", "Jenis kelamin"), ("umur", "Umur"),
                  ("pendidikan", "Pendidikan"), ("pekerjaan", "Pekerjaan"))


@dataclass
class SkmData:
    nama: str
    tahun: int | None
    respondents: list[Respondent]
    population: float | None
    source: str


@dataclass
class SkmReport:
    data: SkmData
    result: IkmResult
    period: tuple[dt.date, dt.date] | None
    minimum: int | None
    per_layanan: list[tuple[str, int, float | None, str]]  # layanan, respondents, IKM, mutu
    weakest: list[int]  # unsur indexes, lowest NRR first
    profile: dict[str, list[tuple[str, int]]]


def from_survey(survey: Survey, nama: str, population: float | None) -> SkmData:
    return SkmData(nama, None, survey.respondents, population, survey.source)


def from_workbook(path: str | Path) -> SkmData:
    """The respondents of a workbook's Reg SKM, its population (Profil) and its instansi."""
    from iku_excel.checks import structure
    from iku_excel.config import current
    from iku_excel.engine.model import register_values
    from iku_excel.engine.profil import profil_value
    from iku_excel.engine.reader import Unreadable, read_workbook
    from iku_excel.skm.importer import _skm_register
    from iku_excel.templates.layout import FIRST_ROW

    try:
        book = read_workbook(path)
    except Unreadable as exc:
        raise SurveyError(f"{path}: {exc.message}") from None
    _f, model, _m = structure.identify(book, current())
    reg = _skm_register(model)
    if reg is None:
        raise SurveyError(f"{path}: bukan templat iku-excel dengan lembar 'Reg SKM'")
    people = []
    for i, v in enumerate(register_values(book, reg)):
        answers = [int(a) if a in (1.0, 2.0, 3.0, 4.0) else None for a in (v.get(f"U{j}") for j in range(1, 10))]
        if all(a is None for a in answers):
            continue
        day = v.get("Tanggal")
        waktu = from_serial(day) if isinstance(day, float) else None
        profile = {key: str(v[col]).strip() for key, col in (("layanan", "Layanan"), ("kelamin", "Kelamin"),
                                                            ("pendidikan", "Pendidikan"), ("pekerjaan", "Pekerjaan"))
                   if v.get(col) not in (None, "")}
        if isinstance(v.get("Umur"), float):
            profile["umur"] = str(int(v["Umur"]))
        people.append(Respondent(FIRST_ROW + 1 + i, answers, waktu, profile))
    population = profil_value(book, "Profil_PopulasiSKM")
    return SkmData(model.spec.catalog.get(model.instansi).nama, model.tahun, people,
                   population if isinstance(population, float) else None, str(path))


def build(data: SkmData) -> SkmReport:
    if not data.respondents:
        raise SurveyError(f"{data.source}: belum ada responden dengan jawaban sah")
    block = [r.answers for r in data.respondents]
    try:
        result = ikm(block)
    except (InvalidInput, MissingValue) as exc:
        raise SurveyError(f"{data.source}: {exc.message}") from None
    days = [r.waktu.date() for r in data.respondents if r.waktu]
    minimum = minimum_sample(data.population) if data.population and data.population >= 1 else None
    per_layanan = []
    groups: dict[str, list[Respondent]] = {}
    for r in data.respondents:
        groups.setdefault(r.profile.get("layanan") or "(tidak disebut)", []).append(r)
    for name, people in sorted(groups.items()):
        try:
            sub = ikm([p.answers for p in people])
            per_layanan.append((name, len(people), sub.ikm, sub.mutu))
        except (InvalidInput, MissingValue):  # a layanan with no answer to some unsur
            per_layanan.append((name, len(people), None, ""))
    weakest = sorted(range(len(UNSUR_2017)), key=lambda j: (result.nrr[j], j))[:3]
    profile = {}
    for key, _label in PROFILE_LABELS:
        if key == "umur":
            counts = Counter(_age_group(r.profile.get("umur")) for r in data.respondents)
            order = [g for _lo, _hi, g in AGE_GROUPS] + ["(tidak disebut)"]
            profile[key] = [(g, counts[g]) for g in order if counts[g]]
        else:
            counts = Counter(r.profile.get(key) or "(tidak disebut)" for r in data.respondents)
            profile[key] = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return SkmReport(data, result, (min(days), max(days)) if days else None, minimum, per_layanan, weakest, profile)


def _age_group(text: str | None) -> str:
    try:
        age = int(str(text).split()[0])
    except (TypeError, ValueError, IndexError):
        return "(tidak disebut)"
    return next((g for lo, hi, g in AGE_GROUPS if lo <= age <= hi), "(tidak disebut)")


def key_figures(report: SkmReport) -> list[tuple[str, str]]:
    """The report's headline, in words: what the first table of the PDF says."""
    r = report.result
    period = (f"{report.period[0]:%d/%m/%Y} – {report.period[1]:%d/%m/%Y}" if report.period else "tidak tercatat")
    rows = [("Unit pelayanan", report.data.nama), ("Periode survei", period), ("Jumlah responden", str(r.respondents))]
    if report.minimum is not None:
        met = "terpenuhi" if r.respondents >= report.minimum else "BELUM terpenuhi"
        rows.append(("Sampel minimum (Krejcie–Morgan)",
                     f"{report.minimum} untuk populasi {format_number(report.data.population)}: {met}"))
    rows += [("IKM", format_number(r.ikm)), ("Mutu pelayanan", r.mutu), ("Kinerja unit pelayanan", r.kinerja)]
    return rows


# ---- laporan_skm.xlsx and .pdf ------------------------------------------------------------------

def write(report: SkmReport, folder: str | Path) -> dict[str, Path]:
    """laporan_skm.xlsx, and laporan_skm.pdf where LibreOffice is installed, published as one set
    (files.publish_set): a kill while the PDF is made leaves the old pair, never a new xlsx beside
    an old pdf."""
    from iku_excel.files import publish_set

    writers = {"laporan_skm.xlsx": lambda tmp: _xlsx(report, tmp)}
    soffice = shutil.which("soffice")
    if soffice:
        writers["laporan_skm.pdf"] = lambda tmp: _pdf(soffice, report, tmp)
    written = publish_set(folder, writers)
    return {Path(name).suffix[1:]: path for name, path in written.items()}


# The PDF is rendered in Indonesian, whatever the machine's own language: 74,07 and 1.234, as
# the text of the report writes its numbers (LibreOffice takes its locale from LC_ALL).
PDF_LOCALE = "id_ID.UTF-8"


def _pdf(soffice: str, report: SkmReport, tmp: str) -> None:
    with temp_dir("skm-pdf") as work:
        xlsx = Path(work) / "laporan_skm.xlsx"
        _xlsx(report, str(xlsx))
        env = {**os.environ, "LC_ALL": PDF_LOCALE, "LANG": PDF_LOCALE, "LANGUAGE": "id"}
        subprocess.run([soffice, f"-env:UserInstallation=file://{work}/profil", "--headless", "--convert-to", "pdf",
                        "--outdir", work, str(xlsx)], check=True, capture_output=True, timeout=300, env=env)
        shutil.copyfile(Path(work) / "laporan_skm.pdf", tmp)


def _xlsx(report: SkmReport, path: str) -> None:
    r = report.result
    wb = xlsxwriter.Workbook(path, {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False})
    wb.set_properties({"title": f"Laporan SKM {report.data.nama}", "author": "iku-excel",
                       "created": dt.datetime(2025, 1, 1)})
    base = {"font_name": "Arial", "font_size": 10, "border": 1, "valign": "top", "text_wrap": True}
    title = wb.add_format({"font_name": "Arial", "bold": True, "font_size": 14})
    sub = wb.add_format({"font_name": "Arial", "bold": True, "font_size": 11})
    head = wb.add_format({**base, "bold": True, "bg_color": "#1F4E78", "font_color": "#FFFFFF", "align": "center"})
    text = wb.add_format(base)
    num = wb.add_format({**base, "num_format": "0.00"})
    num4 = wb.add_format({**base, "num_format": "0.0000"})
    whole = wb.add_format({**base, "num_format": "0"})
    bold = wb.add_format({**base, "bold": True})
    flag = wb.add_format({**base, "bold": True, "font_color": "#C00000"})
    note = wb.add_format({"font_name": "Arial", "italic": True, "font_size": 9, "text_wrap": True, "valign": "top"})
    ws = wb.add_worksheet("Laporan SKM")
    widths = (5, 44, 15, 30, 15, 15)
    for c, width in enumerate(widths):
        ws.set_column(c, c, width)
    year = f" TAHUN {report.data.tahun}" if report.data.tahun else ""
    ws.merge_range(0, 0, 0, 5, f"LAPORAN SURVEI KEPUASAN MASYARAKAT (SKM){year}", title)
    ws.merge_range(1, 0, 1, 5, report.data.nama.upper(), sub)
    row = 3
    for label, value in key_figures(report):
        ws.write_string(row, 1, label, bold)
        short = label.startswith("Sampel") and "BELUM" in value
        ws.merge_range(row, 2, row, 5, value, flag if short else text)
        row += 1

    row += 1
    ws.write_string(row, 0, "1. Nilai rata-rata per unsur (NRR), bobot tepat 1/9 (PermenPANRB 14/2017)", sub)
    row += 1
    for c, h in enumerate(("No", "Unsur", "NRR", "NRR tertimbang (× 1/9)", "Konversi (× 25)", "Mutu unsur")):
        ws.write_string(row, c, h, head)
    chart_first = row + 1
    bands = band_set("ikm_2017")
    for j, name in enumerate(UNSUR_2017):
        row += 1
        value = r.nrr[j]
        ws.write_number(row, 0, j + 1, whole)
        ws.write_string(row, 1, name, text)
        ws.write_number(row, 2, value, num)
        ws.write_number(row, 3, value / len(UNSUR_2017), num4)
        ws.write_number(row, 4, value * 25, num)
        ws.write_string(row, 5, bands.classify(value * 25).kode, text)
    row += 1
    ws.write_string(row, 1, "Jumlah NRR tertimbang × 25 = IKM", bold)
    ws.write_number(row, 3, sum(r.nrr) / len(UNSUR_2017), num4)
    ws.write_number(row, 4, r.ikm, num)
    ws.write_string(row, 5, r.mutu, bold)
    chart_last = chart_first + len(UNSUR_2017) - 1
    row += 1
    ws.merge_range(row, 1, row, 5, "IKM dibulatkan sekali, di akhir, lalu diklasifikasikan: "
                   f"{bands.describe(use_kode=True)} (mutu); NRR 1–4 dikalikan 25.", note)
    row += 2

    edges = [(b.kode, b.min / 25) for b in bands.bands if b.min is not None]
    ws.write_string(row, 0, "2. Grafik NRR per unsur dan batas mutu", sub)
    chart_row = row + 1
    # the band edges as data for the chart's lines, beside the NRR table (hidden columns)
    for k, (kode, edge) in enumerate(edges):
        ws.write_string(chart_first - 1, 8 + k, f"batas {kode} ({format_number(edge, 4)})")
        for j in range(len(UNSUR_2017)):
            ws.write_number(chart_first + j, 8 + k, edge)
    ws.set_column(8, 7 + len(edges), None, None, {"hidden": True})
    chart = wb.add_chart({"type": "column"})
    chart.add_series({"name": "NRR", "categories": ["Laporan SKM", chart_first, 0, chart_last, 0],
                      "values": ["Laporan SKM", chart_first, 2, chart_last, 2],
                      "data_labels": {"value": True, "num_format": "0.00"}, "fill": {"color": "#2F6DA3"}})
    lines = wb.add_chart({"type": "line"})
    for k, (_kode, _edge) in enumerate(edges):
        lines.add_series({"name": ["Laporan SKM", chart_first - 1, 8 + k],
                          "categories": ["Laporan SKM", chart_first, 0, chart_last, 0],
                          "values": ["Laporan SKM", chart_first, 8 + k, chart_last, 8 + k],
                          "line": {"dash_type": "dash", "width": 1.25}, "marker": {"type": "none"}})
    chart.combine(lines)
    chart.show_hidden_data()
    chart.set_title({"name": "NRR per unsur (1–4) dan batas mutu", "name_font": {"size": 10}})
    chart.set_x_axis({"name": "Unsur"})
    chart.set_y_axis({"min": 1, "max": 4, "major_unit": 0.5, "num_format": "0.0"})
    chart.set_size({"width": 760, "height": 300})
    ws.insert_chart(chart_row, 0, chart)
    row = chart_row + 16

    ws.write_string(row, 0, "3. IKM per jenis layanan", sub)
    row += 1
    for c, h in enumerate(("No", "Jenis layanan", "Responden", "IKM", "Mutu")):
        ws.write_string(row, c, h, head)
    for n, (name, count, value, mutu) in enumerate(report.per_layanan, 1):
        row += 1
        ws.write_number(row, 0, n, whole)
        ws.write_string(row, 1, name, text)
        ws.write_number(row, 2, count, whole)
        if value is None:
            ws.write_string(row, 3, "-", text)
        else:
            ws.write_number(row, 3, value, num)
        ws.write_string(row, 4, mutu or "-", text)
    row += 2

    # the profile and the priorities on a page of their own: the priority table, the one the office
    # fills in by hand, is never cut from its heading nor left alone on a nearly empty page
    profile_page = row
    ws.write_string(row, 0, "4. Profil responden", sub)
    for key, label in PROFILE_LABELS:
        row += 1
        ws.write_string(row, 1, label, head)
        ws.write_string(row, 2, "Jumlah", head)
        ws.write_string(row, 3, "%", head)
        for name, count in report.profile[key]:
            row += 1
            ws.write_string(row, 1, name, text)
            ws.write_number(row, 2, count, whole)
            ws.write_number(row, 3, count / r.respondents * 100, num)
    row += 2

    ws.write_string(row, 0, "5. Prioritas perbaikan: tiga unsur dengan NRR terendah, dan rencana tindak lanjut", sub)
    row += 1
    for c, h in enumerate(("No", "Unsur", "NRR", "Rencana tindak lanjut", "Waktu", "Penanggung jawab")):
        ws.write_string(row, c, h, head)
    ws.set_row(row, 27)
    for n, j in enumerate(report.weakest, 1):
        row += 1
        ws.set_row(row, 45)
        ws.write_number(row, 0, n, whole)
        # the unsur's number after its name: "5. Produk" beside the row number 1 read as "15. Produk"
        ws.write_string(row, 1, f"{UNSUR_2017[j]} (unsur {j + 1})", text)
        ws.write_number(row, 2, r.nrr[j], num)
        for c in (3, 4, 5):
            ws.write_blank(row, c, None, text)
    row += 2
    missing = len(r.missing)
    ws.merge_range(row, 0, row, 5, f"Sumber: {Path(report.data.source).name}. {r.respondents} responden; {missing} "
                   "jawaban kosong atau tidak sah tidak dihitung (bukan 0). Dihitung oleh iku-excel.", note)
    ws.set_row(row, 30)
    ws.set_paper(9)
    ws.set_portrait()
    # a print scale, not "fit to page", which would make Excel drop the page break
    ws.set_print_scale(print_scale(widths, (8.27 - 1.0) * 72))
    ws.set_h_pagebreaks([profile_page])
    ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    ws.set_footer("&L&8Laporan SKM — iku-excel&R&8Halaman &P dari &N")
    wb.close()
