"""Development over the last periods: totals, per top unit, per theme group."""

from __future__ import annotations

from collections import defaultdict

from ..data import Row, Table
from ..periods import Period
from .common import TOTAL
from .context import ReportContext
from .queries import DevelopmentFacts
from .themes import NO_THEME


def _columns(facts: DevelopmentFacts) -> tuple[tuple[str, ...], tuple[dict[str, str], ...]]:
    labels = tuple(p.short_label for p in facts.periods)
    filters = tuple(
        {"received_from": p.start.isoformat(), "received_to": p.end.isoformat()}
        for p in facts.periods
    )
    return labels, filters


def _span(periods: tuple[Period, ...]) -> str:
    return f"de seneste {len(periods)} perioder, {periods[0].label} til {periods[-1].label}"


def development_tables(ctx: ReportContext, facts: DevelopmentFacts) -> list[Table]:
    columns, column_filters = _columns(facts)
    indexes = range(len(facts.periods))
    span = _span(facts.periods)

    inquiries = [sum(n for u, n in facts.inquiries[i].items() if ctx.in_totals(u)) for i in indexes]
    points = [
        sum(total for (u, _t), (total, _th) in facts.points[i].items() if ctx.in_totals(u))
        for i in indexes
    ]
    totals = Table(
        id="development_totals",
        title="Udviklingen i antal henvendelser og klagepunkter",
        short_title="Udvikling i alt",
        base=f"Grundlag: henvendelser modtaget i {span}, og deres klagepunkter.",
        columns=columns,
        rows=(
            Row("Henvendelser", tuple(inquiries), key="inquiries", filter={}),
            Row("Klagepunkter", tuple(points), key="complaint_points"),
        ),
        chart="line",
        section="development",
        column_filters=column_filters,
    )

    by_top: dict[int, list[int]] = defaultdict(lambda: [0 for _ in indexes])
    for i in indexes:
        for unit_id, n in facts.inquiries[i].items():
            if ctx.in_department_tables(unit_id):
                by_top[ctx.units[unit_id].top_id][i] += n
    unit_rows = [
        Row(top.name, tuple(by_top[top.id]), key=str(top.id), filter={"org_unit": str(top.id)})
        for top in ctx.top_units()
        if ctx.in_department_tables(top.id) and (not top.retired or any(by_top[top.id]))
    ]
    unit_totals = tuple(sum(r.values[i] or 0 for r in unit_rows) for i in indexes)
    unit_rows.append(Row(TOTAL, unit_totals, key="total", filter={}, is_total=True))
    per_unit = Table(
        id="development_org_unit",
        title="Udviklingen i henvendelser pr. afdeling",
        short_title="Udvikling pr. afdeling",
        base=(
            f"Grundlag: henvendelser modtaget i {span}, hver på den øverste enhed over sin "
            "enhed i dagens organisation."
            + (
                ""
                if ctx.settings.external_in_department_tables
                else " Myndigheder uden for kommunen vises ikke (kontorets regel)."
            )
        ),
        columns=columns,
        rows=tuple(unit_rows),
        chart="line",
        section="development",
        column_filters=column_filters,
    )

    group_of = ctx.theme_group_of()
    by_group: dict[int | None, list[int]] = defaultdict(lambda: [0 for _ in indexes])
    for i in indexes:
        for (unit_id, theme_id), (_total, thematic) in facts.points[i].items():
            if ctx.in_totals(unit_id):
                by_group[group_of.get(theme_id) if theme_id is not None else None][i] += thematic
    group_rows = [
        Row(g.label, tuple(by_group[g.id]), key=g.code, filter={"theme": str(g.id)})
        for g in ctx.theme_groups()
        if any(by_group[g.id])
    ]
    if any(by_group[None]):
        group_rows.append(Row(NO_THEME, tuple(by_group[None]), key="none"))
    group_totals = tuple(sum(r.values[i] or 0 for r in group_rows) for i in indexes)
    group_rows.append(Row(TOTAL, group_totals, key="total", filter={}, is_total=True))
    per_group = Table(
        id="development_theme_group",
        title="Udviklingen i klagepunkter pr. tema",
        short_title="Udvikling pr. tema",
        base=(
            f"Grundlag: klagepunkter i henvendelser modtaget i {span}."
            + (
                " Klagepunkter i henvendelser om hjælp til klage indgår ikke (kontorets regel)."
                if ctx.settings.exclude_help_with_complaint
                else ""
            )
        ),
        columns=columns,
        rows=tuple(group_rows),
        chart="line",
        section="development",
        column_filters=column_filters,
    )
    return [totals, per_unit, per_group]
