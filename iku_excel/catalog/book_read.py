"""Reading a catalog workbook's rows back into the catalog's models, with every problem at its
sheet and cell: the inverse of book.export_rows. Which sheets and columns there are is book.py;
the file itself is book_xlsx.py."""

from __future__ import annotations

import copy
import datetime as dt
import re
from dataclasses import dataclass, field

from pydantic import ValidationError

from iku_excel.catalog.book import ALL, KEC, MAX_INPUTS, PARTS, RUMUS, TARGET_FIXED, Col, Problem, Sheet, cell_ref
from iku_excel.catalog.kinds import KINDS
from iku_excel.catalog.names import name_key
from iku_excel.catalog.register_schema import RegisterDecl
from iku_excel.catalog.schema import Instansi


@dataclass
class Reading:
    """What reading a workbook's rows gives: the models, and every problem at its cell."""

    file: str
    problems: list[Problem] = field(default_factory=list)
    instansi: list[Instansi] = field(default_factory=list)
    registers: list[RegisterDecl] = field(default_factory=list)

    def problem(self, sheet: str, cell: str, message: str, warning: bool = False) -> None:
        self.problems.append(Problem(sheet, cell, message, warning))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if not p.warning]


@dataclass
class Row:
    """One filled row of a sheet as read: its number (1-based), its cells by column key, and the
    column index of each key (for the cell of a problem)."""

    sheet: Sheet
    number: int
    cells: dict
    columns: dict  # key -> 0-based column

    def at(self, key: str) -> str:
        return cell_ref(self.number, self.columns.get(key, 0))


_NUMBER_TEXT = re.compile(r"^-?[\d.]+(,\d+)?$")


def convert(value, col: Col, row: Row, reading: Reading):
    """A cell's value as its column reads it, or None with a problem when it cannot be."""
    from iku_excel.calc.numbers import parse_number

    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    where = (row.sheet.nama, row.at(col.key))
    if col.jenis in ("teks", "daftar"):
        if isinstance(value, (dt.date, dt.datetime)):
            reading.problem(*where, f"{col.judul}: tertulis tanggal, semestinya teks")
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # a NIP or an id typed as a number
        text = str(value).strip()
        if col.jenis == "daftar":
            return tuple(w.strip() for w in text.split(";") if w.strip())
        if col.pilihan and isinstance(col.pilihan, tuple) and text not in col.pilihan:
            reading.problem(*where, f"{col.judul} '{text}' tidak dikenal; pilih: {', '.join(col.pilihan)}")
            return None
        return text
    if col.jenis == "ya":
        text = str(value).strip().casefold()
        if value is True or text in ("ya", "y", "true", "benar"):
            return True
        if value is False or text in ("tidak", "t", "false", "salah"):
            return False
        reading.problem(*where, f"{col.judul}: isi 'Ya' atau kosongkan (tertulis '{value}')")
        return None
    if col.jenis == "tanggal":
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = str(value).strip()
        for pattern in ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d", "%d.%m.%Y"):
            try:
                return dt.datetime.strptime(text, pattern).date()
            except ValueError:
                continue
        reading.problem(*where, f"{col.judul}: '{text}' bukan tanggal (tulis seperti 31-01-2026)")
        return None
    if col.jenis == "target":
        from iku_excel.calc.numbers import parse_target

        try:
            parse_target(value, col.judul)
        except ValueError as exc:
            reading.problem(*where, f"{exc}; isi angka, atau rentang seperti 80–90")
            return None
        return float(value) if isinstance(value, (int, float)) else _target_text(str(value).strip())
    try:  # bulat, angka
        number = parse_number(value, col.judul)
    except ValueError as exc:
        reading.problem(*where, str(exc))
        return None
    if col.jenis == "bulat":
        if number != int(number):
            reading.problem(*where, f"{col.judul}: isi bilangan bulat (tertulis {value})")
            return None
        return int(number)
    return int(number) if isinstance(value, int) else number


def _target_text(text: str):
    """A target typed as text: a plain number becomes the number; a range stays text."""
    from iku_excel.calc.numbers import parse_number

    if _NUMBER_TEXT.match(text):
        return float(parse_number(text, "target"))
    return text


