"""Capaian, roll-ups and predikat (DOMAIN.md §5)."""

import pytest

from iku_excel.calc.capaian import capaian, predikat, rollup
from iku_excel.calc.errors import InvalidInput, MissingValue


def test_higher_is_better():
    assert capaian(88.46, 84) == 105.31  # 88,46 ÷ 84 × 100 = 105,3095…
    assert capaian(42, 50) == 84.0


def test_lower_is_better_examples_from_the_reference():
    assert capaian(6.5, 7, "turun") == 107.14  # (14 − 6,5) ÷ 7 = 107,142…
    assert capaian(9, 8, "turun") == 87.5  # (16 − 9) ÷ 8


def test_lower_is_better_equal_to_target_is_100_not_0():
    assert capaian(7, 7, "turun") == 100.0


def test_range_target():
    assert capaian(70, "80–90") == 87.5  # below: against the lower bound
    assert capaian(85, "80-90") == 100.0  # inside
    assert capaian(80, "80–90") == 100.0 and capaian(90, "80–90") == 100.0
    assert capaian(95, "80 s.d. 90") == 105.56  # above, higher is better: 95 ÷ 90
    assert capaian(95, "80–90", "turun") == 94.44  # above, lower is better: (180 − 95) ÷ 90


def test_decimal_comma_target_is_a_number():
    assert capaian(2.5, "2,5") == 100.0


def test_no_cap_above_100():
    assert capaian(300, 100) == 300.0


def test_target_zero_or_missing_gives_no_number_and_says_why():
    with pytest.raises(InvalidInput, match="target bernilai 0"):
        capaian(5, 0)
    with pytest.raises(MissingValue, match="target"):
        capaian(5, None)
    with pytest.raises(MissingValue, match="realisasi"):
        capaian(None, 80)


def test_unknown_polarity():
    with pytest.raises(InvalidInput, match="polaritas"):
        capaian(5, 5, "ke samping")


@pytest.mark.parametrize(
    "value, label",
    [(91, "Sangat Baik"), (90.99, "Baik"), (76, "Baik"), (75.99, "Cukup"), (66, "Cukup"), (65.99, "Kurang"),
     (51, "Kurang"), (50.99, "Sangat Kurang"), (0, "Sangat Kurang"), (150, "Sangat Baik"), (90.995, "Sangat Baik")],
)
def test_predikat_boundaries(value, label):
    assert predikat(value) == label


def test_predikat_other_label_set():
    assert predikat(80, "predikat_lkjip_tinggi_rendah") == "Tinggi"


def test_rollups():
    tw = [10, 12, None, 8]
    assert rollup(tw, "kumulatif") == 30
    assert rollup(tw, "nilai_akhir") == 8
    assert rollup(tw, "rata_rata") == 10
    assert rollup([85.5, 90, None, None], "nilai_akhir") == 90  # last reported, not the blank TW IV
    with pytest.raises(MissingValue):
        rollup([None] * 4, "kumulatif")
    with pytest.raises(InvalidInput):
        rollup([1], "median")
