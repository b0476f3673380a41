"""`borgerraadgiver rls_grant ROLE`: give the application's role what it needs, and no more.

Run as the owner role (the one that runs `migrate`), after every migrate: the
role gets SELECT, INSERT, UPDATE and DELETE on the tables and the use of the
sequences, never ownership; the row-level security policies then hold it to
one office at a time. On the append-only tables (the audit trail) it gets
SELECT and INSERT only: no UPDATE, DELETE or TRUNCATE.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from psycopg import sql

from borgerraadgiver.rls.tables import APPEND_ONLY, COVERED


class Command(BaseCommand):
    help = (
        "Giver applikationens databaserolle adgang til tabellerne uden at eje dem "
        "(rækkesikkerhed pr. kontor, kun PostgreSQL)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("role", help="Applikationens rolle, fx borgerraadgiver_app.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args: Any, **options: Any) -> None:
        connection = connections[options["database"]]
        if connection.vendor != "postgresql":
            raise CommandError("Rækkesikkerhed findes kun på PostgreSQL.")
        role = options["role"]
        with transaction.atomic(using=options["database"]), connection.cursor() as cursor:
            cursor.execute("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = %s", [role])
            found = cursor.fetchone()
            if found is None:
                raise CommandError(f"Rollen {role!r} findes ikke.")
            if found[0] or found[1]:
                raise CommandError(
                    f"Rollen {role!r} er superuser eller har BYPASSRLS og går uden om "
                    "rækkesikkerheden. Brug en almindelig rolle."
                )
            cursor.execute(
                "SELECT tablename FROM pg_tables WHERE tableowner = %s AND tablename = ANY(%s)",
                [role, [*COVERED, *APPEND_ONLY]],
            )
            owned = sorted(row[0] for row in cursor.fetchall())
            if owned:
                raise CommandError(
                    f"Rollen {role!r} ejer {', '.join(owned)}; en ejer går uden om "
                    "rækkesikkerheden. Lad en anden rolle eje tabellerne og køre migrate."
                )
            cursor.execute("SELECT current_database(), current_schema()")
            database, schema = cursor.fetchone()
            names = {
                "role": sql.Identifier(role),
                "database": sql.Identifier(database),
                "schema": sql.Identifier(schema),
            }
            statements = [
                "GRANT CONNECT ON DATABASE {database} TO {role}",
                "GRANT USAGE ON SCHEMA {schema} TO {role}",
                "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {role}",
                "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {role}",
                # Tables a later migrate creates as this owner are granted too,
                # so a forgotten rls_grant cannot take the site down.
                "ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} "
                "GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {role}",
                "ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} "
                "GRANT USAGE, SELECT ON SEQUENCES TO {role}",
            ]
            for statement in statements:
                cursor.execute(sql.SQL(statement).format(**names).as_string(connection.connection))
            for table in APPEND_ONLY:
                cursor.execute(
                    sql.SQL("REVOKE UPDATE, DELETE, TRUNCATE ON {table} FROM {role}")
                    .format(table=sql.Identifier(table), role=names["role"])
                    .as_string(connection.connection)
                )
        self.stdout.write(f"Rollen {role} har nu adgang til tabellerne i {database}.{schema}.")
