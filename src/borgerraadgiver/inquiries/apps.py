from typing import Any

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate


def _ensure_search_index(using: str = "default", **kwargs: Any) -> None:
    from .search_index import sqlite_search_index_ensure

    sqlite_search_index_ensure(connections[using])


class InquiriesConfig(AppConfig):
    name = "borgerraadgiver.inquiries"
    label = "inquiries"
    verbose_name = "Henvendelser"

    def ready(self) -> None:
        post_migrate.connect(_ensure_search_index, sender=self)
