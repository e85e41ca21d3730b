"""Read a survey export as offices collect it: Google Forms, Microsoft Forms, a paper-entry sheet.

- Formats: CSV (comma or semicolon; UTF-8 with or without BOM, or Windows-1252) and XLSX.
- Answers: numbers 1–4, letters a–d, or the answer texts of PermenPANRB 14/2017's sample
  questionnaire (iku_excel/data/skm_jawaban.yaml), case- and space-insensitively; an office's
  own wording comes from a small mapping file.
- Columns: each unsur is found by the words of its question, not by position, so a swapped
  8/9 and extra columns come in right. Where the words fit two columns (a "Saran dan masukan"
  comment column beside the complaints question) the one whose cells are answers wins; an
  unsur still ambiguous or missing stops the import, naming the columns found.
- Rows: an unknown answer, an empty row, a duplicate submission (same timestamp and answers)
  is reported with its row and column; an unknown answer is never read as a number.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from iku_excel.calc.ikm import _UNSUR_KEYWORDS, UNSUR_2017
from iku_excel.engine.reader import OLE2_MAGIC
from iku_excel.excel import from_serial
from iku_excel.text import shown

# Respondent profile columns, by the words of their header (the first that fits wins).
PROFILE = (
    ("waktu", ("timestamp", "stempel waktu", "cap waktu", "tanggal pengisian", "waktu pengisian", "start time",
               "completion time", "waktu mulai", "waktu penyelesaian")),
    ("layanan", ("jenis layanan", "layanan yang", "jenis pelayanan")),
    ("kelamin", ("kelamin", "gender")),
    ("umur", ("umur", "usia")),
    ("pendidikan", ("pendidikan",)),
    ("pekerjaan", ("pekerjaan",)),
)


class SurveyError(ValueError):
    """The export cannot be imported as it stands; the message says what to change."""


@dataclass
class Problem:
    row: int  # the row in the export, 1-based with the header as row 1
    column: str  # the header of the column, "" for a whole row
    message: str


@dataclass
class Respondent:
    row: int
    answers: list[int | None]  # unsur 1..9 in the regulation's order; None: blank or not valid
    waktu: dt.datetime | None = None
    profile: dict[str, str] = field(default_factory=dict)  # layanan, kelamin, umur, pendidikan, pekerjaan


@dataclass
class Survey:
    source: str
    respondents: list[Respondent]
    problems: list[Problem]
    columns: dict[str, str]  # what each column was read as: "unsur 1" / "layanan" / ... -> header
    unused: list[str] = field(default_factory=list)  # headers of the columns not read (names, e-mails, comments)

    @property
    def period(self) -> tuple[dt.date, dt.date] | None:
        days = [r.waktu.date() for r in self.respondents if r.waktu]
        return (min(days), max(days)) if days else None


# ---- answers ------------------------------------------------------------------------------------

def _norm(text: object) -> str:
    return " ".join(str(text).lower().replace("\u00a0", " ").split())


def answer_texts(extra: str | Path | None = None) -> list[dict[str, int]]:
    """Per unsur (index 0..8): normalised answer text -> score. `extra`: an office's mapping file."""
    import yaml

    raw = yaml.safe_load(resources.files("iku_excel.data").joinpath("skm_jawaban.yaml").read_text(encoding="utf-8"))
    table = [{_norm(text): score for score, text in enumerate(raw[u + 1], 1)} for u in range(len(UNSUR_2017))]
    for scale in raw.get("semua", ()):  # the uniform scales: an unsur's own wording comes first
        for score_, text in enumerate(scale, 1):
            for own in table:
                own.setdefault(_norm(text), score_)
    if extra:
        try:
            mine = yaml.safe_load(Path(extra).read_text(encoding="utf-8")) or {}
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            raise SurveyError(f"{extra}: berkas pemetaan jawaban tidak terbaca ({exc})") from None
        if not isinstance(mine, dict):
            raise SurveyError(f"{extra}: tulis sebagai  unsur: {{teks: nilai}}  atau  semua: {{teks: nilai}}")
        for key, texts in mine.items():
            word = str(key).strip().lower()
            if word != "semua" and not (word.isdigit() and 1 <= int(word) <= len(UNSUR_2017)):
                raise SurveyError(f"{extra}: kunci '{key}' tidak dikenal; tulis nomor unsur 1–{len(UNSUR_2017)} "
                                  "atau 'semua', misalnya  semua: {Sangat Sesuai: 4, Sesuai: 3}")
            if not isinstance(texts, (dict, list)):
                raise SurveyError(f"{extra}: unsur '{key}': tulis pasangan teks: nilai, misalnya  {{Sangat Sesuai: 4}}")
            targets = range(len(UNSUR_2017)) if word == "semua" else [int(word) - 1]
            items = texts.items() if isinstance(texts, dict) else ((t, s) for s, t in enumerate(texts, 1))
            for text, score_ in items:
                if score_ not in (1, 2, 3, 4):
                    raise SurveyError(f"{extra}: nilai '{score_}' untuk '{text}' bukan 1–4")
                for u in targets:
                    table[u][_norm(text)] = int(score_)
    return table


