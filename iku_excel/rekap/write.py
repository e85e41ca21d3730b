"""rekap.csv (for machines), rekap.xlsx (for people, with native charts) and rekap.html
(one self-contained page with inline SVG charts), from one Rekap.

Each sheet answers one question a reviewer is asked:
- Perhatian (the first screen, and the few pages to print): who has not sent, who must resend,
  who is behind target?
- Ringkasan: how is each kecamatan doing against its targets this triwulan?
- Matriks: which indicator, in which kecamatan?
- Kelengkapan: who has not sent, or must resend?
- Per desa: which desa are late with RKPDes/APBDes/LPPDes, and what is their IDM status?
- Data: every row, for filtering and pivoting; Tren: capaian across years.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from html import escape
from pathlib import Path

import pandas as pd
import xlsxwriter

from iku_excel import __version__
from iku_excel.calc.bands import BandSet, band_set
from iku_excel.calc.capaian import PREDIKAT_BANDS
from iku_excel.calc.ikm import IKM_BANDS
from iku_excel.calc.numbers import format_number
from iku_excel.rekap import svg
from iku_excel.rekap.table import (
    BEHIND,
    CHART_LIMIT,
    CHART_SHOWN,
    COLUMNS,
    COVERED,
    DUPLICATE,
    MUST_RESEND,
    NOT_SENDING,
    NOT_SENT,
    NUMERIC,
    RESEND,
    SENT,
    TW,
    Rekap,
    attention_shown,
    behind_note,
    chart_items,
    chart_title,
    predikat_labels,
)
from iku_excel.reports import SORT_SCRIPT, STATUS_LABEL
from iku_excel.templates.styles import row_height

GRADES = ("#C6EFCE", "#E2F0D9", "#FFEB9C", "#FCE4D6", "#FFC7CE")  # cell fills, best to worst
STATUS_FILL = {SENT: "#C6EFCE", COVERED: "#E2F0D9", NOT_SENT: "#EDEDED", RESEND: "#FFC7CE",
               **{f"{DUPLICATE}, {label}": "#FFEB9C" for label in ("baik", "peringatan")},
               NOT_SENDING: "#EDEDED", "kirim ulang": "#FFC7CE", MUST_RESEND: "#FFC7CE", BEHIND: "#FFEB9C",
               "galat": "#FFC7CE", "peringatan": "#FFEB9C", "baik": "#C6EFCE",
               "Ya": "#C6EFCE", "Tidak": "#FFC7CE"}  # Ya/Tidak: a village document on time, or late


WHOLE_COLUMNS = ("tahun", "TW", "triwulan", "peringkat")  # numbers that are labels: 2025, not 2.025
COUNT_COLUMNS = ("jumlah_indikator",)  # whole counts (and every int, such as the count per predikat): 1.234
FOUR_DECIMALS = ("IDM",)  # the index as Kemendesa publishes it: 0,7123


def fills() -> dict[str, str]:
    """The fill of a cell by its text: the predikat and mutu of the band sets in force, and the statuses."""
    return _fills(band_set(PREDIKAT_BANDS), band_set(IKM_BANDS))


@functools.cache
def _fills(predikat: BandSet, ikm: BandSet) -> dict[str, str]:
    return {**predikat.shades(GRADES), **STATUS_FILL, **ikm.shades(GRADES, use_kode=True)}


def summary_head() -> tuple[tuple[str, str, int], ...]:
    """The Ringkasan columns: (key, heading, width), one per predikat of the band set in force."""
    return (("kecamatan", "Kecamatan", 26), ("berkas", "Berkas dipakai", 30), ("triwulan", "TW", 5),
            ("status", "Status kiriman", 14), ("dokumen", "Dokumen", 8), ("jumlah_indikator", "Indikator", 9),
            *((p, p, 8) for p in predikat_labels()), ("rata_rata_capaian", "Rata-rata capaian (%)", 11),
            ("peringkat", "Peringkat (di antara dokumen sejenis)", 11), ("ikm", "IKM", 8), ("mutu", "Mutu", 6))


def write_csv(rekap: Rekap, path: str) -> None:
    rekap.data.to_csv(path, index=False, encoding="utf-8", columns=list(COLUMNS))


def _title(rekap: Rekap) -> str:
    return f"Rekap kinerja kecamatan tahun {rekap.year or '-'}"


def _note(rekap: Rekap, at: str) -> str:
    rule = ("berkas bergalat ikut dihitung (--termasuk-galat)" if rekap.include_errors else
            "berkas bergalat ditampilkan tetapi tidak ikut rata-rata dan peringkat")
    return (f"Dihitung ulang oleh iku-excel {__version__} dari isian setiap berkas, {at}. Per kecamatan dipakai "
            f"kiriman terbaru untuk triwulan terakhir; {rule}.")


# ---- rekap.xlsx ----------------------------------------------------------------------------------

def write_xlsx(rekap: Rekap, path: str, at: str) -> None:
    wb = xlsxwriter.Workbook(path, {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
                                    "nan_inf_to_errors": True})
    wb.set_properties({"title": _title(rekap), "author": "iku-excel", "created": dt.datetime(2025, 1, 1),
                       "comments": f"dibuat {at}"})
    f = _Formats(wb)
    perhatian = wb.add_worksheet("Perhatian")
    _attention_sheet(perhatian, rekap, f, at)
    ringkasan = wb.add_worksheet("Ringkasan")
    _summary_sheet(ringkasan, rekap, f, at)
    matriks = wb.add_worksheet("Matriks")
    _matrix_sheet(matriks, rekap, f)
    _completeness_sheet(wb.add_worksheet("Kelengkapan"), rekap, f)
    _desa_sheet(wb.add_worksheet("Per desa"), rekap, f)
    _data_sheet(wb.add_worksheet("Data"), rekap, f)
    if not rekap.trend.empty:
        _trend_sheet(wb.add_worksheet("Tren"), rekap, f)
    _charts(wb, wb.add_worksheet("Grafik"), rekap, f)
    perhatian.activate()
    wb.close()


class _Formats:
    def __init__(self, wb):
        base = {"font_name": "Arial", "font_size": 9, "border": 1, "valign": "top", "text_wrap": True}
        self.title = wb.add_format({"font_name": "Arial", "bold": True, "font_size": 13})
        self.note = wb.add_format({"font_name": "Arial", "italic": True, "font_size": 9})
        self.head = wb.add_format({**base, "bold": True, "bg_color": "#1F4E78", "font_color": "#FFFFFF",
                                   "valign": "vcenter", "align": "center"})
        self.text = wb.add_format(base)
        self.int = wb.add_format({**base, "num_format": "#,##0"})
        self.num = wb.add_format({**base, "num_format": "#,##0.00"})
        self.num4 = wb.add_format({**base, "num_format": "0.0000"})  # IDM: 4 decimals, as Kemendesa publishes it
        self.year = wb.add_format({**base, "num_format": "0"})
        self.date = wb.add_format({**base, "num_format": "dd/mm/yyyy"})
        self.fill = {k: wb.add_format({**base, "bg_color": v}) for k, v in fills().items()}
        self.fill_num = {k: wb.add_format({**base, "bg_color": v, "num_format": "#,##0.00"}) for k, v in fills().items()}
        self.plain_num = wb.add_format({"num_format": "#,##0.00"})
        self.plain_year = wb.add_format({"num_format": "0"})


def _print(ws, header_row: int, landscape: bool = True) -> None:
    if landscape:
        ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(header_row)
    ws.set_footer("&L&8iku-excel — &A&R&8Halaman &P dari &N")


def _value(ws, r, c, value, f, fmt=None):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        ws.write_blank(r, c, None, fmt or f.text)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        ws.write_number(r, c, value, fmt or f.num)
    elif isinstance(value, dt.date):
        ws.write_datetime(r, c, dt.datetime.combine(value, dt.time()), f.date)
    else:
        ws.write_string(r, c, str(value), fmt or f.text)


def _attention_sheet(ws, rekap: Rekap, f, at: str) -> None:
    """The first screen and the pages to print: one row per kecamatan and reason, the ones to act
    on first at the top. The full tables follow on the other sheets."""
    ws.write_string(0, 0, f"{_title(rekap)}: yang perlu ditindaklanjuti", f.title)
    ws.write_string(1, 0, _note(rekap, at), f.note)
    counts = rekap.attention["perhatian"].value_counts()
    ws.write_string(2, 0, "; ".join(f"{label}: {int(counts.get(label, 0))} kecamatan"
                                    for label in (NOT_SENDING, MUST_RESEND, BEHIND)), f.note)
    widths = (("perhatian", "Perlu perhatian", 16), ("kecamatan", "Kecamatan", 24), ("rincian", "Rincian", 75))
    for c, (_k, head, width) in enumerate(widths):
        ws.write_string(4, c, head, f.head)
        ws.set_column(c, c, width)
    shown, hidden = attention_shown(rekap)
    rows = shown.to_dict("records")
    for r, row in enumerate(rows, 5):
        ws.write_string(r, 0, row["perhatian"], f.fill.get(row["perhatian"], f.text))
        ws.write_string(r, 1, row["kecamatan"], f.text)
        ws.write_string(r, 2, row["rincian"], f.text)
        ws.set_row(r, row_height([(row["rincian"], 75)]))
    if not rows:
        ws.write_string(5, 0, "Semua kecamatan sudah mengirim berkas yang baik dan mencapai targetnya.", f.text)
    else:
        ws.autofilter(4, 0, 4 + len(rows), len(widths) - 1)
    if hidden:
        ws.write_string(6 + len(rows), 0, behind_note(hidden), f.note)
    ws.freeze_panes(5, 0)
    _print(ws, 4)


def _summary_sheet(ws, rekap: Rekap, f, at: str) -> None:
    ws.write_string(0, 0, _title(rekap), f.title)
    ws.write_string(1, 0, _note(rekap, at), f.note)
    columns, labels = summary_head(), predikat_labels()
    for c, (_k, head, width) in enumerate(columns):
        ws.write_string(3, c, head, f.head)
        ws.set_column(c, c, width)
    ws.set_row(3, 30)
    for r, row in enumerate(rekap.summary.to_dict("records"), 4):
        for c, (key, _h, _w) in enumerate(columns):
            value = row.get(key)
            if key in ("status", "mutu"):
                _value(ws, r, c, value, f, f.fill.get(value, f.text))
            elif key in ("triwulan", "jumlah_indikator", "peringkat") or key in labels:
                _value(ws, r, c, value, f, f.int)
            else:
                _value(ws, r, c, value, f)
    if len(rekap.summary):
        ws.autofilter(3, 0, 3 + len(rekap.summary), len(columns) - 1)
    ws.freeze_panes(4, 1)
    _print(ws, 3)


def _matrix_sheet(ws, rekap: Rekap, f) -> None:
    """Indicators down, kecamatan across: a regency has a few dozen kecamatan and a few dozen
    indicators, and a page reads (and prints) down better than across."""
    ws.write_string(0, 0, "Capaian (%) per indikator dan kecamatan; warna menurut predikat", f.title)
    matrix, predikat = rekap.matrix, rekap.matrix_predikat
    ws.write_string(2, 0, "Indikator", f.head)
    ws.set_column(0, 0, 60)
    for c, kec in enumerate(matrix.index, 1):
        ws.write_string(2, c, kec, f.head)
        ws.set_column(c, c, 13)
    ws.set_row(2, 30)
    for r, name in enumerate(matrix.columns, 3):
        ws.write_string(r, 0, name, f.text)
        ws.set_row(r, row_height([(name, 60)]))
        for c, kec in enumerate(matrix.index, 1):
            band = predikat.loc[kec, name] if name in predikat.columns else ""
            _value(ws, r, c, matrix.loc[kec, name], f, f.fill_num.get(band, f.num))
    ws.freeze_panes(3, 1)
    _print(ws, 2)
    ws.repeat_columns(0)


def _completeness_sheet(ws, rekap: Rekap, f) -> None:
    ws.write_string(0, 0, f"Kelengkapan kiriman tahun {rekap.year or '-'}: {SENT}; {COVERED} (dalam laporan triwulan "
                          f"berikutnya, yang kumulatif); {NOT_SENT}; {RESEND} (bergalat); {DUPLICATE} (lebih dari satu "
                          "berkas; yang terbaru dipakai, dengan statusnya)", f.title)
    ws.write_string(2, 0, "Kecamatan", f.head)
    ws.set_column(0, 0, 26)
    for c, tw in enumerate(TW, 1):
        ws.write_string(2, c, tw, f.head)
        ws.set_column(c, c, 13)
    for r, (kec, cells) in enumerate(rekap.completeness.iterrows(), 3):
        ws.write_string(r, 0, kec, f.text)
        for c, value in enumerate(cells, 1):
            ws.write_string(r, c, value, f.fill.get(value, f.text))
    _print(ws, 2, landscape=False)


def _table(ws, frame: pd.DataFrame, f, first_row: int, widths: dict[str, int] | None = None, name: str | None = None):
    for c, col in enumerate(frame.columns):
        ws.set_column(c, c, (widths or {}).get(col, 14))
    if name and len(frame):
        ws.add_table(first_row, 0, first_row + len(frame), len(frame.columns) - 1, {
            "name": name, "style": "Table Style Light 9",
            "columns": [{"header": str(col), "header_format": f.head} for col in frame.columns]})
    else:
        for c, col in enumerate(frame.columns):
            ws.write_string(first_row, c, str(col), f.head)
    fixed = [f.year if col == "tahun" else f.num4 if col in FOUR_DECIMALS else None for col in frame.columns]
    for r, row in enumerate(frame.itertuples(index=False, name=None), first_row + 1):
        for c, value in enumerate(row):
            fmt = fixed[c] or (f.fill.get(value) if isinstance(value, str) else None)
            _value(ws, r, c, value, f, fmt)


def _desa_sheet(ws, rekap: Rekap, f) -> None:
    ws.write_string(0, 0, "Dokumen desa (batas: RKPDes 30/9 dan APBDes 31/12 tahun sebelumnya, LPPDes 31/3 tahun "
                          "berikutnya) dan status IDM, per desa", f.title)
    desa = rekap.desa.copy()
    _table(ws, desa, f, 2, {"kecamatan": 22, "desa": 22, "tahun": 7})
    if len(desa):
        ws.autofilter(2, 0, 2 + len(desa), len(desa.columns) - 1)
    ws.freeze_panes(3, 3)
    _print(ws, 2)


def _data_sheet(ws, rekap: Rekap, f) -> None:
    """The tidy table as an Excel Table. It holds every row of every file, so it is written the
    direct way: one writer per column chosen once, no per-cell format (the Table styles it)."""
    data = rekap.data
    widths = {"berkas": 30, "indikator": 40, "nama_instansi": 22, "jabatan": 22}
    for c, col in enumerate(data.columns):
        ws.set_column(c, c, widths.get(col, 14), f.plain_year if col == "tahun" else
                      f.plain_num if col in NUMERIC else None)
    if len(data):
        ws.add_table(0, 0, len(data), len(data.columns) - 1, {
            "name": "TabelRekap", "style": "Table Style Light 9",
            "columns": [{"header": str(col), "header_format": f.head} for col in data.columns]})
    numeric = [col in NUMERIC or col == "tahun" for col in data.columns]
    status = list(data.columns).index("status_berkas")  # in words (baik, peringatan, galat), as elsewhere
    write_number, write_string, write_boolean = ws.write_number, ws.write_string, ws.write_boolean
    for r, row in enumerate(data.itertuples(index=False, name=None), 1):
        for c, value in enumerate(row):
            if value is None:
                continue
            if numeric[c]:
                if value == value:  # not NaN
                    write_number(r, c, value)
            elif isinstance(value, bool):
                write_boolean(r, c, value)
            elif c == status:
                write_string(r, c, STATUS_LABEL.get(value, str(value)))
            elif value != "":
                write_string(r, c, str(value))
    ws.freeze_panes(1, 0)
    _print(ws, 0)


def _trend_sheet(ws, rekap: Rekap, f) -> None:
    trend = rekap.trend.reset_index().rename(columns={"nama_instansi": "kecamatan", "kolom": "indikator"})
    trend.columns = [str(c) for c in trend.columns]
    ws.write_string(0, 0, "Capaian (%) per tahun", f.title)
    _table(ws, trend, f, 2, {"kecamatan": 22, "indikator": 50})
    _print(ws, 2)


def _by_name(rekap: Rekap) -> pd.DataFrame:
    """Ringkasan keyed by kecamatan name, for the charts (which label by name); two offices of one
    name (a --daftar entry the catalog does not know, spelt as a sender's name) are drawn once,
    with the figures of the one that sent."""
    summary = rekap.summary
    if not len(summary):
        return summary
    sent_first = summary.sort_values("rata_rata_capaian", key=lambda v: v.isna(), kind="stable")
    return sent_first.drop_duplicates("kecamatan").set_index("kecamatan")


def _charts(wb, ws, rekap: Rekap, f) -> None:
    """Native charts, each sorted from the highest value, with the kabupaten's median: capaian per
    kecamatan for each shared indicator, IKM with the mutu band edges, and the average capaian
    with its predikat mix. At more than table.CHART_LIMIT kecamatan a chart shows the highest and
    the lowest (chart_items). The IKM column chart draws the median as a line; a bar chart says
    it in its title (XlsxWriter cannot combine a line with horizontal bars). Each chart's data
    stands in hidden columns beside it."""
    ws.write_string(0, 0, "Grafik, diurutkan dari nilai tertinggi, dengan median kabupaten", f.title)
    data_col = [14]  # the next free hidden column for chart data
    row = 2

    def chart_data(items, median, extra_lines=()) -> tuple[int, int, list[int]]:
        """Writes labels, values, and one column per line (the median, band edges); returns the
        first data row, the label column and the line columns."""
        c = data_col[0]
        lines = [("median kabupaten", median)] if median is not None else []
        lines += list(extra_lines)
        ws.write_string(row, c, "kecamatan")
        ws.write_string(row, c + 1, "nilai")
        for j, (name, _v) in enumerate(lines):
            ws.write_string(row, c + 2 + j, f"{name} ({format_number(_v)})")
        for i, (label, value) in enumerate(items):
            ws.write_string(row + 1 + i, c, label)
            ws.write_number(row + 1 + i, c + 1, value)
            for j, (_n, v) in enumerate(lines):
                ws.write_number(row + 1 + i, c + 2 + j, v)
        data_col[0] += 3 + len(lines)
        return row + 1, c, [c + 2 + j for j in range(len(lines))]

    def bar_chart(title: str, items, median, extra_lines=(), kind="bar", axis=None):
        first, c, line_cols = chart_data(items, median, extra_lines)
        last = first + len(items) - 1
        chart = wb.add_chart({"type": kind})
        chart.add_series({"name": title[:60], "categories": [ws.get_name(), first, c, last, c],
                          "values": [ws.get_name(), first, c + 1, last, c + 1],
                          "data_labels": {"value": True, "num_format": "#,##0.00"}, "fill": {"color": svg.BAR}})
        if line_cols:  # across a column chart; a bar chart says its median in its title
            lines = wb.add_chart({"type": "line"})
            for lc in line_cols:
                lines.add_series({"name": [ws.get_name(), first - 1, lc], "categories": [ws.get_name(), first, c, last, c],
                                  "values": [ws.get_name(), first, lc, last, lc],
                                  "line": {"dash_type": "dash", "width": 1.25}, "marker": {"type": "none"}})
            chart.combine(lines)
        chart.show_hidden_data()
        chart.set_title({"name": title[:250], "name_font": {"size": 10}})
        chart.set_legend({"none": True} if kind == "bar" else {"position": "bottom"})
        if axis:
            (chart.set_x_axis if kind == "bar" else chart.set_y_axis)(axis)
        height = 60 + 28 * len(items) if kind == "bar" else 340
        chart.set_size({"width": 760, "height": height})
        if kind == "bar":
            chart.set_y_axis({"reverse": True})  # the highest on top, as sorted
        ws.insert_chart(row, 0, chart)
        return 4 + height // 20

    matrix = rekap.matrix
    for name in rekap.shared_indicators:
        items, median, total = chart_items(matrix[name])
        title = chart_title(f"Capaian (%): {name}", len(items), total)
        if median is not None:
            title += f"; median kabupaten {format_number(median, fixed=True)}"
        row += bar_chart(title, items, None, axis={"num_format": "#,##0", "min": 0})
    summary = _by_name(rekap)
    if len(summary) and summary["ikm"].notna().any():
        items, median, total = chart_items(summary["ikm"])
        edges = [(f"batas mutu {b.kode}", b.min) for b in band_set(IKM_BANDS).bands if b.min is not None]
        title = chart_title("IKM per kecamatan, median kabupaten dan batas mutu (PermenPANRB 14/2017)", len(items), total)
        row += bar_chart(title, items, median, edges, kind="column", axis={"min": 25, "max": 100, "num_format": "#,##0"})
    if len(summary) and summary["rata_rata_capaian"].notna().any():
        for dokumen, group in summary.groupby("dokumen", sort=True):
            items, median, total = chart_items(group["rata_rata_capaian"])
            if not items:
                continue
            title = chart_title(f"Rata-rata capaian (%) {dokumen}", len(items), total)
            title += f"; median kabupaten {format_number(median, fixed=True)}"
            row += bar_chart(title, items, None, axis={"num_format": "#,##0", "min": 0})
        # the predikat mix of the same kecamatan, in the same order
        items, _median, total = chart_items(summary["rata_rata_capaian"])
        labels, c, first = predikat_labels(), data_col[0], row + 1
        ws.write_string(row, c, "kecamatan")
        for j, label in enumerate(labels):
            ws.write_string(row, c + 1 + j, label)
        for i, (kec, _v) in enumerate(items):
            ws.write_string(first + i, c, kec)
            for j, label in enumerate(labels):
                ws.write_number(first + i, c + 1 + j, int(summary.loc[kec, label]))
        data_col[0] += 2 + len(labels)
        chart = wb.add_chart({"type": "bar", "subtype": "stacked"})
        bar = svg.predikat_fill()
        last = first + len(items) - 1
        for j, label in enumerate(labels):
            chart.add_series({"name": [ws.get_name(), row, c + 1 + j], "categories": [ws.get_name(), first, c, last, c],
                              "values": [ws.get_name(), first, c + 1 + j, last, c + 1 + j],
                              "fill": {"color": bar[label]}})
        chart.set_title({"name": chart_title("Sebaran predikat indikator per kecamatan", len(items), total),
                         "name_font": {"size": 10}})
        chart.set_y_axis({"reverse": True})
        chart.show_hidden_data()
        chart.set_size({"width": 760, "height": 60 + 28 * len(items)})
        ws.insert_chart(row, 0, chart)
    ws.set_column(14, max(14, data_col[0]), None, None, {"hidden": True})
    _print(ws, 0)


# ---- rekap.html ----------------------------------------------------------------------------------

PAGE = """<!doctype html>
<html lang="id"><head><meta charset="utf-8"><meta name="iku-excel-run" content="{run}">
<title>{title}</title>
<style>
body{{font-family:Arial,Helvetica,sans-serif;font-size:14px;margin:1.5em;color:#222}}
h1{{font-size:20px}} h2{{font-size:16px;margin-top:1.6em}}
table{{border-collapse:collapse}} th,td{{border:1px solid #ccc;padding:4px 6px;vertical-align:top;text-align:left}}
th{{background:#1F4E78;color:#fff;cursor:pointer;user-select:none}} td.n{{text-align:right}} .muted{{color:#666}}
.chart{{display:block;margin:.8em 0}} .saring{{margin:.4em 0;padding:3px 6px;width:22em}}
.jumlah{{display:flex;gap:1em;flex-wrap:wrap}} .jumlah div{{border:1px solid #ccc;padding:.5em 1em}}
.jumlah b{{font-size:20px;display:block}} {fills}
@media print{{.saring,.lengkap{{display:none}} body{{margin:0}}}}
</style></head><body>
<h1>{title}</h1>
<p class="muted">{note}</p>
<h2 id="perhatian">Perlu perhatian</h2>
<div class="jumlah">{counts}</div>
{attention}
<div class="lengkap">
<h2>Grafik</h2>
<p class="muted">Diurutkan dari nilai tertinggi; {chart_rule}.</p>
{charts}
<h2>Ringkasan per kecamatan</h2>
{summary}
<h2>Kelengkapan kiriman</h2>
<p class="muted">{completeness_note}</p>
{completeness}
<h2>Per desa</h2>
{desa}
</div>
<script>
{sort_script}
{filter_script}
document.body.dataset.siap = "1";  // the page's script ran to its end
</script></body></html>
"""
# Every table gets a box above it: rows not holding the typed text are hidden (case-insensitive).
FILTER_SCRIPT = """document.querySelectorAll("table.sortable").forEach(function(t){
  var box=document.createElement("input"); box.type="search"; box.className="saring";
  box.placeholder="Saring baris (ketik nama kecamatan, status, ...)";
  t.parentNode.insertBefore(box,t);
  box.addEventListener("input",function(){
    var q=box.value.toLowerCase();
    Array.prototype.forEach.call(t.tBodies[0].rows,function(r){
      r.style.display=(!q||r.textContent.toLowerCase().indexOf(q)>=0)?"":"none";});
  });
});"""


def _css_class(value: str) -> str:
    return "f-" + "".join(ch for ch in value.lower() if ch.isalnum())




def _cell(value: object, column: str = "") -> str:
    """One cell; a column's numbers all with the same decimals: whole labels and counts none,
    the IDM four, every other figure two (84,00 beside 84,50, never 84 beside 84,50)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "<td></td>"
    if column in WHOLE_COLUMNS and isinstance(value, (int, float)):
        return f'<td class="n" data-v="{value}">{int(value)}</td>'
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        digits = 0 if column in COUNT_COLUMNS or isinstance(value, int) else 4 if column in FOUR_DECIMALS else 2
        return f'<td class="n" data-v="{value}">{escape(format_number(value, digits, fixed=True))}</td>'
    if isinstance(value, dt.date):
        return f'<td data-v="{value.isoformat()}">{value:%d/%m/%Y}</td>'
    text = str(value)
    cls = f' class="{_css_class(text)}"' if text in fills() else ""
    return f"<td{cls}>{escape(text)}</td>"


def _html_table(frame: pd.DataFrame, headers: list[str] | None = None, index: str | None = None) -> str:
    heads = ([index] if index else []) + (headers or [str(c) for c in frame.columns])
    rows = []
    for label, row in (frame.iterrows() if index else zip([None] * len(frame), frame.itertuples(index=False))):
        cells = ([f"<td>{escape(str(label))}</td>"] if index else []) + [_cell(v, str(c)) for v, c in zip(row, frame.columns)]
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return ('<table class="sortable"><thead><tr>' + "".join(f"<th>{escape(h)}</th>" for h in heads) +
            "</tr></thead><tbody>" + "\n".join(rows) + "</tbody></table>")


def html_charts(rekap: Rekap) -> str:
    """The same charts as rekap.xlsx's Grafik, by the same rule (table.chart_items)."""
    charts = []
    bar = svg.predikat_fill()

    def median_line(median):
        return [(median, f"median kabupaten {format_number(median, fixed=True)}")] if median is not None else []

    for name in rekap.shared_indicators:
        items, median, total = chart_items(rekap.matrix[name])
        colours = [bar.get(rekap.matrix_predikat.loc[kec, name]) for kec, _v in items]
        charts.append(svg.bars(chart_title(f"Capaian (%): {name}", len(items), total),
                               [(k, v, c) for (k, v), c in zip(items, colours)], "%", median_line(median)))
    summary = _by_name(rekap)
    if len(summary) and summary["ikm"].notna().any():
        items, median, total = chart_items(summary["ikm"])
        edges = [(b.min, f"{b.kode} ≥ {format_number(b.min)}") for b in band_set(IKM_BANDS).bands if b.min is not None]
        charts.append(svg.bars(chart_title("IKM per kecamatan, median kabupaten dan batas mutu", len(items), total),
                               [(k, v, None) for k, v in items], lines=edges + median_line(median)))
    if len(summary) and summary["rata_rata_capaian"].notna().any():
        for dokumen, group in summary.groupby("dokumen", sort=True):
            items, median, total = chart_items(group["rata_rata_capaian"])
            if items:
                charts.append(svg.bars(chart_title(f"Rata-rata capaian (%) {dokumen}", len(items), total),
                                       [(k, v, None) for k, v in items], "%", median_line(median)))
        items, _median, total = chart_items(summary["rata_rata_capaian"])
        labels = predikat_labels()
        charts.append(svg.stacked(chart_title("Sebaran predikat indikator per kecamatan", len(items), total),
                                  [(kec, {p: summary.loc[kec, p] for p in labels}) for kec, _v in items], labels))
    return "\n".join(c for c in charts if c) or '<p class="muted">Belum ada data yang dapat digambar.</p>'


def write_html(rekap: Rekap, path: str, at: str, run: str) -> None:
    columns = summary_head()
    summary = rekap.summary[[k for k, _h, _w in columns if k in rekap.summary.columns]] if len(rekap.summary) else \
        rekap.summary
    css = " ".join(f".{_css_class(k)}{{background:{v}}}" for k, v in fills().items())
    counts = rekap.attention["perhatian"].value_counts()
    boxes = "".join(f'<div class="{_css_class(label)}"><b>{int(counts.get(label, 0))}</b>{escape(label)}</div>'
                    for label in (NOT_SENDING, MUST_RESEND, BEHIND))
    shown, hidden = attention_shown(rekap)
    attention = (_html_table(shown, ["Perlu perhatian", "Kecamatan", "Rincian"]) if len(shown) else
                 '<p>Semua kecamatan sudah mengirim berkas yang baik dan mencapai targetnya.</p>')
    if hidden:
        attention += f'<p class="muted">{escape(behind_note(hidden))}</p>'
    Path(path).write_text(PAGE.format(
        run=run, title=escape(_title(rekap)), note=escape(_note(rekap, at)), fills=css, counts=boxes,
        attention=attention, chart_rule=escape(f"lebih dari {CHART_LIMIT} kecamatan: {CHART_SHOWN} tertinggi dan "
                                               f"{CHART_SHOWN} terendah, dengan median kabupaten"),
        summary=_html_table(summary, [h for k, h, _w in columns if k in summary.columns]),
        completeness_note=escape(f"{SENT}; {COVERED}: dalam laporan triwulan berikutnya, yang kumulatif; {NOT_SENT}; "
                                 f"{RESEND}: bergalat; {DUPLICATE}: lebih dari satu berkas, yang terbaru dipakai dengan "
                                 "statusnya"),
        completeness=_html_table(rekap.completeness, list(TW), index="Kecamatan"),
        charts=html_charts(rekap), desa=_html_table(rekap.desa), sort_script=SORT_SCRIPT,
        filter_script=FILTER_SCRIPT), encoding="utf-8")
