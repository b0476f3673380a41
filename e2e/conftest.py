"""Playwright against Debian's chromium (never a downloaded browser).

The sync API runs an event loop in the test thread, which makes Django think
ORM calls from the test are async: the tests own that thread, so the guard is
lifted for them.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from playwright.sync_api import Page, sync_playwright  # noqa: E402

from tests.factories import PASSWORD  # noqa: E402

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    executable = shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def csp_violations(page: Page) -> list[str]:
    """The page's Content-Security-Policy refusals, collected as chromium reports them.

    Chromium logs every refusal (an inline script or style, an eval, a
    resource from elsewhere) as a console error; the list grows across
    navigations for as long as the page lives.
    """
    found: list[str] = []

    def on_console(message) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            found.append(f"{page.url}: {message.text}")

    page.on("console", on_console)
    return found


@pytest.fixture
def page(browser, live_server):
    # No bypass_csp: the pages are tested under the policy they are served with
    # (axe-core is evaluated through the DevTools protocol, which the CSP allows).
    context = browser.new_context(
        base_url=live_server.url, locale="da-DK", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    refused = csp_violations(page)
    yield page
    context.close()
    assert refused == [], "\n".join(refused)


def login(page: Page, username: str) -> None:
    """Log in with the password and land on the first page after the login page.

    The browser tests run with two-factor off, the test settings' default (as
    in `make run`): a test about something else need not play the app.
    e2e/test_two_factor.py switches it on; there this lands on the two-factor page.
    """
    page.goto("/log-ind/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/log-ind/" not in url)


def assert_accessible(page: Page) -> None:
    """axe-core, WCAG 2.1 A and AA: no violations on the page as it is now.

    Evaluated through the DevTools protocol, so the page's CSP does not block it.
    """
    page.evaluate(AXE)
    result = page.evaluate(
        """async () => await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"""
    )
    violations = [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]
    assert violations == [], json.dumps(violations, indent=1, ensure_ascii=False)
