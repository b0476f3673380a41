"""Helpers shared by the table builders: count/% rows, totals, list filters, wording."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ..data import Row
from ..periods import Period
from ..rounding import ROUNDING_NOTE, needs_note, percentages
from .context import ReportContext

TOTAL = "I alt"
COUNT_PCT = ("Antal", "%")
NOT_REGISTERED = "Ikke registreret"


@dataclass(frozen=True)
class Item:
    """A row-to-be of a count/% table."""

    label: str
    key: str
    count: int
    filter: Mapping[str, str] | None = None
    level: int = 0


def period_filter(period: Period) -> dict[str, str]:
    """The inquiry list's GET parameters for the report period."""
    return {"received_from": period.start.isoformat(), "received_to": period.end.isoformat()}


def with_filter(base: Mapping[str, str], **extra: int | str) -> dict[str, str]:
    return {**base, **{k: str(v) for k, v in extra.items()}}


def share_rows(
    items: Sequence[Item], total: int, method: str, *, total_filter: Mapping[str, str] | None = None
) -> tuple[list[Row], str | None]:
    """Antal / % rows and a final I alt row whose % is the sum of the rounded ones.

    Level-0 and level-1 rows are rounded as two columns of their own (a theme
    group and its leaves would otherwise count twice).
    """
    percents: dict[int, int] = {}
    note = None
    for level in sorted({i.level for i in items}):
        indexes = [n for n, i in enumerate(items) if i.level == level]
        rounded = percentages([items[n].count for n in indexes], total, method=method)
        percents.update(zip(indexes, rounded, strict=True))
        if needs_note(rounded, total):
            note = ROUNDING_NOTE
    rows = [
        Row(
            label=item.label,
            key=item.key,
            level=item.level,
            values=(item.count, percents[n] if total else None),
            filter=item.filter,
        )
        for n, item in enumerate(items)
    ]
    top_sum = sum(percents[n] for n, i in enumerate(items) if i.level == 0)
    rows.append(
        Row(
            label=TOTAL,
            key="total",
            values=(total, top_sum if total else None),
            filter=total_filter,
            is_total=True,
        )
    )
    return rows, note


def by_count(items: Iterable[Item], order: Mapping[str, int]) -> list[Item]:
    """Largest first, as the seeds' tables are; ties in the vocabulary's order."""
    return sorted(items, key=lambda i: (-i.count, order.get(i.key, len(order))))


def sum_by_top(ctx: ReportContext, per_unit: Mapping[int, int]) -> dict[int, int]:
    result: dict[int, int] = defaultdict(int)
    for unit_id, n in per_unit.items():
        result[ctx.units[unit_id].top_id] += n
    return dict(result)


def count_text(n: int, singular: str, plural: str) -> str:
    return f"{n} {singular if n == 1 else plural}"


def external_text(ctx: ReportContext, n: int, what: str, *, department: bool = False) -> str:
    """How authorities outside the municipality are counted, when there are any."""
    if not n:
        return ""
    if not ctx.settings.external_in_totals:
        return f" {n} {what} om myndigheder uden for kommunen indgår ikke (kontorets regel)."
    if department and not ctx.settings.external_in_department_tables:
        return (
            f" {n} {what} om myndigheder uden for kommunen tælles med i totalerne, "
            "men vises ikke pr. afdeling (kontorets regel)."
        )
    return f" Heraf {n} om myndigheder uden for kommunen."
