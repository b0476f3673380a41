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
        parser.add_argument(
            "--office", help="Kontorets kortnavn (slug); udelades for en systemoperatør."
        )
        parser.add_argument(
            "--role",
            choices=User.Role.values,
            default=User.Role.ADVISOR,
            help="advisor: alt i kontoret; secretary: registrering og journal; "
            "reader: statistik uden personoplysninger; office_admin: indstillinger og brugere; "
            "operator: opretter kontorer, ser ingen sager (uden --office).",
        )
        parser.add_argument(
            "--password-from-env",
            metavar="VAR",
            help="Miljøvariabel med adgangskoden (så den ikke står på kommandolinjen).",
        )
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument("--email", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        office = self._office(options["office"], options["role"])
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
        where = f" i {office.name}" if office else ""
        self.stdout.write(f"Oprettede brugeren {user.username} ({user.get_role_display()}){where}.")

    def _office(self, slug: str | None, role: str) -> Office | None:
        if role == User.Role.OPERATOR:
            if slug:
                raise CommandError("En systemoperatør hører ikke til et kontor: udelad --office.")
            return None
        if not slug:
            raise CommandError("Angiv kontoret med --office.")
        office = Office.objects.filter(slug=slug).first()
        if office is None:
            raise CommandError(f"Der findes intet kontor med kortnavnet {slug}.")
        return office

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
