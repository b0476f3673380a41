"""The report's aggregations, all in the database (GROUP BY with conditional counts).

Each function returns small dictionaries keyed by org unit (and theme, and
period): a few hundred numbers, whatever the number of registrations. The
tables are then assembled from these in Python, mapping units to their top
unit through the (small) tree.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import connections, transaction
from django.db.models import Count, F, Q, QuerySet

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


# What the counts count: a column that is never null and leads both covering
# indexes. COUNT(id) would send PostgreSQL from the index to the rows (the id
# is not in the index), and Django allows no COUNT(*) with a FILTER.
_ROWS = "office_id"

# A year's points fall into about a thousand groups, but PostgreSQL's estimate
# is fifty times that: with the default 4 MB it sorts on disk instead of
# hashing in memory (a fifth of a second against a twentieth).
REPORT_WORK_MEM = "64MB"


@contextmanager
def aggregation_memory() -> Iterator[None]:
    """On PostgreSQL, room for the report's GROUP BYs, for this transaction only."""
    connection = connections["default"]
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('work_mem', %s, true)", [REPORT_WORK_MEM])
        yield


def _inquiries_in(
    ctx: ReportContext, start: datetime.date, end: datetime.date
) -> QuerySet[Inquiry]:
    return Inquiry.objects.filter(
        office=ctx.office, received__gte=start, received__lte=end
    ).order_by()


def _points_in(
    ctx: ReportContext, start: datetime.date, end: datetime.date
) -> QuerySet[ComplaintPoint]:
    # The points carry their inquiry's date (and kind and handling): the
    # point_report_period index answers the whole query without a join.
    return ComplaintPoint.objects.filter(
        office=ctx.office, received__gte=start, received__lte=end
    ).order_by()


def help_with_complaint_q(ctx: ReportContext) -> Q | None:
    """Points of inquiries that only seek help with a complaint, if the office leaves them out."""
    if not ctx.settings.exclude_help_with_complaint:
        return None
    kinds = ctx.ids_with_code("inquiry_kind", HELP_WITH_COMPLAINT_KIND)
    handlings = ctx.ids_with_code("handling", HELP_WITH_COMPLAINT_HANDLING)
    parts = []
    if kinds:
        parts.append(Q(inquiry_kind_id__in=kinds))
    if handlings:
        parts.append(Q(handling_id__in=handlings))
    if not parts:
        return None
    combined = parts[0]
    for part in parts[1:]:
        combined |= part
    return combined


def _thematic_count(ctx: ReportContext) -> Count:
    help_q = help_with_complaint_q(ctx)
    return Count(_ROWS) if help_q is None else Count(_ROWS, filter=~help_q)


# Raw sums, the form in which months are cached and added up:
#   inquiry sums: org unit -> [inquiries, {value id: inquiries}]
#   point sums: (org unit, theme, conclusion, inquiry kind or None) -> [total, main, thematic]
InquirySums = dict[int, list[Any]]
PointKey = tuple[int, int | None, int | None, int | None]
PointSums = dict[PointKey, list[int]]


def inquiry_value_ids(ctx: ReportContext) -> list[int]:
    """The values of every registered dimension, each counted per org unit."""
    return [value.id for code in ctx.dimensions for value in ctx.values.get(code, [])]


def value_aggregates(ctx: ReportContext) -> dict[str, Count]:
    aggregates: dict[str, Count] = {"n": Count(_ROWS)}
    for code in ctx.dimensions:
        for value in ctx.values.get(code, []):
            aggregates[f"v{value.id}"] = Count(_ROWS, filter=Q(**{f"{code}_id": value.id}))
    return aggregates


def inquiry_sums(ctx: ReportContext, start: datetime.date, end: datetime.date) -> InquirySums:
    """Inquiries per org unit, and per org unit and value of every registered dimension.

    One scan: each value is a conditional count (COUNT ... FILTER / CASE), so
    the database reads the period's inquiries once, not once per dimension.
    """
    ids = inquiry_value_ids(ctx)
    rows = _inquiries_in(ctx, start, end).values("org_unit_id").annotate(**value_aggregates(ctx))
    return {
        row["org_unit_id"]: [row["n"], {i: row[f"v{i}"] for i in ids if row[f"v{i}"]}]
        for row in rows
    }


def add_inquiry_sums(total: InquirySums, more: InquirySums) -> None:
    for unit, (n, values) in more.items():
        into = total.get(unit)
        if into is None:
            total[unit] = [n, dict(values)]
            continue
        into[0] += n
        counts = into[1]
        for value_id, count in values.items():
            counts[value_id] = counts.get(value_id, 0) + count


