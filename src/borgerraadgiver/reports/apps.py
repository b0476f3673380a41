from typing import Any

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate


def _ensure_month_triggers(using: str = "default", **kwargs: Any) -> None:
    # A SQLite table rebuild (a later AlterField on the inquiries) drops the triggers.
    from .month_triggers import month_triggers_ensure

    month_triggers_ensure(connections[using])


class ReportsConfig(AppConfig):
    name = "borgerraadgiver.reports"
    label = "reports"
    verbose_name = "Beretning"

    def ready(self) -> None:
        post_migrate.connect(_ensure_month_triggers, sender=self)
