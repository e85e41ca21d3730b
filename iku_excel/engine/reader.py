"""Read a submitted workbook safely and fast: formulas and cached values in one pass.

Submissions are untrusted. Before any XML is parsed the file is checked: is it
a zip at all (an OLE2 file is a password-protected workbook or a legacy .xls),
is it too large, would it inflate into a zip bomb. Per cell the reader keeps the
formula text and the cached value — what openpyxl would need two full loads
for — translating Excel's shared formulas. Where every cell of a sheet has the
shape Excel, LibreOffice and XlsxWriter write, one regular-expression pass (C)
reads them, expanding no entity but XML's five and character references; any
other sheet (other shapes, or any "<!" where a DTD would stand) goes through
expat (C) element by element, with any DTD or entity declaration refused. A
test holds the two ways equal. The small parts go through defusedxml.
"""

from __future__ import annotations

import functools
import math
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from defusedxml.ElementTree import fromstring
from openpyxl.formula.translate import Translator
from openpyxl.utils.cell import column_index_from_string

from iku_excel.excel import a1

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# How an office saves its file again: in the template's own type, never .xlsx for a .xlsm (that
# would drop the macros the workbook computes with).
RESAVE = ("buka berkasnya di Excel, lalu File > Simpan Sebagai dan pilih jenis berkas yang sama dengan templat dari "
          "Kabupaten (.xlsm bila templatnya .xlsm, yang berisi makro; .xlsx bila .xlsx), lalu kirim ulang")
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 50 * 1024 * 1024
    max_unpacked_bytes: int = 300 * 1024 * 1024
    max_member_ratio: float = 200.0  # uncompressed ÷ compressed, for members over 1 MiB
    max_members: int = 5000


class Unreadable(Exception):
    """A file that cannot be read as a workbook; `code` is a finding code."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass
class Cell:
    value: object = None  # cached value: float, str, bool, or an error text "#N/A"
    formula: str | None = None  # without the leading "="
    kind: str = "n"  # the XML t attribute: n, s, str, inlineStr, b, e


@dataclass
class Sheet:
    name: str
    state: str  # visible, hidden, veryHidden
    path: str
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)  # (row, col), 1-based
    tables: dict[str, str] = field(default_factory=dict)  # table name -> ref


@dataclass
class Workbook:
    path: Path
    sheets: dict[str, Sheet]
    names: dict[str, str]  # defined name -> its formula text ("'Sheet'!$A$1:$B$2")
    local_names: list[tuple[str, str]] = field(default_factory=list)  # sheet-level names: (name, sheet)
    has_macros: bool = False
    external_links: int = 0
    date1904: bool = False  # Mac Excel's old date system: serial 0 is 1904-01-01
    cache: dict = field(default_factory=dict, repr=False)  # what checks derive from the cells, once

    def date_serial(self, value: object) -> object:
        """A date cell's serial number in the 1900 system that every formula here assumes."""
        if self.date1904 and isinstance(value, float):
            return value + 1462.0
        return value

    def cell(self, sheet: str, row: int, col: int) -> Cell | None:
        ws = self.sheets.get(sheet)
        return None if ws is None else ws.cells.get((row, col))

    def value(self, sheet: str, row: int, col: int) -> object:
        c = self.cell(sheet, row, col)
        return None if c is None else c.value

    def name_target(self, name: str) -> tuple[str, int, int, int, int] | None:
        """(sheet, first row, first col, last row, last col) of a defined name, 1-based."""
        ref = self.names.get(name)
        if ref is None:
            return None
        return parse_ref(ref)


_REF = re.compile(r"^=?(?:'((?:[^']|'')+)'|([^!]+))!\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?$")


def parse_ref(ref: str) -> tuple[str, int, int, int, int] | None:
    match = _REF.match(ref.strip())
    if not match:
        return None
    sheet = (match.group(1) or match.group(2)).replace("''", "'")
    c1, r1 = column_index_from_string(match.group(3)), int(match.group(4))
    c2 = column_index_from_string(match.group(5)) if match.group(5) else c1
    r2 = int(match.group(6)) if match.group(6) else r1
    return sheet, r1, c1, r2, c2


