"""The report's counts per calendar month, cached in reports_monthfacts.

Everything period_facts adds up except the distinct persons is additive
across months: a period is its full calendar months (read from the cache, or
computed for all missing months in one query each and stored) plus the days
at its edges (counted from the registrations, as without the cache).

The cache is kept correct by the database (reports.month_triggers): every
write to a registration deletes its month's row. What else the counts depend
on (the registered dimensions and their values, the conclusion values, the
help-with-complaint rule) is hashed into `config`; a row made under another
configuration is not read, and is overwritten when the month is computed
again.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Iterator, Sequence
from typing import Any

from django.conf import settings
from django.db import OperationalError, connections, transaction
from django.db.models import DateField, F, Func, QuerySet

from ..models import MonthFacts
from ..periods import Period
from .context import HELP_WITH_COMPLAINT_HANDLING, HELP_WITH_COMPLAINT_KIND, ReportContext
from .queries import (
    InquirySums,
    PointSums,
    _inquiries_in,
    _points_in,
    add_inquiry_sums,
    add_point_sums,
    inquiry_sums,
    inquiry_value_ids,
    point_aggregates,
    point_sums,
    value_aggregates,
)

# Raised when the form of `facts` changes, so that old rows are not read.
FORMAT = 1


def cache_enabled() -> bool:
    return bool(getattr(settings, "REPORT_MONTH_CACHE", False))


def month_config(ctx: ReportContext) -> str:
    """A short hash of what a month's counts depend on besides the registrations."""
    s = ctx.settings
    described = {
        "format": FORMAT,
        "dimensions": [[c, [v.id for v in ctx.values.get(c, [])]] for c in ctx.dimensions],
        "conclusions": sorted(v.id for v in ctx.values.get("conclusion", [])),
        "by_kind": ctx.registers("inquiry_kind"),
        "help": [
            s.exclude_help_with_complaint,
            sorted(ctx.ids_with_code("inquiry_kind", HELP_WITH_COMPLAINT_KIND)),
            sorted(ctx.ids_with_code("handling", HELP_WITH_COMPLAINT_HANDLING)),
        ],
    }
    text = json.dumps(described, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _next_month(day: datetime.date) -> datetime.date:
    return datetime.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def split(period: Period) -> tuple[list[datetime.date], list[tuple[datetime.date, datetime.date]]]:
    """The full calendar months in `period` (their first days) and the days outside them."""
    first = period.start if period.start.day == 1 else _next_month(period.start)
    months = []
    month = first
    while _next_month(month) - datetime.timedelta(days=1) <= period.end:
        months.append(month)
        month = _next_month(month)
    if not months:
        return [], [(period.start, period.end)]
    edges = []
    if period.start < months[0]:
        edges.append((period.start, months[0] - datetime.timedelta(days=1)))
    after = _next_month(months[-1])
    if after <= period.end:
        edges.append((after, period.end))
    return months, edges


# -- the stored form -------------------------------------------------------------
# JSON has string keys only: the sums are stored as lists.
#   facts: {"i": [[unit, inquiries, [[value id, inquiries], ...]], ...],
#           "p": [[unit, theme, conclusion, kind, total, main, thematic], ...]}
#   development: {"i": [[unit, inquiries], ...], "p": [[unit, theme, total, thematic], ...]}

# The development's sums: org unit -> inquiries; (org unit, theme) -> [total, thematic]
DevelopmentSums = tuple[dict[int, int], dict[tuple[int, int | None], list[int]]]


def _dump(inquiries: InquirySums, points: PointSums) -> dict[str, Any]:
    return {
        "i": [[u, n, [[v, c] for v, c in values.items()]] for u, (n, values) in inquiries.items()],
        "p": [[*key, *counts] for key, counts in points.items()],
    }


def _load(facts: dict[str, Any]) -> tuple[InquirySums, PointSums]:
    inquiries = {unit: [n, dict(values)] for unit, n, values in facts["i"]}
    points = {(r[0], r[1], r[2], r[3]): [r[4], r[5], r[6]] for r in facts["p"]}
    return inquiries, points


def reduce_for_development(inquiries: InquirySums, points: PointSums) -> DevelopmentSums:
    by_unit = {unit: n for unit, (n, _values) in inquiries.items()}
    by_theme: dict[tuple[int, int | None], list[int]] = {}
    for (unit, theme, _conclusion, _kind), (total, _main, thematic) in points.items():
        into = by_theme.get((unit, theme))
        if into is None:
            by_theme[(unit, theme)] = [total, thematic]
        else:
            into[0] += total
            into[1] += thematic
    return by_unit, by_theme


def _dump_development(sums: DevelopmentSums) -> dict[str, Any]:
    return {
        "i": [[unit, n] for unit, n in sums[0].items()],
        "p": [[unit, theme, t, th] for (unit, theme), (t, th) in sums[1].items()],
    }


def _load_development(stored: dict[str, Any]) -> DevelopmentSums:
    return (
        dict(stored["i"]),
        {(unit, theme): [t, th] for unit, theme, t, th in stored["p"]},
    )


def add_development_sums(total: DevelopmentSums, more: DevelopmentSums) -> None:
    units, themes = total
    for unit, n in more[0].items():
        units[unit] = units.get(unit, 0) + n
    for key, (t, th) in more[1].items():
        into = themes.get(key)
        if into is None:
            themes[key] = [t, th]
        else:
            into[0] += t
            into[1] += th


# -- computing months ------------------------------------------------------------


def _month_of_received() -> Func:
    """The first day of the received date's month, computed by the database itself.

    (TruncMonth would do on PostgreSQL; on SQLite it calls back into Python
    for every row.) On PostgreSQL through `timestamp` (without time zone),
    so that the session's time zone cannot move a day into another month.
    """
    if connections["default"].vendor == "sqlite":
        # Django keeps a DateField as 'YYYY-MM-DD' text on SQLite.
        return Func(
            F("received"),
            function="date",
            template="date(%(expressions)s, 'start of month')",
            output_field=DateField(),
        )
    return Func(
        F("received"),
        template="date_trunc('month', %(expressions)s::timestamp)::date",
        output_field=DateField(),
    )


def _rows(qs: QuerySet[Any]) -> Iterator[dict[str, Any]]:
    """The rows of a values() query as plain dicts, without the ORM's per-value converters.

    Ten thousand month groups cost the ORM more than the query itself.
    """
    sql, params = qs.query.sql_with_params()
    with connections[qs.db].cursor() as cursor:
        cursor.execute(sql, params)
        names = [column[0] for column in cursor.description]
        for row in cursor.fetchall():
            yield dict(zip(names, row, strict=True))


def _compute(
    ctx: ReportContext, months: Sequence[datetime.date]
) -> dict[datetime.date, tuple[InquirySums, PointSums]]:
    """The sums of each month: one query for the inquiries, one for the points.

    Grouped by the month and the same columns as the plain queries; each
    query reads one covering index for the span of the months.
    """
    start, end = months[0], _next_month(months[-1]) - datetime.timedelta(days=1)
    wanted = set(months)
    result: dict[datetime.date, tuple[InquirySums, PointSums]] = {m: ({}, {}) for m in months}
    ids = inquiry_value_ids(ctx)
    rows = (
        _inquiries_in(ctx, start, end)
        .annotate(month=_month_of_received())
        .values("month", "org_unit_id")
        .annotate(**value_aggregates(ctx))
    )
    columns = [(i, f"v{i}") for i in ids]
    for row in _rows(rows):
        month = _as_date(row["month"])
        if month in wanted:
            values = {i: row[c] for i, c in columns if row[c]}
            result[month][0][row["org_unit_id"]] = [row["n"], values]
    by_kind = ctx.registers("inquiry_kind")
    group = ["org_unit_id", "theme_id", "conclusion_id", *(["inquiry_kind_id"] if by_kind else [])]
    point_rows = (
        _points_in(ctx, start, end)
        .annotate(month=_month_of_received())
        .values("month", *group)
        .annotate(**point_aggregates(ctx))
    )
    for row in _rows(point_rows):
        month = _as_date(row["month"])
        if month in wanted:
            key = (
                row["org_unit_id"],
                row["theme_id"],
                row["conclusion_id"],
                row["inquiry_kind_id"] if by_kind else None,
            )
            result[month][1][key] = [row["total"], row["main"], row["thematic"]]
    return result


def _as_date(value: datetime.date | str) -> datetime.date:
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)


