"""IKM from SKM answers — PermenPANRB 14/2017 (DOMAIN.md §3).

- Each answer scores 1–4. A blank or out-of-range answer is missing, never 0,
  and is reported with its position.
- NRR per unsur = sum of the valid scores ÷ number of valid answers for that unsur.
- IKM = mean of the NRR × 25: every unsur weighs exactly 1/n. The regulation
  prints the weight as 0,11 (1/9) and the 2004 rule as 0,071 (1/14); those
  rounded weights give wrong results (0,11 turns 91,48 into 90,56) and are
  offered only as explicit legacy methods.
- Only the final IKM is rounded (half-up, 2 decimals) and that rounded value
  is classified: >= 88,31 A, >= 76,61 B, >= 65,00 C, else D.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from iku_excel.calc.bands import Band, band_set
from iku_excel.calc.errors import InvalidInput, MissingValue
from iku_excel.calc.numbers import format_number, is_blank, parse_number, require_number, round_half_up

UNSUR_2017 = (
    "Persyaratan",
    "Sistem, Mekanisme, dan Prosedur",
    "Waktu Penyelesaian",
    "Biaya/Tarif",
    "Produk Spesifikasi Jenis Pelayanan",
    "Kompetensi Pelaksana",
    "Perilaku Pelaksana",
    "Penanganan Pengaduan, Saran dan Masukan",
    "Sarana dan Prasarana",
)

# Words that identify each 2017 unsur in a survey header, so that columns are
# matched by name, not position (many offices print unsur 8 and 9 swapped).
_UNSUR_KEYWORDS = (
    ("persyaratan",),
    ("prosedur", "mekanisme", "sistem"),
    ("waktu",),
    ("biaya", "tarif"),
    ("produk", "spesifikasi"),
    ("kompetensi",),
    ("perilaku",),
    ("pengaduan", "masukan"),  # not "saran": it is a prefix of "sarana"
    ("sarana", "prasarana"),
)
IKM_BANDS = "ikm_2017"  # the band set of the mutu and kinerja, everywhere they are shown


@dataclass(frozen=True)
class Method:
    """How IKM is computed: number of unsur, weight per unsur, band set."""

    name: str
    unsur: int
    weight: float | None  # None: the exact 1/unsur
    bands: str

    def weight_value(self) -> float:
        return 1.0 / self.unsur if self.weight is None else self.weight


METHODS = {
    "2017": Method("2017", 9, None, IKM_BANDS),
    "2017_bobot_0,11": Method("2017_bobot_0,11", 9, 0.11, IKM_BANDS),
    "2004": Method("2004", 14, None, "ikm_2004"),
    "2004_bobot_0,071": Method("2004_bobot_0,071", 14, 0.071, "ikm_2004"),
}


@dataclass(frozen=True)
class MissingAnswer:
    """One answer that was not counted: row and column are 0-based in the block."""

    row: int
    column: int
    value: object
    reason: str


@dataclass
class IkmResult:
    nrr: list[float]
    ikm: float  # rounded to 2 decimals
    ikm_unrounded: float
    mutu: str
    kinerja: str
    respondents: int
    method: str
    missing: list[MissingAnswer] = field(default_factory=list)


_SCORES = frozenset((1.0, 2.0, 3.0, 4.0))


def _score(value: object) -> tuple[float | None, str | None]:
    """A valid 1–4 score, or (None, why it is missing)."""
    if type(value) is float and value in _SCORES:  # most answers: a number read from a cell
        return value, None
    if is_blank(value):
        return None, "kosong"
    try:
        number = parse_number(value, "jawaban")
    except InvalidInput:
        return None, f"'{value}' bukan angka 1–4"
    if number not in (1.0, 2.0, 3.0, 4.0):
        return None, f"{format_number(number)} di luar 1–4"
    return number, None


def as_rows(block: object) -> list[list[object]]:
    """A block as rows: a scalar is one cell, a flat list is one column of
    answers (one respondent per row is how the SKM register is laid out)."""
    if isinstance(block, (list, tuple)):
        if all(isinstance(r, (list, tuple)) for r in block):
            return [list(r) for r in block]
        return [[v] for v in block]
    return [[block]]


def nrr(answers: object) -> float:
    """NRR of one unsur: the mean of its valid 1–4 answers (blanks and
    out-of-range answers are missing, never 0)."""
    scores = [s for row in as_rows(answers) for s in (_score(v)[0] for v in row) if s is not None]
    if not scores:
        raise MissingValue("belum ada jawaban 1–4 yang sah")
    return sum(scores) / len(scores)


def ikm(block: object, method: str = "2017") -> IkmResult:
    """IKM from a respondents × unsur block (one row per respondent, the unsur in
    the regulation's order). Rows with no answer at all are empty register rows
    and are skipped; every other blank or invalid answer is listed in `missing`.

    Bantul SKM 2023 (DOMAIN.md §3): NRR 3,31 3,35 3,49 3,93 3,45 3,39 3,39 3,76
    3,35 → 31,42 ÷ 9 × 25 = 87,2778 → IKM 87,28, mutu B.
    """
    if method not in METHODS:
        raise InvalidInput(f"metode IKM '{method}' tidak dikenal; pilih {', '.join(METHODS)}")
    spec = METHODS[method]
    rows = [r for r in as_rows(block) if not all(is_blank(v) for v in r)]
    if not rows:
        raise MissingValue("belum ada jawaban responden")
    width = max(len(r) for r in rows)
    if width != spec.unsur:
        raise InvalidInput(f"blok jawaban memiliki {width} kolom, padahal metode {method} memakai {spec.unsur} unsur")
    sums = [0.0] * width
    counts = [0] * width
    missing: list[MissingAnswer] = []
    for i, row in enumerate(rows):
        for j in range(width):
            value = row[j] if j < len(row) else None
            score, why = _score(value)
            if score is None:
                missing.append(MissingAnswer(i, j, value, why or ""))
            else:
                sums[j] += score
                counts[j] += 1
    empty = [j for j in range(width) if counts[j] == 0]
    if empty:
        names = ", ".join(f"unsur {j + 1}" for j in empty)
        raise InvalidInput(f"tidak ada jawaban sah untuk {names}: IKM tidak dapat dihitung")
    nrrs = [sums[j] / counts[j] for j in range(width)]
    return from_nrr(nrrs, method, respondents=len(rows), missing=missing)


def from_nrr(nrrs: list[float], method: str = "2017", *, respondents: int = 0,
             missing: list[MissingAnswer] | None = None) -> IkmResult:
    """IKM from the NRR of each unsur (for offices that publish only the NRR)."""
    spec = METHODS[method]
    if len(nrrs) != spec.unsur:
        raise InvalidInput(f"ada {len(nrrs)} NRR, padahal metode {method} memakai {spec.unsur} unsur")
    for j, value in enumerate(nrrs):
        if not 1.0 <= value <= 4.0:
            raise InvalidInput(f"NRR unsur {j + 1} ({format_number(value)}) di luar 1–4")
    # sum ÷ n rather than Σ(NRR × 1/n): the exact weight, and no accumulated
    # rounding from a weight that cannot be written in binary.
    if spec.weight is None:
        raw = sum(nrrs) / spec.unsur * 25
    else:
        raw = sum(v * spec.weight for v in nrrs) * 25
    value = round_half_up(raw, 2)
    band = _band(value, spec.bands)
    return IkmResult(list(nrrs), value, raw, band.kode, band.label, respondents, method, list(missing or []))


def _band(value: float, bands: str) -> Band:
    return band_set(bands).classify(value)


def mutu(value: object, bands: str = IKM_BANDS) -> str:
    """Mutu pelayanan A–D of an IKM value (rounded to 2 decimals first)."""
    number = parse_number(value, "nilai IKM")
    if number is None:
        raise MissingValue("nilai IKM belum ada")
    return _band(number, bands).kode


def kinerja(value: object, bands: str = IKM_BANDS) -> str:
    """Kinerja unit pelayanan (Sangat Baik … Tidak Baik) of an IKM value."""
    number = parse_number(value, "nilai IKM")
    if number is None:
        raise MissingValue("nilai IKM belum ada")
    return _band(number, bands).label


def match_unsur(headers: list[object]) -> list[int]:
    """For each 2017 unsur (in the regulation's order), the index of the header
    that names it. Raises when an unsur is missing or named twice."""
    found: list[int | None] = [None] * len(UNSUR_2017)
    for col, header in enumerate(headers):
        text = str(header or "").lower()
        hits = [u for u, words in enumerate(_UNSUR_KEYWORDS) if any(w in text for w in words)]
        if not hits:
            continue
        if len(hits) > 1:
            raise InvalidInput(f"judul kolom '{header}' cocok dengan lebih dari satu unsur")
        unsur = hits[0]
        if found[unsur] is not None:
            raise InvalidInput(f"unsur '{UNSUR_2017[unsur]}' muncul dua kali di judul kolom")
        found[unsur] = col
    absent = [UNSUR_2017[u] for u, c in enumerate(found) if c is None]
    if absent:
        raise InvalidInput(f"judul kolom tidak memuat unsur: {', '.join(absent)}")
    return [c for c in found if c is not None]


# Krejcie & Morgan (1970) table, as reproduced in PermenPANRB 14/2017:
# population N -> minimum respondents S. Between rows the next larger N is
# used, so the minimum is never understated.
KREJCIE_MORGAN = (
    (10, 10), (15, 14), (20, 19), (25, 24), (30, 28), (35, 32), (40, 36), (45, 40), (50, 44), (55, 48),
    (60, 52), (65, 56), (70, 59), (75, 63), (80, 66), (85, 70), (90, 73), (95, 76), (100, 80), (110, 86),
    (120, 92), (130, 97), (140, 103), (150, 108), (160, 113), (170, 118), (180, 123), (190, 127), (200, 132),
    (210, 136), (220, 140), (230, 144), (240, 148), (250, 152), (260, 155), (270, 159), (280, 162), (290, 165),
    (300, 169), (320, 175), (340, 181), (360, 186), (380, 191), (400, 196), (420, 201), (440, 205), (460, 210),
    (480, 214), (500, 217), (550, 226), (600, 234), (650, 242), (700, 248), (750, 254), (800, 260), (850, 265),
    (900, 269), (950, 274), (1000, 278), (1100, 285), (1200, 291), (1300, 297), (1400, 302), (1500, 306),
    (1600, 310), (1700, 313), (1800, 317), (1900, 320), (2000, 322), (2200, 327), (2400, 331), (2600, 335),
    (2800, 338), (3000, 341), (3500, 346), (4000, 351), (4500, 354), (5000, 357), (6000, 361), (7000, 364),
    (8000, 367), (9000, 368), (10000, 370), (15000, 375), (20000, 377), (30000, 379), (40000, 380),
    (50000, 381), (75000, 382), (100000, 384),
)


def krejcie_morgan_formula(population: float) -> int:
    """S = 3,841·N·0,25 ÷ (0,0025·(N−1) + 3,841·0,25), rounded half-up."""
    return int(round_half_up(3.841 * population * 0.25 / (0.0025 * (population - 1) + 3.841 * 0.25), 0))


def minimum_sample(population: object) -> int:
    """Minimum SKM respondents for a population (Krejcie–Morgan table):
    100 → 80, 1.000 → 278, 10.000 → 370, 100.000 and more → 384.
    A population under 10 must be surveyed whole."""
    n = require_number(population, "populasi")
    if n != math.floor(n):
        raise InvalidInput(f"populasi harus bilangan bulat (tertulis {format_number(n)})")
    if n == 0:
        raise InvalidInput("populasi bernilai 0")
    for size, sample in KREJCIE_MORGAN:
        if n <= size:
            return int(min(sample, n))
    return KREJCIE_MORGAN[-1][1]
