"""IKM per PermenPANRB 14/2017, checked against hand computations and a published SKM."""

import pytest

from iku_excel.calc import ikm
from iku_excel.calc.errors import InvalidInput, MissingValue

BANTUL_2023_NRR = [3.31, 3.35, 3.49, 3.93, 3.45, 3.39, 3.39, 3.76, 3.35]


def test_bantul_skm_2023_published_result():
    # Kab. Bantul, Dinas Pertanahan dan Tata Ruang, SKM 2023: sum 31,42 → 31,42 ÷ 9 × 25 = 87,2778 → 87,28, B.
    result = ikm.from_nrr(BANTUL_2023_NRR)
    assert result.ikm_unrounded == pytest.approx(87.2778, abs=1e-4)
    assert result.ikm == 87.28
    assert (result.mutu, result.kinerja) == ("B", "Baik")


def test_legacy_weight_0_11_gives_the_known_wrong_result():
    # All NRR 3,5: exact 3,5 × 25 = 87,50; with the printed weight 0,11: 9 × 3,5 × 0,11 × 25 = 86,625 → 86,63.
    nrr = [3.5] * 9
    assert ikm.from_nrr(nrr).ikm == 87.5
    assert ikm.from_nrr(nrr, "2017_bobot_0,11").ikm == 86.63


def test_ikm_from_answers_by_hand():
    # Two respondents. Unsur 1: (4+3)/2 = 3,5; unsur 2..9: all 3 → NRR 3.
    # IKM = (3,5 + 8 × 3) / 9 × 25 = 27,5 / 9 × 25 = 76,3889 → 76,39 → C (below 76,61).
    block = [[4, 3, 3, 3, 3, 3, 3, 3, 3], [3, 3, 3, 3, 3, 3, 3, 3, 3]]
    result = ikm.ikm(block)
    assert result.nrr[0] == 3.5 and result.nrr[1:] == [3.0] * 8
    assert result.ikm == 76.39
    assert result.mutu == "C" and result.kinerja == "Kurang Baik"
    assert result.respondents == 2 and result.missing == []


def test_blank_and_out_of_range_answers_are_missing_not_zero():
    # Respondent 2 left unsur 1 blank and answered 5 for unsur 2: both are missing,
    # so NRR 1 = 4/1 and NRR 2 = 4/1, never (4+0)/2.
    block = [[4, 4, 4, 4, 4, 4, 4, 4, 4], [None, 5, 4, 4, 4, 4, 4, 4, "x"]]
    result = ikm.ikm(block)
    assert result.nrr == [4.0] * 9
    assert result.ikm == 100.0
    assert [(m.row, m.column) for m in result.missing] == [(1, 0), (1, 1), (1, 8)]
    assert "di luar 1–4" in result.missing[1].reason


def test_empty_rows_are_not_respondents():
    block = [[3] * 9, [None] * 9, ["", " "] + [None] * 7]
    assert ikm.ikm(block).respondents == 1


def test_unsur_without_any_valid_answer_is_an_error():
    block = [[3] * 8 + [None], [4] * 8 + [0]]
    with pytest.raises(InvalidInput, match="unsur 9"):
        ikm.ikm(block)


def test_wrong_width_and_no_answers():
    with pytest.raises(InvalidInput, match="8 kolom"):
        ikm.ikm([[3] * 8])
    with pytest.raises(MissingValue):
        ikm.ikm([[None] * 9])


@pytest.mark.parametrize(
    "value, mutu, kinerja",
    [(88.31, "A", "Sangat Baik"), (88.30, "B", "Baik"), (76.61, "B", "Baik"), (76.60, "C", "Kurang Baik"),
     (65.00, "C", "Kurang Baik"), (64.99, "D", "Tidak Baik"), (100, "A", "Sangat Baik"), (25, "D", "Tidak Baik"),
     (88.305, "A", "Sangat Baik"), (88.304, "B", "Baik")],
)
def test_mutu_boundaries(value, mutu, kinerja):
    # Half-open comparisons on the rounded IKM; 88,305 rounds to 88,31.
    assert ikm.mutu(value) == mutu
    assert ikm.kinerja(value) == kinerja


def test_mutu_outside_scale():
    with pytest.raises(InvalidInput):
        ikm.mutu(101)
    with pytest.raises(InvalidInput):
        ikm.mutu(10)


@pytest.mark.parametrize("value, mutu", [(81.26, "A"), (81.25, "B"), (62.51, "B"), (62.50, "C"), (43.76, "C"), (43.75, "D")])
def test_2004_band_set(value, mutu):
    assert ikm.mutu(value, "ikm_2004") == mutu


def test_2004_method_uses_14_unsur_exact_weight():
    result = ikm.ikm([[3] * 14, [4] * 14], method="2004")
    assert result.ikm == 87.5 and result.mutu == "A"


@pytest.mark.parametrize(
    "population, sample",
    [(100, 80), (1000, 278), (10000, 370), (1_000_000, 384), (100_000, 384), (10, 10), (5, 5), (105, 86), (75_001, 384)],
)
def test_krejcie_morgan_table(population, sample):
    assert ikm.minimum_sample(population) == sample


def test_krejcie_morgan_formula_differs_from_table_at_100000():
    assert ikm.krejcie_morgan_formula(100) == 80
    assert ikm.krejcie_morgan_formula(100_000) == 383  # the printed table says 384; the table wins


def test_unsur_matched_by_name_when_8_and_9_are_swapped():
    headers = list(ikm.UNSUR_2017)
    headers[7], headers[8] = headers[8], headers[7]
    order = ikm.match_unsur(["No", "Layanan"] + headers)
    assert order == [2, 3, 4, 5, 6, 7, 8, 10, 9]


def test_nrr_of_one_column():
    assert ikm.nrr([4, 3, None, 5, 3]) == pytest.approx(10 / 3)