def _lock_writers() -> bool:
    """On PostgreSQL, hold off writers of registrations until this transaction ends.

    A month computed while another transaction changes it would be stored
    after that transaction's trigger ran, and stay stale. SHARE waits for no
    one (NOWAIT): when a writer is busy, the months are counted but not
    stored. On SQLite the transaction is IMMEDIATE, which already excludes
    every other writer.
    """
    connection = connections["default"]
    if connection.vendor != "postgresql":
        return True
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "LOCK TABLE inquiries_inquiry, inquiries_complaintpoint IN SHARE MODE NOWAIT"
            )
    except OperationalError:
        return False
    return True


def _fill(
    ctx: ReportContext, months: list[datetime.date], config: str
) -> dict[datetime.date, tuple[InquirySums, PointSums]]:
    # Runs of consecutive months, each one query pair: the current month and
    # one edited years ago should not read the years between them.
    runs: list[list[datetime.date]] = []
    for month in months:
        if runs and _next_month(runs[-1][-1]) == month:
            runs[-1].append(month)
        else:
            runs.append([month])
    with transaction.atomic():
        store = _lock_writers()
        computed = {}
        for run in runs:
            computed.update(_compute(ctx, run))
        if store:
            MonthFacts.objects.bulk_create(
                [
                    MonthFacts(
                        office=ctx.office,
                        month=m,
                        config=config,
                        facts=_dump(*sums),
                        development=_dump_development(reduce_for_development(*sums)),
                    )
                    for m, sums in computed.items()
                ],
                update_conflicts=True,
                unique_fields=["office", "month"],
                update_fields=["config", "facts", "development"],
            )
    return computed


