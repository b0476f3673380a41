"""Only a POST with a CSRF token changes anything: every route, from the URL configuration.

A GET or HEAD to any route leaves every table as it was; a POST, PUT, PATCH or
DELETE without the token is refused before the view runs, and changes nothing.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.test import Client
from django.urls import reverse

from borgerraadgiver.casework.selectors import casework_settings, office_calendar
from borgerraadgiver.reports.services import report_settings_for
from tests.factories import PASSWORD

from .routes import route_urls

pytestmark = pytest.mark.security

# Tables a read may write by design: the session (messages, an import's
# preview), the audit trail of who read what, the login throttle's log, and
# the report's month cache (counts a report computes once and keeps).
READ_LOGS = re.compile(r"^sessions\.|audit|^axes\.|^reports\.MonthFacts$", re.IGNORECASE)
UNSAFE_METHODS = ("post", "put", "patch", "delete")


def snapshot() -> dict[str, list[Any]]:
    """Every row of every table the app keeps, bar the read logs."""
    rows = {}
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed or READ_LOGS.search(meta.label):
            continue
        rows[meta.label] = list(model._base_manager.order_by("pk").values_list())
    return rows


def changed(before: dict[str, list[Any]], after: dict[str, list[Any]]) -> list[str]:
    return [label for label in before if before[label] != after[label]]


def test_snapshot_sees_a_change(advisor, own_objects):
    before = snapshot()
    advisor.first_name = "Ændret"
    advisor.save()
    assert changed(before, snapshot()) == ["offices.User"]


def test_no_get_or_head_to_any_route_changes_data(client, walker, own_objects, office):
    # The first report an office opens stores its preset's counting rules, and
    # the first case page its casework rules and calendar: defaults, not a
    # change anyone asked for. Stored here, before the snapshot.
    report_settings_for(office)
    casework_settings(office)
    office_calendar(office)
    client.force_login(walker)
    before = snapshot()
    routes = set()
    for name, url in route_urls(own_objects):
        for method in ("get", "head"):
            getattr(client, method)(url)
            assert changed(before, snapshot()) == [], f"{method.upper()} {url} changed data"
        routes.add(name)
    assert len(routes) > 20


def test_every_route_refuses_an_unsafe_method_without_a_csrf_token(advisor, own_objects):
    client = Client(enforce_csrf_checks=True)
    client.force_login(advisor)
    before = snapshot()
    refused = 0
    for _name, url in route_urls(own_objects):
        for method in UNSAFE_METHODS:
            response = getattr(client, method)(url, data={"text": "uden token"})
            where = f"{method.upper()} {url}"
            assert response.status_code == 403, f"{where}: {response.status_code}"
            assert b"CSRF" in response.content, where
            refused += 1
    assert changed(before, snapshot()) == []
    assert refused > 100


def test_login_without_a_csrf_token_is_refused_and_with_one_succeeds(advisor):
    client = Client(enforce_csrf_checks=True)
    credentials = {"username": advisor.username, "password": PASSWORD}
    refused = client.post(reverse("login"), credentials)
    assert refused.status_code == 403
    assert b"CSRF" in refused.content

    client.get(reverse("login"))
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    accepted = client.post(reverse("login"), {**credentials, "csrfmiddlewaretoken": token})
    assert accepted.status_code == 302
