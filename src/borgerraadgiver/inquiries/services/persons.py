"""Persons: the citizen concerned and the requester, with an optional CPR number."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from stdnum.dk import cpr as stdnum_cpr

from borgerraadgiver.offices.models import Office

from ..models import Person
from ..search_names import search_names_refresh


def cpr_normalise(raw: str) -> str:
    """Validate a CPR number and return its ten digits, or raise ValidationError.

    Birth dates in the future are allowed to fail; the modulus-11 check is not
    applied because CPR numbers issued since 2007 need not satisfy it.
    """
    digits = stdnum_cpr.compact(raw or "")
    if not digits:
        return ""
    if not digits.isdigit() or len(digits) != 10:
        raise ValidationError(_("Et CPR-nummer har 10 cifre (ddmmåå-xxxx)."))
    try:
        stdnum_cpr.get_birth_date(digits)
    except Exception as exc:  # stdnum raises its own InvalidComponent
        raise ValidationError(_("CPR-nummeret indeholder ikke en gyldig fødselsdato.")) from exc
    return digits


@transaction.atomic
def person_create(
    *,
    office: Office,
    name: str = "",
    address: str = "",
    phone: str = "",
    email: str = "",
    cpr: str = "",
    reference: str = "",
) -> Person:
    person = Person(
        office=office,
        name=name.strip(),
        address=address.strip(),
        phone=phone.strip(),
        email=email.strip(),
        cpr=cpr_normalise(cpr),
        reference=reference.strip(),
    )
    person.full_clean()
    person.save()
    return person


@transaction.atomic
def person_update(*, person: Person, **fields: Any) -> Person:
    for key in ("name", "address", "phone", "email", "reference"):
        if key in fields:
            setattr(person, key, (fields[key] or "").strip())
    if "cpr" in fields:
        person.cpr = cpr_normalise(fields["cpr"] or "")
    person.full_clean()
    person.save()
    if "name" in fields:
        search_names_refresh(person_ids=[person.pk])
    return person


@dataclass
class PersonInput:
    """A person as the form gives it: an existing one picked, and/or typed details."""

    existing: Person | None = None
    name: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    cpr: str = ""
    # An empty CPR field keeps the number; removing it takes this explicit choice.
    remove_cpr: bool = False

    def details(self) -> dict[str, str]:
        """The fields that were filled in; empty ones leave a known person's data alone."""
        raw = {
            "name": self.name,
            "address": self.address,
            "phone": self.phone,
            "email": self.email,
            "cpr": self.cpr,
        }
        return {k: v.strip() for k, v in raw.items() if v and v.strip()}


@transaction.atomic
def person_resolve(*, office: Office, entry: PersonInput | None) -> Person | None:
    """The person the form means: the one picked, a known one with the same CPR, or a new one.

    Reusing by CPR keeps the register free of duplicates even when the
    advisor did not use the look-up. Typed details update the person; empty
    ones keep what is known, so a CPR number is only removed on request
    (`remove_cpr`), and only from a person picked as `existing`.
    """
    if entry is None:
        return None
    details = entry.details()
    person = entry.existing
    if person is not None and person.office_id != office.pk:
        raise ValidationError(_("Personen tilhører et andet kontor."))
    if person is None and "cpr" in details:
        cpr = cpr_normalise(details["cpr"])
        person = Person.objects.filter(office=office, cpr=cpr).order_by("id").first()
        typed = details.get("name", "").strip().casefold()
        if person is not None and typed and person.name and typed != person.name.casefold():
            # A mistyped CPR number must not silently rename another citizen.
            raise ValidationError(
                {
                    "cpr": _(
                        "CPR-nummeret tilhører en kendt person med et andet navn. Ret "
                        "CPR-nummeret, eller vælg personen under 'Søg efter kendt person'."
                    )
                }
            )
    if entry.remove_cpr:
        if "cpr" in details:
            raise ValidationError(
                {"remove_cpr": _("Fjern CPR-nummeret, eller skriv et nyt, men ikke begge dele.")}
            )
        if person is None:
            raise ValidationError(
                {"remove_cpr": _("Vælg den person, hvis CPR-nummer skal fjernes.")}
            )
        details["cpr"] = ""
    if person is None:
        return person_create(office=office, **details) if details else None
    return person_update(person=person, **details) if details else person
