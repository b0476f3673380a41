"""The filters of the office administrator's audit log."""

from __future__ import annotations

from typing import Any

from django import forms

from borgerraadgiver.core.forms import DkfdsFormMixin
from borgerraadgiver.inquiries.list_forms import DATE_INPUT_FORMATS, DateInput
from borgerraadgiver.offices.models import Office, User

from .models import Action
from .selectors import AuditFilters


class AuditFilterForm(DkfdsFormMixin, forms.Form):
    fra = forms.DateField(
        label="Fra og med", required=False, input_formats=DATE_INPUT_FORMATS, widget=DateInput()
    )
    til = forms.DateField(
        label="Til og med", required=False, input_formats=DATE_INPUT_FORMATS, widget=DateInput()
    )
    bruger = forms.ModelChoiceField(
        label="Bruger", required=False, queryset=User.objects.none(), empty_label="Alle"
    )
    person = forms.UUIDField(
        label="Person (id)",
        required=False,
        help_text="Personens id, som det står i borgerens udtræk af opslag.",
    )
    handling = forms.ChoiceField(
        label="Handling", required=False, choices=[("", "Alle"), *Action.choices]
    )

    def __init__(self, *args: Any, office: Office, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The office's own staff only (deactivated users included: the log names them).
        field = self.fields["bruger"]
        # For the type checker: the field is declared a ModelChoiceField above.
        assert isinstance(field, forms.ModelChoiceField)  # nosec B101
        field.queryset = User.objects.filter(office=office).order_by("first_name", "username")
        field.label_from_instance = lambda u: f"{u.get_full_name() or u.username} ({u.username})"

    def filters(self) -> AuditFilters:
        data = self.cleaned_data
        return AuditFilters(
            start=data.get("fra"),
            end=data.get("til"),
            user=data.get("bruger"),
            person_uid=data.get("person"),
            action=data.get("handling") or "",
        )
