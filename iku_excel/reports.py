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
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import xlsxwriter

from iku_excel import __version__
from iku_excel.checks.findings import CODES
from iku_excel.files import publish_set
from iku_excel.process import SEVERITY_RANK, FileReport, needs_resend

STATUS_LABEL = {"ok": "baik", "warning": "peringatan", "error": "galat", "unreadable": "tidak terbaca",
                "failed": "gagal diperiksa"}
SEVERITY_LABEL = {"error": "galat", "warning": "peringatan", "info": "info"}
REPORT_FILES = ("laporan.json", "laporan_validasi.xlsx", "laporan.html")


@dataclass(frozen=True)
class Run:
    """What every file of one report set says about the run that wrote it: a reader (or a
    test) can tell the three files belong together."""

    id: str
    at: str  # ISO 8601 with the machine's offset, for laporan.json and other programs
    skipped: tuple[str, ...] = ()

    @property
    def shown(self) -> str:
        """When, as a reader in Indonesia reads it: "4 Desember 2026 pukul 14.01 WIB"."""
        from babel.dates import format_datetime

        return format_datetime(dt.datetime.fromisoformat(self.at), "d MMMM y 'pukul' HH.mm z", locale="id")


def new_run(skipped: list[str] | tuple[str, ...] = ()) -> Run:
    return Run(secrets.token_hex(8), dt.datetime.now().astimezone().isoformat(timespec="seconds"), tuple(skipped))


def report_writers(reports: list[FileReport], run: Run, folder: str | Path) -> dict[str, Callable[[str], None]]:
    """The three validation reports, as writers for files.publish_set into `folder`."""
    folder = Path(folder).absolute()
    return {
        "laporan.json": lambda tmp: _json(reports, tmp, run),
        "laporan_validasi.xlsx": lambda tmp: _xlsx(reports, tmp, run, folder),
        "laporan.html": lambda tmp: _html(reports, tmp, run),
    }


def write_reports(reports: list[FileReport], folder: str | Path, skipped: list[str] | tuple[str, ...] = ()) -> dict[str, Path]:
    """laporan.json, laporan_validasi.xlsx and laporan.html, replacing the folder's old set as a whole."""
    written = publish_set(folder, report_writers(reports, new_run(skipped), folder))
    return {"json": written["laporan.json"], "xlsx": written["laporan_validasi.xlsx"], "html": written["laporan.html"]}


def _json(reports: list[FileReport], tmp: str, run: Run) -> None:
    body = {"generator": f"iku-excel {__version__}", "run": run.id, "dibuat": run.at,
            "files": [r.as_dict() for r in reports], "dilewati": list(run.skipped)}
    Path(tmp).write_text(json.dumps(body, ensure_ascii=False, indent=1), encoding="utf-8")


STATUS_ORDER = ("failed", "unreadable", "error", "warning", "ok")  # what needs action first

# Click a column heading to sort a table.sortable; a cell's data-v (a number) sorts before its text.
CAUSE_WIDTH = 66  # characters of Ringkasan's "Sebab utama", over six columns of 11

SORT_SCRIPT = """document.querySelectorAll("table.sortable").forEach(function(t){
  t.querySelectorAll("th").forEach(function(th,i){
    var asc=true;
    th.addEventListener("click",function(){
      var rows=Array.prototype.slice.call(t.tBodies[0].rows);
      rows.sort(function(a,b){
        var x=a.cells[i].dataset.v||a.cells[i].textContent, y=b.cells[i].dataset.v||b.cells[i].textContent;
        var nx=parseFloat(x), ny=parseFloat(y);
        var c=(!isNaN(nx)&&!isNaN(ny))?nx-ny:x.localeCompare(y,"id",{numeric:true});
        return asc?c:-c;});
      asc=!asc; rows.forEach(function(r){t.tBodies[0].appendChild(r);});
    });
  });
});"""


def _names() -> dict[str, str]:
    """instansi id -> its name, for people; the id where the catalog cannot be read."""
    try:
        from iku_excel.config import current

        return {k: v.nama for k, v in current().catalog.instansi.items()}
    except Exception:  # a report is still written with ids
        return {}


def _ordered(reports: list[FileReport], names: dict[str, str]) -> list[FileReport]:
    return sorted(reports, key=lambda r: (STATUS_ORDER.index(r.status), names.get(r.instansi or "", r.instansi or "~"),
                                          r.file))


