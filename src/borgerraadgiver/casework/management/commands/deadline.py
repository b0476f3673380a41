from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from borgerraadgiver.casework.calendar import MAX_COUNT, Deadline, DeadlineUnit
from borgerraadgiver.casework.selectors import office_closed_days
from borgerraadgiver.offices.models import Office

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _parse_date(text: str) -> date:
    # fromisoformat alone would also take "20250101" and week dates.
    try:
        if not _ISO_DATE.match(text):
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(
            f"Ugyldig dato: {text!r}. Brug formen ÅÅÅÅ-MM-DD.", returncode=1
        ) from None


def _parse_count(text: str) -> int:
    if not (text.isascii() and text.isdigit() and 1 <= int(text) <= MAX_COUNT):
        raise CommandError(
            f"Ugyldigt antal: {text!r}. Angiv et helt tal fra 1 til {MAX_COUNT}.", returncode=1
        )
    return int(text)


class Command(BaseCommand):
    help = (
        "Udskriver fristens dato (ÅÅÅÅ-MM-DD) efter kontorets kalender: weekender, "
        "helligdage og kontorets egne lukkedage."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--office", required=True, help="kontorets kortnavn")
        parser.add_argument(
            "--from",
            dest="start",
            help="fristens start, ÅÅÅÅ-MM-DD (standard: i dag); dagen selv tælles ikke med",
        )
        # Counts are read as text so that a bad one gets a Danish message and exit status 1.
        unit = parser.add_mutually_exclusive_group(required=True)
        unit.add_argument("--working-days", metavar="N", help="antal hverdage")
        unit.add_argument("--days", metavar="N", help="antal kalenderdage")
        unit.add_argument("--weeks", metavar="N", help="antal uger")

    def handle(self, *args: Any, **options: Any) -> None:
        start = _parse_date(options["start"]) if options["start"] else timezone.localdate()
        unit, count = next(
            (unit, options[option])
            for option, unit in (
                ("working_days", DeadlineUnit.WORKING_DAYS),
                ("days", DeadlineUnit.DAYS),
                ("weeks", DeadlineUnit.WEEKS),
            )
            if options[option] is not None
        )
        deadline = Deadline(unit=unit, n=_parse_count(count))
        office = Office.objects.filter(slug=options["office"]).first()
        if office is None:
            raise CommandError(
                f"Der findes intet kontor med kortnavnet {options['office']!r}.", returncode=1
            )
        self.stdout.write(deadline.due(start, office_closed_days(office)).isoformat())
