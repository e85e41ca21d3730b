"""`iku-excel rekap` as one function: check every file and consolidate, in one reading.

The command line, the demo and the benchmark all call this, so they measure and
show the same job.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from iku_excel.files import publish_set
from iku_excel.process import BatchOptions, FileReport, flag_duplicates, run_batch
from iku_excel.rekap.expected import default_expected
from iku_excel.reports import new_run, report_writers


def rekap_files(files: list[Path], folder: str | Path, options: BatchOptions | None = None,
                expected: list[tuple[str, str]] | None = None, include_errors: bool = False,
                skipped: list[str] | tuple[str, ...] = (),
                progress: Callable[[FileReport], None] | None = None,
                stage: Callable[[str], None] | None = None) -> tuple[list[FileReport], object, dict]:
    """Validate `files`, build the recap, and publish the validation reports and rekap.csv,
    rekap.xlsx and rekap.html into `folder` as one set. `expected`: (id, nama) of the
    kecamatan that must send; by default expected.default_expected. `progress` is told of each
    checked file, `stage` of each step after the batch (at 300 kecamatan they take seconds)."""
    say = stage or (lambda _text: None)
    from iku_excel.config import current

    def first_result(report: FileReport) -> None:
        # pandas is needed only once the reports are in: imported while the workers read, by
        # this otherwise waiting process, so that its cost is not added after the batch
        if "pandas" not in sys.modules:
            import pandas  # noqa: F401
        if progress:
            progress(report)

    from iku_excel.rekap import record

    reports = run_batch(files, replace(options or BatchOptions(), collector=record.collect), first_result)
    from iku_excel.rekap import table, write

    say("Menyusun rekap")
    flag_duplicates(reports)
    if expected is None:
        expected = default_expected(current().catalog)
    rekap = table.build(reports, expected, include_errors)
    run = new_run(skipped)
    writers = report_writers(reports, run, folder)
    writers.update({
        "rekap.csv": lambda tmp: write.write_csv(rekap, tmp),
        "rekap.xlsx": lambda tmp: write.write_xlsx(rekap, tmp, run.shown),
        "rekap.html": lambda tmp: write.write_html(rekap, tmp, run.shown, run.id),
    })
    say(f"Menulis {len(writers)} berkas rekap dan laporan")
    written = publish_set(folder, writers)
    say("Selesai")
    return reports, rekap, written
