"""Reads for retention and the citizen's rights."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Q, QuerySet

from borgerraadgiver.casework.models import (
    CasePause,
    Deadline,
    DepartmentRequest,
    Letter,
    PointStatement,
    Screening,
)
from borgerraadgiver.inquiries.detail_selectors import InquiryPage, inquiry_page
from borgerraadgiver.inquiries.models import ComplaintPoint, Inquiry, JournalEntry, Person
from borgerraadgiver.offices.models import Office

from .casework_texts import casework_text_counts
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


def _inquiry_rows(inquiries: QuerySet[Inquiry]) -> list[dict[str, Any]]:
    # Whether there is text, never the text itself: the plan holds no personal data.
    return list(
        inquiries.annotate(
            account_set=ExpressionWrapper(~Q(account=""), output_field=BooleanField()),
            names_set=ExpressionWrapper(~Q(search_names=""), output_field=BooleanField()),
        ).values(
            "pk", "uid", "reference", "closed", "account_set", "names_set", "person_id",
            "requester_id",
        )
    )  # fmt: skip


def _inquiry_plans(
    rows: list[dict[str, Any]], with_data: set[int], kept: set[int]
) -> list[InquiryPlan]:
    """Per inquiry, how much of each kind anonymising it removes."""
    ids = [row["pk"] for row in rows]
    journal_texts = _counts(JournalEntry, "inquiry_id", ids, ~Q(text=""))
    attachments = _counts(JournalEntry, "inquiry_id", ids, ~Q(attachment=""))
    descriptions = _counts(ComplaintPoint, "inquiry_id", ids, ~Q(description=""))
    casework = casework_text_counts(ids)
    plans = []
    for row in rows:
        pk = row["pk"]
        mine = {row["person_id"], row["requester_id"]} - {None}
        removed = {
            "account": int(bool(row["account_set"])),
            "search_names": int(bool(row["names_set"])),
            "journal_texts": journal_texts.get(pk, 0),
            "attachments": attachments.get(pk, 0),
            "point_descriptions": descriptions.get(pk, 0),
            "casework_texts": casework.get(pk, 0),
            "persons": len(mine & with_data),
            "persons_kept": len(mine & kept),
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
    return plans


def _attachment_names(ids: list[int]) -> list[str]:
    return list(
        JournalEntry.objects.filter(inquiry_id__in=ids)
        .exclude(attachment="")
        .values_list("attachment", flat=True)
    )


def _with_data(person_ids: set[int]) -> set[int]:
    return set(
        Person.objects.filter(pk__in=person_ids)
        .exclude(name="", address="", phone="", email="", cpr_hash="")
        .values_list("pk", flat=True)
    )


def retention_plan(office: Office, today: datetime.date) -> RetentionPlan:
    """Everything the retention run would do for the office on `today`."""
    expired = _inquiry_rows(expired_inquiries(office, today))
    ids = [row["pk"] for row in expired]

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
    with_data = _with_data(linked - in_live)
    return RetentionPlan(
        office=office,
        cutoff=retention_cutoff(office, today),
        inquiries=_inquiry_plans(expired, with_data, in_live),
        persons=sorted(with_data),
        persons_kept=sorted(linked & in_live),
        attachment_names=_attachment_names(ids),
    )


@dataclass
class ErasurePlan:
    """What granting a person's erasure request removes, and what stands in its way."""

    person: Person
    # The person's inquiries not yet anonymised: they are anonymised as retention does.
    inquiries: list[InquiryPlan]
    # References of those on legal hold, and of those still open: either refuses the grant.
    held: list[str]
    still_open: list[str]
    attachment_names: list[str] = field(default_factory=list, repr=False)


def erasure_plan(person: Person) -> ErasurePlan:
    held = LegalHold.objects.active().filter(inquiry=OuterRef("pk"))
    live = person_inquiries(person).filter(retention_record__isnull=True)
    rows = _inquiry_rows(live)
    ids = [row["pk"] for row in rows]
    # Only the person asked: a co-named person (a requester, a relative) keeps their data.
    others = {row[k] for row in rows for k in ("person_id", "requester_id") if row[k]}
    others.discard(person.pk)
    return ErasurePlan(
        person=person,
        inquiries=_inquiry_plans(rows, _with_data({person.pk}), others),
        held=list(live.filter(Exists(held)).values_list("reference", flat=True)),
        still_open=list(live.open().values_list("reference", flat=True)),
        attachment_names=_attachment_names(ids),
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
class ExtractInquiry:
    """One inquiry in the extract: its page, and its casework rows."""

    page: InquiryPage
    screening: Screening | None = None
    requests: list[DepartmentRequest] = field(default_factory=list)
    statements: list[PointStatement] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)
    pauses: list[CasePause] = field(default_factory=list)
    letters: list[Letter] = field(default_factory=list)


@dataclass(frozen=True)
class PersonExtract:
    """Everything the office holds about one person (GDPR article 15)."""

    person: Person
    inquiries: list[ExtractInquiry]
    erasure_requests: list[ErasureRequest]

    @property
    def pages(self) -> list[InquiryPage]:
        return [item.page for item in self.inquiries]


def _by_inquiry(rows: Iterable[Any], key: str = "inquiry_id") -> dict[int, list[Any]]:
    grouped: dict[int, list[Any]] = {}
    for row in rows:
        inquiry_id = row.point.inquiry_id if key == "point" else getattr(row, key)
        grouped.setdefault(inquiry_id, []).append(row)
    return grouped


def person_extract(person: Person) -> PersonExtract:
    pages = [inquiry_page(inquiry) for inquiry in person_inquiries(person)]
    ids = [page.inquiry.pk for page in pages]
    screenings = {
        s.inquiry_id: s
        for s in Screening.objects.filter(inquiry_id__in=ids).select_related(
            "within", "exclusion", "rejection_ground", "dispensation_ground"
        )
    }
    department_requests = _by_inquiry(
        DepartmentRequest.objects.filter(inquiry_id__in=ids).select_related("org_unit", "answer")
    )
    statements = _by_inquiry(
        PointStatement.objects.filter(point__inquiry_id__in=ids)
        .select_related("point")
        .order_by("point__position"),
        key="point",
    )
    deadlines = _by_inquiry(
        Deadline.objects.filter(inquiry_id__in=ids).prefetch_related("extensions")
    )
    pauses = _by_inquiry(CasePause.objects.filter(inquiry_id__in=ids))
    letters = _by_inquiry(Letter.objects.filter(inquiry_id__in=ids).order_by("created_at", "id"))
    return PersonExtract(
        person=person,
        inquiries=[
            ExtractInquiry(
                page=page,
                screening=screenings.get(page.inquiry.pk),
                requests=department_requests.get(page.inquiry.pk, []),
                statements=statements.get(page.inquiry.pk, []),
                deadlines=deadlines.get(page.inquiry.pk, []),
                pauses=pauses.get(page.inquiry.pk, []),
                letters=letters.get(page.inquiry.pk, []),
            )
            for page in pages
        ],
        erasure_requests=list(
            ErasureRequest.objects.filter(person=person).select_related("decided_by")
        ),
    )
