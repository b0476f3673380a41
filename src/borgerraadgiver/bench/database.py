"""Which database the benchmark fills. Decided before Django is set up.

- BENCH_DATABASE_URL set: used as given (it must be a database you can
  spare: the bench migrates it and adds a million rows).
- DATABASE_URL is postgres://...: the bench creates the database
  `borgerraadgiver_bench` on that server, fills it, and drops it at the end
  (keep it with --keep). The database named in DATABASE_URL is not touched.
- otherwise: a fresh SQLite file var/bench/bench.sqlite3, deleted at the end
  unless --keep. Never the dev database.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BENCH_DB_NAME = "borgerraadgiver_bench"
POSTGRES_SCHEMES = ("postgres://", "postgresql://", "pgsql://")


def var_dir() -> Path:
    # As settings.py computes it; settings cannot be imported yet, or
    # DATABASES would be fixed before the bench chose its database.
    project = Path(__file__).resolve().parent.parent.parent.parent
    return Path(
        os.environ.get("VAR_DIR", Path(os.environ.get("BORGERRAADGIVER_HOME", project)) / "var")
    )


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _postgres(url: str, sql: str) -> None:
    import psycopg

    # libpq does not know the postgres:// alias Django's URLs use.
    conninfo = url.replace("pgsql://", "postgresql://", 1)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(sql)


def _close_django_connections() -> None:
    from django.conf import settings

    if settings.configured:
        from django.db import connections

        connections.close_all()


@contextmanager
def bench_database(*, keep: bool = False, reuse: bool = False) -> Iterator[tuple[str, str]]:
    """Yield (database URL, description) for the run, cleaning up afterwards."""
    explicit = os.environ.get("BENCH_DATABASE_URL", "")
    if explicit:
        yield explicit, "BENCH_DATABASE_URL, as given"
        return
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(POSTGRES_SCHEMES):
        admin = url
        if urlsplit(url).path.strip("/") == BENCH_DB_NAME:
            admin = with_database(url, "postgres")
        if not reuse:
            _postgres(admin, f"DROP DATABASE IF EXISTS {BENCH_DB_NAME} WITH (FORCE)")
            _postgres(admin, f"CREATE DATABASE {BENCH_DB_NAME}")
        try:
            yield with_database(url, BENCH_DB_NAME), f"PostgreSQL, database {BENCH_DB_NAME}"
        finally:
            _close_django_connections()
            if not keep:
                _postgres(admin, f"DROP DATABASE IF EXISTS {BENCH_DB_NAME} WITH (FORCE)")
        return
    path = var_dir() / "bench" / "bench.sqlite3"
    path.parent.mkdir(parents=True, exist_ok=True)
    files = [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]
    if not reuse:
        for f in files:
            f.unlink(missing_ok=True)
    try:
        yield f"sqlite:///{path}", f"SQLite, {path}"
    finally:
        _close_django_connections()
        if not keep:
            for f in files:
                f.unlink(missing_ok=True)
