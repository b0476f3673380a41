"""The security headers and cookies of every page, walked from the URL configuration.

The tests run with the production settings except the two that need TLS
(secure cookies, the redirect to https); test_deploy.py checks those in a
process of its own with nothing but SECRET_KEY and ALLOWED_HOSTS set.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.http import HttpResponse, HttpResponseBase
from django.templatetags.static import static
from django.test import RequestFactory
from django.urls import reverse

from borgerraadgiver.core.middleware import NoStoreForUsersMiddleware
from tests.factories import PASSWORD

from .routes import route_urls

pytestmark = pytest.mark.security

ONE_YEAR = 365 * 24 * 3600


def csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


class InlineCode(HTMLParser):
    """Collects everything in a page that a CSP without 'unsafe-inline' refuses."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        if tag == "script" and not names.get("src"):
            self.found.append("inline <script>")
        if tag == "script" and (names.get("src") or "").startswith("//"):
            self.found.append(f"script from another origin: {names['src']}")
        if tag == "style":
            self.found.append("<style> element")
        for name, value in attrs:
            if name.startswith("on") or name.startswith("hx-on"):
                self.found.append(f"<{tag} {name}=...> event handler")
            if name == "style":
                self.found.append(f"<{tag} style=...> attribute")
            if (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}=javascript:...>")


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    return parser.found


def assert_hardened(response: HttpResponseBase, where: str) -> None:
    """The headers every answer carries, whatever its status or type."""
    assert response["X-Frame-Options"] == "DENY", where
    assert response["X-Content-Type-Options"] == "nosniff", where
    assert response["Referrer-Policy"] == "same-origin", where
    assert response["Cross-Origin-Opener-Policy"] == "same-origin", where
    hsts = response.get("Strict-Transport-Security", "")
    assert hsts.startswith("max-age=") and int(hsts.split(";")[0][8:]) >= ONE_YEAR, where
    assert "includeSubDomains" in hsts, where
    policy = csp_directives(response.get("Content-Security-Policy", ""))
    scripts = policy.get("script-src", policy.get("default-src"))
    assert scripts, f"{where}: no script policy"
    assert not {"'unsafe-inline'", "'unsafe-eval'", "*"} & set(scripts), where
    if response.get("Content-Type", "").startswith("text/html"):
        assert policy["default-src"] == ["'self'"], where
        assert policy["script-src"] == ["'self'"], where
        assert policy["style-src"] == ["'self'"], where
        assert policy["object-src"] == ["'none'"], where
        assert policy["base-uri"] == ["'none'"], where
        assert policy["frame-ancestors"] == ["'none'"], where


def test_every_page_a_user_opens_carries_the_security_headers_and_no_store(
    client, walker, own_objects
):
    client.force_login(walker)
    answers = html_pages = 0
    for _name, url in route_urls(own_objects):
        for htmx in (False, True):
            headers = {"HX-Request": "true"} if htmx else {}
            response = client.get(url, secure=True, headers=headers)
            where = f"GET {url}{' (htmx)' if htmx else ''} -> {response.status_code}"
            assert_hardened(response, where)
            assert "no-store" in response["Cache-Control"], where
            assert "private" in response["Cache-Control"], where
            answers += 1
            if response.get("Content-Type", "").startswith("text/html"):
                assert inline_code(response.content.decode()) == [], where
                html_pages += response.status_code == 200
    assert answers > 40
    assert html_pages > (15 if walker.office else 1)


def test_full_pages_configure_htmx_for_the_csp(client, advisor):
    client.force_login(advisor)
    html = client.get(reverse("inquiries:worklist")).content.decode()
    assert '"includeIndicatorStyles":false' in html
    assert '"allowEval":false' in html
    assert '"historyCacheSize":0' in html
    assert "htmx-indicator" in (settings.BASE_DIR / "core/static/core/app.css").read_text()


def test_the_login_page_carries_the_security_headers(client):
    response = client.get(reverse("login"), secure=True)
    assert response.status_code == 200
    assert_hardened(response, "login")
    assert inline_code(response.content.decode()) == []


def test_static_files_stay_cacheable_for_a_logged_in_user(client, advisor):
    client.force_login(advisor)
    response = client.get(static("core/app.css"))
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_a_views_own_caching_header_gives_way_to_no_store_for_a_user(advisor):
    request = RequestFactory().get("/")
    request.user = advisor

    def view(_request):
        response = HttpResponse("figur")
        response["Cache-Control"] = "private, max-age=86400"
        return response

    response = NoStoreForUsersMiddleware(view)(request)
    assert "no-store" in response["Cache-Control"]
    assert "max-age=0" in response["Cache-Control"]


def test_login_sets_httponly_samesite_cookies(client, advisor):
    client.get(reverse("login"))
    response = client.post(reverse("login"), {"username": advisor.username, "password": PASSWORD})
    assert response.status_code == 302
    session = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session["httponly"] is True
    assert session["samesite"] == "Lax"
    csrf = client.cookies[settings.CSRF_COOKIE_NAME]
    assert csrf["httponly"] is True
    assert csrf["samesite"] == "Lax"
