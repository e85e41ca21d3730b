"""Which template a submission was made from, and whether its skeleton is intact."""

from __future__ import annotations

import re

from iku_excel.catalog import CatalogError
from iku_excel.checks.findings import Finding, finding
from iku_excel.checks.submission import Submission
from iku_excel.config import Config
from iku_excel.engine.model import TemplateModel, template_model
from iku_excel.engine.reader import Workbook
from iku_excel.excel import a1
from iku_excel.templates.layout import SHEET_META, TEMPLATE_ID_PREFIX, TEMPLATE_VERSION


def _meta(book: Workbook, name: str) -> object:
    target = book.name_target(name)
    if target is None:
        return None
    sheet, r, c, _r2, _c2 = target
    return book.value(sheet, r, c)


def identify(book: Workbook, config: Config) -> tuple[list[Finding], TemplateModel | None, dict]:
    """Findings about the template, the model to check against (None when there is none) and the metadata.
    `config` says which catalog the checker holds the workbook against."""
    meta = {key: _meta(book, key) for key in ("IKU_TEMPLATE_ID", "IKU_TEMPLATE_VERSION", "IKU_INSTANSI", "IKU_TAHUN",
                                              "IKU_CATALOG_DIGEST")}
    template_id = meta["IKU_TEMPLATE_ID"]
    if not isinstance(template_id, str) or not template_id.startswith(TEMPLATE_ID_PREFIX + "/"):
        where = SHEET_META if SHEET_META in book.sheets else None
        return [finding("BUKAN_TEMPLAT", where, variant="no_meta")], None, meta
    instansi = template_id.split("/", 1)[1]
    try:
        config.catalog.get(instansi)
    except CatalogError:
        return [finding("BUKAN_TEMPLAT", SHEET_META, variant="unknown", instansi=instansi)], None, meta
    findings: list[Finding] = []
    version = meta["IKU_TEMPLATE_VERSION"]
    try:
        version = int(version)
    except (TypeError, ValueError):
        version = 0
    if version > TEMPLATE_VERSION:
        return [finding("VERSI_TEMPLAT_BARU", SHEET_META, version=version, current=TEMPLATE_VERSION)], None, meta
    tahun = meta["IKU_TAHUN"]
    try:
        tahun = int(tahun)
    except (TypeError, ValueError):
        return findings + [finding("BUKAN_TEMPLAT", SHEET_META, variant="year")], None, meta
    if version < TEMPLATE_VERSION:
        # its layout is not this version's: checking it cell by cell against the new one would
        # report nonsense. Only its identity is known; the office is asked to move to the new one.
        meta.update(instansi=instansi, tahun=tahun, versi=version)
        return [finding("VERSI_TEMPLAT_LAMA", SHEET_META, variant="version", version=version, current=TEMPLATE_VERSION,
                        instansi=instansi, tahun=tahun)], None, meta
    model = template_model(instansi, tahun, config)
    if meta["IKU_CATALOG_DIGEST"] not in (None, model.digest) and version == TEMPLATE_VERSION:
        findings.append(finding("VERSI_TEMPLAT_LAMA", SHEET_META, variant="catalog"))
    meta.update(instansi=instansi, tahun=tahun, versi=version)
    return findings, model, meta


def skeleton(sub: Submission) -> list[Finding]:
    """Missing or renamed sheets, named ranges and tables."""
    book, model = sub.book, sub.model
    findings = []
    expected_sheets = list(model.book.sheets)
    extra = [s for s in book.sheets if s not in expected_sheets]
    for sheet in expected_sheets:
        if sheet not in book.sheets:
            hint = f" (lembar yang tidak dikenal: {', '.join(extra)}; apakah berganti nama?)" if extra else ""
            findings.append(finding("LEMBAR_HILANG", sheet, hint=hint))
    for name, ref in sorted(model.names.items()):
        got = book.names.get(name)
        if got is None:
            findings.append(finding("NAMA_HILANG", variant="missing", name=name))
        elif got.replace("'", "").replace("$", "") != ref.replace("'", "").replace("$", ""):
            findings.append(finding("NAMA_HILANG", variant="moved", name=name, got=got, ref=ref))
    for sheet, tables in model.tables().items():
        have = book.sheets.get(sheet)
        if have is None:
            continue
        for table in tables:
            if table not in have.tables:
                findings.append(finding("TABEL_HILANG", sheet, table=table))
    return findings