def _nest(flat: dict) -> dict:
    """{"penandatangan.nip": x} -> {"penandatangan": {"nip": x}}; empty cells are left out, and
    so are groups with nothing filled (a flag left empty or "Tidak" is its default, False)."""
    out: dict = {}
    for key, value in flat.items():
        if value is None or value is False:
            continue
        target = out
        *parents, last = key.split(".")
        for part in parents:
            target = target.setdefault(part, {})
        target[last] = value
    return out


class Locations:
    """Where each part of a model's data was read: a pydantic error's location -> (sheet, cell,
    column title), so that a message can say "Kecamatan!M7: NIP wajib diisi"."""

    def __init__(self, root: tuple[str, str]):
        self.cells: dict[tuple, tuple[str, str, str]] = {(): (*root, "")}

    def put(self, loc: tuple, row: Row, keys: dict[str, str] | None = None) -> None:
        """The row's cells under `loc`: loc itself at the row's first cell, loc + field at each
        column (`keys` maps model field paths to column keys where they differ)."""
        base = tuple(map(str, loc))
        titles = {c.key: c.judul for c in row.sheet.kolom}
        self.cells[base] = (row.sheet.nama, row.at(next(iter(row.columns), "")), "")
        for field_path, key in [*((k, k) for k in row.columns if isinstance(k, str)), *(keys or {}).items()]:
            self.cells[base + tuple(field_path.split("."))] = (row.sheet.nama, row.at(key), titles.get(key, ""))

    def set(self, loc: tuple, sheet: str, cell: str, title: str = "") -> None:
        self.cells[tuple(map(str, loc))] = (sheet, cell, title)

    def find(self, loc: tuple) -> tuple[str, str, str]:
        loc = tuple(map(str, loc))
        while loc not in self.cells:
            loc = loc[:-1]
        return self.cells[loc]

    def say(self, reading: Reading, loc: tuple, message: str) -> None:
        sheet, cell, title = self.find(loc)
        reading.problem(sheet, cell, f"{title}: {message}" if title else message)


def read_rows(tables: dict[str, list[Row]], label: str, known_registers: dict[str, RegisterDecl]) -> Reading:
    """The catalog in a workbook's rows (see book_xlsx.read_tables), with every problem found."""
    reading = Reading(label)
    registers = _read_registers(tables, reading, known_registers)
    every = {**known_registers, **{d.id: d for d in registers}}
    reading.registers = registers
    _read_instansi(tables, reading, every)
    return reading


def _values(row: Row, reading: Reading, skip: tuple[str, ...] = ()) -> dict:
    out = {}
    for col in row.sheet.kolom:
        if col.key in skip or col.key not in row.cells:
            continue
        value = convert(row.cells[col.key], col, row, reading)
        if value is None and col.wajib:
            reading.problem(row.sheet.nama, row.at(col.key), f"{col.judul} wajib diisi")
        out[col.key] = value
    return out


def _kecamatan_refs(text, row: Row, key: str, reading: Reading, known: dict[str, str], many: bool) -> list[str]:
    """The kecamatan ids a cell names: ids or names (compared as name_key does), comma or
    semicolon separated when `many`, or "semua"."""
    if text is None:
        return []
    text = str(text)
    if many and name_key(text) == ALL:
        return sorted(set(known.values()), key=list(known.values()).index)
    parts = [p for p in re.split(r"[,;]", text) if p.strip()] if many else [text]
    out = []
    for part in parts:
        found = known.get(name_key(part))
        if found is None:
            reading.problem(row.sheet.nama, row.at(key), f"kecamatan '{part.strip()}' tidak ada di lembar Kecamatan"
                            + (f"; yang ada: {', '.join(dict.fromkeys(known.values()))}" if known else ""))
        else:
            out.append(found)
    return out


