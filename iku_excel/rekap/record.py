"""What one submission contributes to the regency's recap, taken while it is checked.

The worker that validates a file already holds the workbook, its template model
and the values iku-excel recalculated from the inputs. This module turns them
into plain data (picklable, no pandas): one row per indicator, one per desa,
and the Profil fields that say which period the file reports. The figures are
the recalculated ones, never the cached values a submitter's Excel stored.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from iku_excel.calc.basic import IDM_BANDS
from iku_excel.calc.documents import to_date
from iku_excel.calc.errors import InvalidInput
from iku_excel.engine.model import TemplateModel, targets
from iku_excel.engine.profil import profil_value, reported_triwulan, signing_date
from iku_excel.engine.reader import Workbook
from iku_excel.templates.layout import (
    COL_CAPAIAN,
    COL_PREDIKAT,
    COL_TAHUNAN,
    COL_TW1,
    FIRST_ROW,
)


@dataclass
class IndicatorRow:
    jabatan: str  # "" for the office's IKU
    indikator_id: str
    indikator: str
    jenis: str  # the indicator kind (catalog.kinds): the recap finds the IKM by it, whatever its id
    satuan: str
    polaritas: str
    target: object
    tw: list[object]  # realisasi TW I..IV as recalculated ("" where none)
    realisasi: object
    capaian: object
    predikat: object
    mutu: object = ""
    kinerja: object = ""


@dataclass
class DesaRow:
    desa: str
    dokumen: dict[str, tuple[object, object]] = field(default_factory=dict)  # RKPDes -> (date, "Ya"/"Tidak")
    idm: object = ""
    status: object = ""


@dataclass
class Record:
    nama_instansi: str
    kabupaten: str
    jenis_dokumen: str
    triwulan: int | None
    tanggal: dt.date | None  # the signing date on Profil, "Candipuro, 15 Januari 2026"
    rows: list[IndicatorRow]
    desa: list[DesaRow]


def collect(book: Workbook, model: TemplateModel, values: dict) -> Record:
    """What one checked file contributes to the recap (the batch's collector, in the worker)."""
    return record(book, model, values, targets(book, model))


def record(book: Workbook, model: TemplateModel, values: dict, targets: dict[str, object]) -> Record:
    catalog = model.spec.catalog
    inst = catalog.get(model.instansi)
    items = {item.full_id: item for item in catalog.indicators(model.instansi)}
    skm = {name: named_value(model, values, name) for name in ("SKM_Mutu", "SKM_Kinerja")}
    rows = []
    for (sheet, r, _c), full_id in sorted(model.spec.target_cells.items(), key=lambda kv: (kv[0][0] != "IKU", kv[0])):
        item = items[full_id]
        spec = item.spec

        def at(col: int) -> object:
            value = values.get((sheet, r, col + 1), "")
            return "" if value is None else value

        row = IndicatorRow(
            jabatan=item.jabatan.nama if item.jabatan else "", indikator_id=spec.id, indikator=spec.nama,
            jenis=spec.jenis, satuan=spec.satuan, polaritas=spec.polaritas, target=targets.get(full_id),
            tw=[at(COL_TW1 + k) for k in range(4)], realisasi=at(COL_TAHUNAN), capaian=at(COL_CAPAIAN),
            predikat=at(COL_PREDIKAT))
        if spec.jenis == "ikm":
            row.mutu, row.kinerja = skm["SKM_Mutu"], skm["SKM_Kinerja"]
        rows.append(row)
    return Record(inst.nama, inst.kabupaten, inst.jenis_dokumen, reported_triwulan(book),
                  signing_date(profil_value(book, "Profil_TempatTanggal")), rows, _desa(book, model, values))


def named_value(model: TemplateModel, values: dict, name: str) -> object:
    from iku_excel.engine.reader import parse_ref

    target = parse_ref(model.names[name]) if name in model.names else None
    return values.get(target[:3], "") if target else ""


def _named_rows(book: Workbook, reg, key: str):
    """(excel row, name) of the register rows whose `key` column names something."""
    for i in range(reg.rows):
        row = FIRST_ROW + 1 + i
        name = book.value(reg.sheet, row, reg.col(key) + 1)
        if isinstance(name, str) and name.strip():
            yield row, name.strip()


def _desa(book: Workbook, model: TemplateModel, values: dict) -> list[DesaRow]:
    """Per desa: each village document's date and whether it was on time, and the IDM with its
    status, from the registers whose formula columns say so (their declarations), by row name."""
    found: dict[str, DesaRow] = {}
    for reg in model.spec.registers:
        documents = [d for d in reg.derived if d.document]
        idm = [d for d in reg.derived if d.band == IDM_BANDS]  # the IDM status, from its value
        if reg.row_name is None or not (documents or idm):
            continue
        for row, name in _named_rows(book, reg, reg.row_name):
            entry = found.setdefault(name, DesaRow(name))
            for d in documents:
                raw = book.date_serial(book.value(reg.sheet, row, reg.col(d.sources[1]) + 1))
                try:
                    day = to_date(raw, d.document) if raw not in (None, "") else None
                except InvalidInput:
                    day = None
                entry.dokumen[d.document] = (day, values.get((reg.sheet, row, reg.col(d.key) + 1), ""))
            for d in idm:
                entry.idm = book.value(reg.sheet, row, reg.col(d.sources[0]) + 1)
                entry.status = values.get((reg.sheet, row, reg.col(d.key) + 1), "")
    return list(found.values())