_LETTER = re.compile(r"^([a-d])\s*[.)]?\s*(.*)$")


def score(unsur: int, value: object, texts: list[dict[str, int]]) -> int | None:
    """The 1–4 score of one answer; None for a blank. Raises KeyError for an answer it does not know."""
    if value is None or _norm(value) == "":
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if value in (1, 2, 3, 4):
            return int(value)
        raise KeyError(value)
    text = _norm(value)
    if text in ("1", "2", "3", "4", "1.0", "2.0", "3.0", "4.0"):
        return int(float(text))
    if text in texts[unsur]:
        return texts[unsur][text]
    letter = _LETTER.match(text)
    if letter:  # "b", "b.", "b) Kurang sesuai"
        rest = letter.group(2)
        if not rest or texts[unsur].get(rest) == "abcd".index(letter.group(1)) + 1:
            return "abcd".index(letter.group(1)) + 1
    raise KeyError(value)


# ---- reading the export -------------------------------------------------------------------------

# An export is read up to these bounds and refused beyond them, before it can take the memory
# or the minutes of a whole machine: far more respondents than any survey needs (the minimum
# sample of PermenPANRB 14/2017 is 384 at the largest population), and more columns than a form.
MAX_ROWS = 10_000
MAX_COLUMNS = 500
# Text exports: how each is recognised from its first bytes. Excel's "Unicode Text" is UTF-16
# with a byte-order mark and tabs between the cells.
_BOMS = ((b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"), (b"\xef\xbb\xbf", "utf-8-sig"))


def read_table(path: str | Path) -> list[list[object]]:
    """The export's cells, header first, at most MAX_ROWS rows after it."""
    path = Path(path)
    if not path.is_file():
        raise SurveyError(f"{path}: berkas survei tidak ada")
    with open(path, "rb") as fh:
        head = fh.read(4096)
    if head.startswith(OLE2_MAGIC):
        raise SurveyError(f"{path}: berkas Excel 97–2003 (.xls) atau bersandi; buka di Excel, lalu File > Simpan "
                          "Sebagai 'Buku Kerja Excel (.xlsx)' atau 'CSV UTF-8', tanpa kata sandi")
    if head.startswith(b"PK") or path.suffix.lower() in (".xlsx", ".xlsm"):
        return _workbook_table(path)
    return _text_table(path, head)


def _too_many(path: Path, what: str) -> SurveyError:
    return SurveyError(f"{path}: lebih dari {what}; berkas sebesar ini bukan ekspor survei satu unit pelayanan. "
                       "Pisahkan per periode survei, atau periksa apakah berkasnya benar")


def _workbook_table(path: Path) -> list[list[object]]:
    """The first sheet of an .xlsx export, through the guarded reader of submissions (zip bombs,
    size, members), cell by cell: a stray cell at XFD1048576 makes no million empty rows."""
    from iku_excel.engine.reader import Unreadable, read_workbook

    try:
        book = read_workbook(path)
    except Unreadable as exc:
        raise SurveyError(f"{path}: {exc.message}") from None
    sheet = next(iter(book.sheets.values()), None)
    cells = {} if sheet is None else {at: c.value for at, c in sheet.cells.items() if c.value not in (None, "")}
    if not cells:
        return []
    rows, cols = max(r for r, _ in cells), max(c for _, c in cells)
    if rows > MAX_ROWS + 1:
        raise _too_many(path, f"{MAX_ROWS} baris jawaban (lembar '{sheet.name}' terisi sampai baris {rows})")
    if cols > MAX_COLUMNS:
        raise _too_many(path, f"{MAX_COLUMNS} kolom (lembar '{sheet.name}')")
    table = [[None] * cols for _ in range(rows)]
    for (r, c), value in cells.items():
        table[r - 1][c - 1] = book.date_serial(value)
    return table


def _text_table(path: Path, head: bytes) -> list[list[object]]:
    """A CSV (comma, semicolon) or tab-separated text, read as a stream and stopped at MAX_ROWS."""
    encoding = next((name for bom, name in _BOMS if head.startswith(bom)), None)
    if encoding is None and b"\x00" in head:
        # UTF-16 without its mark has a NUL beside every ASCII letter; anything else with NULs is binary
        odd, even = head[1::2].count(0), head[0::2].count(0)
        if max(odd, even) < len(head) // 4:
            raise SurveyError(f"{path}: bukan berkas teks CSV (berisi data biner); ekspor survei sebagai CSV "
                              "atau XLSX dari Google Forms/Microsoft Forms")
        encoding = "utf-16-le" if odd > even else "utf-16-be"
    for attempt in ([encoding] if encoding else ["utf-8", "cp1252"]):
        try:
            return _csv_rows(path, attempt)
        except UnicodeDecodeError as exc:
            failed = exc
    raise SurveyError(f"{path}: teks berkas tidak terbaca sebagai UTF-8 maupun Windows-1252 ({failed.reason}); "
                      "simpan ulang sebagai CSV UTF-8") from None


def _csv_rows(path: Path, encoding: str) -> list[list[object]]:
    with open(path, encoding=encoding, newline="") as fh:
        sample = fh.read(65536)
        # the delimiter that splits the header into the most columns, quotes respected
        delimiter = max((",", ";", "\t"), key=lambda d: len(next(csv.reader(io.StringIO(sample), delimiter=d), [])))
        fh.seek(0)
        rows = []
        reader = csv.reader(fh, delimiter=delimiter)
        try:
            for row in reader:
                if len(rows) > MAX_ROWS:
                    raise _too_many(path, f"{MAX_ROWS} baris jawaban")
                if len(row) > MAX_COLUMNS:
                    raise _too_many(path, f"{MAX_COLUMNS} kolom (baris {reader.line_num})")
                rows.append(row)
        except csv.Error as exc:
            raise SurveyError(f"{path}: baris {reader.line_num} bukan CSV yang sah ({exc})") from None
    if rows and rows[0] and rows[0][0].startswith("\ufeff"):
        rows[0][0] = rows[0][0][1:]
    return rows


def _matches(header: str, words: tuple[str, ...]) -> bool:
    return any(w in header for w in words)


def read_survey(path: str | Path, mapping: str | Path | None = None) -> Survey:
    rows = read_table(path)
    if not rows or not any(str(h or "").strip() for h in rows[0]):
        raise SurveyError(f"{path}: baris pertama harus berisi judul kolom (pertanyaan survei)")
    headers = [str(h or "").strip() for h in rows[0]]
    lowered = [_norm(h) for h in headers]
    body = rows[1:]
    texts = answer_texts(mapping)
    columns: dict[str, str] = {}
    taken: set[int] = set()
    profile_cols: dict[str, int] = {}
    for key, words in PROFILE:
        for c, h in enumerate(lowered):
            # a question ("Bagaimana ... jenis pelayanannya?") is an unsur, never a profile field
            if c not in taken and _matches(h, words) and "?" not in h and not h.startswith("bagaimana"):
                profile_cols[key] = c
                taken.add(c)
                columns[key] = headers[c]
                break
    unsur_cols = _unsur_columns(headers, lowered, body, texts, taken)
    for u, c in enumerate(unsur_cols):
        columns[f"unsur {u + 1}"] = headers[c]
    _refuse_unscorable(headers, body, unsur_cols, texts)
    survey = Survey(str(path), [], [], columns,
                    [h for c, h in enumerate(headers) if h and c not in taken and c not in unsur_cols])
    seen: dict[tuple, int] = {}
    for i, row in enumerate(body, 2):
        cells = list(row) + [None] * (len(headers) - len(row))
        if all(c is None or _norm(c) == "" for c in cells):
            survey.problems.append(Problem(i, "", "baris kosong; dilewati"))
            continue
        answers: list[int | None] = []
        unknown: list[Problem] = []
        for u, c in enumerate(unsur_cols):
            try:
                answers.append(score(u, cells[c], texts))
            except KeyError:
                answers.append(None)
                unknown.append(Problem(i, headers[c], f"jawaban '{shown(cells[c])}' tidak dikenal untuk unsur {u + 1} "
                                                      f"({UNSUR_2017[u]}); tidak dihitung.{_meant(cells[c], texts[u])} "
                                                      "Tambahkan teksnya ke berkas pemetaan (--jawaban) bila ini "
                                                      "jawaban sah"))
        stamp = cells[profile_cols["waktu"]] if "waktu" in profile_cols else None
        try:
            waktu = _timestamp(stamp) if stamp not in (None, "") else None
        except ValueError:
            raise SurveyError(f"{path}: baris {i}, kolom '{headers[profile_cols['waktu']]}': tanggal "
                              f"'{shown(stamp)}' tidak ada di kalender; perbaiki tanggalnya di berkas survei") from None
        # a form sent twice: the same moment and the same answers (without a time, two people
        # may well answer alike)
        key = (str(stamp), tuple(answers))
        if stamp not in (None, "") and key in seen:
            survey.problems.append(Problem(i, "", f"kiriman ganda: waktu dan jawaban sama dengan baris {seen[key]}; "
                                                  "dilewati"))
            continue
        seen[key] = i
        survey.problems.extend(unknown)
        if all(a is None for a in answers):
            survey.problems.append(Problem(i, "", "tidak ada jawaban unsur yang sah; baris dilewati"))
            continue
        profile = {k: _profile_text(cells[c]) for k, c in profile_cols.items()
                   if k != "waktu" and cells[c] is not None and str(cells[c]).strip()}
        survey.respondents.append(Respondent(i, answers, waktu, profile))
    return survey


def _profile_text(value: object) -> str:
    """A respondent field as text: an .xlsx age cell of 27.0 is "27", as the CSV has it."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _meant(value: object, texts: dict[str, int]) -> str:
    """' Mungkin maksudnya 'sangat sesuai'.' for a misspelt known answer, else ''."""
    close = difflib.get_close_matches(_norm(value), list(texts), n=1, cutoff=0.8)
    return f" Mungkin maksudnya '{close[0]}'." if close else ""


def _scorable(u: int, value: object, texts) -> bool | None:
    """True: a score; False: an answer it does not know; None: blank."""
    try:
        return score(u, value, texts) is not None or None
    except KeyError:
        return False


def _refuse_unscorable(headers, body, unsur_cols, texts) -> None:
    """An unsur column whose answers are mostly unknown is a scale iku-excel cannot read, not a few
    typing slips: noting its cells one by one would make an IKM of the rest, so the import stops and
    says how to map the scale."""
    bad = []
    for u, c in enumerate(unsur_cols):
        values = [r[c] for r in body if c < len(r)]
        judged = [(v, _scorable(u, v, texts)) for v in values]
        unknown = [v for v, ok in judged if ok is False]
        good = sum(1 for _, ok in judged if ok)
        if unknown and len(unknown) >= good:
            examples = list(dict.fromkeys(_norm(v) for v in unknown))
            bad.append((u, headers[c], examples, len(unknown), len(unknown) + good))
    if not bad:
        return
    lines = [f"  unsur {u + 1} ({UNSUR_2017[u]}), kolom '{shown(h)}': {n} dari {total} jawaban tidak dapat dinilai, "
             "misalnya " + ", ".join(f"'{shown(e)}'" for e in examples[:4]) for u, h, examples, n, total in bad]
    example = list(dict.fromkeys(e for *_, examples, _n, _t in bad for e in examples))[:6]
    mapping = "\n".join(f"    {shown(e)}: ?" for e in example)
    raise SurveyError("jawaban survei tidak dapat dinilai 1–4; tidak ada yang diimpor:\n" + "\n".join(lines) +
                      "\nTulis arti setiap teks jawaban dalam berkas pemetaan (YAML), ganti ? dengan nilai 1–4, lalu "
                      "jalankan lagi dengan --jawaban BERKAS:\n  semua:\n" + mapping +
                      "\n(atau per unsur, misalnya  4: {Gratis: 4}).")


def _unsur_columns(headers, lowered, body, texts, taken) -> list[int]:
    """The column of each unsur: by its words, and where two columns fit, by which holds answers.
    Two columns both holding answers to the same unsur are refused: which one counts is not ours
    to guess."""
    chosen: list[int] = []
    problems = []
    for u, words in enumerate(_UNSUR_KEYWORDS):
        candidates = [c for c, h in enumerate(lowered) if c not in taken and _matches(h, words)]
        if len(candidates) > 1:
            def answered(c: int) -> float:
                judged = [_scorable(u, r[c], texts) for r in body if c < len(r)]
                judged = [ok for ok in judged if ok is not None]
                return sum(judged) / len(judged) if judged else 0.0

            rates = {c: answered(c) for c in candidates}
            holding = [c for c in candidates if rates[c] >= 0.5]
            candidates = holding if holding else [c for c in candidates if rates[c] == max(rates.values()) > 0]
        if len(candidates) != 1:
            found = ", ".join(f"'{shown(headers[c])}'" for c, h in enumerate(lowered) if _matches(h, words))
            if len(candidates) > 1:
                found += " (keduanya berisi jawaban: hapus atau ganti judul salah satunya)"
            problems.append(f"unsur {u + 1} ({UNSUR_2017[u]}): kolom yang cocok {found or 'tidak ada'}"
                            + (_misspelt(words, headers, lowered, taken) if not found else ""))
            continue
        chosen.append(candidates[0])
        taken.add(candidates[0])
    if problems:
        listed = "; ".join(f"'{shown(h)}'" for h in headers if h)
        raise SurveyError("kolom unsur tidak dapat ditentukan: " + "; ".join(problems) +
                          f". Kolom di berkas: {listed}. Ubah judul kolom agar memuat nama unsurnya.")
    return chosen


def _misspelt(words, headers, lowered, taken) -> str:
    """' (mungkin 'Persyaratn pelayanan'?)' when a free column has a word close to the unsur's."""
    for c, h in enumerate(lowered):
        if c not in taken and any(difflib.get_close_matches(w, re.findall(r"\w+", h), n=1, cutoff=0.8) for w in words):
            return f" (mungkin '{shown(headers[c])}'? periksa ejaan judulnya)"
    return ""


_GOOGLE = re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2}) (\d{1,2}):(\d{2}):(\d{2})(?: ?(?:GMT|UTC)([+-]\d{1,2})(?::?(\d{2}))?)?")
_ISO = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}")
_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?")


