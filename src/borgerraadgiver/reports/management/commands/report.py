"""`borgerraadgiver report`: the annual report of one office and period, as contracts.md says."""

from __future__ import annotations

import datetime
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from borgerraadgiver.offices.models import Office
from borgerraadgiver.reports.documents import document_bytes
from borgerraadgiver.reports.periods import Period
from borgerraadgiver.reports.renderers import FORMATS, UnsupportedFormat, renderer_for
from borgerraadgiver.reports.selectors import report_build
from borgerraadgiver.rls.scope import all_offices


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"Ugyldig dato: {text!r}. Brug formen ÅÅÅÅ-MM-DD.") from None


class Command(BaseCommand):
    help = "Skriver beretningen for et kontor og en periode (henvendelser efter modtagelsesdato)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--office", required=True, help="Kontorets kortnavn.")
        parser.add_argument("--from", dest="start", required=True, help="Første dag, ÅÅÅÅ-MM-DD.")
        parser.add_argument("--to", dest="end", required=True, help="Sidste dag, ÅÅÅÅ-MM-DD.")
        parser.add_argument("--format", dest="fmt", required=True, choices=FORMATS)
        parser.add_argument("--out", required=True, help="Filen der skrives; - for stdout.")

    @all_offices()
    def handle(self, *args: Any, **options: Any) -> None:
        start, end = _date(options["start"]), _date(options["end"])
        if start > end:
            raise CommandError("Perioden slutter før den begynder.")
        try:
            render = renderer_for(options["fmt"])
        except UnsupportedFormat as exc:
            raise CommandError(str(exc)) from None
        office = Office.objects.filter(slug=options["office"]).first()
        if office is None:
            raise CommandError(f"Der findes intet kontor med kortnavnet {options['office']!r}.")
        report = report_build(office, Period(start, end))
        if options["fmt"] == "docx":
            # Word from the office's own template when it has uploaded one.
            data = document_bytes(office, report, "beretning", "docx")[0]
        else:
            data = render(report)
        if options["out"] == "-":
            sys.stdout.buffer.write(data)
            return
        out = Path(options["out"])
        try:
            out.write_bytes(data)
        except OSError as exc:
            raise CommandError(f"Kunne ikke skrive {out}: {exc.strerror}") from None
        self.stderr.write(f"Skrev {out} ({len(data)} bytes).")
