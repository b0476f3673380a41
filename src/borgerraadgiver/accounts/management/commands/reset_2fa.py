"""`borgerraadgiver reset_2fa USERNAME`: remove a user's two-factor devices."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from borgerraadgiver.accounts.services import two_factor_reset
from borgerraadgiver.offices.models import User


class Command(BaseCommand):
    help = (
        "Fjern en brugers godkendelsesapp og reservekoder; brugeren opretter en ny ved næste login."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username__iexact=options["username"]).first()
        if user is None:
            raise CommandError(f"Ingen bruger hedder {options['username']!r}.")
        removed = two_factor_reset(user=user, by=None)
        self.stdout.write(f"{user.username}: {removed} enhed(er) fjernet.")
