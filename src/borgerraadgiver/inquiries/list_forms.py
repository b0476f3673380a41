"""The filter form of the inquiry list and export: its parameters -> InquiryFilters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from borgerraadgiver.core.forms import DkfdsFormMixin, check_date_order
from borgerraadgiver.offices.models import Office, OrgUnit
from borgerraadgiver.offices.services import orgunit_path
from borgerraadgiver.vocabularies.models import Vocabulary
from borgerraadgiver.vocabularies.selectors import office_choices, registered_vocabularies

from .models import INQUIRY_DIMENSIONS, Inquiry
from .selectors import SORT_CHOICES, InquiryFilters, looks_like_cpr

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y"]
CPR_REFUSED = _(
    "Søg ikke på CPR-numre her: fritekstsøgningen kender ikke CPR-numre. "
    "Find personen med personopslaget i henvendelsesformularen i stedet."
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class InquiryFilterForm(DkfdsFormMixin, forms.Form):
    """Bound to the list's POST or its address. Choice fields carry ids, scoped to the office."""

    q = forms.CharField(
        label=_("Fritekst"),
        required=False,
        max_length=200,
        help_text=_("Søger i borgerens beretning og i navne på borger og henvender."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    received_from = forms.DateField(
        label=_("Modtaget fra og med"),
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        widget=DateInput(),
    )
    received_to = forms.DateField(
        label=_("Modtaget til og med"),
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        widget=DateInput(),
    )
    org_unit = forms.TypedChoiceField(
        label=_("Enhed"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("Medtager underliggende enheder."),
    )
    theme = forms.TypedChoiceField(
        label=_("Tema"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("Et helt temaområde medtager alle dets emner."),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Alle")), *Inquiry.Status.choices],
    )
    sort = forms.ChoiceField(
        required=False, choices=[(s, s) for s in SORT_CHOICES], widget=forms.HiddenInput
    )

    def __init__(self, *args: Any, office: Office, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.office = office
        registered = registered_vocabularies(office)
        self.fields["org_unit"].choices = [("", _("Alle enheder")), *self._unit_choices()]
        if "theme" in registered:
            self.fields["theme"].choices = [("", _("Alle temaer")), *self._theme_choices()]
        else:
            del self.fields["theme"]
        self.value_codes = [c for c in registered if c in INQUIRY_DIMENSIONS]
        labels = dict(
            Vocabulary.objects.filter(code__in=self.value_codes).values_list("code", "label")
        )
        for code in self.value_codes:
            self.fields[code] = forms.TypedChoiceField(
                label=labels.get(code, code),
                required=False,
                coerce=int,
                empty_value=None,
                choices=[("", _("Alle")), *self._value_choices(code)],
                # Added after the mixin styled the declared fields: styled here.
                widget=forms.Select(attrs={"class": "form-select"}),
            )

    def _unit_choices(self) -> list[tuple[int, str]]:
        units = {u.pk: u for u in OrgUnit.objects.filter(office=self.office)}
        choices = []
        for pk, unit in units.items():
            path = orgunit_path(unit, units)
            choices.append((pk, f"{path} (nedlagt)" if unit.is_retired else path))
        return sorted(choices, key=lambda item: item[1].casefold())

    def _theme_choices(self) -> list[tuple[str, list[tuple[int, str]]] | tuple[int, str]]:
        choices = office_choices(self.office, "theme", include_hidden=True)
        groups = [c for c in choices if c.is_group]
        result: list[Any] = []
        for group in groups:
            leaves = [(c.id, c.label) for c in choices if c.group_id == group.id]
            label = str(_("%(group)s (hele området)") % {"group": group.label})
            result.append((group.label, [(group.id, label), *leaves]))
        loose = [(c.id, c.label) for c in choices if not c.is_group and c.group_id is None]
        return [*result, *loose]

    def _value_choices(self, code: str) -> list[tuple[int, str]]:
        return [
            (c.id, f"{c.label} (skjult)" if c.hidden else c.label)
            for c in office_choices(self.office, code, include_hidden=True)
        ]

    def clean_q(self) -> str:
        q = " ".join(self.cleaned_data.get("q", "").split())
        if looks_like_cpr(q):
            raise forms.ValidationError(CPR_REFUSED, code="cpr")
        return q

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        check_date_order(self, "received_from", "received_to")
        return data

    def filters(self) -> InquiryFilters:
        """The filters of a valid form."""
        data = self.cleaned_data
        return InquiryFilters(
            received_from=data.get("received_from"),
            received_to=data.get("received_to"),
            org_unit_id=data.get("org_unit"),
            theme_id=data.get("theme"),
            status=data.get("status") or "",
            values={c: data[c] for c in self.value_codes if data.get(c)},
            q=data.get("q", ""),
            sort=data.get("sort") or "-received",
        )

    @property
    def cpr_refused(self) -> bool:
        return any(e.code == "cpr" for e in self.errors.as_data().get("q", []))
