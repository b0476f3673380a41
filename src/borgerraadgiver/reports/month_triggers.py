"""Triggers that delete a month's cached report counts when a registration in it changes.

reports_monthfacts holds each office's counts per calendar month. Whatever
writes the registrations (the services, the import's bulk insert, the bench,
the demo, a statement setting a point's conclusion, raw SQL) goes through
these triggers: an insert, a delete, or an update of a column the report
counts by deletes the rows of the old and the new (office, month); the next
report computes them again. Updates of other columns (free text, status,
retention's anonymising) leave the months alone.

Django rebuilds a SQLite table to alter it, which drops its triggers:
`month_triggers_ensure` runs after every migrate, recreates what is missing
and then empties the cache, since rows written meanwhile were not seen.
"""

from __future__ import annotations

from django.db.backends.base.base import BaseDatabaseWrapper

CACHE_TABLE = "reports_monthfacts"

# Table -> the columns whose change can change a month's counts. The person
# is not among them: distinct persons are not cached (not additive).
WATCHED: dict[str, tuple[str, ...]] = {
    "inquiries_inquiry": (
        "office_id",
        "received",
        "org_unit_id",
        "inquiry_kind_id",
        "primary_reason_id",
        "handling_id",
        "channel_id",
        "requester_kind_id",
        "outcome_id",
    ),
    "inquiries_complaintpoint": (
        "office_id",
        "received",
        "org_unit_id",
        "theme_id",
        "conclusion_id",
        "position",
        "inquiry_kind_id",
        "handling_id",
    ),
}

# -- PostgreSQL ----------------------------------------------------------------
# Through `timestamp` (without time zone): the session's time zone cannot move
# a date into another month.

POSTGRES_FUNCTION = "reports_monthfacts_invalidate"


def _delete_pg(row: str) -> str:
    return (
        f"DELETE FROM {CACHE_TABLE} WHERE office_id = {row}.office_id "
        f"AND month = date_trunc('month', {row}.received::timestamp)::date;"
    )


POSTGRES_CREATE_FUNCTION = (
    f"CREATE OR REPLACE FUNCTION {POSTGRES_FUNCTION}() RETURNS trigger "
    "LANGUAGE plpgsql AS $$ BEGIN "
    f"IF TG_OP <> 'INSERT' THEN {_delete_pg('OLD')} END IF; "
    "IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND (NEW.office_id IS DISTINCT FROM OLD.office_id "
    "OR date_trunc('month', NEW.received::timestamp) "
    "IS DISTINCT FROM date_trunc('month', OLD.received::timestamp))) "
    f"THEN {_delete_pg('NEW')} END IF; "
    "RETURN NULL; END $$"
)


def postgres_create() -> list[str]:
    # Names from this module's constants; no input reaches this SQL.
    statements = [POSTGRES_CREATE_FUNCTION]
    for table, columns in WATCHED.items():
        # DROP and CREATE rather than CREATE OR REPLACE TRIGGER (PostgreSQL 14+).
        statements += [
            f"DROP TRIGGER IF EXISTS {table}_monthfacts_iud ON {table}",
            f"CREATE TRIGGER {table}_monthfacts_iud AFTER INSERT OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {POSTGRES_FUNCTION}()",
            f"DROP TRIGGER IF EXISTS {table}_monthfacts_u ON {table}",
            f"CREATE TRIGGER {table}_monthfacts_u AFTER UPDATE OF "
            f"{', '.join(columns)} ON {table} FOR EACH ROW EXECUTE FUNCTION {POSTGRES_FUNCTION}()",
        ]
    return statements


def postgres_drop() -> list[str]:
    statements = []
    for table in WATCHED:
        statements += [
            f"DROP TRIGGER IF EXISTS {table}_monthfacts_iud ON {table}",
            f"DROP TRIGGER IF EXISTS {table}_monthfacts_u ON {table}",
        ]
    return [*statements, f"DROP FUNCTION IF EXISTS {POSTGRES_FUNCTION}()"]


# -- SQLite ------------------------------------------------------------------------
# Django stores a DateField as 'YYYY-MM-DD' text on SQLite; date(x, 'start of
# month') gives the same text form of the month's first day.

_SQLITE_SUFFIXES = ("ai", "ad", "au")


def _delete_sqlite(row: str) -> str:
    return (
        f"DELETE FROM {CACHE_TABLE} WHERE office_id = {row}.office_id "
        f"AND month = date({row}.received, 'start of month');"
    )


def _sqlite_names(table: str) -> list[str]:
    return [f"{table}_monthfacts_{s}" for s in _SQLITE_SUFFIXES]


def sqlite_create(table: str, columns: tuple[str, ...]) -> list[str]:
    # Names from this module's constants; no input reaches this SQL.
    ai, ad, au = _sqlite_names(table)
    return [
        f"CREATE TRIGGER IF NOT EXISTS {ai} AFTER INSERT ON {table} "
        f"BEGIN {_delete_sqlite('new')} END",
        f"CREATE TRIGGER IF NOT EXISTS {ad} AFTER DELETE ON {table} "
        f"BEGIN {_delete_sqlite('old')} END",
        f"CREATE TRIGGER IF NOT EXISTS {au} AFTER UPDATE OF {', '.join(columns)} ON {table} "
        f"BEGIN {_delete_sqlite('old')} {_delete_sqlite('new')} END",
    ]


def _table_exists(cursor, connection: BaseDatabaseWrapper, table: str) -> bool:
    return table in connection.introspection.table_names(cursor)


def month_triggers_ensure(connection: BaseDatabaseWrapper, *, keep_rows: bool = False) -> bool:
    """Create the triggers that are missing; empty the cache if any were (unless keep_rows).

    Returns whether it created any. PostgreSQL keeps its triggers through
    ALTER TABLE; there it creates them only if missing altogether.
    """
    with connection.cursor() as cursor:
        tables = [CACHE_TABLE, *WATCHED]
        if not all(_table_exists(cursor, connection, t) for t in tables):
            return False  # migrated back to before a table existed
        if connection.vendor == "sqlite":
            names = [n for t in WATCHED for n in _sqlite_names(t)]
            marks = ", ".join(["%s"] * len(names))
            cursor.execute(
                # Placeholders only; the names are bound.
                f"SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name IN ({marks})",  # nosec B608
                names,
            )
            if cursor.fetchone()[0] == len(names):
                return False
            for table, columns in WATCHED.items():
                for sql in sqlite_create(table, columns):
                    cursor.execute(sql)
        elif connection.vendor == "postgresql":
            names = [f"{t}_monthfacts_{s}" for t in WATCHED for s in ("iud", "u")]
            cursor.execute(
                "SELECT COUNT(*) FROM pg_trigger WHERE tgname = ANY(%s) AND NOT tgisinternal",
                [names],
            )
            if cursor.fetchone()[0] == len(names):
                return False
            for sql in postgres_create():
                cursor.execute(sql)
        else:
            return False
        if not keep_rows:
            # Rows counted while a trigger was missing may be stale.
            cursor.execute(f"DELETE FROM {CACHE_TABLE}")  # nosec B608
    return True


def month_triggers_drop(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for sql in postgres_drop():
                cursor.execute(sql)
        elif connection.vendor == "sqlite":
            for table in WATCHED:
                for name in _sqlite_names(table):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
