"""The fast paths of the report's aggregations agree with the plain ones and stay fast."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from borgerraadgiver.reports.periods import Period, last_periods
from borgerraadgiver.reports.selectors import report_build
from borgerraadgiver.reports.selectors.context import report_context
from borgerraadgiver.reports.selectors.queries import development_facts, period_facts
from borgerraadgiver.reports.services import report_settings_for

from .builders import Reg, bulk_register

YEAR = Period(datetime.date(2024, 4, 1), datetime.date(2025, 3, 31))


def _boundary_registrations() -> list[Reg]:
    """Registrations on the first and last day of each period, and just outside the span."""
    regs = []
    for n, period in enumerate(last_periods(YEAR, 3)):
        for day in (period.start, period.end):
            regs.append(Reg("Jobcenter", themes=["begrundelse", "inddragelse"], received=day))
            regs.append(
                Reg(
                    "Familieafsnittet",
                    themes=["afgoerelser"] * (n + 1),
                    values={"inquiry_kind": "hjaelp_til_klage"},
                    received=day,
                )
            )
    regs.append(Reg("Jobcenter", themes=["begrundelse"], received=datetime.date(2022, 3, 31)))
    regs.append(Reg("Jobcenter", themes=["begrundelse"], received=datetime.date(2025, 4, 1)))
    return regs


def test_each_period_of_the_development_counts_what_its_own_report_counts(office):
    bulk_register(office, _boundary_registrations(), received=YEAR.start)
    ctx = report_context(office, report_settings_for(office))
    periods = last_periods(YEAR, 3)
    development = development_facts(ctx, periods)
    for n, period in enumerate(periods):
        facts = period_facts(ctx, period)
        assert development.inquiries[n] == facts.inquiries
        assert development.points[n] == {
            key: (c.total, c.thematic) for key, c in facts.points.items()
        }
        assert sum(development.inquiries[n].values()) == 4


def test_conclusions_grouped_in_the_database_add_up_per_unit_and_theme(other_office):
    bulk_register(
        other_office,
        [
            Reg(
                "Center for Job og Ydelser",
                themes=["begrundelse", "begrundelse", "vejledning"],
                conclusions=["kritik", "kritik", None],
            ),
            Reg("Center for Job og Ydelser", themes=["begrundelse"], conclusions=["kritik"]),
        ],
        received=datetime.date(2018, 5, 1),
    )
    ctx = report_context(other_office, report_settings_for(other_office))
    facts = period_facts(ctx, Period(datetime.date(2018, 1, 1), datetime.date(2018, 12, 31)))
    per_key = {
        key: (c.total, c.main, sum(c.conclusions.values())) for key, c in facts.points.items()
    }
    assert sorted(per_key.values()) == [(1, 0, 0), (3, 2, 3)]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query plan")
def test_a_years_report_reads_the_covering_indexes_not_the_rows(office):
    bulk_register(office, [Reg("Jobcenter", themes=["begrundelse"])], received=YEAR.start)
    with CaptureQueriesContext(connection) as captured:
        report_build(office, YEAR)
    plans = []
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            sql = query["sql"]
            tables = ("inquiries_inquiry" in sql) + ("inquiries_complaintpoint" in sql)
            if tables and "COUNT(" in sql and "received" in sql:
                cursor.execute("EXPLAIN QUERY PLAN " + sql)
                plans.append(" ".join(str(row[-1]) for row in cursor.fetchall()))
    # Inquiries, points and distinct persons (with the month cache the
    # development's months are read from it, not counted again).
    assert len(plans) >= 3
    for plan in plans:
        # One index per query, never the table rows, and no join.
        assert "COVERING INDEX" in plan
        assert ("inquiry_report_covering" in plan) != ("point_report_period" in plan)
    assert any("point_report_period" in plan for plan in plans)
