from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest

from borgerraadgiver.reports.periods import (
    Period,
    current_period,
    half_year,
    last_periods,
    office_period,
    previous_period,
)

D = datetime.date


def office(start: str, end: str) -> SimpleNamespace:
    return SimpleNamespace(report_period_start=start, report_period_end=end)


@pytest.mark.parametrize(
    ("start", "end", "day", "expected"),
    [
        ("04-01", "03-31", D(2024, 12, 24), Period(D(2024, 4, 1), D(2025, 3, 31))),
        ("04-01", "03-31", D(2025, 3, 31), Period(D(2024, 4, 1), D(2025, 3, 31))),
        ("04-01", "03-31", D(2025, 4, 1), Period(D(2025, 4, 1), D(2026, 3, 31))),
        ("11-01", "10-31", D(2019, 2, 1), Period(D(2018, 11, 1), D(2019, 10, 31))),
        ("01-01", "12-31", D(2018, 7, 1), Period(D(2018, 1, 1), D(2018, 12, 31))),
        ("03-01", "12-31", D(2022, 3, 1), Period(D(2022, 3, 1), D(2022, 12, 31))),
    ],
)
def test_the_offices_own_period_contains_the_day(start, end, day, expected):
    assert office_period(office(start, end), day) == expected


def test_days_between_a_short_first_year_and_the_next_form_their_own_period():
    lyngby = office("03-01", "12-31")
    assert office_period(lyngby, D(2023, 1, 15)) == Period(D(2023, 1, 1), D(2023, 2, 28))


def test_the_dashboard_default_is_the_running_period_and_the_report_the_last_complete_one():
    albertslund = office("04-01", "03-31")
    today = D(2025, 5, 2)
    assert current_period(albertslund, today) == Period(D(2025, 4, 1), D(2026, 3, 31))
    assert previous_period(albertslund, today) == Period(D(2024, 4, 1), D(2025, 3, 31))


def test_the_half_year_status_covers_the_first_six_months():
    assert half_year(Period(D(2024, 4, 1), D(2025, 3, 31))) == Period(D(2024, 4, 1), D(2024, 9, 30))
    assert half_year(Period(D(2018, 11, 1), D(2019, 10, 31))).end == D(2019, 4, 30)


def test_the_last_periods_step_back_a_year_at_a_time_oldest_first():
    periods = last_periods(Period(D(2024, 3, 1), D(2025, 2, 28)), 3)
    assert periods == [
        Period(D(2022, 3, 1), D(2023, 2, 28)),
        Period(D(2023, 3, 1), D(2024, 2, 29)),
        Period(D(2024, 3, 1), D(2025, 2, 28)),
    ]


@pytest.mark.parametrize(
    ("period", "short"),
    [
        (Period(D(2018, 1, 1), D(2018, 12, 31)), "2018"),
        (Period(D(2024, 4, 1), D(2025, 3, 31)), "2024/25"),
        (Period(D(2024, 4, 1), D(2024, 9, 30)), "1.4.–30.9.2024"),
        (Period(D(2022, 3, 1), D(2022, 12, 31)), "1.3.–31.12.2022"),
    ],
)
def test_a_period_has_a_short_column_label(period, short):
    assert period.short_label == short


def test_a_period_reads_in_danish_and_cannot_run_backwards():
    assert Period(D(2024, 4, 1), D(2025, 3, 31)).label == "1. april 2024 – 31. marts 2025"
    with pytest.raises(ValueError):
        Period(D(2025, 1, 2), D(2025, 1, 1))
