"""Forms of the intake, the edit and the journal. They tidy input; the services decide.

The intake is four forms posted together (the inquiry, the person concerned,
the requester and the complaint-point formset); `IntakeForms` binds them as
one and maps a service's ValidationError back onto the right one.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.formsets import DELETION_FIELD_NAME
from django.forms.utils import ErrorDict
from django.utils import timezone

from borgerraadgiver.core.forms import DkfdsFormMixin
from borgerraadgiver.offices.models import Office
from borgerraadgiver.vocabularies.models import Vocabulary
from borgerraadgiver.vocabularies.selectors import registered_vocabularies

from .lookups import Option, grouped_choices, org_unit_options, person_search, vocabulary_options
from .models import INQUIRY_DIMENSIONS, Inquiry, JournalEntry, Person
from .services import PersonInput, cpr_normalise

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y"]
EARLIEST_DATE = datetime.date(1970, 1, 1)
MAX_POINTS = 20
ACCOUNT_MAX_LENGTH = 20_000

# Where each inquiry-level vocabulary sits on the form, in the order of a phone call.
INTAKE_DIMENSIONS = ("channel", "requester_kind")
CASE_DIMENSIONS = ("inquiry_kind", "primary_reason", "handling")
CLOSING_DIMENSIONS = ("outcome",)
# Statements (offices.roles: statement.write): left off the form of a user without it,
# like a vocabulary the office does not register, and kept as they are on an edit.
STATEMENT_DIMENSIONS = ("outcome", "conclusion", "criticism_grade")

PersonResolver = Callable[[str], Person | None]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"class": "input-width-s", **(attrs or {})}, format="%Y-%m-%d")


def date_field(label: str, *, required: bool = True, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_INPUT_FORMATS,
        widget=DateInput(),
        error_messages={"invalid": "Skriv datoen som dd-mm-åååå."},
        **kwargs,
    )


class AccessibleForm(DkfdsFormMixin, forms.Form):
    """A form with DKFDS markup whose errors are tied to their inputs (core.forms)."""

    def silence(self) -> None:
        """Validate but show no errors: for re-rendering a half-filled form."""
        self.full_clean()
        self._errors = ErrorDict(renderer=self.renderer)
        for f in self.fields.values():
            f.widget.attrs.pop("aria-invalid", None)
            f.widget.attrs.pop("aria-describedby", None)

    def check_date(self, name: str) -> datetime.date | None:
        value: datetime.date | None = self.cleaned_data.get(name)
        if value is not None and value < EARLIEST_DATE:
            raise ValidationError("Datoen ligger for langt tilbage.")
        return value


def _typed_choice(
    label: str, choices: list[Any], *, required: bool = False, empty_label: str = "Vælg"
) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        required=required,
        coerce=int,
        empty_value=None,
        choices=[("", empty_label), *choices],
        error_messages={"invalid_choice": "Vælg en af mulighederne på listen."},
        # Added after DkfdsFormMixin has styled the declared fields.
        widget=forms.Select(attrs={"class": "form-select"}),
    )


@dataclass
class IntakeChoices:
    """What one office's form offers, read once per request."""

    office: Office
    registered: list[str]
    labels: dict[str, str]
    org_units: list[Option]
    values: dict[str, list[Option]] = field(default_factory=dict)
    # May the user set conclusions, the outcome and the closing date?
    statements: bool = True

    def registers(self, code: str) -> bool:
        if not self.statements and code in STATEMENT_DIMENSIONS:
            return False
        return code in self.registered

    @property
    def has_points(self) -> bool:
        return self.registers("theme")

    @property
    def point_dimensions(self) -> list[str]:
        if not self.has_points:
            return []
        if self.registers("conclusion"):
            return ["conclusion", "criticism_grade"]
        return [c for c in ("conclusion", "criticism_grade") if self.registers(c)]


def intake_choices(
    office: Office, inquiry: Inquiry | None = None, *, statements: bool = True
) -> IntakeChoices:
    """The options of the intake form; an inquiry being edited keeps its own values offered."""
    registered = registered_vocabularies(office)
    keep_units: list[int | None] = []
    keep_values: list[int | None] = []
    if inquiry is not None:
        keep_units.append(inquiry.org_unit_id)
        keep_values.extend(getattr(inquiry, f"{c}_id") for c in INQUIRY_DIMENSIONS)
        for p in inquiry.points.all():
            keep_units.append(p.org_unit_id)
            keep_values.extend((p.theme_id, p.conclusion_id, p.criticism_grade_id))
    choices = IntakeChoices(
        office=office,
        registered=registered,
        labels=dict(Vocabulary.objects.values_list("code", "label")),
        org_units=org_unit_options(office, include=keep_units),
        statements=statements,
    )
    codes = [c for c in INQUIRY_DIMENSIONS if c in registered]
    codes += (["theme"] if choices.has_points else []) + choices.point_dimensions
    for code in codes:
        choices.values[code] = vocabulary_options(office, code, include=keep_values)
    return choices


