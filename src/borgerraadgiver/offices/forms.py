"""Forms of the office settings: they tidy input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from borgerraadgiver.core.forms import DkfdsFormMixin
from borgerraadgiver.offices.models import Office, OrgUnit, User
from borgerraadgiver.offices.roles import OFFICE_ROLES, SECRETARY_GRANTABLE
from borgerraadgiver.offices.services import office_presets

MONTHS = [
    (1, "januar"),
    (2, "februar"),
    (3, "marts"),
    (4, "april"),
    (5, "maj"),
    (6, "juni"),
    (7, "juli"),
    (8, "august"),
    (9, "september"),
    (10, "oktober"),
    (11, "november"),
    (12, "december"),
]


class SettingsForm(DkfdsFormMixin, forms.Form):
    """Ties each field's error messages to its input, so screen readers read them."""


def month_day(text: str) -> tuple[int, int]:
    """'04-01' -> (1, 4) as (day, month)."""
    month, day = text.split("-")
    return int(day), int(month)


def period_text(start: str, end: str) -> str:
    """'04-01', '03-31' -> '1. april – 31. marts'."""
    names = dict(MONTHS)
    (d1, m1), (d2, m2) = month_day(start), month_day(end)
    return f"{d1}. {names[m1]} – {d2}. {names[m2]}"


DAY = forms.NumberInput(attrs={"class": "input-char-4"})
MONTH = forms.Select(attrs={"class": "input-width-s"})


