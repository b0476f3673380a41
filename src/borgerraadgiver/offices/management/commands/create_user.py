from __future__ import annotations

import getpass
import os
import sys
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from borgerraadgiver.offices.models import Office, User
from borgerraadgiver.offices.services import user_create


def _interactive() -> bool:
    return sys.stdin.isatty()


class Command(BaseCommand):
    help = (
        "Opretter en bruger i et kontor. Adgangskoden læses fra en miljøvariabel "
        "(--password-from-env) eller spørges der om, når kommandoen køres interaktivt."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--office", required=True, help="Kontorets kortnavn (slug).")
        parser.add_argument("--role", choices=User.Role.values, default=User.Role.ADVISOR)
        parser.add_argument(
            "--password-from-env",
            metavar="VAR",
            help="Miljøvariabel med adgangskoden (så den ikke står på kommandolinjen).",
        )
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument("--email", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        office = Office.objects.filter(slug=options["office"]).first()
        if office is None:
            raise CommandError(f"Der findes intet kontor med kortnavnet {options['office']}.")
        password = self._password(options["password_from_env"])
        try:
            user = user_create(
                office=office,
                username=options["username"],
                password=password,
                role=options["role"],
                first_name=options["first_name"],
                last_name=options["last_name"],
                email=options["email"],
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(
            f"Oprettede brugeren {user.username} ({user.get_role_display()}) i {office.name}."
        )

    def _password(self, variable: str | None) -> str:
        if variable:
            password = os.environ.get(variable, "")
            if not password:
                raise CommandError(f"Miljøvariablen {variable} er ikke sat eller er tom.")
            return password
        if not _interactive():
            raise CommandError(
                "Ingen adgangskode: kør kommandoen i en terminal, eller angiv "
                "--password-from-env VAR med navnet på en miljøvariabel, der indeholder den."
            )
        first = getpass.getpass("Adgangskode: ")
        second = getpass.getpass("Adgangskode (igen): ")
        if first != second:
            raise CommandError("De to adgangskoder er ikke ens.")
        if not first:
            raise CommandError("Adgangskoden må ikke være tom.")
        return first
