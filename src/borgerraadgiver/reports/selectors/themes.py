"""Complaint points by theme: groups and leaves, theme x unit (Tabel 2), and a zoom on one group."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping

from ..data import Row, Table
from ..periods import Period
from .common import COUNT_PCT, TOTAL, Item, external_text, period_filter, share_rows, with_filter
from .context import ReportContext
from .queries import PeriodFacts

NO_THEME = "Uden tema"


def _help_text(ctx: ReportContext, excluded: int) -> str:
    if not ctx.settings.exclude_help_with_complaint:
        return ""
    return (
        f" Klagepunkter i henvendelser om hjælp til klage over en afgørelse ({excluded}) indgår "
        "ikke i de tematiske opgørelser (kontorets regel)."
    )


def thematic_by_unit_theme(
    ctx: ReportContext, facts: PeriodFacts, keep: Callable[[int], bool]
) -> tuple[dict[tuple[int, int | None], int], int, int]:
    """(unit, theme) -> thematic points for kept units; excluded help points; external points."""
    counts: dict[tuple[int, int | None], int] = {}
    excluded = external = 0
    for (unit_id, theme_id), c in facts.points.items():
        if ctx.units[unit_id].external:
            external += c.total
        if keep(unit_id):
            excluded += c.total - c.thematic
            if c.thematic:
                counts[(unit_id, theme_id)] = c.thematic
    return counts, excluded, external


def theme_rows_order(
    ctx: ReportContext, leaf_totals: Mapping[int | None, int]
) -> list[tuple[int, str, int | None, str, list[int | None]]]:
    """(level, label, theme id, key, leaf ids summed) for groups and leaves with a count."""
    result: list[tuple[int, str, int | None, str, list[int | None]]] = []
    known: set[int | None] = set()
    for group in ctx.theme_groups():
        leaves = [leaf for leaf in ctx.theme_leaves(group.id) if leaf_totals.get(leaf.id)]
        known.update(leaf.id for leaf in ctx.theme_leaves(group.id))
        if not leaves:
            continue
        result.append((0, group.label, group.id, group.code, [leaf.id for leaf in leaves]))
        result.extend((1, leaf.label, leaf.id, leaf.code, [leaf.id]) for leaf in leaves)
    for theme_id, n in leaf_totals.items():
        if n and theme_id not in known:
            label = NO_THEME if theme_id is None else ctx.label("theme", theme_id)
            key = "none" if theme_id is None else str(theme_id)
            result.append((0, label, theme_id, key, [theme_id]))
    return result


def themes(ctx: ReportContext, period: Period, facts: PeriodFacts) -> Table:
    counts, excluded, external = thematic_by_unit_theme(ctx, facts, ctx.in_totals)
    leaf_totals: dict[int | None, int] = defaultdict(int)
    for (_unit, theme_id), n in counts.items():
        leaf_totals[theme_id] += n
    base_filter = period_filter(period)
    items = [
        Item(
            label,
            key,
            sum(leaf_totals[i] for i in leaf_ids),
            None if theme_id is None else with_filter(base_filter, theme=theme_id),
            level,
        )
        for level, label, theme_id, key, leaf_ids in theme_rows_order(ctx, leaf_totals)
    ]
    total = sum(leaf_totals.values())
    rows, note = share_rows(items, total, ctx.settings.rounding, total_filter=base_filter)
    base = (
        f"Grundlag: {total} klagepunkter (hovedsager og følgesager) i henvendelser modtaget i "
        "perioden; temaerne med summen af deres emner."
        + _help_text(ctx, excluded)
        + external_text(ctx, external, "klagepunkter")
    )
    return Table(
        id="themes",
        title="Klagepunkter fordelt på tema og emne",
        short_title="Tema og emne",
        base=base,
        columns=COUNT_PCT,
        rows=tuple(rows),
        note=note,
        chart="hbar",
        section="themes",
    )


def theme_by_org_unit(ctx: ReportContext, period: Period, facts: PeriodFacts) -> Table:
    """Albertslund's Tabel 2: theme groups (their sum) and leaves x top units and I alt."""
    counts, excluded, external = thematic_by_unit_theme(ctx, facts, ctx.in_department_tables)
    cell: dict[tuple[int | None, int], int] = defaultdict(int)
    leaf_totals: dict[int | None, int] = defaultdict(int)
    for (unit_id, theme_id), n in counts.items():
        cell[(theme_id, ctx.units[unit_id].top_id)] += n
        leaf_totals[theme_id] += n
    column_totals: dict[int, int] = defaultdict(int)
    for (_theme, top_id), n in cell.items():
        column_totals[top_id] += n
    tops = [
        top
        for top in ctx.top_units()
        if ctx.in_department_tables(top.id) and (not top.retired or column_totals[top.id])
    ]
    base_filter = period_filter(period)
    rows = []
    for level, label, theme_id, key, leaf_ids in theme_rows_order(ctx, leaf_totals):
        values = [sum(cell[(leaf, top.id)] for leaf in leaf_ids) for top in tops]
        rows.append(
            Row(
                label=label,
                key=key,
                level=level,
                values=(*values, sum(values)),
                filter=None if theme_id is None else with_filter(base_filter, theme=theme_id),
            )
        )
    totals = [column_totals[top.id] for top in tops]
    rows.append(
        Row(
            label=TOTAL,
            key="total",
            values=(*totals, sum(totals)),
            filter=base_filter,
            is_total=True,
        )
    )
    base = (
        f"Grundlag: {sum(totals)} klagepunkter (hovedsager og følgesager) i henvendelser "
        "modtaget i perioden, hvert på den øverste enhed over sin egen enhed; kun temaer og "
        "emner med klagepunkter vises."
        + _help_text(ctx, excluded)
        + external_text(ctx, external, "klagepunkter", department=True)
    )
    return Table(
        id="theme_by_org_unit",
        title="Klagepunkter fordelt efter emne og afdeling",
        short_title="Emne og afdeling",
        base=base,
        columns=(*(top.name for top in tops), TOTAL),
        rows=tuple(rows),
        section="themes",
        column_filters=(*({"org_unit": str(top.id)} for top in tops), {}),
    )


def theme_zoom(ctx: ReportContext, period: Period, facts: PeriodFacts) -> Table | None:
    """The leaves of one theme group (Forvaltningsskik in Albertslund's figure 4)."""
    group = next((g for g in ctx.theme_groups() if g.code == ctx.settings.focus_theme_group), None)
    if group is None:
        return None
    counts, excluded, _external = thematic_by_unit_theme(ctx, facts, ctx.in_totals)
    leaf_totals: dict[int | None, int] = defaultdict(int)
    for (_unit, theme_id), n in counts.items():
        leaf_totals[theme_id] += n
    base_filter = period_filter(period)
    items = [
        Item(leaf.label, leaf.code, leaf_totals[leaf.id], with_filter(base_filter, theme=leaf.id))
        for leaf in ctx.theme_leaves(group.id)
        if leaf_totals[leaf.id]
    ]
    total = sum(i.count for i in items)
    rows, note = share_rows(
        items, total, ctx.settings.rounding, total_filter=with_filter(base_filter, theme=group.id)
    )
    return Table(
        id="theme_zoom",
        title=f"Emner under '{group.label}'",
        short_title=f"Emner – {group.label}",
        base=(
            f"Grundlag: de {total} klagepunkter under temaet {group.label}."
            + _help_text(ctx, excluded)
        ),
        columns=COUNT_PCT,
        rows=tuple(rows),
        note=note,
        chart="hbar",
        section="themes",
    )
