"""`python -m borgerraadgiver.bench`, what `make bench` runs. See the package docstring."""

from __future__ import annotations

import argparse
import os
import secrets
import sys

from borgerraadgiver.bench.database import bench_database

FULL_POINTS = 1_000_000
QUICK_POINTS = 20_000
FULL_IMPORT_ROWS = 100_000
QUICK_IMPORT_ROWS = 5_000


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m borgerraadgiver.bench")
    quick = f"{QUICK_POINTS} points and {QUICK_IMPORT_ROWS} import rows"
    parser.add_argument("--quick", action="store_true", help=quick)
    parser.add_argument("--points", type=int, help=f"complaint points (default {FULL_POINTS})")
    parser.add_argument("--import-rows", type=int,
                        help=f"rows in the import file (default {FULL_IMPORT_ROWS})")  # fmt: skip
    parser.add_argument("--requests", type=int, default=50, help="requests per page, in each run")
    parser.add_argument("--clients", type=int, default=4, help="processes in the concurrent run")
    parser.add_argument("--jobs", type=int, help="processes drawing the data (default: 2)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure the database a --keep run left (implies --keep)",
    )
    parser.add_argument("--only", choices=["pages", "report", "import"], action="append",
                        help="measure only this part (repeatable)")  # fmt: skip
    args = parser.parse_args(argv)
    if args.reuse:
        args.keep = True
    if args.points is None:
        args.points = QUICK_POINTS if args.quick else FULL_POINTS
    if args.import_rows is None:
        args.import_rows = QUICK_IMPORT_ROWS if args.quick else FULL_IMPORT_ROWS
    counts = (args.points, args.import_rows, args.requests, args.clients, args.jobs or 1)
    if min(counts) < 1:
        parser.error("--points, --import-rows, --requests, --clients and --jobs must be positive")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    with bench_database(keep=args.keep, reuse=args.reuse) as (url, description):
        os.environ["DATABASE_URL"] = url
        # Production-like: no debug query log. The key signs only this run's sessions.
        os.environ["DEBUG"] = "0"
        # The pages are timed for a logged-in user who has passed two-factor;
        # the test client's forced login cannot pass it, so it is not asked.
        os.environ["TWO_FACTOR"] = "0"
        os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(40))
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "borgerraadgiver.settings")
        import django

        django.setup()
        from borgerraadgiver.bench.run import run

        return run(args, description)


if __name__ == "__main__":
    sys.exit(main())
