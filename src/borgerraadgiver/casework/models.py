from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from borgerraadgiver.casework.calendar import ClosedDays
from borgerraadgiver.offices.models import Office


class OfficeCalendar(models.Model):
    """Which of the four optional closed days an office keeps closed.

    Defaults follow common municipal practice: most municipalities close their
    offices on Grundlovsdag (at least from noon), 24 and 31 December under their
    local agreements, while 1 May is a working day for most of their staff, so
    a deadline should not skip it unless the office says so.
    """

    office = models.OneToOneField(Office, on_delete=models.CASCADE, related_name="calendar")
    closed_grundlovsdag = models.BooleanField(_("lukket grundlovsdag (5. juni)"), default=True)
    closed_christmas_eve = models.BooleanField(
        _("lukket juleaftensdag (24. december)"), default=True
    )
    closed_new_years_eve = models.BooleanField(
        _("lukket nytårsaftensdag (31. december)"), default=True
    )
    closed_may_day = models.BooleanField(_("lukket 1. maj"), default=False)

    class Meta:
        verbose_name = _("kontorets kalender")
        verbose_name_plural = _("kontorernes kalendere")

    def __str__(self) -> str:
        return f"Kalender for {self.office}"

    def closed_days(self) -> ClosedDays:
        return ClosedDays(
            grundlovsdag=self.closed_grundlovsdag,
            christmas_eve=self.closed_christmas_eve,
            new_years_eve=self.closed_new_years_eve,
            may_day=self.closed_may_day,
        )
