"""`borgerraadgiver retention`: anonymise expired inquiries. Run daily by a timer (README)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from borgerraadgiver.offices.models import Office
from borgerraadgiver.privacy.models import REMOVED_KINDS
from borgerraadgiver.privacy.services import retention_run
from borgerraadgiver.rls.scope import all_offices

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _parse_date(text: str) -> date:
    try:
        if not _ISO_DATE.match(text):
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(
            f"Ugyldig dato: {text!r}. Brug formen ÅÅÅÅ-MM-DD.", returncode=1
        ) from None


class Command(BaseCommand):
    help = (
        "Anonymiserer henvendelser, der er afsluttet for længere tid siden end kontorets "
        "opbevaringsfrist og ikke er tilbageholdt: personoplysninger, fritekst og bilag "
        "slettes, statistikken bevares."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="vis hvad der ville ske, uden at ændre noget"
        )
        parser.add_argument("--office", help="kun dette kontor (kortnavn); standard: alle")
        parser.add_argument("--today", help="dagens dato, ÅÅÅÅ-MM-DD (standard: i dag)")

    @all_offices()
    def handle(self, *args: Any, **options: Any) -> None:
        today = _parse_date(options["today"]) if options["today"] else timezone.localdate()
        office = None
        if options["office"]:
            office = Office.objects.filter(slug=options["office"]).first()
            if office is None:
                raise CommandError(
                    f"Der findes intet kontor med kortnavnet {options['office']!r}.", returncode=1
                )
        dry_run = options["dry_run"]
        result = retention_run(today=today, office=office, dry_run=dry_run)
        verb = "ville anonymisere" if dry_run else "anonymiserede"
        for plan in result.plans:
            self.stdout.write(
                f"{plan.office.slug}: afsluttet før {plan.cutoff.isoformat()}: {verb} "
                f"{len(plan.inquiries)} henvendelse(r) og {len(plan.persons)} person(er); "
                f"{len(plan.persons_kept)} person(er) bevares (nævnt i en levende henvendelse)."
            )
            # Journal numbers and counts only: never a name or a text.
            for item in plan.inquiries:
                counts = ", ".join(
                    f"{item.removed.get(key, 0)} {label}"
                    for key, label in REMOVED_KINDS.items()
                    if item.removed.get(key)
                )
                self.stdout.write(
                    f"  {item.reference} (afsluttet {item.closed.isoformat()}): "
                    f"{counts or 'ingen fritekst'}"
                )
        if dry_run:
            self.stdout.write("Prøvekørsel: intet er ændret.")
