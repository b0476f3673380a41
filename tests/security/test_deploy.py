"""Production is the default: a fresh process with only SECRET_KEY and ALLOWED_HOSTS.

Each test starts the app in a subprocess with a clean environment, so neither
pytest nor the developer's shell can lend it a setting.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytestmark = pytest.mark.security

HOST = "borgerraadgiver.kommune.example"


def clean_env(**extra: str) -> dict[str, str]:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8"}
    env.update(extra)
    return env


def run(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=300
    )


def test_check_deploy_passes_with_only_secret_key_and_allowed_hosts(tmp_path):
    env = clean_env(SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS=HOST)
    result = run(
        ["-m", "borgerraadgiver", "check", "--deploy", "--fail-level", "WARNING"], env, tmp_path
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_would_catch_a_weakened_setting(tmp_path):
    """The check above can fail: switching a default off makes it fail."""
    env = clean_env(
        SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS=HOST, SECURE_HSTS_SECONDS="0"
    )
    result = run(
        ["-m", "borgerraadgiver", "check", "--deploy", "--fail-level", "WARNING"], env, tmp_path
    )
    assert result.returncode != 0
    assert "security.W004" in result.stderr + result.stdout


# Run inside the subprocess: set up as a deployment does (migrate a fresh SQLite
# database, collect the static files), log in over the proxy's https and report
# what the browser would have been told.
PROBE = textwrap.dedent(
    """
    import json, os, sys
    import django
    # What the borgerraadgiver command and wsgi.py do; not an extra setting.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "borgerraadgiver.settings")
    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from borgerraadgiver.offices.models import User

    host = sys.argv[1]
    call_command("migrate", verbosity=0, interactive=False)
    if not settings.DEBUG:
        call_command("collectstatic", verbosity=0, interactive=False)
    User.objects.create_user(username="proxy", password="lang-nok-adgangskode-47")
    client = Client(HTTP_HOST=host)

    def cookies(response):
        return {
            name: {k: str(v) for k, v in morsel.items() if v}
            for name, morsel in response.cookies.items()
        }

    plain = client.get("/log-ind/")
    proxied = {"HTTP_X_FORWARDED_PROTO": "https"}
    page = client.get("/log-ind/", **proxied)
    login = client.post(
        "/log-ind/", {"username": "proxy", "password": "lang-nok-adgangskode-47"}, **proxied
    )
    print(json.dumps({
        "plain": {"status": plain.status_code, "location": plain.get("Location", "")},
        "page": {"status": page.status_code, "headers": dict(page.headers),
                 "cookies": cookies(page)},
        "login": {"status": login.status_code, "cookies": cookies(login),
                  "headers": dict(login.headers)},
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "csrf_cookie": settings.CSRF_COOKIE_NAME,
    }))
    """
)


def probe(tmp_path: Path, host: str, **extra: str) -> dict:
    env = clean_env(VAR_DIR=str(tmp_path / "var"), **extra)
    result = run(["-c", PROBE, host], env, tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_redirects_to_https_and_sets_secure_host_only_cookies(tmp_path):
    seen = probe(tmp_path, HOST, SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS=HOST)

    assert seen["plain"]["status"] == 301
    assert seen["plain"]["location"] == f"https://{HOST}/log-ind/"

    # Behind the TLS-terminating proxy (X-Forwarded-Proto: https) the page is served.
    assert seen["page"]["status"] == 200
    headers = seen["page"]["headers"]
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"

    assert seen["session_cookie"] == "__Host-sessionid"
    assert seen["csrf_cookie"] == "__Host-csrftoken"
    csrf = seen["page"]["cookies"]["__Host-csrftoken"]
    session = seen["login"]["cookies"]["__Host-sessionid"]
    for cookie in (csrf, session):
        assert cookie["secure"] == "True"
        assert cookie["httponly"] == "True"
        assert cookie["samesite"] == "Lax"
        assert cookie["path"] == "/"
        assert "domain" not in cookie  # __Host- cookies may not name a domain
    assert seen["login"]["status"] == 302
    assert "no-store" in seen["login"]["headers"]["Cache-Control"]


def test_debug_serves_plain_http_on_localhost(tmp_path):
    seen = probe(tmp_path, "localhost", DEBUG="1")
    assert seen["plain"]["status"] == 200
    assert seen["session_cookie"] == "sessionid"
    assert "secure" not in seen["page"]["cookies"]["csrftoken"]
    assert "secure" not in seen["login"]["cookies"]["sessionid"]
    # The CSP holds in development too, so a violation shows up before production.
    assert "script-src 'self'" in seen["page"]["headers"]["Content-Security-Policy"]
