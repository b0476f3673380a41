from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from borgerraadgiver.offices.services import office_create, office_presets


class Command(BaseCommand):
    help = "Opretter et borgerrådgiverkontor, evt. ud fra en af de fire skabeloner."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")
        parser.add_argument("--name", required=True)
        parser.add_argument("--preset", choices=sorted(office_presets()))

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            office = office_create(
                slug=options["slug"], name=options["name"], preset=options.get("preset")
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        units = office.org_units.count()
        self.stdout.write(f"Oprettede kontoret {office.slug} ({office.name}) med {units} enheder.")
