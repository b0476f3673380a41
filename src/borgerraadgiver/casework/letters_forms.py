"""Forms of the letters area: make a letter, send one, upload an office's template."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat

from borgerraadgiver.casework.letters import DEPARTMENT_KINDS
from borgerraadgiver.casework.letters_templates import MAX_BYTES
from borgerraadgiver.casework.models import DepartmentRequest, LetterKind
from borgerraadgiver.core.forms import DkfdsFormMixin

ACCEPT = (
    ".docx,.dotx,"
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document,"
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template"
)


def letter_kind_choices(*, statement_write: bool) -> list[tuple[str, str]]:
    """The kinds a user may make: the statement letter only with the right to write statements."""
    return [
        (value, str(label))
        for value, label in LetterKind.choices
        if statement_write or value != LetterKind.STATEMENT
    ]


class LetterCreateForm(DkfdsFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label="Brevtype",
        error_messages={"required": "Vælg en brevtype.", "invalid_choice": "Vælg en brevtype."},
    )
    request = forms.ChoiceField(
        label="Til forvaltningen: hvilken henvendelse",
        required=False,
        help_text="Kun for oversendelse, anmodning om redegørelse, rykker og svar på "
        "fristforlængelse.",
    )

    def __init__(
        self,
        *args: Any,
        requests: list[DepartmentRequest],
        statement_write: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.requests = {str(r.uid): r for r in requests}
        self.fields["kind"].choices = [
            ("", "Vælg brevtype"),
            *letter_kind_choices(statement_write=statement_write),
        ]
        self.fields["request"].choices = [("", "Ingen")] + [
            (uid, f"{r.get_kind_display()} til {r.org_unit.name}, sendt {r.sent_on:%d.%m.%Y}")
            for uid, r in self.requests.items()
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        chosen = self.requests.get(data.get("request") or "")
        if kind in DEPARTMENT_KINDS and chosen is None:
            if len(self.requests) == 1:
                # One request only: the letter can be about nothing else.
                chosen = next(iter(self.requests.values()))
            else:
                self.add_error(
                    "request",
                    "Vælg den oversendelse eller anmodning om redegørelse, brevet handler om."
                    if self.requests
                    else "Sagen har ingen oversendelse eller anmodning om redegørelse endnu.",
                )
        data["department_request"] = chosen
        return data


class LetterSendForm(DkfdsFormMixin, forms.Form):
    to = forms.EmailField(
        label="E-mailadresse",
        error_messages={
            "required": "Skriv modtagerens e-mailadresse.",
            "invalid": "Skriv en gyldig e-mailadresse, fx navn@kommune.dk.",
        },
    )


class LetterTemplateForm(DkfdsFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label="Brevtype",
        choices=[("", "Vælg brevtype"), *LetterKind.choices],
        error_messages={"required": "Vælg en brevtype.", "invalid_choice": "Vælg en brevtype."},
    )
    template = forms.FileField(
        label="Ny skabelon",
        help_text=(
            f"Et Word-dokument (.docx) eller en Word-skabelon (.dotx) på højst "
            f"{filesizeformat(MAX_BYTES)}."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        error_messages={"required": "Vælg en fil med skabelonen.", "empty": "Filen er tom."},
    )

    def clean_template(self) -> UploadedFile:
        uploaded: UploadedFile = self.cleaned_data["template"]
        # Refused before it is read; what it holds is the service's to judge.
        if uploaded.size is not None and uploaded.size > MAX_BYTES:
            raise forms.ValidationError(
                f"Filen er for stor; den må højst fylde {filesizeformat(MAX_BYTES)}."
            )
        return uploaded
