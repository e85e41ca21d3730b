"""An upload checked as `validasi` checks a file: the same checker, in a worker process, with the
same limits (reader.Limits, time and memory), through process.run_batch."""

from __future__ import annotations

import functools
import hashlib
import multiprocessing as mp
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from iku_excel import __version__
from iku_excel.checks.findings import finding
from iku_excel.process import BatchOptions, run_batch

TIMEOUT, MEMORY_MB = 60.0, 1024  # validasi's defaults
# Checks at once: one per core. More uploads than that wait their turn here rather than sharing
# two cores among fifty processes; the server's threads stay free to receive and answer.
_SLOTS = threading.BoundedSemaphore(max(1, os.cpu_count() or 1))
START_METHOD = "forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn"


@dataclass
class Checked:
    status: str
    findings: list[dict]
    instansi: str | None
    tahun: int | None
    triwulan: int | None


def check(path: Path, expected_instansi: str | None = None) -> Checked:
    """Check one stored workbook. A workbook of another kecamatan than the operator's is an error
    at its identity, said in the office's words."""
    with _SLOTS:
        (report,) = run_batch([path], BatchOptions(workers=1, timeout=TIMEOUT, memory_mb=MEMORY_MB,
                                                   start_method=START_METHOD))
    found = list(report.findings)
    if expected_instansi and report.instansi and report.instansi != expected_instansi:
        found.insert(0, finding("IDENTITAS_TIDAK_COCOK", "_meta", variant="uploader", instansi=report.instansi,
                                own=expected_instansi))
    from iku_excel.checks.findings import file_status

    status = file_status(found) if found != report.findings else report.status
    return Checked(status, [f.as_dict() for f in found], report.instansi, report.tahun, report.triwulan)


@functools.cache  # a server's catalog and iku-excel do not change while it runs: worked out once
def checker_version() -> str:
    """What a stored result was checked with: iku-excel's version and the catalog (by its
    digest), so that revalidation after either changes can say what changed."""
    from iku_excel.config import current

    catalog = current().catalog
    text = "".join(catalog.instansi[k].model_dump_json(exclude_defaults=True) for k in sorted(catalog.instansi))
    return f"iku-excel {__version__}; katalog {hashlib.sha256(text.encode()).hexdigest()[:12]}"


def prepare() -> None:
    """Start the fork server with the checker and the catalog loaded (the server calls this once,
    single-threaded, at start): every check then forks from it and pays for neither."""
    if START_METHOD == "forkserver":
        mp.set_forkserver_preload(["iku_excel.process", "iku_excel.checks.formulas", "iku_excel.checks.inputs",
                                   "iku_excel.checks.structure", "iku_excel.web.warm"])
