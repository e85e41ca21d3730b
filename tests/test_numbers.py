"""Numbers as Indonesian users type them."""

import pytest

from iku_excel.calc.errors import InvalidInput, MissingValue
from iku_excel.calc.numbers import format_number, parse_number, parse_target, require_number, round_half_up


@pytest.mark.parametrize(
    "text, expected",
    [
        ("84,5", 84.5), ("84,5%", 84.5), ("84,5 %", 84.5), ("1.234,5", 1234.5), ("1.234", 1234.0),
        ("84.5", 84.5), ("1,234.5", 1234.5), ("  89 ", 89.0), ("\u00a012,25", 12.25), ("-3,5", -3.5),
        ("100%", 100.0), (84.5, 84.5), (7, 7.0),
    ],
)
def test_parses_indonesian_and_english_notation(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize("blank", [None, "", "   ", "\u00a0"])
def test_blank_is_none_never_zero(blank):
    assert parse_number(blank) is None
    with pytest.raises(MissingValue):
        require_number(blank, "realisasi")


@pytest.mark.parametrize("text", ["delapan puluh", "84,5,3", "1.2.3", "n/a", "-", "%", "80–90"])
def test_text_is_rejected_with_its_value(text):
    with pytest.raises(InvalidInput) as err:
        parse_number(text, "realisasi")
    assert "realisasi" in err.value.message


def test_bool_and_nan_are_not_numbers():
    with pytest.raises(InvalidInput):
        parse_number(True)
    with pytest.raises(InvalidInput):
        parse_number(float("nan"))


@pytest.mark.parametrize(
    "text, low, high",
    [("80–90", 80, 90), ("80-90", 80, 90), ("80 - 90", 80, 90), ("80 s.d. 90", 80, 90), ("80 s/d 90", 80, 90),
     ("80,5–90,5", 80.5, 90.5), ("80%–90%", 80, 90), ("84", 84, 84), (84, 84, 84)],
)
def test_targets_and_ranges(text, low, high):
    target = parse_target(text)
    assert (target.low, target.high) == (low, high)
    assert target.is_range == (low != high)


def test_decimal_comma_is_never_a_range():
    # A known mistake of peer systems: "2,5" read as the range 2–5.
    target = parse_target("2,5")
    assert not target.is_range and target.low == 2.5


def test_reversed_range_is_invalid():
    with pytest.raises(InvalidInput):
        parse_target("90–80")


def test_negative_counts_rejected():
    with pytest.raises(InvalidInput):
        require_number(-1, "jumlah desa")
    with pytest.raises(InvalidInput):
        require_number(2.5, "jumlah desa", whole=True)


def test_round_half_up_matches_excel_round():
    # Python's round() gives 2,67 (the binary value is just below 2,675) and 0,12
    # (half to even); Excel's ROUND gives 2,68 and 0,13.
    assert round(2.675, 2) == 2.67 and round(0.125, 2) == 0.12
    assert round_half_up(2.675, 2) == 2.68 and round_half_up(0.125, 2) == 0.13
    assert round_half_up(87.2778, 2) == 87.28
    assert round_half_up(-1.005, 2) == -1.01


def test_format_number_indonesian():
    assert format_number(1234.5) == "1.234,5"
    assert format_number(84.0) == "84"
    assert format_number(107.142857) == "107,14"


def test_a_blank_cell_is_one_of_spaces_only_for_every_character():
    """is_blank's fast test (str.isspace) removes exactly what the parser's _SPACES does."""
    import sys

    from iku_excel.calc.numbers import _SPACES, is_blank

    differ = [c for c in map(chr, range(sys.maxunicode + 1)) if is_blank(c) != (not _SPACES.sub("", c))]
    assert differ == []
    assert is_blank(" \u00a0\u202f\t") and not is_blank(" x ")
