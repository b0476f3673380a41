from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from borgerraadgiver.imports.services import import_file
from borgerraadgiver.offices.models import Office
from borgerraadgiver.rls.scope import all_offices


def plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


class Command(BaseCommand):
    help = (
        "Importerer registreringer fra en CSV- (UTF-8, ',' eller ';') eller XLSX-fil. "
        "Alt eller intet: ved en fejl gemmes intet, og hver fejl skrives som "
        "'række N, kolonne C: ...'."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="CSV- eller XLSX-filen")
        parser.add_argument("--office", required=True, help="kontorets kortnavn (slug)")
        parser.add_argument(
            "--create-org-units",
            action="store_true",
            help="opret enheder, der ikke findes, under den angivne sti",
        )

    @all_offices()
    def handle(self, *args: Any, **options: Any) -> None:
        office = Office.objects.filter(slug=options["office"]).first()
        if office is None:
            raise CommandError(f"Ukendt kontor: {options['office']}", returncode=1)
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Filen findes ikke: {path}", returncode=1)
        result = import_file(office, path, options["create_org_units"])
        if result.errors:
            for line in result.errors:
                self.stderr.write(line)
            raise CommandError(
                f"Intet er importeret: {plural(len(result.errors), 'fejl', 'fejl')} i filen.",
                returncode=1,
            )
        self.stdout.write(
            f"Importerede {plural(result.inquiries, 'henvendelse', 'henvendelser')} med "
            f"{plural(result.points, 'klagepunkt', 'klagepunkter')}."
        )
        if result.new_org_units:
            self.stdout.write(
                "Oprettede "
                + plural(len(result.new_org_units), "enhed", "enheder")
                + ": "
                + "; ".join(result.new_org_units)
            )