def _check_container(path: Path, limits: Limits) -> zipfile.ZipFile:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise Unreadable("BERKAS_RUSAK", f"berkas tidak dapat dibuka ({exc.strerror})") from None
    if size > limits.max_file_bytes:
        raise Unreadable("BERKAS_TERLALU_BESAR", f"ukuran berkas {size / 1048576:.1f} MB melebihi batas "
                                                 f"{limits.max_file_bytes / 1048576:.0f} MB")
    with open(path, "rb") as fh:
        head = fh.read(8)
    if head == OLE2_MAGIC:
        raise _ole2_reason(path)
    if not head.startswith(b"PK"):
        raise Unreadable("BUKAN_BUKU_KERJA", f"berkas ini bukan buku kerja Excel; {RESAVE}")
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise Unreadable("BERKAS_RUSAK", "berkas terpotong atau rusak (arsip zip tidak utuh); kirim ulang berkas "
                                         "aslinya") from None
    members = archive.infolist()
    listing = [m.filename for m in members]
    if len(set(listing)) != len(listing):
        twice = sorted({n for n in listing if listing.count(n) > 1})
        raise Unreadable("BERKAS_RUSAK", f"arsip berisi dua bagian bernama sama ({', '.join(twice[:3])}): program "
                                         "yang berbeda akan membaca isi yang berbeda, jadi berkas ini tidak dibaca; "
                                         "simpan ulang dari Excel lalu kirim ulang")
    if len(members) > limits.max_members:
        raise Unreadable("BOM_ZIP", f"berkas berisi {len(members)} bagian, jauh di atas buku kerja wajar")
    total = 0
    for info in members:
        total += info.file_size
        if info.file_size > 1048576 and info.compress_size and info.file_size / info.compress_size > limits.max_member_ratio:
            raise Unreadable("BOM_ZIP", f"bagian '{info.filename}' mengembang {info.file_size / info.compress_size:.0f}× "
                                        "saat dibuka: berkas ini berbahaya dan tidak dibaca")
    if total > limits.max_unpacked_bytes:
        raise Unreadable("BOM_ZIP", f"isi berkas mengembang menjadi {total / 1048576:.0f} MB saat dibuka "
                                    f"(batas {limits.max_unpacked_bytes / 1048576:.0f} MB); berkas tidak dibaca")
    if "xl/workbook.xml" not in archive.namelist():
        raise Unreadable("BUKAN_BUKU_KERJA", "arsip ini bukan buku kerja Excel (tidak ada xl/workbook.xml)")
    return archive


def _ole2_reason(path: Path) -> Unreadable:
    try:
        import msoffcrypto

        with open(path, "rb") as fh:
            office = msoffcrypto.OfficeFile(fh)
            encrypted = office.is_encrypted()
            kind = type(office).__name__
    except Exception:
        encrypted, kind = False, ""
    if encrypted and "OOXML" in kind:
        return Unreadable("BERKAS_BERSANDI", "buku kerja dilindungi kata sandi pembukaan; hapus kata sandinya "
                                             "(File > Info > Protect Workbook > Encrypt with Password) lalu kirim ulang")
    return Unreadable("FORMAT_XLS_LAMA", f"berkas berformat Excel 97–2003 (.xls) atau dilindungi sandi; {RESAVE}")


def _read_xml(archive: zipfile.ZipFile, name: str):
    try:
        return fromstring(archive.read(name))
    except KeyError:
        return None
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise Unreadable("BERKAS_RUSAK", f"bagian '{name}' rusak ({exc})") from None
    except MemoryError:
        raise  # the memory limit, reported as such (MEMORI_HABIS), never as a corrupt file
    except Exception as exc:  # malformed or forbidden XML
        raise Unreadable("BERKAS_RUSAK", f"bagian '{name}' bukan XML yang sah ({type(exc).__name__})") from None


def _rels(archive: zipfile.ZipFile, part: str) -> dict[str, str]:
    folder, base = posixpath.split(part)
    root = _read_xml(archive, posixpath.join(folder, "_rels", base + ".rels"))
    result = {}
    if root is None:
        return result
    for rel in root.iter(f"{PKG_REL_NS}Relationship"):
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External":
            result[rel.get("Id")] = "external:" + target
            continue
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        result[rel.get("Id")] = path
    return result


# The shared strings as most writers save them: plain <si><t>text</t></si>, read in one C-level
# pass; rich text or phonetic runs go through the tree parser.
_SHARED = re.compile(rb'<si><t(?: xml:space="preserve")?>([^<]*)</t></si>|<si><t/></si>')


def _shared_strings(archive: zipfile.ZipFile, path: str | None) -> list[str]:
    if not path:
        return []
    try:
        data = archive.read(path)
    except KeyError:
        return []
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise Unreadable("BERKAS_RUSAK", f"bagian '{path}' rusak ({exc})") from None
    head = data.find(b"<sst ")
    body_start = data.find(b">", head) + 1 if head >= 0 else -1
    body_end = data.rfind(b"</sst>")
    if 0 < body_start <= body_end and b"<!" not in data:
        strings, at = [], body_start
        try:
            for match in _SHARED.finditer(data, body_start, body_end):
                if match.start() != at:
                    break
                at = match.end()
                strings.append(_text(match.group(1)) or "")
            else:
                if at == body_end:
                    return strings
        except _OtherShape:
            pass
    root = _read_xml(archive, path)
    if root is None:
        return []
    strings = []
    for si in root.iter(f"{NS}si"):
        strings.append("".join(t.text or "" for t in si.iter(f"{NS}t")))
    return strings


