"""`borgerraadgiver send_reminders`: the day's deadline reminders and chases (run by a timer)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from borgerraadgiver.casework.management.commands.deadline import _parse_date
from borgerraadgiver.casework.requests_reminders import plan_reminders, send_reminders
from borgerraadgiver.offices.models import Office
from borgerraadgiver.rls.scope import all_offices


class Command(BaseCommand):
    help = (
        "Sender dagens påmindelser om frister til sagsbehandlerne og rykkere for "
        "overskredne svar til forvaltningens kontaktperson (lægges i opgavekøen)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--office", help="kun dette kontor (kortnavn)")
        parser.add_argument(
            "--dry-run", action="store_true", help="vis hvad der ville blive sendt; send intet"
        )
        parser.add_argument("--format", choices=("text", "json"), default="text")
        parser.add_argument("--today", help="dagens dato, ÅÅÅÅ-MM-DD (til test)")

    # Every office's deadlines: the operator's timer runs it on the server.
    @all_offices()
    def handle(self, *args: Any, **options: Any) -> None:
        today: date = _parse_date(options["today"]) if options["today"] else timezone.localdate()
        offices = Office.objects.order_by("slug")
        if options["office"]:
            offices = offices.filter(slug=options["office"])
            if not offices.exists():
                raise CommandError(f"Ukendt kontor: {options['office']!r}.", returncode=1)
        planned = plan_reminders(list(offices), today)
        if options["dry_run"]:
            if options["format"] == "json":
                self.stdout.write(json.dumps([m.as_json() for m in planned], ensure_ascii=False))
            else:
                for m in planned:
                    self.stdout.write(f"{m.due} {m.kind} {m.reference} -> {m.recipient}")
            return
        sent = send_reminders(planned, today)
        if options["format"] == "json":
            self.stdout.write(json.dumps({"enqueued": sent}))
        else:
            self.stdout.write(f"{sent} e-mail(s) lagt i kø.")
