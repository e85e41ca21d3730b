"""Change cells in a copy of a workbook by editing its sheet XML, leaving everything else as it was.

Loading and saving with openpyxl would drop every cached result and parts it
does not model; here only the <c> elements that change are rewritten, and
every other zip member is copied byte for byte. Used by `iku-excel hitung`
(fresh cached values in a copy of a user's workbook) and to make defective
copies for tests and the benchmark.
"""

from __future__ import annotations

import math
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from defusedxml.ElementTree import fromstring

from iku_excel.engine.reader import NS, REL_NS, _rels
from iku_excel.excel import ERRORS
from iku_excel.files import atomic_write, same_file

# The error values Excel itself writes: nothing else may be stored as an error cell.
EXCEL_ERRORS = frozenset(ERRORS)
_ATTR_R = re.compile(r'\br="([A-Z]+\d+)"')
_ATTR_T = re.compile(r'\s\bt="[^"]*"')
_ROOT = re.compile(r"<(\w+:)?worksheet\b")
KEEP = object()


class _Xml:
    """The element names of one sheet part: with the prefix its writer used for the main
    namespace (<x:c>, as some tools write it), or none."""

    def __init__(self, xml: str):
        match = _ROOT.search(xml)
        self.p = p = (match.group(1) or "") if match else ""
        self.cell = re.compile(rf"<{p}c\b([^>]*?)(?:/>|>(.*?)</{p}c>)", re.DOTALL)
        self.formula = re.compile(rf"<{p}f\b[^>]*?(?:/>|>.*?</{p}f>)", re.DOTALL)
        self.value = re.compile(rf"<{p}v>.*?</{p}v>|<{p}is>.*?</{p}is>", re.DOTALL)

    def el(self, name: str, text: str) -> str:
        return f"<{self.p}{name}>{text}</{self.p}{name}>"


@dataclass
class Edit:
    """A new cell content: `value` (KEEP: unchanged), and `formula` (KEEP: unchanged, None: remove)."""

    value: object = KEEP
    formula: object = KEEP


def _value_xml(value: object, x: _Xml) -> tuple[str | None, str]:
    """(t attribute, <v>/<is> element) for a value."""
    if value is None:
        return None, ""
    if isinstance(value, bool):
        return "b", x.el("v", str(int(value)))
    if isinstance(value, (int, float)):
        if not math.isfinite(value):
            return "e", x.el("v", "#NUM!")  # no spreadsheet number is infinite: Excel's own word for it
        return None, x.el("v", repr(float(value)) if isinstance(value, float) else str(value))
    text = str(value)
    if text in EXCEL_ERRORS:
        return "e", x.el("v", escape(text))
    return "str", x.el("v", escape(text))


def _rewrite(attrs: str, inner: str | None, edit: Edit, x: _Xml) -> str:
    inner = inner or ""
    f_match = x.formula.search(inner)
    f_xml = f_match.group(0) if f_match else ""
    if edit.formula is None:
        f_xml = ""
    elif edit.formula is not KEEP:
        f_xml = x.el("f", escape(str(edit.formula)))
    if edit.value is KEEP:
        v_match = x.value.search(inner)
        return f"<{x.p}c{attrs}>{f_xml}{v_match.group(0) if v_match else ''}</{x.p}c>"
    attrs = _ATTR_T.sub("", attrs)
    t, v_xml = _value_xml(edit.value, x)
    if t == "str" and not f_xml:
        t, v_xml = "inlineStr", x.el("is", x.el("t", escape(str(edit.value))))
    t_attr = f' t="{t}"' if t else ""
    if not f_xml and not v_xml:
        return f"<{x.p}c{attrs}/>"
    return f"<{x.p}c{attrs}{t_attr}>{f_xml}{v_xml}</{x.p}c>"


def _sheet_paths(archive: zipfile.ZipFile) -> dict[str, str]:
    root = fromstring(archive.read("xl/workbook.xml"))
    rels = _rels(archive, "xl/workbook.xml")
    return {el.get("name"): rels.get(el.get(f"{REL_NS}id"), "") for el in root.iter(f"{NS}sheet")}


def patch_workbook(src: str | Path, dst: str | Path, edits: dict[str, dict[str, Edit]],
                   rename: dict[str, str] | None = None, text_edits: dict[str, list[tuple[str, str]]] | None = None,
                   add: dict[str, bytes] | None = None) -> Path:
    """Write a copy of `src` to `dst` (atomically) with `edits` {sheet: {"A1": Edit}} applied.
    Every edited cell must already exist in the sheet XML (templates write all input cells).
    `rename` renames sheets, `text_edits` replaces text in other members, `add` adds members."""
    text_edits = text_edits or {}
    src, dst = Path(src), Path(dst)
    if same_file(src, dst):
        raise ValueError("tujuan sama dengan berkas asal; berkas asal tidak pernah ditimpa")
    with zipfile.ZipFile(src) as archive:
        paths = _sheet_paths(archive)
        by_part = {paths[sheet]: cells for sheet, cells in edits.items() if sheet in paths}
        missing = [s for s in edits if s not in paths]
        if missing:
            raise KeyError(f"lembar tidak ada: {missing}")

        def write(tmp: str) -> None:
            with zipfile.ZipFile(tmp, "w") as out:
                for info in archive.infolist():
                    data = archive.read(info.filename)
                    if info.filename in by_part:
                        data = _patch_sheet(data.decode("utf-8"), dict(by_part[info.filename]), info.filename).encode("utf-8")
                    elif info.filename == "xl/workbook.xml" and rename:
                        text = data.decode("utf-8")
                        for old, new in rename.items():
                            text = text.replace(f'name="{escape(old)}"', f'name="{escape(new)}"')
                        data = text.encode("utf-8")
                    if info.filename in text_edits:
                        text = data.decode("utf-8")
                        for old, new in text_edits[info.filename]:
                            if old not in text:
                                raise KeyError(f"teks tidak ada di {info.filename}: {old[:60]}")
                            text = text.replace(old, new)
                        data = text.encode("utf-8")
                    out.writestr(info, data)
                for name, data in (add or {}).items():
                    out.writestr(name, data)

        atomic_write(dst, write)
    return dst


def _patch_sheet(xml: str, cells: dict[str, Edit], part: str) -> str:
    x = _Xml(xml)

    def repl(match: re.Match) -> str:
        attrs, inner = match.group(1), match.group(2)
        ref = _ATTR_R.search(attrs)
        if not ref or ref.group(1) not in cells:
            return match.group(0)
        return _rewrite(attrs, inner, cells.pop(ref.group(1)), x)

    result = x.cell.sub(repl, xml)
    if cells:
        raise KeyError(f"sel tidak ada di {part}: {sorted(cells)}")
    return result