def _read_instansi(tables: dict[str, list[Row]], reading: Reading, registers: dict[str, RegisterDecl]) -> None:
    raw: dict[str, dict] = {}
    where: dict[str, Locations] = {}
    rows_of: dict[str, Row] = {}
    known: dict[str, str] = {}  # name_key of id and nama -> id
    for row in tables.get("Kecamatan", []):
        values = _values(row, reading)
        key = values.get("id")
        if key is None:
            continue
        if key in raw:
            reading.problem("Kecamatan", row.at("id"), f"ID kecamatan '{key}' dipakai dua kali (juga di baris "
                            f"{rows_of[key].number})")
            continue
        data = _nest(values)
        data.update({part: [] for part in PARTS}, indikator=[], jabatan=[])
        raw[key], rows_of[key] = data, row
        where[key] = Locations(("Kecamatan", row.at("id")))
        where[key].put((), row)
        known[name_key(key)] = key
        if values.get("nama"):
            known.setdefault(name_key(values["nama"]), key)
    jabatan: dict[tuple[str, str], dict] = {}
    jabatan_rows: dict[tuple[str, str], Row] = {}
    for row in tables.get("Jabatan", []):
        values = _values(row, reading, skip=(KEC,))
        for kec in _kecamatan_refs(row.cells.get(KEC), row, KEC, reading, known, many=False):
            key = values.get("id")
            if key is None:
                continue
            if (kec, key) in jabatan:
                reading.problem("Jabatan", row.at("id"), f"jabatan '{key}' dipakai dua kali di kecamatan '{kec}'")
                continue
            data = _nest(values)
            data.update(tugas=[], fungsi=[], indikator=[])
            raw[kec]["jabatan"].append(data)
            jabatan[(kec, key)], jabatan_rows[(kec, key)] = data, row
            where[kec].put(("jabatan", len(raw[kec]["jabatan"]) - 1), row)
            if not values.get("pemegang.nama"):
                reading.problem("Jabatan", row.at("pemegang.nama"),
                                f"jabatan '{values.get('nama') or key}' di kecamatan '{kec}' belum ada pemegangnya: "
                                "isi di sini, atau nanti di lembar Profil buku kerja", warning=True)

    def owner(row: Row, kec: str, values: dict) -> tuple[dict, tuple] | None:
        jab = values.get("jabatan")
        if not jab:
            return raw[kec], ()
        if (kec, jab) not in jabatan:
            reading.problem(row.sheet.nama, row.at("jabatan"), f"jabatan '{jab}' tidak ada di lembar Jabatan untuk "
                            f"kecamatan '{kec}'")
            return None
        index = raw[kec]["jabatan"].index(jabatan[(kec, jab)])
        return jabatan[(kec, jab)], ("jabatan", index)

    for row in tables.get("Uraian", []):
        values = _values(row, reading, skip=(KEC,))
        for kec in _kecamatan_refs(row.cells.get(KEC), row, KEC, reading, known, many=True):
            found = owner(row, kec, values)
            if found and values.get("bagian") and values.get("teks"):
                found[0][values["bagian"]].append(values["teks"])
                loc = found[1] + (values["bagian"], len(found[0][values["bagian"]]) - 1)
                where[kec].set(loc, "Uraian", row.at("teks"), "Uraian")
    indicator_rows: dict[tuple[str, str | None, str], tuple[Row, dict, tuple]] = {}
    broken: set[tuple[str | None, str]] = set()  # rows already reported: their targets are not reported again
    for row in tables.get("Indikator", []):
        values = _values(row, reading, skip=(KEC,))
        data = _indicator_data(values, row, reading)
        if data is None:
            broken.add((values.get("jabatan") or None, values.get("id")))
            continue
        for kec in _kecamatan_refs(row.cells.get(KEC), row, KEC, reading, known, many=True):
            found = owner(row, kec, values)
            if found is None:
                continue
            place, loc = found
            ident = (kec, values.get("jabatan") or None, data["id"])
            if ident in indicator_rows:
                reading.problem("Indikator", row.at("id"), f"ID indikator '{data['id']}' dipakai dua kali di kecamatan "
                                f"'{kec}'" + (f" jabatan '{ident[1]}'" if ident[1] else "")
                                + f" (juga di baris {indicator_rows[ident][0].number})")
                continue
            copy_ = copy.deepcopy(data)
            place["indikator"].append(copy_)
            loc = loc + ("indikator", len(place["indikator"]) - 1)
            indicator_rows[ident] = (row, copy_, loc)
            inputs = {f"masukan.{name}": f"masukan.{i}" for i, name in enumerate(KINDS[data["jenis"]].inputs, 1)}
            where[kec].put(loc, row, {"dihitung_dari": "dihitung_dari.nama", **inputs})
    for row in tables.get("Target", []):
        values = {c.key: convert(row.cells.get(c.key), c, row, reading) for c in TARGET_FIXED if c.key != KEC}
        for kec in _kecamatan_refs(row.cells.get(KEC), row, KEC, reading, known, many=True):
            ident = (kec, values.get("jabatan") or None, values.get("indikator"))
            if ident[1:] in broken:
                continue
            if ident not in indicator_rows:
                anywhere = any(i[1:] == ident[1:] for i in indicator_rows)
                reading.problem("Target", row.at("indikator"), f"indikator '{values.get('indikator')}'"
                                + (f" jabatan '{ident[1]}'" if ident[1] else "") + " tidak ada di lembar Indikator"
                                + (f" untuk kecamatan '{kec}'" if anywhere else ""))
                break
            _, data, loc = indicator_rows[ident]
            for key, col in ((k, c) for k, c in row.columns.items() if isinstance(k, int)):
                year_col = Col(key, f"Target {key}", 8, "target")
                value = convert(row.cells.get(key), year_col, row, reading)
                if value is not None:
                    data["target"][key] = value
                    where[kec].set(loc + ("target", key), "Target", row.at(key), f"Target {key}")
    for kec, data in raw.items():
        if not data["indikator"] and not any(j["indikator"] for j in data["jabatan"]):
            reading.problem("Kecamatan", rows_of[kec].at("id"), f"kecamatan '{kec}' belum punya indikator: tambahkan "
                            "baris di lembar Indikator (Kecamatan: ID ini atau 'semua')")
            continue
        _validate_instansi(data, where[kec], reading, registers)


