"""Dates written the Danish way, as the report, the letters and the pages write them."""

from __future__ import annotations

import datetime

MONTHS = (
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
)


def long_date(day: datetime.date | None) -> str:
    """'3. marts 2026'; "" for no date."""
    if day is None:
        return ""
    return f"{day.day}. {MONTHS[day.month - 1]} {day.year}"
