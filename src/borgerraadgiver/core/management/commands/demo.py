from __future__ import annotations

import os
import time
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from borgerraadgiver.core.demo import (
    DEFAULT_SEED,
    DEMO_ROLE_USERS,
    DEMO_USERNAME,
    demo_create,
    demo_login_read,
    login_file,
)
from borgerraadgiver.offices.models import Office, User
from borgerraadgiver.rls.scope import all_offices


class Command(BaseCommand):
    help = (
        "Opretter et demo-kontor (Albertslund-skabelonen) med en demo-bruger og to års "
        "syntetiske registreringer, og viser demo-login."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Gør intet (ud over at vise demo-login) hvis databasen allerede har et kontor.",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help=f"Startværdi for de tilfældige data (standard {DEFAULT_SEED}).",
        )

    @all_offices()
    def handle(self, *args: Any, **options: Any) -> None:
        url = f"http://127.0.0.1:{os.environ.get('PORT', '8000')}/"
        if Office.objects.exists():
            if not options["if_empty"]:
                raise CommandError(
                    "Databasen indeholder allerede et kontor; demo-kontoret oprettes kun i en "
                    "tom database."
                )
            self.stdout.write("Databasen indeholder allerede data; demo-kontoret oprettes ikke.")
            self._show_existing_login(url)
            return

        started = time.perf_counter()
        try:
            result = demo_create(seed=options["seed"])
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"Demo-kontoret {result.office.name} er oprettet på {seconds:.1f} s: "
            f"{result.inquiries} henvendelser med {result.points} klagepunkter og "
            f"{result.persons} personer fra {result.first:%d.%m.%Y} til {result.last:%d.%m.%Y}; "
            f"{result.open} er åbne."
        )
        self._print_login(result.username, result.password, url)
        self.stdout.write(f"(Login gemt i {login_file()}.)")

    def _print_login(self, username: str, password: str, url: str) -> None:
        self.stdout.write(
            self.style.SUCCESS(f"Demo-login: brugernavn {username}, adgangskode {password}")
        )
        others = User.objects.filter(username__in=[u for u, _r, _n in DEMO_ROLE_USERS])
        for other in others.order_by("pk"):
            if other.check_password(password):
                self.stdout.write(
                    f"Demo-login ({other.get_role_display().lower()}): brugernavn "
                    f"{other.username}, samme adgangskode"
                )
        self.stdout.write(f"Åbn {url}")

    def _show_existing_login(self, url: str) -> None:
        login = demo_login_read()
        if login is not None:
            self._print_login(*login, url)
        elif User.objects.filter(username=DEMO_USERNAME).exists():
            self.stdout.write(
                f"Demo-brugeren {DEMO_USERNAME} findes, men adgangskoden er ændret eller ikke "
                f"gemt. Vælg en ny med: borgerraadgiver changepassword {DEMO_USERNAME}"
            )
