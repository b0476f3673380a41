"""`borgerraadgiver audit_prune`: remove audit records older than the retention. Run monthly."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from borgerraadgiver.audit.pruning import (
    audit_prune,
    audit_retention_months,
    login_log_retention_months,
)
from borgerraadgiver.rls.scope import all_offices


class Command(BaseCommand):
    help = (
        "Sletter adgangslogposter ældre end AUDIT_RETENTION_MONTHS (mindst 6 måneder) og "
        "login-logposter ældre end LOGIN_LOG_RETENTION_MONTHS. På PostgreSQL køres den som "
        "tabellernes ejer."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="vis hvor mange der ville slettes, uden at slette",
        )
        parser.add_argument(
            "--months", type=int, help="måneder adgangsloggen bevares (standard: indstillingen)"
        )

    @all_offices()
    def handle(self, *args: Any, **options: Any) -> None:
        try:
            months = (
                options["months"] if options["months"] is not None else audit_retention_months()
            )
            login_months = min(login_log_retention_months(), months)
            result = audit_prune(
                months=months, login_log_months=login_months, dry_run=options["dry_run"]
            )
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc), returncode=1) from None
        except DatabaseError as exc:
            raise CommandError(
                "Databasen afviste sletningen. Kør kommandoen som tabellernes ejer (den rolle, "
                f"der kører migrate), ikke som applikationens rolle: {exc}",
                returncode=1,
            ) from None
        verb = "ville slette" if result.dry_run else "slettede"
        self.stdout.write(
            f"Adgangslog: {verb} {result.records} post(er) fra før "
            f"{result.cutoff:%Y-%m-%d} ({months} måneder)."
        )
        self.stdout.write(
            f"Login-log: {verb} {result.login_rows} post(er) fra før "
            f"{result.login_cutoff:%Y-%m-%d} ({login_months} måneder)."
        )
        if result.dry_run:
            self.stdout.write("Prøvekørsel: intet er slettet.")
