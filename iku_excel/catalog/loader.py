"""Load and validate catalog files.

Built-in files live in iku_excel/data/: one file per instansi in instansi/, the registers in
register.yaml. A region adds its own kecamatan by writing one YAML file in a folder named by
--katalog or by the environment variable IKU_EXCEL_KATALOG (several folders separated by ":"
on Linux, ";" on Windows), and its own registers by a file there whose only key is
`register`. A user file with the id of a built-in instansi or register replaces it, so a
kabupaten can update targets without touching the package.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml
from pydantic import ValidationError

from iku_excel.catalog.register_schema import FILTER_COLUMNS, RegisterDecl, RegisterFile
from iku_excel.catalog.schema import ActivityCatalogue, Indicator, Instansi, Jabatan


class CatalogError(ValueError):
    """A catalog file that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class CatalogIndicator:
    """One indicator with the instansi and jabatan it belongs to."""

    instansi: Instansi
    jabatan: Jabatan | None
    spec: Indicator

    @property
    def full_id(self) -> str:
        middle = f"{self.jabatan.id}." if self.jabatan else ""
        return f"{self.instansi.id}.{middle}{self.spec.id}"

    @property
    def level(self) -> str:
        return "IKI" if self.jabatan else "IKU"


@dataclass(frozen=True)
class Catalog:
    instansi: dict[str, Instansi]
    activities: ActivityCatalogue
    sources: dict[str, str]  # instansi id -> file it came from
    registers: dict[str, RegisterDecl]  # the registers a template may carry, in sheet order
    register_sources: dict[str, str]  # register id -> file it came from

    @property
    def regional(self) -> list[str]:
        """The instansi a region's own files declare (folders, catalog workbooks), not the
        built-in seeds: the kecamatan a regency expects to send."""
        return sorted(key for key, label in self.sources.items() if not label.startswith("iku_excel/"))

    def get(self, instansi_id: str) -> Instansi:
        if instansi_id not in self.instansi:
            known = ", ".join(sorted(self.instansi))
            raise CatalogError(f"instansi '{instansi_id}' tidak ada di katalog; yang ada: {known}")
        return self.instansi[instansi_id]

    def indicators(self, instansi_id: str | None = None) -> list[CatalogIndicator]:
        chosen = [self.get(instansi_id)] if instansi_id else [self.instansi[k] for k in sorted(self.instansi)]
        result = []
        for inst in chosen:
            result.extend(CatalogIndicator(inst, None, ind) for ind in inst.indikator)
            for jab in inst.jabatan:
                result.extend(CatalogIndicator(inst, jab, ind) for ind in jab.indikator)
        return result


def _location(error: dict) -> str:
    return ".".join(str(p) for p in error["loc"]) or "(akar berkas)"


def describe(error: dict) -> str:
    """A pydantic error in Bahasa Indonesia: the schema's own messages are already, pydantic's
    generic ones ("Field required") are said here."""
    kind, ctx = error["type"], error.get("ctx", {})
    if kind in ("value_error", "assertion_error"):
        return str(ctx.get("error", error["msg"]))
    said = {
        "missing": "wajib diisi",
        "extra_forbidden": "kunci tidak dikenal",
        "literal_error": f"harus salah satu dari: {ctx.get('expected', '')}".replace(" or ", ", "),
        "string_pattern_mismatch": "bentuknya tidak sah" + (" (id: huruf kecil, angka dan garis bawah, diawali huruf)"
                                                             if "a-z" in str(ctx.get("pattern", "")) else ""),
        "string_too_long": f"paling panjang {ctx.get('max_length')} karakter",
        "too_short": "tidak boleh kosong",
        "greater_than_equal": f"paling kecil {ctx.get('ge')}",
        "greater_than": f"harus lebih dari {ctx.get('gt')}",
        "less_than_equal": f"paling besar {ctx.get('le')}",
        "int_parsing": "harus bilangan bulat", "int_type": "harus bilangan bulat", "int_from_float": "harus bilangan bulat",
        "float_parsing": "harus angka", "float_type": "harus angka",
        "string_type": "harus teks", "bool_parsing": "harus Ya atau kosong", "bool_type": "harus Ya atau kosong",
        "date_from_datetime_parsing": "harus tanggal", "date_parsing": "harus tanggal", "date_type": "harus tanggal",
        "dict_type": "harus pemetaan kunci: nilai", "list_type": "harus daftar", "tuple_type": "harus daftar",
        "model_type": "harus pemetaan kunci: nilai",
    }
    return said.get(kind, error["msg"])


def _parse(path: str, text: str, model):
    return _validate(path, _yaml(path, text), model)


def _yaml(path: str, text: str) -> dict:
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" baris {mark.line + 1}" if mark else ""
        raise CatalogError(f"{path}{where}: bukan YAML yang sah ({getattr(exc, 'problem', exc)})") from None
    if not isinstance(raw, dict):
        raise CatalogError(f"{path}: isi berkas harus berupa pemetaan kunci: nilai")
    return raw