def _resend(reports: list[FileReport]) -> list[tuple[FileReport, str]]:
    """Files the regency must ask again, with their reasons, cause first (findings.resend_reason)."""
    out = []
    from iku_excel.checks.findings import resend_reason

    for r in needs_resend(reports):
        out.append((r, resend_reason(r.findings)))
    return out


def _counts_line(reports: list[FileReport]) -> str:
    statuses = Counter(r.status for r in reports)
    return f"{len(reports)} berkas diperiksa: " + ", ".join(
        f"{statuses.get(k, 0)} {STATUS_LABEL[k]}" for k in STATUS_ORDER if statuses.get(k) or k in ("ok", "error")) + "."


def _link(report: FileReport, folder: Path, sheet: str | None, cell: str | None) -> str:
    """A link that opens the file (at its cell), relative to the report folder: it survives
    moving the report and the submissions together."""
    import os

    target = os.path.relpath(Path(report.file).absolute(), folder).replace(os.sep, "/")
    if sheet:
        target += f"#'{sheet}'!{cell or 'A1'}"
    return "external:" + target


def _xlsx(reports: list[FileReport], tmp: str, run: Run, folder: Path) -> None:
    from iku_excel.templates.styles import row_height

    names = _names()
    wb = xlsxwriter.Workbook(tmp, {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False})
    bold = wb.add_format({"bold": True, "bg_color": "#1F4E78", "font_color": "#FFFFFF", "text_wrap": True, "valign": "top"})
    title = wb.add_format({"bold": True, "font_size": 13})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    top = wb.add_format({"valign": "top"})
    colours = {"error": "#FFC7CE", "unreadable": "#FFC7CE", "failed": "#D9D2E9", "warning": "#FFEB9C", "ok": "#C6EFCE",
               "info": "#DDEBF7"}
    fills = {k: wb.add_format({"bg_color": v, "valign": "top"}) for k, v in colours.items()}
    ordered = _ordered(reports, names)

    ws = wb.add_worksheet("Ringkasan")
    ws.write_string(0, 0, "Laporan validasi buku kerja IKU/IKI", title)
    ws.write_string(1, 0, f"{_counts_line(reports)} Dibuat {run.shown} oleh iku-excel {__version__}.")
    row = 3
    resend = _resend(ordered)
    if resend:
        ws.write_string(row, 0, f"Perlu kirim ulang ({len(resend)} berkas)", bold)
        ws.write_string(row, 1, "Instansi", bold)
        # the cause spans the six narrow columns of the table below (Tahun .. Info), wrapped in them
        ws.merge_range(row, 2, row, 7, "Sebab utama", bold)
        for rep, reasons in resend:
            row += 1
            ws.write_url(row, 0, _link(rep, folder, None, None), top, string=Path(rep.file).name)
            ws.write_string(row, 1, names.get(rep.instansi or "", rep.instansi or "-"), top)
            ws.merge_range(row, 2, row, 7, reasons, wrap)
            ws.set_row(row, row_height([(reasons, CAUSE_WIDTH)]))
        row += 2
    headers = ("Berkas", "Instansi", "Tahun", "TW", "Status", "Galat", "Peringatan", "Info")
    first = row
    for c, h in enumerate(headers):
        ws.write_string(row, c, h, bold)
    for rep in ordered:
        row += 1
        ws.write_url(row, 0, _link(rep, folder, None, None), top, string=Path(rep.file).name)
        ws.write_string(row, 1, names.get(rep.instansi or "", rep.instansi or ""), top)
        if rep.tahun:
            ws.write_number(row, 2, rep.tahun, top)
        if rep.triwulan:
            ws.write_number(row, 3, rep.triwulan, top)
        ws.write_string(row, 4, STATUS_LABEL[rep.status], fills[rep.status])
        for c, sev in enumerate(("error", "warning", "info"), 5):
            ws.write_number(row, c, rep.count(sev), top)
    ws.autofilter(first, 0, max(first + 1, row), len(headers) - 1)
    ws.set_column(0, 0, 48)
    ws.set_column(1, 1, 24)
    ws.set_column(2, 7, CAUSE_WIDTH / 6)
    _print_setup(ws, first)

    ws = wb.add_worksheet("Temuan")
    headers = ("Instansi", "Berkas", "Lembar", "Sel", "Kode", "Tingkat", "Pesan", "Buka")
    for c, h in enumerate(headers):
        ws.write_string(0, c, h, bold)
    r = 0
    by_place = sorted(((names.get(rep.instansi or "", rep.instansi or "~"), rep) for rep in reports),
                      key=lambda nr: (nr[0], nr[1].file))
    for name, rep in by_place:
        for f in rep.findings:
            r += 1
            ws.write_string(r, 0, name if name != "~" else "(tidak dikenali)", top)
            ws.write_string(r, 1, Path(rep.file).name, top)
            ws.write_string(r, 2, f.sheet or "", top)
            ws.write_string(r, 3, f.cell or "", top)
            ws.write_string(r, 4, f.code, top)
            ws.write_string(r, 5, SEVERITY_LABEL[f.severity], fills["error" if f.severity == "error" else f.severity])
            ws.write_string(r, 6, f.message, wrap)
            ws.write_url(r, 7, _link(rep, folder, f.sheet, f.cell), top, string="buka sel" if f.sheet else "buka berkas")
            # info rows are there, hidden by the filter: "Tingkat" shows galat and peringatan first
            ws.set_row(r, row_height([(f.message, 90)]), None, {"hidden": f.severity == "info"})
    ws.autofilter(0, 0, max(1, r), len(headers) - 1)
    ws.filter_column_list(5, [SEVERITY_LABEL["error"], SEVERITY_LABEL["warning"]])
    ws.freeze_panes(1, 0)
    for c, width in enumerate((22, 32, 18, 7, 24, 11, 90, 11)):
        ws.set_column(c, c, width)
    _print_setup(ws, 0)

    ws = wb.add_worksheet("Kode")
    for c, h in enumerate(("Kode", "Tingkat", "Arti")):
        ws.write_string(0, c, h, bold)
    for r, code in enumerate(CODES.values(), 1):  # each code beside its meaning, one page wide when printed
        ws.write_string(r, 0, code.code, top)
        ws.write_string(r, 1, SEVERITY_LABEL[code.severity], top)
        ws.write_string(r, 2, code.title, wrap)
        ws.set_row(r, row_height([(code.title, 70)]))
    ws.set_column(0, 0, 30)
    ws.set_column(1, 1, 12)
    ws.set_column(2, 2, 70)
    ws.freeze_panes(1, 0)
    _print_setup(ws, 0)
    wb.set_properties({"title": "Laporan validasi iku-excel", "created": dt.datetime(2025, 1, 1),
                       "comments": f"dibuat {run.shown}"})
    wb.set_custom_property("iku-excel-run", run.id)
    wb.close()