def year(sub: Submission) -> list[Finding]:
    """The year on Profil drives every deadline formula; it must stay the template's year."""
    book, model = sub.book, sub.model
    from iku_excel.templates.layout import PROFIL, SHEET_PROFIL

    row = PROFIL["Profil_Tahun"].row + 1
    value = book.value(SHEET_PROFIL, row, 2)
    if value is None or value == model.tahun:
        return []
    return [finding("TAHUN_DIUBAH", SHEET_PROFIL, f"B{row}", value=value, tahun=model.tahun)]


def identity(sub: Submission) -> list[Finding]:
    """The hidden metadata, Profil's fixed fields and the indicators on the IKU/IKI sheets must all
    name the same instansi and year as the catalog: relabelling one of them (a Candipuro file whose
    _meta says "senduro") would file the numbers under another kecamatan."""
    book, model = sub.book, sub.model
    from iku_excel.templates.layout import PROFIL_CELLS, SHEET_PROFIL

    inst = model.spec.catalog.get(model.instansi)
    findings = []
    claimed = _meta(book, "IKU_INSTANSI")
    if claimed != model.instansi:
        findings.append(finding("IDENTITAS_TIDAK_COCOK", SHEET_META, variant="meta", claimed=claimed,
                                instansi=model.instansi))
    expected = {"Profil_Instansi": inst.nama, "Profil_Kabupaten": inst.kabupaten}
    for row, name, label, *_ in PROFIL_CELLS:
        if name in expected and book.value(SHEET_PROFIL, row + 1, 2) != expected[name]:
            findings.append(finding("IDENTITAS_TIDAK_COCOK", SHEET_PROFIL, f"B{row + 1}", variant="profil", label=label,
                                    value=_quoted(book.value(SHEET_PROFIL, row + 1, 2)), expected=expected[name]))
    for (sheet, row, col), full_id in model.spec.target_cells.items():
        want = model.book.sheets[sheet].cells.get((row, 3))
        got = book.value(sheet, row, 3)
        if sheet in book.sheets and want is not None and got != want.value:
            findings.append(finding("IDENTITAS_TIDAK_COCOK", sheet, f"C{row}", variant="indicator", row=row,
                                    value=_quoted(got), instansi=inst.nama, tahun=model.tahun, expected=want.value))
    return findings


def _quoted(value: object) -> str:
    return "(kosong)" if value in (None, "") else f"'{value}'"


# _meta rows that may differ between honest copies: the kind (a sample or a template), the
# generator's version, the catalog digest and template version (both reported on their own).
META_FREE = ("kind", "generator", "catalog_digest", "template_version")


def support_sheets(sub: Submission) -> list[Finding]:
    """_meta, Daftar and xlwings.conf must be the template's, cell for cell."""
    book, model = sub.book, sub.model
    from iku_excel.templates.layout import SHEET_DAFTAR, SHEET_XLWINGS

    findings = []
    for sheet in (SHEET_META, SHEET_DAFTAR, SHEET_XLWINGS):
        have = book.sheets.get(sheet)
        want = model.book.sheets.get(sheet)
        if have is None or want is None:
            continue  # a missing sheet is LEMBAR_HILANG
        expected = {key: cell.value for key, cell in want.cells.items() if cell.value not in (None, "")}
        free = set()
        if sheet == SHEET_META:
            free = {(r, 2) for (r, c), v in expected.items() if c == 1 and v in META_FREE}
        got = {k: c.value for k, c in have.cells.items() if c.value not in (None, "")}
        differ = sorted(k for k in set(expected) | set(got)
                        if k not in free and _plain(got.get(k)) != _plain(expected.get(k)))
        if not differ:
            continue
        r, c = differ[0]
        cell = a1(r, c)
        if sheet == SHEET_XLWINGS:
            findings.append(finding("XLWINGS_CONF_DIUBAH", sheet, cell, count=len(differ), value=_quoted(got.get((r, c)))))
        else:
            findings.append(finding("LEMBAR_PENDUKUNG_DIUBAH", sheet, cell, count=len(differ), value=_quoted(got.get((r, c))),
                                    expected=_quoted(expected.get((r, c)))))
    return findings


