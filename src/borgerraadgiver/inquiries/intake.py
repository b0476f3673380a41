"""The intake: the inquiry, its two persons and its complaint points as one form.

They are posted together; `IntakeForms` binds them as one, hands the service
what it needs, and maps a service's ValidationError back onto the right form,
field or complaint-point row.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils import timezone

from borgerraadgiver.offices.models import OrgUnit
from borgerraadgiver.vocabularies.models import VocabularyValue

from .forms import (
    AccessibleForm,
    InquiryForm,
    IntakeChoices,
    PersonForm,
    PersonResolver,
    PointForm,
    PointFormSet,
)
from .models import INQUIRY_DIMENSIONS, Inquiry, Person
from .services import InquiryData, PersonInput, PointData


@dataclass(frozen=True)
class SummaryError:
    anchor: str
    label: str
    message: str


class IntakeForms:
    """The inquiry, its two persons and its complaint points, bound together."""

    def __init__(
        self,
        data: QueryDict | None,
        *,
        choices: IntakeChoices,
        resolve: PersonResolver,
        inquiry: Inquiry | None = None,
    ) -> None:
        self.choices = choices
        self.inquiry = inquiry
        initial = _initial(inquiry) if inquiry is not None else _blank_initial(choices)
        self.main = InquiryForm(
            data, choices=choices, with_version=inquiry is not None, initial=initial["main"]
        )
        self.person = PersonForm(
            data,
            prefix="person",
            resolve=resolve,
            initial=initial["person"],
            known=inquiry.person if inquiry else None,
        )
        self.requester = PersonForm(
            data,
            prefix="requester",
            resolve=resolve,
            initial=initial["requester"],
            known=inquiry.requester if inquiry else None,
        )
        self.points = (
            PointFormSet(
                data,
                prefix="points",
                initial=initial["points"],
                # Every posted row is cleaned: an edit's unchanged rows are not empty extras.
                form_kwargs={"choices": choices, "empty_permitted": False},
            )
            if choices.has_points
            else None
        )
        self.person.find_candidates(choices.office)
        self.requester.find_candidates(choices.office)

    @property
    def all_forms(self) -> list[AccessibleForm]:
        return [self.main, self.person, self.requester, *(self.points.forms if self.points else [])]

    def is_valid(self) -> bool:
        results = [f.is_valid() for f in (self.main, self.person, self.requester)]
        valid = all(results)
        if self.points is not None and not self.points.is_valid():
            valid = False
        if self.main.is_valid() and self.main.cleaned_data.get("anonymous"):
            for pf in (self.person, self.requester):
                if pf.is_valid() and (pf.has_details() or pf.cleaned_data.get("existing")):
                    self.main.add_error(
                        "anonymous",
                        "En anonym henvendelse registreres uden personoplysninger. "
                        "Fjern dem, eller fjern krydset.",
                    )
                    return False
        return valid

    @property
    def has_errors(self) -> bool:
        return bool(self.error_summary)

    @cached_property
    def error_summary(self) -> list[SummaryError]:
        """Every message on the page, each linking to its field (or its row)."""
        sections: list[tuple[str, AccessibleForm, str]] = [
            ("", self.main, "intake-form"),
            ("Borgeren", self.person, "person-matches"),
            ("Repræsentanten", self.requester, "requester-matches"),
        ]
        if self.points is not None:
            for i, row in enumerate(self.points.forms):
                title = "Hovedsag" if i == 0 else f"Følgesag {i}"
                sections.append((title, row, f"point-{i + 1}"))
        result = [
            SummaryError("points", "Klagepunkter", str(message))
            for message in (self.points.non_form_errors() if self.points is not None else [])
        ]
        for title, form, fallback in sections:
            for name, messages in form.errors.items():
                if name in form.fields and name != "existing":
                    anchor, label = form[name].auto_id, str(form.fields[name].label)
                else:
                    anchor, label = fallback, title or "Henvendelsen"
                if title and name in form.fields:
                    label = f"{title}, {label}"
                result.extend(SummaryError(anchor, label, str(m)) for m in messages)
        return result

    def silence(self) -> None:
        for f in (self.main, self.person, self.requester):
            f.silence()
        if self.points is not None:
            self.points.silence()

    def focus_last_point(self) -> None:
        if self.points is not None and self.points.forms:
            self.points.forms[-1].fields["theme"].widget.attrs["autofocus"] = True

    def repeat_basis(self) -> tuple[Person | None, int | None]:
        """The known person picked and the org unit chosen: what a repeat contact is matched on.

        Read from a bound form whatever its other errors (`errors` cleans it once).
        """
        if not self.main.is_bound:
            return None, None
        _cleaned = (self.main.errors, self.person.errors)  # cleans the forms if not yet done
        person = getattr(self.person, "cleaned_data", {}).get("existing")
        unit_id = getattr(self.main, "cleaned_data", {}).get("org_unit")
        return person, unit_id

    def to_data(self) -> tuple[InquiryData, PersonInput | None, PersonInput | None]:
        """What the service needs, from cleaned forms (call after is_valid)."""
        office = self.choices.office
        m = self.main.cleaned_data
        rows = self.points.kept() if self.points is not None else []
        unit_ids = {m["org_unit"]} | {r.cleaned_data.get("org_unit") for r in rows}
        units = OrgUnit.objects.filter(office=office).in_bulk([i for i in unit_ids if i])
        value_ids = {m.get(c) for c in INQUIRY_DIMENSIONS}
        for r in rows:
            value_ids |= {r.cleaned_data.get(c) for c in ("theme", *self.choices.point_dimensions)}
        values = VocabularyValue.objects.for_office(office).in_bulk([i for i in value_ids if i])
        data = InquiryData(
            received=m["received"],
            org_unit=units[m["org_unit"]],
            account=m.get("account") or "",
            anonymous=bool(m.get("anonymous")),
            anonymous_to_administration=bool(m.get("anonymous_to_administration")),
            values={
                c: values.get(m[c]) if m.get(c) else None
                for c in INQUIRY_DIMENSIONS
                if c in self.main.fields
            },
            closed=self._closed(m),
            points=[
                PointData(
                    theme=values.get(r.cleaned_data["theme"]),
                    org_unit=units.get(r.cleaned_data.get("org_unit") or 0),
                    conclusion=values.get(r.cleaned_data.get("conclusion") or 0),
                    criticism_grade=values.get(r.cleaned_data.get("criticism_grade") or 0),
                    description=r.cleaned_data.get("description") or "",
                )
                for r in rows
            ],
        )
        if self.inquiry is not None:
            self._keep_unregistered(data)
        return data, self.person.to_input(), self.requester.to_input()

    def _closed(self, cleaned: dict[str, Any]) -> datetime.date | None:
        if "closed" in self.main.fields:
            return cleaned.get("closed")
        # Not the user's to set: a new inquiry stays open, an edit keeps its date.
        return self.inquiry.closed if self.inquiry is not None else None

    def _keep_unregistered(self, data: InquiryData) -> None:
        """What the office no longer registers is not on the form; an edit must not erase it."""
        # Narrows the type for mypy; set up by this code itself, no input reaches it.
        assert self.inquiry is not None  # nosec B101
        for code in INQUIRY_DIMENSIONS:
            if code not in self.main.fields:
                data.values[code] = getattr(self.inquiry, code)
        old = list(self.inquiry.points.order_by("position"))
        if self.points is None:
            data.points = [
                PointData(
                    theme=p.theme,
                    org_unit=p.org_unit,
                    conclusion=p.conclusion,
                    criticism_grade=p.criticism_grade,
                    description=p.description,
                )
                for p in old
            ]
            return
        for position, point in enumerate(data.points):
            if position >= len(old):
                break
            for code in ("conclusion", "criticism_grade"):
                if code not in self.choices.point_dimensions:
                    setattr(point, code, getattr(old[position], code))

    def add_service_errors(self, exc: ValidationError) -> None:
        """Put each of the service's messages on the form, field or row it is about."""
        rows = self.points.kept() if self.points is not None else []
        messages = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
        for key, msgs in messages.items():
            target, name = self._target(key, rows)
            target.add_error(name if name in target.fields else None, msgs)

    def _target(self, key: str, rows: list[PointForm]) -> tuple[AccessibleForm, str | None]:
        if key.startswith("point_") and key[6:].isdigit() and 0 < int(key[6:]) <= len(rows):
            return rows[int(key[6:]) - 1], None
        prefix, _dot, name = key.partition(".")
        if prefix in ("person", "requester") and _dot:
            return getattr(self, prefix), name or None
        if key == "person":
            return self.person, None
        return self.main, key or None


