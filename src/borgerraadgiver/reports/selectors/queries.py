"""The report's aggregations, all in the database (GROUP BY with conditional counts).

Each function returns small dictionaries keyed by org unit (and theme, and
period): a few hundred numbers, whatever the number of registrations. The
tables are then assembled from these in Python, mapping units to their top
unit through the (small) tree.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When

from borgerraadgiver.inquiries.models import ComplaintPoint, Inquiry

from ..periods import Period
from .context import HELP_WITH_COMPLAINT_HANDLING, HELP_WITH_COMPLAINT_KIND, ReportContext


@dataclass(frozen=True)
class PointCounts:
    """Complaint points of one org unit and theme."""

    total: int
    main: int
    # Points that enter the thematic tables (all, unless the office leaves
    # help-with-complaint inquiries out).
    thematic: int
    conclusions: dict[int, int] = field(default_factory=dict)


@dataclass(frozen=True)
class PeriodFacts:
    inquiries: dict[int, int]
    # vocabulary code -> org unit -> value id -> inquiries (zeros left out)
    values: dict[str, dict[int, dict[int, int]]]
    points: dict[tuple[int, int | None], PointCounts]
    distinct_persons: int
    # (point's org unit, its inquiry's kind) -> følgesager; Lejre counts
    # "sager" as inquiries plus følgesager, each under the inquiry's kind.
    follow_ons_by_kind: dict[tuple[int, int | None], int] = field(default_factory=dict)


@dataclass(frozen=True)
class DevelopmentFacts:
    periods: tuple[Period, ...]
    # period index -> org unit -> inquiries
    inquiries: dict[int, dict[int, int]]
    # period index -> (org unit, theme) -> (points, thematic points)
    points: dict[int, dict[tuple[int, int | None], tuple[int, int]]]


def _inquiries_in(
    ctx: ReportContext, start: datetime.date, end: datetime.date
) -> QuerySet[Inquiry]:
    return Inquiry.objects.filter(
        office=ctx.office, received__gte=start, received__lte=end
    ).order_by()


def _points_in(
    ctx: ReportContext, start: datetime.date, end: datetime.date
) -> QuerySet[ComplaintPoint]:
    # Driven from the inquiries' (office, received) index; the points' own
    # office column would lead the planner to scan every point of the office.
    return ComplaintPoint.objects.filter(
        inquiry__office=ctx.office, inquiry__received__gte=start, inquiry__received__lte=end
    ).order_by()


def help_with_complaint_q(ctx: ReportContext) -> Q | None:
    """Points of inquiries that only seek help with a complaint, if the office leaves them out."""
    if not ctx.settings.exclude_help_with_complaint:
        return None
    kinds = ctx.ids_with_code("inquiry_kind", HELP_WITH_COMPLAINT_KIND)
    handlings = ctx.ids_with_code("handling", HELP_WITH_COMPLAINT_HANDLING)
    parts = []
    if kinds:
        parts.append(Q(inquiry__inquiry_kind_id__in=kinds))
    if handlings:
        parts.append(Q(inquiry__handling_id__in=handlings))
    if not parts:
        return None
    combined = parts[0]
    for part in parts[1:]:
        combined |= part
    return combined


def _thematic_count(ctx: ReportContext) -> Count:
    help_q = help_with_complaint_q(ctx)
    return Count("id") if help_q is None else Count("id", filter=~help_q)


def inquiry_counts(
    ctx: ReportContext, period: Period
) -> tuple[dict[int, int], dict[str, dict[int, dict[int, int]]]]:
    """Inquiries per org unit, and per org unit and value of every registered dimension.

    One scan: each value is a conditional count (COUNT ... FILTER / CASE), so
    the database reads the period's inquiries once, not once per dimension.
    """
    aggregates: dict[str, Count] = {"n": Count("id")}
    for code in ctx.dimensions:
        for value in ctx.values.get(code, []):
            aggregates[f"v{value.id}"] = Count("id", filter=Q(**{f"{code}_id": value.id}))
    rows = _inquiries_in(ctx, period.start, period.end).values("org_unit_id").annotate(**aggregates)
    inquiries: dict[int, int] = {}
    values: dict[str, dict[int, dict[int, int]]] = {code: {} for code in ctx.dimensions}
    for row in rows:
        unit = row["org_unit_id"]
        inquiries[unit] = row["n"]
        for code in ctx.dimensions:
            counts = {v.id: row[f"v{v.id}"] for v in ctx.values.get(code, []) if row[f"v{v.id}"]}
            if counts:
                values[code][unit] = counts
    return inquiries, values


def point_counts(
    ctx: ReportContext, period: Period
) -> tuple[dict[tuple[int, int | None], PointCounts], dict[tuple[int, int | None], int]]:
    """Points per (the point's own org unit, theme): all, hovedsager, thematic, conclusions.

    When the office registers inquiry kinds, the same scan also groups by the
    inquiry's kind, for the følgesager per kind (second result); the inquiry
    row is read for the help-with-complaint rule anyway.
    """
    conclusions = ctx.values.get("conclusion", [])
    aggregates: dict[str, Count] = {
        "total": Count("id"),
        "main": Count("id", filter=Q(position=1)),
        "thematic": _thematic_count(ctx),
    }
    for value in conclusions:
        aggregates[f"c{value.id}"] = Count("id", filter=Q(conclusion_id=value.id))
    by_kind = ctx.registers("inquiry_kind")
    group = ["org_unit_id", "theme_id", *(["inquiry__inquiry_kind_id"] if by_kind else [])]
    rows = _points_in(ctx, period.start, period.end).values(*group).annotate(**aggregates)
    sums: dict[tuple[int, int | None], list[int]] = {}
    conclusion_sums: dict[tuple[int, int | None], dict[int, int]] = {}
    follow_ons: dict[tuple[int, int | None], int] = {}
    for row in rows:
        key = (row["org_unit_id"], row["theme_id"])
        total = sums.setdefault(key, [0, 0, 0])
        total[0] += row["total"]
        total[1] += row["main"]
        total[2] += row["thematic"]
        per_conclusion = conclusion_sums.setdefault(key, {})
        for value in conclusions:
            if row[f"c{value.id}"]:
                per_conclusion[value.id] = per_conclusion.get(value.id, 0) + row[f"c{value.id}"]
        if by_kind and row["total"] > row["main"]:
            kind_key = (row["org_unit_id"], row["inquiry__inquiry_kind_id"])
            follow_ons[kind_key] = follow_ons.get(kind_key, 0) + row["total"] - row["main"]
    points = {
        key: PointCounts(total=t, main=m, thematic=th, conclusions=conclusion_sums[key])
        for key, (t, m, th) in sums.items()
    }
    return points, follow_ons


def distinct_persons(ctx: ReportContext, period: Period) -> int:
    """Distinct registered persons, plus one for each inquiry without a person.

    Over the inquiries counted in the totals (see ReportSettings).
    """
    qs = _inquiries_in(ctx, period.start, period.end)
    outside = [u.id for u in ctx.units.values() if not ctx.in_totals(u.id)]
    if outside:
        qs = qs.exclude(org_unit_id__in=outside)
    result = qs.aggregate(
        persons=Count("person_id", distinct=True),
        without=Count("id", filter=Q(person_id__isnull=True)),
    )
    return int(result["persons"] or 0) + int(result["without"] or 0)


def period_facts(ctx: ReportContext, period: Period) -> PeriodFacts:
    inquiries, values = inquiry_counts(ctx, period)
    points, follow_ons = point_counts(ctx, period)
    return PeriodFacts(
        inquiries=inquiries,
        values=values,
        points=points,
        distinct_persons=distinct_persons(ctx, period),
        follow_ons_by_kind=follow_ons,
    )


def _bucket(periods: Sequence[Period], field_name: str) -> Case:
    return Case(
        *[
            When(**{f"{field_name}__gte": p.start, f"{field_name}__lte": p.end}, then=Value(i))
            for i, p in enumerate(periods)
        ],
        default=Value(-1),
        output_field=IntegerField(),
    )


def development_facts(ctx: ReportContext, periods: Sequence[Period]) -> DevelopmentFacts:
    """Inquiries per unit and points per unit and theme, for each of several periods.

    One GROUP BY each over the whole span, the period computed by a CASE on
    the received date.
    """
    start = min(p.start for p in periods)
    end = max(p.end for p in periods)
    inquiries: dict[int, dict[int, int]] = {i: {} for i in range(len(periods))}
    rows = (
        _inquiries_in(ctx, start, end)
        .annotate(bucket=_bucket(periods, "received"))
        .values("bucket", "org_unit_id")
        .annotate(n=Count("id"))
    )
    for row in rows:
        if row["bucket"] >= 0:
            inquiries[row["bucket"]][row["org_unit_id"]] = row["n"]
    points: dict[int, dict[tuple[int, int | None], tuple[int, int]]] = {
        i: {} for i in range(len(periods))
    }
    point_rows = (
        _points_in(ctx, start, end)
        .annotate(bucket=_bucket(periods, "inquiry__received"))
        .values("bucket", "org_unit_id", "theme_id")
        .annotate(total=Count("id"), thematic=_thematic_count(ctx))
    )
    for row in point_rows:
        if row["bucket"] >= 0:
            key = (row["org_unit_id"], row["theme_id"])
            points[row["bucket"]][key] = (row["total"], row["thematic"])
    return DevelopmentFacts(periods=tuple(periods), inquiries=inquiries, points=points)
