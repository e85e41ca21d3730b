"""Percentages, growth, attendance, counts, IDM and on-time village documents."""

import datetime as dt

import pytest

from iku_excel.calc import basic, documents
from iku_excel.calc.errors import InvalidInput, MissingValue


def test_percentage():
    assert basic.percentage(42, 50) == 84.0
    assert basic.percentage("21", "25") == 84.0
    with pytest.raises(InvalidInput, match="penyebut bernilai 0"):
        basic.percentage(0, 0)
    with pytest.raises(InvalidInput, match="lebih besar"):
        basic.percentage(11, 10)
    with pytest.raises(InvalidInput):
        basic.percentage(-1, 10)
    with pytest.raises(MissingValue):
        basic.percentage(None, 10)


def test_growth():
    assert basic.growth(165, 150) == pytest.approx(10.0)  # (165 − 150) ÷ 150
    assert basic.growth(120, 150) == pytest.approx(-20.0)
    with pytest.raises(InvalidInput, match="tahun lalu bernilai 0"):
        basic.growth(10, 0)


def test_attendance_by_hand():
    # 20 pegawai × 247 hari = 4.940 hari; 50 hari tidak masuk → 4.890 ÷ 4.940 = 98,987854…%
    assert basic.attendance(20, 247, 50) == pytest.approx(4890 / 4940 * 100)
    # per pegawai, blanks are days present
    assert basic.attendance(3, 240, [2, None, 4]) == pytest.approx((720 - 6) / 720 * 100)
    assert basic.days_present(20, 247, 50) == 4890


def test_attendance_invalid():
    with pytest.raises(InvalidInput, match="melebihi hari kerja"):
        basic.attendance(2, 240, [241, 0])
    with pytest.raises(InvalidInput, match="negatif"):
        basic.attendance(2, 240, [-1, 0])
    with pytest.raises(InvalidInput, match="isian"):
        basic.attendance(1, 240, [1, 2])
    with pytest.raises(InvalidInput):
        basic.attendance(0, 240, 0)


def test_count_above_is_strict():
    # Seed 003: "lebih besar (>) dari 0,8155": a desa at exactly 0,8155 is not Mandiri.
    assert basic.count_above([0.8155, 0.8156, 0.9, None, 0.5], 0.8155) == 2


@pytest.mark.parametrize(
    "idm, status",
    [(0.4907, "Sangat Tertinggal"), (0.4908, "Tertinggal"), (0.5989, "Tertinggal"), (0.599, "Berkembang"),
     (0.7072, "Berkembang"), (0.7073, "Maju"), (0.8155, "Maju"), (0.8156, "Mandiri"), (0.2, "Sangat Tertinggal")],
)
def test_idm_status(idm, status):
    assert basic.idm_status(idm) == status


def test_idm_outside_0_1():
    with pytest.raises(InvalidInput):
        basic.idm_status(1.5)


def test_deadlines_for_budget_year_2025():
    assert documents.deadline("RKPDes", 2025) == dt.date(2024, 9, 30)
    assert documents.deadline("APBDes", 2025) == dt.date(2024, 12, 31)
    assert documents.deadline("LPPDes", 2025) == dt.date(2026, 3, 31)


@pytest.mark.parametrize(
    "kind, date, on_time",
    [("RKPDes", dt.date(2024, 9, 29), True), ("RKPDes", dt.date(2024, 9, 30), True), ("RKPDes", dt.date(2024, 10, 1), False),
     ("APBDes", dt.date(2024, 12, 31), True), ("APBDes", dt.date(2025, 1, 1), False),
     ("LPPDes", dt.date(2026, 3, 31), True), ("LPPDes", dt.date(2026, 4, 1), False), ("LPPDes", dt.date(2025, 12, 31), True),
     ("rkpdesa", dt.datetime(2024, 9, 30, 15, 0), True)],
)
def test_on_time_on_and_around_the_last_day(kind, date, on_time):
    assert documents.on_time(kind, date, 2025) is on_time


def test_on_time_accepts_serial_numbers_and_text():
    # 45565 is 2024-09-30 in Excel's 1900 date system.
    assert documents.to_date(45565) == dt.date(2024, 9, 30)
    assert documents.on_time("RKPDes", 45565, 2025) is True
    assert documents.on_time("RKPDes", 45566, 2025) is False
    assert documents.to_date("30/09/2024") == dt.date(2024, 9, 30)
    assert documents.to_date("2024-09-30") == dt.date(2024, 9, 30)
    with pytest.raises(InvalidInput):
        documents.to_date("31/02/2024")
    with pytest.raises(InvalidInput):
        documents.to_date("kemarin")


def test_missing_date_is_said():
    with pytest.raises(MissingValue, match="LPPDes"):
        documents.on_time("LPPDes", None, 2025)


def test_unknown_document_kind():
    with pytest.raises(InvalidInput, match="RKPDes, APBDes atau LPPDes"):
        documents.deadline("RPJMDes", 2025)


def test_average_on_time_by_hand():
    # 10 desa: 8 RKPDes + 9 APBDes + 7 LPPDes on time = 24 of 30 documents = 80%.
    assert documents.average_on_time(8, 9, 7, 10) == pytest.approx(80.0)
    with pytest.raises(InvalidInput, match="melebihi jumlah desa"):
        documents.average_on_time(11, 9, 7, 10)
    with pytest.raises(InvalidInput, match="jumlah desa bernilai 0"):
        documents.average_on_time(0, 0, 0, 0)
