"""Figures per department from the casework: referrals, statement requests and their answers.

One table, `department_answers`: per top-level org unit (the department
above the request's recipient), the referrals (oversendelser) and requests
for a written statement (redegørelser) sent in the period, and of those
answered: the median and 90th-percentile days to answer, the share answered
on time and, of the answered referrals, the share where the citizen was
proved right.

Definitions (stated on the table too):
- days to answer: calendar days from `sent_on` to `answered_on`;
- median: the middle value; with an even number, the lower of the two middle
  values (rank ceil(n/2) of the sorted days), so it is always whole days;
- 90th percentile: nearest rank, the value at rank ceil(0.9 n);
- on time: answered on or before the deadline in force when it was answered
  (`Deadline.due`: the first deadline moved by granted extensions and
  pauses), over the answered requests that have a deadline;
- proved right: the department's answer is "fuldt_medhold" or
  "delvist_medhold", over the answered referrals.

Counted in the database: counts grouped by recipient unit (folded into its
department through the unit tree, tens of rows), and the two percentile
ranks picked by ROW_NUMBER() over each department's sorted days - a window
query that runs on PostgreSQL and SQLite alike (SQLite has no percentile_cont).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber

from borgerraadgiver.casework.models import DepartmentRequest

from ..data import Row, Table
from ..periods import Period
from ..rounding import percent_half_up
from .common import TOTAL
from .context import ReportContext

TABLE_ID = "department_answers"
COLUMNS = (
    "Oversendelser",
    "Redegørelser",
    "Besvaret",
    "Median dage",
    "90 %-fraktil dage",
    "Til tiden %",
    "Medhold %",
)
PROVED_RIGHT = ("fuldt_medhold", "delvist_medhold")
REFERRAL = DepartmentRequest.Kind.REFERRAL
STATEMENT = DepartmentRequest.Kind.STATEMENT
ALL = 0  # the partition key of the whole office's ranks


@dataclass
class Counts:
    referrals: int = 0
    statements: int = 0
    answered: int = 0
    with_deadline: int = 0
    on_time: int = 0
    referrals_answered: int = 0
    proved_right: int = 0

    def add(self, other: Counts) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


def _requests(ctx: ReportContext, period: Period) -> QuerySet[DepartmentRequest]:
    return DepartmentRequest.objects.filter(
        office=ctx.office, sent_on__gte=period.start, sent_on__lte=period.end
    )


def _counts_by_unit(ctx: ReportContext, period: Period) -> dict[int, Counts]:
    answered = Q(answered_on__isnull=False)
    rows = (
        _requests(ctx, period)
        .values("org_unit_id")
        .annotate(
            referrals=Count("pk", filter=Q(kind=REFERRAL)),
            statements=Count("pk", filter=Q(kind=STATEMENT)),
            answered=Count("pk", filter=answered),
            with_deadline=Count("pk", filter=answered & Q(deadline__isnull=False)),
            on_time=Count("pk", filter=answered & Q(answered_on__lte=F("deadline__due"))),
            referrals_answered=Count("pk", filter=answered & Q(kind=REFERRAL)),
            proved_right=Count(
                "pk",
                filter=answered & Q(kind=REFERRAL, answer__code__in=PROVED_RIGHT),
            ),
        )
        .order_by()
    )
    return {
        row.pop("org_unit_id"): Counts(**row)  # type: ignore[arg-type]
        for row in rows
    }


def _ranks(
    ctx: ReportContext, period: Period, *, by_department: bool
) -> dict[int, tuple[int | None, int | None]]:
    """department id (or ALL) -> (median days, 90th-percentile days) of its answered requests."""
    tops = [When(org_unit_id=u.id, then=Value(u.top_id)) for u in ctx.units.values()]
    partition = (
        Case(*tops, default=Value(ALL), output_field=IntegerField())
        if by_department
        else Value(ALL, output_field=IntegerField())
    )
    days = ExpressionWrapper(F("answered_on") - F("sent_on"), output_field=DurationField())
    ranked = (
        _requests(ctx, period)
        .filter(answered_on__isnull=False)
        .annotate(department=partition, days=days)
        .annotate(
            rank=Window(
                RowNumber(), partition_by=[F("department")], order_by=[F("days").asc(), "pk"]
            ),
            n=Window(Count("pk"), partition_by=[F("department")]),
        )
        # ceil(n/2) and ceil(9n/10) in integer arithmetic, on both databases.
        .filter(Q(rank=(F("n") + 1) / 2) | Q(rank=(F("n") * 9 + 9) / 10))
        .values_list("department", "rank", "n", "days")
    )
    result: dict[int, tuple[int | None, int | None]] = {}
    for department, rank, n, duration in ranked:
        median, p90 = result.get(department, (None, None))
        value = _whole_days(duration)
        if rank == (n + 1) // 2:
            median = value
        if rank == (n * 9 + 9) // 10:
            p90 = value
        result[department] = (median, p90)
    return result


def _whole_days(duration: datetime.timedelta | int) -> int:
    # A DurationField comes back as a timedelta on both backends; be lenient with raw days.
    return duration.days if isinstance(duration, datetime.timedelta) else int(duration)


def _percent(count: int, total: int) -> int | None:
    return percent_half_up(count, total) if total else None


def _row(
    label: str, key: str, c: Counts, ranks: tuple[int | None, int | None], *, total: bool
) -> Row:
    return Row(
        label=label,
        key=key,
        values=(
            c.referrals,
            c.statements,
            c.answered,
            ranks[0],
            ranks[1],
            _percent(c.on_time, c.with_deadline),
            _percent(c.proved_right, c.referrals_answered),
        ),
        is_total=total,
    )


def department_answers(ctx: ReportContext, period: Period) -> Table | None:
    """The table, or None when the office sent no request to a department in the period."""
    by_unit = _counts_by_unit(ctx, period)
    if not by_unit:
        return None
    by_top: dict[int, Counts] = defaultdict(Counts)
    for unit_id, counts in by_unit.items():
        by_top[ctx.units[unit_id].top_id].add(counts)
    ranks = _ranks(ctx, period, by_department=True)
    overall = _ranks(ctx, period, by_department=False).get(ALL, (None, None))
    rows = [
        _row(top.name, str(top.id), by_top[top.id], ranks.get(top.id, (None, None)), total=False)
        for top in ctx.top_units()
        if top.id in by_top
    ]
    total = Counts()
    for counts in by_top.values():
        total.add(counts)
    rows.append(_row(TOTAL, "total", total, overall, total=True))
    base = (
        f"Grundlag: {total.referrals + total.statements} oversendelser og anmodninger om "
        "redegørelse sendt i perioden, på den øverste enhed over modtageren. Dage til svar er "
        "kalenderdage fra afsendelse til svar, for de besvarede; medianen er den midterste "
        "værdi (ved et lige antal den mindste af de to midterste), 90 %-fraktilen værdien på "
        "plads 90 % oppe i de sorterede svartider."
    )
    note = (
        "Til tiden: besvaret senest på den frist, der gjaldt ved svaret (den første frist "
        "flyttet af bevilgede fristforlængelser og pauser), af de besvarede med en frist. "
        "Medhold: forvaltningens svar var medhold eller delvist medhold, af de besvarede "
        "oversendelser. – betyder, at der intet er at regne på."
    )
    return Table(
        id=TABLE_ID,
        title="Oversendelser og redegørelser fordelt på afdelinger",
        short_title="Forvaltningernes svar",
        base=base,
        columns=COLUMNS,
        rows=tuple(rows),
        note=note,
        section=TABLE_ID,
    )