def _plain(value: object) -> object:
    return int(value) if isinstance(value, float) and value.is_integer() else value


def security(book: Workbook, model: TemplateModel | None = None) -> list[Finding]:
    findings = []
    workbook_names = set(book.names) | (set(model.names) if model else set())
    for name, sheet in book.local_names:
        if name in workbook_names:
            findings.append(finding("NAMA_LOKAL_MEMBAYANGI", sheet, name=name))
    if book.has_macros:
        findings.extend(_vba(book) if model is not None else [finding("MAKRO_ADA")])
    if book.external_links:
        findings.append(finding("TAUTAN_EKSTERNAL", count=book.external_links))
    return findings


def _vba(book: Workbook) -> list[Finding]:
    """The VBA of a workbook made from a template is the template's, module by module: a project
    that runs other code (an extra module, a changed function) is a security error, whatever
    Excel stores around it (compiled code, per-sheet modules of its own)."""
    from iku_excel import vba

    try:
        differ = vba.differences(vba.read_modules(book.path))
    except ValueError as exc:
        return [finding("VBA_BERBEDA", variant="unreadable", error=exc)]
    if not differ:
        return [finding("MAKRO_ADA")]
    return [finding("VBA_BERBEDA", variant="module" if line is None else "changed", module=module, line=line, text=text)
            for module, line, text in differ]


# Names a spreadsheet program keeps for itself: print areas and titles, filters, and the
# placeholders of functions newer than the file format (_xlfn.IFS) and of LAMBDA parameters
_PROGRAM_NAMES = ("_xlnm.", "_xlfn.", "_xlpm.")
# another workbook: Excel stores it as [1], [2] (xl/externalLinks), or a path or address with its file name
_OTHER_BOOK = re.compile(r"\[\d+\]|\.xl[a-z]{1,2}\b|https?:|\\\\", re.IGNORECASE)
STATE_WORDS = {"hidden": "disembunyikan", "veryHidden": "disembunyikan sangat dalam (hanya terlihat dari editor VBA)"}


def extras(sub: Submission) -> list[Finding]:
    """What the template does not have: a sheet (hidden, it holds data nobody checks), a template
    sheet hidden (a look-alike may be shown and printed in its place), a defined name (a formula
    may read another cell, or another workbook, through it)."""
    book, model = sub.book, sub.model
    findings = []
    for name, sheet in book.sheets.items():
        want = model.book.sheets.get(name)
        if want is None:
            if sheet.state in STATE_WORDS:
                findings.append(finding("LEMBAR_TAMBAHAN_TERSEMBUNYI", name, state=STATE_WORDS[sheet.state]))
            else:
                findings.append(finding("LEMBAR_TAMBAHAN", name))
        elif want.state == "visible" and sheet.state in STATE_WORDS:
            findings.append(finding("LEMBAR_DISEMBUNYIKAN", name, state=STATE_WORDS[sheet.state]))
    for name, ref in sorted(book.names.items()):
        if name in model.names or name.startswith(_PROGRAM_NAMES):
            continue
        findings.append(finding("NAMA_TAMBAHAN", variant="external" if _OTHER_BOOK.search(ref) else "", name=name,
                                ref=ref))
    return findings
