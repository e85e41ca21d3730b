"""--daftar: the kecamatan expected to send, read without pandas (before the batch starts)."""

from __future__ import annotations

import csv
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


def _key(name: str) -> str:
    return " ".join(name.lower().replace("kecamatan", " ").split())


def match_expected(names: list[str], catalog) -> list[tuple[str, str]]:
    """(instansi id, nama) per expected name: matched by id or name, case and "Kecamatan" aside;
    a name the catalog does not know is kept as written (it can only be "belum")."""
    known = {}
    for inst in catalog.instansi.values():
        known[_key(inst.id)] = (inst.id, inst.nama)
        known[_key(inst.nama)] = (inst.id, inst.nama)
    return [known.get(_key(n), (n, n)) for n in names]
