"""Anonymity towards the administration: nothing identifying leaves the office.

A citizen may ask to stay anonymous towards the department complained of
(Inquiry.anonymous_to_administration). Every text that goes to the
administration - a referral, a request for a statement, a reminder, a letter,
an e-mail - is checked here before it is stored or sent: the person's and the
requester's name, address, phone, e-mail and CPR number must not occur in it.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

from borgerraadgiver.inquiries.models import Inquiry, Person

# Shorter fragments (an initial, a house number) would flag ordinary words.
_MIN_LENGTH = 3


def _details(person: Person | None) -> list[str]:
    if person is None:
        return []
    found = [person.name, person.address, person.phone, person.email]
    if person.name:
        # "Jensen" alone identifies as surely as "Karen Jensen".
        found += [part for part in person.name.split() if len(part) > _MIN_LENGTH]
    if person.address:
        # "Bispevej 17" alone identifies too: each comma-separated part of the address.
        found += [part for part in person.address.split(",") if len(part.strip()) > _MIN_LENGTH]
    cpr = person.cpr
    if cpr:
        found += [cpr, f"{cpr[:6]}-{cpr[6:]}"]
    return [d.strip() for d in found if d and len(d.strip()) >= _MIN_LENGTH]


def identifying_details(inquiry: Inquiry) -> list[str]:
    """What would identify the citizen: the person's and the requester's details."""
    return _details(inquiry.person) + _details(inquiry.requester)


def _compact(text: str) -> str:
    return re.sub(r"[\s\-.]", "", text).casefold()


def identifying_found(inquiry: Inquiry, *texts: str) -> list[str]:
    """Which of the citizen's details occur in the texts (case and spacing ignored)."""
    haystack = "\n".join(texts).casefold()
    compact = _compact(haystack)
    found = []
    for detail in identifying_details(inquiry):
        if detail.casefold() in haystack or _compact(detail) in compact:
            found.append(detail)
    return found


def check_for_administration(inquiry: Inquiry, *texts: str) -> None:
    """Refuse a text for the administration that identifies an anonymous citizen.

    The error names the kind of detail, never the detail itself: the message may
    be shown, logged or mailed.
    """
    if not inquiry.anonymous_to_administration:
        return
    if identifying_found(inquiry, *texts):
        raise ValidationError(
            "Borgeren er anonym over for forvaltningen, og teksten indeholder oplysninger, "
            "der kan identificere borgeren (navn, adresse, telefon, e-mail eller CPR-nummer). "
            "Fjern dem, før noget sendes til forvaltningen.",
            code="identifies_anonymous_citizen",
        )
