from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import warnings
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connections

from borgerraadgiver.bench.build import BENCH_SLUG, BuildResult, build
from borgerraadgiver.bench.measure import Figure, measure_import, measure_pages
from borgerraadgiver.reports.bench import report_benchmark


def _emit(figure: Figure) -> None:
    print(figure.line(), flush=True)


def _progress(message: str) -> None:
    print(f"  ... {message}", file=sys.stderr, flush=True)


def _quiet() -> None:
    # A failing page is reported once, in its figure line, not as a traceback
    # per request; whitenoise's "no static root" warning does not apply here.
    logging.getLogger("django.request").setLevel(logging.CRITICAL)
    logging.getLogger("axes").setLevel(logging.WARNING)  # a line per forced login
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)


def _serve_in_process() -> None:
    # The test client's host, and plain static storage: the manifest storage
    # of a production setting needs `collectstatic`, which the bench does not
    # run; looking a name up in the manifest costs the same microsecond.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def _kept() -> BuildResult | None:
    """The office a --keep run left behind, counted as it is now."""
    from borgerraadgiver.inquiries.models import ComplaintPoint, Inquiry, JournalEntry, Person
    from borgerraadgiver.offices.models import Office, User

    office = Office.objects.filter(slug=BENCH_SLUG).first()
    if office is None:
        return None
    return BuildResult(
        office=office,
        user=User.objects.get(username=BENCH_SLUG),
        inquiries=Inquiry.objects.filter(office=office).count(),
        points=ComplaintPoint.objects.filter(office=office).count(),
        persons=Person.objects.filter(office=office).count(),
        journal_entries=JournalEntry.objects.filter(inquiry__office=office).count(),
        seconds=0.0,
    )


def run(args: argparse.Namespace, description: str) -> int:
    _quiet()
    _serve_in_process()
    print(f"database: {description}", flush=True)
    call_command("migrate", verbosity=0, interactive=False)
    if args.reuse:
        result = _kept()
        if result is None:
            print("--reuse: no bench office in this database; run with --keep first", flush=True)
            return 2
    else:
        _progress(f"building {args.points} complaint points")
        result = build(points=args.points, seed=args.seed, jobs=args.jobs, progress=_progress)
        _emit(Figure("build_seconds", result.seconds, "s"))
    _emit(Figure("inquiries", result.inquiries, "count"))
    _emit(Figure("complaint_points", result.points, "count"))
    _emit(Figure("persons", result.persons, "count"))
    _emit(Figure("journal_entries", result.journal_entries, "count"))
    parts = set(args.only or ["pages", "report", "import"])
    if "pages" in parts:
        _progress("measuring pages")
        measure_pages(result.office, result.user, requests=args.requests, clients=args.clients,
                      seed=args.seed, emit=_emit)  # fmt: skip
    if "report" in parts:
        _progress("timing the annual report against DuckDB")
        report_benchmark(result.office, emit=lambda line: print(line, flush=True))
    if "import" in parts:
        # Imported rows land in the bench office: a reused database grows by them.
        _progress(f"importing {args.import_rows} rows")
        with tempfile.TemporaryDirectory() as tmp:
            _emit(measure_import(result.office, rows=args.import_rows, seed=args.seed,
                                 directory=Path(tmp)))  # fmt: skip
    connections.close_all()
    return 0
