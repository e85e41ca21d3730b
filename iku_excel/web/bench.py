"""`iku-excel benchmark --layan N`: how long an office waits for its findings, and how the
server holds N offices uploading at once. Times are against the same file checked in this
process by `validate_file` in the same run (the baseline), since machines are noisy."""

from __future__ import annotations

import statistics
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from iku_excel.files import temp_dir

PASSWORD = "sandi-tolok-ukur-panjang-9"


def run(n: int, echo=print) -> dict:
    from iku_excel.catalog import load_catalog
    from iku_excel.demo.sample import build_sample
    from iku_excel.process import validate_file
    from iku_excel.web.client import RunningServer, Session

    with temp_dir("layan") as tmp:
        sample = build_sample(load_catalog(), "candipuro", 2025, Path(tmp) / "candipuro_tw4.xlsx")
        baseline = []
        for _ in range(5):
            t = time.perf_counter()
            validate_file(sample)
            baseline.append(time.perf_counter() - t)
        server = RunningServer(Path(tmp) / "data")
        server.account("op_candipuro", PASSWORD, "candipuro")
        with server:
            single = []
            session = Session(server.base)
            session.login("op_candipuro", PASSWORD)
            for _ in range(5):
                t = time.perf_counter()
                session.upload("candipuro", sample)
                single.append(time.perf_counter() - t)

            def one(_i: int) -> float:
                s = Session(server.base)
                s.login("op_candipuro", PASSWORD)
                t = time.perf_counter()
                url, _html = s.upload("candipuro", sample)
                assert "/kiriman/" in url
                return time.perf_counter() - t

            t = time.perf_counter()
            with ThreadPoolExecutor(n) as pool:
                times = sorted(pool.map(one, range(n)))
            wall = time.perf_counter() - t
    base = statistics.median(baseline)
    figures = {"validasi_s": base, "unggah_s": statistics.median(single), "p50_s": times[len(times) // 2],
               "p95_s": times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)], "n": n, "wall_s": wall}
    echo("Layanan (iku-excel layan, SQLite): satu kiriman Candipuro, median dari 5")
    echo(f"  validasi dalam proses (dasar)     {base * 1000:8.0f} ms")
    echo(f"  unggah sampai temuan tampil       {figures['unggah_s'] * 1000:8.0f} ms   ({figures['unggah_s'] / base:.1f}× dasar)")
    echo(f"  {n} unggahan serentak: p50 {figures['p50_s']:.1f} s, p95 {figures['p95_s']:.1f} s "
         f"({figures['p95_s'] / base:.0f}× dasar), semua selesai dalam {wall:.1f} s")
    return figures
