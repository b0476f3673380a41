"""Forms of the requests panel: they tidy input; requests_services decides."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from borgerraadgiver.inquiries.forms import AccessibleForm, date_field
from borgerraadgiver.inquiries.models import Inquiry
from borgerraadgiver.offices.models import Office, OrgUnit
from borgerraadgiver.offices.selectors import org_unit_paths
from borgerraadgiver.vocabularies.models import VocabularyValue

from .calendar import Deadline as Period
from .requests_services import department_answers
from .selectors import office_closed_days

TEXT_MAX = 20_000


def _select(attrs: dict[str, Any] | None = None) -> forms.Select:
    return forms.Select(attrs={"class": "form-select", **(attrs or {})})


class DepartmentRequestForm(AccessibleForm):
    org_unit = forms.ModelChoiceField(
        label="Modtager (enhed)",
        queryset=OrgUnit.objects.none(),
        empty_label="Vælg enhed",
        error_messages={"invalid_choice": "Vælg en enhed på listen."},
    )
    contact_name = forms.CharField(label="Kontaktperson", max_length=200, required=False)
    contact_email = forms.EmailField(
        label="Kontaktpersonens e-mail",
        required=False,
        error_messages={"invalid": "Skriv en gyldig e-mailadresse."},
    )
    complaint = forms.CharField(
        label="Klagen",
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    questions = forms.CharField(
        label="Spørgsmål til forvaltningen",
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    points = forms.MultipleChoiceField(
        label="Klagepunkter",
        required=False,
        help_text="Ingen valgt: alle klagepunkter.",
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-checkbox"}),
    )
    citizen_consent = forms.BooleanField(
        label="Borgeren har givet samtykke til, at forvaltningen kontaktes", required=False
    )
    consent_date = date_field("Samtykke givet", required=False)
    sent_on = date_field("Sendt", initial=timezone.localdate)

    def __init__(self, *args: Any, inquiry: Inquiry, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.inquiry = inquiry
        units = self.fields["org_unit"]
        units.queryset = OrgUnit.objects.filter(office_id=inquiry.office_id).active()
        # The whole path ("Center / Afdeling"), in the tree's order of paths.
        paths = org_unit_paths(inquiry.office)
        units.label_from_instance = lambda unit: paths.get(unit.pk, unit.name)
        units.choices = [
            ("", units.empty_label),
            *sorted(
                ((u.pk, paths.get(u.pk, u.name)) for u in units.queryset),
                key=lambda choice: choice[1].casefold(),
            ),
        ]
        units.widget.attrs.setdefault("class", "form-select")
        self.fields["points"].choices = [
            (str(p.pk), f"Klagepunkt {p.position}{' (hovedsag)' if p.position == 1 else ''}")
            for p in inquiry.points.all().order_by("position")
        ]
        if not self.is_bound:
            self.initial.setdefault("org_unit", inquiry.org_unit_id)

    def clean_consent_date(self) -> datetime.date | None:
        return self.check_date("consent_date")

    def clean_sent_on(self) -> datetime.date | None:
        return self.check_date("sent_on")


class AnswerForm(AccessibleForm):
    answered_on = date_field("Svar modtaget", initial=timezone.localdate)
    answer = forms.ModelChoiceField(
        label="Forvaltningens svar",
        queryset=VocabularyValue.objects.none(),
        required=False,
        empty_label="Vælg",
        error_messages={"invalid_choice": "Vælg et svar på listen."},
    )
    summary = forms.CharField(
        label="Resumé af svaret",
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, office: Office, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ids = [v.pk for v in department_answers(office)]
        self.fields["answer"].queryset = VocabularyValue.objects.filter(pk__in=ids).order_by(
            "position", "id"
        )
        self.fields["answer"].widget.attrs.setdefault("class", "form-select")

    def clean_answered_on(self) -> datetime.date | None:
        return self.check_date("answered_on")


class ExtensionForm(AccessibleForm):
    requested_on = date_field("Anmodning modtaget", initial=timezone.localdate)
    reason = forms.CharField(
        label="Begrundelse", max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )
    new_due = date_field("Ny frist")
    granted = forms.TypedChoiceField(
        label="Svar på anmodningen",
        choices=[("1", "Imødekommet"), ("0", "Afslået")],
        coerce=lambda v: v == "1",
        initial="1",
        widget=forms.RadioSelect(attrs={"class": "form-radio"}),
    )

    def clean_requested_on(self) -> datetime.date | None:
        return self.check_date("requested_on")

    def clean_new_due(self) -> datetime.date | None:
        return self.check_date("new_due")


class OwnDeadlineForm(AccessibleForm):
    label = forms.CharField(label="Hvad har du lovet?", max_length=200)
    due = date_field("Frist", required=False)
    period = forms.CharField(
        label="Eller en frist fra i dag",
        required=False,
        max_length=40,
        help_text="Fx '10 hverdage', '14 dage' eller '2 uger'.",
    )

    def __init__(self, *args: Any, office: Office, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.office = office

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        period = (data.get("period") or "").strip()
        if period:
            try:
                data["due"] = Period.parse(period).due(
                    timezone.localdate(), office_closed_days(self.office)
                )
            except ValueError as exc:
                self.add_error("period", str(exc))
        elif not data.get("due") and "due" not in self.errors:
            self.add_error("due", ValidationError("Angiv en dato eller en frist."))
        return data


class PauseForm(AccessibleForm):
    reason = forms.CharField(label="Årsag", max_length=200, required=False)


class SettingsForm(AccessibleForm):
    reply_working_days = forms.IntegerField(
        label="Svarfrist til borgeren (hverdage)", min_value=1, max_value=100
    )
    referral_working_days = forms.IntegerField(
        label="Frist for forvaltningens svar på oversendelse (hverdage)", min_value=1, max_value=100
    )
    statement_deadline_days = forms.IntegerField(
        label="Frist for redegørelse (kalenderdage)", min_value=1, max_value=365
    )
    limitation_months = forms.IntegerField(
        label="Klagefrist (måneder fra forholdet)", min_value=1, max_value=120
    )
    remind_days_before = forms.IntegerField(
        label="Påmindelse (hverdage før fristen)", min_value=0, max_value=30
    )
    closed_grundlovsdag = forms.BooleanField(label="Lukket grundlovsdag (5. juni)", required=False)
    closed_christmas_eve = forms.BooleanField(
        label="Lukket juleaftensdag (24. december)", required=False
    )
    closed_new_years_eve = forms.BooleanField(
        label="Lukket nytårsaftensdag (31. december)", required=False
    )
    closed_may_day = forms.BooleanField(label="Lukket 1. maj", required=False)
