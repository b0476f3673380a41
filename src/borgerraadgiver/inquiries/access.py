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
from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from borgerraadgiver.audit.models import Action
from borgerraadgiver.audit.services import audit_record, audit_refused
from borgerraadgiver.core.access import require
from borgerraadgiver.offices.roles import Capability

from .models import Inquiry, JournalEntry, Person

READ = Capability.CASE_READ
_M = TypeVar("_M", bound=Model)


def _uuid(value: str | uuid.UUID) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError as exc:
        raise Http404 from exc


def get_for_user(
    request: HttpRequest,
    queryset: QuerySet[_M],
    object_type: str,
    uid: str | uuid.UUID,
    capability: Capability,
    action: str | None,
    purpose: str | None,
    *,
    office_field: str = "office",
) -> _M:
    """The capability check, the office-scoped lookup and the audit record of every helper.

    Public so that other apps' helpers for their own case objects (casework's
    requests, deadlines and letters) are built on the same three steps.
    """
    try:
        office = require(request, capability)
        obj = get_object_or_404(queryset, **{office_field: office}, uid=_uuid(uid))
    except (Http404, PermissionDenied):
        audit_refused(request, object_type=object_type, uid=uid)
        raise
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
    qs = Inquiry.objects.select_related("org_unit", "person", "requester")
    return get_for_user(request, qs, "inquiry", uid, capability, action, purpose)


def get_person_for_user(
    request: HttpRequest,
    uid: str | uuid.UUID,
    capability: Capability = READ,
    *,
    action: str | None = Action.READ,
    purpose: str | None = None,
) -> Person:
    return get_for_user(request, Person.objects.all(), "person", uid, capability, action, purpose)


def get_journal_entry_for_user(
    request: HttpRequest,
    uid: str | uuid.UUID,
    capability: Capability = READ,
    *,
    action: str | None = Action.READ,
    purpose: str | None = None,
) -> JournalEntry:
    qs = JournalEntry.objects.select_related("inquiry__person", "inquiry__requester")
    return get_for_user(
        request,
        qs,
        "journalentry",
        uid,
        capability,
        action,
        purpose,
        office_field="inquiry__office",
    )
