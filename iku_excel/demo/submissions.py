"""The demo's batch of submissions: the filled samples, a few with deliberate defects, one unreadable."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from iku_excel.demo import defects

DEMO_DEFECTS = ("RUMUS_DITIMPA", "ANGKA_SEBAGAI_TEKS", "FUNGSI_TIDAK_AKTIF", "JAWABAN_SKM_TIDAK_SAH", "BARIS_GANDA")


def make_submissions(samples: dict[str, Path], folder: Path) -> list[Path]:
    """Copy each sample as a clean submission, add one copy per demo defect (sent an hour before
    the clean one, as a first try that was then corrected) and a truncated file."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    files = []
    for instansi, path in sorted(samples.items()):
        files.append(Path(shutil.copy2(path, folder / f"kiriman_{instansi}.xlsx")))
    for code in DEMO_DEFECTS:
        instansi, make = defects.DEFECTS[code]
        if instansi in samples:
            broken = make(samples[instansi], folder / f"kiriman_{instansi}_cacat_{code.lower()}.xlsx")
            # sent first, then corrected: the clean copy is the newer one, which the rekap uses
            earlier = broken.stat().st_mtime - 3600
            os.utime(broken, (earlier, earlier))
            files.append(broken)
    first = samples[sorted(samples)[0]]
    files.append(defects.truncated(first, folder / "kiriman_terpotong.xlsx"))
    return files
