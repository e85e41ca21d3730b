"""Text from a user's file as a message may echo it.

A cell, a header or a file name is printed on a terminal and written into reports: a control
character in it (ESC, a bare carriage return, a bidirectional override) could move the cursor,
rewrite the line above, or reorder what the reader sees. Each is shown escaped (\\x1b, \\r,
\\u202e) instead; line breaks and tabs are kept only where the caller says the text is ours.
"""

from __future__ import annotations

import unicodedata

_KEEP_IN_OUR_TEXT = "\n\t"


def shown(value: object, limit: int | None = 80, ours: bool = False) -> str:
    """`value` as text safe to print: control and format characters escaped; cut at `limit`
    characters with an ellipsis. `ours`: a message of iku-excel's own, whose line breaks stay."""
    text = str(value)
    if text.isprintable():  # the common case: nothing to escape (isprintable is False for every Cc, Cf, Z*)
        return text if limit is None or len(text) <= limit else text[: limit - 1] + "…"
    out = []
    for ch in text:
        if ours and ch in _KEEP_IN_OUR_TEXT:
            out.append(ch)
        elif ch.isprintable() or ch in "\u00a0\u200b\u00ad" or unicodedata.category(ch) == "Zs":
            out.append(ch)  # no-break and other spaces, zero-width space, soft hyphen: harmless
        else:
            out.append(ascii(ch)[1:-1])
    text = "".join(out)
    return text if limit is None or len(text) <= limit else text[: limit - 1] + "…"