class InquiryForm(AccessibleForm):
    received = date_field("Modtaget")
    org_unit = forms.TypedChoiceField(label="Enhed", coerce=int)
    account = forms.CharField(
        label="Borgerens beretning",
        required=False,
        max_length=ACCOUNT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    anonymous = forms.BooleanField(
        label="Anonym henvendelse",
        required=False,
        help_text="Borgeren oplyser ikke, hvem hun eller han er.",
    )
    anonymous_to_administration = forms.BooleanField(
        label="Anonym over for forvaltningen",
        required=False,
        help_text="Borgerens navn må ikke fremgå over for forvaltningen.",
    )
    closed = date_field(
        "Afsluttet", required=False, help_text="Udfyld, når henvendelsen afsluttes."
    )

    def __init__(
        self, *args: Any, choices: IntakeChoices, with_version: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.choices = choices
        unit_field = self.fields["org_unit"]
        # Narrows the type for mypy; set up by this code itself, no input reaches it.
        assert isinstance(unit_field, forms.TypedChoiceField)  # nosec B101
        unit_field.choices = [("", "Vælg enhed"), *((o.id, o.label) for o in choices.org_units)]
        unit_field.error_messages["invalid_choice"] = "Vælg en enhed på listen."
        unit_field.error_messages["required"] = "Vælg den enhed, henvendelsen drejer sig om."
        unit_field.widget.attrs.update(
            {"data-combobox": "", "data-combobox-empty": "Ingen enhed passer"}
        )
        self.fields["received"].error_messages["required"] = "Angiv modtagelsesdatoen."
        for code in INQUIRY_DIMENSIONS:
            if choices.registers(code):
                self.fields[code] = _typed_choice(
                    choices.labels.get(code, code), [(o.id, o.label) for o in choices.values[code]]
                )
        if with_version:
            self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
        if not choices.statements:
            del self.fields["closed"]

    def _present(self, codes: tuple[str, ...]) -> list[forms.BoundField]:
        return [self[c] for c in codes if c in self.fields]

    @property
    def intake_fields(self) -> list[forms.BoundField]:
        return self._present(INTAKE_DIMENSIONS)

    @property
    def case_fields(self) -> list[forms.BoundField]:
        return self._present(CASE_DIMENSIONS)

    @property
    def closing_fields(self) -> list[forms.BoundField]:
        return self._present((*CLOSING_DIMENSIONS, "closed"))

    def clean_received(self) -> datetime.date | None:
        return self.check_date("received")

    def clean_closed(self) -> datetime.date | None:
        return self.check_date("closed")


class PersonForm(AccessibleForm):
    """The person concerned, or the requester: a known person picked, or typed details."""

    existing = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)
    name = forms.CharField(label="Navn", required=False, max_length=200)
    phone = forms.CharField(
        label="Telefon",
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"type": "tel", "class": "input-width-m"}),
    )
    cpr = forms.CharField(
        label="CPR-nummer",
        required=False,
        max_length=20,
        widget=forms.TextInput(
            attrs={"class": "input-width-m", "autocomplete": "off", "inputmode": "numeric"}
        ),
    )
    address = forms.CharField(label="Adresse", required=False, max_length=300)
    email = forms.EmailField(
        label="E-mail",
        required=False,
        max_length=254,
        error_messages={"invalid": "Skriv en gyldig e-mailadresse."},
    )

    def __init__(
        self, *args: Any, resolve: PersonResolver, known: Person | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.resolve = resolve
        self.known = known
        self.candidates: list[Person] = []
        self.picked_uid = ""
        for name in ("name", "phone", "cpr", "address", "email"):
            self.fields[name].widget.attrs.setdefault("autocomplete", "off")
        if known is not None and known.has_cpr:
            self.fields["cpr"].help_text = (
                f"Registreret: {known.masked_cpr}. Udfyld kun for at rette det; "
                "et tomt felt beholder det."
            )
            # Offered only when there is a number to remove: an empty field keeps it.
            self.fields["remove_cpr"] = forms.BooleanField(
                label="Fjern CPR-nummer",
                required=False,
                help_text=f"Sletter {known.masked_cpr} fra personens oplysninger.",
                widget=forms.CheckboxInput(attrs={"class": "form-checkbox"}),
            )

    def raw(self, name: str) -> str:
        value = self.data.get(self.add_prefix(name), "") if self.is_bound else ""
        return value if isinstance(value, str) else ""

    @property
    def has_input(self) -> bool:
        """Whether anything is filled in or picked (the requester's section then opens)."""
        if not self.is_bound:
            return bool(self.initial.get("existing"))
        return any(
            self.raw(n).strip() for n in ("existing", "name", "phone", "cpr", "address", "email")
        )

    def find_candidates(self, office: Office) -> None:
        """Known persons matching what has been typed, the picked one first."""
        found = person_search(
            office, name=self.raw("name"), phone=self.raw("phone"), cpr=self.raw("cpr")
        )
        if self.is_bound:
            picked = self.resolve(self.raw("existing")) if self.raw("existing") else None
        else:
            picked = self.known
        self.picked_uid = str(picked.uid) if picked else ""
        self.candidates = ([picked] if picked else []) + [p for p in found if p != picked]

    def clean_existing(self) -> Person | None:
        uid = self.cleaned_data.get("existing", "")
        if not uid:
            return None
        person = self.resolve(uid)
        if person is None:
            raise ValidationError("Den valgte person findes ikke. Søg igen.")
        return person

    def clean_cpr(self) -> str:
        try:
            return cpr_normalise(self.cleaned_data.get("cpr", ""))
        except ValidationError as exc:
            raise ValidationError(exc.messages) from exc

    @property
    def remove_cpr_field(self) -> forms.BoundField | None:
        return self["remove_cpr"] if "remove_cpr" in self.fields else None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        existing = data.get("existing")
        if data.get("remove_cpr") and existing is not None and existing != self.known:
            # The box names the registered person's number; it must not erase another's.
            self.add_error(
                "remove_cpr",
                "Krydset gælder den registrerede person. Vælg personen igen, eller fjern krydset.",
            )
        return data

    def has_details(self) -> bool:
        return any(self.cleaned_data.get(n) for n in ("name", "phone", "cpr", "address", "email"))

    def to_input(self) -> PersonInput | None:
        d = self.cleaned_data
        if d.get("existing") is None and not self.has_details() and not d.get("remove_cpr"):
            return None
        return PersonInput(
            existing=d.get("existing"),
            remove_cpr=bool(d.get("remove_cpr")),
            **{n: d.get(n) or "" for n in ("name", "address", "phone", "email", "cpr")},
        )


class PointForm(AccessibleForm):
    theme = forms.TypedChoiceField(label="Tema", coerce=int, empty_value=None, required=False)
    org_unit = forms.TypedChoiceField(label="Enhed", coerce=int, empty_value=None, required=False)
    description = forms.CharField(label="Kort beskrivelse", required=False, max_length=2000)

    def __init__(self, *args: Any, choices: IntakeChoices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        theme = self.fields["theme"]
        # Narrows the type for mypy; set up by this code itself, no input reaches it.
        assert isinstance(theme, forms.TypedChoiceField)  # nosec B101
        theme.choices = [("", "Vælg tema"), *grouped_choices(choices.values.get("theme", []))]
        theme.widget.attrs.update({"data-combobox": "", "data-combobox-empty": "Intet tema passer"})
        unit = self.fields["org_unit"]
        # Narrows the type for mypy; set up by this code itself, no input reaches it.
        assert isinstance(unit, forms.TypedChoiceField)  # nosec B101
        unit.choices = [
            ("", "Samme som henvendelsen"),
            *((o.id, o.label) for o in choices.org_units),
        ]
        unit.widget.attrs.update({"data-combobox": "", "data-combobox-empty": "Ingen enhed passer"})
        for code in choices.point_dimensions:
            self.fields[code] = _typed_choice(
                choices.labels.get(code, code), [(o.id, o.label) for o in choices.values[code]]
            )
        for f in ("theme", "org_unit"):
            self.fields[f].error_messages["invalid_choice"] = "Vælg en af mulighederne på listen."

    @property
    def dimension_fields(self) -> list[forms.BoundField]:
        return [self[c] for c in ("conclusion", "criticism_grade") if c in self.fields]

    def is_blank(self) -> bool:
        d = getattr(self, "cleaned_data", {})
        return not any(v for k, v in d.items() if k != DELETION_FIELD_NAME)

    def is_removed(self) -> bool:
        return bool(getattr(self, "cleaned_data", {}).get(DELETION_FIELD_NAME))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("theme") is None and not self.is_removed() and not self.is_blank():
            self.add_error("theme", "Vælg et tema, eller fjern klagepunktet.")
        return data


class BasePointFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if DELETION_FIELD_NAME in form.fields:
            form.fields[DELETION_FIELD_NAME].label = "Fjern klagepunktet"
            form.fields[DELETION_FIELD_NAME].widget.attrs["class"] = "form-checkbox"

    def kept(self) -> list[PointForm]:
        """Rows that become complaint points, in order: neither blank nor removed."""
        return [f for f in self.forms if not f.is_removed() and not f.is_blank()]

    def silence(self) -> None:
        for f in self.forms:
            f.silence()
        self._non_form_errors = self.error_class(renderer=self.renderer)


PointFormSet = forms.formset_factory(
    PointForm,
    formset=BasePointFormSet,
    extra=0,
    can_delete=True,
    max_num=MAX_POINTS,
    absolute_max=MAX_POINTS,
    validate_max=True,
)


class JournalEntryForm(AccessibleForm):
    kind = forms.ChoiceField(
        label="Type", choices=JournalEntry.Kind.choices, initial=JournalEntry.Kind.NOTE
    )
    occurred = date_field("Dato", initial=timezone.localdate)
    text = forms.CharField(
        label="Tekst",
        required=False,
        max_length=ACCOUNT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    attachment = forms.FileField(
        label="Bilag",
        required=False,
        help_text="PDF, billede (PNG/JPEG), Word, Excel eller tekst.",
        widget=forms.FileInput(
            attrs={"accept": ".pdf,.png,.jpg,.jpeg,.docx,.xlsx,.txt,text/plain"}
        ),
    )

    def clean_occurred(self) -> datetime.date | None:
        return self.check_date("occurred")
