"""Deadlines on the Danish calendar. Every date here was checked against a printed calendar:
Easter Sunday is 9 April 2023, 31 March 2024, 20 April 2025 and 5 April 2026."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine

from borgerraadgiver.casework.calendar import (
    ClosedDays,
    Deadline,
    DeadlineUnit,
    add_calendar_days,
    add_weeks,
    add_working_days,
    is_working_day,
    public_holidays,
)

pytestmark = pytest.mark.casework

D = date.fromisoformat
DEFAULT = ClosedDays()


# Weekends and the rule that the start day never counts


def test_one_working_day_after_a_friday_is_the_monday():
    assert add_working_days(D("2025-03-07"), 1, DEFAULT) == D("2025-03-10")


def test_a_deadline_starting_on_a_saturday_counts_from_the_monday():
    assert add_working_days(D("2025-03-08"), 1, DEFAULT) == D("2025-03-10")


def test_the_start_day_never_counts_even_when_it_is_a_working_day():
    assert add_working_days(D("2025-03-10"), 1, DEFAULT) == D("2025-03-11")


def test_five_working_days_from_a_monday_is_the_next_monday():
    assert add_working_days(D("2025-03-03"), 5, DEFAULT) == D("2025-03-10")


def test_saturday_and_sunday_are_closed_and_monday_is_open():
    assert not is_working_day(D("2025-03-08"), DEFAULT)
    assert not is_working_day(D("2025-03-09"), DEFAULT)
    assert is_working_day(D("2025-03-10"), DEFAULT)


# Easter


@pytest.mark.parametrize(
    ("day", "name"),
    [
        ("2025-04-17", "Skærtorsdag"),
        ("2025-04-18", "Langfredag"),
        ("2025-04-20", "Påskedag"),
        ("2025-04-21", "Anden påskedag"),
        ("2026-04-02", "Skærtorsdag"),
        ("2026-04-03", "Langfredag"),
        ("2026-04-05", "Påskedag"),
        ("2026-04-06", "Anden påskedag"),
    ],
)
def test_the_easter_holidays_are_closed_with_their_danish_names(day, name):
    assert DEFAULT.reason(D(day)) == name
    assert D(day) in DEFAULT


def test_one_working_day_after_the_wednesday_before_easter_2025_is_the_tuesday_after():
    assert add_working_days(D("2025-04-16"), 1, DEFAULT) == D("2025-04-22")


def test_one_working_day_after_the_wednesday_before_easter_2026_is_the_tuesday_after():
    assert add_working_days(D("2026-04-01"), 1, DEFAULT) == D("2026-04-07")


def test_ten_working_days_across_easter_2025_land_on_1_may_when_the_office_works_that_day():
    assert add_working_days(D("2025-04-14"), 10, DEFAULT) == D("2025-05-01")


def test_ten_working_days_across_easter_2025_skip_1_may_when_the_office_closes_it():
    closed = ClosedDays(may_day=True)
    assert add_working_days(D("2025-04-14"), 10, closed) == D("2025-05-02")


# Store bededag: a holiday until 2023, abolished from 2024


def test_store_bededag_2023_is_a_closed_day():
    assert DEFAULT.reason(D("2023-05-05")) == "Store bededag"
    assert add_working_days(D("2023-05-04"), 1, DEFAULT) == D("2023-05-08")


def test_the_friday_that_was_store_bededag_is_a_working_day_in_2024():
    assert is_working_day(D("2024-04-26"), DEFAULT)
    assert add_working_days(D("2024-04-25"), 1, DEFAULT) == D("2024-04-26")


@time_machine.travel(datetime(2025, 9, 1, 10, tzinfo=UTC), tick=False)
def test_a_2023_deadline_computed_today_still_skips_store_bededag():
    # The holidays follow the deadline's own year, not the year we are in.
    assert add_working_days(D("2023-05-04"), 1, DEFAULT) == D("2023-05-08")


@time_machine.travel(datetime(2023, 3, 1, 10, tzinfo=UTC), tick=False)
def test_a_2024_deadline_computed_in_2023_does_not_skip_the_abolished_store_bededag():
    assert add_working_days(D("2024-04-25"), 1, DEFAULT) == D("2024-04-26")


# Kristi himmelfart and Pinse


def test_one_working_day_before_kristi_himmelfartsdag_2025_lands_on_the_friday():
    assert DEFAULT.reason(D("2025-05-29")) == "Kristi himmelfartsdag"
    assert add_working_days(D("2025-05-28"), 1, DEFAULT) == D("2025-05-30")


def test_one_working_day_before_kristi_himmelfartsdag_2026_lands_on_the_friday():
    assert add_working_days(D("2026-05-13"), 1, DEFAULT) == D("2026-05-15")


def test_pinsedag_and_anden_pinsedag_2025_are_skipped():
    assert DEFAULT.reason(D("2025-06-08")) == "Pinsedag"
    assert DEFAULT.reason(D("2025-06-09")) == "Anden pinsedag"
    assert add_working_days(D("2025-06-06"), 1, DEFAULT) == D("2025-06-10")


def test_anden_pinsedag_2026_is_skipped():
    assert add_working_days(D("2026-05-22"), 1, DEFAULT) == D("2026-05-26")


def test_grundlovsdag_and_pinse_2025_together_when_grundlovsdag_is_closed():
    assert add_working_days(D("2025-06-04"), 2, DEFAULT) == D("2025-06-10")


def test_grundlovsdag_2025_counts_when_the_office_keeps_it_open():
    closed = ClosedDays(grundlovsdag=False)
    assert add_working_days(D("2025-06-04"), 2, closed) == D("2025-06-06")


# Christmas and the turn of the year


def test_three_working_days_from_22_december_2025_skip_christmas():
    assert add_working_days(D("2025-12-22"), 3, DEFAULT) == D("2025-12-30")


def test_four_working_days_from_22_december_2025_skip_new_years_eve_and_day():
    assert add_working_days(D("2025-12-22"), 4, DEFAULT) == D("2026-01-02")


def test_christmas_eve_counts_when_the_office_keeps_it_open():
    closed = ClosedDays(christmas_eve=False)
    assert add_working_days(D("2025-12-22"), 3, closed) == D("2025-12-29")


def test_new_years_eve_counts_when_the_office_keeps_it_open():
    closed = ClosedDays(new_years_eve=False)
    assert add_working_days(D("2025-12-22"), 4, closed) == D("2025-12-31")


def test_one_working_day_after_30_december_2024_is_2_january_2025():
    assert add_working_days(D("2024-12-30"), 1, DEFAULT) == D("2025-01-02")


def test_juledag_anden_juledag_and_nytaarsdag_are_closed_whatever_the_office_chooses():
    nothing_optional = ClosedDays(
        grundlovsdag=False, christmas_eve=False, new_years_eve=False, may_day=False
    )
    for day in ("2025-12-25", "2025-12-26", "2026-01-01"):
        assert D(day) in nothing_optional


# The four optional closed days, each on and off


OPTIONAL = [
    ("grundlovsdag", "2025-06-05"),
    ("christmas_eve", "2025-12-24"),
    ("new_years_eve", "2025-12-31"),
    ("may_day", "2025-05-01"),
]


@pytest.mark.parametrize(("choice", "day"), OPTIONAL)
def test_an_optional_day_is_closed_only_when_the_office_chooses_it(choice, day):
    # All four fall on a weekday in 2025, so only the choice decides.
    assert D(day) in ClosedDays(**{choice: True})
    assert D(day) not in ClosedDays(**{choice: False})


@pytest.mark.parametrize(("choice", "day"), OPTIONAL)
def test_the_package_public_holidays_do_not_decide_the_optional_days(choice, day):
    assert D(day) not in public_holidays(2025)


def test_by_default_grundlovsdag_and_24_and_31_december_are_closed_and_1_may_is_open():
    assert D("2025-06-05") in DEFAULT
    assert D("2025-12-24") in DEFAULT
    assert D("2025-12-31") in DEFAULT
    assert D("2025-05-01") not in DEFAULT


# Calendar days and weeks: a deadline ending on a closed day moves to the next working day


def test_calendar_days_ending_on_a_working_day_do_not_move():
    assert add_calendar_days(D("2025-03-03"), 4, DEFAULT) == D("2025-03-07")


def test_calendar_days_ending_on_a_saturday_move_to_the_monday():
    assert add_calendar_days(D("2025-03-03"), 5, DEFAULT) == D("2025-03-10")


def test_calendar_days_ending_on_skaertorsdag_move_past_easter():
    assert add_calendar_days(D("2025-04-10"), 7, DEFAULT) == D("2025-04-22")


def test_calendar_days_count_the_closed_days_they_pass():
    assert add_calendar_days(D("2025-12-22"), 14, DEFAULT) == D("2026-01-05")


def test_calendar_days_ending_on_1_may_move_only_when_the_office_closes_it():
    assert add_calendar_days(D("2025-04-24"), 7, DEFAULT) == D("2025-05-01")
    assert add_calendar_days(D("2025-04-24"), 7, ClosedDays(may_day=True)) == D("2025-05-02")


def test_two_weeks_from_a_monday_is_a_monday():
    assert add_weeks(D("2025-03-03"), 2, DEFAULT) == D("2025-03-17")


def test_two_weeks_ending_on_skaertorsdag_move_past_easter():
    assert add_weeks(D("2025-04-03"), 2, DEFAULT) == D("2025-04-22")


def test_a_week_ending_on_christmas_eve_moves_past_christmas_unless_the_office_works():
    assert add_weeks(D("2025-12-17"), 1, DEFAULT) == D("2025-12-29")
    assert add_weeks(D("2025-12-17"), 1, ClosedDays(christmas_eve=False)) == D("2025-12-24")


@pytest.mark.parametrize("add", [add_working_days, add_calendar_days, add_weeks])
@pytest.mark.parametrize("n", [0, -1, 1001])
def test_a_count_outside_1_to_1000_is_refused(add, n):
    with pytest.raises(ValueError, match="mellem 1 og 1000"):
        add(D("2025-03-03"), n, DEFAULT)


# The Deadline value type


@pytest.mark.parametrize(
    ("text", "unit", "n"),
    [
        ("3 weeks", DeadlineUnit.WEEKS, 3),
        ("1 week", DeadlineUnit.WEEKS, 1),
        ("2 uger", DeadlineUnit.WEEKS, 2),
        ("1 uge", DeadlineUnit.WEEKS, 1),
        ("10 working days", DeadlineUnit.WORKING_DAYS, 10),
        ("10 hverdage", DeadlineUnit.WORKING_DAYS, 10),
        ("1 hverdag", DeadlineUnit.WORKING_DAYS, 1),
        ("5 arbejdsdage", DeadlineUnit.WORKING_DAYS, 5),
        ("14 days", DeadlineUnit.DAYS, 14),
        ("14 dage", DeadlineUnit.DAYS, 14),
        ("  2   Uger ", DeadlineUnit.WEEKS, 2),
        ("10 Working  Days", DeadlineUnit.WORKING_DAYS, 10),
    ],
)
def test_a_deadline_is_parsed_from_english_or_danish_text(text, unit, n):
    assert Deadline.parse(text) == Deadline(unit=unit, n=n)


@pytest.mark.parametrize("text", ["", "uger", "3", "3 måneder", "tre uger", "-2 uger", "0 dage"])
def test_text_that_is_not_a_deadline_is_refused_in_danish(text):
    with pytest.raises(ValueError, match="frist"):
        Deadline.parse(text)


def test_a_deadline_is_written_in_danish_singular_or_plural():
    assert str(Deadline.parse("3 weeks")) == "3 uger"
    assert str(Deadline.parse("1 working day")) == "1 hverdag"
    assert str(Deadline(unit="days", n=1)) == "1 dag"


def test_a_deadline_is_due_by_its_own_unit():
    start = D("2025-04-14")
    assert Deadline.parse("10 hverdage").due(start, DEFAULT) == D("2025-05-01")
    assert Deadline.parse("4 dage").due(start, DEFAULT) == D("2025-04-22")
    assert Deadline.parse("1 uge").due(start, DEFAULT) == D("2025-04-22")
    assert Deadline.parse("2 uger").due(start, DEFAULT) == D("2025-04-28")
