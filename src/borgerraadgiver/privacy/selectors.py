"""Reads for retention and the citizen's rights."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Q, QuerySet

from borgerraadgiver.inquiries.detail_selectors import InquiryPage, inquiry_page
from borgerraadgiver.inquiries.models import ComplaintPoint, Inquiry, JournalEntry, Person
from borgerraadgiver.offices.models import Office

from .models import (
    DEFAULT_RETENTION_YEARS,
    ErasureRequest,
    LegalHold,
    RetentionPolicy,
    RetentionRecord,
    years_before,
)


def retention_years(office: Office) -> int:
    policy = RetentionPolicy.objects.filter(office=office).first()
    return policy.years_after_closing if policy else DEFAULT_RETENTION_YEARS


def retention_cutoff(office: Office, today: datetime.date) -> datetime.date:
    """Inquiries closed before this day have been closed longer than the office keeps them."""
    return years_before(today, retention_years(office))


def active_hold(inquiry: Inquiry) -> LegalHold | None:
    return LegalHold.objects.active().filter(inquiry=inquiry).select_related("set_by").first()


def expired_inquiries(office: Office, today: datetime.date) -> QuerySet[Inquiry]:
    """Closed longer ago than the office's setting, not on hold, not yet anonymised."""
    held = LegalHold.objects.active().filter(inquiry=OuterRef("pk"))
    done = RetentionRecord.objects.filter(inquiry=OuterRef("pk"))
    return (
        Inquiry.objects.filter(office=office)
        .closed()
        .filter(closed__lt=retention_cutoff(office, today))
        .exclude(Exists(held))
        .exclude(Exists(done))
        .order_by("closed", "id")
    )


@dataclass
class InquiryPlan:
    """What retention removes from one inquiry: counts of each kind, never the content."""

    inquiry_id: int
    uid: str
    reference: str
    closed: datetime.date
    removed: dict[str, int] = field(default_factory=dict)


@dataclass
class RetentionPlan:
    office: Office
    cutoff: datetime.date
    inquiries: list[InquiryPlan]
    # Persons whose every inquiry is anonymised (now or before): their data goes.
    persons: list[int]
    # Persons of these inquiries who stay, because a live inquiry still names them.
    persons_kept: list[int]
    attachment_names: list[str] = field(default_factory=list, repr=False)


def _counts(model: type, key: str, ids: list[int], condition: Q) -> dict[int, int]:
    rows = (
        model.objects.filter(**{f"{key}__in": ids})  # type: ignore[attr-defined]
        .filter(condition)
        .values(key)
        .annotate(n=Count("pk"))
    )
    return {row[key]: row["n"] for row in rows}


def retention_plan(office: Office, today: datetime.date) -> RetentionPlan:
    """Everything the retention run would do for the office on `today`."""
    # Whether there is text, never the text itself: the plan holds no personal data.
    expired = list(
        expired_inquiries(office, today)
        .annotate(
            account_set=ExpressionWrapper(~Q(account=""), output_field=BooleanField()),
            names_set=ExpressionWrapper(~Q(search_names=""), output_field=BooleanField()),
        )
        .values(
            "pk", "uid", "reference", "closed", "account_set", "names_set", "person_id",
            "requester_id",
        )
    )  # fmt: skip
    ids = [row["pk"] for row in expired]
    journal_texts = _counts(JournalEntry, "inquiry_id", ids, ~Q(text=""))
    attachments = _counts(JournalEntry, "inquiry_id", ids, ~Q(attachment=""))
    descriptions = _counts(ComplaintPoint, "inquiry_id", ids, ~Q(description=""))

    linked = {row[k] for row in expired for k in ("person_id", "requester_id") if row[k]}
    # A person named by any inquiry that stays live keeps their data.
    live = (
        Inquiry.objects.filter(office=office)
        .exclude(pk__in=ids)
        .filter(retention_record__isnull=True)
    )
    in_live = set(live.filter(person_id__in=linked).values_list("person_id", flat=True)) | set(
        live.filter(requester_id__in=linked).values_list("requester_id", flat=True)
    )
    with_data = set(
        Person.objects.filter(pk__in=linked - in_live)
        .exclude(name="", address="", phone="", email="", cpr_hash="")
        .values_list("pk", flat=True)
    )

    plans = []
    for row in expired:
        pk = row["pk"]
        mine = {row["person_id"], row["requester_id"]} - {None}
        removed = {
            "account": int(bool(row["account_set"])),
            "search_names": int(bool(row["names_set"])),
            "journal_texts": journal_texts.get(pk, 0),
            "attachments": attachments.get(pk, 0),
            "point_descriptions": descriptions.get(pk, 0),
            "persons": len(mine & with_data),
            "persons_kept": len(mine & in_live),
        }
        plans.append(
            InquiryPlan(
                inquiry_id=pk,
                uid=str(row["uid"]),
                reference=row["reference"],
                closed=row["closed"],
                removed=removed,
            )
        )
    names = list(
        JournalEntry.objects.filter(inquiry_id__in=ids)
        .exclude(attachment="")
        .values_list("attachment", flat=True)
    )
    return RetentionPlan(
        office=office,
        cutoff=retention_cutoff(office, today),
        inquiries=plans,
        persons=sorted(with_data),
        persons_kept=sorted(linked & in_live),
        attachment_names=names,
    )


def retention_log(office: Office, *, limit: int = 200) -> QuerySet[RetentionRecord]:
    return RetentionRecord.objects.filter(office=office)[:limit]


def erasure_requests_open(office: Office) -> QuerySet[ErasureRequest]:
    """The office's undecided erasure requests, the earliest deadline first."""
    return (
        ErasureRequest.objects.filter(office=office)
        .open()
        .select_related("person")
        .order_by("received", "id")
    )


def person_inquiries(person: Person) -> QuerySet[Inquiry]:
    """Every inquiry in which the person is the citizen concerned or the requester."""
    return (
        Inquiry.objects.filter(office_id=person.office_id)
        .filter(Q(person=person) | Q(requester=person))
        .select_related("org_unit", "person", "requester", "assigned_to")
        .order_by("received", "id")
    )


@dataclass(frozen=True)
class PersonExtract:
    """Everything the office holds about one person (GDPR article 15)."""

    person: Person
    pages: list[InquiryPage]
    erasure_requests: list[ErasureRequest]


def person_extract(person: Person) -> PersonExtract:
    return PersonExtract(
        person=person,
        pages=[inquiry_page(inquiry) for inquiry in person_inquiries(person)],
        erasure_requests=list(
            ErasureRequest.objects.filter(person=person).select_related("decided_by")
        ),
    )
