"""No open redirect: `next` leads only to a page of this site."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from tests.factories import PASSWORD

pytestmark = pytest.mark.security

FOREIGN = [
    "https://evil.example/",
    "http://evil.example/log-ind/",
    "//evil.example/",
    "///evil.example/",
    "/\\evil.example/",
    "\\\\evil.example/",
    "https:evil.example",
    " https://evil.example/",
    "https://testserver@evil.example/",
    "javascript:alert(1)",
]


def assert_stays_here(location: str) -> None:
    assert location.startswith("/") and not location.startswith(("//", "/\\")), location
    assert url_has_allowed_host_and_scheme(location, allowed_hosts={"testserver"}), location


@pytest.mark.parametrize("target", FOREIGN)
def test_login_ignores_a_next_that_leaves_the_site(client, advisor, target):
    response = client.post(
        reverse("login"), {"username": advisor.username, "password": PASSWORD, "next": target}
    )
    assert response.status_code == 302
    assert_stays_here(response["Location"])
    assert response["Location"] == reverse(settings.LOGIN_REDIRECT_URL)


@pytest.mark.parametrize("target", FOREIGN)
def test_a_logged_in_user_sent_to_login_is_not_sent_away(client, advisor, target):
    client.force_login(advisor)
    response = client.get(reverse("login"), {"next": target})
    assert response.status_code == 302
    assert_stays_here(response["Location"])


@pytest.mark.parametrize("target", FOREIGN)
def test_logout_ignores_a_next_that_leaves_the_site(client, advisor, target):
    client.force_login(advisor)
    response = client.post(reverse("logout"), {"next": target})
    assert response.status_code == 302
    assert_stays_here(response["Location"])


def test_login_follows_a_next_within_the_site(client, advisor):
    """The refusals above are of the foreign address, not of `next` as such."""
    target = reverse("inquiries:list")
    response = client.post(
        reverse("login"), {"username": advisor.username, "password": PASSWORD, "next": target}
    )
    assert response["Location"] == target
