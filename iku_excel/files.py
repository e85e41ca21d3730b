"""Writing output files: always atomically, never over a user's input.

Every file iku-excel writes (templates, recalculated copies, reports, VBA
modules) goes through atomic_write: a temporary file in the same folder, made
durable, given the permissions the umask allows (mkstemp makes 0600), then
renamed over the target in one step. An interrupted run leaves the old file or
the new one, never half a file, and no temporary file behind.
"""

from __future__ import annotations

import contextlib
import glob
import os
import secrets
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path


def same_file(a: str | Path, b: str | Path) -> bool:
    """Whether writing `b` would replace `a`: the same path once resolved ("sub/../", symlinks), or
    the same file under another name (a hard link). The one test every command makes before it writes."""
    a, b = Path(a), Path(b)
    if a.resolve() == b.resolve():
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist (yet): not the same file
        return False


def atomic_write(path: str | Path, write: Callable[[str], None]) -> Path:
    """Call write(temporary_path), then rename it to `path` in one step. The temporary file is
    named with this process's id, so that the next write removes one a killed run left."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    _remove_dead(path.parent.glob(f".{glob.escape(path.name)}.*.tmp"), f".{path.name}.")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}-", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write(tmp)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


def write_bytes_atomic(path: str | Path, data: bytes) -> Path:
    return atomic_write(path, lambda tmp: Path(tmp).write_bytes(data))


# ---- a set of files replaced as a whole ------------------------------------------------------

MARKER = "TENTANG_FOLDER_INI.txt"  # in every folder written as a set: says whose it is
MARKER_TEXT = ("Folder ini ditulis ulang utuh oleh iku-excel setiap kali perintahnya dijalankan: berkas lain yang "
               "disimpan di sini akan hilang. Simpan salinan di tempat lain bila perlu.\n")
STAGING = ".{name}.iku-baru-"  # a set being written, beside the folder it will replace


class FolderNotOurs(Exception):
    """The output folder holds files iku-excel did not write: it is never replaced."""


def is_set_folder(folder: Path) -> bool:
    """A folder iku-excel writes as a set (a report folder), or one being written."""
    return (folder / MARKER).is_file() or (folder.name.startswith(".") and ".iku-baru-" in folder.name)


def publish_set(folder: str | Path, writers: dict[str, Callable[[str], None]]) -> dict[str, Path]:
    """Write a set of files (name -> write(path)) and make it `folder`'s content in one step.

    The set is written into a hidden folder beside `folder`, then the two are exchanged
    atomically (Linux renameat2 RENAME_EXCHANGE), so a reader — or a kill at any moment —
    sees the complete old set or the complete new one, never a mix. A set left behind by a
    killed run is removed by the next one. Files honour the umask."""
    folder = Path(folder).absolute()
    parent = folder.parent
    parent.mkdir(parents=True, exist_ok=True)
    _remove_stale(parent, folder.name)
    if folder.exists():
        _check_ours(folder, set(writers))
    staging = parent / f"{STAGING.format(name=folder.name)}{os.getpid()}-{secrets.token_hex(4)}"
    os.mkdir(staging)
    try:
        _write_all(writers, staging)
        (staging / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        _fsync(staging)
        if not folder.exists():
            os.rename(staging, folder)
        elif not _exchange(staging, folder):
            # no atomic exchange on this system: two renames, with a moment between them
            old = staging.with_name(staging.name + "-lama")
            os.rename(folder, old)
            os.rename(staging, folder)
            shutil.rmtree(old, ignore_errors=True)
        _fsync(parent)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)  # the new set on failure, the old one on success
    return {name: folder / name for name in writers}


def _write_all(writers: dict[str, Callable[[str], None]], staging: Path) -> None:
    """Every file of the set, on two cores where the system forks: the spreadsheets here, the
    other files in a child process (which dies with its parent). A failure on either side
    fails the whole set."""
    items = list(writers.items())
    if len(items) < 2 or not hasattr(os, "fork") or (os.cpu_count() or 1) < 2:
        for name, write in items:
            write(str(staging / name))
            _fsync(staging / name)
        return
    # The spreadsheets are what takes memory while it is written (XlsxWriter holds every cell
    # until the file closes): they are written one after the other, here, and the rest meanwhile
    # in the child, so that two of them are never held at once.
    mine = [item for item in items if item[0].endswith(".xlsx")]
    theirs = [item for item in items if not item[0].endswith(".xlsx")]
    if not mine or not theirs:
        mine, theirs = items[0::2], items[1::2]
    pid = os.fork()
    if pid == 0:  # the child: write its share, and leave without running the parent's cleanup
        status = 1
        try:
            import signal

            signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
            if sys.platform.startswith("linux"):
                import ctypes

                ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
            for name, write in theirs:
                write(str(staging / name))
                _fsync(staging / name)
            status = 0
        except BaseException:
            import traceback

            traceback.print_exc()
        finally:
            os._exit(status)
    try:
        for name, write in mine:
            write(str(staging / name))
            _fsync(staging / name)
    finally:
        _pid, status = os.waitpid(pid, 0)
    if status != 0:
        raise OSError(f"penulisan {', '.join(name for name, _w in theirs)} gagal")


def _check_ours(folder: Path, names: set[str]) -> None:
    if not folder.is_dir():
        raise FolderNotOurs(f"{folder} bukan folder")
    if (folder / MARKER).is_file():
        return
    others = sorted(p.name for p in folder.iterdir() if p.name not in names)
    if others:
        shown = ", ".join(others[:5]) + (" ..." if len(others) > 5 else "")
        raise FolderNotOurs(f"folder {folder} berisi berkas lain ({shown}); iku-excel menulis ulang folder keluarannya "
                            "utuh, jadi pilih folder baru atau kosong")


def _remove_stale(parent: Path, name: str) -> None:
    prefix = STAGING.format(name=name)
    for path in parent.glob(prefix + "*"):
        pid = path.name[len(prefix):].split("-")[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(path, ignore_errors=True)


def _remove_dead(paths, prefix: str) -> None:
    """Remove the temporary files and folders (named PREFIX<pid>-...) of processes that no
    longer run: what a run killed mid-write left behind."""
    for path in paths:
        pid = path.name[len(prefix):].split("-")[0]
        if pid.isdigit() and not _alive(int(pid)):
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)


@contextlib.contextmanager
def temp_dir(kind: str):
    """A temporary folder iku-KIND-<pid>-..., removed at the end; those of killed runs are
    removed first."""
    base = Path(tempfile.gettempdir())
    _remove_dead(base.glob(f"iku-{kind}-*"), f"iku-{kind}-")
    with tempfile.TemporaryDirectory(prefix=f"iku-{kind}-{os.getpid()}-") as tmp:
        yield tmp


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2); False where the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes
    import errno

    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _fsync(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
