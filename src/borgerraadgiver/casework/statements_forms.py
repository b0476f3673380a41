"""Forms of the statement, the follow-up report and the council's list. They tidy input only."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from borgerraadgiver.core.forms import END_BEFORE_START
from borgerraadgiver.inquiries.forms import AccessibleForm, date_field
from borgerraadgiver.offices.models import Office
from borgerraadgiver.vocabularies.models import VocabularyValue
from borgerraadgiver.vocabularies.selectors import office_choices

from .models import PointStatement
from .statements_selectors import STATE_CHOICES


def _value_field(label: str, office: Office, code: str, *, keep: int | None) -> forms.Field:
    # The office's visible values, and the point's own value even if hidden since.
    choices = [
        (c.id, c.label)
        for c in office_choices(office, code, include_hidden=True)
        if not c.hidden or c.id == keep
    ]
    return forms.TypedChoiceField(
        label=label,
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Vælg"), *choices],
        error_messages={"invalid_choice": "Vælg en af mulighederne på listen."},
    )


class StatementForm(AccessibleForm):
    perspectives = forms.MultipleChoiceField(
        label="Perspektiver",
        required=False,
        choices=PointStatement.Perspective.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Hvilke perspektiver udtalelsen vurderer sagen ud fra.",
    )
    reasons = forms.CharField(
        label="Begrundelse", required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    recommendation = forms.CharField(
        label="Henstilling eller anbefaling",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Hvad forvaltningen bør gøre. Kræver en opfølgningsdato.",
    )
    decided_on = date_field("Udtalelse afgivet")
    follow_up_due = date_field(
        "Opfølgningsdato",
        required=False,
        help_text="Kræves ved henstilling eller anbefaling: fristen kommer på arbejdslisten.",
    )

    def __init__(
        self,
        *args: Any,
        office: Office,
        keep_conclusion: int | None = None,
        keep_grade: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.office = office
        self.fields["conclusion"] = _value_field(
            "Konklusion", office, "conclusion", keep=keep_conclusion
        )
        self.fields["criticism_grade"] = _value_field(
            "Kritikkens grad", office, "criticism_grade", keep=keep_grade
        )
        self.fields["criticism_grade"].help_text = "Kun ved kritik; kan udelades."
        conclusion = self.fields["conclusion"]
        conclusion.required = True
        conclusion.error_messages["required"] = "Vælg udtalelsens konklusion."
        self.fields["decided_on"].error_messages["required"] = (
            "Angiv, hvornår udtalelsen er afgivet."
        )
        # CheckboxSelectMultiple is a RadioSelect to Django: the mixin gave it the radio class.
        self.fields["perspectives"].widget.attrs["class"] = "form-checkbox"
        self.fields["conclusion"].widget.attrs["class"] = "form-select"
        self.fields["criticism_grade"].widget.attrs["class"] = "form-select"
        self.order_fields(
            [
                "perspectives",
                "conclusion",
                "criticism_grade",
                "reasons",
                "recommendation",
                "decided_on",
                "follow_up_due",
            ]
        )

    def _value(self, name: str) -> VocabularyValue | None:
        pk = self.cleaned_data.get(name)
        if pk is None:
            return None
        return VocabularyValue.objects.select_related("vocabulary").get(pk=pk)

    def clean_decided_on(self) -> Any:
        return self.check_date("decided_on")

    def clean_follow_up_due(self) -> Any:
        return self.check_date("follow_up_due")

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "conclusion": self._value("conclusion"),
            "criticism_grade": self._value("criticism_grade"),
            "perspectives": data.get("perspectives") or [],
            "reasons": data.get("reasons") or "",
            "recommendation": data.get("recommendation") or "",
            "decided_on": data.get("decided_on"),
            "follow_up_due": data.get("follow_up_due"),
        }


class FollowUpReportForm(AccessibleForm):
    result = forms.ChoiceField(
        label="Forvaltningens tilbagemelding",
        choices=[("followed", "Efterlevet"), ("not_followed", "Ikke efterlevet")],
        widget=forms.RadioSelect,
        error_messages={"required": "Vælg, om henstillingen er efterlevet."},
    )
    reported_on = date_field("Dato for tilbagemeldingen")
    note = forms.CharField(
        label="Bemærkning", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reported_on"].error_messages["required"] = "Angiv datoen for tilbagemeldingen."

    def clean_reported_on(self) -> Any:
        return self.check_date("reported_on")


class RecommendationFilterForm(AccessibleForm):
    fra = date_field("Udtalelse fra", required=False)
    til = date_field("Udtalelse til", required=False)
    state = forms.ChoiceField(label="Opfølgning", required=False, choices=STATE_CHOICES)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("fra"), data.get("til")
        if start and end and end < start:
            raise ValidationError({"til": END_BEFORE_START})
        return data