def month_sums(
    ctx: ReportContext, months: Sequence[datetime.date]
) -> dict[datetime.date, tuple[InquirySums, PointSums]]:
    """The sums of each month, from the cache or computed (and then stored)."""
    if not months:
        return {}
    config = month_config(ctx)
    stored = MonthFacts.objects.filter(
        office=ctx.office, month__in=list(months), config=config
    ).values_list("month", "facts")
    found = {month: _load(facts) for month, facts in stored}
    missing = sorted(m for m in set(months) if m not in found)
    if missing:
        found.update(_fill(ctx, missing, config))
    return found


def month_development_sums(
    ctx: ReportContext, months: Sequence[datetime.date]
) -> dict[datetime.date, DevelopmentSums]:
    """The development's sums of each month, from the cache or computed (and then stored)."""
    if not months:
        return {}
    config = month_config(ctx)
    stored = MonthFacts.objects.filter(
        office=ctx.office, month__in=list(months), config=config
    ).values_list("month", "development")
    found = {month: _load_development(dev) for month, dev in stored}
    missing = sorted(m for m in set(months) if m not in found)
    if missing:
        for month, sums in _fill(ctx, missing, config).items():
            found[month] = reduce_for_development(*sums)
    return found


def _first_match(periods: Sequence[Period]) -> list[list[Period]]:
    """Each period's days that no earlier period in the list has.

    The development counted without the cache puts a day in the first period
    that holds it (a CASE); periods longer than a year, shifted by years,
    overlap, and must be counted the same way here.
    """
    result: list[list[Period]] = []
    for index, period in enumerate(periods):
        pieces = [(period.start, period.end)]
        for earlier in periods[:index]:
            rest = []
            for start, end in pieces:
                if earlier.end < start or earlier.start > end:
                    rest.append((start, end))
                    continue
                if start < earlier.start:
                    rest.append((start, earlier.start - datetime.timedelta(days=1)))
                if earlier.end < end:
                    rest.append((earlier.end + datetime.timedelta(days=1), end))
            pieces = rest
        result.append([Period(start, end) for start, end in pieces])
    return result


def _splits(
    pieces: Sequence[Sequence[Period]],
) -> list[tuple[list[datetime.date], list[tuple[datetime.date, datetime.date]]]]:
    splits = []
    for parts in pieces:
        period_months: list[datetime.date] = []
        edges: list[tuple[datetime.date, datetime.date]] = []
        for part in parts:
            part_months, part_edges = split(part)
            period_months += part_months
            edges += part_edges
        splits.append((period_months, edges))
    return splits


def period_sums(ctx: ReportContext, period: Period) -> tuple[InquirySums, PointSums]:
    """The period's inquiry and point sums: cached full months plus counted edges."""
    [(period_months, edges)] = _splits([[period]])
    months = month_sums(ctx, period_months)
    inquiries: InquirySums = {}
    points: PointSums = {}
    for month in period_months:
        add_inquiry_sums(inquiries, months[month][0])
        add_point_sums(points, months[month][1])
    for start, end in edges:
        add_inquiry_sums(inquiries, inquiry_sums(ctx, start, end))
        add_point_sums(points, point_sums(ctx, start, end))
    return inquiries, points


def development_sums(ctx: ReportContext, periods: Sequence[Period]) -> list[DevelopmentSums]:
    """Each period's development sums; a day in several periods counts in the first only."""
    splits = _splits(_first_match(periods))
    months = month_development_sums(ctx, sorted({m for ms, _e in splits for m in ms}))
    result = []
    for period_months, edges in splits:
        sums: DevelopmentSums = ({}, {})
        for month in period_months:
            add_development_sums(sums, months[month])
        for start, end in edges:
            raw = reduce_for_development(inquiry_sums(ctx, start, end), point_sums(ctx, start, end))
            add_development_sums(sums, raw)
        result.append(sums)
    return result
