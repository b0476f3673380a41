"""How long the report takes, against DuckDB doing the same aggregation on the same rows.

`report_benchmark(office)` is called by `make bench` (borgerraadgiver.bench)
on an office that already holds the synthetic registrations. It times
report_build for one report period (every table but the development) and
the ten-year development, then exports the office's rows once into an
in-process DuckDB and times the same GROUP BYs there. Each figure is the best
of `repeat` warm runs; the cold figures are one run after the office's
cached months (reports_monthfacts) were deleted, so that it counts and
stores them. It prints, and returns:

    report_year_cold_seconds, report_year_seconds,
    report_ten_year_development_cold_seconds, report_ten_year_development_seconds,
    duckdb_year_seconds, duckdb_ten_year_development_seconds,
    report_year_ratio_vs_DuckDB, report_ten_year_ratio_vs_DuckDB
"""

from __future__ import annotations

import csv
import datetime
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
from django.utils import timezone

from borgerraadgiver.inquiries.models import ComplaintPoint, Inquiry
from borgerraadgiver.offices.models import Office

from .models import MonthFacts
from .periods import Period, last_periods, previous_period
from .selectors import report_build, report_development
from .selectors.context import (
    HELP_WITH_COMPLAINT_HANDLING,
    HELP_WITH_COMPLAINT_KIND,
    ReportContext,
    report_context,
)
from .selectors.months import cache_enabled as month_cache_enabled
from .services import report_settings_for

CHUNK = 20_000
INQUIRY_COLUMNS = ("id", "received", "org_unit_id", "person_id")
POINT_COLUMNS = ("inquiry_id", "org_unit_id", "position", "theme_id", "conclusion_id")


@dataclass(frozen=True)
class ReportBenchmark:
    period: Period
    inquiries: int
    points: int
    report_year_cold_seconds: float
    report_year_seconds: float
    report_ten_year_development_cold_seconds: float
    report_ten_year_development_seconds: float
    duckdb_year_seconds: float
    duckdb_ten_year_development_seconds: float
    same_result: bool

    def lines(self) -> list[str]:
        ten = self.report_ten_year_development_seconds
        duck_ten = self.duckdb_ten_year_development_seconds
        year_ratio = self.report_year_seconds / self.duckdb_year_seconds
        ten_ratio = ten / duck_ten
        return [
            f"report_period: {self.period.start} to {self.period.end} "
            f"({self.inquiries} inquiries, {self.points} complaint points in the period)",
            f"report_month_cache: {'on' if month_cache_enabled() else 'off'}",
            f"report_year_cold_seconds: {self.report_year_cold_seconds:.3f} s",
            f"report_year_seconds: {self.report_year_seconds:.3f} s",
            "report_ten_year_development_cold_seconds: "
            f"{self.report_ten_year_development_cold_seconds:.3f} s",
            f"report_ten_year_development_seconds: {ten:.3f} s",
            f"duckdb_year_seconds: {self.duckdb_year_seconds:.3f} s",
            f"duckdb_ten_year_development_seconds: {duck_ten:.3f} s",
            f"report_year_ratio_vs_DuckDB: {year_ratio:.1f}x  (target 3x: "
            f"{'met' if year_ratio <= 3 else 'NOT met'})",
            f"report_ten_year_ratio_vs_DuckDB: {ten_ratio:.1f}x",
            f"report_duckdb_same_result: {'yes' if self.same_result else 'NO'}",
        ]


