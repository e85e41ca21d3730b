"""Validate submitted workbooks: one file, or a batch on every core.

validate_file() runs every check on one workbook and never raises: a file it
cannot read becomes a finding. run_batch() hands files to worker processes,
each limited in memory (RLIMIT_AS) and watched for time; a file that hangs or
eats memory is cut off, reported, and the batch goes on with a new worker.
Input files are only ever opened for reading.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import queue
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from iku_excel.checks.findings import Finding, file_status, finding

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xltx", ".xltm")
SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}


@dataclass
class FileReport:
    file: str
    status: str
    findings: list[Finding] = field(default_factory=list)
    instansi: str | None = None
    tahun: int | None = None
    seconds: float = 0.0

    def as_dict(self) -> dict:
        return {"file": self.file, "status": self.status, "instansi": self.instansi, "tahun": self.tahun,
                "findings": [f.as_dict() for f in self.findings]}

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)


def validate_file(path: str | Path, with_values: bool = False, limits=None):
    """Every check on one workbook. With `with_values`, also returns the recalculated
    formula values ({(sheet, row, col): value}) for `hitung`. `limits`: reader.Limits."""
    from iku_excel.checks import formulas, inputs, structure
    from iku_excel.engine.model import expected_values, extract
    from iku_excel.engine.reader import Unreadable, read_workbook

    start = time.perf_counter()
    path = Path(path)
    report = FileReport(str(path), "ok")
    values = None
    try:
        book = read_workbook(path) if limits is None else read_workbook(path, limits)
    except Unreadable as exc:
        report.findings.append(finding(exc.code, exc.message))
    else:
        found, model, meta = structure.identify(book)
        report.findings.extend(found)
        report.findings.extend(structure.security(book))
        if model is None:
            report.findings.extend(formulas.error_values(book))
        else:
            report.instansi, report.tahun = model.instansi, model.tahun
            skeleton = structure.skeleton(book, model)
            report.findings.extend(skeleton)
            report.findings.extend(structure.year(book, model))
            data, profil, targets = extract(book, model)
            expected = expected_values(model, data, profil, targets)
            intact = not any(f.code == "LEMBAR_HILANG" for f in skeleton)
            found, values = formulas.check(book, model, expected, compare_values=intact)
            report.findings.extend(found)
            report.findings.extend(inputs.check(book, model))
    # what needs action first; a stable sort keeps each severity's own order (sheet by sheet)
    report.findings.sort(key=lambda f: SEVERITY_RANK[f.severity])
    report.status = file_status(report.findings)
    report.seconds = time.perf_counter() - start
    return (report, values) if with_values else report


def write_recalculated(src: str | Path, dst: str | Path) -> tuple[int, FileReport]:
    """A copy of `src` whose formula cells carry freshly recalculated cached values;
    only cells whose value changes are rewritten, every other byte is kept. Never touches `src`."""
    from openpyxl.utils.cell import get_column_letter

    from iku_excel.checks.formulas import same
    from iku_excel.engine.patch import Edit, patch_workbook
    from iku_excel.engine.reader import read_workbook

    src, dst = Path(src), Path(dst)
    if dst.resolve() == src.resolve():
        raise ValueError("berkas hasil tidak boleh sama dengan berkas asal")
    report, values = validate_file(src, with_values=True)
    if values is None:
        reason = "; ".join(f.message for f in report.findings if f.severity == "error") or "bukan templat standar"
        raise ValueError(f"tidak dapat dihitung ulang: {reason}")
    book = read_workbook(src)
    edits: dict[str, dict[str, Edit]] = {}
    for (sheet, row, col), value in values.items():
        cell = book.cell(sheet, row, col)
        if cell is None or cell.formula is None:
            continue  # a formula the user overwrote stays overwritten: that is their content
        if cell.kind == "e" or not same(cell.value, value):
            edits.setdefault(sheet, {})[f"{get_column_letter(col)}{row}"] = Edit(value=value)
    patch_workbook(src, dst, edits)
    return sum(len(c) for c in edits.values()), report


def collect(paths: Iterable[str | Path]) -> tuple[list[Path], list[str]]:
    """Workbook files named directly or found in folders (recursively); and the paths that do not exist."""
    files, missing = [], []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            files.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in WORKBOOK_SUFFIXES
                                and not f.name.startswith(("~$", ".~lock"))))
        elif p.is_file():
            files.append(p)
        else:
            missing.append(str(p))
    seen, unique = set(), []
    for f in files:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique, missing


# ---- batch -------------------------------------------------------------------------------------


def _address_space() -> int:
    """This process's virtual memory in bytes (Linux), 0 where unknown."""
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _worker(tasks, results, memory_mb: int) -> None:
    if memory_mb:
        try:
            import resource

            # The limit is what one file may add to the worker as it stands: a forked
            # worker already maps the parent's libraries, which are not the file's doing.
            limit = _address_space() + memory_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        except (ImportError, ValueError, OSError):
            pass  # not on this system: the time limit still applies
    while True:
        item = tasks.get()
        if item is None:
            return
        index, path = item
        try:
            report = validate_file(path)
        except MemoryError:
            report = FileReport(str(path), "unreadable", [finding(
                "MEMORI_HABIS", f"pemeriksaan memerlukan lebih dari {memory_mb} MB memori; berkas dilewati")])
        except Exception as exc:  # a bug must not stop the batch; the message says what happened
            where = traceback.extract_tb(exc.__traceback__)[-1]
            report = FileReport(str(path), "unreadable", [finding(
                "BERKAS_RUSAK", f"berkas tidak dapat diperiksa ({type(exc).__name__}: {exc}, di "
                f"{Path(where.filename).name}:{where.lineno}); laporkan ke pengelola iku-excel")])
        results.put((index, report))