def _validate(path: str, raw: dict, model):
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        lines = [f"  kunci '{_location(e)}': {describe(e)}" for e in exc.errors()[:10]]
        more = len(exc.errors()) - 10
        if more > 0:
            lines.append(f"  ... dan {more} kesalahan lain")
        raise CatalogError(f"{path}: berkas katalog tidak sah:\n" + "\n".join(lines)) from None


def load_instansi_file(path: str | Path) -> Instansi:
    path = Path(path)
    return _parse(str(path), _read(path), Instansi)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CatalogError(f"{path}: tidak dapat dibaca ({exc.strerror})") from None


def _user_dirs(extra: Iterable[str | Path]) -> list[Path]:
    dirs = [Path(d) for d in extra]
    env = os.environ.get("IKU_EXCEL_KATALOG")
    if env:
        dirs.extend(Path(d) for d in env.split(os.pathsep) if d)
    return dirs


def load_catalog(extra_dirs: Iterable[str | Path] = ()) -> Catalog:
    """The built-in catalog plus the files of `extra_dirs` and IKU_EXCEL_KATALOG."""
    dirs = tuple(str(d) for d in _user_dirs(extra_dirs))
    return _load(dirs)


def load_catalog_from(dirs: Iterable[str | Path]) -> Catalog:
    """The built-in catalog plus the files of exactly these folders (iku_excel.config)."""
    return _load(tuple(str(d) for d in dirs))


def _load(dirs: tuple[str, ...]) -> Catalog:
    # a folder named twice (by --katalog and by IKU_EXCEL_KATALOG) is read once
    once = {str(Path(d).resolve()): d for d in reversed(dirs)}
    return _load_once(tuple(d for d in dirs if once.get(str(Path(d).resolve())) is d))


@functools.cache
def _load_once(dirs: tuple[str, ...]) -> Catalog:
    data = resources.files("iku_excel.data")
    instansi: dict[str, Instansi] = {}
    registers: dict[str, RegisterDecl] = {}
    sources: dict[str, str] = {}
    register_sources: dict[str, str] = {}
    label = "iku_excel/data/register.yaml"
    for decl in _parse(label, data.joinpath("register.yaml").read_text(encoding="utf-8"), RegisterFile).declarations:
        _add(registers, register_sources, decl, label, builtin=True, what="register")
    builtin = sorted((f for f in data.joinpath("instansi").iterdir() if f.name.endswith(".yaml")), key=lambda f: f.name)
    for entry in builtin:
        label = f"iku_excel/data/instansi/{entry.name}"
        _add(instansi, sources, _parse(label, entry.read_text(encoding="utf-8"), Instansi), label, builtin=True)
    for folder in dirs:
        path = Path(folder)
        if path.is_file() and path.suffix.lower() in (".xlsx", ".xlsm"):  # a catalog workbook (catalog/book.py)
            from iku_excel.catalog.book_xlsx import read_catalog_book

            reading = read_catalog_book(path, registers)
            if reading.errors:
                raise CatalogError(book_errors(reading))
            for decl in reading.registers:
                _add(registers, register_sources, decl, str(path), builtin=False, what="register")
            for inst in reading.instansi:
                _add(instansi, sources, inst, str(path), builtin=False)
            continue
        if not path.is_dir():
            raise CatalogError(f"{path}: folder katalog atau buku kerja katalog (.xlsx) tidak ditemukan")
        for file in sorted(path.glob("*.yaml")) + sorted(path.glob("*.yml")):
            raw = _yaml(str(file), _read(file))
            if set(raw) == {"register"}:  # a region's registers
                for decl in _validate(str(file), raw, RegisterFile).declarations:
                    _add(registers, register_sources, decl, str(file), builtin=False, what="register")
            else:
                _add(instansi, sources, _validate(str(file), raw, Instansi), str(file), builtin=False)
    activities = _parse(
        "iku_excel/data/katalog_kegiatan.yaml",
        data.joinpath("katalog_kegiatan.yaml").read_text(encoding="utf-8"),
        ActivityCatalogue,
    )
    for inst in instansi.values():
        check_sources(inst, registers, sources[inst.id])
        check_region(inst, sources[inst.id])
    return Catalog(instansi, activities, sources, registers, register_sources)


def book_errors(reading, shown: int = 40) -> str:
    """A catalog workbook's errors, one line each at its sheet and cell."""
    errors = reading.errors
    cells: dict[tuple[str, str], list[str]] = {}  # one line per mistake, with every cell it is in
    for p in errors:
        cells.setdefault((p.sheet, p.message), []).append(p.cell)
    lines = [f"  {sheet}!{', '.join(c for c in found if c)}: {message}" if any(found) else f"  {sheet}: {message}"
             for (sheet, message), found in list(cells.items())[:shown]]
    if len(cells) > shown:
        lines.append(f"  ... dan {len(cells) - shown} kesalahan lain")
    return (f"{reading.file}: buku kerja katalog memuat {len(errors)} kesalahan; tidak ada templat yang dibuat:\n"
            + "\n".join(lines))


