"""Measure the validator against its floor and against the naive way, in one run.

(a) validate_file per file (this project);
(b) openpyxl.load_workbook of the same file: the floor, reading alone;
(c) formulas.ExcelModel().loads().finish().calculate(): recalculating naively.
Machines are noisy, so only ratios of medians taken in the same run are
reported. Targets: (a) <= 3 x (b), and (c) >= 20 x (a).
"""

from __future__ import annotations

import gc
import os
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from iku_excel.catalog import load_catalog
from iku_excel.demo.defects import DEFECTS
from iku_excel.demo.sample import build_sample

INSTANSI = ("candipuro", "larangan", "ngantang", "randuagung", "senduro")


def generate(n: int, folder: Path, tahun: int = 2025, every_defect: int = 25) -> list[Path]:
    """N filled submissions of the five seed kecamatan, each a different sample year; every
    `every_defect`-th file carries one defect."""
    catalog = load_catalog()
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for i in range(n):
        instansi = INSTANSI[i % len(INSTANSI)]
        path = build_sample(catalog, instansi, tahun, folder / f"kiriman_{i:04d}_{instansi}.xlsx", variant=i + 1)
        if every_defect and i % every_defect == every_defect - 1:
            fitting = [make for code, (source, make) in DEFECTS.items() if source == instansi]
            broken = fitting[(i // every_defect) % len(fitting)](path, folder / f"cacat_{path.name}")
            path.unlink()
            path = broken.rename(path)
        files.append(path)
    return files


def _median_ms(fn: Callable[[Path], object], files: list[Path]) -> tuple[float, list[float]]:
    times = []
    for f in files:
        gc.collect()
        start = time.perf_counter()
        fn(f)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), times


def _batch_memory(folder: Path, workers: int, recap: bool = False) -> tuple[float, float, float]:
    """(main MB, largest worker MB, seconds) of a batch run in a new Python process; with
    `recap`, the whole `rekap` job (validation, consolidation, every output file)."""
    import json
    import subprocess
    import sys

    code = (
        "import json, resource, sys, tempfile, time\n"
        "from iku_excel.process import BatchOptions, collect, run_batch\n"
        "from iku_excel.demo.benchmark import rekap_job\n"
        "files, _, _ = collect([sys.argv[1]])\n"
        "start = time.perf_counter()\n"
        "if sys.argv[3] == '1':\n"
        "    reports = rekap_job(files, int(sys.argv[2]), tempfile.mkdtemp())\n"
        "else:\n"
        "    reports = run_batch(files, BatchOptions(workers=int(sys.argv[2])))\n"
        "print(json.dumps([resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,\n"
        "                  resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,\n"
        "                  time.perf_counter() - start, len(reports)]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(folder), str(workers), "1" if recap else "0"],
                         capture_output=True, text=True, check=True).stdout
    own, child, wall, _n = json.loads(out.strip().splitlines()[-1])
    return own, child, wall


def _calamine() -> Callable[[Path], object] | None:
    """Reading every cell value of a file with python-calamine: the floor a validator is measured against."""
    try:
        from python_calamine import CalamineWorkbook
    except ImportError:
        return None

    def read(path: Path) -> None:
        book = CalamineWorkbook.from_path(str(path))
        for name in book.sheet_names:
            book.get_sheet_by_name(name).to_python()

    return read


def _engine_import_s() -> float:
    """Seconds a fresh process needs to import the generic formulas engine with our functions."""
    import subprocess
    import sys

    code = ("import time; t = time.perf_counter(); from iku_excel.engine import generic; "
            "print(time.perf_counter() - t)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return float(out.strip().splitlines()[-1])


def _job_seconds(files: list[Path], workers: int, job: str) -> float:
    """Seconds `validasi_job` or `rekap_job` takes on `files` in a fresh Python process."""
    import json
    import subprocess
    import sys

    listing = Path(tempfile.mkdtemp()) / "berkas.json"
    listing.write_text(json.dumps([str(f) for f in files]), encoding="utf-8")
    code = ("import json, sys, tempfile, time\n"
            "from pathlib import Path\n"
            "from iku_excel.demo import benchmark\n"
            "files = [Path(p) for p in json.load(open(sys.argv[1]))]\n"
            "job = getattr(benchmark, sys.argv[3] + '_job')\n"
            "start = time.perf_counter()\n"
            "job(files, int(sys.argv[2]), tempfile.mkdtemp())\n"
            "print(time.perf_counter() - start)\n")
    out = subprocess.run([sys.executable, "-c", code, str(listing), str(workers), job], capture_output=True,
                         text=True, check=True).stdout
    shutil.rmtree(listing.parent, ignore_errors=True)
    return float(out.strip().splitlines()[-1])


def validasi_job(files: list[Path], workers: int, out: str) -> list:
    """What `iku-excel validasi` does: check every file, write the three reports."""
    from iku_excel.process import BatchOptions, flag_duplicates, run_batch
    from iku_excel.reports import write_reports

    reports = run_batch(files, BatchOptions(workers=workers))
    flag_duplicates(reports)
    write_reports(reports, Path(out) / "laporan")
    return reports


def rekap_job(files: list[Path], workers: int, out: str) -> list:
    """What `iku-excel rekap` does: the same reading, plus the recap and its three files."""
    from iku_excel.process import BatchOptions
    from iku_excel.rekap.job import rekap_files

    return rekap_files(files, Path(out) / "rekap", BatchOptions(workers=workers))[0]


def run(n: int = 200, naive_files: int = 10, memory_files: int = 0, workers: int = 0,
        echo: Callable[[str], None] = print) -> dict:
    import formulas
    import openpyxl

    from iku_excel.engine.functions import register
    from iku_excel.process import BatchOptions, run_batch, validate_file

    folder = Path(tempfile.mkdtemp(prefix="iku-benchmark-"))
    try:
        echo(f"Membuat {n} kiriman contoh di {folder} ...")
        files = generate(n, folder)
        for f in files[: len(INSTANSI)]:  # warm up: imports and one template model per kecamatan
            validate_file(f)
            openpyxl.load_workbook(f)
        a, a_all = _median_ms(validate_file, files)
        b, b_all = _median_ms(openpyxl.load_workbook, files)
        floor = _calamine()
        if floor:
            f, _ = _median_ms(floor, files)
        register()
        sample = files[:: max(1, len(files) // naive_files)][:naive_files]
        c, _ = _median_ms(lambda f: formulas.ExcelModel().loads(str(f)).finish().calculate(), sample)
        a_sample = statistics.median(a_all[files.index(f)] for f in sample)
        result = {"n": n, "a_ms": a, "b_ms": b, "c_ms": c, "a_sample_ms": a_sample,
                  "a_over_b": a / b, "c_over_a": c / a_sample}
        echo("")
        echo(f"(a) validasi per berkas         median {a:8.1f} ms  ({n} berkas)")
        echo(f"(b) openpyxl load_workbook       median {b:8.1f} ms  ({n} berkas)")
        echo(f"(c) formulas, hitung naif        median {c:8.1f} ms  ({len(sample)} berkas; (a) pada berkas yang sama: "
             f"{a_sample:.1f} ms)")
        echo(f"(a) / (b) = {result['a_over_b']:.2f}   target <= 3    {'tercapai' if result['a_over_b'] <= 3 else 'BELUM'}")
        if floor:
            result["a_over_calamine"] = a / f
            echo(f"(f) python-calamine, semua nilai sel  median {f:8.1f} ms  (lantai membaca)")
            echo(f"(a) / (f) = {a / f:.1f}   target <= 5 (isu kecepatan)   {'tercapai' if a / f <= 5 else 'BELUM'}")
        else:
            echo("(python-calamine tidak terpasang: pip install 'iku-excel[benchmark]' untuk lantai membaca)")
        echo(f"(c) / (a) = {result['c_over_a']:.1f}   target >= 20   {'tercapai' if result['c_over_a'] >= 20 else 'BELUM'}")
        # hitung against validasi on the same files; a file whose formulas were changed, which
        # needs the generic engine (its import is a one-off, measured in a fresh process)
        from iku_excel.process import write_recalculated

        some = files[:: max(1, len(files) // 20)][:20]
        out_dir = Path(tempfile.mkdtemp(dir=folder))
        h, _ = _median_ms(lambda f: write_recalculated(f, out_dir / f.name), some)
        v, _ = _median_ms(validate_file, some)
        result["hitung_over_validasi"] = h / v
        echo(f"hitung / validasi per berkas = {h:.1f} ms / {v:.1f} ms = {h / v:.2f}   target <= 1,5   "
             f"{'tercapai' if h / v <= 1.5 else 'BELUM'}")
        changed = DEFECTS["RUMUS_DIUBAH"][1](files[INSTANSI.index(DEFECTS["RUMUS_DIUBAH"][0])], folder / "rumus_diubah.xlsx")
        validate_file(changed)  # the engine loaded once in this process
        d, _ = _median_ms(validate_file, [changed] * 5)
        normal, _ = _median_ms(validate_file, [files[INSTANSI.index(DEFECTS["RUMUS_DIUBAH"][0])]] * 5)
        result["changed_over_normal"] = d / normal
        echo(f"berkas dengan rumus diubah / berkas biasa = {d:.1f} ms / {normal:.1f} ms = {d / normal:.1f}   "
             f"target <= 3   {'tercapai' if d / normal <= 3 else 'BELUM'}   (mesin formulas sudah termuat; "
             f"pemuatannya sekali per proses: {_engine_import_s():.1f} s)")
        start = time.perf_counter()
        reports = run_batch(files, BatchOptions(workers=workers))
        wall = time.perf_counter() - start
        result["batch_s"] = wall
        statuses = {s: sum(r.status == s for r in reports) for s in ("ok", "warning", "error", "unreadable")}
        echo(f"Batch {n} berkas dengan {workers or os.cpu_count()} proses: {wall:.1f} s "
             f"({n / wall:.1f} berkas/detik); status {statuses}")
        if floor:
            k = workers or os.cpu_count() or 1
            result["calamine_files_s"] = k * 1000 / f
            echo(f"  pembanding: python-calamine membaca ± {k * 1000 / f:.0f} berkas/detik dengan {k} proses "
                 f"(dari median per berkas); 7.300 berkas validasi ≈ {7300 / (n / wall):.0f} s tanpa laporan")
        # rekap against validasi, alternated, on the same files, each in a fresh process as the
        # commands run (this one holds the models of the measurements above, which slow its memory
        # management): the cost of consolidating
        timings: dict[str, list[float]] = {"validasi": [], "rekap": []}
        for _ in range(3):
            for name in timings:
                timings[name].append(_job_seconds(files, workers, name))
        v, r = min(timings["validasi"]), min(timings["rekap"])
        result["rekap_over_validasi"] = r / v
        echo(f"rekap / validasi (baca, periksa, tulis laporan; {n} berkas) = {r:.1f} s / {v:.1f} s = {r / v:.2f}   "
             f"target <= 1,2   {'tercapai' if r / v <= 1.2 else 'BELUM'}")
        if memory_files:
            big = folder / "memori"
            big.mkdir()
            for i in range(memory_files):
                shutil.copy2(files[i % len(files)], big / f"m{i:05d}.xlsx")
            # A fresh process, as `iku-excel validasi` runs: this one holds the workbooks and
            # formulas models of the measurements above.
            own, child, wall = _batch_memory(big, workers)
            k = workers or os.cpu_count() or 1
            peak = own + k * child
            result["peak_mb"] = peak
            echo(f"Memori puncak batch {memory_files} berkas ({wall:.0f} s): proses utama {own:.0f} MB + {k} pemeriksa × "
                 f"{child:.0f} MB = {peak:.0f} MB   target < 500 MB   {'tercapai' if peak < 500 else 'BELUM'}")
            own, child, wall = _batch_memory(big, workers, recap=True)
            peak = own + k * child
            result["rekap_peak_mb"] = peak
            echo(f"Memori puncak rekap {memory_files} berkas ({wall:.0f} s): proses utama {own:.0f} MB + {k} pemeriksa × "
                 f"{child:.0f} MB = {peak:.0f} MB   target < 1.000 MB   {'tercapai' if peak < 1000 else 'BELUM'}")
        return result
    finally:
        shutil.rmtree(folder, ignore_errors=True)