def _best(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def _write_csv(path: Path, columns: tuple[str, ...], rows: Any) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(columns)
        for row in rows:
            writer.writerow(["" if v is None else v for v in row])


def export_to_duckdb(ctx: ReportContext, directory: Path) -> duckdb.DuckDBPyConnection:
    """The office's inquiries and points, fetched in chunks, as two DuckDB tables."""
    dims = tuple(f"{code}_id" for code in ctx.dimensions)
    inquiry_columns = (*INQUIRY_COLUMNS, *dims)
    inquiries = (
        Inquiry.objects.filter(office=ctx.office)
        .order_by()
        .values_list(*inquiry_columns)
        .iterator(chunk_size=CHUNK)
    )
    points = (
        ComplaintPoint.objects.filter(inquiry__office=ctx.office)
        .order_by()
        .values_list(*POINT_COLUMNS)
        .iterator(chunk_size=CHUNK)
    )
    _write_csv(directory / "inquiry.csv", inquiry_columns, inquiries)
    _write_csv(directory / "point.csv", POINT_COLUMNS, points)
    con = duckdb.connect()
    inquiry_types = dict.fromkeys(inquiry_columns, "BIGINT") | {"received": "DATE"}
    point_types = dict.fromkeys(POINT_COLUMNS, "BIGINT")
    for table, types in (("inquiry", inquiry_types), ("point", point_types)):
        con.execute(
            # Names from the report context, dates from the periods; no input, values bound.
            f"CREATE TABLE {table} AS SELECT * FROM read_csv(?, header = true, columns = ?)",  # nosec B608
            [str(directory / f"{table}.csv"), types],
        )
    return con


def _help_sql(ctx: ReportContext) -> str:
    """The SQL condition for 'help with a complaint' (FALSE when the office counts them)."""
    if not ctx.settings.exclude_help_with_complaint:
        return "FALSE"
    parts = []
    kinds = ctx.ids_with_code("inquiry_kind", HELP_WITH_COMPLAINT_KIND)
    if kinds and "inquiry_kind" in ctx.dimensions:
        parts.append(f"coalesce(i.inquiry_kind_id IN ({', '.join(map(str, kinds))}), FALSE)")
    handlings = ctx.ids_with_code("handling", HELP_WITH_COMPLAINT_HANDLING)
    if handlings and "handling" in ctx.dimensions:
        parts.append(f"coalesce(i.handling_id IN ({', '.join(map(str, handlings))}), FALSE)")
    return " OR ".join(parts) or "FALSE"


def duckdb_year(con: duckdb.DuckDBPyConnection, ctx: ReportContext, period: Period) -> dict:
    """What period_facts computes: per unit and value, points per unit and theme, persons."""
    span = [period.start, period.end]
    sets = ", ".join(["(org_unit_id)", *(f"(org_unit_id, {c}_id)" for c in ctx.dimensions)])
    dims = ", ".join(f"{c}_id" for c in ctx.dimensions)
    values = con.execute(
        # Names from the report context, dates from the periods; no input, values bound.
        f"SELECT org_unit_id{', ' + dims if dims else ''}, count(*) FROM inquiry "  # nosec B608
        f"WHERE received BETWEEN ? AND ? GROUP BY GROUPING SETS ({sets})",
        span,
    ).fetchall()
    points = con.execute(
        # Names from the report context, dates from the periods; no input, values bound.
        "SELECT p.org_unit_id, p.theme_id, p.conclusion_id, count(*), "  # nosec B608
        "count(*) FILTER (WHERE p.position = 1), "
        f"count(*) FILTER (WHERE NOT ({_help_sql(ctx)})) "
        "FROM point p JOIN inquiry i ON i.id = p.inquiry_id "
        "WHERE i.received BETWEEN ? AND ? GROUP BY ALL",
        span,
    ).fetchall()
    totals = con.execute(
        "SELECT count(*), count(DISTINCT person_id) + count(*) FILTER (WHERE person_id IS NULL) "
        "FROM inquiry WHERE received BETWEEN ? AND ?",
        span,
    ).fetchone() or (0, 0)
    follow_ons = []
    if "inquiry_kind" in ctx.dimensions:
        follow_ons = con.execute(
            "SELECT p.org_unit_id, i.inquiry_kind_id, count(*) FROM point p "
            "JOIN inquiry i ON i.id = p.inquiry_id "
            "WHERE i.received BETWEEN ? AND ? AND p.position > 1 GROUP BY ALL",
            span,
        ).fetchall()
    return {
        "inquiries": totals[0],
        "points": sum(r[3] for r in points),
        "persons": totals[1],
        "groups": len(values) + len(points) + len(follow_ons),
    }


def duckdb_development(
    con: duckdb.DuckDBPyConnection, ctx: ReportContext, periods: list[Period]
) -> int:
    """What development_facts computes: per period and unit, per period, unit and theme."""
    cases = " ".join(
        f"WHEN {{col}} BETWEEN DATE '{p.start}' AND DATE '{p.end}' THEN {n}"
        for n, p in enumerate(periods)
    )
    span = [min(p.start for p in periods), max(p.end for p in periods)]
    by_unit = con.execute(
        # Names from the report context, dates from the periods; no input, values bound.
        f"SELECT CASE {cases.format(col='received')} ELSE -1 END AS bucket, org_unit_id, "
        "count(*) FROM inquiry WHERE received BETWEEN ? AND ? GROUP BY ALL",  # nosec B608
        span,
    ).fetchall()
    by_theme = con.execute(
        # Names from the report context, dates from the periods; no input, values bound.
        f"SELECT CASE {cases.format(col='i.received')} ELSE -1 END AS bucket, p.org_unit_id, "
        f"p.theme_id, count(*), count(*) FILTER (WHERE NOT ({_help_sql(ctx)})) "
        "FROM point p JOIN inquiry i ON i.id = p.inquiry_id "  # nosec B608
        "WHERE i.received BETWEEN ? AND ? GROUP BY ALL",
        span,
    ).fetchall()
    return len(by_unit) + len(by_theme)


def report_benchmark(
    office: Office,
    *,
    period: Period | None = None,
    years: int = 10,
    repeat: int = 3,
    emit: Callable[[str], None] | None = print,
    today: datetime.date | None = None,
) -> ReportBenchmark:
    """Time the report and DuckDB on the same rows; see the module docstring."""
    period = period or previous_period(office, today or timezone.localdate())
    settings = report_settings_for(office)

    def year() -> Any:
        return report_build(office, period, settings=settings, include_development=False)

    def ten() -> Any:
        return report_development(office, period, settings=settings, periods=years)

    MonthFacts.objects.filter(office=office).delete()
    year_cold, _report = _best(year, 1)
    year_seconds, report = _best(year, repeat)
    MonthFacts.objects.filter(office=office).delete()
    ten_cold, _tables = _best(ten, 1)
    ten_seconds, _tables = _best(ten, repeat)
    ctx = report_context(office, settings)
    periods = last_periods(period, years)
    with tempfile.TemporaryDirectory() as tmp:
        con = export_to_duckdb(ctx, Path(tmp))
        try:
            duck_year_seconds, duck = _best(lambda: duckdb_year(con, ctx, period), repeat)
            duck_ten_seconds, _n = _best(lambda: duckdb_development(con, ctx, periods), repeat)
        finally:
            con.close()
    figures = report.key_figures
    result = ReportBenchmark(
        period=period,
        inquiries=figures.inquiries,
        points=figures.complaint_points,
        report_year_cold_seconds=year_cold,
        report_year_seconds=year_seconds,
        report_ten_year_development_cold_seconds=ten_cold,
        report_ten_year_development_seconds=ten_seconds,
        duckdb_year_seconds=duck_year_seconds,
        duckdb_ten_year_development_seconds=duck_ten_seconds,
        same_result=(
            (duck["inquiries"], duck["points"], duck["persons"])
            == (figures.inquiries, figures.complaint_points, figures.distinct_persons)
        ),
    )
    if emit is not None:
        for line in result.lines():
            emit(line)
    return result