def _indicator_data(values: dict, row: Row, reading: Reading) -> dict | None:
    data = _nest({k: v for k, v in values.items() if not k.startswith("masukan.") and k != "jabatan"})
    if "id" not in data or "jenis" not in data:
        return None
    kind = KINDS.get(data["jenis"])
    if kind is None:
        reading.problem("Indikator", row.at("jenis"), f"jenis '{data['jenis']}' tidak dikenal; yang dihitung "
                        f"iku-excel: {', '.join(KINDS)}")
        return None
    names = list(kind.inputs)
    masukan = {}
    for i in range(1, MAX_INPUTS + 1):
        label = values.get(f"masukan.{i}")
        if label is None:
            continue
        if i > len(names):
            reading.problem("Indikator", row.at(f"masukan.{i}"), f"jenis '{data['jenis']}' hanya punya {len(names)} "
                            f"masukan ({', '.join(names)}); kosongkan label masukan {i}")
            continue
        masukan[names[i - 1]] = label
    data["masukan"] = masukan
    data["target"] = {}
    source = data.get("dihitung_dari")
    if source is not None and "nama" not in source:
        reading.problem("Indikator", row.at("dihitung_dari.nama"), "saringan diisi tetapi Register kosong: isi "
                        "registernya, atau kosongkan saringan")
        return None
    return data


def _validate_instansi(data: dict, where: Locations, reading: Reading, registers: dict[str, RegisterDecl]) -> None:
    from iku_excel.catalog.loader import check_region, describe, source_problems

    try:
        inst = Instansi.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            where.say(reading, error["loc"], describe(error))
        return
    problems = source_problems(inst, registers)
    for loc, message in problems:
        where.say(reading, loc + ("dihitung_dari",), message)
    try:
        check_region(inst, reading.file)
    except ValueError as exc:
        where.say(reading, ("kode_wilayah",), str(exc).rsplit(": ", 1)[-1])
        return
    if not problems:
        reading.instansi.append(inst)


