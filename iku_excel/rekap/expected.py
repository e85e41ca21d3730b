"""--daftar: the kecamatan expected to send, read without pandas (before the batch starts)."""

from __future__ import annotations

import csv
import difflib
from pathlib import Path

from iku_excel.catalog.names import name_key as _key


class ExpectedListError(ValueError):
    """A --daftar that cannot be a list of names: empty, or binary."""


def read_expected(path: str | Path) -> list[str]:
    """--daftar: the kecamatan expected to send, one per line or in the first column of a CSV."""
    text = Path(path).read_text(encoding="utf-8-sig")
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise ExpectedListError(f"{Path(path).name} baris {line} berisi karakter NUL: ini bukan daftar teks (berkas "
                                "biner, atau disimpan sebagai UTF-16?); simpan sebagai teks atau CSV UTF-8")
    dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t") if any(d in text for d in ",;\t") else None
    rows = csv.reader(text.splitlines(), dialect) if dialect else ([line] for line in text.splitlines())
    names = [row[0].strip() for row in rows if row and row[0].strip()]
    if names and names[0].lower() in ("kecamatan", "instansi", "nama", "id"):
        names = names[1:]
    if not names:
        raise ExpectedListError(f"{Path(path).name} tidak berisi nama kecamatan: tulis satu nama per baris, atau "
                                "kecamatan di kolom pertama CSV")
    return names


def _known(catalog) -> dict[str, tuple[str, str]]:
    known = {}
    for inst in catalog.instansi.values():
        known[_key(inst.id)] = (inst.id, inst.nama)
        known[_key(inst.nama)] = (inst.id, inst.nama)
    return known


def match_expected(names: list[str], catalog) -> list[tuple[str, str]]:
    """(instansi id, nama) per expected name: matched by id or name (see _key); a name the
    catalog does not know is kept as written (it can only be "belum")."""
    known = _known(catalog)
    return [known.get(_key(n), (n, n)) for n in names]


def default_expected(catalog) -> list[tuple[str, str]]:
    """Who must send when no --daftar says: the region's own kecamatan (its catalog workbook or
    folder), or every instansi when only the built-in seeds are loaded."""
    return match_expected(catalog.regional or sorted(catalog.instansi), catalog)


def probable_typos(names: list[str], catalog) -> list[tuple[str, str]]:
    """(name as written, the catalog's name it most resembles) for each expected name that matches
    no kecamatan but is close to one: most likely a typo, which would show it as never sent."""
    known = _known(catalog)
    out = []
    for name in names:
        if _key(name) in known:
            continue
        close = difflib.get_close_matches(_key(name), list(known), n=1, cutoff=0.8)
        if close:
            out.append((name, known[close[0]][1]))
    return out


def resembling_senders(expected: list[tuple[str, str]], sent: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(expected name, the sender it resembles) for each expected kecamatan that sent nothing
    while a kecamatan nobody expected sent something with a close name: most likely one office
    under two spellings (a typo in the catalog or the --daftar, or a template of another
    catalog), which would otherwise show as one missing and one extra."""
    expected_ids = {i for i, _n in expected}
    sent_ids = {i for i, _n in sent}
    extra = {_key(n): n for i, n in sent if i not in expected_ids}
    extra.update({_key(i): n for i, n in sent if i not in expected_ids})
    out = []
    for inst, nama in expected:
        if inst in sent_ids:
            continue
        close = difflib.get_close_matches(_key(nama), list(extra), n=1, cutoff=0.8) or \
            difflib.get_close_matches(_key(inst), list(extra), n=1, cutoff=0.8)
        if close:
            out.append((nama, extra[close[0]]))
    return out
