"""One access helper per object type: the object of the user's own office, or 404.

Roles, two-factor and the audit trail hook in here later; views never query
Inquiry, Person or JournalEntry by id themselves.
"""

from __future__ import annotations

import uuid

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from borgerraadgiver.core.access import office_for_user

from .models import Inquiry, JournalEntry, Person


def _uuid(value: str | uuid.UUID) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError as exc:
        raise Http404 from exc


def get_inquiry_for_user(request: HttpRequest, uid: str | uuid.UUID) -> Inquiry:
    office = office_for_user(request)
    return get_object_or_404(
        Inquiry.objects.select_related("org_unit", "person", "requester"),
        office=office,
        uid=_uuid(uid),
    )


def get_person_for_user(request: HttpRequest, uid: str | uuid.UUID) -> Person:
    office = office_for_user(request)
    return get_object_or_404(Person, office=office, uid=_uuid(uid))


def get_journal_entry_for_user(request: HttpRequest, uid: str | uuid.UUID) -> JournalEntry:
    office = office_for_user(request)
    return get_object_or_404(
        JournalEntry.objects.select_related("inquiry"), inquiry__office=office, uid=_uuid(uid)
    )