def _print_setup(ws, header_row: int) -> None:
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(header_row)


PAGE = """<!doctype html>
<html lang="id"><head><meta charset="utf-8"><meta name="iku-excel-run" content="{run}">
<title>Laporan validasi iku-excel</title>
<style>
body{{font-family:Arial,Helvetica,sans-serif;font-size:14px;margin:1.5em;color:#222}}
h1{{font-size:20px}} h2{{font-size:16px;margin-top:1.5em}} h3{{font-size:14px;margin:1.2em 0 .3em}}
table{{border-collapse:collapse;width:100%}} th,td{{border:1px solid #ccc;padding:4px 6px;vertical-align:top;text-align:left}}
th{{background:#1F4E78;color:#fff;cursor:pointer;user-select:none}} th:after{{content:" \\2195";opacity:.5}}
.error td.s,.unreadable td.s{{background:#FFC7CE}} .failed td.s{{background:#D9D2E9}} .warning td.s{{background:#FFEB9C}}
.ok td.s{{background:#C6EFCE}} .info td.s{{background:#DDEBF7}}
.controls{{margin:.5em 0}} input,select{{font-size:14px;padding:3px}} .n{{text-align:right}} .muted{{color:#666}}
.chips span{{display:inline-block;margin:0 .4em .4em 0;padding:.2em .6em;border-radius:1em;background:#eee}}
.chips .error,.chips .unreadable{{background:#FFC7CE}} .chips .failed{{background:#D9D2E9}}
.chips .warning{{background:#FFEB9C}} .chips .ok{{background:#C6EFCE}}
</style></head><body>
<h1>Laporan validasi buku kerja IKU/IKI</h1>
<p class="muted">Dibuat {at} oleh iku-excel {version}.{skipped}</p>
<div class="chips">{chips}</div>
{resend}
<h2>Ringkasan per berkas</h2>
<table id="files" class="sortable"><thead><tr><th>Berkas</th><th>Instansi</th><th>Tahun</th><th>TW</th><th>Status</th>
<th>Galat</th><th>Peringatan</th><th>Info</th></tr></thead><tbody>
{file_rows}
</tbody></table>
<h2>Temuan per kecamatan</h2>
<div class="controls">Saring: <input id="q" type="search" placeholder="ketik kata, kode, lembar..." size="40">
<select id="sev"><option value="">galat dan peringatan</option><option value="error">galat</option>
<option value="warning">peringatan</option><option value="info">info</option><option value="all">semua tingkat</option></select>
<span id="count" class="muted"></span></div>
{groups}
<script>
{sort_script}
function filter(){{
  var q=document.getElementById("q").value.toLowerCase(), s=document.getElementById("sev").value, n=0;
  document.querySelectorAll("table.findings tbody tr").forEach(function(r){{
    var sev=r.dataset.sev, level=(s==="all")||(s===""?sev!=="info":sev===s);
    var ok=level&&(!q||r.textContent.toLowerCase().indexOf(q)>=0);
    r.style.display=ok?"":"none"; if(ok)n++;}});
  document.querySelectorAll("section.group").forEach(function(g){{
    g.style.display=g.querySelector("tbody tr:not([style*='none'])")?"":"none";}});
  document.getElementById("count").textContent=n+" temuan ditampilkan (info disembunyikan kecuali dipilih)";
}}
document.getElementById("q").addEventListener("input",filter);
document.getElementById("sev").addEventListener("change",filter);
filter();
</script></body></html>
"""


