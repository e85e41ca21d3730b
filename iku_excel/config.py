"""What a run is configured with, in one object: the catalog folders, the band files and the
reading limits.

The command line builds a Config from its options and the environment (IKU_EXCEL_KATALOG,
IKU_EXCEL_BANDS), makes it current with `use`, and hands it to the worker processes; the
checks ask `current()` for the catalog instead of reading the environment or loading the
catalog themselves. Without a `use`, `current()` is the environment's configuration, which
is how a library user or Excel's xlwings add-in configures iku-excel.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from iku_excel.engine.reader import Limits


def _paths(variable: str) -> tuple[str, ...]:
    return tuple(p for p in os.environ.get(variable, "").split(os.pathsep) if p)


@dataclass(frozen=True)
class Config:
    katalog: tuple[str, ...] = ()  # a region's catalog folders, after the built-in files
    bands: tuple[str, ...] = ()  # a region's band files, after the built-in bands.yaml
    limits: Limits = field(default_factory=Limits)  # what one submitted file may be

    @classmethod
    def from_environment(cls, katalog: tuple[str, ...] = (), limits: Limits | None = None) -> Config:
        """The folders given, then those of IKU_EXCEL_KATALOG; the band files of IKU_EXCEL_BANDS."""
        return cls(tuple(str(k) for k in katalog) + _paths("IKU_EXCEL_KATALOG"), _paths("IKU_EXCEL_BANDS"),
                   limits or Limits())

    @property
    def catalog(self):
        """The catalog of this configuration (loaded once per set of folders)."""
        from iku_excel.catalog.loader import load_catalog_from

        return load_catalog_from(self.katalog)


_active: Config | None = None


def current() -> Config:
    return _active if _active is not None else Config.from_environment()


def use(config: Config | None) -> Config | None:
    """Make `config` current (None: back to the environment's); returns the one it replaces.
    A worker process calls it with the configuration its batch was started with."""
    global _active
    from iku_excel.calc import bands

    previous, _active = _active, config
    bands.use_files(None if config is None else config.bands)
    return previous
