"""Sessions: a new key at login, the office's idle timeout, the absolute lifetime."""

from __future__ import annotations

import datetime
from importlib import import_module

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from django.utils import timezone

from borgerraadgiver.accounts.models import OfficeSessionPolicy
from borgerraadgiver.accounts.services import session_policy_set
from borgerraadgiver.offices.models import User
from tests.factories import make_user

from .auth import password_login, verified_login

pytestmark = pytest.mark.security

WORKLIST = reverse("inquiries:worklist")
MINUTE = datetime.timedelta(minutes=1)


def store():
    return import_module(settings.SESSION_ENGINE).SessionStore


def test_login_gives_the_session_a_new_key(client, advisor):
    # A session the browser had before logging in (one an attacker may have planted).
    before = store()()
    before["planted"] = True
    before.create()
    client.cookies[settings.SESSION_COOKIE_NAME] = before.session_key

    response = password_login(client, advisor)
    assert response.status_code == 302
    after = response.cookies[settings.SESSION_COOKIE_NAME].value
    assert after and after != before.session_key
    assert not store()().exists(before.session_key)
    assert store()(after).get(SESSION_KEY) == str(advisor.pk)


def test_an_idle_session_ends_after_thirty_minutes_by_default(client, advisor):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        password_login(client, advisor)
        clock.move_to(start + 29 * MINUTE)
        assert client.get(WORKLIST).status_code == 200
        # Each click counts: 29 minutes after the last one the session still holds.
        clock.move_to(start + 58 * MINUTE)
        assert client.get(WORKLIST).status_code == 200

        clock.move_to(start + 89 * MINUTE)
        response = client.get(WORKLIST)
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('login')}?next={WORKLIST.replace('/', '%2F')}"
        page = client.get(response["Location"])
        assert "ikke har brugt systemet i 30 minutter" in page.content.decode()
        # Logged out for good, not only sent away once.
        assert client.get(WORKLIST).status_code == 302
        assert SESSION_KEY not in client.session


def test_the_office_sets_its_own_idle_timeout(client, office, advisor, advisor_other):
    session_policy_set(office=office, idle_timeout_minutes=10)
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        password_login(client, advisor)
        other = type(client)()
        password_login(other, advisor_other)
        clock.move_to(start + 11 * MINUTE)
        response = client.get(WORKLIST)
        assert response.status_code == 302
        assert "10 minutter" in client.get(response["Location"]).content.decode()
        # Another office keeps the default.
        assert other.get(WORKLIST).status_code == 200


def test_the_absolute_lifetime_ends_even_a_busy_session(client, advisor):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        password_login(client, advisor)
        for minutes in range(20, 10 * 60, 20):
            clock.move_to(start + minutes * MINUTE)
            assert client.get(WORKLIST).status_code == 200, minutes
        clock.move_to(start + (10 * 60 + 1) * MINUTE)
        response = client.get(WORKLIST)
        assert response.status_code == 302
        page = client.get(response["Location"])
        assert "logget ind i mere end 10 timer" in page.content.decode()


def test_an_htmx_request_after_the_timeout_takes_the_whole_page_to_login(client, advisor):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        password_login(client, advisor)
        clock.move_to(start + 31 * MINUTE)
        response = client.get(WORKLIST, headers={"HX-Request": "true"})
        assert response.status_code == 200
        assert response["HX-Redirect"] == reverse("login")


def test_an_office_administrator_sets_the_idle_timeout(client, office):
    admin = make_user("admin", office, role=User.Role.OFFICE_ADMIN)
    verified_login(client, admin)
    url = reverse("accounts:session_policy")
    page = client.get(url)
    assert page.status_code == 200
    assert 'value="30"' in page.content.decode()

    refused = client.post(url, {"idle_timeout_minutes": "2"})
    assert refused.status_code == 200
    assert "Mindst 5 minutter" in refused.content.decode()
    assert not OfficeSessionPolicy.objects.exists()

    assert client.post(url, {"idle_timeout_minutes": "15"}).status_code == 302
    assert OfficeSessionPolicy.objects.get(office=office).idle_timeout_minutes == 15


@pytest.mark.parametrize("role", [User.Role.SECRETARY, User.Role.READER])
def test_roles_without_the_settings_may_not_set_the_idle_timeout(client, office, role):
    client.force_login(make_user("person", office, role=role))
    url = reverse("accounts:session_policy")
    assert client.get(url).status_code == 403
    assert client.post(url, {"idle_timeout_minutes": "480"}).status_code == 403
    assert not OfficeSessionPolicy.objects.exists()
