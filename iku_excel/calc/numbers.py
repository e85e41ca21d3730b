"""Numbers as Indonesian users type them.

Indonesian spreadsheets write the decimal comma and the thousands dot:
"84,5", "84,5%", "1.234,5". Users also paste English-style "84.5" and write
range targets as "80–90" or "80 s.d. 90". Locale rules are Babel's (CLDR data
for "id"), so we do not re-derive them here; this module only adds what CLDR
does not know: percent signs, ranges, blanks, and the refusal to guess.

A range needs an explicit separator between two numbers ("–", "-", "s.d.",
"s/d", "sampai"), so "2,5" is always the number 2.5 and never the range 2–5
(a known mistake of peer systems, DOMAIN.md §5).
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from iku_excel.calc.errors import InvalidInput, MissingValue

_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_NUMBER_TEXT = r"\d[\d.,]*"
_RANGE = re.compile(
    rf"^({_NUMBER_TEXT})\s*%?\s*(?:–|—|-|s\.?\s?d\.?|s/d|sampai(?:\s+dengan)?)\s*({_NUMBER_TEXT})\s*%?$",
    re.IGNORECASE,
)


def is_blank(value: object) -> bool:
    """An empty cell: None, "" or only spaces."""
    # str.isspace() is true exactly for the characters _SPACES removes (checked over all of Unicode)
    return value is None or (isinstance(value, str) and (not value or value.isspace()))


def parse_number(value: object, what: str = "nilai") -> float | None:
    """Read one number; None for a blank cell.

    Accepts numbers as they are and text in Indonesian ("84,5", "1.234,5",
    "84,5%") or, when that reading is impossible, English notation ("84.5").
    A trailing "%" is dropped, not divided: users type "84%" to mean 84 on the
    0–100 scale the templates use. Raises InvalidInput for anything else.
    """
    if isinstance(value, bool):
        raise InvalidInput(f"{what} berisi nilai logika ({value}), bukan angka")
    if isinstance(value, (int, float, Decimal)):
        number = float(value)
        if math.isnan(number) or math.isinf(number):
            raise InvalidInput(f"{what} bukan angka yang sah")
        return number
    if is_blank(value):
        return None
    if isinstance(value, (_dt.date, _dt.datetime)):
        raise InvalidInput(f"{what} berisi tanggal, bukan angka")
    if not isinstance(value, str):
        raise InvalidInput(f"{what} bukan angka ({type(value).__name__})")
    text = _SPACES.sub("", value)
    if text.endswith("%"):
        text = text[:-1]
    sign = 1.0
    if text[:1] in ("-", "−", "+"):
        sign = -1.0 if text[0] != "+" else 1.0
        text = text[1:]
    number = _parse_locale(text)
    if number is None:
        raise InvalidInput(f"{what} '{value}' bukan angka")
    return sign * number


def _parse_locale(text: str) -> float | None:
    # Imported here so that importing the formula library (and the UDF module
    # built on it) stays fast: Babel loads its locale data only when text is read.
    from babel.numbers import NumberFormatError, parse_decimal

    if not text or not text[0].isdigit():
        return None
    for locale in ("id", "en"):
        try:
            return float(parse_decimal(text, locale=locale, strict=True))
        except (NumberFormatError, ValueError):
            continue
    return None


@dataclass(frozen=True)
class Target:
    """A target: one number, or a range "80–90" (low <= high)."""

    low: float
    high: float

    @property
    def is_range(self) -> bool:
        return self.low != self.high

    def __str__(self) -> str:
        if not self.is_range:
            return format_number(self.low)
        return f"{format_number(self.low)}–{format_number(self.high)}"


def parse_target(value: object, what: str = "target") -> Target | None:
    """Read a target: a number, or a range written "80–90", "80-90", "80 s.d. 90"."""
    if isinstance(value, str) and not is_blank(value):
        match = _RANGE.match(value.strip())
        if match:
            low = parse_number(match.group(1), what)
            high = parse_number(match.group(2), what)
            assert low is not None and high is not None
            if low > high:
                raise InvalidInput(f"rentang {what} '{value}' terbalik: batas bawah lebih besar dari batas atas")
            return Target(low, high)
    number = parse_number(value, what)
    if number is None:
        return None
    return Target(number, number)


def require_number(value: object, what: str, *, minimum: float | None = 0.0, whole: bool = False) -> float:
    """A number that must be there: blank raises MissingValue, text or a value
    below `minimum` (counts are never negative) raises InvalidInput."""
    number = parse_number(value, what)
    if number is None:
        raise MissingValue(f"{what} belum diisi")
    if minimum is not None and number < minimum:
        raise InvalidInput(f"{what} tidak boleh kurang dari {format_number(minimum)} (tertulis {format_number(number)})")
    if whole and number != int(number):
        raise InvalidInput(f"{what} harus bilangan bulat (tertulis {format_number(number)})")
    return number


def round_half_up(value: float, digits: int = 2) -> float:
    """Round as Excel's ROUND does (half away from zero on the decimal digits
    the user sees), not as Python's round(), which rounds half to even on the
    binary value (round(87.275, 2) == 87.27)."""
    quantum = Decimal(1).scaleb(-digits)
    # float(): a numpy number repr()s as "np.float64(...)"
    return float(Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_HALF_UP))


def format_number(value: float, digits: int = 2, fixed: bool = False) -> str:
    """Indonesian notation for messages: 1234.5 -> "1.234,5"; 84.0 -> "84". `fixed`: always
    `digits` decimals (84,00 beside 84,50), as a column of a table shows them."""
    rounded = round_half_up(value, digits)
    if fixed:
        text = f"{rounded:,.{digits}f}"
    elif rounded == int(rounded):
        text = f"{int(rounded):,}"
    else:
        text = f"{rounded:,.{digits}f}".rstrip("0")
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
