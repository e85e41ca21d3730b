"""rekap.csv (for machines), rekap.xlsx (for people, with native charts) and rekap.html
(one self-contained page with inline SVG charts), from one Rekap.

Each sheet answers one question a reviewer is asked:
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
from iku_excel.rekap.table import COLUMNS, NOT_SENT, NUMERIC, RESEND, SENT, TW, Rekap, predikat_labels
from iku_excel.reports import SORT_SCRIPT, STATUS_LABEL
from iku_excel.templates.styles import row_height

GRADES = ("#C6EFCE", "#E2F0D9", "#FFEB9C", "#FCE4D6", "#FFC7CE")  # cell fills, best to worst
STATUS_FILL = {SENT: "#C6EFCE", NOT_SENT: "#EDEDED", RESEND: "#FFC7CE", "ganda": "#FFEB9C",
               "belum mengirim": "#EDEDED", "kirim ulang": "#FFC7CE", "galat": "#FFC7CE", "peringatan": "#FFEB9C",
               "baik": "#C6EFCE"}


def fills() -> dict[str, str]:
    """The fill of a cell by its text: the predikat and mutu of the band sets in force, and the statuses."""
    return _fills(band_set(PREDIKAT_BANDS), band_set(IKM_BANDS))


@functools.cache
def _fills(predikat: BandSet, ikm: BandSet) -> dict[str, str]:
    return {**predikat.shades(GRADES), **STATUS_FILL, **ikm.shades(GRADES, use_kode=True)}


def summary_head() -> tuple[tuple[str, str, int], ...]:
    """The Ringkasan columns: (key, heading, width), one per predikat of the band set in force."""
    return (("kecamatan", "Kecamatan", 26), ("berkas", "Berkas dipakai", 30), ("triwulan", "TW", 5),
            ("status", "Status kiriman", 14), ("jumlah_indikator", "Indikator", 9),
            *((p, p, 8) for p in predikat_labels()), ("rata_rata_capaian", "Rata-rata capaian (%)", 11),
            ("peringkat", "Peringkat", 9), ("ikm", "IKM", 8), ("mutu", "Mutu", 6))


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
    ringkasan.activate()
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
    ws.write_string(0, 0, f"Kelengkapan kiriman tahun {rekap.year or '-'}: {SENT}, {NOT_SENT}, {RESEND} (bergalat), "
                          "ganda (lebih dari satu berkas; yang terbaru dipakai)", f.title)
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
    years = [col == "tahun" for col in frame.columns]
    for r, row in enumerate(frame.itertuples(index=False, name=None), first_row + 1):
        for c, value in enumerate(row):
            fmt = f.year if years[c] else (f.fill.get(value) if isinstance(value, str) else None)
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


def _charts(wb, ws, rekap: Rekap, f) -> None:
    """Native charts on the data of the sheets above: capaian per kecamatan for each shared
    indicator, IKM with the mutu band edges, and the predikat distribution."""
    ws.write_string(0, 0, "Grafik", f.title)
    row = 2
    matrix = rekap.matrix
    n = len(matrix.index)
    for name in rekap.shared_indicators:
        r = list(matrix.columns).index(name) + 3  # its row on Matriks
        chart = wb.add_chart({"type": "bar"})
        chart.add_series({"name": name[:60], "categories": ["Matriks", 2, 1, 2, n], "values": ["Matriks", r, 1, r, n],
                          "data_labels": {"value": True, "num_format": "#,##0.00"}, "fill": {"color": svg.BAR}})
        chart.set_title({"name": f"Capaian (%): {name[:70]}", "name_font": {"size": 10}})
        chart.set_legend({"none": True})
        chart.set_x_axis({"num_format": "#,##0", "min": 0})
        chart.set_size({"width": 760, "height": 60 + 28 * n})
        ws.insert_chart(row, 0, chart)
        row += 4 + (60 + 28 * n) // 20
    summary = rekap.summary
    k = len(summary)
    keys = [key for key, _h, _w in summary_head()]
    ikm_col = keys.index("ikm")
    if k and summary["ikm"].notna().any():
        edges = [b for b in band_set(IKM_BANDS).bands if b.min is not None]
        # the band edges as data Excel can draw as lines: hidden columns beside the charts
        for j, band in enumerate(edges):
            ws.write_string(row, 13 + j, f"batas mutu {band.kode} ({format_number(band.min)})")
            for i in range(k):
                ws.write_number(row + 1 + i, 13 + j, band.min)
        ws.set_column(13, 12 + len(edges), None, None, {"hidden": True})
        chart = wb.add_chart({"type": "column"})
        chart.add_series({"name": "IKM", "categories": ["Ringkasan", 4, 0, 3 + k, 0],
                          "values": ["Ringkasan", 4, ikm_col, 3 + k, ikm_col],
                          "data_labels": {"value": True, "num_format": "#,##0.00"}, "fill": {"color": svg.BAR}})
        lines = wb.add_chart({"type": "line"})
        for j, band in enumerate(edges):
            lines.add_series({"name": [ws.get_name(), row, 13 + j], "categories": ["Ringkasan", 4, 0, 3 + k, 0],
                              "values": [ws.get_name(), row + 1, 13 + j, row + k, 13 + j],
                              "line": {"dash_type": "dash", "width": 1.25}, "marker": {"type": "none"}})
        chart.combine(lines)
        chart.show_hidden_data()
        chart.set_title({"name": "IKM per kecamatan dan batas mutu (PermenPANRB 14/2017)", "name_font": {"size": 10}})
        chart.set_y_axis({"min": 25, "max": 100, "num_format": "#,##0"})
        chart.set_size({"width": 760, "height": 320})
        ws.insert_chart(row, 0, chart)
        row += 18
    if k:
        chart = wb.add_chart({"type": "bar", "subtype": "stacked"})
        bar = svg.predikat_fill()
        for p in predikat_labels():
            col = keys.index(p)
            chart.add_series({"name": p, "categories": ["Ringkasan", 4, 0, 3 + k, 0],
                              "values": ["Ringkasan", 4, col, 3 + k, col], "fill": {"color": bar[p]}})
        chart.set_title({"name": "Sebaran predikat indikator per kecamatan", "name_font": {"size": 10}})
        chart.set_size({"width": 760, "height": 60 + 28 * k})
        ws.insert_chart(row, 0, chart)
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
.chart{{display:block;margin:.8em 0}} {fills}
</style></head><body>
<h1>{title}</h1>
<p class="muted">{note}</p>
<h2>Ringkasan per kecamatan</h2>
{summary}
<h2>Kelengkapan kiriman</h2>
{completeness}
<h2>Grafik</h2>
{charts}
<h2>Per desa</h2>
{desa}
<script>
{sort_script}
document.body.dataset.siap = "1";  // the page's script ran to its end
</script></body></html>
"""