def _timestamp(value: object) -> dt.datetime | None:
    """Google Forms "2025/03/14 10:22:31 GMT+7", Microsoft Forms "3/14/25 10:22:31" (as a date
    cell in XLSX: its serial number), a paper sheet's "14/03/2025"; the local time of the office
    is kept. A date that is not in the calendar (30 February, month 13) raises ValueError."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 1 <= value < 2958466:
        return from_serial(float(value))
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time())
    text = str(value or "").strip()
    m = _GOOGLE.match(text)
    if m:
        y, mo, d, h, mi, s = (int(x) for x in m.groups()[:6])
        return dt.datetime(y, mo, d, h, mi, s)
    m = _DMY.match(text)
    if m:
        d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        return dt.datetime(y, mo, d, int(m.group(4) or 0), int(m.group(5) or 0), int(m.group(6) or 0))
    try:
        return dt.datetime.fromisoformat(text).replace(tzinfo=None)
    except ValueError:
        if _ISO.match(text):
            raise
        return None


def grouped(problems: list[Problem], rows_shown: int = 8) -> list[str]:
    """The notes as lines, one per column and message, listing the rows it applies to: the same
    unknown answer in 280 rows is one line, not 280."""
    rows: dict[tuple[str, str], list[int]] = {}
    for p in problems:
        rows.setdefault((p.column, p.message), []).append(p.row)
    lines = []
    for (column, message), at in rows.items():
        listed = ", ".join(str(r) for r in at[:rows_shown]) + (f", … ({len(at)} baris)" if len(at) > rows_shown else "")
        where = f"baris {listed}" + (f", kolom '{shown(column)}'" if column else "")
        lines.append(f"{where}: {message}")
    return lines
