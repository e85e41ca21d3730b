"""The validation report: laporan.json, laporan_validasi.xlsx, laporan.html.

Each file is written to a temporary name in the same folder and renamed over
the old one, so an interrupted run leaves the old report or the new one,
never half a file. Text copied from a submission (file names, values in
messages) is written as text: XlsxWriter's write_string never makes a
formula, and the HTML escapes everything.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import secrets
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import xlsxwriter

from iku_excel import __version__
from iku_excel.checks.findings import CODES
from iku_excel.files import publish_set
from iku_excel.process import SEVERITY_RANK, FileReport

STATUS_LABEL = {"ok": "baik", "warning": "peringatan", "error": "galat", "unreadable": "tidak terbaca",
                "failed": "gagal diperiksa"}
SEVERITY_LABEL = {"error": "galat", "warning": "peringatan", "info": "info"}
REPORT_FILES = ("laporan.json", "laporan_validasi.xlsx", "laporan.html")


@dataclass(frozen=True)
class Run:
    """What every file of one report set says about the run that wrote it: a reader (or a
    test) can tell the three files belong together."""

    id: str
    at: str
    skipped: tuple[str, ...] = ()


def write_reports(reports: list[FileReport], folder: str | Path, skipped: list[str] | tuple[str, ...] = ()) -> dict[str, Path]:
    """laporan.json, laporan_validasi.xlsx and laporan.html, replacing the folder's old set as a whole."""
    run = Run(secrets.token_hex(8), dt.datetime.now().astimezone().isoformat(timespec="seconds"), tuple(skipped))
    written = publish_set(folder, {
        "laporan.json": lambda tmp: _json(reports, tmp, run),
        "laporan_validasi.xlsx": lambda tmp: _xlsx(reports, tmp, run),
        "laporan.html": lambda tmp: _html(reports, tmp, run),
    })
    return {"json": written["laporan.json"], "xlsx": written["laporan_validasi.xlsx"], "html": written["laporan.html"]}


def _json(reports: list[FileReport], tmp: str, run: Run) -> None:
    body = {"generator": f"iku-excel {__version__}", "run": run.id, "dibuat": run.at,
            "files": [r.as_dict() for r in reports], "dilewati": list(run.skipped)}
    Path(tmp).write_text(json.dumps(body, ensure_ascii=False, indent=1), encoding="utf-8")


def _link(report: FileReport, sheet: str | None, cell: str | None) -> str:
    target = Path(report.file).resolve().as_uri().replace("file://", "", 1)
    if sheet:
        target += f"#'{sheet}'!{cell or 'A1'}"
    return "external:" + target