def _blank_initial(choices: IntakeChoices) -> dict[str, Any]:
    return {
        "main": {"received": timezone.localdate()},
        "person": {},
        "requester": {},
        "points": [{}] if choices.has_points else [],
    }


def _person_initial(person: Person | None) -> dict[str, Any]:
    if person is None:
        return {}
    # The CPR number is never put back into a form: it stays masked on screen.
    return {
        "existing": str(person.uid),
        "name": person.name,
        "phone": person.phone,
        "address": person.address,
        "email": person.email,
    }


def _initial(inquiry: Inquiry) -> dict[str, Any]:
    main: dict[str, Any] = {
        "received": inquiry.received,
        "org_unit": inquiry.org_unit_id,
        "account": inquiry.account,
        "anonymous": inquiry.anonymous,
        "anonymous_to_administration": inquiry.anonymous_to_administration,
        "closed": inquiry.closed,
        "version": inquiry.version,
    }
    main.update({c: getattr(inquiry, f"{c}_id") for c in INQUIRY_DIMENSIONS})
    points = [
        {
            "theme": p.theme_id,
            "org_unit": p.org_unit_id if p.org_unit_id != inquiry.org_unit_id else None,
            "conclusion": p.conclusion_id,
            "criticism_grade": p.criticism_grade_id,
            "description": p.description,
        }
        for p in inquiry.points.all()
    ]
    return {
        "main": main,
        "person": _person_initial(inquiry.person),
        "requester": _person_initial(inquiry.requester),
        "points": points or [{}],
    }
