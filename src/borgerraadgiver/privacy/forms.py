from __future__ import annotations

from django import forms
from django.utils import timezone

from borgerraadgiver.core.forms import DkfdsFormMixin

from .models import ErasureRequest, LegalGround, RetentionPolicy


class RetentionPolicyForm(DkfdsFormMixin, forms.Form):
    years_after_closing = forms.IntegerField(
        label=RetentionPolicy._meta.get_field("years_after_closing").verbose_name.capitalize(),
        help_text=RetentionPolicy._meta.get_field("years_after_closing").help_text,
        min_value=1,
        max_value=30,
    )


class LegalHoldForm(DkfdsFormMixin, forms.Form):
    reason = forms.CharField(
        label="Begrundelse for tilbageholdelse",
        max_length=300,
        help_text="F.eks. en verserende retssag eller klagesag. Vises i sletningsloggen.",
    )


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class ErasureRequestForm(DkfdsFormMixin, forms.Form):
    received = forms.DateField(
        label="Anmodningen modtaget", widget=DateInput(), initial=timezone.localdate
    )


class ErasureDecisionForm(DkfdsFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label="Afgørelse", choices=[("", "Vælg")] + list(ErasureRequest.Decision.choices)
    )
    legal_ground = forms.ChoiceField(
        label="Retsgrundlag",
        required=False,
        choices=[("", "Intet (anmodningen imødekommes)")] + list(LegalGround.choices),
        help_text="Skal udfyldes ved afslag og delvist afslag.",
    )
    explanation = forms.CharField(label="Begrundelse", required=False, widget=forms.Textarea)
    decided_on = forms.DateField(label="Afgjort", widget=DateInput(), initial=timezone.localdate)