def _xlsx(reports: list[FileReport], tmp: str, run: Run) -> None:
    wb = xlsxwriter.Workbook(tmp, {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False})
    bold = wb.add_format({"bold": True, "bg_color": "#1F4E78", "font_color": "#FFFFFF", "text_wrap": True, "valign": "top"})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    top = wb.add_format({"valign": "top"})
    colours = {"error": "#FFC7CE", "unreadable": "#FFC7CE", "failed": "#D9D2E9", "warning": "#FFEB9C", "ok": "#C6EFCE",
               "info": "#DDEBF7"}
    fills = {k: wb.add_format({"bg_color": v, "valign": "top"}) for k, v in colours.items()}

    ws = wb.add_worksheet("Ringkasan")
    headers = ("Berkas", "Instansi", "Tahun", "Status", "Galat", "Peringatan", "Info")
    for c, h in enumerate(headers):
        ws.write_string(0, c, h, bold)
    for r, rep in enumerate(reports, 1):
        ws.write_url(r, 0, _link(rep, None, None), top, string=Path(rep.file).name)
        ws.write_string(r, 1, rep.instansi or "", top)
        if rep.tahun:
            ws.write_number(r, 2, rep.tahun, top)
        ws.write_string(r, 3, STATUS_LABEL[rep.status], fills[rep.status])
        for c, sev in enumerate(("error", "warning", "info"), 4):
            ws.write_number(r, c, rep.count(sev), top)
    ws.autofilter(0, 0, max(1, len(reports)), len(headers) - 1)
    ws.freeze_panes(1, 0)
    ws.set_column(0, 0, 40)
    ws.set_column(1, 6, 12)
    _print_setup(ws)

    ws = wb.add_worksheet("Temuan")
    headers = ("Berkas", "Lembar", "Sel", "Kode", "Tingkat", "Pesan", "Buka")
    for c, h in enumerate(headers):
        ws.write_string(0, c, h, bold)
    r = 0
    for rep in reports:
        for f in rep.findings:
            r += 1
            ws.write_string(r, 0, Path(rep.file).name, top)
            ws.write_string(r, 1, f.sheet or "", top)
            ws.write_string(r, 2, f.cell or "", top)
            ws.write_string(r, 3, f.code, top)
            ws.write_string(r, 4, SEVERITY_LABEL[f.severity], fills["error" if f.severity == "error" else f.severity])
            ws.write_string(r, 5, f.message, wrap)
            ws.write_url(r, 6, _link(rep, f.sheet, f.cell), top, string="buka sel" if f.sheet else "buka berkas")
    ws.autofilter(0, 0, max(1, r), len(headers) - 1)
    ws.freeze_panes(1, 0)
    ws.set_column(0, 0, 32)
    ws.set_column(1, 1, 18)
    ws.set_column(2, 2, 7)
    ws.set_column(3, 3, 26)
    ws.set_column(4, 4, 11)
    ws.set_column(5, 5, 90)
    ws.set_column(6, 6, 11)
    _print_setup(ws)

    ws = wb.add_worksheet("Kode")
    for c, h in enumerate(("Kode", "Tingkat", "Arti")):
        ws.write_string(0, c, h, bold)
    for r, code in enumerate(CODES.values(), 1):
        ws.write_string(r, 0, code.code)
        ws.write_string(r, 1, SEVERITY_LABEL[code.severity])
        ws.write_string(r, 2, code.title)
    ws.set_column(0, 0, 28)
    ws.set_column(2, 2, 70)
    wb.set_properties({"title": "Laporan validasi iku-excel", "created": dt.datetime(2025, 1, 1),
                       "comments": f"dibuat {run.at}"})
    wb.set_custom_property("iku-excel-run", run.id)
    wb.close()


def _print_setup(ws) -> None:
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0)


