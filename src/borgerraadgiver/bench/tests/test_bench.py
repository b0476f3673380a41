from __future__ import annotations

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest

from borgerraadgiver.bench.build import build
from borgerraadgiver.bench.database import bench_database
from borgerraadgiver.bench.measure import Figure, percentile, write_import_file
from borgerraadgiver.inquiries.models import ComplaintPoint, Inquiry
from tests.factories import make_office

TODAY = datetime.date(2025, 6, 30)
PAGES = ("worklist", "list_filtered", "list_search", "list_search_name", "inquiry_page")


def test_a_tiny_bench_run_prints_every_figure(tmp_path):
    env = {
        **os.environ,
        # Never the dev database nor a shared server, whatever DATABASE_URL says.
        "BENCH_DATABASE_URL": f"sqlite:///{tmp_path / 'bench.sqlite3'}",
        "VAR_DIR": str(tmp_path),
    }
    args = ["--points", "500", "--import-rows", "200", "--requests", "2", "--clients", "2"]
    done = subprocess.run(
        [sys.executable, "-m", "borgerraadgiver.bench", *args],
        env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip

    assert done.returncode == 0, done.stderr
    lines = {line.split(": ", 1)[0]: line for line in done.stdout.splitlines() if ": " in line}
    assert lines["complaint_points"] == "complaint_points: 500 count"
    for name in ("build_seconds", "inquiries", "persons", "journal_entries",
                 "import_rows_per_second", "report_year_seconds", "report_year_cold_seconds",
                 "report_ten_year_development_seconds", "duckdb_year_seconds"):  # fmt: skip
        assert name in lines
    assert lines["report_duckdb_same_result"].endswith("yes")
    assert any("ratio" in line and "DuckDB" in line for line in lines.values())
    for page in PAGES:
        for suffix in ("_p50", "_p95", "_concurrent2_p50", "_concurrent2_p95"):
            assert page + suffix in lines
    assert "(target >= 2000 rows/s" in lines["import_rows_per_second"] or (
        "n/a" in lines["import_rows_per_second"]
    )


@pytest.mark.django_db
def test_build_makes_exactly_the_points_asked_for_over_ten_years():
    result = build(points=300, seed=3, today=TODAY, slug="b1", jobs=1)

    points = ComplaintPoint.objects.filter(office=result.office)
    assert result.points == points.count() == 300
    inquiries = Inquiry.objects.filter(office=result.office)
    assert result.inquiries == inquiries.count()
    assert inquiries.filter(received__lt=datetime.date(2015, 6, 28)).count() == 0
    assert inquiries.filter(received__gt=TODAY).count() == 0
    # Every inquiry with points has its hovedsag as point 1, and the ORM reads the rows back.
    first = points.filter(position=1).values_list("inquiry_id", flat=True)
    assert set(points.values_list("inquiry_id", flat=True)) == set(first)
    assert inquiries.order_by("-received").first().uid is not None


@pytest.mark.django_db
def test_build_is_repeatable_with_the_same_seed():
    def shape(slug: str, seed: int) -> list[tuple[object, ...]]:
        office = build(points=120, seed=seed, today=TODAY, slug=slug, jobs=1).office
        return list(
            Inquiry.objects.filter(office=office)
            .order_by("received", "reference")
            .values_list("reference", "received", "account", "closed", "org_unit__name")
        )

    assert shape("b1", 5) == shape("b2", 5)
    assert shape("b3", 5) != shape("b4", 6)


@pytest.mark.django_db
def test_build_draws_the_same_data_in_one_process_or_two(monkeypatch):
    monkeypatch.setattr("borgerraadgiver.bench.build.BATCH", 200)  # several chunks, quickly

    def accounts(slug: str, jobs: int) -> list[str]:
        office = build(points=1_000, seed=2, today=TODAY, slug=slug, jobs=jobs).office
        return list(
            Inquiry.objects.filter(office=office).order_by("id").values_list("account", flat=True)
        )

    assert accounts("one", 1) == accounts("two", 2)


@pytest.mark.django_db
def test_import_file_has_the_contract_columns_and_the_rows_asked_for(tmp_path):
    office = make_office("albertslund", preset="albertslund")
    path = tmp_path / "import.csv"

    assert write_import_file(path, rows=50, seed=1, office=office) == 50

    header, *rows = path.read_text(encoding="utf-8").splitlines()
    assert header.split(",")[:4] == ["inquiry", "received", "org_unit", "person"]
    assert len(rows) == 50


def test_bench_uses_its_own_sqlite_file_unless_told_otherwise(monkeypatch, tmp_path):
    monkeypatch.delenv("BENCH_DATABASE_URL", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("VAR_DIR", str(tmp_path))
    with bench_database() as (url, _description):
        assert url == f"sqlite:///{tmp_path / 'bench' / 'bench.sqlite3'}"
    monkeypatch.setenv("BENCH_DATABASE_URL", "sqlite:////elsewhere/b.sqlite3")
    with bench_database() as (url, _description):
        assert url == "sqlite:////elsewhere/b.sqlite3"
    assert not Path(tmp_path / "bench" / "bench.sqlite3").exists()


def test_a_figure_line_names_its_target_or_why_it_is_missing():
    assert Figure("worklist_p95", 12.34, "ms", target="< 150 ms", met=True).line() == (
        "worklist_p95: 12.3 ms  (target < 150 ms: met)"
    )
    assert Figure("import_rows_per_second", None, "rows/s", note="importer missing").line() == (
        "import_rows_per_second: n/a (importer missing)"
    )
    assert percentile([float(x) for x in range(1, 101)], 95) == pytest.approx(95.05)
