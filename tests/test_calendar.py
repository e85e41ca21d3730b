"""Working days per triwulan from the holiday calendar, checked against a second copy of the SKB 3 Menteri."""

import datetime as dt

import openpyxl
import pytest
from lokal import holidays as skb

from iku_excel.catalog.calendar import calendar_days, split_days, working_days
from iku_excel.templates.layout import PROFIL

from .conftest import YEAR

QUARTERS = ((1, 3, 31), (4, 6, 30), (7, 9, 30), (10, 12, 31))


@pytest.mark.parametrize("year", sorted(skb.HOLIDAY_YEARS))
def test_the_calendar_agrees_with_lokal_ids_copy_of_the_skb(year):
    """python-holidays and lokal-id keep the libur nasional and cuti bersama apart; both count the same days."""
    theirs = tuple(float(skb.count_working_days(dt.date(year, first, 1), dt.date(year, last, day)))
                   for first, last, day in QUARTERS)
    assert calendar_days(year).per_triwulan == theirs


def test_2026_has_240_working_days():
    """2026 has 261 weekdays; SKB 1497/2025 puts 13 of its 17 libur nasional and all 8 cuti bersama on
    weekdays: 261 − 21 = 240."""
    days = calendar_days(2026)
    assert days.total == 240 and days.per_triwulan == (55.0, 57.0, 64.0, 64.0)
    assert "SKB 3 Menteri" in days.source and "240 hari" in days.source


def test_a_catalogs_own_figure_comes_first(catalog):
    """Ngantang's document states 247 days a year: its template starts from that, split evenly."""
    ngantang = working_days(catalog.get("ngantang"), YEAR)
    assert ngantang.per_triwulan == split_days(247) == (62.0, 62.0, 62.0, 61.0)
    assert "247" in ngantang.source
    assert working_days(catalog.get("candipuro"), YEAR) == calendar_days(YEAR)


def test_a_template_starts_from_the_calendar_and_says_so(workbooks):
    ws = openpyxl.load_workbook(workbooks[("candipuro", "templat")])["Profil"]
    shown = tuple(ws.cell(PROFIL[f"Profil_HKE{k}"].row + 1, 2).value for k in range(1, 5))
    assert shown == calendar_days(YEAR).per_triwulan
    notes = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str) and "Hari kerja efektif terisi" in c.value]
    assert notes and f"SKB 3 Menteri) {YEAR}" in notes[0]