def read_workbook(path: str | Path, limits: Limits = Limits()) -> Workbook:
    path = Path(path)
    archive = _check_container(path, limits)
    with archive:
        wb_path = "xl/workbook.xml"
        root = _read_xml(archive, wb_path)
        rels = _rels(archive, wb_path)
        shared = next((p for p in rels.values() if p.endswith("sharedStrings.xml")), None)
        strings = _shared_strings(archive, shared)
        sheets: dict[str, Sheet] = {}
        by_part: dict[str, Sheet] = {}
        for el in root.iter(f"{NS}sheet"):
            target = rels.get(el.get(f"{REL_NS}id"), "")
            if not target.endswith(".xml"):
                continue  # chart sheets and the like hold no cells
            name = el.get("name")
            if target in by_part:
                # no spreadsheet program writes this; read as it stands, one small part listed
                # 10.000 times would be read 10.000 times
                raise Unreadable("BOM_ZIP", f"lembar '{name}' dan '{by_part[target].name}' menunjuk bagian yang sama "
                                            f"({target}): berkas ini dibuat untuk memperbanyak isinya saat dibuka, "
                                            "dan tidak dibaca")
            sheets[name] = by_part[target] = Sheet(name, el.get("state", "visible"), target)
        props = root.find(f"{NS}workbookPr")
        date1904 = props is not None and props.get("date1904", "0").lower() in ("1", "true")
        names: dict[str, str] = {}
        local_names: list[tuple[str, str]] = []
        order = list(sheets)
        for el in root.iter(f"{NS}definedName"):
            local = el.get("localSheetId")
            if local is None:
                names[el.get("name")] = (el.text or "").strip()
            else:
                index = int(local) if local.isdigit() else -1
                local_names.append((el.get("name") or "", order[index] if 0 <= index < len(order) else local))
        for sheet in sheets.values():
            try:
                _read_sheet(archive, sheet, strings)
            except (Unreadable, MemoryError):
                raise
            except (zipfile.BadZipFile, OSError, EOFError) as exc:
                raise Unreadable("BERKAS_RUSAK", f"lembar '{sheet.name}' rusak ({exc})") from None
            except Exception as exc:
                raise Unreadable("BERKAS_RUSAK", f"lembar '{sheet.name}' tidak dapat dibaca ({type(exc).__name__})") from None
        listing = archive.namelist()
        return Workbook(
            path=path, sheets=sheets, names=names, local_names=local_names,
            has_macros=any(n.lower().endswith("vbaproject.bin") for n in listing),
            external_links=sum(1 for n in listing if n.startswith("xl/externalLinks/") and n.endswith(".xml")),
            date1904=date1904,
        )


# A blank formatted cell, as every writer saves the empty input cells of a template. They are
# most of a sheet's elements, and carry nothing: they are dropped by one C-level pass before
# the XML is parsed, so no Python code runs for them — and so are the <row> tags, which only
# matter where a writer omits a cell's r="" (its place is then counted from the row).
_BLANK_CELL_OR_ROW_TAG = re.compile(rb'<c r="[A-Z]{1,3}[0-9]+"(?: s="[0-9]+")?/>|<row\b[^>]*>|</row>')
_CELL_WITHOUT_REF = re.compile(rb"<c(?:>| (?!r=))")
_CELL_REF = re.compile(r"([A-Z]{1,3})([0-9]+)$")


class _Refused(Exception):
    pass


def _refuse(*_args) -> None:
    raise _Refused()


@functools.lru_cache(maxsize=4096)
def _column(letters: str) -> int:
    return column_index_from_string(letters)


def _read_sheet(archive: zipfile.ZipFile, sheet: Sheet, strings: list[str]) -> None:
    """Formulas and cached values together, shared formulas translated, with C doing the work per
    cell (a regular expression) where the cells have the common shape, else expat element by
    element. expat checks every sheet: no DTD, no entity is ever expanded, and a sheet with a
    DOCTYPE is refused."""
    data = archive.read(sheet.path)
    if not _CELL_WITHOUT_REF.search(data):
        data = _BLANK_CELL_OR_ROW_TAG.sub(b"", data)
        if _cells_by_pattern(data, sheet, strings):
            return _tables(archive, sheet)
    _parse_sheet(data, sheet, strings)
    _tables(archive, sheet)


