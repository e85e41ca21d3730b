"""Validate submitted workbooks: one file, or a batch on every core.

validate_file() runs every check on one workbook and never raises: a file it
cannot read becomes a finding. run_batch() hands files to worker processes,
each limited in memory (RLIMIT_AS) and watched for time; a file that hangs or
eats memory is cut off, reported, and the batch goes on with a new worker.
Input files are only ever opened for reading.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import queue
import sys
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from iku_excel.checks.findings import Finding, cap, cause_first, file_status, finding

# what a batch may take from each checked file: (workbook, template model, recalculated values) -> data
Collector = Callable[[object, object, dict], object]

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xltx", ".xltm")
SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}


@dataclass
class FileReport:
    file: str  # the path as shown in reports: always valid text, whatever the file system gave
    status: str
    findings: list[Finding] = field(default_factory=list)
    instansi: str | None = None
    tahun: int | None = None
    seconds: float = 0.0
    totals: dict[str, int] = field(default_factory=dict)  # findings per severity, before capping
    triwulan: int | None = None  # the period it reports (Profil)
    tanggal: str | None = None  # its signing date (Profil), ISO; decides which of two copies is newer
    mtime: float = 0.0
    recap: object = None  # what the batch's collector took from the file (the rekap's record), when asked for

    def as_dict(self) -> dict:
        return {"file": self.file, "status": self.status, "instansi": self.instansi, "tahun": self.tahun,
                "triwulan": self.triwulan, "jumlah": self.totals or self._counts(),
                "findings": [f.as_dict() for f in self.findings]}

    def _counts(self) -> dict[str, int]:
        return {s: sum(1 for f in self.findings if f.severity == s) for s in SEVERITY_RANK}

    def count(self, severity: str) -> int:
        return (self.totals or self._counts()).get(severity, 0)


def shown_path(path: str | Path) -> str:
    """A path as text a report can hold: names that are not valid UTF-8 (zips made on
    Windows) keep their readable parts, with U+FFFD for the rest."""
    return os.fsencode(path).decode("utf-8", "replace")


def failure(path: str | Path, exc: BaseException) -> FileReport:
    """The checker failed on this file: the tool's fault, reported as such, never the submitter's."""
    where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    place = f", di {Path(where.filename).name}:{where.lineno}" if where else ""
    return FileReport(shown_path(path), "failed", [finding("GAGAL_DIPERIKSA", error=f"{type(exc).__name__}: {exc}",
                                                           place=place)])


def validate_file(path: str | Path, with_values: bool = False, limits=None, collector: Collector | None = None):
    """Every check on one workbook. With `with_values`, also returns the recalculated
    formula values ({(sheet, row, col): value}) for `hitung`. `limits`: reader.Limits.
    With `collector`, the report carries what it takes from the checked file (the recap's record).
    A file it cannot read is a finding; a fault of the checker itself is GAGAL_DIPERIKSA."""
    report, values, _book = check_file(path, limits, collector)
    return (report, values) if with_values else report


def check_file(path: str | Path, limits=None, collector: Collector | None = None):
    """validate_file's work: (report, recalculated values or None, the workbook as read or None)."""
    start = time.perf_counter()
    try:
        report, values, book = _validate(Path(path), limits, collector)
    except MemoryError:
        raise  # the batch reports it as MEMORI_HABIS: the file's size, not a fault of the tool
    except Exception as exc:  # the tool's fault: reported, and the batch goes on
        report, values, book = failure(path, exc), None, None
    report.seconds = time.perf_counter() - start
    return report, values, book


def _validate(path: Path, limits, collector: Collector | None = None) -> tuple[FileReport, dict | None, object]:
    from iku_excel.checks import formulas, structure
    from iku_excel.checks.submission import Submission
    from iku_excel.checks.submission import run as run_checks
    from iku_excel.config import current
    from iku_excel.engine import profil
    from iku_excel.engine.model import expected_values
    from iku_excel.engine.reader import Unreadable, read_workbook

    report = FileReport(shown_path(path), "ok")
    try:
        report.mtime = path.stat().st_mtime
    except OSError:
        pass
    values = book = None
    found: list[Finding] = []
    try:
        book = read_workbook(path) if limits is None else read_workbook(path, limits)
    except Unreadable as exc:
        found.append(finding(exc.code, message=exc.message))
    else:
        identity, model, meta = structure.identify(book, current())
        found.extend(identity)
        found.extend(structure.security(book, model))
        if model is None:
            found.extend(formulas.error_values(book))
            report.instansi, report.tahun = meta.get("instansi"), meta.get("tahun")
        else:
            report.instansi, report.tahun = model.instansi, model.tahun
            sub = Submission(book, model, expected_values(model, book))
            found.extend(run_checks(sub))
            values = sub.values
            report.triwulan = profil.reported_triwulan(book)
            day = profil.signing_date(profil.profil_value(book, "Profil_TempatTanggal"))
            report.tanggal = day.isoformat() if day else None
            if collector is not None:
                # iku-excel's own recalculation from the inputs, never a value typed over a formula:
                # not even a recap that takes files with errors (--termasuk-galat) shows a forged capaian
                report.recap = collector(book, model, sub.expected)
    report.totals = {s: sum(1 for f in found if f.severity == s) for s in SEVERITY_RANK}
    # what needs action first; a stable sort keeps each severity's own order (sheet by sheet)
    report.findings = cause_first(cap(found))  # by severity, causes before the results they explain
    report.status = file_status(report.findings)
    return report, values, book


class CheckerFailed(Exception):
    """iku-excel itself could not check a file: the tool's fault, not the file's."""


def write_recalculated(src: str | Path, dst: str | Path) -> tuple[int, FileReport]:
    """A copy of `src` whose formula cells carry freshly recalculated cached values;
    only cells whose value changes are rewritten, every other byte is kept. Never touches `src`."""
    from iku_excel.checks.formulas import same
    from iku_excel.engine.model import CIRCULAR
    from iku_excel.engine.patch import Edit, patch_workbook
    from iku_excel.excel import a1
    from iku_excel.files import same_file

    src, dst = Path(src), Path(dst)
    if same_file(src, dst):
        raise ValueError("berkas hasil tidak boleh sama dengan berkas asal")
    report, values, book = check_file(src)  # the workbook is read once, for the check and the copy
    if report.status == "failed":
        raise CheckerFailed(report.findings[0].message)
    if values is None:
        reason = "; ".join(f.message for f in report.findings if f.severity == "error") or "bukan templat standar"
        raise ValueError(f"tidak dapat dihitung ulang: {reason}")
    edits: dict[str, dict[str, Edit]] = {}
    for (sheet, row, col), value in values.items():
        cell = book.cell(sheet, row, col)
        if cell is None or cell.formula is None:
            continue  # a formula the user overwrote stays overwritten: that is their content
        if value == CIRCULAR:
            continue  # no value exists; Excel itself keeps what it had and warns on opening
        if cell.kind == "e" or not same(cell.value, value):
            edits.setdefault(sheet, {})[a1(row, col)] = Edit(value=value)
    patch_workbook(src, dst, edits)
    return sum(len(c) for c in edits.values()), report


def collect(paths: Iterable[str | Path]) -> tuple[list[Path], list[str], list[str]]:
    """Workbook files named directly or found in folders (recursively); the paths that do not
    exist; and those skipped (a link whose target is gone). Report folders iku-excel wrote
    itself are not submissions, so a report folder may live inside the input folder."""
    from iku_excel.files import is_set_folder

    files, missing, skipped = [], [], []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            for folder, dirs, names in os.walk(p):
                here = Path(folder)
                dirs[:] = sorted(d for d in dirs if not is_set_folder(here / d))
                for name in sorted(names):
                    f = here / name
                    if f.suffix.lower() not in WORKBOOK_SUFFIXES or name.startswith(("~$", ".~lock")):
                        continue
                    if f.is_file():
                        files.append(f)
                    elif f.is_symlink():
                        skipped.append(f"{shown_path(f)} (tautan ke berkas yang tidak ada)")
        elif p.is_file():
            files.append(p)
        elif p.is_symlink():
            skipped.append(f"{shown_path(p)} (tautan ke berkas yang tidak ada)")
        else:
            missing.append(shown_path(p))
    seen, unique = set(), []
    for f in files:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique, missing, skipped


def flag_duplicates(reports: list[FileReport]) -> None:
    """Several submissions for one instansi, year and triwulan: the newest counts (Profil's
    signing date, then the file's modification time); the others get KIRIMAN_GANDA."""
    groups: dict[tuple, list[FileReport]] = {}
    for r in reports:
        if r.instansi and r.tahun and r.status not in ("unreadable", "failed"):
            groups.setdefault((r.instansi, r.tahun, r.triwulan), []).append(r)
    for (_instansi, tahun, triwulan), group in groups.items():
        if len(group) < 2:
            continue
        newest = max(group, key=lambda r: (r.tanggal or "", r.mtime, r.file))
        period = f"{tahun}" + (f" triwulan {triwulan}" if triwulan else "")
        for r in group:
            if r is not newest:
                r.findings.append(finding("KIRIMAN_GANDA", period=period, newer=Path(newest.file).name))
                r.totals["warning"] = r.totals.get("warning", 0) + 1
                r.findings = cause_first(r.findings)
                r.status = file_status(r.findings)


def is_duplicate(report: FileReport) -> bool:
    return any(f.code == "KIRIMAN_GANDA" for f in report.findings)


def needs_resend(reports: list[FileReport]) -> list[FileReport]:
    """The files the regency must ask again: those with an error or that cannot be read, unless a
    newer file of the same instansi and period, without an error, has already replaced them."""
    replaced_well = {(r.instansi, r.tahun, r.triwulan) for r in reports
                     if r.status in ("ok", "warning") and not is_duplicate(r)}
    return [r for r in reports if r.status in ("error", "unreadable")
            and not (is_duplicate(r) and (r.instansi, r.tahun, r.triwulan) in replaced_well)]


# ---- batch -------------------------------------------------------------------------------------


def _address_space() -> int:
    """This process's virtual memory in bytes (Linux), 0 where unknown."""
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


class TimeLimit(BaseException):
    """A file read in this process took longer than its limit. A BaseException, as KeyboardInterrupt
    is: the handlers that turn a fault into a finding ("bukan XML yang sah") must not catch it."""


@contextlib.contextmanager
def limited(memory_mb: int | None = None, seconds: float | None = None):
    """The batch's limits (BatchOptions) for work done in this process: hitung, skm impor and skm
    laporan read one file, and a few-KB file must not take gigabytes or hours there either. The
    address space may grow by `memory_mb` (a MemoryError beyond it) and the work may take
    `seconds` (TimeLimit beyond it); both are restored after, so that what runs next (LibreOffice
    making a PDF) is not bound by them. Only in the main thread of a POSIX process: elsewhere the
    work runs unbounded, as before."""
    import threading

    defaults = BatchOptions()
    memory_mb = defaults.memory_mb if memory_mb is None else memory_mb
    seconds = defaults.timeout if seconds is None else seconds
    try:
        import resource
        import signal
    except ImportError:
        yield
        return
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = _address_space() + memory_mb * 1024 * 1024
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    if soft != resource.RLIM_INFINITY:
        limit = min(limit, soft)

    def alarm(_signum, _frame):
        raise TimeLimit(seconds)

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _warm() -> None:
    """Import the checker and load the catalog once, before the workers are forked: each
    worker then starts with them instead of paying for them again (and a restarted worker too)."""
    from iku_excel.checks import formulas, inputs, structure  # noqa: F401
    from iku_excel.config import current
    from iku_excel.engine import profil  # noqa: F401

    try:
        current().catalog
    except Exception:  # a broken catalog is reported per file, by the worker that meets it
        pass


def _die_with_parent() -> None:
    """A worker ends when the batch's process ends, even by kill -9 (Linux: PR_SET_PDEATHSIG),
    and leaves Ctrl-C to its parent, which stops it: no orphaned workers, no tracebacks."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() == 1:  # the parent died before prctl took effect
        os._exit(0)


def _worker(tasks, results, memory_mb: int, collector: Collector | None = None, config=None) -> None:
    _die_with_parent()
    if config is not None:  # the batch's configuration, also in a spawned worker
        from iku_excel.config import use

        use(config)
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
            report = validate_file(path, collector=collector)
        except MemoryError:
            report = FileReport(shown_path(path), "unreadable", [finding("MEMORI_HABIS", variant="limit",
                                                                         limit_mb=memory_mb)])
        except Exception as exc:  # a bug must not stop the batch, nor be blamed on the submitter
            report = failure(path, exc)
        results.put((index, report))


@dataclass
class BatchOptions:
    workers: int = 0  # 0: one per core
    timeout: float = 60.0  # seconds per file
    memory_mb: int = 1024  # address space one file may add to its worker
    # also take something from each checked file in the same read (rekap.record.collect: its recap
    # figures); a module-level function, so a spawned worker receives it by name
    collector: Collector | None = None
    # how workers start: fork (fast, the default where it exists) from a single-threaded command;
    # "forkserver" from a threaded server (layan), where a fork could copy a lock another thread holds
    start_method: str | None = None


def run_batch(files: list[Path], options: BatchOptions | None = None,
              progress: Callable[[FileReport], None] | None = None) -> list[FileReport]:
    """Validate `files` in worker processes; reports in the order of `files`."""
    options = options or BatchOptions()
    if not files:
        return []
    n_workers = max(1, min(options.workers or os.cpu_count() or 1, len(files)))
    from iku_excel.config import current

    config = current()
    ctx = mp.get_context(options.start_method or ("fork" if "fork" in mp.get_all_start_methods() else "spawn"))
    if ctx.get_start_method() == "fork":
        _warm()
    results = ctx.Queue()
    reports: dict[int, FileReport] = {}
    pending = list(enumerate(files))
    pending.reverse()
    workers: dict[int, dict] = {}  # slot -> {"proc", "tasks", "job", "since"}

    def start(slot: int) -> None:
        tasks = ctx.Queue()
        proc = ctx.Process(target=_worker, args=(tasks, results, options.memory_mb, options.collector, config), daemon=True)
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

    try:
        for slot in range(n_workers):
            start(slot)
            feed(slot)
        _supervise(files, options, workers, reports, results, start, feed, finish)
    finally:  # also on Ctrl-C: no worker outlives the batch
        for w in workers.values():
            if w["proc"].is_alive() and w["job"] is not None:
                w["proc"].kill()
        for w in workers.values():
            if w["proc"].is_alive():
                w["tasks"].put(None)
        for w in workers.values():
            w["proc"].join(2)
            if w["proc"].is_alive():
                w["proc"].kill()
                w["proc"].join(1)
    return [reports[i] for i in range(len(files))]


def _supervise(files, options, workers, reports, results, start, feed, finish) -> None:
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
                    # a MemoryError is caught in the worker; a process that dies is the tool's failure
                    code = w["proc"].exitcode
                    finish(index, failure(path, RuntimeError(f"proses pemeriksa berhenti tak terduga (kode {code})")))
                else:
                    finish(index, FileReport(shown_path(path), "unreadable", [finding("WAKTU_HABIS",
                                                                                      seconds=options.timeout)]))
                start(slot)
                feed(slot)