def finish_inquiry_counts(
    ctx: ReportContext, sums: InquirySums
) -> tuple[dict[int, int], dict[str, dict[int, dict[int, int]]]]:
    inquiries: dict[int, int] = {}
    values: dict[str, dict[int, dict[int, int]]] = {code: {} for code in ctx.dimensions}
    for unit, (n, counted) in sorted(sums.items()):
        inquiries[unit] = n
        for code in ctx.dimensions:
            counts = {v.id: counted[v.id] for v in ctx.values.get(code, []) if counted.get(v.id)}
            if counts:
                values[code][unit] = counts
    return inquiries, values


def inquiry_counts(
    ctx: ReportContext, period: Period
) -> tuple[dict[int, int], dict[str, dict[int, dict[int, int]]]]:
    """Inquiries per org unit, and per org unit and value of every registered dimension."""
    return finish_inquiry_counts(ctx, inquiry_sums(ctx, period.start, period.end))


def point_aggregates(ctx: ReportContext) -> dict[str, Count]:
    return {
        "total": Count(_ROWS),
        "main": Count(_ROWS, filter=Q(position=1)),
        "thematic": _thematic_count(ctx),
    }


def point_sums(ctx: ReportContext, start: datetime.date, end: datetime.date) -> PointSums:
    """Points per (the point's own org unit, theme, conclusion[, inquiry kind]).

    Grouped by conclusion too rather than one conditional count per
    conclusion value: a handful more groups costs less than evaluating every
    filter on every point. When the office registers inquiry kinds, the same
    scan also groups by the inquiry's kind (the point's copy of it), for the
    følgesager per kind.
    """
    by_kind = ctx.registers("inquiry_kind")
    group = [
        "org_unit_id",
        "theme_id",
        "conclusion_id",
        *(["inquiry_kind_id"] if by_kind else []),
    ]
    rows = _points_in(ctx, start, end).values(*group).annotate(**point_aggregates(ctx))
    return {
        (
            row["org_unit_id"],
            row["theme_id"],
            row["conclusion_id"],
            row["inquiry_kind_id"] if by_kind else None,
        ): [row["total"], row["main"], row["thematic"]]
        for row in rows
    }


def add_point_sums(total: PointSums, more: PointSums) -> None:
    for key, (t, m, th) in more.items():
        into = total.get(key)
        if into is None:
            total[key] = [t, m, th]
        else:
            into[0] += t
            into[1] += m
            into[2] += th


def _point_order(item: tuple[PointKey, list[int]]) -> tuple[int, ...]:
    unit, theme, conclusion, kind = item[0]
    return (
        unit,
        theme is not None, theme or 0,
        conclusion is not None, conclusion or 0,
        kind is not None, kind or 0,
    )  # fmt: skip


def finish_point_counts(
    ctx: ReportContext, sums: PointSums
) -> tuple[dict[tuple[int, int | None], PointCounts], dict[tuple[int, int | None], int]]:
    known_conclusions = {v.id for v in ctx.values.get("conclusion", [])}
    by_kind = ctx.registers("inquiry_kind")
    totals: dict[tuple[int, int | None], list[int]] = {}
    conclusion_sums: dict[tuple[int, int | None], dict[int, int]] = {}
    follow_ons: dict[tuple[int, int | None], int] = {}
    # In key order, whatever order the database or the months gave: the
    # tables list themes outside the office's tree in the order met.
    for (unit, theme, value_id, kind), (t, m, th) in sorted(sums.items(), key=_point_order):
        key = (unit, theme)
        total = totals.setdefault(key, [0, 0, 0])
        total[0] += t
        total[1] += m
        total[2] += th
        per_conclusion = conclusion_sums.setdefault(key, {})
        if value_id in known_conclusions:
            per_conclusion[value_id] = per_conclusion.get(value_id, 0) + t
        if by_kind and t > m:
            kind_key = (unit, kind)
            follow_ons[kind_key] = follow_ons.get(kind_key, 0) + t - m
    points = {
        key: PointCounts(total=t, main=m, thematic=th, conclusions=conclusion_sums[key])
        for key, (t, m, th) in totals.items()
    }
    return points, follow_ons


def point_counts(
    ctx: ReportContext, period: Period
) -> tuple[dict[tuple[int, int | None], PointCounts], dict[tuple[int, int | None], int]]:
    """Points per (the point's own org unit, theme): all, hovedsager, thematic, conclusions.

    And the følgesager per (org unit, inquiry kind) when kinds are registered.
    """
    return finish_point_counts(ctx, point_sums(ctx, period.start, period.end))


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
        without=Count(_ROWS, filter=Q(person_id__isnull=True)),
    )
    return int(result["persons"] or 0) + int(result["without"] or 0)


