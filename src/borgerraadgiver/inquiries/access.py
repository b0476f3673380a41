"""One access helper per object type: the object of the user's own office, or 404.

Each first asks core.access.require for the capability the caller needs
(reading by default), so a role without it gets 403 before any lookup, and
then scopes the lookup to the user's office, and records the access in the
audit trail (`action`; None where the caller records a more exact one itself,
e.g. a change once it is saved). Views never query Inquiry, Person or
JournalEntry by id themselves.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, cast

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from borgerraadgiver.audit.models import Action
from borgerraadgiver.audit.services import audit_record, audit_refused
from borgerraadgiver.core.access import require
from borgerraadgiver.offices.roles import Capability

from .models import Inquiry, JournalEntry, Person

READ = Capability.CASE_READ


def _uuid(value: str | uuid.UUID) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError as exc:
        raise Http404 from exc


@contextmanager
def _refusals_recorded(request: HttpRequest, object_type: str, uid: Any) -> Iterator[None]:
    try:
        yield
    except (Http404, PermissionDenied):
        audit_refused(request, object_type=object_type, uid=uid)
        raise


def _recorded(request: HttpRequest, obj: Any, action: str | None, purpose: str | None) -> Any:
    if action is not None:
        audit_record(request, action=action, obj=obj, purpose=purpose)
    return obj


def get_inquiry_for_user(
    request: HttpRequest,
    uid: str | uuid.UUID,
    capability: Capability = READ,
    *,
    action: str | None = Action.READ,
    purpose: str | None = None,
) -> Inquiry:
    with _refusals_recorded(request, "inquiry", uid):
        office = require(request, capability)
        inquiry = get_object_or_404(
            Inquiry.objects.select_related("org_unit", "person", "requester"),
            office=office,
            uid=_uuid(uid),
        )
    return cast(Inquiry, _recorded(request, inquiry, action, purpose))


def get_person_for_user(
    request: HttpRequest,
    uid: str | uuid.UUID,
    capability: Capability = READ,
    *,
    action: str | None = Action.READ,
    purpose: str | None = None,
) -> Person:
    with _refusals_recorded(request, "person", uid):
        office = require(request, capability)
        person = get_object_or_404(Person, office=office, uid=_uuid(uid))
    return cast(Person, _recorded(request, person, action, purpose))


def get_journal_entry_for_user(
    request: HttpRequest,
    uid: str | uuid.UUID,
    capability: Capability = READ,
    *,
    action: str | None = Action.READ,
    purpose: str | None = None,
) -> JournalEntry:
    with _refusals_recorded(request, "journalentry", uid):
        office = require(request, capability)
        entry = get_object_or_404(
            JournalEntry.objects.select_related("inquiry__person", "inquiry__requester"),
            inquiry__office=office,
            uid=_uuid(uid),
        )
    return cast(JournalEntry, _recorded(request, entry, action, purpose))
