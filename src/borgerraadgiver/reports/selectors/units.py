"""Key figures and the tables by org unit: Tabel 1, the shares, and one level down."""

from __future__ import annotations

from collections import defaultdict

from ..data import KeyFigures, Row, Table
from ..periods import Period
from .common import (
    COUNT_PCT,
    TOTAL,
    Item,
    external_text,
    period_filter,
    share_rows,
    sum_by_top,
    with_filter,
)
from .context import ReportContext, Unit
from .queries import PeriodFacts


def _shown(ctx: ReportContext, unit: Unit, count: int) -> bool:
    """Active units always (a 0 says something); retired ones while they have history."""
    return not unit.retired or count > 0


def key_figures(ctx: ReportContext, facts: PeriodFacts) -> KeyFigures:
    inquiries = sum(n for u, n in facts.inquiries.items() if ctx.in_totals(u))
    points = [c for (u, _t), c in facts.points.items() if ctx.in_totals(u)]
    total_points = sum(c.total for c in points)
    main = sum(c.main for c in points)
    complaints = other = without = with_admin = None
    if ctx.registers("inquiry_kind"):
        flagged = ctx.flagged("inquiry_kind", "counts_as_complaint", True)
        complaints = sum(
            n
            for unit, counts in facts.values["inquiry_kind"].items()
            if ctx.in_totals(unit)
            for value, n in counts.items()
            if value in flagged
        )
        other = inquiries - complaints
    if ctx.registers("handling"):
        counts_by_value: dict[int, int] = defaultdict(int)
        for unit, counts in facts.values["handling"].items():
            if ctx.in_totals(unit):
                for value, n in counts.items():
                    counts_by_value[value] += n
        without = sum(
            counts_by_value[v] for v in ctx.flagged("handling", "involves_administration", False)
        )
        with_admin = sum(
            counts_by_value[v] for v in ctx.flagged("handling", "involves_administration", True)
        )
    return KeyFigures(
        inquiries=inquiries,
        complaint_points=total_points,
        main_points=main,
        follow_on_points=total_points - main,
        distinct_persons=facts.distinct_persons,
        external_inquiries=sum(n for u, n in facts.inquiries.items() if ctx.units[u].external),
        registrations=inquiries + total_points - main,
        complaints=complaints,
        other_inquiries=other,
        without_administration=without,
        with_administration=with_admin,
    )


def org_unit_points(ctx: ReportContext, period: Period, facts: PeriodFacts) -> Table:
    """Albertslund's Tabel 1: hovedsag / følgesager / total per top unit, by each point's unit."""
    main: dict[int, int] = defaultdict(int)
    total: dict[int, int] = defaultdict(int)
    external_points = 0
    for (unit_id, _theme), counts in facts.points.items():
        unit = ctx.units[unit_id]
        if unit.external:
            external_points += counts.total
        if ctx.in_totals(unit_id):
            main[unit.top_id] += counts.main
            total[unit.top_id] += counts.total
    base_filter = period_filter(period)
    rows = [
        Row(
            label=top.name,
            key=str(top.id),
            values=(main[top.id], total[top.id] - main[top.id], total[top.id]),
            filter=with_filter(base_filter, org_unit=top.id),
        )
        for top in ctx.top_units()
        if ctx.in_totals(top.id) and _shown(ctx, top, total[top.id])
    ]
    all_main, all_points = sum(main.values()), sum(total.values())
    rows.append(
        Row(
            label=TOTAL,
            key="total",
            values=(all_main, all_points - all_main, all_points),
            filter=base_filter,
            is_total=True,
        )
    )
    base = (
        f"Grundlag: {all_points} klagepunkter i henvendelser modtaget i perioden. Hovedsagen er "
        "henvendelsens første klagepunkt, følgesagerne de øvrige; hvert klagepunkt tælles på "
        "den øverste enhed over sin egen enhed."
        + external_text(ctx, external_points, "klagepunkter")
    )
    return Table(
        id="org_unit_points",
        title="Hovedsager og følgesager fordelt på afdelinger",
        short_title="Hovedsager og følgesager",
        base=base,
        columns=("Hovedsag", "Følgesager", "Sager i alt"),
        rows=tuple(rows),
        chart="bar",
        section="org_units",
    )


def org_unit_share(ctx: ReportContext, period: Period, facts: PeriodFacts) -> Table:
    by_top = sum_by_top(ctx, facts.inquiries)
    base_filter = period_filter(period)
    items = [
        Item(
            top.name, str(top.id), by_top.get(top.id, 0), with_filter(base_filter, org_unit=top.id)
        )
        for top in ctx.top_units()
        if ctx.in_totals(top.id) and _shown(ctx, top, by_top.get(top.id, 0))
    ]
    total = sum(i.count for i in items)
    rows, note = share_rows(items, total, ctx.settings.rounding, total_filter=base_filter)
    external = sum(n for u, n in by_top.items() if ctx.units[u].external)
    base = (
        f"Grundlag: alle {total} henvendelser modtaget i perioden; hver henvendelse tælles én "
        "gang, på den øverste enhed over den enhed, den er registreret på."
        + external_text(ctx, external, "henvendelser")
    )
    return Table(
        id="org_unit_share",
        title="Henvendelser fordelt på afdelinger",
        short_title="Fordeling på afdelinger",
        base=base,
        columns=COUNT_PCT,
        rows=tuple(rows),
        note=note,
        chart="pie",
        section="org_units",
    )


def org_unit_sub_shares(ctx: ReportContext, period: Period, facts: PeriodFacts) -> list[Table]:
    """One level down: for each top unit with sub-units, its inquiries on each of them."""
    by_child: dict[int | None, int] = defaultdict(int)
    by_top = sum_by_top(ctx, facts.inquiries)
    for unit_id, n in facts.inquiries.items():
        by_child[ctx.units[unit_id].child_id or -ctx.units[unit_id].top_id] += n
    tables = []
    for top in ctx.top_units():
        children = ctx.children(top.id)
        count = by_top.get(top.id, 0)
        if not children or not count or not ctx.in_department_tables(top.id):
            continue
        unit_filter = with_filter(period_filter(period), org_unit=top.id)
        items = [
            Item(
                child.name,
                str(child.id),
                by_child.get(child.id, 0),
                with_filter(unit_filter, org_unit=child.id),
            )
            for child in children
            if _shown(ctx, child, by_child.get(child.id, 0))
        ]
        direct = by_child.get(-top.id, 0)
        if direct:
            # Registered on the top unit itself: no list filter selects only those.
            items.append(Item(f"{top.name} (uden underenhed)", f"{top.id}:direct", direct, None))
        rows, note = share_rows(items, count, ctx.settings.rounding, total_filter=unit_filter)
        tables.append(
            Table(
                id=f"org_unit_sub_share:{top.name}",
                title=f"Henvendelser i {top.name} fordelt på underenheder",
                short_title=f"Underenheder – {top.short_name or top.name}",
                base=(
                    f"Grundlag: de {count} henvendelser registreret på {top.name} eller en af "
                    "dens underenheder; hver tælles på underenheden direkte under "
                    f"{top.name}."
                ),
                columns=COUNT_PCT,
                rows=tuple(rows),
                note=note,
                chart="pie",
                section="org_units",
            )
        )
    return tables