@aggregation_memory()
def period_facts(ctx: ReportContext, period: Period) -> PeriodFacts:
    from .months import cache_enabled, period_sums

    if cache_enabled():
        inquiry_totals, point_totals = period_sums(ctx, period)
        inquiries, values = finish_inquiry_counts(ctx, inquiry_totals)
        points, follow_ons = finish_point_counts(ctx, point_totals)
    else:
        inquiries, values = inquiry_counts(ctx, period)
        points, follow_ons = point_counts(ctx, period)
    return PeriodFacts(
        inquiries=inquiries,
        values=values,
        points=points,
        distinct_persons=distinct_persons(ctx, period),
        follow_ons_by_kind=follow_ons,
    )


def _by_period(
    daily: QuerySet[Any], periods: Sequence[Period], keys: Sequence[str], sums: Sequence[str]
) -> list[tuple[Any, ...]]:
    """`daily`, grouped by `day` and `keys`, re-grouped: (period index, *keys, *sums).

    Two levels, both in the database: the inner GROUP BY follows the
    (office, received, org unit) index, so SQLite aggregates without sorting
    every row, and the period of a day is then worked out once per day and
    key rather than once per registration (the CASE on a date was most of
    the time of a single-level query). Days outside every period get -1.
    """
    inner, params = daily.query.sql_with_params()
    connection = connections[daily.db]
    ops = connection.ops
    qn = ops.quote_name
    day = qn("day")
    whens = " ".join(f"WHEN d.{day} BETWEEN %s AND %s THEN {i}" for i in range(len(periods)))
    bounds = [ops.adapt_datefield_value(d) for p in periods for d in (p.start, p.end)]
    key_sql = ", ".join(f"d.{qn(k)}" for k in keys)
    sum_sql = ", ".join(f"SUM(d.{qn(c)})" for c in sums)
    group = ", ".join(str(n) for n in range(1, len(keys) + 2))
    # Quoted column names and the ORM's own SQL; every value is bound.
    sql = (
        f"SELECT CASE {whens} ELSE -1 END, {key_sql}, {sum_sql} "  # nosec B608
        f"FROM ({inner}) d GROUP BY {group}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*bounds, *params])
        return [tuple(row) for row in cursor.fetchall()]


def first_received(ctx: ReportContext) -> datetime.date | None:
    """The date of the office's first registration (the (office, received) index's first)."""
    return (
        Inquiry.objects.filter(office=ctx.office)
        .order_by("received")
        .values_list("received", flat=True)
        .first()
    )


@aggregation_memory()
def development_facts(ctx: ReportContext, periods: Sequence[Period]) -> DevelopmentFacts:
    """Inquiries per unit and points per unit and theme, for each of several periods.

    One query each over the whole span (see _by_period); with the month
    cache, the periods' full months from it and their edge days counted.
    """
    from .months import cache_enabled, development_sums

    if cache_enabled():
        sums = development_sums(ctx, periods)
        return DevelopmentFacts(
            periods=tuple(periods),
            inquiries={i: units for i, (units, _themes) in enumerate(sums)},
            points={
                i: {key: (t, th) for key, (t, th) in themes.items()}
                for i, (_units, themes) in enumerate(sums)
            },
        )
    start = min(p.start for p in periods)
    end = max(p.end for p in periods)
    inquiries: dict[int, dict[int, int]] = {i: {} for i in range(len(periods))}
    daily = (
        _inquiries_in(ctx, start, end)
        .annotate(day=F("received"), unit=F("org_unit_id"))
        .values("day", "unit")
        .annotate(n=Count(_ROWS))
    )
    for bucket, unit, n in _by_period(daily, periods, ["unit"], ["n"]):
        if bucket >= 0:
            inquiries[bucket][unit] = int(n)
    points: dict[int, dict[tuple[int, int | None], tuple[int, int]]] = {
        i: {} for i in range(len(periods))
    }
    daily_points = (
        _points_in(ctx, start, end)
        .annotate(day=F("received"), unit=F("org_unit_id"), topic=F("theme_id"))
        .values("day", "unit", "topic")
        .annotate(total=Count(_ROWS), thematic=_thematic_count(ctx))
    )
    for bucket, unit, theme, total, thematic in _by_period(
        daily_points, periods, ["unit", "topic"], ["total", "thematic"]
    ):
        if bucket >= 0:
            points[bucket][(unit, theme)] = (int(total), int(thematic))
    return DevelopmentFacts(periods=tuple(periods), inquiries=inquiries, points=points)
