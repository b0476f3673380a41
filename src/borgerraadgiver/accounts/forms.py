"""Forms of login and two-factor: they tidy input; the services decide."""

from __future__ import annotations

from django import forms

from borgerraadgiver.accounts.models import IDLE_MINUTES_MAX, IDLE_MINUTES_MIN
from borgerraadgiver.core.forms import DkfdsFormMixin


class TokenForm(DkfdsFormMixin, forms.Form):
    token = forms.CharField(
        label="Kode",
        max_length=32,
        help_text="Seks cifre fra godkendelsesappen, eller en af dine reservekoder.",
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "off",
                "spellcheck": "false",
                "class": "input-width-s",
                "autofocus": True,
            }
        ),
        error_messages={"required": "Skriv koden."},
    )


class EnrolForm(TokenForm):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["token"].help_text = "De seks cifre, appen viser for Borgerrådgiver."
        self.fields["token"].widget.attrs["inputmode"] = "numeric"


class SessionPolicyForm(DkfdsFormMixin, forms.Form):
    idle_timeout_minutes = forms.IntegerField(
        label="Log af efter inaktivitet (minutter)",
        min_value=IDLE_MINUTES_MIN,
        max_value=IDLE_MINUTES_MAX,
        help_text=(
            f"Mellem {IDLE_MINUTES_MIN} og {IDLE_MINUTES_MAX} minutter. "
            "En bruger, der ikke har klikket i så lang tid, skal logge ind igen."
        ),
        widget=forms.NumberInput(attrs={"class": "input-char-4"}),
        error_messages={
            "required": "Skriv et antal minutter.",
            "invalid": "Skriv et helt antal minutter.",
            "min_value": f"Mindst {IDLE_MINUTES_MIN} minutter.",
            "max_value": f"Højst {IDLE_MINUTES_MAX} minutter.",
        },
    )
