"""Load and validate catalog files.

Built-in files live in iku_excel/data/instansi/. A region adds its own
kecamatan by writing one YAML file in a folder named by --katalog or by the
environment variable IKU_EXCEL_KATALOG (several folders separated by ":" on
Linux, ";" on Windows). A user file with the id of a built-in one replaces it,
so a kabupaten can update targets without touching the package.
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


def _parse(path: str, text: str, model):
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" baris {mark.line + 1}" if mark else ""
        raise CatalogError(f"{path}{where}: bukan YAML yang sah ({getattr(exc, 'problem', exc)})") from None
    if not isinstance(raw, dict):
        raise CatalogError(f"{path}: isi berkas harus berupa pemetaan kunci: nilai")
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        lines = [f"  kunci '{_location(e)}': {e['msg']}" for e in exc.errors()[:10]]
        more = len(exc.errors()) - 10
        if more > 0:
            lines.append(f"  ... dan {more} kesalahan lain")
        raise CatalogError(f"{path}: berkas katalog tidak sah:\n" + "\n".join(lines)) from None


def load_instansi_file(path: str | Path) -> Instansi:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CatalogError(f"{path}: tidak dapat dibaca ({exc.strerror})") from None
    return _parse(str(path), text, Instansi)


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


@functools.cache
def _load(dirs: tuple[str, ...]) -> Catalog:
    data = resources.files("iku_excel.data")
    instansi: dict[str, Instansi] = {}
    sources: dict[str, str] = {}
    builtin = sorted((f for f in data.joinpath("instansi").iterdir() if f.name.endswith(".yaml")), key=lambda f: f.name)
    for entry in builtin:
        label = f"iku_excel/data/instansi/{entry.name}"
        inst = _parse(label, entry.read_text(encoding="utf-8"), Instansi)
        _add(instansi, sources, inst, label, builtin=True)
    for folder in dirs:
        path = Path(folder)
        if not path.is_dir():
            raise CatalogError(f"{path}: folder katalog tidak ditemukan")
        for file in sorted(path.glob("*.yaml")) + sorted(path.glob("*.yml")):
            _add(instansi, sources, load_instansi_file(file), str(file), builtin=False)
    activities = _parse(
        "iku_excel/data/katalog_kegiatan.yaml",
        data.joinpath("katalog_kegiatan.yaml").read_text(encoding="utf-8"),
        ActivityCatalogue,
    )
    return Catalog(instansi, activities, sources)


def _add(instansi: dict, sources: dict, inst: Instansi, label: str, *, builtin: bool) -> None:
    if inst.id in instansi and (builtin or not sources[inst.id].startswith("iku_excel/")):
        raise CatalogError(f"{label}: kunci 'id': instansi '{inst.id}' sudah ada di {sources[inst.id]}")
    instansi[inst.id] = inst
    sources[inst.id] = label
