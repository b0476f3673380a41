"""The dashboard's period picker: the office's report periods, the half-years, any from-to.

Two small GET forms, so that each works on its own without JavaScript: a
list of the office's periods, and two dates. Whatever is chosen ends up as
?fra=...&til=..., the address the page, its figures and its downloads share.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from borgerraadgiver.core.forms import DkfdsFormMixin, check_date_order

from .periods import HasReportPeriod, Period, current_period, half_year, office_period

PERIODS_SHOWN = 6
# Longer periods than this are refused: nobody reports on them, and they are costly.
MAX_YEARS = 25
DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y"]


@dataclass(frozen=True)
class PeriodOption:
    period: Period
    label: str

    @property
    def value(self) -> str:
        return f"{self.period.start.isoformat()}_{self.period.end.isoformat()}"


def _dates(period: Period) -> str:
    return f"{period.start:%-d.%-m.%Y}–{period.end:%-d.%-m.%Y}"


def period_options(office: HasReportPeriod, today: datetime.date) -> list[PeriodOption]:
    """The office's report periods, newest first, and the half-year of the last two."""
    options = []
    period = current_period(office, today)
    for n in range(PERIODS_SHOWN):
        running = " (indeværende)" if n == 0 else ""
        options.append(PeriodOption(period, f"{period.short_label}: {_dates(period)}{running}"))
        half = half_year(period)
        if n < 2 and half != period and half.start <= today:
            options.append(PeriodOption(half, f"Halvår: {_dates(half)}"))
        period = office_period(office, period.start - datetime.timedelta(days=1))
    return options


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class PresetForm(DkfdsFormMixin, forms.Form):
    periode = forms.ChoiceField(
        label=_("Kontorets perioder"), help_text=_("Beretningsår og halvår.")
    )

    def __init__(
        self, *args: Any, options: list[PeriodOption], other: Period | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.options = {o.value: o for o in options}
        choices = [(o.value, o.label) for o in options]
        if other is not None:
            # The page shows dates of the user's own: the list says so.
            choices.insert(0, ("", f"Valgfri periode: {other.label}"))
        self.fields["periode"].choices = choices

    def period(self) -> Period:
        return self.options[self.cleaned_data["periode"]].period


class RangeForm(DkfdsFormMixin, forms.Form):
    fra = forms.DateField(label=_("Fra og med"), input_formats=DATE_FORMATS, widget=DateInput())
    til = forms.DateField(label=_("Til og med"), input_formats=DATE_FORMATS, widget=DateInput())

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        check_date_order(self, "fra", "til")
        start, end = data.get("fra"), data.get("til")
        if start and end and start <= end and (end - start).days > MAX_YEARS * 366:
            self.add_error("til", _("Vælg en periode på højst %(n)s år.") % {"n": MAX_YEARS})
        return data

    def period(self) -> Period:
        return Period(self.cleaned_data["fra"], self.cleaned_data["til"])


@dataclass
class PeriodChoice:
    period: Period
    preset: PresetForm
    range: RangeForm
    # True when the dates asked for were wrong and the default is shown instead.
    refused: bool = False

    @property
    def query(self) -> str:
        return f"fra={self.period.start.isoformat()}&til={self.period.end.isoformat()}"


def period_choice(
    params: Mapping[str, Any], office: HasReportPeriod, today: datetime.date
) -> PeriodChoice:
    """The period the request asks for (?periode=, or ?fra=&til=), else the running one."""
    options = period_options(office, today)
    period = current_period(office, today)
    refused = False
    range_form: RangeForm | None = None
    if params.get("periode"):
        preset = PresetForm(params, options=options)
        if preset.is_valid():
            period = preset.period()
        else:
            refused = True
    elif "fra" in params or "til" in params:
        range_form = RangeForm(params)
        if range_form.is_valid():
            period = range_form.period()
        else:
            refused = True
    chosen = next((o.value for o in options if o.period == period), None)
    preset = PresetForm(
        initial={"periode": chosen or ""},
        options=options,
        other=None if chosen else period,
    )
    if range_form is None or range_form.is_valid():
        range_form = RangeForm(initial={"fra": period.start, "til": period.end})
    return PeriodChoice(period=period, preset=preset, range=range_form, refused=refused)


def period_from_query(params: Mapping[str, Any]) -> Period | None:
    """?fra=&til= of a download or figure; None when they are missing or wrong."""
    form = RangeForm(params)
    return form.period() if form.is_valid() else None
