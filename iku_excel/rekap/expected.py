"""--daftar: the kecamatan expected to send, read without pandas (before the batch starts)."""

from __future__ import annotations

import csv
import difflib
from pathlib import Path

from iku_excel.catalog.names import name_key as _key
from iku_excel.text import shown


class ExpectedListError(ValueError):
    """A --daftar that cannot be a list of names: empty, or binary."""


def read_expected(path: str | Path) -> list[str]:
    """--daftar: the kecamatan expected to send, one per line or in the first column of a CSV."""
    text = Path(path).read_text(encoding="utf-8-sig")
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise ExpectedListError(f"{Path(path).name} baris {line} berisi karakter NUL: ini bukan daftar teks (berkas "
                                "biner, atau disimpan sebagai UTF-16?); simpan sebagai teks atau CSV UTF-8")
    dialect = None
    if any(d in text for d in ",;\t"):
        try:
            dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t")
        except csv.Error:  # no delimiter on every line: a list of names, some holding one
            class dialect(csv.excel):  # noqa: N801 - a csv dialect is a class
                delimiter = max(",;\t", key=text.count)
    lines = text.splitlines()
    rows = list(csv.reader(lines, dialect)) if dialect else [[line] for line in lines]
    filled = [(n, row) for n, row in enumerate(rows, 1) if row and any(cell.strip() for cell in row)]
    if filled:
        # a list with a comma (or semicolon) inside some names reads as columns on those lines only:
        # "Tempeh, Lumajang" would silently become "Tempeh"
        width = len(filled[0][1])
        odd = next(((n, row) for n, row in filled if len(row) != width), None)
        if odd is not None:
            n, row = odd
            raise ExpectedListError(
                f"{Path(path).name} baris {n}: '{shown(dialect.delimiter.join(row))}' terbaca sebagai {len(row)} kolom, "
                f"baris 1 sebagai {width}: tanda '{dialect.delimiter}' di dalam nama? Tulis satu nama per baris tanpa "
                f"tanda itu, atau apit nama dengan tanda petik (\"Tempeh, Lumajang\")")
    names = [row[0].strip() for _n, row in filled if row[0].strip()]
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
