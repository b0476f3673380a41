"""Rejected logins in the audit trail, and the prune that keeps the trail no longer than set.

The trail is kept AUDIT_RETENTION_MONTHS (never under six months) and then
removed by `borgerraadgiver audit_prune`, run as the tables' owner. On
PostgreSQL the trigger lets a DELETE through only in the prune's session and
only for rows older than six months; the application's role cannot delete at all.
"""

from __future__ import annotations

import datetime
import io
import uuid

import pytest
from axes.models import AccessLog
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from borgerraadgiver.audit.models import AccessRecord, Action, Purpose
from borgerraadgiver.offices.models import User
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.security

WRONG = "forkert-adgangskode-1"
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigger and the roles are PostgreSQL's"
)


def _refused_logins():
    return AccessRecord.objects.filter(action=Action.REFUSED, object_type="login")


# --- rejected logins ---


def test_a_wrong_password_is_recorded_with_the_name_time_path_and_office_never_the_password(
    client, office, advisor
):
    before = timezone.now()
    response = client.post(reverse("login"), {"username": advisor.username, "password": WRONG})

    assert response.status_code == 200
    record = _refused_logins().get()
    assert record.user is None
    assert record.username == advisor.username
    assert record.office == office
    assert record.purpose == Purpose.LOGIN
    assert record.path == reverse("login")
    assert record.at >= before
    stored = " ".join(str(v) for v in AccessRecord.objects.values_list().get())
    assert WRONG not in stored


def test_an_unknown_username_is_recorded_without_an_office(client, office):
    client.post(reverse("login"), {"username": "  ukendt   bruger ", "password": WRONG})
    record = _refused_logins().get()
    assert (record.username, record.office_id, record.user_id) == ("ukendt bruger", None, None)


def test_a_locked_out_attempt_is_recorded_too_and_a_good_login_is_not(client, advisor):
    for _ in range(5):
        client.post(reverse("login"), {"username": advisor.username, "password": WRONG})
    locked = client.post(reverse("login"), {"username": advisor.username, "password": PASSWORD})
    assert locked.status_code == 429
    assert _refused_logins().count() == 6

    colleague = make_user("kollega", advisor.office)
    ok = client.post(reverse("login"), {"username": colleague.username, "password": PASSWORD})
    assert ok.status_code == 302
    assert _refused_logins().count() == 6


def test_the_office_administrator_sees_rejected_logins_on_the_offices_accounts(
    client, office, other_office, advisor
):
    stranger = make_user("fremmed", other_office)
    client.post(reverse("login"), {"username": advisor.username, "password": WRONG})
    client.post(reverse("login"), {"username": stranger.username, "password": WRONG})
    admin = make_user("anne", office, role=User.Role.OFFICE_ADMIN)
    client.force_login(admin)

    page = client.get(reverse("audit:log"), {"action": Action.REFUSED}).content.decode()
    csv_text = client.get(reverse("audit:log"), {"format": "csv"}).getvalue().decode()

    assert advisor.username in page and "Login" in page
    assert stranger.username not in page
    assert advisor.username in csv_text and stranger.username not in csv_text


def test_a_record_without_user_must_name_the_username_tried(office):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError), transaction.atomic():
        AccessRecord.objects.create(
            user=None, office=None, action=Action.REFUSED, purpose=Purpose.LOGIN, path="/"
        )


# --- prune ---


def _aged(user: User, months: float) -> AccessRecord:
    return AccessRecord.objects.create(
        at=timezone.now() - datetime.timedelta(days=31 * months),
        user=user,
        office=user.office,
        action=Action.READ,
        object_type="inquiry",
        object_uid=uuid.uuid4(),
        purpose=Purpose.CASEWORK,
        path="/henvendelser/",
    )


@pytest.fixture
def aged(advisor) -> dict[str, AccessRecord]:
    return {
        "40 months": _aged(advisor, 40),
        "8 months": _aged(advisor, 8),
        "1 day": _aged(advisor, 1 / 31),
    }


