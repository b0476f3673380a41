from __future__ import annotations

import datetime

from borgerraadgiver.reports.bench import report_benchmark
from borgerraadgiver.reports.periods import Period

from .builders import Reg, bulk_register

YEAR = Period(datetime.date(2024, 4, 1), datetime.date(2025, 3, 31))


def test_the_benchmark_times_both_engines_on_the_same_rows_and_prints_the_ratio(office):
    bulk_register(
        office,
        [
            Reg(
                "Jobcenter",
                themes=["begrundelse", "inddragelse"],
                person="a",
                values={"inquiry_kind": "klage", "handling": "dialog_med_afdeling"},
            ),
            Reg(
                "Familieafsnittet",
                themes=["afgoerelser"],
                values={"inquiry_kind": "hjaelp_til_klage"},
            ),
            Reg("Udbetaling Danmark", person="a"),
            Reg("Jobcenter", themes=["begrundelse"], received=datetime.date(2019, 6, 1)),
        ],
        received=datetime.date(2024, 6, 1),
    )
    lines: list[str] = []
    result = report_benchmark(office, period=YEAR, repeat=1, emit=lines.append)
    assert result.same_result
    assert (result.inquiries, result.points) == (3, 3)
    assert all(s > 0 for s in (result.report_year_seconds, result.duckdb_year_seconds))
    names = [line.split(":")[0] for line in lines]
    for name in (
        "report_year_seconds",
        "report_ten_year_development_seconds",
        "duckdb_year_seconds",
        "duckdb_ten_year_development_seconds",
    ):
        assert name in names
    assert any("ratio" in line and "DuckDB" in line for line in lines)
