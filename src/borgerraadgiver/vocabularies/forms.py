"""Forms of the vocabulary settings: they tidy input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms

from borgerraadgiver.offices.forms import SettingsForm
from borgerraadgiver.vocabularies.models import Vocabulary
from borgerraadgiver.vocabularies.selectors import Choice, VocabularySetting

PER_TEXT = {
    Vocabulary.Per.INQUIRY: "Registreres én gang pr. henvendelse.",
    Vocabulary.Per.COMPLAINT_POINT: "Registreres på hvert klagepunkt (hovedsag og følgesager).",
}


class RegisteredVocabulariesForm(SettingsForm):
    """One checkbox "registreres" per dimension the office may register."""

    def __init__(self, *args: Any, settings: list[VocabularySetting], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {s.vocabulary.code: s.registered for s in settings})
        self.settings = settings
        super().__init__(*args, **kwargs)
        for s in settings:
            self.fields[s.vocabulary.code] = forms.BooleanField(
                label=f"{s.vocabulary.label}: registreres",
                required=False,
                help_text=PER_TEXT.get(s.vocabulary.per, ""),
            )
        # The fields are built after the mixin ran: give them their DKFDS class too.
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-checkbox")

    def rows(self) -> list[tuple[VocabularySetting, forms.BoundField]]:
        return [(s, self[s.vocabulary.code]) for s in self.settings]


class LocalValueForm(SettingsForm):
    label = forms.CharField(label="Betegnelse", max_length=200)
    parent = forms.TypedChoiceField(label="Gruppe", coerce=int, choices=[])

    def __init__(self, *args: Any, groups: list[Choice] | None, **kwargs: Any) -> None:
        super().__init__(*args, prefix="new", **kwargs)
        if groups is None:
            del self.fields["parent"]
        else:
            self.fields["parent"].choices = [
                ("", "Vælg gruppe"),
                *((g.id, g.label) for g in groups),
            ]


class ValueRenameForm(forms.Form):
    """One row of the value table; the input's label is written in the template."""

    value = forms.IntegerField(widget=forms.HiddenInput)
    label = forms.CharField(max_length=200, required=False, strip=True)


class ValueVisibilityForm(forms.Form):
    value = forms.IntegerField(widget=forms.HiddenInput)
    hidden = forms.TypedChoiceField(
        choices=[("1", "skjul"), ("0", "vis")], coerce=lambda v: v == "1"
    )
