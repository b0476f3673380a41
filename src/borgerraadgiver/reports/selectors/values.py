"""Tables over the inquiry-level vocabularies, overall and per top unit, and conclusions."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import replace

from ..data import ChartKind, Table
from ..periods import Period
from .common import (
    COUNT_PCT,
    NOT_REGISTERED,
    Item,
    by_count,
    external_text,
    period_filter,
    share_rows,
    sum_by_top,
    with_filter,
)
from .context import VOCABULARY_SHORT, ReportContext
from .queries import PeriodFacts

_PIE: frozenset[str] = frozenset({"inquiry_kind", "outcome", "requester_kind"})


def _sum_values(facts: PeriodFacts, code: str, keep: Callable[[int], bool]) -> dict[int, int]:
    result: dict[int, int] = defaultdict(int)
    for unit_id, counts in facts.values.get(code, {}).items():
        if keep(unit_id):
            for value_id, n in counts.items():
                result[value_id] += n
    return result


def _value_table(
    ctx: ReportContext,
    code: str,
    counts: Mapping[int, int],
    total: int,
    *,
    table_id: str,
    title: str,
    short_title: str,
    base: str,
    unit_filter: Mapping[str, str],
) -> Table:
    order = {v.code: n for n, v in enumerate(ctx.values.get(code, []))}
    items = by_count(
        (
            Item(v.label, v.code, counts[v.id], with_filter(unit_filter, **{code: v.id}))
            for v in ctx.values.get(code, [])
            if counts.get(v.id)
        ),
        order,
    )
    missing = total - sum(i.count for i in items)
    if missing:
        items.append(Item(NOT_REGISTERED, "none", missing, None))
    rows, note = share_rows(items, total, ctx.settings.rounding, total_filter=unit_filter)
    chart: ChartKind = "pie" if code in _PIE else "hbar"
    return Table(
        id=table_id,
        title=title,
        short_title=short_title,
        base=base,
        columns=COUNT_PCT,
        rows=tuple(rows),
        note=note,
        chart=chart,
        section=code,
    )


def vocabulary_tables(ctx: ReportContext, period: Period, facts: PeriodFacts) -> list[Table]:
    """For every registered inquiry-level vocabulary V: `V`, then `V:<top unit name>` per unit."""
    tables = []
    base_filter = period_filter(period)
    by_top = sum_by_top(ctx, facts.inquiries)
    total = sum(n for u, n in facts.inquiries.items() if ctx.in_totals(u))
    external = sum(n for u, n in facts.inquiries.items() if ctx.units[u].external)
    for code in ctx.dimensions:
        label = ctx.vocabulary_labels.get(code, code)
        short = VOCABULARY_SHORT.get(code, label)
        tables.append(
            _value_table(
                ctx,
                code,
                _sum_values(facts, code, ctx.in_totals),
                total,
                table_id=code,
                title=label,
                short_title=short,
                base=(
                    f"Grundlag: alle {total} henvendelser modtaget i perioden; hver henvendelse "
                    "tælles én gang." + external_text(ctx, external, "henvendelser")
                ),
                unit_filter=base_filter,
            )
        )
        for top in ctx.top_units():
            count = by_top.get(top.id, 0)
            if not count or not ctx.in_department_tables(top.id):
                continue
            tables.append(
                _value_table(
                    ctx,
                    code,
                    _sum_values(
                        facts, code, lambda u, top_id=top.id: ctx.units[u].top_id == top_id
                    ),
                    count,
                    table_id=f"{code}:{top.name}",
                    title=f"{label} – {top.name}",
                    short_title=f"{short} – {top.short_name or top.name}",
                    base=(
                        f"Grundlag: de {count} henvendelser registreret på {top.name} eller en af "
                        "dens underenheder; hver henvendelse tælles én gang."
                    ),
                    unit_filter=with_filter(base_filter, org_unit=top.id),
                )
            )
    return tables


def complaints_vs_other(ctx: ReportContext, period: Period, facts: PeriodFacts) -> Table | None:
    if not ctx.registers("inquiry_kind"):
        return None
    flagged = ctx.flagged("inquiry_kind", "counts_as_complaint", True)
    counts = _sum_values(facts, "inquiry_kind", ctx.in_totals)
    total = sum(n for u, n in facts.inquiries.items() if ctx.in_totals(u))
    complaints = sum(n for v, n in counts.items() if v in flagged)
    base_filter = period_filter(period)
    complaint_filter = (
        with_filter(base_filter, inquiry_kind=next(iter(flagged))) if len(flagged) == 1 else None
    )
    items = [
        Item("Klager", "complaints", complaints, complaint_filter),
        Item("Andre henvendelser", "other", total - complaints, None),
    ]
    rows, note = share_rows(items, total, ctx.settings.rounding, total_filter=base_filter)
    kinds = ", ".join(v.label for v in ctx.values["inquiry_kind"] if v.id in flagged)
    return Table(
        id="complaints_vs_other",
        title="Klager og andre henvendelser",
        short_title="Klager og andre",
        base=(
            f"Grundlag: alle {total} henvendelser modtaget i perioden. Klager er henvendelser af "
            f"typen {kinds or '(ingen type er markeret som klage)'}; resten, også henvendelser "
            "uden registreret type, er andre henvendelser."
        ),
        columns=COUNT_PCT,
        rows=tuple(rows),
        note=note,
        chart="pie",
        section="key_figures",
    )


def without_administration(ctx: ReportContext, period: Period, facts: PeriodFacts) -> Table | None:
    """The share answered without involving the administration, from each handling's flag."""
    if not ctx.registers("handling"):
        return None
    counts = _sum_values(facts, "handling", ctx.in_totals)
    total = sum(n for u, n in facts.inquiries.items() if ctx.in_totals(u))
    without = sum(counts[v] for v in ctx.flagged("handling", "involves_administration", False))
    with_admin = sum(counts[v] for v in ctx.flagged("handling", "involves_administration", True))
    items = [
        Item("Besvaret uden inddragelse af forvaltningen", "without", without, None),
        Item("Forvaltningen inddraget", "with", with_admin, None),
    ]
    if total - without - with_admin:
        items.append(Item("Håndtering ikke registreret", "none", total - without - with_admin))
    rows, note = share_rows(items, total, ctx.settings.rounding, total_filter=period_filter(period))
    return Table(
        id="without_administration",
        title="Besvaret uden inddragelse af forvaltningen",
        short_title="Uden forvaltningen",
        base=(
            f"Grundlag: alle {total} henvendelser modtaget i perioden, efter borgerrådgiverens "
            "håndtering (råd og vejledning, vejvisning, hjælp til klage, ansøgning eller "
            "partshøring, orientering og afvisning inddrager ikke forvaltningen)."
        ),
        columns=COUNT_PCT,
        rows=tuple(rows),
        note=note,
        chart="pie",
        section="handling",
    )


