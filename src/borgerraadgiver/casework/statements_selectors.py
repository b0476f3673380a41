"""Reads for statements: the dialogue rule, the panel's state and the council's list.

The dialogue rule (the office's rules, "dialogprincippet"): no criticism and
no henstilling before the department has had the chance to comment. It is
met for a complaint point when the inquiry has a request for a statement (or
a referral) to the point's unit or its department (the top-level unit),
covering the point (a request naming no points covers them all), that is
answered or whose deadline has passed.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format

from borgerraadgiver.inquiries.models import ComplaintPoint, Inquiry
from borgerraadgiver.offices.models import Office, OrgUnit

from .models import Deadline, DepartmentRequest, PointStatement

# The conclusions that criticise the administration: the dialogue rule guards them.
CRITICISM_CODES = frozenset({"kritik", "henstilling"})
FOLLOW_UP_CODES = frozenset({"henstilling"})


@dataclass(frozen=True)
class Dialogue:
    """Whether the department has had its chance to comment on one point, and why (not)."""

    met: bool
    reason: str
    request: DepartmentRequest | None = None


def _date(value: datetime.date) -> str:
    return date_format(value, "j. F Y")


def _unit_and_ancestors(unit: OrgUnit) -> set[int]:
    """The unit and the units above it, up to its department (the top-level unit)."""
    ids = {unit.pk}
    parent_id = unit.parent_id
    # The tree is a few levels deep; the bound guards against a cycle in bad data.
    while parent_id is not None and parent_id not in ids and len(ids) < 20:
        ids.add(parent_id)
        parent_id = OrgUnit.objects.filter(pk=parent_id).values_list("parent_id", flat=True).first()
    return ids


def _covering_requests(
    inquiry_id: int | None, point_id: int | None, unit: OrgUnit
) -> list[DepartmentRequest]:
    if inquiry_id is None:
        return []
    units = _unit_and_ancestors(unit)
    qs = DepartmentRequest.objects.filter(
        inquiry_id=inquiry_id,
        kind__in=[DepartmentRequest.Kind.STATEMENT, DepartmentRequest.Kind.REFERRAL],
        org_unit_id__in=units,
    )
    # A request that names no points concerns all of them; a point not saved yet has no id.
    covers = Q(points__isnull=True) | Q(points=point_id) if point_id else Q(points__isnull=True)
    return list(qs.filter(covers).distinct().select_related("deadline", "org_unit"))


def _deadline_of(request: DepartmentRequest) -> Deadline | None:
    try:
        return request.deadline
    except Deadline.DoesNotExist:
        return None


def dialogue_for(
    *,
    inquiry_id: int | None,
    point_id: int | None,
    unit: OrgUnit,
    today: datetime.date | None = None,
) -> Dialogue:
    """The dialogue rule for one point (saved or not yet: `point_id` None)."""
    today = today or timezone.localdate()
    requests = _covering_requests(inquiry_id, point_id, unit)
    department = unit.root if unit.root_id and unit.root_id != unit.pk else unit
    if not requests:
        return Dialogue(
            False,
            "Forvaltningen har ikke haft lejlighed til at udtale sig: send en anmodning om "
            f"redegørelse til {department} om klagepunktet, før du giver kritik eller "
            "henstilling.",
        )
    for req in requests:
        if req.answered_on is not None:
            return Dialogue(True, f"{req.org_unit} svarede {_date(req.answered_on)}.", req)
    for req in requests:
        deadline = _deadline_of(req)
        if deadline is not None and deadline.due < today:
            return Dialogue(
                True, f"Fristen for {req.org_unit}s svar udløb {_date(deadline.due)}.", req
            )
    req = requests[-1]
    deadline = _deadline_of(req)
    due = f" (frist {_date(deadline.due)})" if deadline is not None else ""
    return Dialogue(
        False,
        f"{req.org_unit} har endnu ikke svaret på {req.get_kind_display().lower()} sendt "
        f"{_date(req.sent_on)}{due}: registrér svaret, eller vent til fristen er udløbet, "
        "før du giver kritik eller henstilling.",
        req,
    )


def point_dialogue(point: ComplaintPoint, today: datetime.date | None = None) -> Dialogue:
    return dialogue_for(
        inquiry_id=point.inquiry_id, point_id=point.pk, unit=point.org_unit, today=today
    )


def dialogue_rule_errors(
    *,
    inquiry: Inquiry | None,
    points: Iterable[Any],
    default_unit: OrgUnit | None,
    today: datetime.date | None = None,
) -> dict[str, list[str]]:
    """The registration path's check, keyed point_N like its other point errors.

    `points` are the registration's PointData in position order. Only a point
    whose conclusion becomes kritik or henstilling is checked: one that
    already had that conclusion keeps it (it may predate the rule, e.g. imported).
    """
    existing: dict[int, ComplaintPoint] = {}
    if inquiry is not None and inquiry.pk is not None:
        existing = {p.position: p for p in inquiry.points.select_related("conclusion")}
    errors: dict[str, list[str]] = {}
    for position, data in enumerate(points, start=1):
        conclusion = data.conclusion
        if conclusion is None or conclusion.code not in CRITICISM_CODES:
            continue
        before = existing.get(position)
        if before is not None and before.conclusion_id == conclusion.pk:
            continue
        unit = data.org_unit or default_unit
        if unit is None:
            continue
        dialogue = dialogue_for(
            inquiry_id=inquiry.pk if inquiry is not None else None,
            point_id=before.pk if before is not None else None,
            unit=unit,
            today=today,
        )
        if not dialogue.met:
            errors.setdefault(f"point_{position}", []).append(
                f"Klagepunkt {position}: {dialogue.reason}"
            )
    return errors


# --- the panel -------------------------------------------------------------------


@dataclass
class PointRow:
    point: ComplaintPoint
    statement: PointStatement | None
    dialogue: Dialogue
    perspectives: list[str] = field(default_factory=list)
    follow_up_deadline: Deadline | None = None


@dataclass
class StatementsPanel:
    rows: list[PointRow]
    all_concluded: bool
    outcome_given: bool


def statements_panel(inquiry: Inquiry, today: datetime.date | None = None) -> StatementsPanel:
    points = list(
        inquiry.points.select_related(
            "theme", "org_unit__root", "conclusion", "criticism_grade"
        ).order_by("position")
    )
    statements = {
        s.point_id: s
        for s in PointStatement.objects.filter(point__in=points).select_related("deadline")
    }
    labels = dict(PointStatement.Perspective.choices)
    rows = []
    for point in points:
        statement = statements.get(point.pk)
        deadline = None
        if statement is not None:
            try:
                deadline = statement.deadline
            except Deadline.DoesNotExist:
                deadline = None
        rows.append(
            PointRow(
                point=point,
                statement=statement,
                dialogue=point_dialogue(point, today),
                perspectives=[str(labels.get(p, p)) for p in (statement.perspectives or [])]
                if statement
                else [],
                follow_up_deadline=deadline,
            )
        )
    return StatementsPanel(
        rows=rows,
        all_concluded=bool(points) and all(p.conclusion_id for p in points),
        outcome_given=inquiry.outcome is not None and inquiry.outcome.code == "udtalelse_afgivet",
    )


# --- the council's list ------------------------------------------------------------


STATE_CHOICES = [
    ("", "Alle"),
    (PointStatement.FollowUp.PENDING.value, "Afventer forvaltningens tilbagemelding"),
    (PointStatement.FollowUp.FOLLOWED.value, "Efterlevet"),
    (PointStatement.FollowUp.NOT_FOLLOWED.value, "Ikke efterlevet"),
]


def recommendations(
    office: Office,
    *,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    state: str = "",
) -> QuerySet[PointStatement]:
    """The office's henstillinger and recommendations, by the date of the statement."""
    qs = PointStatement.objects.filter(office=office).filter(
        Q(point__conclusion__code__in=FOLLOW_UP_CODES) | ~Q(recommendation="")
    )
    if start is not None:
        qs = qs.filter(decided_on__gte=start)
    if end is not None:
        qs = qs.filter(decided_on__lte=end)
    if state:
        qs = qs.filter(follow_up=state)
    return qs.select_related(
        "point__inquiry",
        "point__org_unit",
        "point__theme",
        "point__conclusion",
        "point__criticism_grade",
        "deadline",
    ).order_by("decided_on", "point__inquiry__reference", "point__position")


EXPORT_HEADER = (
    "Journalnummer",
    "Klagepunkt",
    "Enhed",
    "Tema",
    "Udtalelse",
    "Kritikkens grad",
    "Udtalelse afgivet",
    "Henstilling eller anbefaling",
    "Opfølgningsdato",
    "Opfølgning",
    "Forvaltningens tilbagemelding",
    "Tilbagemeldingen",
)


def recommendation_rows(statements: Iterable[PointStatement]) -> list[tuple[Any, ...]]:
    rows = []
    for s in statements:
        point = s.point
        try:
            due = s.deadline.due
        except Deadline.DoesNotExist:
            due = None
        rows.append(
            (
                point.inquiry.reference,
                point.position,
                str(point.org_unit),
                point.theme.label if point.theme else "",
                point.conclusion.label if point.conclusion else "",
                point.criticism_grade.label if point.criticism_grade else "",
                s.decided_on,
                s.recommendation,
                due,
                s.get_follow_up_display() if s.follow_up else "",
                s.follow_up_reported_on,
                s.follow_up_note,
            )
        )
    return rows
