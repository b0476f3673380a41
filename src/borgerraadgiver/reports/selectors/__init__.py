"""The report for one office and period, as typed data (reports.data.Report).

Every count is aggregated in the database (selectors.queries); the tables are
assembled from those few hundred numbers, the org unit tree and the office's
labels. Renderers take the Report from here and never query anything.
"""

from __future__ import annotations

from borgerraadgiver.offices.models import Office

from ..data import Report, Table
from ..models import ReportSettings
from ..periods import Period, last_periods
from ..rounding import LARGEST_REMAINDER
from ..services import report_settings_for
from .context import ReportContext, report_context
from .development import development_tables
from .queries import development_facts, first_received, period_facts
from .themes import theme_by_org_unit, theme_zoom, themes
from .units import key_figures, org_unit_points, org_unit_share, org_unit_sub_shares
from .values import (
    complaints_vs_other,
    conclusions,
    inquiry_kind_registrations,
    vocabulary_tables,
    without_administration,
)

__all__ = ["report_build", "report_development", "report_rules", "report_title"]


def report_title(period: Period) -> str:
    if period.days < 300:
        return f"Borgerrådgiverens status {period.label}"
    return f"Borgerrådgiverens beretning {period.short_label}"


def report_rules(ctx: ReportContext, period: Period) -> tuple[str, ...]:
    """The counting rules behind the figures, in Danish, for the report's 'Om tallene'."""
    s = ctx.settings
    rules = [
        f"Perioden omfatter henvendelser modtaget {period.label}.",
        "En henvendelse tælles én gang, på den øverste enhed over den enhed, den er "
        "registreret på. Klagepunkter (hovedsag og følgesager) tælles hver for sig, på deres "
        "egen enhed.",
        "Tabeller efter tema tæller klagepunkter; tabeller efter henvendelsestype, årsag, "
        "håndtering og udfald tæller henvendelser.",
        "Antal forskellige personer: hver registreret person én gang, og hver henvendelse "
        "uden registreret person som én person.",
        "Henvendelser om myndigheder uden for kommunen "
        + ("tælles med i totalerne" if s.external_in_totals else "tælles ikke med i totalerne")
        + (
            " og vises i tabellerne pr. afdeling."
            if s.external_in_department_tables and s.external_in_totals
            else " og vises ikke i tabellerne pr. afdeling."
        ),
    ]
    if s.exclude_help_with_complaint:
        rules.append(
            "Henvendelser, der alene drejer sig om hjælp til at klage over en afgørelse, "
            "indgår ikke i de tematiske opgørelser."
        )
    rules.append(
        "Procenter er hele tal efter største brøkdels metode, så de summerer til 100 %."
        if s.rounding == LARGEST_REMAINDER
        else "Procenter er afrundet til hele tal (halvdelen op); en procentkolonne, der "
        "derfor ikke summerer til 100, har en note."
    )
    return tuple(rules)


def report_development(
    office: Office,
    period: Period,
    *,
    settings: ReportSettings | None = None,
    periods: int | None = None,
    ctx: ReportContext | None = None,
) -> list[Table]:
    """The development tables over `periods` periods ending with `period`."""
    settings = settings or report_settings_for(office)
    ctx = ctx or report_context(office, settings)
    count = periods or settings.development_periods
    chosen = last_periods(period, count)
    # Periods that ended before the office registered anything would show
    # zeros, read as "no complaints" rather than "not registered yet".
    first = first_received(ctx)
    chosen = [p for p in chosen if first is None or p.end >= first] or [period]
    return development_tables(ctx, development_facts(ctx, chosen))


def report_build(
    office: Office,
    period: Period,
    *,
    settings: ReportSettings | None = None,
    include_development: bool = True,
) -> Report:
    """The whole report for the office's inquiries received in `period`."""
    settings = settings or report_settings_for(office)
    ctx = report_context(office, settings)
    facts = period_facts(ctx, period)
    optional = [
        complaints_vs_other(ctx, period, facts),
        without_administration(ctx, period, facts),
        inquiry_kind_registrations(ctx, period, facts),
    ]
    tables: list[Table] = [t for t in optional if t is not None]
    tables += [
        org_unit_points(ctx, period, facts),
        org_unit_share(ctx, period, facts),
        *org_unit_sub_shares(ctx, period, facts),
        themes(ctx, period, facts),
        theme_by_org_unit(ctx, period, facts),
    ]
    zoom = theme_zoom(ctx, period, facts)
    if zoom is not None:
        tables.append(zoom)
    tables += vocabulary_tables(ctx, period, facts)
    conclusion_table = conclusions(ctx, period, facts)
    if conclusion_table is not None:
        tables.append(conclusion_table)
    # Casework: the departments' answers to referrals and statement requests (issue 5, point 10).
    from .casework import department_answers

    department_table = department_answers(ctx, period)
    if department_table is not None:
        tables.append(department_table)
    if include_development:
        tables += report_development(office, period, settings=settings, ctx=ctx)
    return Report(
        office=office.slug,
        office_name=office.name,
        period=period,
        title=report_title(period),
        key_figures=key_figures(ctx, facts),
        tables=tuple(tables),
        rules=report_rules(ctx, period),
    )
