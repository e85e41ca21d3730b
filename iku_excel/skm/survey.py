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
import io
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from iku_excel.calc.ikm import _UNSUR_KEYWORDS, UNSUR_2017

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
    if extra:
        try:
            mine = yaml.safe_load(Path(extra).read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
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
            for text, score in items:
                if score not in (1, 2, 3, 4):
                    raise SurveyError(f"{extra}: nilai '{score}' untuk '{text}' bukan 1–4")
                for u in targets:
                    table[u][_norm(text)] = int(score)
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

def read_table(path: str | Path) -> list[list[object]]:
    """The export's cells, header first."""
    path = Path(path)
    if not path.is_file():
        raise SurveyError(f"{path}: berkas survei tidak ada")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        import openpyxl

        try:
            wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:
            raise SurveyError(f"{path}: bukan buku kerja Excel yang terbaca ({type(exc).__name__})") from None
        ws = wb.worksheets[0]
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        wb.close()
        return rows
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    first = text.splitlines()[0] if text else ""
    delimiter = ";" if first.count(";") > first.count(",") else ","
    return [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]


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
    survey = Survey(str(path), [], [], columns)
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
                unknown.append(Problem(i, headers[c], f"jawaban '{cells[c]}' tidak dikenal untuk unsur {u + 1} "
                                                      f"({UNSUR_2017[u]}); tidak dihitung. Tambahkan teksnya ke berkas "
                                                      "pemetaan (--jawaban) bila ini jawaban sah"))
        stamp = cells[profile_cols["waktu"]] if "waktu" in profile_cols else None
        waktu = _timestamp(stamp) if stamp not in (None, "") else None
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
        profile = {k: str(cells[c]).strip() for k, c in profile_cols.items()
                   if k != "waktu" and cells[c] is not None and str(cells[c]).strip()}
        survey.respondents.append(Respondent(i, answers, waktu, profile))
    return survey


def _unsur_columns(headers, lowered, body, texts, taken) -> list[int]:
    """The column of each unsur: by its words, and where two columns fit, by which holds answers."""
    chosen: list[int] = []
    problems = []
    for u, words in enumerate(_UNSUR_KEYWORDS):
        candidates = [c for c, h in enumerate(lowered) if c not in taken and _matches(h, words)]
        if len(candidates) > 1:
            def answered(c: int) -> float:
                values = [r[c] for r in body if c < len(r) and r[c] not in (None, "")]
                good = 0
                for v in values:
                    try:
                        good += score(u, v, texts) is not None
                    except KeyError:
                        pass
                return good / len(values) if values else 0.0

            rates = {c: answered(c) for c in candidates}
            best = max(rates.values())
            candidates = [c for c in candidates if rates[c] == best and best > 0]
        if len(candidates) != 1:
            found = ", ".join(f"'{headers[c]}'" for c, h in enumerate(lowered) if _matches(h, words)) or "tidak ada"
            problems.append(f"unsur {u + 1} ({UNSUR_2017[u]}): kolom yang cocok {found}")
            continue
        chosen.append(candidates[0])
        taken.add(candidates[0])
    if problems:
        listed = "; ".join(f"'{h}'" for h in headers if h)
        raise SurveyError("kolom unsur tidak dapat ditentukan: " + "; ".join(problems) +
                          f". Kolom di berkas: {listed}. Ubah judul kolom agar memuat nama unsurnya.")
    return chosen


_GOOGLE = re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2}) (\d{1,2}):(\d{2}):(\d{2})(?: ?(?:GMT|UTC)([+-]\d{1,2})(?::?(\d{2}))?)?")
_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?")


def _timestamp(value: object) -> dt.datetime | None:
    """Google Forms "2025/03/14 10:22:31 GMT+7", Microsoft Forms "3/14/25 10:22:31" (as a date
    cell in XLSX), a paper sheet's "14/03/2025"; the local time of the office is kept."""
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
        return None
