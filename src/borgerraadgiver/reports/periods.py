"""Report periods: any from-to, the office's own year, the half-year, and earlier periods.

Pure date arithmetic; an office is anything with `report_period_start` and
`report_period_end` as month-day strings ("04-01", "03-31").
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass
from typing import Protocol

from borgerraadgiver.core.dates import long_date


class HasReportPeriod(Protocol):
    report_period_start: str
    report_period_end: str


def _month_day(text: str) -> tuple[int, int]:
    month, day = (int(part) for part in text.split("-"))
    return month, day


def _on(year: int, month: int, day: int) -> datetime.date:
    """The date, with 29 February falling back to the 28th in ordinary years."""
    return datetime.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return _on(index // 12, index % 12 + 1, day.day)


def _is_month_end(day: datetime.date) -> bool:
    return day.day == calendar.monthrange(day.year, day.month)[1]


def _shift_years(day: datetime.date, years: int) -> datetime.date:
    shifted = _on(day.year + years, day.month, day.day)
    if _is_month_end(day) and day.month == 2:
        # The last day of February stays the last day of February.
        return _on(shifted.year, 2, 29)
    return shifted


@dataclass(frozen=True, order=True)
class Period:
    """Inquiries received from `start` to `end`, both days included."""

    start: datetime.date
    end: datetime.date

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise ValueError("A period cannot end before it starts.")

    def contains(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def shifted(self, *, years: int) -> Period:
        return Period(_shift_years(self.start, years), _shift_years(self.end, years))

    @property
    def is_calendar_year(self) -> bool:
        return (
            self.start.year == self.end.year
            and (self.start.month, self.start.day) == (1, 1)
            and (self.end.month, self.end.day) == (12, 31)
        )

    @property
    def label(self) -> str:
        """'1. april 2024 – 31. marts 2025'."""
        return f"{long_date(self.start)} – {long_date(self.end)}"

    @property
    def short_label(self) -> str:
        """A column heading: '2024', '2024/25', or '1.4.–30.9.2024'."""
        if self.is_calendar_year:
            return str(self.start.year)
        one_year_later = _shift_years(self.start, 1) - datetime.timedelta(days=1)
        if self.end == one_year_later and self.start.year + 1 == self.end.year:
            return f"{self.start.year}/{str(self.end.year)[2:]}"
        start = f"{self.start.day}.{self.start.month}."
        if self.start.year != self.end.year:
            start += str(self.start.year)
        return f"{start}–{self.end.day}.{self.end.month}.{self.end.year}"

    def as_dict(self) -> dict[str, str]:
        return {"from": self.start.isoformat(), "to": self.end.isoformat()}


def office_period(office: HasReportPeriod, day: datetime.date) -> Period:
    """The office's report period that contains `day`.

    A configured period that ends before the next one starts (Lyngby-Taarbæk's
    first year, 1 March - 31 December) leaves days between two periods; such
    days form a short period of their own, so that every day belongs to one.
    """
    start_month, start_day = _month_day(office.report_period_start)
    end_month, end_day = _month_day(office.report_period_end)
    start = _on(day.year, start_month, start_day)
    if start > day:
        start = _on(day.year - 1, start_month, start_day)
    crosses_new_year = (end_month, end_day) < (start_month, start_day)
    end = _on(start.year + (1 if crosses_new_year else 0), end_month, end_day)
    if day <= end:
        return Period(start, end)
    next_start = _on(start.year + 1, start_month, start_day)
    return Period(end + datetime.timedelta(days=1), next_start - datetime.timedelta(days=1))


def current_period(office: HasReportPeriod, today: datetime.date) -> Period:
    """The dashboard's default: the office's report period that runs today."""
    return office_period(office, today)


def previous_period(office: HasReportPeriod, today: datetime.date) -> Period:
    """The last complete report period: what the annual report is written about."""
    current = office_period(office, today)
    return office_period(office, current.start - datetime.timedelta(days=1))


def half_year(period: Period) -> Period:
    """The first six months of a period: the half-year status."""
    end = add_months(period.start, 6) - datetime.timedelta(days=1)
    return Period(period.start, min(end, period.end))


def last_periods(period: Period, count: int) -> list[Period]:
    """`count` periods ending with `period`, oldest first, each a year before the next."""
    if count < 1:
        raise ValueError("At least one period.")
    return [period.shifted(years=-back) for back in range(count - 1, -1, -1)]