PAGE = """<!doctype html>
<html lang="id"><head><meta charset="utf-8"><meta name="iku-excel-run" content="{run}">
<title>Laporan validasi iku-excel</title>
<style>
body{{font-family:Arial,Helvetica,sans-serif;font-size:14px;margin:1.5em;color:#222}}
h1{{font-size:20px}} h2{{font-size:16px;margin-top:1.5em}}
table{{border-collapse:collapse;width:100%}} th,td{{border:1px solid #ccc;padding:4px 6px;vertical-align:top;text-align:left}}
th{{background:#1F4E78;color:#fff;cursor:pointer;user-select:none}} th:after{{content:" \\2195";opacity:.5}}
tr.error td.s,tr.unreadable td.s{{background:#FFC7CE}} tr.failed td.s{{background:#D9D2E9}} tr.warning td.s{{background:#FFEB9C}}
tr.ok td.s{{background:#C6EFCE}} tr.info td.s{{background:#DDEBF7}}
.controls{{margin:.5em 0}} input,select{{font-size:14px;padding:3px}} .n{{text-align:right}} .muted{{color:#666}}
</style></head><body>
<h1>Laporan validasi buku kerja IKU/IKI</h1>
<p class="muted">{summary} Dibuat {at} oleh iku-excel {version}.</p>
<h2>Ringkasan per berkas</h2>
<table id="files" class="sortable"><thead><tr><th>Berkas</th><th>Instansi</th><th>Tahun</th><th>Status</th>
<th>Galat</th><th>Peringatan</th><th>Info</th></tr></thead><tbody>
{file_rows}
</tbody></table>
<h2>Temuan</h2>
<div class="controls">Saring: <input id="q" type="search" placeholder="ketik kata, kode, lembar..." size="40">
<select id="sev"><option value="">semua tingkat</option><option value="error">galat</option>
<option value="warning">peringatan</option><option value="info">info</option></select>
<span id="count" class="muted"></span></div>
<table id="findings" class="sortable"><thead><tr><th>Berkas</th><th>Lembar</th><th>Sel</th><th>Kode</th>
<th>Tingkat</th><th>Pesan</th></tr></thead><tbody>
{finding_rows}
</tbody></table>
<script>
document.querySelectorAll("table.sortable").forEach(function(t){{
  t.querySelectorAll("th").forEach(function(th,i){{
    var asc=true;
    th.addEventListener("click",function(){{
      var rows=Array.prototype.slice.call(t.tBodies[0].rows);
      rows.sort(function(a,b){{
        var x=a.cells[i].textContent, y=b.cells[i].textContent, nx=parseFloat(x), ny=parseFloat(y);
        var c=(!isNaN(nx)&&!isNaN(ny))?nx-ny:x.localeCompare(y,"id",{{numeric:true}});
        return asc?c:-c;}});
      asc=!asc; rows.forEach(function(r){{t.tBodies[0].appendChild(r);}});
    }});
  }});
}});
function filter(){{
  var q=document.getElementById("q").value.toLowerCase(), s=document.getElementById("sev").value, n=0;
  Array.prototype.forEach.call(document.getElementById("findings").tBodies[0].rows,function(r){{
    var ok=(!s||r.dataset.sev===s)&&(!q||r.textContent.toLowerCase().indexOf(q)>=0);
    r.style.display=ok?"":"none"; if(ok)n++;}});
  document.getElementById("count").textContent=n+" temuan ditampilkan";
}}
document.getElementById("q").addEventListener("input",filter);
document.getElementById("sev").addEventListener("change",filter);
filter();
</script></body></html>
"""


def _html(reports: list[FileReport], tmp: str, run: Run) -> None:
    e = html.escape
    statuses = Counter(r.status for r in reports)
    summary = f"{len(reports)} berkas diperiksa: " + ", ".join(
        f"{statuses.get(k, 0)} {STATUS_LABEL[k]}" for k in STATUS_LABEL) + "."
    if run.skipped:
        summary += f" Dilewati: {', '.join(run.skipped)}."
    file_rows = "\n".join(
        f'<tr class="{r.status}"><td>{e(Path(r.file).name)}</td><td>{e(r.instansi or "")}</td><td>{r.tahun or ""}</td>'
        f'<td class="s">{STATUS_LABEL[r.status]}</td><td class="n">{r.count("error")}</td>'
        f'<td class="n">{r.count("warning")}</td><td class="n">{r.count("info")}</td></tr>'
        for r in reports)
    finding_rows = "\n".join(
        f'<tr class="{f.severity}" data-sev="{f.severity}"><td>{e(Path(r.file).name)}</td><td>{e(f.sheet or "")}</td>'
        f'<td>{e(f.cell or "")}</td><td title="{e(CODES[f.code].title)}">{e(f.code)}</td>'
        f'<td class="s">{SEVERITY_LABEL[f.severity]}</td><td>{e(f.message)}</td></tr>'
        for r, f in sorted(((r, f) for r in reports for f in r.findings), key=lambda rf: SEVERITY_RANK[rf[1].severity]))
    Path(tmp).write_text(PAGE.format(summary=e(summary), version=__version__, file_rows=file_rows,
                                     finding_rows=finding_rows, run=run.id, at=e(run.at)), encoding="utf-8")
