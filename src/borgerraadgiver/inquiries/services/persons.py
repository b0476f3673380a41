"""Persons: the citizen concerned and the requester, with an optional CPR number."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from borgerraadgiver.offices.models import Office

from ..cpr import cpr_columns_renewed
from ..models import Person
from ..search_names import search_names_refresh


@sensitive_variables()
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
        # The setter validates and compacts it (Person.cpr).
        cpr=cpr,
        reference=reference.strip(),
    )
    person.full_clean()
    person.save()
    return person


@sensitive_variables()
@transaction.atomic
def person_update(*, person: Person, **fields: Any) -> Person:
    for key in ("name", "address", "phone", "email", "reference"):
        if key in fields:
            setattr(person, key, (fields[key] or "").strip())
    if "cpr" in fields:
        person.cpr = fields["cpr"] or ""
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
    # Left out of the repr, which error reports and debuggers print.
    cpr: str = field(default="", repr=False)
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


@sensitive_variables()
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
        person = Person.objects.with_cpr(office, details["cpr"]).order_by("id").first()
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


def person_cpr_rekey(*, batch_size: int = 1000) -> int:
    """Re-encrypt every stored CPR number with the first key and hash it with the current one.

    Run after a key change (README: key rotation); until then rows encrypted
    with an old key need that key, and a new hash key finds nobody. Each batch
    is its own transaction, so a long run holds no lock for long and an
    interrupted run can simply be started again. Returns the number of persons.
    """
    ids = list(Person.objects.exclude(cpr_encrypted="").order_by("id").values_list("id", flat=True))
    for start in range(0, len(ids), batch_size):
        with transaction.atomic():
            persons = list(
                Person.objects.select_for_update().filter(id__in=ids[start : start + batch_size])
            )
            for person in persons:
                for column, value in cpr_columns_renewed(
                    person.cpr_encrypted, person.office_id
                ).items():
                    setattr(person, column, value)
            Person.objects.bulk_update(persons, ["cpr_encrypted", "cpr_hash"])
    return len(ids)
