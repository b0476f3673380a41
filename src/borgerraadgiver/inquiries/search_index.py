"""The SQLite counterpart of the PostgreSQL search indexes (migration 0003).

Without them a search reads every account and every name of the office
(seconds at a million complaint points). FTS5 tables with external content
keep only the word index; triggers keep it in step with every insert, update
and delete, whichever code path writes (services, import, retention).

Django rebuilds a SQLite table to alter it (create a copy, drop the old one),
and dropping a table drops its triggers: `sqlite_search_index_ensure` runs
after every migrate and recreates and refills what such a rebuild lost.
"""

from __future__ import annotations

from django.db.backends.base.base import BaseDatabaseWrapper

# unicode61 folds case for æ, ø and å too; diacritics are kept, so "Møller"
# is not found as "Moller".
TOKENIZE = "unicode61 remove_diacritics 0"

# fts table -> (content table, its columns); the fts table's rowid is the row's id.
INDEXES = {
    "inquiries_inquiry_search": ("inquiries_inquiry", ("account", "search_names")),
}
_TRIGGERS = ("ai", "ad", "au")
# What earlier versions of this module created, dropped when found.
_RETIRED = ("inquiries_inquiry_fts", "inquiries_person_fts")


def _create(fts: str, table: str, columns: tuple[str, ...]) -> list[str]:
    # Names from this module's constants (INDEXES); no input reaches this SQL.
    cols = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    insert = f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new});"
    delete = f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old});"
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5("
        f"{cols}, content='{table}', content_rowid='id', tokenize='{TOKENIZE}')",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_ai AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_ad AFTER DELETE ON {table} BEGIN {delete} END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_au AFTER UPDATE OF {cols} ON {table} "
        f"BEGIN {delete} {insert} END",
    ]


def sqlite_search_index_ensure(connection: BaseDatabaseWrapper) -> list[str]:
    """Create the index tables and triggers that are missing; refill those that were.

    Returns the fts tables it refilled. Does nothing on other databases.
    """
    if connection.vendor != "sqlite":
        return []
    refilled = []
    with connection.cursor() as cursor:
        for retired in _RETIRED:
            for suffix in _TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {retired}_{suffix}")
            cursor.execute(f"DROP TABLE IF EXISTS {retired}")
        for fts, (table, columns) in INDEXES.items():
            cursor.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=%s", [table])
            if cursor.fetchone() is None:  # migrated back to before the table existed
                continue
            names = [f"{fts}_{t}" for t in _TRIGGERS]
            cursor.execute(
                "SELECT COUNT(*) FROM sqlite_master WHERE type='trigger' AND name IN (%s, %s, %s)",
                names,
            )
            if cursor.fetchone()[0] == len(names):
                continue
            for sql in _create(fts, table, columns):
                cursor.execute(sql)
            # Rows written while a trigger was missing are not in the index.
            # Names from this module's constants (INDEXES); no input reaches this SQL.
            cursor.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")  # nosec B608
            refilled.append(fts)
    return refilled


def sqlite_search_index_drop(connection: BaseDatabaseWrapper) -> None:
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for fts in INDEXES:
            for suffix in _TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")
            cursor.execute(f"DROP TABLE IF EXISTS {fts}")


def fts_match_expression(words: list[str]) -> str:
    """An FTS5 query: every word, each as a prefix ("svar" finds "svarede").

    Each word is quoted as an FTS5 string, so that no search text is read as
    FTS5 syntax (AND, NEAR, column filters, *).
    """
    return " ".join('"' + w.replace('"', '""') + '"*' for w in words)


# PostgreSQL: the account and the names as one stored, generated tsvector
# with a GIN index. The planner has statistics on a stored column, so it
# walks the (office, received) index for a common word (the first 1,000
# matches come early) and uses the GIN index for a rare one.
POSTGRES_CREATE = (
    "ALTER TABLE inquiries_inquiry ADD COLUMN IF NOT EXISTS search_tsv tsvector "
    "GENERATED ALWAYS AS (to_tsvector('danish'::regconfig, "
    "COALESCE(account, '') || ' ' || COALESCE(search_names, ''))) STORED",
    "CREATE INDEX IF NOT EXISTS inquiries_inquiry_search_tsv "
    "ON inquiries_inquiry USING gin (search_tsv)",
    # Migration 0003's indexes, which the search no longer uses.
    "DROP INDEX IF EXISTS inquiries_inquiry_account_fts",
    "DROP INDEX IF EXISTS inquiries_person_name_trgm",
)
POSTGRES_DROP = (
    "DROP INDEX IF EXISTS inquiries_inquiry_search_tsv",
    "ALTER TABLE inquiries_inquiry DROP COLUMN IF EXISTS search_tsv",
)
# The search condition, with the tsquery as its one parameter.
POSTGRES_MATCH = "inquiries_inquiry.search_tsv @@ to_tsquery('danish'::regconfig, %s)"
