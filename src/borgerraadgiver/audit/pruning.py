"""Removing audit records, and django-axes' login logs, once they are older than kept.

The trail is kept `AUDIT_RETENTION_MONTHS` (default 36) and never less than six
months, the minimum of the Danish rules on logging. Only `audit_prune` removes
rows, and on PostgreSQL only as the tables' owner: the application's role has
no DELETE right on the trail (rls_grant), and the trigger (audit 0002) lets a
DELETE through only in a transaction that has switched
`borgerraadgiver.audit_prune` on, and only for rows older than six months, so
even a wrong setting or a bug here cannot remove a recent record.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone

from borgerraadgiver.privacy.models import add_months

from .models import AccessRecord

MINIMUM_MONTHS = 6
DEFAULT_MONTHS = 36
PRUNE_VARIABLE = "borgerraadgiver.audit_prune"


def audit_retention_months() -> int:
    return int(getattr(settings, "AUDIT_RETENTION_MONTHS", DEFAULT_MONTHS))


def login_log_retention_months() -> int:
    """django-axes' logs: the trail's months unless set shorter."""
    return int(getattr(settings, "LOGIN_LOG_RETENTION_MONTHS", audit_retention_months()))


def check_months(months: int, login_log_months: int) -> None:
    if months < MINIMUM_MONTHS:
        raise ImproperlyConfigured(
            f"Adgangsloggen skal opbevares mindst {MINIMUM_MONTHS} måneder, ikke {months}."
        )
    if not 1 <= login_log_months <= months:
        raise ImproperlyConfigured(
            f"Login-loggen opbevares mellem 1 og {months} måneder (adgangsloggens), "
            f"ikke {login_log_months}."
        )


@dataclass(frozen=True)
class PruneResult:
    cutoff: datetime.datetime
    login_cutoff: datetime.datetime
    records: int
    login_rows: int
    dry_run: bool


def _months_before(now: datetime.datetime, months: int) -> datetime.datetime:
    return datetime.datetime.combine(
        add_months(timezone.localtime(now).date(), -months),
        datetime.time.min,
        tzinfo=timezone.get_current_timezone(),
    )


def audit_prune(
    *,
    months: int,
    login_log_months: int,
    now: datetime.datetime | None = None,
    dry_run: bool = False,
    using: str = DEFAULT_DB_ALIAS,
) -> PruneResult:
    """Delete the records from before `months` ago (from midnight), and axes' older rows."""
    check_months(months, login_log_months)
    now = now or timezone.now()
    cutoff = _months_before(now, months)
    login_cutoff = _months_before(now, login_log_months)
    old = AccessRecord.objects.using(using).filter(at__lt=cutoff)
    axes = [
        AccessAttempt.objects.using(using).filter(attempt_time__lt=login_cutoff),
        AccessFailureLog.objects.using(using).filter(attempt_time__lt=login_cutoff),
        AccessLog.objects.using(using).filter(attempt_time__lt=login_cutoff),
    ]
    if dry_run:
        return PruneResult(
            cutoff, login_cutoff, old.count(), sum(q.count() for q in axes), dry_run=True
        )
    connection = connections[using]
    with transaction.atomic(using=using), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # For this transaction only: the trigger's permission to prune.
            cursor.execute("SELECT set_config(%s, 'on', true)", [PRUNE_VARIABLE])
        # Past the model, which refuses every delete: this is the one way out.
        cursor.execute("DELETE FROM audit_accessrecord WHERE at < %s", [cutoff])
        records = cursor.rowcount
        login_rows = sum(q.delete()[0] for q in axes)
    return PruneResult(cutoff, login_cutoff, records, login_rows, dry_run=False)
