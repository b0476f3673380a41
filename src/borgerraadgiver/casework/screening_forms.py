"""The screening form: it tidies input; screening_services decides."""

from __future__ import annotations

from typing import Any

from django import forms

from borgerraadgiver.inquiries.forms import AccessibleForm, date_field
from borgerraadgiver.vocabularies.models import VocabularyValue
from borgerraadgiver.vocabularies.selectors import Choice

from .models import Screening

CHOICE_FIELDS = {
    "within": ("competence_within", "Område inden for kompetencen", "Vælg område"),
    "exclusion": ("competence_exclusion", "Undtagelse fra kompetencen", "Ingen undtagelse"),
    "dispensation_ground": (
        "dispensation_ground",
        "Dispensation fra klagefristen",
        "Ingen dispensation",
    ),
    "rejection_ground": ("rejection_ground", "Afvisningsgrund", "Vælg grund"),
}


class ScreeningForm(AccessibleForm):
    act_date = date_field(
        "Dato for afgørelsen eller forholdet",
        required=False,
        help_text="Klagefristen regnes fra denne dato.",
    )
    result = forms.ChoiceField(
        label="Resultat",
        choices=Screening.Result.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Vælg resultatet af vurderingen."},
    )
    referred_elsewhere = forms.CharField(
        label="Hvor borgeren i stedet kan gå hen",
        required=False,
        max_length=5000,
        help_text="Klageinstans, Ombudsmanden eller forvaltningen. Står i afvisningsbrevet.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    note = forms.CharField(
        label="Bemærkning",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)

    def __init__(self, *args: Any, choices: dict[str, list[Choice]], **kwargs: Any) -> None:
        # Ids of their own: the form sits on the inquiry page beside the other panels' forms.
        kwargs.setdefault("auto_id", "screening_%s")
        super().__init__(*args, **kwargs)
        for name, (code, label, empty) in CHOICE_FIELDS.items():
            self.fields[name] = forms.TypedChoiceField(
                label=label,
                required=False,
                coerce=int,
                empty_value=None,
                choices=[("", empty), *((c.id, c.label) for c in choices.get(code, []))],
                error_messages={"invalid_choice": "Vælg en af mulighederne på listen."},
                widget=forms.Select(attrs={"class": "form-select"}),
            )
        self.order_fields(
            [
                "act_date",
                "within",
                "exclusion",
                "dispensation_ground",
                "result",
                "rejection_ground",
                "referred_elsewhere",
                "note",
            ]
        )

    def clean_act_date(self) -> Any:
        return self.check_date("act_date")

    def value_of(self, name: str) -> VocabularyValue | None:
        """The chosen value of a list field (after is_valid)."""
        pk = self.cleaned_data.get(name)
        if pk is None:
            return None
        return VocabularyValue.objects.select_related("vocabulary").filter(pk=pk).first()

    def raw(self, name: str) -> str:
        value = self.data.get(self.add_prefix(name), "") if self.is_bound else ""
        return value if isinstance(value, str) else ""
