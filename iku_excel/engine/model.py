"""What a workbook made from a template should contain, and what its formulas should compute.

For each template (instansi, tahun, version) the builder is run once against a
RecordingWorkbook: that gives every formula cell and its formula, every input
cell, every defined name. For a submission, its inputs are read back into the
builder's own data structures (registers, typed values, targets, Profil) and
the builder is run again: the values it records are what every formula cell
must hold — computed by the same code that wrote the template's cached values.
No formula is parsed on this path; `generic.py` handles cells a user changed.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from iku_excel.catalog import Catalog
from iku_excel.config import current
from iku_excel.engine.reader import Workbook, parse_ref
from iku_excel.registers import Desa, Pegawai, Registers
from iku_excel.templates.builder import Profil, WorkbookBuilder
from iku_excel.templates.layout import (
    COL_PREDIKAT,
    COL_TW1,
    FIRST_ROW,
    IZIN_TAHUN_LALU,
    PROFIL_CELLS,
    REGISTERS,
    SHEET_PROFIL,
)
from iku_excel.templates.record import RecordingWorkbook

Key = tuple[str, int, int]  # (sheet, row, col), 1-based as in Excel
CIRCULAR = "#CIRC!"  # the marker of a cell on a circular reference: no Excel value, never written to a file


@dataclass(eq=False)  # identity hash: one model per template, cached
class TemplateModel:
    instansi: str
    tahun: int
    builder: WorkbookBuilder
    recorded: RecordingWorkbook
    formulas: dict[Key, str]  # the template's formula per cell (without "=")
    canonical: dict[Key, str]
    digest: str
    # What a reader or a printout sees: realisasi TW I–IV, tahunan, capaian and predikat of
    # each indicator row, and the IKM with its mutu; the indicator's name, for messages.
    headline: dict[Key, str]
    values: dict[Key, object]  # what every formula cell of the empty template holds


    @property
    def names(self) -> dict[str, str]:
        return self.recorded.names

    def tables(self) -> dict[str, list[str]]:
        return {name: sheet.tables for name, sheet in self.recorded.sheets.items() if sheet.tables}


def canonical(formula: str) -> str:
    """A formula in a form that is equal for Excel, LibreOffice and XlsxWriter
    spellings of the same thing: upper case outside text literals, no spaces,
    no quotes around sheet names, no add-in or future-function prefixes."""
    parts = re.split(r'("(?:[^"]|"")*")', formula.lstrip("="))
    out = []
    for i, part in enumerate(parts):
        if i % 2:
            out.append(part)
            continue
        part = strip_prefixes(part).upper()
        part = re.sub(r"'((?:[^']|'')+)'!", lambda m: m.group(1).replace("''", "'") + "!", part)
        out.append(re.sub(r"\s+", "", part))
    return "".join(out)


_PREFIX = re.compile(r"(?:'[^']*\.xla[m]?'!|\[\d+\]!|_xldudf_|_xludf\.|_xlfn\.|_xlws\.)(?=[A-Za-z_])", re.IGNORECASE)


def strip_prefixes(formula: str) -> str:
    """Remove the link and add-in prefixes Excel saves before function names:
    [1]!IKU_PERSEN, 'C:\\...\\x.xlam'!IKU_PERSEN, _xldudf_IKU_PERSEN, _xludf.IKU_PERSEN."""
    return _PREFIX.sub("", formula)


def template_model(instansi: str, tahun: int) -> TemplateModel:
    """The model of a template, built once per catalog configuration, instansi and tahun."""
    return _template_model(instansi, tahun, current().katalog)


@functools.lru_cache(maxsize=64)
def _template_model(instansi: str, tahun: int, katalog: tuple[str, ...]) -> TemplateModel:
    catalog = current().catalog
    builder = WorkbookBuilder(catalog, catalog.get(instansi), tahun)
    recorded = builder.record()
    formulas = {(name, r + 1, c + 1): cell.formula
                for name, sheet in recorded.sheets.items()
                for (r, c), cell in sheet.cells.items() if cell.kind == "formula"}
    names = {item.full_id: item.spec.nama for item in catalog.indicators(instansi)}
    headline = {}
    for (sheet, row, _col), full_id in builder.target_cells.items():
        for col in range(COL_TW1, COL_PREDIKAT + 1):
            if (sheet, row + 1, col + 1) in formulas:
                headline[(sheet, row + 1, col + 1)] = names[full_id]
    for name in ("SKM_IKM", "SKM_Mutu", "SKM_Kinerja"):
        target = parse_ref(recorded.names[name]) if name in recorded.names else None
        if target:
            headline[target[:3]] = "Indeks Kepuasan Masyarakat (Reg SKM)"
    values = {(name, r + 1, c + 1): cell.value for name, sheet in recorded.sheets.items()
              for (r, c), cell in sheet.cells.items() if cell.kind == "formula"}
    return TemplateModel(instansi, tahun, builder, recorded, formulas,
                         {k: canonical(v) for k, v in formulas.items()}, builder.catalog_digest(), headline, values)


def register_values(book: Workbook, register) -> list[dict[str, object]]:
    """The register's input columns, one dict per row of raw values, keeping positions
    (row i is Excel row FIRST_ROW + 1 + i) up to the last row with anything in it.
    Read once per workbook and register: several checks ask for the same rows."""
    key = ("register_values", register.sheet)
    if key in book.cache:
        return book.cache[key]
    ws = book.sheets.get(register.sheet)
    rows = []
    if ws is not None:
        inputs = [(c + 1, col.key, col.kind == "date") for c, col in enumerate(register.columns)
                  if col.kind not in ("no", "formula")]
        columns = {c for c, _k, _d in inputs}
        first, last = FIRST_ROW + 1, FIRST_ROW + register.rows
        filled = [r for (r, c), cell in ws.cells.items()
                  if first <= r <= last and c in columns and cell.value is not None and cell.value != ""]
        for row in range(first, max(filled, default=first - 1) + 1):
            values = {}
            for c, name, is_date in inputs:
                cell = ws.cells.get((row, c))
                value = None if cell is None else cell.value
                values[name] = book.date_serial(value) if is_date else value
            rows.append(values)
    book.cache[key] = rows
    return rows


def extract(book: Workbook, model: TemplateModel) -> tuple[Registers, Profil, dict[str, object]]:
    """The submission's inputs, as the builder takes them (raw values, positions kept)."""
    profil_values = {}
    for row, name, _label, _kind in PROFIL_CELLS:
        profil_values[name] = book.value(SHEET_PROFIL, row + 1, 2)
    data = Registers(tahun=model.tahun, hari_kerja_efektif=[profil_values.get(f"Profil_HKE{k}") for k in range(1, 5)])
    data.skm_populasi = profil_values.get("Profil_PopulasiSKM")
    used = {r.key for r in model.builder.registers}
    for reg in model.builder.registers:
        if reg.inputs is not None:  # counted through its spec: the raw rows are the data
            data.rows[reg.key] = register_values(book, reg)
    desa: list[Desa] = []
    if "dokumen_desa" in used:
        reg = REGISTERS["dokumen_desa"]
        desa = [Desa(v.get("Desa"), rkpdes=v.get("RKPDes"), apbdes=v.get("APBDes"), lppdes=v.get("LPPDes"))
                for v in register_values(book, reg)]
    if "desa" in used:
        reg = REGISTERS["desa"]
        desa = [Desa(v.get("Nama"), idm=v.get("IDM"), tema=v.get("Tema"), administrasi_baik=v.get("AdmBaik"))
                for v in register_values(book, reg)]
    data.desa = desa
    if "skm" in used:
        reg = REGISTERS["skm"]
        rows = register_values(book, reg)
        data.skm = [[v.get(f"U{j}") for j in range(1, 10)] for v in rows]
        data.skm_layanan = [v.get("Layanan") for v in rows]
    if "kehadiran" in used:
        reg = REGISTERS["kehadiran"]
        data.pegawai = [Pegawai(v.get("Nama"), v.get("NIP"), [v.get(f"TM{k}") for k in range(1, 5)])
                        for v in register_values(book, reg)]
    if "izin" in used:
        data.izin_tahun_lalu = book.value(REGISTERS["izin"].sheet, IZIN_TAHUN_LALU[0] + 1, IZIN_TAHUN_LALU[1] + 1)
    for (sheet, r, c), (full_id, name, k) in model.builder.typed_cells.items():
        slot = data.langsung.setdefault(full_id, {}).setdefault(name, [None] * 4)
        slot[k] = book.value(sheet, r + 1, c + 1)
    targets = {full_id: book.value(sheet, r + 1, c + 1) for (sheet, r, c), full_id in model.builder.target_cells.items()}
    signers: dict[str, list[str]] = {}
    for (sheet, r, c), (jabatan_id, key) in model.builder.signer_cells.items():
        value = book.value(sheet, r + 1, c + 1)
        signers.setdefault(jabatan_id, ["", "", ""])[("nama", "nip", "pangkat").index(key)] = "" if value is None else value
    profil = Profil(
        signers={k: tuple(v) for k, v in signers.items()},
        jabatan=profil_values.get("Profil_Jabatan") or "", camat=profil_values.get("Profil_Camat") or "",
        nip=profil_values.get("Profil_NIP") or "", tempat_tanggal=profil_values.get("Profil_TempatTanggal") or "",
        triwulan=profil_values.get("Profil_Triwulan"),
    )
    return data, profil, targets


def expected_values(model: TemplateModel, data: Registers, profil: Profil, targets: dict[str, object],
                    catalog: Catalog | None = None) -> dict[Key, object]:
    """What every formula cell of the template computes from these inputs: the builder run on
    them, over the rows that hold data; every other cell holds what the empty template holds."""
    catalog = catalog or current().catalog
    builder = WorkbookBuilder(catalog, catalog.get(model.instansi), model.tahun, data=data, profil=profil, targets=targets)
    recorded = builder.record(filled_rows_only=True)
    values = dict(model.values)
    for name, sheet in recorded.sheets.items():
        for (r, c), cell in sheet.cells.items():
            if cell.kind == "formula":
                values[(name, r + 1, c + 1)] = cell.value
    return values
