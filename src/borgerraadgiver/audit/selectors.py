"""Reading the audit trail: the office administrator's list and a citizen's own extract."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass

from django.db.models import QuerySet

from borgerraadgiver.offices.models import Office, User

from .models import AccessRecord, Action, Purpose


@dataclass(frozen=True)
class AuditFilters:
    start: datetime.date | None = None
    end: datetime.date | None = None
    user: User | None = None
    person_uid: uuid.UUID | None = None
    action: str = ""


def audit_records(office: Office, filters: AuditFilters) -> QuerySet[AccessRecord]:
    """The office's records, newest first, narrowed by the filters."""
    records = AccessRecord.objects.filter(office=office).select_related("user")
    if filters.start:
        records = records.filter(at__date__gte=filters.start)
    if filters.end:
        records = records.filter(at__date__lte=filters.end)
    if filters.user:
        records = records.filter(user=filters.user)
    if filters.person_uid:
        records = records.filter(person_uid=filters.person_uid)
    if filters.action:
        records = records.filter(action=filters.action)
    return records.order_by("-at", "-pk")


@dataclass(frozen=True)
class ExtractRow:
    """One look at a citizen's data as the citizen is told of it: no staff name."""

    at: datetime.datetime
    action: str
    purpose: str


def person_access_extract(office: Office, person_uid: uuid.UUID) -> list[ExtractRow]:
    """Every recorded use of one person's data in the office, oldest first, without who."""
    rows = (
        AccessRecord.objects.filter(office=office, person_uid=person_uid)
        .order_by("at", "pk")
        .values_list("at", "action", "purpose")
    )
    return [
        ExtractRow(
            at=at,
            action=str(Action(action).label),
            purpose=str(Purpose(purpose).label),
        )
        for at, action, purpose in rows
    ]