def inquiry_kind_registrations(
    ctx: ReportContext, period: Period, facts: PeriodFacts
) -> Table | None:
    """Lejre's "sager": inquiries plus følgesager, each følgesag under its inquiry's kind."""
    if not ctx.registers("inquiry_kind"):
        return None
    counts = _sum_values(facts, "inquiry_kind", ctx.in_totals)
    follow_ons = 0
    for (unit_id, kind_id), n in facts.follow_ons_by_kind.items():
        if ctx.in_totals(unit_id):
            follow_ons += n
            if kind_id is not None:
                counts[kind_id] += n
    total = sum(n for u, n in facts.inquiries.items() if ctx.in_totals(u)) + follow_ons
    table = _value_table(
        ctx,
        "inquiry_kind",
        counts,
        total,
        table_id="inquiry_kind_registrations",
        title="Sager (henvendelser og følgesager) fordelt på henvendelsestype",
        short_title="Sager pr. henvendelsestype",
        base=(
            f"Grundlag: {total} sager: henvendelserne modtaget i perioden plus deres "
            f"{follow_ons} følgesager, hver følgesag under sin henvendelses type."
        ),
        unit_filter=period_filter(period),
    )
    return replace(table, section="key_figures", chart="pie")


def conclusions(ctx: ReportContext, period: Period, facts: PeriodFacts) -> Table | None:
    counts: dict[int, int] = defaultdict(int)
    for (unit_id, _theme), c in facts.points.items():
        if ctx.in_totals(unit_id):
            for value_id, n in c.conclusions.items():
                counts[value_id] += n
    total = sum(counts.values())
    if not total and not ctx.registers("conclusion"):
        return None
    base_filter = period_filter(period)
    items = [
        Item(v.label, v.code, counts[v.id], None)
        for v in ctx.values.get("conclusion", [])
        if counts.get(v.id)
    ]
    rows, note = share_rows(items, total, ctx.settings.rounding, total_filter=base_filter)
    return Table(
        id="conclusions",
        title="Borgerrådgiverens udtalelser",
        short_title="Udtalelser",
        base=(
            f"Grundlag: de {total} klagepunkter i henvendelser modtaget i perioden, som "
            "borgerrådgiveren har afgivet udtalelse om."
        ),
        columns=COUNT_PCT,
        rows=tuple(rows),
        note=note,
        chart="pie",
        section="conclusion",
    )