@dataclass
class BatchOptions:
    workers: int = 0  # 0: one per core
    timeout: float = 60.0  # seconds per file
    memory_mb: int = 1024  # address space one file may add to its worker


def run_batch(files: list[Path], options: BatchOptions | None = None,
              progress: Callable[[FileReport], None] | None = None) -> list[FileReport]:
    """Validate `files` in worker processes; reports in the order of `files`."""
    options = options or BatchOptions()
    if not files:
        return []
    n_workers = max(1, min(options.workers or os.cpu_count() or 1, len(files)))
    ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
    results = ctx.Queue()
    reports: dict[int, FileReport] = {}
    pending = list(enumerate(files))
    pending.reverse()
    workers: dict[int, dict] = {}  # slot -> {"proc", "tasks", "job", "since"}

    def start(slot: int) -> None:
        tasks = ctx.Queue()
        proc = ctx.Process(target=_worker, args=(tasks, results, options.memory_mb), daemon=True)
        proc.start()
        workers[slot] = {"proc": proc, "tasks": tasks, "job": None, "since": 0.0}

    def feed(slot: int) -> None:
        w = workers[slot]
        if pending:
            w["job"] = pending.pop()
            w["since"] = time.monotonic()
            w["tasks"].put(w["job"])
        else:
            w["job"] = None

    def finish(index: int, report: FileReport) -> None:
        reports[index] = report
        if progress:
            progress(report)

    for slot in range(n_workers):
        start(slot)
        feed(slot)
    while len(reports) < len(files):
        try:
            index, report = results.get(timeout=0.2)
            finish(index, report)
            for slot, w in workers.items():
                if w["job"] and w["job"][0] == index:
                    feed(slot)
                    break
        except queue.Empty:
            pass
        now = time.monotonic()
        for slot, w in list(workers.items()):
            job = w["job"]
            if job is None or job[0] in reports:
                continue
            dead = not w["proc"].is_alive()
            if dead or now - w["since"] > options.timeout:
                w["proc"].kill()
                w["proc"].join(5)
                index, path = job
                if dead:
                    f = finding("MEMORI_HABIS", f"pemeriksaan berkas terhenti (proses pemeriksa mati, kemungkinan "
                                f"kehabisan memori di atas {options.memory_mb} MB); berkas dilewati")
                else:
                    f = finding("WAKTU_HABIS", f"pemeriksaan melebihi {options.timeout:.0f} detik dan dihentikan; "
                                "berkas dilewati, batch dilanjutkan")
                finish(index, FileReport(str(path), "unreadable", [f]))
                start(slot)
                feed(slot)
    for w in workers.values():
        if w["proc"].is_alive():
            w["tasks"].put(None)
    for w in workers.values():
        w["proc"].join(2)
        if w["proc"].is_alive():
            w["proc"].kill()
    return [reports[i] for i in range(len(files))]
