"""Capaian (achievement against target), triwulan roll-ups and predikat (DOMAIN.md §5).

- Higher is better: capaian = realisasi ÷ target × 100%.
- Lower is better: capaian = (2 × target − realisasi) ÷ target × 100%
  (PermenPANRB 8/2021: (1 + (1 − R/T)) × 100%). Realisasi equal to target is 100%,
  not 0% (a known mistake of peer systems).
- Range target "80–90": inside the range capaian is 100%; outside it, realisasi
  is compared with the nearer bound using the indicator's own polarity
  (70 against 80–90 → 70 ÷ 80 = 87,5%).
- Target 0, missing target or missing realisasi: no number, and the reason.
- No general cap: above 100% is kept.
Capaian is rounded half-up to 2 decimals, as printed in LKjIP tables, so that
the predikat of a value and the value shown never disagree.
"""

from __future__ import annotations

from collections.abc import Sequence

from iku_excel.calc.bands import band_set
from iku_excel.calc.errors import InvalidInput, MissingValue
from iku_excel.calc.numbers import Target, parse_number, parse_target, round_half_up

HIGHER = "naik"
LOWER = "turun"
POLARITIES = (HIGHER, LOWER)

ROLLUPS = ("kumulatif", "nilai_akhir", "rata_rata")

_POLARITY_WORDS = {
    "naik": HIGHER, "positif": HIGHER, "maksimal": HIGHER, "max": HIGHER, "tinggi": HIGHER, "+": HIGHER,
    "turun": LOWER, "negatif": LOWER, "minimal": LOWER, "min": LOWER, "rendah": LOWER, "-": LOWER,
}


def polarity(value: object) -> str:
    """'naik' (higher is better) or 'turun' (lower is better); blank means naik."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return HIGHER
    key = str(value).strip().lower()
    if key not in _POLARITY_WORDS:
        raise InvalidInput(f"polaritas '{value}' tidak dikenal; tulis 'naik' atau 'turun'")
    return _POLARITY_WORDS[key]


def _against(realisasi: float, target: float, direction: str) -> float:
    if target == 0:
        raise InvalidInput("target bernilai 0: capaian tidak dapat dihitung; tetapkan target selain 0")
    if direction == HIGHER:
        return realisasi / target * 100.0
    return (2 * target - realisasi) / target * 100.0


def capaian(realisasi: object, target: object, direction: object = HIGHER) -> float:
    """Capaian in percent, rounded half-up to 2 decimals.

    Examples (DOMAIN.md §5): target 7, realisasi 6,5, lower is better → 107,14;
    target 8, realisasi 9, lower is better → 87,5; 70 against "80–90" → 87,5.
    """
    sense = polarity(direction)
    goal = parse_target(target)
    if goal is None:
        raise MissingValue("target belum diisi")
    actual = parse_number(realisasi, "realisasi")
    if actual is None:
        raise MissingValue("realisasi belum diisi")
    return round_half_up(_capaian(actual, goal, sense), 2)


def _capaian(actual: float, goal: Target, sense: str) -> float:
    if not goal.is_range:
        return _against(actual, goal.low, sense)
    if goal.low <= actual <= goal.high:
        return 100.0
    bound = goal.high if actual > goal.high else goal.low
    return _against(actual, bound, sense)


def rollup(values: Sequence[object], method: str) -> float:
    """Annual realisasi from the triwulan values, by the indicator's roll-up:
    kumulatif (sum of the TW reported), nilai_akhir (the last TW reported),
    rata_rata (mean of the TW reported). Blank TW are not reported yet and
    are skipped, never read as 0."""
    if method not in ROLLUPS:
        raise InvalidInput(f"cara rekap '{method}' tidak dikenal; pilih {', '.join(ROLLUPS)}")
    numbers = [n for n in (parse_number(v, f"realisasi TW {i + 1}") for i, v in enumerate(values)) if n is not None]
    if not numbers:
        raise MissingValue("belum ada realisasi triwulan yang diisi")
    if method == "kumulatif":
        return sum(numbers)
    if method == "nilai_akhir":
        return numbers[-1]
    return sum(numbers) / len(numbers)


PREDIKAT_BANDS = "predikat_lkjip"  # the band set of the predikat, everywhere it is shown


def predikat(value: object, bands: str = PREDIKAT_BANDS) -> str:
    """The predikat of a capaian: >= 91 Sangat Baik, >= 76 Baik, >= 66 Cukup,
    >= 51 Kurang, below Sangat Kurang (LKjIP practice; labels are a band set)."""
    number = parse_number(value, "capaian")
    if number is None:
        raise MissingValue("capaian belum ada")
    return band_set(bands).classify(number).label