# The cells as Excel, LibreOffice and XlsxWriter write them: <c r=".." s=".." t=".."> with an
# optional <f> (plain, or with attributes such as a shared formula's) and an optional <v>. When
# every cell of a sheet has this shape, one C-level regular-expression pass reads them all; any
# other shape (inline strings, attributes in another order) goes through expat, element by element.
# The pattern path expands no entity but the five XML predefines and character references (any
# other sends the sheet to expat, which refuses it), and a part holding "<!" (where a DOCTYPE and
# its entity declarations would stand) always goes to expat, which refuses any DTD.
_CELL = re.compile(
    rb'<c r="([A-Z]{1,3})([0-9]+)"(?: s="[0-9]+")?(?: t="([a-zA-Z]+)")?'
    rb'(?:/>|>(?:<f>([^<]*)</f>|<f((?: [a-zA-Z]+="[^"<]*")*)>([^<]*)</f>|<f((?: [a-zA-Z]+="[^"<]*")*)/>)?'
    rb'(?:<v>([^<]*)</v>|(<v/>))?</c>)')
_ATTRIBUTE = re.compile(r'([a-zA-Z]+)="([^"]*)"')
_ENTITY = re.compile(r"&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);")
_PREDEFINED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


class _OtherShape(Exception):
    """A sheet the pattern does not read whole: expat reads it."""


def _text(raw: bytes | None) -> str | None:
    if raw is None:
        return None
    text = raw.decode("utf-8")
    if "&" not in text:
        return text
    plain = text.replace("&quot;", '"').replace("&apos;", "'").replace("&lt;", "<").replace("&gt;", ">")
    if "&" not in plain.replace("&amp;", ""):  # only the predefined entities: the common case
        return plain.replace("&amp;", "&")
    return _ENTITY.sub(_entity, text)


def _entity(match: re.Match) -> str:
    name = match.group(1)
    if name[0] == "#":
        return chr(int(name[2:], 16) if name[1] in "xX" else int(name[1:]))
    if name not in _PREDEFINED:
        raise _OtherShape  # an undeclared entity: expat says what is wrong with it
    return _PREDEFINED[name]


def _cells_by_pattern(data: bytes, sheet: Sheet, strings: list[str]) -> bool:
    """Read every cell with one regular-expression pass, if every cell has the common shape
    (the blank cells and row tags are already gone); False, with nothing read, if not."""
    start = data.find(b"<sheetData>")
    end = data.find(b"</sheetData>")
    if start < 0 or end < start:
        return False
    if b"<!" in data:  # a DOCTYPE, comment or CDATA: no writer of workbooks puts one here; expat decides
        return False
    body = data[start + len(b"<sheetData>"):end]
    masters: dict[str, tuple[str, str]] = {}
    cells: dict = {}
    columns = _COLUMNS
    at = 0
    try:
        for match in _CELL.finditer(body):
            if match.start() != at:
                return False
            at = match.end()
            letters, digits, kind, plain, f_attrs, f_text, f_empty, raw, v_empty = match.groups()
            key = (int(digits), columns.get(letters) or _column_of(letters))
            if plain is None and f_attrs is None and f_empty is None:  # a value, no formula: most cells
                if kind is None and raw is not None:
                    number = float(raw)
                    cells[key] = Cell(number, None, "n") if math.isfinite(number) else Cell(raw.decode(), None, "n")
                    continue
                if kind == b"s" and raw is not None and raw.isdigit() and int(raw) < len(strings):
                    cells[key] = Cell(strings[int(raw)], None, "s")
                    continue
            if plain is not None and v_empty is None:  # a formula of its own, with its cached value
                if kind is None:
                    value = float(raw) if raw else None
                    if value is not None and not math.isfinite(value):
                        value = raw.decode()
                    cells[key] = Cell(value, _text(plain), "n")
                    continue
                if kind == b"str" or kind == b"e":
                    cells[key] = Cell(_text(raw) if raw is not None else ("" if kind == b"str" else None), _text(plain),
                                      kind.decode())
                    continue
            attrs = f_attrs if f_attrs is not None else f_empty
            f_dict = dict(_ATTRIBUTE.findall(attrs.decode())) if attrs is not None else ({} if plain is not None else None)
            formula = _text(plain) if plain is not None else _text(f_text) if f_text is not None else (
                "" if f_empty is not None else None)
            _cell((letters + digits).decode(), kind.decode() if kind else "n",
                  "" if v_empty is not None else _text(raw), formula, f_dict, None, masters, strings, cells, *key)
    except _OtherShape:
        return False
    if at != len(body):
        return False
    sheet.cells.update(cells)
    return True


