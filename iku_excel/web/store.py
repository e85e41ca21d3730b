"""The submitted bytes, kept as they came: one file per content, named by its SHA-256, written
whole (a temporary file, flushed to disk, renamed) before any record points at it. A server
killed mid-upload leaves at most a temporary file, which the next start removes."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

CHUNK = 1024 * 1024


def root(data: Path) -> Path:
    path = data / "berkas"
    path.mkdir(parents=True, exist_ok=True)
    return path


def path_of(data: Path, sha256: str) -> Path:
    return root(data) / sha256[:2] / f"{sha256}.bin"


def put(data: Path, chunks) -> tuple[str, int, Path]:
    """Store the bytes of `chunks`; (sha256, size, path). Storing the same bytes twice keeps one file."""
    digest = hashlib.sha256()
    size = 0
    fd, tmp = tempfile.mkstemp(prefix=".unggah-", suffix=".tmp", dir=root(data))
    try:
        with os.fdopen(fd, "wb") as fh:
            for chunk in chunks:
                digest.update(chunk)
                size += len(chunk)
                fh.write(chunk)
            fh.flush()
            os.fsync(fh.fileno())
        sha = digest.hexdigest()
        final = path_of(data, sha)
        final.parent.mkdir(exist_ok=True)
        if final.exists():
            os.unlink(tmp)
        else:
            os.chmod(tmp, 0o444)  # never changed once stored
            os.replace(tmp, final)
        return sha, size, final
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def remove_stale(data: Path) -> int:
    """Temporary files a killed upload left behind (no record ever points at them)."""
    stale = list(root(data).glob(".unggah-*.tmp"))
    for path in stale:
        path.unlink(missing_ok=True)
    return len(stale)
