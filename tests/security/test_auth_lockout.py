"""Login throttling and lockout (django-axes): 5 failures per username and address."""

from __future__ import annotations

import datetime
import logging

import pytest
import time_machine
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD, make_user

from .auth import password_login

pytestmark = pytest.mark.security

WRONG = "forkert-adgangskode-1"


def wrong_login(client, username: str, **extra):
    return client.post(reverse("login"), {"username": username, "password": WRONG}, **extra)


def logged_in(client) -> bool:
    return client.get(reverse("inquiries:worklist")).status_code == 200


def test_five_wrong_passwords_lock_the_user_out_for_thirty_minutes(client, advisor):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        for attempt in range(1, 6):
            response = wrong_login(client, advisor.username)
            assert response.status_code == (429 if attempt == 5 else 200), attempt
        assert "midlertidigt spærret" in response.content.decode()
        assert "30 minutter" in response.content.decode()

        # The right password does not open the lock.
        locked = password_login(client, advisor)
        assert locked.status_code == 429
        assert not logged_in(client)

        clock.move_to(start + datetime.timedelta(minutes=29))
        assert password_login(client, advisor).status_code == 429

        clock.move_to(start + datetime.timedelta(minutes=31))
        opened = password_login(client, advisor)
        assert opened.status_code == 302
        assert logged_in(client)


def test_the_lock_holds_one_username_from_one_address(client, office, advisor):
    for _ in range(5):
        wrong_login(client, advisor.username)
    assert password_login(client, advisor).status_code == 429
    # The same user from another address, another user from the same address.
    assert password_login(client, advisor, REMOTE_ADDR="10.0.0.9").status_code == 302
    colleague = make_user("kollega", office)
    assert password_login(type(client)(), colleague).status_code == 302


def test_a_successful_login_starts_the_count_again(client, advisor):
    for _ in range(4):
        wrong_login(client, advisor.username)
    assert password_login(client, advisor).status_code == 302
    client.post(reverse("logout"))
    for _ in range(4):
        wrong_login(client, advisor.username)
    assert password_login(client, advisor).status_code == 302


def test_rejected_logins_are_recorded_and_logged_without_the_password(client, advisor, caplog):
    caplog.set_level(logging.INFO)
    for _ in range(5):
        wrong_login(client, advisor.username)
    attempt = AccessAttempt.objects.get()
    assert attempt.username == advisor.username
    assert attempt.failures_since_start == 5
    assert WRONG not in attempt.post_data
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert any("login failure" in r.getMessage() for r in warnings)
    assert any("Locking out" in r.getMessage() for r in warnings)
    for record in caplog.records:
        text = record.getMessage()
        assert WRONG not in text and PASSWORD not in text, text
        # Names stay out of the log as well (masked by AXES_SENSITIVE_PARAMETERS).
        assert advisor.username not in text, text


def test_the_address_behind_the_proxy_is_used_only_when_trusted(client, settings, advisor):
    for i in range(5):
        wrong_login(client, advisor.username, HTTP_X_FORWARDED_FOR=f"198.51.100.{i}")
    # Untrusted, the forged header is ignored: all five came from one address.
    assert password_login(client, advisor).status_code == 429

    settings.TRUST_X_FORWARDED_FOR = True
    forwarded = {"HTTP_X_FORWARDED_FOR": "203.0.113.7, 192.0.2.1"}
    for _ in range(5):
        wrong_login(client, "bente", **forwarded)
    assert password_login(client, advisor, HTTP_X_FORWARDED_FOR="192.0.2.2").status_code == 302
    assert AccessAttempt.objects.filter(username="bente", ip_address="192.0.2.1").exists()
