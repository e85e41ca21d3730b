"""Percentages, counts, growth, attendance and IDM status.

Results are on the 0–100 scale (84.0 means 84%) and are not rounded: the cell
format decides what is shown, and capaian is computed from the exact value.
"""

from __future__ import annotations

from collections.abc import Iterable

from iku_excel.calc.bands import band_set
from iku_excel.calc.errors import InvalidInput, MissingValue
from iku_excel.calc.numbers import format_number, parse_number, require_number, round_half_up


def percentage(numerator: object, denominator: object, *, what: tuple[str, str] = ("pembilang", "penyebut"),
               capped: bool = True) -> float:
    """numerator ÷ denominator × 100%.

    The IKU of seeds 000–003 ("hasil fasilitasi ... ditindaklanjuti ÷ fasilitasi
    ... dilakukan × 100%", "konflik tertangani ÷ seluruh konflik × 100%") and the
    ratios of seed 004. Both are counts, so neither may be negative, and with
    `capped` (the default: a part of a whole) the numerator may not exceed the
    denominator.
    """
    num_name, den_name = what
    num = require_number(numerator, num_name)
    den = require_number(denominator, den_name)
    if den == 0:
        raise InvalidInput(f"{den_name} bernilai 0: persentase tidak dapat dihitung")
    if capped and num > den:
        raise InvalidInput(
            f"{num_name} ({format_number(num)}) lebih besar dari {den_name} ({format_number(den)}): "
            "bagian tidak mungkin melebihi keseluruhan"
        )
    return num / den * 100.0


def growth(current: object, previous: object) -> float:
    """(nilai tahun N − nilai tahun N−1) ÷ nilai tahun N−1 × 100%.

    Seed 004, Camat: "(Σ Izin Tahun N – Σ Izin Tahun N−1) ÷ Σ Izin Tahun N−1".
    Negative growth is a real result (fewer permits than last year).
    """
    now = require_number(current, "nilai tahun ini")
    before = require_number(previous, "nilai tahun lalu")
    if before == 0:
        raise InvalidInput("nilai tahun lalu bernilai 0: pertumbuhan tidak dapat dihitung")
    return (now - before) / before * 100.0


def _absences(days_absent: object) -> list[float]:
    values = days_absent if isinstance(days_absent, (list, tuple)) else [days_absent]
    flat: list[object] = []
    for v in values:
        flat.extend(v if isinstance(v, (list, tuple)) else [v])
    result = []
    for v in flat:
        number = parse_number(v, "hari tidak masuk")
        if number is None:
            continue  # a pegawai with no absence written down was present every day
        if number < 0:
            raise InvalidInput(f"hari tidak masuk tidak boleh negatif (tertulis {format_number(number)})")
        result.append(number)
    return result


def _attendance_inputs(staff: object, working_days: object, days_absent: object) -> tuple[float, float, float]:
    n = require_number(staff, "jumlah pegawai", whole=True)
    days = require_number(working_days, "hari kerja efektif")
    if n == 0 or days == 0:
        raise InvalidInput("jumlah pegawai dan hari kerja efektif harus lebih dari 0")
    absences = _absences(days_absent)
    if any(a > days for a in absences):
        raise InvalidInput(
            f"hari tidak masuk seorang pegawai ({format_number(max(absences))}) melebihi hari kerja efektif ({format_number(days)})"
        )
    if len(absences) > n:
        raise InvalidInput(f"ada {len(absences)} isian hari tidak masuk untuk {format_number(n)} pegawai")
    total_absent = sum(absences)
    if total_absent > n * days:
        raise InvalidInput("jumlah hari tidak masuk melebihi jumlah pegawai × hari kerja efektif")
    return n, days, total_absent


def attendance(staff: object, working_days: object, days_absent: object) -> float:
    """Persentase kehadiran (DOMAIN.md §7, seed 004 Sekretaris Kecamatan):
    Σ (hari kerja efektif − hari tidak masuk) ÷ (jumlah pegawai × hari kerja efektif) × 100%.

    `days_absent` is one total or one value per pegawai (blank = 0 days). The
    number of working days is a parameter per year (247 in the seed, about 240
    in 2024), never a constant.
    """
    n, days, total_absent = _attendance_inputs(staff, working_days, days_absent)
    return (n * days - total_absent) / (n * days) * 100.0


def days_present(staff: object, working_days: object, days_absent: object) -> float:
    """Jumlah kehadiran PNS dalam 1 tahun (seed 004, Kasubag Umum):
    jumlah pegawai × Σ hari kerja efektif − Σ hari tidak masuk, in person-days."""
    n, days, total_absent = _attendance_inputs(staff, working_days, days_absent)
    return n * days - total_absent


def count(value: object, what: str = "jumlah") -> float:
    """A count typed or tallied (jumlah kegiatan, laporan, surat): whole and >= 0."""
    return require_number(value, what, whole=True)


def count_above(values: Iterable[object], threshold: float, digits: int | None = None) -> int:
    """How many values are strictly above `threshold`, each first rounded to `digits`
    decimals when given — the rounding its band set classifies with, so the count of
    desa above 0,8155 is exactly the number of desa whose status is Mandiri
    (0,81554 rounds to 0,8155: Maju, and not counted).

    Seed 003 (Larangan): "Jumlah Desa yang memiliki Indeks Desa Membangun lebih
    besar (>) dari 0,8155" — so a desa at exactly 0,8155 is Maju, not Mandiri.
    Blanks are skipped; text raises.
    """
    total = 0
    for v in values:
        number = parse_number(v, "nilai")
        if number is not None and digits is not None:
            number = round_half_up(number, digits)
        if number is not None and number > threshold:
            total += 1
    return total


IDM_BANDS = "idm_2016"  # the band set of the IDM status, and the rounding of IDM counts


def lowest_counted(threshold: float, digits: int) -> float:
    """The smallest value that rounds (half up, `digits` decimals) to above `threshold`:
    COUNTIF(range, ">="&this) counts what count_above(..., digits) counts, in any engine."""
    return round(threshold + 0.5 * 10 ** -digits, digits + 1)


def idm_status(idm: object, bands: str = IDM_BANDS) -> str:
    """Status desa from its IDM score (Permendesa PDTT 2/2016, DOMAIN.md §4):
    <= 0,4907 Sangat Tertinggal; <= 0,5989 Tertinggal; <= 0,7072 Berkembang;
    <= 0,8155 Maju; > 0,8155 Mandiri."""
    value = parse_number(idm, "nilai IDM")
    if value is None:
        raise MissingValue("nilai IDM belum diisi")
    return band_set(bands).classify(value).label
