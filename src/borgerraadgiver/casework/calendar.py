"""Deadlines in calendar days, weeks and Danish working days. Pure: no database.

Closed days are weekends, the statutory Danish public holidays and the days an
office chooses to keep closed among Grundlovsdag, 24 December, 31 December and
1 May. The `holidays` package lists those four in its "optional" category; we
ask it for the "public" category only and add the four from the office's own
choice, so a change in the package's defaults cannot move an office's deadlines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache

import holidays

# The four days an office may choose to close, by (month, day), with their Danish names.
OPTIONAL_CLOSED_DAYS = {
    "grundlovsdag": ((6, 5), "Grundlovsdag"),
    "christmas_eve": ((12, 24), "Juleaftensdag"),
    "new_years_eve": ((12, 31), "Nytårsaftensdag"),
    "may_day": ((5, 1), "1. maj"),
}


@lru_cache(maxsize=64)
def public_holidays(year: int) -> dict[date, str]:
    """Denmark's statutory public holidays of one year, with their Danish names."""
    found = holidays.country_holidays("DK", years=year, categories=("public",), language="da")
    return {day: str(name) for day, name in found.items()}


@dataclass(frozen=True)
class ClosedDays:
    """The days an office does not work; `day in closed` answers the question.

    The defaults are those of casework.models.OfficeCalendar, where the reason is given.
    """

    grundlovsdag: bool = True
    christmas_eve: bool = True
    new_years_eve: bool = True
    may_day: bool = False

    def reason(self, day: date) -> str | None:
        """Why the day is closed (in Danish), or None on a working day."""
        # A holiday's name before the weekday: Påskedag is a Sunday, and says more.
        name = public_holidays(day.year).get(day)
        if name:
            return name
        for attribute, (month_day, label) in OPTIONAL_CLOSED_DAYS.items():
            if (day.month, day.day) == month_day and getattr(self, attribute):
                return label
        if day.weekday() >= 5:
            return "lørdag" if day.weekday() == 5 else "søndag"
        return None

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.reason(day) is not None


def is_working_day(day: date, closed: ClosedDays) -> bool:
    return day not in closed


def next_working_day(day: date, closed: ClosedDays) -> date:
    """The day itself when it is a working day, else the first working day after it."""
    while day in closed:
        day += timedelta(days=1)
    return day


# A longer deadline is a typing error, and an endless loop or a date past year 9999 for us.
MAX_COUNT = 1000


def _check_count(n: int) -> None:
    if not 1 <= n <= MAX_COUNT:
        raise ValueError(f"En frist skal være mellem 1 og {MAX_COUNT}.")


def add_working_days(start: date, n: int, closed: ClosedDays) -> date:
    """The n-th working day after start; start itself never counts."""
    _check_count(n)
    day = start
    counted = 0
    while counted < n:
        day += timedelta(days=1)
        if day not in closed:
            counted += 1
    return day


def add_calendar_days(start: date, n: int, closed: ClosedDays) -> date:
    """start + n days; a deadline ending on a closed day moves to the next working day."""
    _check_count(n)
    return next_working_day(start + timedelta(days=n), closed)


def add_weeks(start: date, n: int, closed: ClosedDays) -> date:
    """start + n weeks, moved like calendar days when it ends on a closed day."""
    _check_count(n)
    return next_working_day(start + timedelta(weeks=n), closed)


class DeadlineUnit(StrEnum):
    DAYS = "days"
    WEEKS = "weeks"
    WORKING_DAYS = "working_days"


# Singular and plural, English and Danish, as they are written in statutes and settings.
_UNIT_WORDS = {
    DeadlineUnit.DAYS: ("day", "days", "dag", "dage", "kalenderdag", "kalenderdage"),
    DeadlineUnit.WEEKS: ("week", "weeks", "uge", "uger"),
    DeadlineUnit.WORKING_DAYS: (
        "working day",
        "working days",
        "working_days",
        "hverdag",
        "hverdage",
        "arbejdsdag",
        "arbejdsdage",
    ),
}
_WORD_TO_UNIT = {word: unit for unit, words in _UNIT_WORDS.items() for word in words}
_DEADLINE_RE = re.compile(r"^\s*(\d{1,4})\s+([^\d]+?)\s*$")
_DANISH = {
    DeadlineUnit.DAYS: ("dag", "dage"),
    DeadlineUnit.WEEKS: ("uge", "uger"),
    DeadlineUnit.WORKING_DAYS: ("hverdag", "hverdage"),
}


@dataclass(frozen=True)
class Deadline:
    """A period such as "3 uger" or "10 hverdage"; `due(start, closed)` gives the date."""

    unit: DeadlineUnit
    n: int

    def __post_init__(self) -> None:
        object.__setattr__(self, "unit", DeadlineUnit(self.unit))
        _check_count(self.n)

    @classmethod
    def parse(cls, text: str) -> Deadline:
        match = _DEADLINE_RE.match(text)
        unit = match and _WORD_TO_UNIT.get(" ".join(match.group(2).lower().split()))
        if not match or unit is None:
            raise ValueError(
                f"Ugyldig frist: {text!r}. Skriv fx '10 hverdage', '14 dage' eller '3 uger'."
            )
        return cls(unit=unit, n=int(match.group(1)))

    def due(self, start: date, closed: ClosedDays) -> date:
        if self.unit is DeadlineUnit.WORKING_DAYS:
            return add_working_days(start, self.n, closed)
        if self.unit is DeadlineUnit.WEEKS:
            return add_weeks(start, self.n, closed)
        return add_calendar_days(start, self.n, closed)

    def __str__(self) -> str:
        singular, plural = _DANISH[self.unit]
        return f"{self.n} {singular if self.n == 1 else plural}"
