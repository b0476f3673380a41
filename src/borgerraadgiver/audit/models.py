"""The audit trail: one row per access to personal data, never changed or removed.

The Danish rules on logging access to personal data ask for the time, the
user, the type of use, and the person concerned or the search term, rejected
attempts included, kept at least six months. The rows are append-only: the
model and its queryset refuse to update or delete, and on PostgreSQL a
trigger (migration 0001) refuses UPDATE and DELETE from any client.

A rejected login is recorded too, with no user (the username that was tried,
the time and the path; never the password) and, when the name is a user's, that
user's office, so the office administrator sees attempts on the office's accounts.

Rows older than the retention (AUDIT_RETENTION_MONTHS, never below six months)
are removed by `borgerraadgiver audit_prune`, run as the tables' owner: on
PostgreSQL the trigger lets a DELETE through only for rows older than six
months and only in a session that has switched `borgerraadgiver.audit_prune`
on (migration 0002); the application's role has no DELETE right at all.

The person concerned is kept as a uid, not a foreign key: a foreign key's
ON DELETE would have to update (SET NULL) or delete (CASCADE) audit rows,
which the trigger refuses, and after anonymisation the row must still say
which person it was. No name is stored.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone


class AppendOnlyError(Exception):
    """An attempt to change or remove an audit record."""


class AccessRecordQuerySet(models.QuerySet["AccessRecord"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("Adgangsloggen kan ikke ændres.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Adgangsloggen kan ikke slettes.")

    def in_period(self, start: Any, end: Any) -> AccessRecordQuerySet:
        return self.filter(at__date__gte=start, at__date__lte=end)


class Action(models.TextChoices):
    READ = "read", "Visning"
    SEARCH = "search", "Søgning"
    EXPORT = "export", "Udtræk"
    PRINT = "print", "Udskrift"
    CREATE = "create", "Oprettelse"
    CHANGE = "change", "Ændring"
    DELETE = "delete", "Sletning"
    REFUSED = "refused", "Afvist adgang"


class Purpose(models.TextChoices):
    CASEWORK = "sagsbehandling", "Sagsbehandling"
    STATISTICS = "statistik", "Statistik"
    ACCESS_REQUEST = "indsigt", "Indsigt"
    SUPERVISION = "tilsyn", "Tilsyn med adgangsloggen"
    IMPORT = "import", "Import"
    LOGIN = "login", "Login"


class AccessRecord(models.Model):
    at = models.DateTimeField(default=timezone.now, db_index=True)
    # Users are deactivated, never deleted: PROTECT keeps the trail's "who".
    # Null only for a rejected login, which names no user: `username` says who was tried.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The username a rejected login tried (staff's, never a citizen's); blank otherwise.
    username = models.CharField(max_length=150, blank=True)
    # Null for a user of no office (the system operator).
    office = models.ForeignKey(
        "offices.Office", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=10, choices=Action.choices)
    object_type = models.CharField(max_length=40, blank=True)
    object_uid = models.UUIDField(null=True, blank=True)
    person_uid = models.UUIDField(null=True, blank=True, db_index=True)
    # A search text or lookup query is personal data itself: kept here, never logged.
    term = models.CharField(max_length=200, blank=True)
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    path = models.CharField(max_length=300)

    objects = AccessRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["office", "-at"], name="audit_office_at")]
        constraints = [
            # A record without a user is a rejected login, and says which name was tried.
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | ~models.Q(username=""),
                name="accessrecord_user_or_username",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}"

    @property
    def who(self) -> str:
        """The user's name, or the name a rejected login tried."""
        return self.user.username if self.user_id else self.username

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError("Adgangsloggen kan ikke ændres.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Adgangsloggen kan ikke slettes.")