def _prune(*args: str) -> str:
    out = io.StringIO()
    call_command("audit_prune", *args, stdout=out)
    return out.getvalue()


def test_the_prune_removes_only_records_older_than_the_retention(settings, aged):
    settings.AUDIT_RETENTION_MONTHS = 36
    output = _prune()
    assert "slettede 1 post(er)" in output
    assert set(AccessRecord.objects.values_list("pk", flat=True)) == {
        aged["8 months"].pk,
        aged["1 day"].pk,
    }

    _prune("--months", "6")
    assert list(AccessRecord.objects.values_list("pk", flat=True)) == [aged["1 day"].pk]


def test_the_dry_run_counts_and_removes_nothing(aged):
    output = _prune("--dry-run", "--months", "6")
    assert "ville slette 2 post(er)" in output
    assert "Prøvekørsel" in output
    assert AccessRecord.objects.count() == 3


@pytest.mark.parametrize("months", ["5", "0"])
def test_the_prune_refuses_a_retention_under_six_months(settings, aged, months):
    with pytest.raises(CommandError, match="mindst 6 måneder"):
        _prune("--months", months)
    settings.AUDIT_RETENTION_MONTHS = int(months)
    with pytest.raises(CommandError, match="mindst 6 måneder"):
        _prune()
    assert AccessRecord.objects.count() == 3


def test_the_prune_removes_old_axes_login_logs_by_their_own_shorter_setting(settings, advisor):
    settings.AUDIT_RETENTION_MONTHS = 36
    settings.LOGIN_LOG_RETENTION_MONTHS = 3
    for days in (200, 10):
        log = AccessLog.objects.create(
            username=advisor.username, ip_address="10.0.0.1", user_agent="t", http_accept="*/*"
        )
        AccessLog.objects.filter(pk=log.pk).update(
            attempt_time=timezone.now() - datetime.timedelta(days=days)
        )
    output = _prune()
    assert "Login-log: slettede 1 post(er)" in output
    assert AccessLog.objects.count() == 1


# --- PostgreSQL: the trigger's narrow door ---


def _raw_delete(record_id: int, *, prune_on: bool) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        if prune_on:
            cursor.execute("SELECT set_config('borgerraadgiver.audit_prune', 'on', true)")
        cursor.execute("DELETE FROM audit_accessrecord WHERE id = %s", [record_id])


@on_postgresql
def test_the_trigger_refuses_a_delete_outside_the_prune_even_of_an_old_record(aged):
    with pytest.raises(DatabaseError, match="append-only"):
        _raw_delete(aged["40 months"].pk, prune_on=False)
    assert AccessRecord.objects.filter(pk=aged["40 months"].pk).exists()


@on_postgresql
def test_the_trigger_refuses_to_prune_a_record_younger_than_six_months(aged):
    young = _aged(aged["1 day"].user, 5)
    for record in (young, aged["1 day"]):
        with pytest.raises(DatabaseError, match="append-only"):
            _raw_delete(record.pk, prune_on=True)
    _raw_delete(aged["8 months"].pk, prune_on=True)
    assert AccessRecord.objects.count() == 3  # 40 months, 1 day, 5 months


@on_postgresql
def test_the_trigger_still_refuses_every_update_in_the_prunes_session(aged):
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("SELECT set_config('borgerraadgiver.audit_prune', 'on', true)")
        cursor.execute(
            "UPDATE audit_accessrecord SET term = 'x' WHERE id = %s", [aged["40 months"].pk]
        )


@on_postgresql
def test_the_app_role_cannot_run_the_prune(aged):
    role = f"prune_test_{uuid.uuid4().hex[:12]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE ROLE "{role}" NOLOGIN')
    call_command("rls_grant", role, stdout=io.StringIO())
    with connection.cursor() as cursor:
        cursor.execute(f'SET ROLE "{role}"')
    try:
        with pytest.raises(CommandError, match="ejer"):
            _prune("--months", "6")
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")
    assert AccessRecord.objects.count() == 3
