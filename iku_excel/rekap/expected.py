"""--daftar: the kecamatan expected to send, read without pandas (before the batch starts)."""

from __future__ import annotations

import csv
import difflib
import unicodedata
from pathlib import Path


def read_expected(path: str | Path) -> list[str]:
    """--daftar: the kecamatan expected to send, one per line or in the first column of a CSV."""
    text = Path(path).read_text(encoding="utf-8-sig")
    dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t") if any(d in text for d in ",;\t") else None
    rows = csv.reader(text.splitlines(), dialect) if dialect else ([line] for line in text.splitlines())
    names = [row[0].strip() for row in rows if row and row[0].strip()]
    if names and names[0].lower() in ("kecamatan", "instansi", "nama", "id"):
        names = names[1:]
    return names


# characters a copy from a web page or a chat brings along, invisible in a spreadsheet
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_PREFIXES = ("kecamatan", "kec.", "kec")


def _key(name: str) -> str:
    """A name as it is compared: Unicode NFC, invisible characters dropped, case and spaces
    folded, a leading "Kecamatan" or "Kec." left out."""
    words = unicodedata.normalize("NFC", name).translate(_INVISIBLE).casefold().split()
    if len(words) > 1 and words[0] in _PREFIXES:
        words = words[1:]
    return " ".join(words)


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