class OfficeSettingsForm(SettingsForm):
    start_day = forms.IntegerField(label="Dag", min_value=1, max_value=31, widget=DAY)
    start_month = forms.TypedChoiceField(label="Måned", choices=MONTHS, coerce=int, widget=MONTH)
    end_day = forms.IntegerField(label="Dag", min_value=1, max_value=31, widget=DAY)
    end_month = forms.TypedChoiceField(label="Måned", choices=MONTHS, coerce=int, widget=MONTH)
    statement_deadline_days = forms.IntegerField(
        label="Frist for forvaltningens redegørelse (dage)",
        min_value=1,
        max_value=365,
        widget=forms.NumberInput(attrs={"class": "input-char-4"}),
        help_text="Kalenderdage fra anmodningen, fx 14 for to uger.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # One checkbox per capability an office may give its secretaries.
        for capability, label in SECRETARY_GRANTABLE.items():
            self.fields[_grant_field(capability)] = forms.BooleanField(
                label=label,
                required=False,
                widget=forms.CheckboxInput(attrs={"class": "form-checkbox"}),
            )

    @classmethod
    def for_office(cls, office: Office, data: Any = None) -> OfficeSettingsForm:
        start_day, start_month = month_day(office.report_period_start)
        end_day, end_month = month_day(office.report_period_end)
        initial: dict[str, Any] = {
            "start_day": start_day,
            "start_month": start_month,
            "end_day": end_day,
            "end_month": end_month,
            "statement_deadline_days": office.statement_deadline_days,
        }
        for capability in SECRETARY_GRANTABLE:
            initial[_grant_field(capability)] = capability in office.secretary_capabilities
        return cls(data, initial=initial)

    def period(self, which: str) -> str:
        return f"{self.cleaned_data[f'{which}_month']:02d}-{self.cleaned_data[f'{which}_day']:02d}"

    @property
    def secretary_fields(self) -> list[forms.BoundField]:
        return [self[_grant_field(c)] for c in SECRETARY_GRANTABLE]

    def secretary_capabilities(self) -> list[str]:
        return [str(c) for c in SECRETARY_GRANTABLE if self.cleaned_data.get(_grant_field(c))]


def _grant_field(capability: str) -> str:
    return "secretary_" + capability.replace(".", "_")


class OrgUnitForm(SettingsForm):
    name = forms.CharField(label="Navn", max_length=200)
    short_name = forms.CharField(
        label="Forkortelse",
        max_length=20,
        required=False,
        help_text="Fx CSI eller BUF.",
        widget=forms.TextInput(attrs={"class": "input-width-s"}),
    )
    external = forms.BooleanField(
        label="Uden for kommunen",
        required=False,
        help_text="En myndighed uden for kommunen, fx Udbetaling Danmark.",
    )

    @classmethod
    def for_unit(cls, unit: OrgUnit, data: Any = None, prefix: str = "rename") -> OrgUnitForm:
        initial = {"name": unit.name, "short_name": unit.short_name, "external": unit.external}
        return cls(data, initial=initial, prefix=prefix)


class OrgUnitMoveForm(SettingsForm):
    parent = forms.ModelChoiceField(
        label="Ny overordnet enhed",
        queryset=OrgUnit.objects.none(),
        required=False,
        empty_label="(Øverste niveau)",
        help_text="Enheden flytter med alle sine underenheder.",
        widget=forms.Select(attrs={"class": "input-width-xl"}),
    )

    def __init__(
        self, *args: Any, unit: OrgUnit, targets: list[tuple[int, str]], **kwargs: Any
    ) -> None:
        kwargs.setdefault("initial", {"parent": unit.parent_id})
        super().__init__(*args, prefix="move", **kwargs)
        field = self.fields["parent"]
        # Every unit of the office is accepted, so that the service (not the form)
        # explains why a unit cannot go under its own sub-unit; only valid ones are offered.
        field.queryset = OrgUnit.objects.filter(office=unit.office_id)
        field.widget.choices = [("", "(Øverste niveau)"), *targets]


class OrgUnitRetireForm(SettingsForm):
    retired_at = forms.DateField(
        label="Nedlagt pr.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Henvendelser registreret på enheden beholder den.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"retired_at": timezone.localdate()})
        super().__init__(*args, prefix="retire", **kwargs)


ROLE_CHOICES = [(r, User.Role(r).label) for r in OFFICE_ROLES]
ROLE_HELP = (
    "Borgerrådgiver: alt i kontoret. Sekretær: registrerer og fører journal. "
    "Læser: statistik og beretning, ingen personoplysninger. "
    "Kontoradministrator: indstillinger og brugere, ingen sager."
)


class NewUserForm(SettingsForm):
    """A new member of staff; the password is checked by the validators in the service."""

    username = forms.CharField(label="Brugernavn", max_length=150)
    first_name = forms.CharField(label="Fornavn", max_length=150, required=False)
    last_name = forms.CharField(label="Efternavn", max_length=150, required=False)
    email = forms.EmailField(
        label="E-mail",
        required=False,
        error_messages={"invalid": "Skriv en gyldig e-mailadresse."},
    )
    password = forms.CharField(
        label="Adgangskode",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="Mindst 12 tegn. Brugeren bør skifte den ved første login.",
    )
    password_again = forms.CharField(
        label="Adgangskode igen",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, with_role: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if with_role:
            self.fields["role"] = forms.ChoiceField(
                label="Rolle",
                choices=ROLE_CHOICES,
                help_text=ROLE_HELP,
                widget=forms.Select(attrs={"class": "form-select"}),
            )
            self.order_fields(["username", "first_name", "last_name", "email", "role"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", "De to adgangskoder er ikke ens.")
        return data


class UserRoleForm(SettingsForm):
    role = forms.ChoiceField(
        label="Rolle",
        choices=ROLE_CHOICES,
        help_text=ROLE_HELP,
        widget=forms.Select(attrs={"class": "form-select"}),
    )


class NewOfficeForm(SettingsForm):
    slug = forms.SlugField(
        label="Kortnavn",
        max_length=50,
        help_text="Små bogstaver, tal og bindestreg, fx frederiksberg.",
    )
    name = forms.CharField(label="Navn", max_length=200, help_text="Fx Frederiksberg Kommune.")
    preset = forms.ChoiceField(
        label="Skabelon",
        required=False,
        help_text=(
            "Organisation, klassifikationer og beretningsperiode fra en kommune, "
            "der bruger systemet."
        ),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        presets = office_presets()
        field = self.fields["preset"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            ("", "Ingen (standardklassifikationer, ingen enheder)"),
            *((slug, spec.get("name", slug)) for slug, spec in sorted(presets.items())),
        ]