def _html(reports: list[FileReport], tmp: str, run: Run) -> None:
    e = html.escape
    names = _names()
    statuses = Counter(r.status for r in reports)
    chips = "".join(f'<span class="{k}">{statuses.get(k, 0)} {STATUS_LABEL[k]}</span>' for k in STATUS_ORDER)
    resend = _resend(_ordered(reports, names))
    resend_html = ""
    if resend:
        items = "".join(f"<li><b>{e(Path(r.file).name)}</b> ({e(names.get(r.instansi or '', r.instansi or '-'))}): "
                        f"{e(reasons)}</li>" for r, reasons in resend)
        resend_html = f"<h2>Perlu kirim ulang ({len(resend)} berkas)</h2><ul>{items}</ul>"
    file_rows = "\n".join(
        f'<tr class="{r.status}"><td>{e(Path(r.file).name)}</td><td>{e(names.get(r.instansi or "", r.instansi or ""))}</td>'
        f'<td>{r.tahun or ""}</td><td>{r.triwulan or ""}</td>'
        f'<td class="s" data-v="{STATUS_ORDER.index(r.status)}">{STATUS_LABEL[r.status]}</td>'
        f'<td class="n">{r.count("error")}</td><td class="n">{r.count("warning")}</td><td class="n">{r.count("info")}</td></tr>'
        for r in _ordered(reports, names))
    groups = []
    by_name: dict[str, list[FileReport]] = {}
    for r in reports:
        by_name.setdefault(names.get(r.instansi or "", r.instansi or "(tidak dikenali)"), []).append(r)
    for name in sorted(by_name):
        rows = "\n".join(
            f'<tr class="{f.severity}" data-sev="{f.severity}"><td>{e(Path(r.file).name)}</td><td>{e(f.sheet or "")}</td>'
            f'<td>{e(f.cell or "")}</td><td title="{e(CODES[f.code].title)}">{e(f.code)}</td>'
            f'<td class="s" data-v="{SEVERITY_RANK[f.severity]}">{SEVERITY_LABEL[f.severity]}</td><td>{e(f.message)}</td></tr>'
            for r in sorted(by_name[name], key=lambda r: r.file) for f in r.findings)
        if rows:
            groups.append(f'<section class="group"><h3>{e(name)}</h3><table class="sortable findings"><thead><tr>'
                          "<th>Berkas</th><th>Lembar</th><th>Sel</th><th>Kode</th><th>Tingkat</th><th>Pesan</th></tr>"
                          f"</thead><tbody>{rows}</tbody></table></section>")
    skipped = f" Dilewati: {e(', '.join(run.skipped))}." if run.skipped else ""
    Path(tmp).write_text(PAGE.format(run=run.id, at=e(run.shown), version=__version__, skipped=skipped, chips=chips,
                                     sort_script=SORT_SCRIPT,
                                     resend=resend_html, file_rows=file_rows, groups="\n".join(groups)),
                         encoding="utf-8")