def _add(found: dict, sources: dict, entry, label: str, *, builtin: bool, what: str = "instansi") -> None:
    if entry.id in found and (builtin or not sources[entry.id].startswith("iku_excel/")):
        raise CatalogError(f"{label}: kunci 'id': {what} '{entry.id}' sudah ada di {sources[entry.id]}")
    found[entry.id] = entry
    sources[entry.id] = label


def check_region(inst: Instansi, label: str) -> None:
    """A kecamatan's Kemendagri code must be a kecamatan of that name, in that kabupaten."""
    if inst.kode_wilayah is None:
        return
    from iku_excel.catalog.regions import region, same_name

    found = region(inst.kode_wilayah)
    parent = region(inst.kode_wilayah.rsplit(".", 1)[0])
    if found is None or found.jenis not in ("kecamatan", "distrik"):
        problem = f"kode {inst.kode_wilayah} bukan kode kecamatan Kemendagri"
    elif not same_name(found.nama, inst.nama) or parent is None or not same_name(parent.nama, inst.kabupaten):
        problem = (f"kode {inst.kode_wilayah} adalah Kecamatan {found.nama}, {parent.nama if parent else '?'}, bukan "
                   f"{inst.nama}, {inst.kabupaten}")
    else:
        return
    raise CatalogError(f"{label}: berkas katalog tidak sah:\n  kunci 'kode_wilayah': {problem}")


def check_sources(inst: Instansi, registers: dict[str, RegisterDecl], label: str) -> None:
    """Every indicator's `dihitung_dari` against the register it names: the register exists,
    understands the filters given (with words its dropdowns offer), and computes the kind."""
    for loc, problem in source_problems(inst, registers)[:1]:
        where = ".".join(map(str, loc))
        raise CatalogError(f"{label}: berkas katalog tidak sah:\n  kunci '{where}.dihitung_dari': {problem}")


def source_problems(inst: Instansi, registers: dict[str, RegisterDecl]) -> list[tuple[tuple, str]]:
    """(location of the indicator, problem) for each `dihitung_dari` its register cannot serve."""
    places = [(("indikator", i), ind) for i, ind in enumerate(inst.indikator)]
    places += [(("jabatan", j, "indikator", i), ind) for j, jab in enumerate(inst.jabatan)
               for i, ind in enumerate(jab.indikator)]
    out = []
    for loc, ind in places:
        if ind.dihitung_dari is not None:
            problem = _source_problem(ind, registers)
            if problem:
                out.append((loc, problem))
    return out


def _source_problem(ind: Indicator, registers: dict[str, RegisterDecl]) -> str | None:
    source = ind.dihitung_dari
    decl = registers.get(source.nama)
    if decl is None:
        return f"register '{source.nama}' tidak dikenal; yang ada: {', '.join(registers)}"
    columns = {c.id: c for c in decl.kolom}
    for name, column in FILTER_COLUMNS.items():
        value = getattr(source, name)
        if not value:
            continue
        if name not in decl.saring:
            return (f"register '{source.nama}' tidak dapat disaring dengan '{name}'"
                    + (f"; yang dapat: {', '.join(decl.saring)}" if decl.saring else ""))
        options = columns[column].pilihan  # a dropdown's words, a defined name, or () for free text
        chosen = value if isinstance(value, tuple) else (value,)
        if isinstance(options, tuple) and options:
            wrong = [v for v in chosen if v not in options]
            if wrong:
                return f"{name} {wrong} tidak ada di pilihan register '{source.nama}': {', '.join(options)}"
    by_column = {count.kolom: kind for kind, count in decl.hitung.items() if count.kolom}
    if (source.kolom is not None) != bool(by_column):
        if by_column:
            return f"register '{source.nama}' memerlukan 'kolom': {', '.join(by_column)}"
        return f"'kolom' hanya untuk register yang dibaca per kolom; register '{source.nama}' tidak"
    if source.kolom is not None and source.kolom not in by_column:
        return f"kolom '{source.kolom}' tidak dikenal; pilih: {', '.join(by_column)}"
    kinds = {by_column[source.kolom]} if source.kolom else set(decl.hitung)
    if ind.jenis not in kinds:
        possible = [key for key, d in registers.items() if ind.jenis in d.hitung
                    and not any(c.kolom for c in d.hitung.values())]
        possible += [f"{key} kolom {c.kolom}" for key, d in registers.items() for kind, c in d.hitung.items()
                     if c.kolom and kind == ind.jenis]
        return (f"jenis '{ind.jenis}' tidak dapat dihitung dari register '{source.nama}'"
                + (f" kolom '{source.kolom}'" if source.kolom else "")
                + (f"; pilih: {', '.join(possible)}" if possible else "; isi tanpa 'dihitung_dari'"))
    return None
