from __future__ import annotations

from datetime import date

import pytest

from borgerraadgiver.casework.calendar import ClosedDays
from borgerraadgiver.casework.models import OfficeCalendar
from borgerraadgiver.casework.selectors import office_calendar, office_closed_days

pytestmark = [pytest.mark.casework, pytest.mark.django_db]


def test_an_office_gets_its_calendar_with_the_defaults_the_first_time_it_is_asked_for(office):
    assert not OfficeCalendar.objects.filter(office=office).exists()

    calendar = office_calendar(office)

    assert (
        calendar.closed_grundlovsdag,
        calendar.closed_christmas_eve,
        calendar.closed_new_years_eve,
        calendar.closed_may_day,
    ) == (True, True, True, False)
    assert office_closed_days(office) == ClosedDays()


def test_asking_again_returns_the_same_calendar(office):
    assert office_calendar(office).pk == office_calendar(office).pk
    assert OfficeCalendar.objects.filter(office=office).count() == 1


def test_the_closed_days_follow_the_offices_own_choice_and_not_another_offices(
    office, other_office
):
    OfficeCalendar.objects.create(office=office, closed_may_day=True, closed_christmas_eve=False)

    mine = office_closed_days(office)
    theirs = office_closed_days(other_office)

    assert date(2025, 5, 1) in mine and date(2025, 5, 1) not in theirs
    assert date(2025, 12, 24) not in mine and date(2025, 12, 24) in theirs
