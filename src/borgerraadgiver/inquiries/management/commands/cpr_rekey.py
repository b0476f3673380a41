"""`borgerraadgiver cpr_rekey`: every stored CPR number under the current keys."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from borgerraadgiver.inquiries.cpr import CprKeyError
from borgerraadgiver.inquiries.services import person_cpr_rekey
from borgerraadgiver.rls.scope import all_offices


class Command(BaseCommand):
    help = (
        "Krypterer alle gemte CPR-numre med den første nøgle i CPR_ENCRYPTION_KEYS og "
        "beregner opslagsværdien med CPR_HASH_KEY. Kør efter et nøgleskift."
    )

    @all_offices()
    def handle(self, *args: Any, **options: Any) -> None:
        try:
            count = person_cpr_rekey()
        except CprKeyError as exc:
            raise CommandError(
                "Et CPR-nummer kan ikke dekrypteres med nogen af nøglerne i "
                "CPR_ENCRYPTION_KEYS. Sæt den gamle nøgle ind igen (efter den nye) "
                "og kør kommandoen igen.",
                returncode=1,
            ) from exc
        self.stdout.write(f"{count} CPR-numre er krypteret med den nye nøgle.")
