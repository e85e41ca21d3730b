"""How two spellings of one name are compared: a kecamatan typed in a catalog workbook, a
--daftar list, a name copied from a chat."""

from __future__ import annotations

import unicodedata

# characters a copy from a web page or a chat brings along, invisible in a spreadsheet
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_PREFIXES = ("kecamatan", "kec.", "kec")


def name_key(name: str) -> str:
    """A name as it is compared: Unicode NFC, invisible characters dropped, case and spaces
    folded, a leading "Kecamatan" or "Kec." left out."""
    words = unicodedata.normalize("NFC", str(name)).translate(_INVISIBLE).casefold().split()
    if len(words) > 1 and words[0] in _PREFIXES:
        words = words[1:]
    return " ".join(words)