_COLUMNS: dict[bytes, int] = {}


def _column_of(letters: bytes) -> int:
    number = _COLUMNS[letters] = column_index_from_string(letters.decode())
    return number


def _tables(archive: zipfile.ZipFile, sheet: Sheet) -> None:
    for rid, target in _rels(archive, sheet.path).items():
        if "/tables/" in target:
            table = _read_xml(archive, target)
            if table is not None:
                sheet.tables[table.get("name") or table.get("displayName") or rid] = table.get("ref", "")


def _parse_sheet(data: bytes, sheet: Sheet, strings: list[str]) -> None:
    """expat over the sheet, element by element: any cell shape a writer may use."""
    import pyexpat

    masters: dict[str, tuple[str, str]] = {}  # shared formula si -> (formula, origin cell)
    cells = sheet.cells
    main = NS[1:-1] + "}"
    C, V, F, ROW, IS, T = (main + x for x in ("c", "v", "f", "row", "is", "t"))
    row = col = 0
    ref, kind, formula, f_attrs, raw, inline, text = "", "n", None, None, None, None, None

    def start(name: str, attrs: dict) -> None:
        nonlocal row, col, ref, kind, formula, f_attrs, raw, inline, text
        if name == C:
            r = attrs.get("r")
            match = _CELL_REF.match(r) if r else None
            if match:
                col, row = _column(match.group(1)), int(match.group(2))
                ref = r
            else:  # some writers omit r: cells then follow in order
                col += 1
                ref = a1(row, col)
            kind, formula, f_attrs, raw, inline = attrs.get("t", "n"), None, None, None, None
        elif name == V or name == F:
            text = []
            if name == F:
                f_attrs = attrs
        elif name == ROW:
            r = attrs.get("r")
            row = int(r) if r and r.isdigit() else row + 1
            col = 0
        elif name == IS:
            inline = []
        elif name == T and inline is not None:
            text = []

    def chars(data: str) -> None:
        if text is not None:
            text.append(data)

    def end(name: str) -> None:
        nonlocal formula, raw, text
        if name == V:
            raw, text = "".join(text), None
        elif name == F:
            formula, text = "".join(text), None
        elif name == C:
            _cell(ref, kind, raw, formula, f_attrs, inline, masters, strings, cells, row, col)
        elif name == T and inline is not None and text is not None:
            inline.append("".join(text))
            text = None

    parser = pyexpat.ParserCreate(namespace_separator="}")
    parser.StartDoctypeDeclHandler = _refuse
    parser.EntityDeclHandler = _refuse
    parser.UnparsedEntityDeclHandler = _refuse
    parser.ExternalEntityRefHandler = _refuse
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    parser.buffer_text = True
    try:
        parser.Parse(data, True)
    except _Refused:
        raise Unreadable("BERKAS_RUSAK", f"lembar '{sheet.name}' memuat deklarasi DTD atau entitas XML, yang tidak "
                                         "pernah ditulis Excel; berkas tidak dibaca") from None
    except pyexpat.ExpatError as exc:
        raise Unreadable("BERKAS_RUSAK", f"lembar '{sheet.name}' bukan XML yang sah ({exc})") from None


def _cell(ref: str, t: str, raw: str | None, text: str | None, f_attrs: dict | None, inline: list | None,
          masters: dict, strings: list[str], cells: dict, row: int, col: int) -> None:
    """The cell just closed: its formula (shared ones translated) and cached value."""
    formula = None
    if f_attrs is not None:
        if f_attrs.get("t") == "shared":
            si = f_attrs.get("si")
            if text:
                masters[si] = (text, ref)
                formula = text
            elif si in masters:
                master, origin = masters[si]
                formula = Translator("=" + master, origin=origin).translate_formula(ref)[1:]
        else:
            formula = text
    if t == "s":
        value = strings[int(raw)] if raw is not None and raw.isdigit() and int(raw) < len(strings) else None
    elif t == "inlineStr":
        value = "".join(inline or [])
    elif t == "b":
        value = raw == "1" if raw is not None else None
    elif t in ("str", "e"):
        value = raw if raw is not None else ("" if formula is not None and t == "str" else None)
    else:
        value = None if raw is None or raw == "" else float(raw)
        if value is not None and not math.isfinite(value):
            value = raw  # "inf", "NaN": no number Excel can hold; kept as its text, reported at its cell
    if value is not None or formula is not None:
        cells[(row, col)] = Cell(value, formula, t)
