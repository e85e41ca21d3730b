"""Band sets: IKM mutu, IDM status, predikat capaian.

The tables are data (iku_excel/data/bands.yaml, plus any file named in the
environment variable IKU_EXCEL_BANDS, or iku_excel.config), loaded once per set of files. Classification
rounds the value first and compares with half-open edges, so 88,31 is A and
88,30 is B (DOMAIN.md §3: "boundary written with > so that 88,31 becomes B" is
a known mistake).
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from iku_excel.calc.errors import InvalidInput
from iku_excel.calc.numbers import format_number, round_half_up


@dataclass(frozen=True)
class Band:
    kode: str
    label: str
    min: float | None = None  # value >= min
    above: float | None = None  # value > above

    def admits(self, value: float) -> bool:
        if self.min is not None:
            return value >= self.min
        if self.above is not None:
            return value > self.above
        return True


@dataclass(frozen=True)
class BandSet:
    name: str
    judul: str
    sumber: str
    bands: tuple[Band, ...]
    round: int = 2
    min_value: float | None = None
    max_value: float | None = None

    def classify(self, value: float) -> Band:
        """The band of `value`, after rounding to this set's decimals."""
        value = round_half_up(value, self.round)
        if self.min_value is not None and value < self.min_value or self.max_value is not None and value > self.max_value:
            raise InvalidInput(
                f"nilai {format_number(value, self.round)} di luar rentang "
                f"{format_number(self.min_value or 0)}–{format_number(self.max_value or 0)} untuk {self.judul}"
            )
        for band in self.bands:
            if band.admits(value):
                return band
        raise InvalidInput(f"nilai {format_number(value, self.round)} tidak masuk pita mana pun di {self.judul}")


    @property
    def labels(self) -> tuple[str, ...]:
        """The bands' labels, best first."""
        return tuple(b.label for b in self.bands)

    def shades(self, palette: tuple[str, ...], use_kode: bool = False) -> dict[str, str]:
        """Each band's label (or kode) with a colour of `palette` (best to worst), spread over the
        bands by rank: a four-band set on a five-colour palette skips the middle colour."""
        last, n = len(palette) - 1, len(self.bands)
        return {(b.kode if use_kode else b.label): palette[min(last, round(i * last / (n - 1)) if n > 1 else 0)]
                for i, b in enumerate(self.bands)}

    def describe(self, use_kode: bool = False) -> str:
        """The edges in words, for the Petunjuk: "≥ 91 Sangat Baik; ...; di bawahnya Sangat Kurang"."""
        parts = []
        for band in self.bands:
            name = band.kode if use_kode else band.label
            if band.min is not None:
                parts.append(f"{name} ≥ {format_number(band.min, self.round)}")
            elif band.above is not None:
                parts.append(f"{name} > {format_number(band.above, self.round)}")
            else:
                parts.append(f"{name} di bawahnya")
        return "; ".join(parts)


class BandFileError(ValueError):
    """A band file that does not say what a band set needs; names the file and key."""


def _validate(path: str, raw: object) -> dict[str, BandSet]:
    # Band files are a handful of lines, so pydantic is used for their shape
    # (same as the catalog) and the ordering rule is checked by hand below.
    from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

    class BandModel(BaseModel):
        model_config = ConfigDict(extra="forbid")
        kode: str
        label: str
        min: float | None = None
        above: float | None = None

        @model_validator(mode="after")
        def one_edge(self):
            if self.min is not None and self.above is not None:
                raise ValueError("isi salah satu: min atau above, tidak keduanya")
            return self

    class BandSetModel(BaseModel):
        model_config = ConfigDict(extra="forbid")
        judul: str
        sumber: str
        round: int = 2
        min_value: float | None = None
        max_value: float | None = None
        bands: list[BandModel]

        @model_validator(mode="after")
        def descending(self):
            edges = [b.min if b.min is not None else b.above for b in self.bands]
            if any(e is None for e in edges[:-1]):
                raise ValueError("hanya pita terakhir yang boleh tanpa batas bawah")
            known = [e for e in edges if e is not None]
            if known != sorted(known, reverse=True):
                raise ValueError("pita harus urut dari batas tertinggi ke terendah")
            if edges[-1] is not None:
                raise ValueError("pita terakhir harus tanpa batas bawah (menampung semua nilai di bawahnya)")
            return self

    if not isinstance(raw, dict):
        raise BandFileError(f"{path}: isi berkas harus berupa pemetaan nama_set: ...")
    result = {}
    for name, body in raw.items():
        try:
            model = BandSetModel.model_validate(body)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in (name, *first["loc"]))
            raise BandFileError(f"{path}: kunci '{where}': {first['msg']}") from None
        result[str(name)] = BandSet(
            name=str(name),
            judul=model.judul,
            sumber=model.sumber,
            round=model.round,
            min_value=model.min_value,
            max_value=model.max_value,
            bands=tuple(Band(b.kode, b.label, b.min, b.above) for b in model.bands),
        )
    return result


def load_band_file(path: str | Path, text: str | None = None) -> dict[str, BandSet]:
    import yaml

    if text is None:
        text = Path(path).read_text(encoding="utf-8")
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise BandFileError(f"{path}: bukan YAML yang sah: {exc}") from None
    return _validate(str(path), raw)


_configured: tuple[str, ...] | None = None  # iku_excel.config's band files; None: the environment's


def use_files(paths: tuple[str, ...] | None) -> None:
    """The band files of the current configuration (iku_excel.config.use)."""
    global _configured
    _configured = None if paths is None else tuple(paths)


def band_sets() -> dict[str, BandSet]:
    """The built-in band sets, then those of the configured files, or of IKU_EXCEL_BANDS when
    nothing is configured (Excel's xlwings add-in has only the environment); a later one overrides."""
    files = _configured if _configured is not None else tuple(
        p for p in os.environ.get("IKU_EXCEL_BANDS", "").split(os.pathsep) if p)
    return _band_sets(files)


@functools.cache
def _band_sets(files: tuple[str, ...]) -> dict[str, BandSet]:
    builtin = resources.files("iku_excel.data").joinpath("bands.yaml")
    sets = load_band_file("iku_excel/data/bands.yaml", builtin.read_text(encoding="utf-8"))
    for path in files:
        sets.update(load_band_file(path))
    return sets


def band_set(name: str) -> BandSet:
    sets = band_sets()
    if name not in sets:
        raise InvalidInput(f"set pita '{name}' tidak dikenal; yang tersedia: {', '.join(sorted(sets))}")
    return sets[name]