def _css_class(value: str) -> str:
    return "f-" + "".join(ch for ch in value.lower() if ch.isalnum())


WHOLE_COLUMNS = ("tahun", "TW", "triwulan", "peringkat")  # numbers that are labels: 2025, not 2.025


def _cell(value: object, column: str = "") -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "<td></td>"
    if column in WHOLE_COLUMNS and isinstance(value, (int, float)):
        return f'<td class="n" data-v="{value}">{int(value)}</td>'
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        digits = 0 if float(value).is_integer() else 2
        return f'<td class="n" data-v="{value}">{escape(format_number(value, digits))}</td>'
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
    charts = []
    bar, labels = svg.predikat_fill(), predikat_labels()
    for name in rekap.shared_indicators:
        items = [(kec, rekap.matrix.loc[kec, name], bar.get(rekap.matrix_predikat.loc[kec, name]))
                 for kec in rekap.matrix.index]
        charts.append(svg.bars(f"Capaian (%): {name}", items, "%"))
    summary = rekap.summary
    if len(summary) and summary["ikm"].notna().any():
        edges = [(b.min, f"{b.kode} ≥ {format_number(b.min)}") for b in band_set(IKM_BANDS).bands if b.min is not None]
        charts.append(svg.bars("IKM per kecamatan dan batas mutu", list(zip(summary["kecamatan"], summary["ikm"],
                                                                              [None] * len(summary))), lines=edges))
    if len(summary):
        charts.append(svg.stacked("Sebaran predikat indikator per kecamatan",
                                  [(row["kecamatan"], {p: row[p] for p in labels}) for _i, row in summary.iterrows()],
                                  labels))
    return "\n".join(c for c in charts if c) or '<p class="muted">Belum ada data yang dapat digambar.</p>'


def write_html(rekap: Rekap, path: str, at: str, run: str) -> None:
    columns = summary_head()
    summary = rekap.summary[[k for k, _h, _w in columns if k in rekap.summary.columns]] if len(rekap.summary) else \
        rekap.summary
    css = " ".join(f".{_css_class(k)}{{background:{v}}}" for k, v in fills().items())
    Path(path).write_text(PAGE.format(
        run=run, title=escape(_title(rekap)), note=escape(_note(rekap, at)), fills=css,
        summary=_html_table(summary, [h for k, h, _w in columns if k in summary.columns]),
        completeness=_html_table(rekap.completeness, list(TW), index="Kecamatan"),
        charts=html_charts(rekap), desa=_html_table(rekap.desa), sort_script=SORT_SCRIPT), encoding="utf-8")
