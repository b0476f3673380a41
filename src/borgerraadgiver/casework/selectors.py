"""Reads for casework: the office's calendar of closed days and its casework rules."""

from __future__ import annotations

from borgerraadgiver.casework.calendar import ClosedDays
from borgerraadgiver.casework.models import CaseworkSettings, OfficeCalendar
from borgerraadgiver.offices.models import Office


def office_calendar(office: Office) -> OfficeCalendar:
    """The office's calendar, created with the defaults the first time it is asked for.

    Created lazily so that offices made before casework existed, and every new
    one, have a calendar without a data migration or a hook in office_create.
    """
    calendar, _created = OfficeCalendar.objects.get_or_create(office=office)
    return calendar


def office_closed_days(office: Office) -> ClosedDays:
    return office_calendar(office).closed_days()


def casework_settings(office: Office) -> CaseworkSettings:
    """The office's casework rules, created with the taxonomy's defaults when missing.

    Lazy for the same reason as office_calendar: no data migration, no hook in
    office_create, and every office has its rules the first time anyone asks.
    """
    rules, _created = CaseworkSettings.objects.get_or_create(office=office)
    return rules