def _read_registers(tables: dict[str, list[Row]], reading: Reading, known: dict[str, RegisterDecl]) -> list[RegisterDecl]:
    from iku_excel.catalog.loader import describe

    out = []
    for row in tables.get("Register", []):
        values = _values(row, reading)
        if values.get("id") is None:
            continue
        data = _nest({k: v for k, v in values.items() if not k.startswith("isian.")})
        isian = _nest({k: v for k, v in values.items() if k.startswith("isian.")}).get("isian")
        data["isian"] = [isian] if isian else []
        where = Locations(("Register", row.at("id")))
        where.put((), row)
        if isian:
            where.put(("isian", 0), row, {f: f"isian.{f}" for f in ("id", "judul", "nama", "jenis")})
        data["kolom"], data["hitung"] = [], {}
        for col_row in tables.get("Kolom Register", []):
            if str(col_row.cells.get("register") or "").strip() != data["id"]:
                continue
            column = _nest(_values(col_row, reading, skip=("register", "rumus", "argumen", "pilihan")))
            pilihan = col_row.cells.get("pilihan")
            if pilihan not in (None, ""):
                text = str(pilihan).strip()
                column["pilihan"] = text if re.fullmatch(r"Daftar_\w+", text) else tuple(
                    w.strip() for w in text.split(";") if w.strip())
            rumus = _rumus(col_row, reading)
            if rumus is not None:
                column["rumus"] = rumus
            data["kolom"].append(column)
            where.put(("kolom", len(data["kolom"]) - 1), col_row)
        for count_row in tables.get("Hitung Register", []):
            if str(count_row.cells.get("register") or "").strip() != data["id"]:
                continue
            values = _values(count_row, reading, skip=("register", "bila"))
            kind = values.pop("jenis", None)
            if kind is None:
                continue
            count = _nest(values)
            bila = count_row.cells.get("bila")
            if bila:
                count["bila"] = {line.split(":", 1)[0].strip(): tuple(w.strip() for w in line.split(":", 1)[1].split(";")
                                                                      if w.strip())
                                 for line in str(bila).splitlines() if ":" in line}
            data["hitung"][kind] = count
            where.put(("hitung", kind), count_row)
        if not data["kolom"]:
            reading.problem("Register", row.at("id"), f"register '{data['id']}' belum punya kolom: isi lembar Kolom Register")
            continue
        if not data["hitung"]:
            reading.problem("Register", row.at("id"), f"register '{data['id']}' belum punya cara hitung: isi lembar "
                            "Hitung Register")
            continue
        unknown = [k for k in data["hitung"] if k not in KINDS]
        for kind in unknown:
            where.say(reading, ("hitung", kind, "jenis"), f"'{kind}' tidak dikenal; pilih: {', '.join(KINDS)}")
        if unknown:
            continue
        try:
            out.append(RegisterDecl.model_validate(data))
        except ValidationError as exc:
            for error in exc.errors():
                where.say(reading, error["loc"], describe(error))
    for sheet in ("Kolom Register", "Hitung Register"):
        ids = {str(r.cells.get("id")).strip() for r in tables.get("Register", [])}
        for row in tables.get(sheet, []):
            name = str(row.cells.get("register") or "").strip()
            if name and name not in ids:
                reading.problem(sheet, row.at("register"), f"register '{name}' tidak ada di lembar Register")
    return out


def _rumus(row: Row, reading: Reading) -> dict | None:
    name = row.cells.get("rumus")
    if name in (None, ""):
        return None
    name = str(name).strip()
    if name not in RUMUS:
        reading.problem(row.sheet.nama, row.at("rumus"), f"rumus '{name}' tidak dikenal; pilih: {', '.join(RUMUS)}")
        return None
    text = str(row.cells.get("argumen") or "").strip()
    annotation = RUMUS[name].model_fields[name].annotation
    return {name: _argument(text, annotation)}


def _argument(text: str, annotation):
    """The inverse of _argument_text, by the formula's declared argument type."""
    if annotation is str:
        return text
    if isinstance(annotation, type) and hasattr(annotation, "model_fields"):
        pairs = dict(p.split("=", 1) for p in text.split(";") if "=" in p)
        return {k.strip(): _argument(v.strip(), annotation.model_fields[k.strip()].annotation)
                for k, v in pairs.items() if k.strip() in annotation.model_fields}
    return tuple(p.strip() for p in text.split(",") if p.strip())
