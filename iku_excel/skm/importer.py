"""Put a survey into a copy of the kecamatan's workbook: Reg SKM filled, cached values recomputed.

The input workbook is never touched. The copy is .xlsx or .xlsm like the input; only the
cells of Reg SKM change (written into the sheet XML as the template laid them out), and
then every formula cell gets its recalculated value, so the copy shows the IKM at once.
An answer that is not valid is left blank in the register — blank is "not counted", as
the workbook itself treats it — and reported with its row and column.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from iku_excel.excel import a1, serial
from iku_excel.files import same_file, temp_dir
from iku_excel.skm.survey import Problem, Survey, SurveyError
from iku_excel.templates.layout import FIRST_ROW
from iku_excel.text import shown

KELAMIN = {"l": "Laki-laki", "laki-laki": "Laki-laki", "laki laki": "Laki-laki", "pria": "Laki-laki",
           "p": "Perempuan", "perempuan": "Perempuan", "wanita": "Perempuan"}


@dataclass
class ImportResult:
    written: Path
    respondents: int
    replaced: int  # respondents the workbook held before, now replaced
    problems: list[Problem]
    ikm: object
    mutu: object
    report: object  # the validation of the copy (process.FileReport)


def _serial(day: dt.datetime) -> float:
    """The date (not the time) as Excel's serial number: the register column shows dates."""
    return serial(day.date())


def _age(text: str) -> float | None:
    match = re.match(r"^\s*(\d{1,3})", text)
    return float(match.group(1)) if match else None


# Reg SKM's respondent columns, each with the survey's profile field it is filled from
PROFILE_OF = {"Layanan": "layanan", "Tanggal": "waktu", "Kelamin": "kelamin", "Umur": "umur",
              "Pendidikan": "pendidikan", "Pekerjaan": "pekerjaan"}


def _profile(person, reg, tahun: int, columns: dict[str, str], problems: list[Problem]) -> dict[str, object]:
    """A respondent's Reg SKM fields. Each is written as the export has it (nothing is lost), and a
    value the register will not take (an age of 200, a date of another year, a choice outside its
    list) is noted at the export's row and column, as validasi will flag it in the workbook."""
    p = person.profile
    out = {"Layanan": p.get("layanan"), "Tanggal": _serial(person.waktu) if person.waktu else None,
           "Kelamin": KELAMIN.get(p.get("kelamin", "").strip().lower(), p.get("kelamin")),
           "Umur": _age(p["umur"]) if p.get("umur") else None,
           "Pendidikan": p.get("pendidikan"), "Pekerjaan": p.get("pekerjaan")}
    for key, value in out.items():
        column, header = reg.column(key), columns.get(PROFILE_OF[key], key)
        note = None
        if key == "Umur" and p.get("umur") and value is None:
            note = f"umur '{shown(p['umur'])}' bukan angka; tidak ditulis"
        elif value is None:
            continue
        elif key == "Tanggal" and person.waktu.year != tahun:
            note = f"tanggal {person.waktu:%d/%m/%Y} di luar tahun {tahun} buku kerja ini"
        elif column.kind in ("whole", "decimal") and not (
                (column.minimum is None or value >= column.minimum) and (column.maximum is None or value <= column.maximum)):
            bounds = " ".join(f"{word} {bound:g}" for word, bound in (("paling kecil", column.minimum),
                              ("paling besar", column.maximum)) if bound is not None)
            note = f"{column.header.lower()} {value:g} di luar rentang ({bounds}); ditulis apa adanya, periksa di buku kerja"
        elif column.kind == "list" and isinstance(column.options, tuple) and column.options and \
                str(value).strip().lower() not in {o.lower() for o in column.options}:
            note = (f"{column.header.lower()} '{shown(value)}' bukan pilihan Reg SKM ({', '.join(column.options)}); "
                    "ditulis apa adanya, pilih yang sesuai di buku kerja")
        if note:
            problems.append(Problem(person.row, header, note))
    return out


def import_survey(survey: Survey, workbook: str | Path, out: str | Path) -> ImportResult:
    from iku_excel.checks import structure
    from iku_excel.engine.patch import Edit, patch_workbook
    from iku_excel.engine.reader import Unreadable, read_workbook
    from iku_excel.process import validate_file, write_recalculated
    from iku_excel.rekap.record import named_value

    workbook, out = Path(workbook), Path(out)
    if out.suffix.lower() != workbook.suffix.lower():
        raise SurveyError(f"berkas hasil harus berakhiran {workbook.suffix} seperti buku kerjanya ({out.name})")
    if same_file(workbook, out):
        raise SurveyError("berkas hasil tidak boleh sama dengan buku kerja asal; buku kerja asal tidak pernah diubah")
    try:
        book = read_workbook(workbook)
    except Unreadable as exc:
        raise SurveyError(f"{workbook}: {exc.message}") from None
    from iku_excel.config import current

    _found, model, _meta = structure.identify(book, current())
    reg = _skm_register(model)
    if reg is None:
        raise SurveyError(f"{workbook}: bukan templat iku-excel dengan lembar 'Reg SKM'")
    if len(survey.respondents) > reg.rows:
        raise SurveyError(f"survei berisi {len(survey.respondents)} responden, padahal register SKM buku kerja ini "
                          f"hanya {reg.rows} baris: perlu templat dengan register SKM sekurang-kurangnya "
                          f"{len(survey.respondents)} baris. Tidak ada responden yang dibuang.")
    answer_cols = [reg.col(f"U{j}") for j in range(1, 10)]
    replaced = sum(1 for i in range(reg.rows) if any(
        book.value(reg.sheet, FIRST_ROW + 1 + i, c + 1) not in (None, "") for c in answer_cols))
    edits = {}
    problems = list(survey.problems)
    for i in range(reg.rows):
        row = FIRST_ROW + 1 + i
        person = survey.respondents[i] if i < len(survey.respondents) else None
        values = {key: None for key in PROFILE_OF}
        values.update({f"U{j + 1}": None for j in range(9)})
        if person:
            values.update({f"U{j + 1}": float(a) if a else None for j, a in enumerate(person.answers)})
            values.update(_profile(person, reg, model.tahun, survey.columns, problems))
        for key, value in values.items():
            edits[a1(row, reg.col(key) + 1)] = Edit(value=value)
    with temp_dir("skm") as tmp:
        filled = Path(tmp) / f"terisi{workbook.suffix}"
        patch_workbook(workbook, filled, {reg.sheet: edits})
        write_recalculated(filled, out)
    report, values = validate_file(out, with_values=True)
    return ImportResult(out, len(survey.respondents), replaced, problems, named_value(model, values, "SKM_IKM"),
                        named_value(model, values, "SKM_Mutu"), report)


def _skm_register(model):
    """The workbook's survey register (the one with the SKM summary), if its template has one."""
    return None if model is None else next((r for r in model.spec.registers if r.summary == "skm"), None)
